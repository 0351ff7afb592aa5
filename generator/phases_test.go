package generator_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/cpuclock"
	"gongkai/generator/internal/sitetest"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

// TestPhaseLog: with a log (--verbose), every phase gets a line with its
// time and, where the platform measures it, the process's CPU time in it
// and the cores that makes; the render phase's sub-phases come before its
// total. bench/run.sh reads these lines.
func TestPhaseLog(t *testing.T) {
	var log bytes.Buffer
	_, err := generator.Build(context.Background(), generator.Options{Site: sitetest.Site(config + policy("a", "测政发〔2017〕1号", "2017-01-01")),
		Defaults: gongkai.Layouts, Out: publish.NewMemory(), AsOf: model.MakeDate(2026, 1, 1), Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	line := `  %s +[0-9]+\.[0-9] ms`
	if cpuclock.Supported() {
		line += `  CPU +[0-9]+\.[0-9] ms（[0-9]+\.[0-9]{2} 核）`
	}
	var want strings.Builder
	for _, name := range []string{"config", "load", "resolve", "scan", "render/documents", "render/search", "render/pages", "render"} {
		want.WriteString(strings.Replace(line, "%s", regexp.QuoteMeta(name), 1) + `\n`)
	}
	if !regexp.MustCompile(`^` + want.String() + `$`).MatchString(log.String()) {
		t.Errorf("phase lines:\n%s\nwant lines matching:\n%s", log.String(), want.String())
	}
	// The lines the harness reads.
	if n := len(regexp.MustCompile(`(?m)^  [a-z]+ +[0-9.]+ ms( |$)`).FindAllString(log.String(), -1)); n != 5 {
		t.Errorf("%d top-level phase lines for bench/run.sh, want 5", n)
	}
}

// TestLayoutErrorPosition: an error in a site's layout is reported at the
// file, line and column the template package names, with those lines
// shown.
func TestLayoutErrorPosition(t *testing.T) {
	site := sitetest.Site(layoutErrSite)
	b := sitetest.BuildFS(t, site, "2026-03-01")
	b.AssertDiag("layouts/404.html:2:", "模板错误：")
	if d := b.Diags(); strings.Contains(d, "layouts  template:") {
		t.Errorf("layout error without its position:\n%s", d)
	}
}

const layoutErrSite = `
-- config.toml --
title = "测试市人民政府"
base_url = "https://www.example.gov.cn/"
-- layouts/404.html --
{{define "main"}}
<h1>{{if}}页面不存在</h1>{{end}}
`
