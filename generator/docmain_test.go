package generator_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai"
	"gongkai/generator/internal/sitetest"
)

// docMainSite reaches every branch of the document page: a policy with
// attachments, keywords, tasks, validity, cites of a document on the site
// and of one that is not (with and without a title), text that html/template
// escapes (& < > " ' +), a document with neither 发文字号 nor organ line
// details, an amended and a repealed document (修改文件 / 废止文件), an
// interpretation of each kind of target, news with a source, and a
// document in Traditional characters (lang); one document a listing page,
// so that listings have pagers with previous and next links.
var docMainSite = strings.Replace(config, "[organ_codes]", "page_size = 1\n[organ_codes]", 1) + `
-- content/policies/a/index.md --
+++
title = "测试市人民政府关于A&B<C>\"引号\"'单引号'+加号的实施意见"
doc_number = "测政发[2017]45号"
organ = ["测试市人民政府", "测试市发展改革委"]
signed = 2017-08-25
published = 2017-08-30
topic = "社会信用/政务诚信"
keywords = ["政务诚信", "A+B"]
category = "行政规范性文件"
[[attachment]]
file = "fj1.pdf"
title = "附件1：任务&分工"
+++

各区人民政府：根据《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）和国发〔2015〕1号精神，制定本意见。

**（一）加强组织领导。**建立工作机制。（牵头单位：测试市发展改革委；配合单位：测试市财政局；2018年底前完成）

本意见自印发之日起施行，有效期5年。
-- content/policies/a/fj1.pdf --
%PDF-1.4 test
-- content/policies/a/fj2.docx --
docx
-- content/policies/a/100%.pdf --
%PDF-1.4 a file name that needs percent-encoding
-- content/policies/b.md --
+++
title = "测试市人民政府关于修改部分条款的决定"
doc_number = "测政发〔2019〕3号"
organ = "测试市人民政府"
signed = 2019-01-02
published = 2019-01-03
topic = "综合政务/其他"
amends = ["测政发〔2017〕45号"]
+++
现决定修改测政发〔2017〕45号。
-- content/policies/c.md --
+++
title = "测试市人民政府关于废止的决定"
doc_number = "测政发〔2020〕9号"
organ = "测试市人民政府"
signed = 2020-01-02
published = 2020-01-03
topic = "综合政务/其他"
repeals = ["测政发〔2019〕3号"]
+++
决定废止测政发〔2019〕3号。
-- content/policies/d.md --
+++
title = "無文號的通知"
organ = "测试市人民政府"
signed = 2021-03-04
published = 2021-03-05
topic = "综合政务"
+++
為做好有關工作，現將有關事項通知如下。
-- content/interpretations/jd.md --
+++
title = "图解：政务诚信实施意见"
published = 2017-09-01
organ = "测试市发展改革委"
interprets = "测政发〔2017〕45号"
form = "图解"
+++
解读正文。
-- content/news/n1.md --
+++
title = "我市召开推进会"
published = 2017-09-02
source = "测试市发展改革委"
+++
新闻正文。
`

// TestDocMainMatchesTemplate: the built-in document pages written in Go
// (docmain) and the page frame of every page (basepage.go) are byte for
// byte the pages of the templates they replace. A site whose
// layouts/partials.html and layouts/base.html are copies of the built-in
// ones gets the templates (a site's own partials may change "tag" or
// "tasktable"), so the two builds differ only in that; with base.html alone
// copied, docmain runs as a template function inside the template frame
// (whole document pages are otherwise written in Go, see docPageFunc).
func TestDocMainMatchesTemplate(t *testing.T) {
	partials, err := fs.ReadFile(gongkai.Layouts, "layouts/partials.html")
	if err != nil {
		t.Fatal(err)
	}
	base, err := fs.ReadFile(gongkai.Layouts, "layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	sample := fstest.MapFS{}
	if err := fs.WalkDir(os.DirFS(".."), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile("../" + p)
		sample[p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile("../config.toml"); err == nil {
		sample["config.toml"] = &fstest.MapFile{Data: b}
	}
	// The same site under a base path, where every URL is written with it.
	subPath := strings.Replace(docMainSite, `base_url = "https://www.example.gov.cn/"`, `base_url = "https://www.example.gov.cn/政务 公开/"`, 1)
	if subPath == docMainSite {
		t.Fatal("docMainSite's base_url not found")
	}
	for name, site := range map[string]fstest.MapFS{"docMainSite": sitetest.Site(docMainSite), "docMainSite under a base path": sitetest.Site(subPath), "sample site": sample} {
		viaGo := sitetest.BuildFS(t, site, "2026-01-01")
		if viaGo.Err != nil {
			t.Fatalf("%s: %v\n%s", name, viaGo.Err, viaGo.Diags())
		}
		// All templates; docmain through a template function inside the
		// template frame (the site's own base.html); the Go frame around
		// the template main (the site's own partials.html).
		for _, copied := range []fstest.MapFS{
			{"layouts/partials.html": &fstest.MapFile{Data: partials}, "layouts/base.html": &fstest.MapFile{Data: base}},
			{"layouts/base.html": &fstest.MapFile{Data: base}},
			{"layouts/partials.html": &fstest.MapFile{Data: partials}},
		} {
			for p, f := range site {
				copied[p] = f
			}
			viaTemplate := sitetest.BuildFS(t, copied, "2026-01-01")
			if viaTemplate.Err != nil {
				t.Fatalf("%s: %v", name, viaTemplate.Err)
			}
			pages := 0
			for p, want := range viaTemplate.Out.Files {
				got, ok := viaGo.Out.Files[p]
				if !ok {
					t.Errorf("%s: %s only in the build with the template", name, p)
					continue
				}
				if string(got) != string(want) {
					t.Errorf("%s: %s differs:\nin Go:    %s\ntemplate: %s", name, p, got, want)
				}
				pages++
			}
			if len(viaGo.Out.Files) != len(viaTemplate.Out.Files) || pages < 10 {
				t.Errorf("%s: %d files against %d", name, len(viaGo.Out.Files), len(viaTemplate.Out.Files))
			}
		}
	}
	// The site reaches the branches it is meant to.
	b := sitetest.Build(t, docMainSite, "2026-01-01")
	b.AssertFile("policies/a/index.html", "A&amp;B&lt;C&gt;&#34;引号&#34;&#39;单引号&#39;&#43;加号", `class="attachments"`, "附件1：任务&amp;分工",
		`class="relations"`, "本站未收录", "任务分工", "修改文件", `lang="zh-Hans"`)
	b.AssertFile("policies/b/index.html", "废止文件", "被引用")
	b.AssertFile("policies/d/index.html", `lang="zh-Hant"`, "<td>无</td>")
	b.AssertFile("interpretations/jd/index.html", `class="interprets"`, "图解")
	b.AssertFile("news/n1/index.html", "来源：测试市发展改革委", "政务动态")
	b.AssertFile("policies/page/2/index.html", `rel="prev"`, `rel="next"`, `<span aria-current="page">2</span>`, "共 4 页")
	b.AssertFile("policies/a/index.html", `href="/policies/a/100%25.pdf"`)
	sb := sitetest.Build(t, subPath, "2026-01-01")
	sb.AssertFile("policies/a/index.html", `href="/%E6%94%BF%E5%8A%A1%20%E5%85%AC%E5%BC%80/policies/a/100%25.pdf"`, `<link rel="canonical" href="https://www.example.gov.cn/%E6%94%BF%E5%8A%A1%20%E5%85%AC%E5%BC%80/policies/a/">`)
}

// TestOwnBaseInPartials: a "base" a site defines in its own partials.html
// replaces the built-in frame (written in Go or not).
func TestOwnBaseInPartials(t *testing.T) {
	partials, err := fs.ReadFile(gongkai.Layouts, "layouts/partials.html")
	if err != nil {
		t.Fatal(err)
	}
	site := sitetest.Site(docMainSite)
	site["layouts/partials.html"] = &fstest.MapFile{Data: append(partials, `{{define "base"}}<!doctype html><title>自定义框架</title>{{template "main" .}}{{end}}`...)}
	b := sitetest.BuildFS(t, site, "2026-01-01")
	if b.Err != nil {
		t.Fatalf("%v\n%s", b.Err, b.Diags())
	}
	for _, p := range []string{"index.html", "policies/a/index.html", "policies/page/2/index.html"} {
		got := string(b.Out.Files[p])
		if !strings.HasPrefix(got, "<!doctype html><title>自定义框架</title>") || strings.Contains(got, `class="site-header"`) {
			t.Errorf("%s does not use the site's own base:\n%.300s", p, got)
		}
	}
}
