package generator_test

import (
	"context"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/diag"
	"gongkai/generator/internal/sitetest"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

// changingFS serves path p from MapFS the first time and with new content
// after, as when a file is saved while a build runs.
type changingFS struct {
	fstest.MapFS
	p, content string
	mu         sync.Mutex
	reads      int
}

func (c *changingFS) Open(name string) (fs.File, error) { return c.pick(name).Open(name) }

func (c *changingFS) ReadFile(name string) ([]byte, error) { return c.pick(name).ReadFile(name) }

// pick returns the file system to read name from: the original, or for
// the second and later reads of p, one holding the new content.
func (c *changingFS) pick(name string) fstest.MapFS {
	if name != c.p {
		return c.MapFS
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	if c.reads == 1 {
		return c.MapFS
	}
	return fstest.MapFS{c.p: &fstest.MapFile{Data: []byte(c.content)}}
}

// A one-off build reads bodies again after loading (it does not hold them
// all); the output is the same as when they are held, and a file changed
// in between is an error, never a page built from two versions.
func TestBodiesReadAgain(t *testing.T) {
	site := sitetest.Site(onePolicy)
	want := sitetest.BuildFS(t, site, "2026-01-01")
	if want.Err != nil {
		t.Fatal(want.Err)
	}
	page := string(want.Out.Files["policies/a/index.html"])
	if !strings.Contains(page, "高度重视") {
		t.Fatal("body missing from the page")
	}
	// Unchanged bytes on every read: the build succeeds.
	orig := string(site["content/policies/a.md"].Data)
	same := &changingFS{MapFS: sitetest.Site(onePolicy), p: "content/policies/a.md", content: orig}
	out := publish.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{Site: same, Defaults: gongkai.Layouts,
		Out: out, AsOf: model.MakeDate(2026, 1, 1)}); err != nil {
		t.Fatal(err)
	}
	if same.reads < 2 {
		t.Errorf("the body was read %d time(s): it should be read again after loading", same.reads)
	}
	if got := string(out.Files["policies/a/index.html"]); got != page {
		t.Error("page built from a re-read body differs from the page built from the loaded one")
	}
	// Changed after loading: an error naming the file.
	changed := &changingFS{MapFS: sitetest.Site(onePolicy), p: "content/policies/a.md",
		content: strings.Replace(orig, "高度重视", "认真落实", 1)}
	res, err := generator.Build(context.Background(), generator.Options{Site: changed, Defaults: gongkai.Layouts,
		Out: publish.NewMemory(), AsOf: model.MakeDate(2026, 1, 1)})
	if err == nil {
		t.Fatal("a file changed during the build was accepted")
	}
	found := 0
	for _, d := range res.Diags {
		if d.Severity == diag.Error && d.Pos.File == "content/policies/a.md" && strings.Contains(d.Msg, "在构建过程中被修改") {
			found++
		}
	}
	if found != 1 {
		t.Errorf("%d errors name the changed file, want 1: %v", found, res.Diags)
	}
}
