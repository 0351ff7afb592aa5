package serve

import (
	"strings"
	"testing"
	"unicode/utf8"

	"gongkai/generator/diag"
	"gongkai/generator/model"
)

func TestMarkColumn(t *testing.T) {
	for _, c := range []struct {
		line string
		col  int
		want string
	}{
		{`title = 测试<b>`, 9, `title = <mark title="此处">测</mark>试&lt;b&gt;`},
		{`a = 1`, 1, `<mark title="此处">a</mark> = 1`},
		{`a = "`, 6, `a = &#34;<mark title="此处">&nbsp;</mark>`},
		{`a = 1`, 0, `a = 1`},
	} {
		if got := markColumn(c.line, c.col); got != c.want {
			t.Errorf("markColumn(%q, %d) = %s, want %s", c.line, c.col, got, c.want)
		}
	}
}

func TestOverlayCapsLongLists(t *testing.T) {
	st := &state{}
	for i := range 25 {
		st.diags = append(st.diags, diag.Diagnostic{Severity: diag.Error, Pos: model.Pos{File: "content/policies/a.md", Line: i + 1, Col: 1}, Msg: "问题", Fix: "改法"})
	}
	for range 3 {
		st.diags = append(st.diags, diag.Diagnostic{Severity: diag.Warning, Pos: model.Pos{File: "content/news/n.md"}, Msg: "提醒"})
	}
	got := overlayHTML(st)
	if n := strings.Count(got, "<li>"); n != 20 {
		t.Errorf("%d items, want 20", n)
	}
	mustContain(t, "overlay", got,
		"网站未能重新生成：发现 25 个错误",
		"错误：content/policies/a.md 第 20 行第 1 列（content/policies/a.md:20:1）",
		"! 第 21 行",
		"还有 5 个错误未列出",
		"另有 3 个警告",
		"! content/news/n.md")
}

// TestOverlayQuotesInvalidUTF8: the lines of a file that is not UTF-8 are
// quoted with the bytes that do not decode replaced, so the page stays
// valid UTF-8.
func TestOverlayQuotesInvalidUTF8(t *testing.T) {
	gb := "\xb9\xd8\xd3\xda" // 关于 in GB18030
	st := &state{diags: []diag.Diagnostic{{Severity: diag.Error, Pos: model.Pos{File: "content/news/gb.md", Line: 2, Col: 1},
		Msg: "文件不是 UTF-8 编码", Context: []string{"+++", "title = \"" + gb + "\""}, CtxStart: 1}}}
	got := overlayHTML(st)
	if !utf8.ValidString(got) {
		t.Errorf("overlay is not valid UTF-8: %q", got)
	}
	mustContain(t, "overlay", got, "= &#34;\uFFFD&#34;")
}
