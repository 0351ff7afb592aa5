package markdown

import (
	"strings"
	"testing"
)

func TestRenderChinese(t *testing.T) {
	r := New()
	body := "## 一、总体要求\n\n**（一）加强组织领导。**各地区要\n高度重视。\n\n## 一、总体要求\n\n<script>alert(1)</script>\n\n| 序号 | 任务 |\n|---|---|\n| 1 | 公开 |\n"
	res, err := r.Render([]byte(body), nil)
	if err != nil {
		t.Fatal(err)
	}
	html := string(res.HTML)
	for _, want := range []string{
		`<h2 id="一总体要求">一、总体要求</h2>`,
		`<h2 id="一总体要求-1">`,
		`<strong>（一）加强组织领导。</strong>各地区要高度重视。`,
		`<table>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, "**") {
		t.Errorf("raw HTML or literal asterisks in output:\n%s", html)
	}
	if !strings.Contains(res.Text, "各地区要高度重视。") {
		t.Errorf("plain text %q", res.Text)
	}
	if len(res.Headings) != 2 || res.Headings[0].Text != "一、总体要求" || res.Headings[0].ID != "一总体要求" {
		t.Errorf("headings %+v", res.Headings)
	}
}

func TestLinker(t *testing.T) {
	r := New()
	link := func(s string) []Span {
		i := strings.Index(s, "国发〔2016〕76号")
		if i < 0 {
			return nil
		}
		return []Span{{Start: i, End: i + len("国发〔2016〕76号"), URL: "/numbers/x/"}}
	}
	res, err := r.Render([]byte("根据（国发〔2016〕76号）精神，[已有链接 国发〔2016〕76号](/a/)。"), link)
	if err != nil {
		t.Fatal(err)
	}
	want := `根据（<a href="/numbers/x/">国发〔2016〕76号</a>）精神，<a href="/a/">已有链接 国发〔2016〕76号</a>。`
	if !strings.Contains(string(res.HTML), want) {
		t.Errorf("got %s", res.HTML)
	}
}

// goldmark splits text at [ and ]: the Linker must still see
// 沈政发[2017]45号 whole, but never text joined across code, links or raw HTML.
func TestLinkerSeesWholeRun(t *testing.T) {
	r := New()
	const num = "沈政发[2017]45号"
	link := func(s string) []Span {
		var out []Span
		for off := 0; ; {
			i := strings.Index(s[off:], num)
			if i < 0 {
				return out
			}
			out = append(out, Span{Start: off + i, End: off + i + len(num), URL: "/n/"})
			off += i + len(num)
		}
	}
	for _, c := range []struct{ body, want string }{
		{"依据沈政发[2017]45号执行，再见沈政发[2017]45号。", `依据<a href="/n/">沈政发[2017]45号</a>执行，再见<a href="/n/">沈政发[2017]45号</a>。`},
		{"**沈政发[2017]45号**", `<strong><a href="/n/">沈政发[2017]45号</a></strong>`},
		{"见沈政发[2017]45号\n下一行", `见<a href="/n/">沈政发[2017]45号</a>`},
		{"见沈政发[2017]45号  \n下一行", `见<a href="/n/">沈政发[2017]45号</a><br>`},
		{"`沈政发[2017]45号`", `<code>沈政发[2017]45号</code>`},
		{"[沈政发[2017]45号](/a/)", `<a href="/a/">沈政发[2017]45号</a>`},
		{"沈政发<b>[2017]</b>45号", `沈政发<!-- raw HTML omitted -->[2017]<!-- raw HTML omitted -->45号`},
	} {
		res, err := r.Render([]byte(c.body), link)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(res.HTML), c.want) {
			t.Errorf("%q: got %s, want %s", c.body, res.HTML, c.want)
		}
	}
}

// A table is named by the heading right before it (a visually hidden
// caption); one without a heading before it gets no caption.
func TestTableCaption(t *testing.T) {
	r := New()
	res, err := r.Render([]byte("## 一、**牵头**任务 <b>x</b> &amp; \\*\n\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n\n段落。\n\n| 丙 |\n| --- |\n| 3 |\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := string(res.HTML)
	if !strings.Contains(h, "<table>\n<caption class=\"visually-hidden\">一、牵头任务 x &amp; *</caption>\n<thead>") {
		t.Errorf("first table has no caption from its heading:\n%s", h)
	}
	if strings.Count(h, "<caption") != 1 {
		t.Errorf("a table after a paragraph got a caption:\n%s", h)
	}
}

// The plain text (summaries, feeds, the search index) shows character
// references as the page does.
func TestTextResolvesReferences(t *testing.T) {
	res, err := New().Render([]byte("甲&#x20;乙&amp;丙&#49;\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != "甲 乙&丙1\n" {
		t.Errorf("text %q", res.Text)
	}
}
