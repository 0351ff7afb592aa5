package generator_test

import (
	"bytes"
	"strings"
	"testing"

	"gongkai/generator/internal/sitetest"
)

// Pages and feeds that have no date of their own take the newest
// document's, not the build's: a daily rebuild with no new content leaves
// every file as it was (rsync-style deploys send nothing), and an undated
// entry has the same date in every feed.
func TestUndatedPagesKeepTheirBytes(t *testing.T) {
	site := config + policy("p", "", "2020-06-02") + `-- content/news/undated.md --
+++
title = "没有日期的动态"
source = "来源"
missing = ["published"]
+++
正文。
`
	a := sitetest.Build(t, site, "2026-01-01")
	b := sitetest.Build(t, site, "2026-01-02")
	for p, da := range a.Out.Files {
		// The task overview says as of which day it counts overdue tasks.
		if (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".xml")) && p != "tasks/index.html" {
			if db := b.Out.Files[p]; !bytes.Equal(da, db) {
				t.Errorf("%s differs between two days' builds of the same content", p)
			}
		}
	}
	a.AssertFile("news/undated/index.html", `content="2020-06-02"`)
	a.AssertFile("news/feed.xml", "<updated>2020-06-02T00:00:00Z</updated>")
	a.AssertFile("feed.xml", "<updated>2020-06-02T00:00:00Z</updated>")
}
