package generator_test

import (
	"bytes"
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/diag"
	"gongkai/generator/internal/sitetest"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

// fullBuild builds fsys from scratch, as `gongkai build` would.
func fullBuild(t *testing.T, fsys fstest.MapFS) map[string][]byte {
	t.Helper()
	files, _ := fullBuildDiags(t, fsys)
	return files
}

// sameFiles compares a session's files with a full build's; the session
// keeps every page packed (serve holds them all in memory) but the
// redirects of aliases (a few bytes, not kept by the memo).
func sameFiles(t *testing.T, step string, files map[string]publish.File, want map[string][]byte) {
	t.Helper()
	got := sitetest.Unpacked(t, files)
	for p, f := range files {
		if strings.HasSuffix(p, ".html") && !f.Packed() && !strings.Contains(string(got[p]), `http-equiv="refresh"`) {
			t.Errorf("%s: page %s is not kept packed", step, p)
		}
	}
	for p, w := range want {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: %s missing from the incremental build", step, p)
		} else if !bytes.Equal(g, w) {
			t.Errorf("%s: %s differs from a full build", step, p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s only in the incremental build", step, p)
		}
	}
}

// citingC is a policy that cites a (测政发〔2017〕1号), has one task, and
// names 《文件甲》, the title that steps below give a (linked once it is).
const citingC = `
-- content/policies/c.md --
+++
title = "引用文件"
organ = "测试市人民政府"
signed = 2019-01-01
published = 2019-01-02
topic = "综合政务/其他"
+++
依据测政发〔2017〕1号，〔牵头单位：市发改委；配合单位：各有关部门〕2019年底前完成。

参照《文件甲》执行。
`

// TestSessionMatchesFullBuild edits a site step by step and checks after
// each step that the session's (cached, memoised) rebuild gives exactly the
// files of a fresh full build.
func TestSessionMatchesFullBuild(t *testing.T) {
	fsys := sitetest.Site(config +
		policy("a", "测政发〔2017〕1号", "2017-01-01") +
		policy("b", "测政发〔2018〕2号", "2018-01-01") + citingC)
	s := generator.NewSession(generator.Options{Site: fsys, Defaults: gongkai.Layouts, AsOf: model.MakeDate(2026, 1, 1)})
	policyD := strings.Replace(policy("d", "测政发〔2020〕3号", "2020-03-01", `repeals = ["测政发〔2017〕1号"]`), "-- content/policies/d.md --\n", "", 1)
	// reused: document pages the rebuild must take from the previous build
	// (-1: not checked).
	// patched: documents the search index patched in (-1: made whole;
	// -2: not checked).
	steps := []struct {
		name    string
		edit    func()
		reused  int
		patched int
	}{
		{"first build", func() {}, 0, -1},
		{"nothing changed", func() {}, 3, 0},
		{"body edited", func() {
			f := fsys["content/policies/b.md"]
			f.Data = append(bytes.Clone(f.Data), []byte("新增一段。\n")...)
		}, 2, 1},
		// a becomes 废止 (its page and c's, which cites a, change); b stays.
		{"another document repeals a", func() { fsys["content/policies/d.md"] = &fstest.MapFile{Data: []byte(policyD)} }, 1, -1},
		// a and c (which cites a) change; b and d (whose page does not
		// show what it repeals) stay. Only a's indexed text changed.
		{"title of a cited document changed", func() {
			f := fsys["content/policies/a.md"]
			f.Data = bytes.Replace(f.Data, []byte("文件a"), []byte("文件甲"), 1)
		}, 2, 1},
		// c's task changes; a, b, d stay.
		{"task progress", func() {
			files := fullBuild(t, fsys)
			id := between(string(files["data/tasks.json"]), `"id":"`, `"`)
			fsys["content/tasks/progress/p.toml"] = &fstest.MapFile{Data: []byte("[[progress]]\ntask = \"" + id + "\"\nstatus = \"已完成\"\n")}
		}, 3, 0},
		{"nothing changed again", func() {}, 4, 0},
		// Only the 404 page uses 404.html: every other page is reused.
		{"layout changed", func() {
			fsys["layouts/404.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h1>找不到页面</h1>{{end}}`)}
		}, 4, 0},
		// base.html is every page's.
		{"base layout changed", func() {
			f := fsys["layouts/base.html"]
			if f == nil {
				b, err := fs.ReadFile(gongkai.Layouts, "layouts/base.html")
				if err != nil {
					t.Fatal(err)
				}
				f = &fstest.MapFile{Data: b}
			}
			fsys["layouts/base.html"] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte("</body>"), []byte("<p>改</p></body>"), 1)}
		}, 0, 0},
		{"config changed", func() {
			f := fsys["config.toml"]
			f.Data = bytes.Replace(f.Data, []byte("测试市人民政府\""), []byte("测试市人民政府门户\""), 1)
		}, 0, -2},
		// c's task names 市发改委, now an alias: its unit pages and c's page change.
		{"unit alias added", func() {
			f := fsys["config.toml"]
			f.Data = append(bytes.Clone(f.Data), []byte("[units]\n\"市发展和改革委员会\" = [\"市发改委\"]\n")...)
		}, 0, -2},
		// c's task's title changes, not its id (which ignores spaces):
		// c's page, the unit pages and the task exports change.
		{"task text edited", func() {
			f := fsys["content/policies/c.md"]
			f.Data = bytes.Replace(f.Data, []byte("依据测政发"), []byte("依据 测政发"), 1)
		}, -1, 1},
		// One alias mistyped as two names in one, then split: the units
		// of c's task are canonical again.
		{"unit aliases merged", func() {
			f := fsys["config.toml"]
			f.Data = bytes.Replace(f.Data, []byte(`["市发改委"]`), []byte(`["市发改委 市财政局"]`), 1)
		}, -1, -2},
		{"unit aliases split", func() {
			f := fsys["config.toml"]
			f.Data = bytes.Replace(f.Data, []byte(`["市发改委 市财政局"]`), []byte(`["市发改委", "市财政局"]`), 1)
		}, -1, -2},
		{"document removed", func() { delete(fsys, "content/policies/b.md") }, 3, -1},
		// a's 索引号 comes from the lock now; then the lock is edited.
		{"index lock written", func() {
			fsys["indexno.lock"] = &fstest.MapFile{Data: []byte("[documents]\n\"/policies/a/\" = \"000000001/2017-00099\"\n")}
		}, -1, 0},
		{"index lock edited", func() {
			fsys["indexno.lock"] = &fstest.MapFile{Data: []byte("[documents]\n\"/policies/a/\" = \"000000001/2017-00098\"\n")}
		}, -1, 0},
		// As many documents as before, in another URL order (search ids).
		{"document renamed", func() {
			fsys["content/policies/0d.md"] = fsys["content/policies/d.md"]
			delete(fsys, "content/policies/d.md")
		}, -1, -2},
	}
	allPages := 0 // other pages reused when nothing changed
	for _, st := range steps {
		st.edit()
		_, files, err := s.Build(context.Background(), nil)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		sameFiles(t, st.name, files, fullBuild(t, fsys))
		docs, pages := s.Reused()
		if st.reused >= 0 && docs != st.reused {
			t.Errorf("%s: %d document pages reused, want %d", st.name, docs, st.reused)
		}
		if got := s.IndexPatched(); st.patched > -2 && got != st.patched {
			t.Errorf("%s: the search index patched %d documents in, want %d", st.name, got, st.patched)
		}
		html := 0
		for p := range files {
			if strings.HasSuffix(p, ".html") && !strings.HasPrefix(p, "policies/") {
				html++
			}
		}
		if st.name == "nothing changed" && pages < html {
			t.Errorf("%s: %d other pages reused, want all %d", st.name, pages, html)
		}
		if strings.HasPrefix(st.name, "nothing changed") {
			allPages = pages
		}
		if st.name == "layout changed" && pages != allPages-1 {
			t.Errorf("%s: %d other pages reused, want all %d but the 404 page", st.name, pages, allPages-1)
		}
	}
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return s
}

// TestSessionScanCache: the personal-data findings of a document are kept
// between builds, but never outlive the text they were found in: a number
// added, removed, added again, or allowed with allow_pii is seen each time.
func TestSessionScanCache(t *testing.T) {
	fsys := sitetest.Site(config + policy("a", "测政发〔2017〕1号", "2017-01-01") + policy("b", "测政发〔2018〕2号", "2018-01-01"))
	s := generator.NewSession(generator.Options{Site: fsys, Defaults: gongkai.Layouts, AsOf: model.MakeDate(2026, 1, 1)})
	orig := fsys["content/policies/b.md"].Data
	withPhone := append(bytes.Clone(orig), []byte("联系电话：13912345678。\n")...)
	allowed := bytes.Replace(withPhone, []byte("+++\n正文"), []byte("allow_pii = [\"13912345678\"]\n+++\n正文"), 1)
	splitByRef := append(bytes.Clone(orig), []byte("联系电话：139&#x20;1234 5678。\n")...)
	// A number in the title, then the same title a line further down
	// (swapped with the next key), the body where it was: the finding
	// moves with the title.
	inTitle := bytes.Replace(orig, []byte("title = \"文件b"), []byte("title = \"文件b 13912345678"), 1)
	head := strings.SplitN(string(inTitle), "\n", 4) // +++, title, doc_number, the rest
	titleMoved := []byte(strings.Join([]string{head[0], head[2], head[1], head[3]}, "\n"))
	steps := []struct {
		name    string
		data    []byte
		changed []string
		fails   bool
	}{
		{"clean", orig, nil, false},
		{"a phone number added", withPhone, []string{"content/policies/b.md"}, true},
		{"nothing changed", withPhone, []string{}, true},
		{"removed", orig, []string{"content/policies/b.md"}, false},
		{"added again", withPhone, []string{"content/policies/b.md"}, true},
		{"replaced by text of the same length", bytes.Replace(withPhone, []byte("13912345678"), []byte("xxxxxxxxxxx"), 1), []string{"content/policies/b.md"}, false},
		{"and back", withPhone, []string{"content/policies/b.md"}, true},
		{"allowed", allowed, []string{"content/policies/b.md"}, false},
		{"nothing changed after allowing", allowed, []string{}, false},
		// Split by a character reference: only the page's text shows the
		// number whole (render's check), and a reused page reports it again.
		{"split by markup", splitByRef, []string{"content/policies/b.md"}, true},
		{"nothing changed while split", splitByRef, []string{}, true},
		{"in the title", inTitle, []string{"content/policies/b.md"}, true},
		{"title moved down a line", titleMoved, []string{"content/policies/b.md"}, true},
	}
	for _, st := range steps {
		fsys["content/policies/b.md"] = &fstest.MapFile{Data: st.data}
		res, _, err := s.Build(context.Background(), st.changed)
		if failed := err != nil; failed != st.fails {
			t.Errorf("%s: build error %v, want failure %v", st.name, err, st.fails)
		}
		var msgs []string
		for _, d := range res.Diags {
			msgs = append(msgs, d.Pos.File+": "+d.Msg+" — "+d.Fix)
		}
		if named := strings.Contains(strings.Join(msgs, "\n"), "139****5678"); named != st.fails {
			t.Errorf("%s: diagnostics name the masked number: %v, want %v:\n%s", st.name, named, st.fails, strings.Join(msgs, "\n"))
		}
		// The lines shown with a diagnostic are the file's lines as they
		// are now (taken from the session's cache, not from an old read).
		lines := strings.Split(string(st.data), "\n")
		for _, d := range res.Diags {
			if d.Pos.File != "content/policies/b.md" || d.Pos.Line <= 0 {
				continue
			}
			if i := d.Pos.Line - d.CtxStart; i < 0 || i >= len(d.Context) || d.Context[i] != lines[d.Pos.Line-1] {
				t.Errorf("%s: context of line %d is %q (from %d), want %q", st.name, d.Pos.Line, d.Context, d.CtxStart, lines[d.Pos.Line-1])
			}
			// and the line named is where the number is now.
			if strings.Contains(d.Msg, "139****5678") && !strings.Contains(lines[d.Pos.Line-1], "13912345678") {
				t.Errorf("%s: finding at line %d, which is %q", st.name, d.Pos.Line, lines[d.Pos.Line-1])
			}
		}
	}
}

// TestSessionEarlyPages: after an edit of one document, BuildPagesEarly
// hands over that document's page alone, first; a page the edit changes
// elsewhere (a document citing it shows its title) comes with the rest,
// and the whole output is a full build's.
func TestSessionEarlyPages(t *testing.T) {
	fsys := sitetest.Site(config + policy("a", "测政发〔2017〕1号", "2017-01-01") + citingC)
	s := generator.NewSession(generator.Options{Site: fsys, Defaults: gongkai.Layouts, AsOf: model.MakeDate(2026, 1, 1)})
	build := func(changed []string) (map[string][]byte, map[string]publish.File) {
		t.Helper()
		var early map[string][]byte
		_, files, err := s.BuildPagesEarly(context.Background(), changed, func(pages map[string]publish.File) { early = sitetest.Unpacked(t, pages) })
		if err != nil {
			t.Fatal(err)
		}
		idx, err := s.BuildIndex(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for p, b := range idx {
			files[p] = b
		}
		return early, files
	}
	if early, _ := build(nil); early != nil {
		t.Errorf("first build: early pages %d, want none (nothing is known to be edited)", len(early))
	}
	before := fullBuild(t, fsys)
	f := fsys["content/policies/a.md"]
	f.Data = bytes.Replace(f.Data, []byte("文件a"), []byte("文件甲"), 1)
	early, files := build([]string{"content/policies/a.md"})
	if len(early) != 1 || !bytes.Contains(early["policies/a/index.html"], []byte("文件甲")) {
		t.Fatalf("early pages %d (want a's page alone, with its new title)", len(early))
	}
	want := fullBuild(t, fsys)
	sameFiles(t, "title edited", files, want)
	if bytes.Equal(before["policies/c/index.html"], want["policies/c/index.html"]) {
		t.Error("c's page did not change with the title of the document it cites: the test shows nothing")
	}
	// Two more edits of a; with the second, c's task is reported done
	// (a progress file): its unit pages and exports must follow although
	// c was not edited and a's page came first.
	f.Data = bytes.Replace(f.Data, []byte("文件甲"), []byte("文件乙"), 1)
	_, files = build([]string{"content/policies/a.md"})
	sameFiles(t, "title edited again", files, fullBuild(t, fsys))
	id := between(string(sitetest.Unpacked(t, files)["data/tasks.json"]), `"id":"`, `"`)
	f.Data = bytes.Replace(f.Data, []byte("文件乙"), []byte("文件丙"), 1)
	fsys["content/tasks/progress/p.toml"] = &fstest.MapFile{Data: []byte("[[progress]]\ntask = \"" + id + "\"\nstatus = \"已完成\"\n")}
	_, files = build([]string{"content/policies/a.md", "content/tasks/progress/p.toml"})
	sameFiles(t, "title edited and a task of another document done", files, fullBuild(t, fsys))
}

// TestSessionKeepsModel: a rebuild after edits of bodies alone, with the
// same citations, tasks and validity clauses in them, keeps the last site
// model (resolve.Memo) with the new bodies; any other change resolves the
// site again. Either way the files and the diagnostics are a full build's.
func TestSessionKeepsModel(t *testing.T) {
	policyE := strings.Replace(policy("e", "测政发〔2019〕5号", "2019-01-01"), "正文。\n", "本办法自印发之日起施行，有效期5年。\n", 1)
	fsys := sitetest.Site(config + policy("a", "测政发〔2017〕1号", "2017-01-01") + policy("b", "测政发〔2018〕2号", "2018-01-01") + citingC + policyE)
	s := generator.NewSession(generator.Options{Site: fsys, Defaults: gongkai.Layouts, AsOf: model.MakeDate(2026, 1, 1)})
	body := func(name, old, new string) func() {
		return func() {
			f := fsys["content/policies/"+name+".md"]
			if !bytes.Contains(f.Data, []byte(old)) {
				t.Fatalf("%s.md has no %q", name, old)
			}
			f.Data = bytes.Replace(f.Data, []byte(old), []byte(new), 1)
		}
	}
	steps := []struct {
		name string
		edit func()
		kept bool
	}{
		{"first build", func() {}, false},
		{"a paragraph added to b", body("b", "正文。\n", "正文。\n\n新增一段。\n"), true},
		{"a line before c's task (its position moves)", body("c", "依据", "前言一句。\n\n依据"), true},
		// e's clause has a warning (no valid_years): its line moves with it.
		{"a line before e's validity clause", body("e", "本办法", "前言一句。\n\n本办法"), false},
		{"a paragraph after e's clause", body("e", "有效期5年。\n", "有效期5年。\n\n后记。\n"), true},
		{"nothing changed", func() {}, true},
		{"b cites a", body("b", "新增一段。", "依据测政发〔2017〕1号，新增一段。"), false},
		{"c's task edited", body("c", "牵头单位：市发改委", "牵头单位：市财政局"), false},
		{"task progress", func() {
			files := fullBuild(t, fsys)
			id := between(string(files["data/tasks.json"]), `"id":"`, `"`)
			fsys["content/tasks/progress/p.toml"] = &fstest.MapFile{Data: []byte("[[progress]]\ntask = \"" + id + "\"\nstatus = \"已完成\"\n")}
		}, false},
		// Only the log and the evidence change: the task's pages and
		// exports show them.
		{"task progress log", func() {
			f := fsys["content/tasks/progress/p.toml"]
			f.Data = append(bytes.Clone(f.Data), "log = [{date = 2018-05-01, text = \"已启动\"}]\nevidence = [{url = \"/policies/\"}]\n"...)
		}, false},
		{"b's title changed", body("b", "文件b", "文件乙"), false},
		{"a paragraph added to a", body("a", "正文。\n", "正文。\n\n补充。\n"), true},
		{"config changed", func() {
			f := fsys["config.toml"]
			f.Data = bytes.Replace(f.Data, []byte("测试市人民政府\""), []byte("测试市人民政府门户\""), 1)
		}, false},
		{"a document removed", func() { delete(fsys, "content/policies/b.md") }, false},
	}
	for _, st := range steps {
		st.edit()
		res, files, err := s.Build(context.Background(), nil)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if res.ModelKept != st.kept {
			t.Errorf("%s: model kept %v, want %v", st.name, res.ModelKept, st.kept)
		}
		want, wantDiags := fullBuildDiags(t, fsys)
		sameFiles(t, st.name, files, want)
		if got := diagStrings(res.Diags); !slices.Equal(got, wantDiags) {
			t.Errorf("%s: diagnostics\n%s\nwant (a full build's)\n%s", st.name, strings.Join(got, "\n"), strings.Join(wantDiags, "\n"))
		}
	}
}

// fullBuildDiags is fullBuild with the build's diagnostics.
func fullBuildDiags(t *testing.T, fsys fstest.MapFS) (map[string][]byte, []string) {
	t.Helper()
	mem := publish.NewMemory()
	res, err := generator.Build(context.Background(), generator.Options{Site: fsys, Defaults: gongkai.Layouts,
		Out: publish.Minifying{M: publish.NewMinifier(), Next: mem}, AsOf: model.MakeDate(2026, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return mem.Files, diagStrings(res.Diags)
}

func diagStrings(ds []diag.Diagnostic) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String() + " | " + strings.Join(d.Context, "⏎")
	}
	return out
}
