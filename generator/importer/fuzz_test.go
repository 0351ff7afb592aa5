package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// fuzzSeeds are the sample texts plus short forms that exercise each rule.
func fuzzSeeds(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.txt"))
	if len(names) != 5 {
		f.Fatalf("%d seed texts in ../../testdata/seeds, want 5", len(names))
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"第一篇:\n第二篇:",
		"沈政发〔2017〕45号《沈阳市人民政府关于印发沈阳市加强政务诚信建设工作方案的通知》\n",
		"文 号：成府发〔2018〕12号\n签发日期：2018-10-08\n",
		"序号\n任务事项\n牵头单位\n完成时限\n1\n\u00a0\n2\n年底前完成\n",
		"牵头\n单位\n序号\n任务\n1\n1\n1\n",
		"各市人民政府：\"引号\\反斜杠\t\x01控制字符",
		"某市人民政府 二〇一七年八月二十五日\n附件\n抄送：\n",
		"<p>&amp;&#0;&#x110000;</p>",
		"一、 二、 三、 (一) 1. (1) 第一章 第一条",
	} {
		f.Add([]byte(s))
	}
}

// FuzzImport: any input imports without panicking, twice to the same
// files; every file is valid UTF-8 and its TOML decodes.
func FuzzImport(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		in := []Input{{Name: "fuzz.txt", Data: data}}
		files, reps, err := Import(in, Options{})
		if err != nil {
			if len(files) != 0 || reps[0].Error == "" {
				t.Fatalf("error %v with %d files", err, len(files))
			}
			return
		}
		again, _, _ := Import(in, Options{})
		if len(again) != len(files) {
			t.Fatal("not deterministic")
		}
		for i, file := range files {
			if string(again[i].Data) != string(file.Data) || again[i].Path != file.Path {
				t.Fatalf("not deterministic: %s", file.Path)
			}
			checkFile(t, file)
		}
	})
}

func checkFile(t *testing.T, file File) {
	t.Helper()
	if !utf8.Valid(file.Data) {
		t.Fatalf("%s is not valid UTF-8", file.Path)
	}
	for _, r := range file.Path {
		if r >= 0x80 {
			t.Fatalf("path %q is not ASCII", file.Path)
		}
	}
	s := string(file.Data)
	var fm string
	switch {
	case strings.HasSuffix(file.Path, ".toml"):
		fm = s
	case strings.HasSuffix(file.Path, ".md"):
		if !strings.HasPrefix(s, "+++\n") {
			t.Fatalf("%s: no front matter", file.Path)
		}
		end := strings.Index(s[4:], "\n+++\n")
		if end < 0 {
			t.Fatalf("%s: front matter not closed", file.Path)
		}
		fm = s[4 : 4+end+1]
	default:
		t.Fatalf("unexpected file %s", file.Path)
	}
	var m map[string]any
	if _, err := toml.Decode(fm, &m); err != nil {
		t.Fatalf("%s: invalid TOML: %v\n%s", file.Path, err, fm)
	}
}

// FuzzSplit: the splitter keeps every line that is not debris in exactly
// one segment, in order.
func FuzzSplit(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return
		}
		p := prepare(string(data), nil)
		classify(p.lines)
		var want, got []*line
		for _, l := range p.lines {
			if !l.blank {
				want = append(want, l)
			}
		}
		for _, seg := range segmentLines(p.lines) {
			if len(seg.lines) == 0 {
				t.Fatal("empty segment")
			}
			for _, l := range seg.lines {
				if !l.blank {
					got = append(got, l)
				}
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d lines in segments, %d lines in input", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("line %d out of order", i)
			}
		}
	})
}

// FuzzExtract runs the line-level extractors on arbitrary lines: no
// panics, and the invariants they promise.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"辽宁省人民政府关于印发辽宁省加强政务诚信建设实施方案的通知 辽政发〔2017〕19号 各市人民政府,省政府各厅委、各直属机构:",
		"索  引  号：000014349/2016-00253\t主题分类：综合政务\\其他",
		"沈阳市人民政府　　2017年8月25日", "（一）指导思想。以……为指导。", "1.有关会议", "第一条　为了",
		"各区、县(市)人民政府,市政府各部门、各直属单位:现将", "-4-的政務誠信", "*_`[]<>|~&#\\",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r") {
			return // a line never holds a line break
		}
		l := newLine(s, 1, 0)
		if utf8.RuneCountInString(l.fold) != utf8.RuneCountInString(l.text) {
			t.Fatal("fold is not rune-aligned")
		}
		classifyOne(l)
		titleLike(l.fold)
		organLike(l.fold)
		if k := addresseeSplit(l.fold); k > utf8.RuneCountInString(s) {
			t.Fatalf("addressee split %d beyond the line", k)
		}
		label(l)
		docNoHead(s)
		organsFromTitle(s)
		pieces := splitFlattened(s)
		if strip(strings.Join(pieces, "")) != strip(s) {
			t.Fatalf("splitFlattened lost text: %q → %q", s, pieces)
		}
		if ls := splitLabels(s); ls != nil && strip(strings.Join(ls, "")) != strip(s) {
			t.Fatalf("splitLabels lost text: %q → %q", s, ls)
		}
		splitSignatures([]string{s})
		if strip(cleanSpaces(s)) != strip(s) {
			t.Fatalf("cleanSpaces changed text: %q", s)
		}
		for _, k := range []kind{kText, kH1, kH2, kH3, kArticle, kChapter} {
			out := renderNode(&node{kind: k, text: s, fold: l.fold}, true)
			if !utf8.ValidString(out) || strings.Contains(out, "\n") {
				t.Fatalf("render %q → %q", s, out)
			}
		}
		if got := unescape(escapeText(s)); got != s {
			t.Fatalf("escape is not reversible: %q → %q", s, got)
		}
	})
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0' || strings.ContainsRune("\n\v\f\r\u0085\u2028\u2029\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f", r) {
			return -1
		}
		return r
	}, s)
}

// unescape removes Markdown backslash escapes.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\*_`[]<>|~&#+-=.)", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
