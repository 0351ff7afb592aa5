package generator_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/internal/sitetest"
	"gongkai/generator/model"
)

// diskSite is a session over a site in a folder, as serve has it: files
// with times, and builds told which files changed.
type diskSite struct {
	t     *testing.T
	dir   string
	fsys  *hookFS
	s     *generator.Session
	stamp time.Time
}

// hookFS is the folder's file system; hook, when set, runs before a file
// is opened (and may change the folder).
type hookFS struct {
	fs.FS
	hook func(name string)
}

func (h *hookFS) Open(name string) (fs.File, error) {
	if h.hook != nil {
		h.hook(name)
	}
	return h.FS.Open(name)
}

func newDiskSite(t *testing.T, archive string) *diskSite {
	t.Helper()
	dir := t.TempDir()
	for p, f := range sitetest.Site(archive) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := &hookFS{FS: os.DirFS(dir)}
	return &diskSite{t: t, dir: dir, fsys: h, stamp: time.Now(),
		s: generator.NewSession(generator.Options{Site: h, Defaults: gongkai.Layouts, AsOf: model.MakeDate(2026, 1, 1)})}
}

// save replaces old with new in a site file, with a new modification time.
func (d *diskSite) save(p, old, new string) {
	d.t.Helper()
	full := filepath.Join(d.dir, filepath.FromSlash(p))
	b, err := os.ReadFile(full)
	if err != nil || !bytes.Contains(b, []byte(old)) {
		d.t.Fatalf("%s has no %q (%v)", p, old, err)
	}
	if err := os.WriteFile(full, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		d.t.Fatal(err)
	}
	d.stamp = d.stamp.Add(time.Second)
	if err := os.Chtimes(full, d.stamp, d.stamp); err != nil {
		d.t.Fatal(err)
	}
}

// check compares the session's last output with a full build's.
func (d *diskSite) check(step string, files map[string][]byte) {
	d.t.Helper()
	mem := map[string][]byte{}
	for p, b := range files {
		mem[p] = b
	}
	want, _ := fullBuildDiags(d.t, sitetest.Site(readTree(d.t, d.dir)))
	for p, w := range want {
		if !bytes.Equal(mem[p], w) {
			d.t.Errorf("%s: %s differs from a full build", step, p)
		}
	}
	if len(mem) != len(want) {
		d.t.Errorf("%s: %d files, a full build has %d", step, len(mem), len(want))
	}
}

// readTree is a folder as a txtar archive.
func readTree(t *testing.T, dir string) string {
	t.Helper()
	var b bytes.Buffer
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		b.WriteString("-- " + filepath.ToSlash(rel) + " --\n")
		b.Write(data)
		if len(data) > 0 && data[len(data)-1] != '\n' {
			b.WriteByte('\n')
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSessionOnDisk: serve's session on a folder, told which files changed.
// A file changed without being named (an event the watcher lost) and read
// again during a build, or saved while the build runs, makes the build
// return a ChangedError naming it, not a build error; built again with it
// named, the output is a full build's. A build stopped after its load does
// not let the next one take the site model of the build before.
func TestSessionOnDisk(t *testing.T) {
	d := newDiskSite(t, config+policy("a", "测政发〔2017〕1号", "2017-01-01")+policy("b", "测政发〔2018〕2号", "2018-01-01")+citingC)
	ctx := context.Background()
	build := func(step string, changed ...string) (*generator.Result, error) {
		t.Helper()
		res, files, err := d.s.Build(ctx, changed)
		if err == nil {
			d.check(step, sitetest.Unpacked(t, files))
		}
		return res, err
	}
	if _, err := build("first build"); err != nil {
		t.Fatal(err)
	}
	const a, b, c = "content/policies/a.md", "content/policies/b.md", "content/policies/c.md"
	changedUnder := func(step string, err error, want string) {
		t.Helper()
		var ce *generator.ChangedError
		if !errors.As(err, &ce) || !slices.Equal(ce.Paths, []string{want}) {
			t.Fatalf("%s: error %v, want a ChangedError naming %s", step, err, want)
		}
	}

	// c saved without an event; a's title edited, so c's page (it cites
	// a) is made again from c's body.
	d.save(c, "2019年底前完成。", "2019年底前完成。\n\n补充一段。")
	d.save(a, "文件a", "文件甲")
	_, err := build("an unreported save", a)
	changedUnder("an unreported save", err, c)
	if _, err := build("built again with it", c); err != nil {
		t.Fatal(err)
	}

	// c saved while a build reads it again (after the load).
	d.save(a, "文件甲", "文件乙")
	d.fsys.hook = func(name string) {
		if name == c {
			d.fsys.hook = nil
			d.save(c, "补充一段。", "又补充一段。")
		}
	}
	_, err = build("a save during the build", a)
	changedUnder("a save during the build", err, c)
	if _, err := build("built again with it", c); err != nil {
		t.Fatal(err)
	}

	// A build stopped after its load (a's title read), then a body edit
	// of b alone: the site model must be resolved again (a's title shows
	// on c's page).
	d.save(a, "文件乙", "文件丙")
	stop, cancel := context.WithCancel(ctx)
	d.fsys.hook = func(name string) {
		if name == a {
			d.fsys.hook = nil
			cancel()
		}
	}
	if _, _, err := d.s.Build(stop, []string{a}); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped build: %v, want context.Canceled", err)
	}
	d.save(b, "正文。", "正文。\n\n补充。")
	res, err := build("a body edit after a stopped build", b)
	if err != nil {
		t.Fatal(err)
	}
	if res.ModelKept {
		t.Error("a body edit after a stopped build kept the model of the build before it")
	}
	d.save(b, "补充。", "再补充。")
	if res, err := build("a body edit", b); err != nil || !res.ModelKept {
		t.Errorf("a body edit: model kept %v (%v), want true", res != nil && res.ModelKept, err)
	}

	// A layout changed (every page is made again, the model kept), and c
	// saved while that build reads c's body again: a ChangedError naming
	// c, as when the model is resolved anew; built again with it, a full
	// build's output.
	base, err := fs.ReadFile(gongkai.Layouts, "layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(d.dir, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d.dir, "layouts", "base.html"), bytes.Replace(base, []byte("</body>"), []byte("<p>改</p></body>"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	d.fsys.hook = func(name string) {
		if name == c {
			d.fsys.hook = nil
			d.save(c, "又补充一段。", "再补充一段。")
		}
	}
	res, err = build("a save during a build that keeps the model", "layouts/base.html")
	changedUnder("a save during a build that keeps the model", err, c)
	if res == nil || !res.ModelKept {
		t.Error("a save during a build that keeps the model: the model was resolved anew (the step tests nothing)")
	}
	if _, err := build("built again with it", c); err != nil {
		t.Fatal(err)
	}

	// a's title edited again, twice: each time the model is resolved anew
	// from documents the content cache holds unchanged (c, which cites a),
	// and what resolve derives (c's citations) must not pile up in them.
	for _, title := range []string{"文件丁", "文件戊"} {
		b, err := os.ReadFile(filepath.Join(d.dir, a))
		if err != nil {
			t.Fatal(err)
		}
		old := "文件丙"
		if bytes.Contains(b, []byte("文件丁")) {
			old = "文件丁"
		}
		d.save(a, old, title)
		if res, err := build("a's title edited to "+title, a); err != nil || res.ModelKept {
			t.Fatalf("a's title edited to %s: model kept %v (%v), want false", title, res != nil && res.ModelKept, err)
		}
	}
}
