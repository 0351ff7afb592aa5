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
