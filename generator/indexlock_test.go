package generator_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"gongkai/generator/internal/sitetest"
	"gongkai/generator/resolve"
)

// withLock builds site, then builds it again with the indexno.lock the first
// build produced plus the edits.
func withLock(t *testing.T, site string, edit func(fstest.MapFS)) *sitetest.Builder {
	t.Helper()
	first := sitetest.Build(t, site, "2026-01-01")
	fsys := sitetest.Site(site)
	fsys["indexno.lock"] = &fstest.MapFile{Data: resolve.IndexLockText(first.Result.Site.IndexLock, first.Result.Site.IndexGone)}
	edit(fsys)
	return sitetest.BuildFS(t, fsys, "2026-01-01")
}

func TestIndexNumbersStayOnceLocked(t *testing.T) {
	site := config + policy("b", "", "2017-06-01")
	// Without a lock, an older document inserted later would take serial 1
	// and push b to 2. With the lock, b keeps 00001 and a gets 00002.
	b := withLock(t, site, func(fs fstest.MapFS) {
		fs["content/policies/a.md"] = sitetest.Site(policy("a", "", "2017-01-01"))["content/policies/a.md"]
	})
	if b.Err != nil {
		t.Fatal(b.Err, b.Diags())
	}
	b.AssertFile("policies/b/index.html", "000000001/2017-00001")
	b.AssertFile("policies/a/index.html", "000000001/2017-00002")
}

func TestIndexNumberChangeNeedsAcknowledgement(t *testing.T) {
	site := config + policy("a", "", "2017-01-01")
	changed := func(extra string) func(fstest.MapFS) {
		return func(fs fstest.MapFS) {
			f := fs["content/policies/a.md"]
			f.Data = []byte(strings.Replace(string(f.Data), "+++\n正文", `index_no = "X/2017-9"`+"\n"+extra+"+++\n正文", 1))
		}
	}
	b := withLock(t, site, changed(""))
	if b.Err == nil {
		t.Fatal("changed 索引号 accepted")
	}
	b.AssertDiag("content/policies/a.md:", "索引号由 000000001/2017-00001 改为 X/2017-9", "index_no_previous")
	b = withLock(t, site, changed(`index_no_previous = "000000001/2017-00001"`+"\n"))
	if b.Err != nil {
		t.Fatalf("acknowledged change refused: %s", b.Diags())
	}
	b.AssertFile("policies/a/index.html", "X/2017-9")
}

func TestIndexNumberFollowsRename(t *testing.T) {
	site := config + policy("b", "", "2017-06-01")
	b := withLock(t, site, func(fs fstest.MapFS) {
		// An older document appears, and b is renamed to c with an alias.
		fs["content/policies/a.md"] = sitetest.Site(policy("a", "", "2017-01-01"))["content/policies/a.md"]
		f := fs["content/policies/b.md"]
		delete(fs, "content/policies/b.md")
		fs["content/policies/c.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), "+++\n正文", `aliases = ["/policies/b/"]`+"\n+++\n正文", 1))}
	})
	if b.Err != nil {
		t.Fatal(b.Err, b.Diags())
	}
	b.AssertFile("policies/c/index.html", "000000001/2017-00001")
	b.AssertFile("policies/b/index.html", "policies/c/") // the redirect page
}

// Interpretations and news get a 索引号 too, after the policies of their
// organ and year, and it is locked like a policy's.
func TestIndexNumbersForEveryKind(t *testing.T) {
	b := sitetest.Build(t, config+`
-- content/news/n.md --
+++
title = "动态"
published = 2020-01-01
organ = "测试市人民政府"
+++
正文。
`+policy("p", "", "2020-06-01")+`-- content/interpretations/i.md --
+++
title = "解读"
published = 2020-06-03
organ = "测试市人民政府"
interprets = "content/policies/p.md"
index_no = "000000001/2020-09999"
+++
正文。
`, "2026-01-01")
	b.AssertFile("data/catalogue.json", `"000000001/2020-00001"`, `"000000001/2020-00002"`, `"000000001/2020-09999"`)
	lock := string(resolve.IndexLockText(b.Result.Site.IndexLock, b.Result.Site.IndexGone))
	for _, want := range []string{`"/policies/p/" = "000000001/2020-00001"`, `"/news/n/" = "000000001/2020-00002"`, `"/interpretations/i/" = "000000001/2020-09999"`} {
		if !strings.Contains(lock, want) {
			t.Errorf("lock lacks %s:\n%s", want, lock)
		}
	}
}

// A document renamed without aliases would lose its 索引号: the build says
// so at the new file; with the old address in aliases the number stays.
func TestRenameWithoutAliasWarns(t *testing.T) {
	site := config + policy("old", "", "2017-06-01")
	rename := func(extra ...string) func(fstest.MapFS) {
		return func(fs fstest.MapFS) {
			delete(fs, "content/policies/old.md")
			fs["content/policies/new.md"] = sitetest.Site(policy("new", "", "2017-06-01", extra...))["content/policies/new.md"]
		}
	}
	b := withLock(t, site, rename())
	b.AssertDiag("content/policies/new.md:", "新的索引号", "/policies/old/", `aliases = ["/policies/old/"]`)
	b = withLock(t, site, rename(`aliases = ["/policies/old/"]`))
	if strings.Contains(b.Diags(), "新的索引号") {
		t.Errorf("warned although the old address is an alias:\n%s", b.Diags())
	}
	b.AssertFile("policies/new/index.html", "000000001/2017-00001")
}

// The catalogue lists credit records on display and commitments too, each
// with a 索引号 numbered after the documents' and locked by its address.
func TestRecordsInCatalogue(t *testing.T) {
	b := sitetest.Build(t, config+policy("p", "", "2025-03-01")+creditRecord("r1", "某公司", "企业", "拖欠工程款", "测试市人民政府")+`-- content/commitments/c.toml --
[[commitment]]
id = "c1"
subject = "测试市人民政府"
content = "年底前建成政务服务中心"
made = 2025-01-01
status = "履行中"
`, "2026-01-01")
	// In date order within the organ and year: the commitment (January),
	// then the record (June).
	b.AssertFile("data/catalogue.json", `"index_no":"000000001/2025-00003","title":"失信记录：某公司","summary":"拖欠工程款","date":"2025-06-01","url":"/credit/r1/","kind":"政务失信记录"`)
	b.AssertFile("data/catalogue.json", `"index_no":"000000001/2025-00002","title":"公开承诺：测试市人民政府"`, `#c-c1`)
	b.AssertFile("catalogue/index.html", "000000001/2025-00003", "公开承诺")
	b.AssertFile("commitments/index.html", `id="c-c1"`)
	lock := string(resolve.IndexLockText(b.Result.Site.IndexLock, b.Result.Site.IndexGone))
	for _, want := range []string{`"/credit/r1/" = "000000001/2025-00003"`, `#c-c1" = "000000001/2025-00002"`, `"/policies/p/" = "000000001/2025-00001"`} {
		if !strings.Contains(lock, want) {
			t.Errorf("lock lacks %s:\n%s", want, lock)
		}
	}
}

// A number stays with its address when the document leaves the site: the
// lock keeps it under [removed], no new document takes it, and the
// document gets it back when it returns.
func TestRemovedNumbersAreKept(t *testing.T) {
	site := config + policy("a", "", "2017-01-01") + policy("b", "", "2017-06-01")
	fsys := sitetest.Site(site)
	build := func() *sitetest.Builder {
		b := sitetest.BuildFS(t, fsys, "2026-01-01")
		if b.Err != nil {
			t.Fatal(b.Err, b.Diags())
		}
		fsys["indexno.lock"] = &fstest.MapFile{Data: resolve.IndexLockText(b.Result.Site.IndexLock, b.Result.Site.IndexGone)}
		return b
	}
	build()
	aFile := fsys["content/policies/a.md"]
	delete(fsys, "content/policies/a.md")
	build()
	if lock := string(fsys["indexno.lock"].Data); !strings.Contains(lock, "[removed]\n\"/policies/a/\" = \"000000001/2017-00001\"") {
		t.Fatalf("the removed document's number is not kept:\n%s", lock)
	}
	fsys["content/policies/c.md"] = sitetest.Site(policy("c", "", "2017-01-01"))["content/policies/c.md"]
	b := build()
	b.AssertFile("policies/c/index.html", "000000001/2017-00003") // not a's 00001
	fsys["content/policies/a.md"] = aFile
	b = build()
	b.AssertFile("policies/a/index.html", "000000001/2017-00001")
	if lock := string(fsys["indexno.lock"].Data); strings.Contains(lock, "[removed]") {
		t.Errorf("a restored document is still listed as removed:\n%s", lock)
	}
}
