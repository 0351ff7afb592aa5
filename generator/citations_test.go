package generator_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"gongkai/generator/internal/sitetest"
)

// citeGraph builds the site and returns, from documents.json, url → the
// numbers (or titles) it cites and url → the urls citing it.
func citeGraph(t *testing.T, b *sitetest.Builder) (cites, citedBy map[string][]string) {
	t.Helper()
	var docs []struct {
		URL   string `json:"url"`
		Cites []struct {
			Number, Title string
		} `json:"cites"`
		CitedBy []string `json:"cited_by"`
	}
	if err := json.Unmarshal([]byte(b.File("data/documents.json")), &docs); err != nil {
		t.Fatal(err)
	}
	cites, citedBy = map[string][]string{}, map[string][]string{}
	for _, d := range docs {
		u := strings.Trim(strings.TrimPrefix(d.URL, "/policies/"), "/")
		for _, c := range d.Cites {
			cites[u] = append(cites[u], c.Number+c.Title)
		}
		for _, c := range d.CitedBy {
			citedBy[u] = append(citedBy[u], strings.Trim(strings.TrimPrefix(c, "/policies/"), "/"))
		}
	}
	return cites, citedBy
}

// Lead-in words before a number stay out of its agency code: 原沈政发〔2017〕45号
// cites 沈政发〔2017〕45号, not a number 原沈政发〔2017〕45号 of its own.
func TestCitationLeadInWords(t *testing.T) {
	b := sitetest.Build(t, config+
		policy("old", "测政发〔2017〕45号", "2017-01-01")+
		policyBody("new", "测政发〔2020〕3号", "2020-03-01", "本办法自2020年3月1日起施行，原测政发〔2017〕45号同时废止。\n"), "2021-01-01")
	cites, citedBy := citeGraph(t, b)
	if !slices.Equal(cites["new"], []string{"测政发〔2017〕45号"}) || !slices.Equal(citedBy["old"], []string{"new"}) {
		t.Errorf("cites %q, cited_by %q", cites["new"], citedBy["old"])
	}
	b.AssertFile("policies/new/index.html", `原<a href="/policies/old/">测政发〔2017〕45号</a>同时废止`)
	b.AssertNoFile("numbers/原测政发〔2017〕45号/index.html")
}

// A number written with half-width brackets is linked like the others
// (goldmark splits text at [ and ]).
func TestCitationHalfWidthBracketsLinked(t *testing.T) {
	b := sitetest.Build(t, config+
		policy("old", "测政发〔2017〕45号", "2017-01-01")+
		policyBody("new", "测政发〔2020〕3号", "2020-03-01", "依据测政发[2017]45号执行，参照国发[2016]76号。\n"), "2021-01-01")
	b.AssertFile("policies/new/index.html", `依据<a href="/policies/old/">测政发[2017]45号</a>执行`,
		`参照<a href="`+enc("/numbers/国发〔2016〕76号/")+`">国发[2016]76号</a>`)
}

// Numbers in code and HTML comments are not linked on the page, so they are
// no citations either: no cites, no cited_by, no number page.
func TestCitationNotInCode(t *testing.T) {
	const body = "正文。\n\n```\n测政发〔2017〕45号\n```\n\n见`国发〔2016〕76号`。<!-- 川府发〔2018〕7号 -->\n\n    国办发〔2016〕19号\n\n依据《文件old》执行。\n"
	site := config + policy("old", "测政发〔2017〕45号", "2017-01-01") + policyBody("new", "测政发〔2020〕3号", "2020-03-01", body)
	b := sitetest.Build(t, site, "2021-01-01")
	cites, citedBy := citeGraph(t, b)
	if !slices.Equal(cites["new"], []string{"测政发〔2017〕45号文件old"}) || !slices.Equal(citedBy["old"], []string{"new"}) {
		t.Errorf("cites %q, cited_by %q; want only the title citation", cites["new"], citedBy["old"])
	}
	for _, n := range []string{"国发〔2016〕76号", "川府发〔2018〕7号", "国办发〔2016〕19号"} {
		b.AssertNoFile("numbers/" + n + "/index.html")
	}
}

// A title with a title inside is cited and linked whole (issue 3: titles
// cited in 《》 are linked when they match exactly).
func TestCitationNestedTitleLinked(t *testing.T) {
	b := sitetest.Build(t, config+`
-- content/policies/old.md --
+++
title = "关于印发《测试市政务诚信管理办法》的通知"
organ = "测试市人民政府"
signed = 2017-01-01
published = 2017-01-01
topic = "综合政务/其他"
+++
正文。
`+policyBody("new", "测政发〔2020〕3号", "2020-03-01", "按照《关于印发《测试市政务诚信管理办法》的通知》执行。\n"), "2021-01-01")
	_, citedBy := citeGraph(t, b)
	if !slices.Equal(citedBy["old"], []string{"new"}) {
		t.Errorf("cited_by %q", citedBy["old"])
	}
	b.AssertFile("policies/new/index.html", `按照《<a href="/policies/old/">关于印发《测试市政务诚信管理办法》的通知</a>》执行`)
}
