package serve

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fsnotify/fsnotify"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/internal/sitetest"
	"gongkai/generator/publish"
)

// TestEditedPageFirst: with every stage of the real builder (as in
// `gongkai serve`), an edited document's page is served and announced
// before the rest of the build, and each build event names the pages that
// changed, so that open pages the edit did not change stay as they are.
func TestEditedPageFirst(t *testing.T) {
	h := startEarly(t, writeSite(t, testSite))
	first := h.next()
	if first.Version != 1 || !first.OK || !first.All {
		t.Fatalf("first event = %+v, want version 1, ok, all", first)
	}
	const fileA, fileN1 = "policies/a/index.html", "news/n1/index.html"

	// A body edit: its page first, alone (version 2), then the rest of
	// the build (3), which does not name the page again. The two may
	// follow each other closely; the stream still sends both, in order.
	editFile(t, h.dir, "content/policies/a.md", "各地区要高度重视", "各地区要切实抓好")
	ev := h.next()
	if ev.Version != 2 || !ev.OK || ev.From != 1 || ev.All || !slices.Equal(ev.Changed, []string{fileA}) {
		t.Fatalf("early event = %+v, want version 2 from 1 changing only %s", ev, fileA)
	}
	if ev = h.next(); ev.Version != 3 || !ev.OK || ev.From != 2 || ev.All || slices.Contains(ev.Changed, fileA) || slices.Contains(ev.Changed, fileN1) {
		t.Fatalf("event after the early one = %+v, want version 3 from 2, naming neither %s nor %s", ev, fileA, fileN1)
	}
	h.builder.mu.Lock()
	early := h.builder.early
	h.builder.mu.Unlock()
	if len(early) != 1 || early[0].version != 2 || !slices.Equal(early[0].hist[len(early[0].hist)-1].changed, []string{fileA}) ||
		!bytes.Contains(sitetest.Unpacked(t, early[0].files)[fileA], []byte("各地区要切实抓好政务诚信建设。")) {
		t.Fatalf("early versions served: %d (want one, version 2, with the edited page alone)", len(early))
	}
	mustContain(t, "edited page", h.get(pageA), "各地区要切实抓好政务诚信建设。", `var v=3,`, `f="policies/a/index.html"`)

	// A broken file: no early pages; every page shows the overlay over
	// the last good version.
	editFile(t, h.dir, "content/policies/a.md", `doc_number = "测政发[2026]1号"`, `doc_number = "测政发[2026]1号`)
	if ev := h.next(); ev.Version != 4 || ev.OK {
		t.Fatalf("event after a bad edit = %+v, want version 4, failed", ev)
	}
	mustContain(t, "page with errors", h.get(pageA), "各地区要切实抓好政务诚信建设。", `role="alert"`)
	// Fixed together with a body edit: after a failure the pages are
	// shown when the whole build is done, in one event.
	if err := os.WriteFile(h.dir+"/content/policies/a.md", bytes.ReplaceAll(bytes.ReplaceAll(mustRead(t, h.dir+"/content/policies/a.md"),
		[]byte(`1号`+"\n"), []byte(`1号"`+"\n")), []byte("切实抓好"), []byte("全面加强")), 0o644); err != nil {
		t.Fatal(err)
	}
	if ev := h.next(); ev.Version != 5 || !ev.OK || ev.From != 4 || !slices.Contains(ev.Changed, fileA) {
		t.Fatalf("event after the fix = %+v, want version 5 from 4, naming %s", ev, fileA)
	}
	mustContain(t, "fixed page", h.get(pageA), "各地区要全面加强政务诚信建设。", "! role=\"alert\"")

	// A layout changed: every page changes with it, so none is shown
	// ahead of the others (one event, for the whole build).
	writeFile(t, h.dir, "layouts/404.html", `{{define "main"}}<h1>页面不存在</h1>{{end}}`)
	if ev := h.next(); ev.Version != 6 || !ev.OK || !ev.All {
		t.Fatalf("event after a layout change = %+v, want version 6, all pages", ev)
	}
	h.srv.buildMu.Lock()
	h.srv.buildMu.Unlock()
	select {
	case ev := <-h.events:
		t.Fatalf("a second build event after a layout change: %+v", ev)
	default:
	}

	// The output, once the index is written, is a full build's.
	h.srv.buildMu.Lock()
	h.srv.buildMu.Unlock()
	mem := publish.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS(h.dir), Defaults: gongkai.Layouts,
		Out: publish.Minifying{M: publish.NewMinifier(), Next: mem}, Now: h.clock.Now}); err != nil {
		t.Fatal(err)
	}
	if served := h.srv.current().files; !maps.EqualFunc(sitetest.Unpacked(t, served), mem.Files, bytes.Equal) {
		t.Errorf("served output (%d files) differs from a full build (%d files)", len(served), len(mem.Files))
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// held is files as serve holds them: pages packed, the others plain (the
// same slices, compared by their pointers first).
func held(files map[string][]byte) map[string]publish.File {
	out := make(map[string]publish.File, len(files))
	for p, b := range files {
		if strings.HasSuffix(p, ".html") {
			out[p] = publish.Pack(b)
		} else {
			out[p] = publish.Plain(b)
		}
	}
	return out
}

func TestChangedPages(t *testing.T) {
	page, css, data := []byte("<p>甲</p>"), []byte("body{}"), []byte("[]")
	prev := map[string][]byte{"a/index.html": page, "b/index.html": []byte("<p>乙</p>"), "assets/site.css": css,
		"data/documents.json": data, "404.html": []byte("404"), "gone/index.html": page}
	same := maps.Clone(prev)
	same["b/index.html"] = []byte("<p>乙</p>") // equal bytes, another slice
	for _, c := range []struct {
		name  string
		edit  func(m map[string][]byte)
		pages []string
		all   bool
	}{
		{"nothing", func(map[string][]byte) {}, nil, false},
		{"a page", func(m map[string][]byte) { m["a/index.html"] = []byte("<p>丙</p>") }, []string{"a/index.html"}, false},
		{"a page added and one removed", func(m map[string][]byte) {
			m["c/index.html"] = page
			delete(m, "gone/index.html")
		}, []string{"c/index.html", "gone/index.html"}, false},
		{"open data only", func(m map[string][]byte) { m["data/documents.json"] = []byte("[1]") }, nil, false},
		{"a style sheet", func(m map[string][]byte) { m["assets/site.css"] = []byte("p{}") }, nil, true},
		{"an image of a document, its name in capitals", func(m map[string][]byte) { m["policies/a/图1.JPG"] = []byte{1} }, nil, true},
		{"a font of a kind not listed", func(m map[string][]byte) { m["static/f.ttf"] = []byte{1} }, nil, true},
		{"an image among the open data (a site's static/data/)", func(m map[string][]byte) { m["data/chart.png"] = []byte{1} }, nil, true},
		{"the search index's data", func(m map[string][]byte) {
			m["search/s/00361fe8d7141fce.bin"] = []byte{1}
			m["search/index.json"] = []byte("{}")
		}, nil, false},
		{"pages named otherwise", func(m map[string][]byte) {
			m["old/notice.htm"] = page
			m["legacy/PAGE.HTML"] = page
		}, []string{"legacy/PAGE.HTML", "old/notice.htm"}, false},
		{"an attachment and a feed", func(m map[string][]byte) {
			m["policies/a/附件1.PDF"] = []byte{1}
			m["feed.xml"] = []byte("<feed/>")
		}, nil, false},
		{"the 404 page", func(m map[string][]byte) { m["404.html"] = []byte("没有") }, nil, true},
		{"many pages", func(m map[string][]byte) {
			for i := range maxChanged + 1 {
				m[string(rune('一'+i))+"/index.html"] = page
			}
		}, nil, true},
	} {
		next := maps.Clone(same)
		c.edit(next)
		pages, all := changedPages(held(prev), held(next))
		if !slices.Equal(pages, c.pages) || all != c.all {
			t.Errorf("%s: changedPages = %q, %v; want %q, %v", c.name, pages, all, c.pages, c.all)
		}
	}
	if _, all := changedPages(nil, held(prev)); !all {
		t.Error("changedPages from nothing: want all")
	}
}

// A watcher that could not watch every folder takes any change as a change
// of everything, so that no file is trusted by its size and time.
func TestBlindWatcher(t *testing.T) {
	dir := t.TempDir()
	w := &watcher{root: dir, known: map[string]bool{}}
	edit := fsnotify.Event{Name: filepath.Join(dir, "content", "policies", "a.md"), Op: fsnotify.Write}
	if changed, all := w.handle(edit); all || !slices.Equal(changed, []string{"content/policies/a.md"}) {
		t.Errorf("watching: handle = %q, %v; want the file alone", changed, all)
	}
	w.blind = true
	if changed, all := w.handle(edit); !all || len(changed) == 0 {
		t.Errorf("blind: handle = %q, %v; want everything", changed, all)
	}
	if changed, all := w.handle(fsnotify.Event{Name: edit.Name, Op: fsnotify.Chmod}); all || len(changed) != 0 {
		t.Errorf("blind, attributes only: handle = %q, %v; want nothing", changed, all)
	}
}

// TestNoEarlyLinkToWithheld: an edited page that links to a withheld
// document is not shown ahead of the build (which fails on that link):
// shown, it would disclose the withheld page's address.
func TestNoEarlyLinkToWithheld(t *testing.T) {
	site := testSite + `-- content/policies/b.md --
+++
title = "测试市内部工作方案"
organ = "测试市人民政府"
signed = 2026-02-20
published = 2026-02-25
topic = "社会信用/政务诚信"
disclosure = "不予公开"
exemption = "国家秘密"
reason = "测试"
review_by = 2027-02-20
+++
内部。
`
	h := startEarly(t, writeSite(t, site))
	if first := h.next(); first.Version != 1 || !first.OK {
		t.Fatalf("first event = %+v, want version 1, ok", first)
	}
	editFile(t, h.dir, "content/policies/a.md", "各地区要高度重视", "[方案](/policies/b/)。各地区要高度重视")
	if ev := h.next(); ev.Version != 2 || ev.OK {
		t.Fatalf("event after linking to a withheld document = %+v; want version 2, the failed build, with no early pages before it", ev)
	}
	h.builder.mu.Lock()
	early := h.builder.early
	h.builder.mu.Unlock()
	if len(early) != 0 {
		t.Errorf("%d early versions served; want none", len(early))
	}
	mustContain(t, "page with errors", h.get(pageA), `role="alert"`, "指向不公开的内容", "! /policies/b/\">")
}
