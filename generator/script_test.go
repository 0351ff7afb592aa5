package generator_test

import (
	"regexp"
	"strings"
	"testing"

	"gongkai/generator/internal/sitetest"
)

// scriptSite has a document in Traditional script with a task, beside one
// in Simplified script: pages are zh-Hans.
const scriptSite = config + `
-- content/policies/fan.md --
+++
title = "測試市人民政府關於推進政務誠信建設的實施意見"
doc_number = "測政發〔2018〕7號"
organ = "測試市人民政府"
signed = 2018-03-01
published = 2018-03-02
topic = "社会信用/政务诚信"
keywords = ["政務誠信"]
+++
各區人民政府：

**（一）健全政務誠信檔案。**建立檔案制度。（測試市發展改革委牽頭，2018年底前完成）
-- content/policies/jian.md --
+++
title = "测试市人民政府关于加强政务诚信建设的实施意见"
doc_number = "测政发〔2017〕45号"
organ = "测试市人民政府"
signed = 2017-08-25
published = 2017-08-30
topic = "社会信用/政务诚信"
+++
各区人民政府：根据测政发〔2018〕7号，制定本意见。
`

// TestTraditionalLang: outside a Traditional document's own article,
// the elements holding its title carry lang="zh-Hant" (list rows,
// catalogue, task rows of the overview and of unit pages, the breadcrumb
// and <title> of its page); inside its article (lang="zh-Hant") the
// metadata block's labels carry lang="zh-Hans", its values zh-Hant. The
// Simplified document gets no such marks.
func TestTraditionalLang(t *testing.T) {
	b := sitetest.Build(t, scriptSite, "2026-01-01")
	const fan = "測試市人民政府關於推進政務誠信建設的實施意見"
	hant := func(p, what string, n int) {
		t.Helper()
		langs := langsAt(b.File(p), fan)
		marked := 0
		for _, l := range langs {
			if l == "zh-Hant" {
				marked++
			}
		}
		if marked < n || marked < len(langs) {
			t.Errorf("%s: %s: the Traditional title is read as %v, want zh-Hant (at least %d times)", p, what, langs, n)
		}
	}
	hant("index.html", "home page list row", 1)
	hant("policies/index.html", "policy list row", 1)
	hant("catalogue/index.html", "catalogue title cell", 1)
	hant("tasks/index.html", "task overview row", 1)
	hant("tasks/units/测试市发展改革委/index.html", "unit page row", 1)
	hant("policies/fan/index.html", "<title>, breadcrumb item, article", 3)

	doc := b.File("policies/fan/index.html")
	for _, want := range []string{`<table class="meta-block" lang="zh-Hans">`, `<td colspan="3" lang="zh-Hant">` + fan, `<td lang="zh-Hant">測政發〔2018〕7號`} {
		if !strings.Contains(doc, want) {
			t.Errorf("policies/fan/index.html: no %q", want)
		}
	}
	// The list row's tag is the site's label, in Simplified script.
	if !regexp.MustCompile(`<li lang="zh-Hant">.*?<span lang="zh-Hans" class="tag `).MatchString(b.File("policies/index.html")) {
		t.Errorf("policies/index.html: the tag of the Traditional row is not marked zh-Hans")
	}
	// The Simplified document cites the Traditional one: the link to it
	// carries its script, and nothing else on the page does.
	jian := b.File("policies/jian/index.html")
	if n := strings.Count(jian, "zh-Hant"); n != 1 || !strings.Contains(jian, `lang="zh-Hant">`+fan+`</a>`) {
		t.Errorf("policies/jian/index.html (Simplified): %d zh-Hant marks, want 1, on the link to %s", n, fan)
	}
	// In the Traditional article, the site's headings are Simplified and
	// the link to the Simplified document that cites it says so.
	for _, want := range []string{`<h2 id="h-rel" lang="zh-Hans">关联文件</h2>`, `<td lang="zh-Hans"><a href="/tasks/units/`, `<h3 lang="zh-Hans">被引用</h3>`, `lang="zh-Hans">测试市人民政府关于`} {
		if !strings.Contains(doc, want) {
			t.Errorf("policies/fan/index.html: no %q", want)
		}
	}
}

var tagRE = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>`)
var langRE = regexp.MustCompile(`\blang="([^"]*)"`)

// langsAt returns the language in effect (the nearest lang attribute of
// an enclosing element) at each text occurrence of needle in the HTML
// page s, which the built-in layouts write well-formed.
func langsAt(s, needle string) []string {
	void := map[string]bool{"br": true, "meta": true, "link": true, "img": true, "input": true, "hr": true, "source": true, "wbr": true}
	type open struct{ tag, lang string }
	var stack []open
	var out []string
	last := 0
	text := func(x string) {
		for k := strings.Count(x, needle); k > 0; k-- {
			l := ""
			for i := len(stack) - 1; i >= 0 && l == ""; i-- {
				l = stack[i].lang
			}
			out = append(out, l)
		}
	}
	for _, m := range tagRE.FindAllStringSubmatchIndex(s, -1) {
		text(s[last:m[0]])
		last = m[1]
		closing, tag, attrs := s[m[2]:m[3]] == "/", strings.ToLower(s[m[4]:m[5]]), s[m[6]:m[7]]
		switch {
		case closing:
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == tag {
					stack = stack[:i]
					break
				}
			}
		case !void[tag] && !strings.HasSuffix(attrs, "/"):
			l := ""
			if lm := langRE.FindStringSubmatch(attrs); lm != nil {
				l = lm[1]
			}
			stack = append(stack, open{tag, l})
		}
	}
	text(s[last:])
	return out
}
