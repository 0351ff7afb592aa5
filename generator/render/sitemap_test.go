package render

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"gongkai/generator/config"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

// TestSitemapSplits: every page written is listed once (redirects, the 404
// page and files copied from static/ aside; paths percent-encoded as in the
// pages' canonical links), and beyond sitemapMax URLs the sitemap is an index of
// several files, none over the limit.
func TestSitemapSplits(t *testing.T) {
	defer func(n int) { sitemapMax = n }(sitemapMax)
	sitemapMax = 3
	out := publish.NewMemory()
	doc := &model.Document{URL: "/policies/a/", Published: model.MakeDate(2020, 1, 2), Aliases: []string{"old/a"}}
	r := &Renderer{cfg: &config.Config{BaseURL: "https://x.gov.cn/"}, site: &model.Site{Documents: []*model.Document{doc}},
		opt: Options{Out: out}, written: map[string]bool{}, staticFiles: map[string]bool{"google0123.html": true}}
	for _, p := range []string{"index.html", "policies/a/index.html", "old/a/index.html", "404.html", "credit/r1/index.html",
		"units/甲/index.html", "reports/2025/index.html", "data/documents.json", "search/index.json", "google0123.html"} {
		r.written[p] = true
	}
	if err := r.sitemap(); err != nil {
		t.Fatal(err)
	}
	var idx struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(out.Files["sitemap.xml"], &idx); err != nil || len(idx.Sitemaps) != 2 {
		t.Fatalf("sitemap index: %v, %d files:\n%s", err, len(idx.Sitemaps), out.Files["sitemap.xml"])
	}
	var all []string
	for i, s := range idx.Sitemaps {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if s.Loc != "https://x.gov.cn/"+name {
			t.Errorf("index lists %s, want %s", s.Loc, name)
		}
		var set struct {
			URLs []struct {
				Loc     string `xml:"loc"`
				LastMod string `xml:"lastmod"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(out.Files[name], &set); err != nil || len(set.URLs) > sitemapMax {
			t.Fatalf("%s: %v, %d URLs", name, err, len(set.URLs))
		}
		for _, u := range set.URLs {
			all = append(all, u.Loc+" "+u.LastMod)
		}
	}
	want := "https://x.gov.cn/ |https://x.gov.cn/credit/r1/ |https://x.gov.cn/policies/a/ 2020-01-02|https://x.gov.cn/reports/2025/ |https://x.gov.cn/units/%E7%94%B2/ "
	if got := strings.Join(all, "|"); got != want {
		t.Errorf("sitemap URLs:\n%s\nwant\n%s", got, want)
	}
}
