package markdown

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"gongkai/generator/docno"
)

// findLinker links every number docno.Find sees in a run of text.
func findLinker(s string) []Span {
	var out []Span
	for _, m := range docno.Find(s) {
		out = append(out, Span{Start: m.Start, End: m.End, URL: "/n/"})
	}
	return out
}

// The numbers found in the masked body are the numbers the page links
// (issue 3: the graph and the page must agree).
func TestMaskCodeAgreesWithPage(t *testing.T) {
	const n = "沈政发〔2017〕45号"
	for _, c := range []struct {
		body string
		want int // numbers outside code and comments
	}{
		{"依据" + n + "执行。", 1},
		{"```\n" + n + "\n```\n依据" + n + "。", 1},
		{"~~~~ text\n" + n + "\n~~~\n" + n + "\n~~~~\n", 0},
		{"```\n" + n + "\n", 0}, // unclosed fence: to the end
		{"见`" + n + "`和``" + n + "``，另见" + n + "。", 1},
		{"见``" + n + "`不闭合" + n + "。", 2},
		{"见\\`" + n + "`。", 1},
		{"注释<!-- " + n + " -->之后" + n + "。", 1},
		{"<!--\n" + n + "\n-->\n\n" + n, 1},
		{"段落\n\n    " + n + "\n\n" + n, 1},
		{"段落\n    " + n + "（续行，不是代码）", 1},
		{"1. 第一项\n\n   " + n + "（列表内的段落）\n\n       " + n + "（列表内的代码）", 1},
		{"- 项目\n\n  ```\n  " + n + "\n  ```\n\n  " + n, 1},
		{"　　" + n + "（全角空格缩进的正文）", 1},
		{"\t" + n + "\n\n" + n, 1},
		{"见`" + n + "\n\n`" + n, 2}, // a blank line ends the paragraph: no span
		// HTML blocks are dropped from the page, text and all.
		{"<div>\n" + n + "\n</div>\n\n" + n, 1},
		{"正文\n<div>\n" + n + "\n</div>\n\n" + n, 1}, // a block-level tag interrupts a paragraph
		{"<div class=\"x\">" + n + "</div>\n\n" + n, 1},
		{"<my-box>\n" + n + "\n\n" + n, 1}, // any tag alone on its line, after a blank line
		{"<span>" + n + "</span>\n", 1},    // inline HTML: the text stays
		{"正文\n<span>x</span>\n" + n, 1},    // a lone inline tag does not interrupt a paragraph
	} {
		res, err := New().Render([]byte(c.body), findLinker)
		if err != nil {
			t.Fatal(err)
		}
		linked := strings.Count(string(res.HTML), `<a href="/n/">`)
		masked := MaskCode([]byte(c.body))
		found := len(docno.Find(string(masked)))
		if linked != c.want || found != c.want {
			t.Errorf("%q: page links %d, masked body has %d, want %d\nmasked: %q\nhtml: %s", c.body, linked, found, c.want, masked, res.HTML)
		}
		if len(masked) != len(c.body) || bytes.Count(masked, []byte("\n")) != strings.Count(c.body, "\n") {
			t.Errorf("%q: masked %q changes offsets or lines", c.body, masked)
		}
	}
}

func TestMaskCodeNoCopy(t *testing.T) {
	b := []byte("正文没有代码。\n　　第二段。")
	if m := MaskCode(b); &m[0] != &b[0] {
		t.Error("a body without code was copied")
	}
}

// FuzzMaskCode: never panics; keeps the length, every line break and the
// number of characters (with the line breaks: the columns).
func FuzzMaskCode(f *testing.F) {
	for _, s := range []string{"```\n沈政发〔2017〕45号\n```", "a`b`c", "<!-- x", "- a\n\n      b", "\t`", "``\n`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := MaskCode([]byte(s))
		if len(m) != len(s) {
			t.Fatalf("length %d → %d", len(s), len(m))
		}
		for i := range len(s) {
			if (s[i] == '\n') != (m[i] == '\n') {
				t.Fatalf("line break moved at %d: %q → %q", i, s, m)
			}
		}
		if utf8.ValidString(s) && utf8.RuneCount(m) != utf8.RuneCountInString(s) {
			t.Fatalf("characters %d → %d: %q → %q", utf8.RuneCountInString(s), utf8.RuneCount(m), s, m)
		}
	})
}
