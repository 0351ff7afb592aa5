package generator_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/internal/sitetest"
	"gongkai/generator/model"
	"gongkai/generator/publish"

	"context"
	"net/url"
	"testing/fstest"
)

// enc percent-encodes a site path as links in the output carry it.
func enc(p string) string { return strings.ReplaceAll(url.PathEscape(p), "%2F", "/") }

const config = `
-- config.toml --
title = "测试市人民政府"
base_url = "https://www.example.gov.cn/"
organ = "测试市人民政府办公室"
site_id_code = "1234567890"
[organ_codes]
"测试市人民政府" = "000000001"
`

const onePolicy = config + `
-- content/policies/a.md --
+++
title = "测试市人民政府关于加强政务诚信建设的实施意见"
doc_number = "测政发[2017]45号"
organ = "测试市人民政府"
signed = 2017-08-25
published = 2017-08-30
topic = "社会信用/政务诚信"
keywords = ["政务诚信"]
category = "行政规范性文件"
+++

各区人民政府：

## 一、总体要求

**（一）加强组织领导。**各地区要
高度重视。根据《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）精神，制定本意见。

测试市人民政府

2017年8月25日
`

func TestPolicyPage(t *testing.T) {
	b := sitetest.Build(t, onePolicy, "2026-01-01")
	b.AssertFile("policies/a/index.html",
		`<html lang="zh-Hans">`,
		"测政发〔2017〕45号",         // normalised brackets
		"000000001/2017-00001", // generated 索引号
		"社会信用\\政务诚信",
		"2017年8月25日",
		"<strong>（一）加强组织领导。</strong>各地区要高度重视。",
		`id="一总体要求"`,
		`<span class="tag tag-valid">有效</span>`,
		`<a href="`+enc("/numbers/国发〔2016〕76号/")+`">国发〔2016〕76号</a>`,
		`<meta name="ArticleTitle" content="测试市人民政府关于加强政务诚信建设的实施意见">`,
		"! **",
		"! livereload",
	)
	b.AssertFile("numbers/国发〔2016〕76号/index.html", "国务院关于加强政务诚信建设的指导意见", `href="/policies/a/"`)
	b.AssertFile("policies/index.html", "测试市人民政府关于加强政务诚信建设的实施意见", "有效")
	b.AssertFile("policies/in-force/index.html", "测政发〔2017〕45号")
	b.AssertFile("policies/year/2017/index.html", "测政发〔2017〕45号")
	b.AssertFile("policies/organ/测试市人民政府/index.html", "测政发〔2017〕45号")
	b.AssertFile("policies/topic/社会信用/index.html", "测政发〔2017〕45号")
	b.AssertFile("index.html", "测试市人民政府关于加强政务诚信建设的实施意见")
	b.AssertFile("sitemap.xml", "<loc>https://www.example.gov.cn/policies/a/</loc><lastmod>2017-08-30</lastmod>")
	b.AssertFile("feed.xml", "<id>https://www.example.gov.cn/policies/a/</id>")
	b.AssertFile("robots.txt", "Sitemap: https://www.example.gov.cn/sitemap.xml")
	b.AssertFile("404.html", "页面不存在")

	var docs []map[string]any
	if err := json.Unmarshal([]byte(b.File("data/documents.json")), &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0]["doc_number"] != "测政发〔2017〕45号" || docs[0]["effectiveness"].(map[string]any)["tag"] != "有效" {
		t.Errorf("documents.json = %v", docs)
	}
	cites := docs[0]["cites"].([]any)
	if len(cites) != 1 || cites[0].(map[string]any)["number"] != "国发〔2016〕76号" {
		t.Errorf("cites = %v", cites)
	}
}

func TestEveryKind(t *testing.T) {
	b := sitetest.Build(t, onePolicy+`
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
title = "我市召开政务诚信建设推进会"
published = 2017-09-02
source = "测试市发展改革委"
+++
新闻正文。
-- content/credit/r.toml --
[[record]]
id = "c-1"
subject = "示例市示例区人民政府"
subject_type = "政府机构"
behaviour = "拖欠工程款"
basis = "示裁〔2025〕1号"
decided = 2025-06-01
organ = "示例市中级人民法院"
severity = "严重"
status = "公示中"

[[record]]
id = "c-2"
subject = "张示例"
subject_type = "公务员"
behaviour = "违规审批"
basis = "示纪〔2025〕2号"
decided = 2025-07-01
organ = "示例市纪委"
severity = "一般"
status = "公示中"
-- content/commitments/c.toml --
[[commitment]]
id = "m-1"
subject = "示例市政务服务中心"
content = "企业开办一日办结"
made = 2025-01-01
due = 2025-06-30
status = "履行中"
`, "2026-01-01")
	b.AssertFile("interpretations/jd/index.html", "图解：政务诚信实施意见", `href="/policies/a/"`)
	b.AssertFile("policies/a/index.html", "政策解读", `href="/interpretations/jd/"`)
	b.AssertFile("news/n1/index.html", "来源：测试市发展改革委")
	b.AssertFile("news/index.html", "我市召开政务诚信建设推进会")
	b.AssertFile("credit/index.html", "示例市示例区人民政府", "张*", "! 张示例")
	b.AssertFile("credit/c-1/index.html", "2028年5月31日") // 严重: 36 months
	b.AssertFile("commitments/index.html", "企业开办一日办结", "逾期")
	b.AssertFile("commitments/示例市政务服务中心/index.html", "兑现率 0%")
	b.AssertFile("data/credit.csv", "\ufeff编号", "张*")
	b.AssertFile("catalogue/index.html", "000000001/2017-00001", "我市召开政务诚信建设推进会")
	b.AssertFile("data/catalogue.csv", "\ufeff索引号,名称,内容概述,生成日期")
	b.AssertFile("interpretations/feed.xml", "图解：政务诚信实施意见")
}

func TestErrorsHaveFileLine(t *testing.T) {
	for name, tc := range map[string]struct {
		files string
		want  []string
	}{
		"bad toml": {`
-- content/policies/a.md --
+++
title = "缺引号
+++
`, []string{"content/policies/a.md:2:", "TOML"}},
		"missing title": {`
-- content/policies/a.md --
+++
organ = "测试市人民政府"
signed = 2017-08-25
published = 2017-08-30
topic = "a/b"
+++
`, []string{"content/policies/a.md:6:", "缺少必填项 title"}},
		"impossible date": {`
-- content/policies/a.md --
+++
title = "t"
organ = "测试市人民政府"
signed = "2017-02-30"
published = 2017-08-30
topic = "a/b"
+++
`, []string{"content/policies/a.md:4:", "signed", "2月没有30日"}},
		"unknown key": {`
-- content/policies/a.md --
+++
title = "t"
orgen = "测试市人民政府"
organ = "测试市人民政府"
signed = 2017-08-25
published = 2017-08-30
topic = "a/b"
+++
`, []string{"content/policies/a.md:3:", `"orgen"`, "是否想写 organ"}},
		"duplicate number": {`
-- content/policies/a.md --
+++
title = "t1"
doc_number = "测政发〔2017〕45号"
organ = "测试市人民政府"
signed = 2017-08-25
published = 2017-08-30
topic = "a/b"
+++
-- content/policies/b.md --
+++
title = "t2"
doc_number = "测政發[2017]45號"
organ = "测试市人民政府"
signed = 2017-08-25
published = 2017-08-30
topic = "a/b"
+++
`, []string{"content/policies/b.md:3:", "测政發〔2017〕45號", "content/policies/a.md 重复"}},
		"duplicate index": {`
-- content/policies/a.md --
+++
title = "t1"
index_no = "X/2017-00001"
organ = "测试市人民政府"
signed = 2017-08-25
published = 2017-08-30
topic = "a/b"
+++
-- content/policies/b.md --
+++
title = "t2"
index_no = "X/2017-00001"
organ = "测试市人民政府"
signed = 2017-08-25
published = 2017-08-30
topic = "a/b"
+++
`, []string{"content/policies/b.md:3:", "索引号", "重复"}},
		"broken link": {`
-- content/policies/a.md --
+++
title = "t1"
organ = "测试市人民政府"
signed = 2017-08-25
published = 2017-08-30
topic = "a/b"
+++
第一行。

见[另一个文件](/policies/nope/)。
`, []string{"content/policies/a.md:10:", "/policies/nope/", "不存在"}},
		"toml column in characters": {`
-- content/news/a.md --
+++
title = "缺引号的标题
source = "x"
+++
`, []string{"content/news/a.md:2:16:", "TOML", "英文双引号"}},
		"no front matter": {`
-- content/news/a.md --
title = "x"
`, []string{"content/news/a.md:1:1:", "+++"}},
	} {
		t.Run(name, func(t *testing.T) {
			b := sitetest.TryBuild(t, config+tc.files, "2026-01-01")
			if b.Err == nil {
				t.Fatalf("build succeeded; want an error")
			}
			b.AssertDiag(tc.want...)
		})
	}
}

func TestAllErrorsReportedTogether(t *testing.T) {
	b := sitetest.TryBuild(t, config+`
-- content/policies/a.md --
+++
title = "t1"
+++
-- content/news/b.md --
+++
title = "t2"
published = "2017-13-01"
source = "x"
+++
`, "2026-01-01")
	b.AssertDiag("content/policies/a.md", "organ")
	b.AssertDiag("content/policies/a.md", "signed")
	b.AssertDiag("content/news/b.md:3:", "published", "13月")
}

func TestNotUTF8(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("+++\ntitle = \"测试\"\n+++\n正文"))
	if err != nil {
		t.Fatal(err)
	}
	fs := sitetest.Site(config)
	fs["content/news/gb.md"] = &fstest.MapFile{Data: gb}
	b := sitetest.BuildFS(t, fs, "2026-01-01")
	if b.Err == nil {
		t.Fatal("GB18030 file accepted")
	}
	b.AssertDiag("content/news/gb.md:2:", "GB18030", "iconv")
}

func TestDeterministic(t *testing.T) {
	a := sitetest.Build(t, onePolicy, "2026-01-01")
	b := sitetest.Build(t, onePolicy, "2026-01-01")
	pa, pb := a.Out.Paths(), b.Out.Paths()
	if strings.Join(pa, "\n") != strings.Join(pb, "\n") {
		t.Fatalf("different file sets")
	}
	for _, p := range pa {
		if !bytes.Equal(a.Out.Files[p], b.Out.Files[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// buildDir builds fsys into dir with publish.Dir, as `gongkai build` does.
func buildDir(t *testing.T, fsys fstest.MapFS, dir string) error {
	t.Helper()
	out, err := publish.NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = generator.Build(context.Background(), generator.Options{Site: fsys, Defaults: gongkai.Layouts,
		Out: publish.Minifying{M: publish.NewMinifier(), Next: out}, AsOf: model.MakeDate(2026, 1, 1)})
	if err != nil {
		out.Abort()
		return err
	}
	return out.Commit()
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !info.IsDir() {
			b, _ := os.ReadFile(p)
			m[p] = string(b) + "|" + info.ModTime().String()
		}
		return nil
	})
	return m
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, sitetest.Site(onePolicy), dir); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	bad := sitetest.Site(onePolicy + `
-- content/news/bad.md --
+++
title = "x
+++
`)
	if err := buildDir(t, bad, dir); err == nil {
		t.Fatal("bad site built")
	}
	after := snapshot(t, dir)
	if len(before) != len(after) {
		t.Fatalf("file count changed: %d → %d", len(before), len(after))
	}
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s changed", p)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("staging folders left behind: %v", entries)
	}
}

func TestUnchangedFilesKeepModTime(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, sitetest.Site(onePolicy), dir); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	page := filepath.Join(dir, "policies", "a", "index.html")
	if err := os.Chtimes(page, old, old); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	if err := buildDir(t, sitetest.Site(onePolicy), dir); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, dir)
	for p, v := range before {
		if after[p] != v {
			t.Errorf("%s rewritten although unchanged", p)
		}
	}
}
