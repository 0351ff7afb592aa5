package content

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gongkai/generator/config"
	"gongkai/generator/diag"
)

// TestCacheChanged: with a list of changed files, a file not on it is not
// read again; a listed file, or any file when the list is unknown (nil), is
// read and its new content used. Stale lists the files whose size or time
// changed since they were read.
func TestCacheChanged(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "content", "policies", "a.md")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	doc := func(title string) string {
		return "+++\ntitle = \"" + title + "\"\norgan = \"示例市人民政府\"\nsigned = 2020-01-02\npublished = 2020-01-03\ntopic = \"综合政务/其他\"\n+++\n正文。\n"
	}
	stamp := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	write := func(title string) {
		if err := os.WriteFile(file, []byte(doc(title)), 0o644); err != nil {
			t.Fatal(err)
		}
		// The same size and time as before: only the bytes differ.
		if err := os.Chtimes(file, stamp, stamp); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	cfg := config.Parse("config.toml", nil, &diag.List{})
	var c Cache
	title := func(changed []string) string {
		t.Helper()
		c.Changed(changed)
		diags := &diag.List{}
		res := Load(fsys, cfg, diags, &c)
		if diags.HasErrors() || len(res.Docs) != 1 {
			t.Fatalf("load: %d documents, %v", len(res.Docs), diags.Sorted())
		}
		return res.Docs[0].Title
	}
	write("甲甲")
	if got := title(nil); got != "甲甲" {
		t.Fatalf("first load: %q", got)
	}
	write("乙乙")
	if got := title([]string{}); got != "甲甲" {
		t.Errorf("nothing named as changed, same size and time: %q, want the cached 甲甲 (the file was read again)", got)
	}
	if got := title([]string{"content/policies/a.md"}); got != "乙乙" {
		t.Errorf("file named as changed: %q, want 乙乙", got)
	}
	write("丙丙")
	if got := title([]string{"content/policies"}); got != "丙丙" {
		t.Errorf("its folder named as changed: %q, want 丙丙", got)
	}
	write("丁丁")
	if got := title(nil); got != "丁丁" {
		t.Errorf("changes unknown: %q, want 丁丁", got)
	}
	// A new time (an ordinary save) is seen without being named.
	if err := os.WriteFile(file, []byte(doc("戊戊")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, stamp.Add(time.Second), stamp.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	// A new time (an ordinary save the watcher did not report) is not
	// looked for during a load, but Stale finds it.
	if got := title([]string{}); got != "丁丁" {
		t.Errorf("new modification time, not named: %q, want the cached 丁丁 (the load looked at the file)", got)
	}
	stale := c.Stale(context.Background(), fsys)
	if len(stale) != 1 || stale[0] != "content/policies/a.md" {
		t.Fatalf("Stale = %q, want the file whose time changed", stale)
	}
	if got := title(stale); got != "戊戊" {
		t.Errorf("named by Stale: %q, want 戊戊", got)
	}
	if stale := c.Stale(context.Background(), fsys); len(stale) != 0 {
		t.Errorf("Stale after the file was read again = %q, want none", stale)
	}
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	if stale := c.Stale(context.Background(), fsys); len(stale) != 1 {
		t.Errorf("Stale after the file was removed = %q, want the file", stale)
	}
}

// TestCacheForgets: a file the last finished load did not find is
// forgotten; builds that stopped before their load (a configuration error)
// forget nothing.
func TestCacheForgets(t *testing.T) {
	dir := t.TempDir()
	doc := "+++\ntitle = \"甲\"\norgan = \"示例市人民政府\"\nsigned = 2020-01-02\npublished = 2020-01-03\ntopic = \"综合政务/其他\"\n+++\n正文。\n"
	for _, n := range []string{"a", "b"} {
		p := filepath.Join(dir, "content", "policies", n+".md")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	cfg := config.Parse("config.toml", nil, &diag.List{})
	var c Cache
	load := func() {
		c.Changed(nil)
		Load(fsys, cfg, &diag.List{}, &c)
	}
	load()
	c.Changed(nil) // two builds that stop before their load
	c.Changed(nil)
	if _, ok := c.m["content/policies/a.md|false"]; !ok || len(c.m) != 2 {
		t.Fatalf("after builds without a load: %d entries, want both files", len(c.m))
	}
	if err := os.Remove(filepath.Join(dir, "content", "policies", "b.md")); err != nil {
		t.Fatal(err)
	}
	load()
	c.Changed(nil)
	if _, ok := c.m["content/policies/b.md|false"]; ok || len(c.m) != 1 {
		t.Errorf("after b.md was removed: %d entries, b.md kept %v; want a.md alone", len(c.m), ok)
	}
	if src, ok := c.Source("content/policies/b.md"); ok {
		t.Errorf("Source of a removed file: %q", src)
	}
}

// TestCacheKeepsQuotedSources: the cache holds a file's bytes for the load
// that read it, then only for the files KeepSources names; a change of the
// same length is still seen when every file is compared.
func TestCacheKeepsQuotedSources(t *testing.T) {
	dir := t.TempDir()
	doc := func(title string) string {
		return "+++\ntitle = \"" + title + "\"\norgan = \"示例市人民政府\"\nsigned = 2020-01-02\npublished = 2020-01-03\ntopic = \"综合政务/其他\"\n+++\n正文。\n"
	}
	write := func(n, text string) {
		p := filepath.Join(dir, "content", "policies", n+".md")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a", doc("甲"))
	write("b", doc("乙"))
	fsys := os.DirFS(dir)
	cfg := config.Parse("config.toml", nil, &diag.List{})
	var c Cache
	load := func(changed []string) *Result {
		c.Changed(changed)
		return Load(fsys, cfg, &diag.List{}, &c)
	}
	const a, b = "content/policies/a.md", "content/policies/b.md"
	has := func(p string) bool { _, ok := c.Source(p); return ok }
	load(nil)
	if !has(a) || !has(b) {
		t.Fatal("Source: the files the load read are missing")
	}
	for k, e := range c.m {
		if e.doc.Body != nil {
			t.Errorf("%s: the cache holds the body (the site's Bodies reads it again)", k)
		}
	}
	c.KeepSources([]string{a})
	load([]string{}) // nothing changed: neither file is read
	if !has(a) || has(b) {
		t.Errorf("after KeepSources(a): Source(a) %v, Source(b) %v; want true, false", has(a), has(b))
	}
	write("b", doc("丙")) // same length, other bytes
	res := load(nil)
	if !has(b) {
		t.Error("Source(b) after b was read again: missing")
	}
	titles := map[string]bool{}
	for _, d := range res.Docs {
		titles[d.Title] = true
	}
	if !titles["丙"] || titles["乙"] {
		t.Errorf("titles after an edit of the same length: %v, want 丙 (the edit seen)", titles)
	}
}

// TestCacheListing: when every change is named and none adds or removes
// a file, a load takes the folders' listing of the last one instead of
// reading the folders again; a named new or removed file, or an unknown
// change (nil), reads them again. A file added or removed without being
// named is not seen by such a load, but Stale names it, and the load
// given Stale's list sees it.
func TestCacheListing(t *testing.T) {
	dir := t.TempDir()
	doc := "+++\ntitle = \"甲\"\norgan = \"示例市人民政府\"\nsigned = 2020-01-02\npublished = 2020-01-03\ntopic = \"综合政务/其他\"\n+++\n正文。\n"
	write := func(name string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(name string) {
		t.Helper()
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	write("content/policies/a.md")
	write("static/a.txt")
	fsys := os.DirFS(dir)
	cfg := config.Parse("config.toml", nil, &diag.List{})
	var c Cache
	load := func(changed []string) (docs, static int) {
		t.Helper()
		c.Changed(changed)
		diags := &diag.List{}
		res := Load(fsys, cfg, diags, &c)
		if diags.HasErrors() {
			t.Fatalf("load: %v", diags.Sorted())
		}
		return len(res.Docs), len(res.Static)
	}
	want := func(step string, changed []string, docs, static int) {
		t.Helper()
		if d, s := load(changed); d != docs || s != static {
			t.Errorf("%s: %d documents and %d static files, want %d and %d", step, d, s, docs, static)
		}
	}
	want("first load", nil, 1, 1)
	write("content/policies/b.md")
	want("a new file named", []string{"content/policies/b.md"}, 2, 1)
	write("content/policies/c.md")
	write("static/b.txt")
	want("new files not named, an edit named", []string{"content/policies/a.md"}, 2, 1)
	stale := c.Stale(context.Background(), fsys)
	if want := []string{"content/policies/c.md", "static/b.txt"}; !slices.Equal(stale, want) {
		t.Fatalf("Stale = %q, want %q", stale, want)
	}
	want("Stale's list", stale, 3, 2)
	if stale := c.Stale(context.Background(), fsys); len(stale) != 0 {
		t.Errorf("Stale after that = %q, want none", stale)
	}
	remove("content/policies/b.md")
	want("a removed file named", []string{"content/policies/b.md"}, 2, 2)
	remove("static/b.txt")
	want("a removed file not named", []string{}, 2, 2)
	if stale := c.Stale(context.Background(), fsys); !slices.Equal(stale, []string{"static/b.txt"}) {
		t.Errorf("Stale after a removal = %q, want static/b.txt", stale)
	}
	write("content/policies/d.md")
	want("changes unknown", nil, 3, 1)
	if err := os.Mkdir(filepath.Join(dir, "content", "policies", "e"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("content/policies/e/index.md")
	want("a new folder named", []string{"content/policies/e"}, 4, 1)
}

// TestStaleStops: a sweep whose context is done stops early with what it
// found so far (serve stops it when an edit's event comes).
func TestStaleStops(t *testing.T) {
	dir := t.TempDir()
	doc := "+++\ntitle = \"甲\"\norgan = \"示例市人民政府\"\nsigned = 2020-01-02\npublished = 2020-01-03\ntopic = \"综合政务/其他\"\n+++\n正文。\n"
	if err := os.MkdirAll(filepath.Join(dir, "content", "policies"), 0o755); err != nil {
		t.Fatal(err)
	}
	const n = 600
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, "content", "policies", fmt.Sprintf("p%03d.md", i)), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	var c Cache
	c.Changed(nil)
	diags := &diag.List{}
	if res := Load(fsys, config.Parse("config.toml", nil, diags), diags, &c); len(res.Docs) != n {
		t.Fatalf("load: %d documents, %v", len(res.Docs), diags.Sorted())
	}
	later := time.Now().Add(time.Hour)
	for i := range n {
		if err := os.Chtimes(filepath.Join(dir, "content", "policies", fmt.Sprintf("p%03d.md", i)), later, later); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got := len(c.Stale(ctx, fsys)); got >= n/2 {
		t.Errorf("stopped sweep: %d files, want it to stop early", got)
	}
	if got := len(c.Stale(context.Background(), fsys)); got != n {
		t.Errorf("whole sweep: %d files, want %d", got, n)
	}
}
