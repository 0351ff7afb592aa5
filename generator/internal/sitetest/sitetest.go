// Package sitetest builds sites written inline as txtar archives, in memory,
// and checks the output files. Tests read like the site they describe:
//
//	b := sitetest.Build(t, `
//	-- config.toml --
//	title = "示例"
//	-- content/policies/a.md --
//	+++
//	…
//	+++
//	正文`, "2026-01-01")
//	b.AssertFile("policies/a/index.html", "有效", "! 废止")
package sitetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/diag"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

// Builder is the result of building a test site.
type Builder struct {
	T      testing.TB
	FS     fstest.MapFS
	Out    *publish.Memory
	Result *generator.Result
	Err    error
}

// Site turns a txtar archive ("-- name --" lines, each followed by the
// file's content) into a file system. Text before the first marker is a
// comment.
func Site(archive string) fstest.MapFS {
	fs := fstest.MapFS{}
	var name string
	var data []byte
	flush := func() {
		if name != "" {
			fs[name] = &fstest.MapFile{Data: data, Mode: 0o644}
		}
	}
	for _, line := range strings.SplitAfter(archive, "\n") {
		t := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			name, data = strings.TrimSpace(t[3:len(t)-3]), []byte{}
			continue
		}
		if name != "" {
			data = append(data, line...)
		}
	}
	flush()
	return fs
}

// Build builds the site in archive as of asOf (YYYY-MM-DD), minified as in
// production, and fails the test if the build fails.
func Build(t testing.TB, archive, asOf string) *Builder {
	t.Helper()
	b := TryBuild(t, archive, asOf)
	if b.Err != nil {
		t.Fatalf("build failed: %v\n%s", b.Err, b.Diags())
	}
	return b
}

// TryBuild builds the site and returns the result whatever happened.
func TryBuild(t testing.TB, archive, asOf string) *Builder {
	t.Helper()
	return BuildFS(t, Site(archive), asOf)
}

// BuildFS builds a site given as a file system.
func BuildFS(t testing.TB, fsys fstest.MapFS, asOf string) *Builder {
	t.Helper()
	d, err := model.ParseISO(asOf)
	if err != nil {
		t.Fatalf("bad asOf: %v", err)
	}
	mem := publish.NewMemory()
	res, err := generator.Build(context.Background(), generator.Options{
		Site: fsys, Defaults: gongkai.Layouts, Out: publish.Minifying{M: publish.NewMinifier(), Next: mem}, AsOf: d,
	})
	return &Builder{T: t, FS: fsys, Out: mem, Result: res, Err: err}
}

// Diags formats every diagnostic, one a line.
func (b *Builder) Diags() string {
	var ds []diag.Diagnostic
	var be *diag.BuildError
	if errors.As(b.Err, &be) {
		ds = be.Diags
	} else if b.Result != nil {
		ds = b.Result.Diags
	}
	var s strings.Builder
	for _, d := range ds {
		s.WriteString(d.String())
		s.WriteByte('\n')
	}
	return s.String()
}

// File returns an output file's content, failing the test if it is absent.
func (b *Builder) File(p string) string {
	b.T.Helper()
	data, ok := b.Out.Files[p]
	if !ok {
		b.T.Fatalf("no output file %s; files: %v", p, firstPaths(b.Out.Paths(), 40))
	}
	return string(data)
}

func firstPaths(ps []string, n int) []string {
	if len(ps) > n {
		return append(ps[:n:n], "…")
	}
	return ps
}

// AssertFile checks that file p contains each substring; a line starting
// with "! " must not occur.
func (b *Builder) AssertFile(p string, subs ...string) {
	b.T.Helper()
	content := b.File(p)
	for _, s := range subs {
		if neg, ok := strings.CutPrefix(s, "! "); ok {
			if strings.Contains(content, neg) {
				b.T.Errorf("%s: unexpected %q", p, neg)
			}
		} else if !strings.Contains(content, s) {
			b.T.Errorf("%s: missing %q\n--- content (first 3000 bytes):\n%s", p, s, head(content, 3000))
		}
	}
}

// AssertNoFile checks that p was not written.
func (b *Builder) AssertNoFile(p string) {
	b.T.Helper()
	if _, ok := b.Out.Files[p]; ok {
		b.T.Errorf("unexpected output file %s", p)
	}
}

// AssertDiag checks that the build reported a diagnostic containing each
// substring (all in the same diagnostic line).
func (b *Builder) AssertDiag(subs ...string) {
	b.T.Helper()
	for _, line := range strings.Split(b.Diags(), "\n") {
		ok := true
		for _, s := range subs {
			if !strings.Contains(line, s) {
				ok = false
				break
			}
		}
		if ok {
			return
		}
	}
	b.T.Errorf("no diagnostic with %q; got:\n%s", subs, b.Diags())
}

func head(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Unpacked is the bytes of files as serve holds them (pages packed).
func Unpacked(t testing.TB, files map[string]publish.File) map[string][]byte {
	t.Helper()
	m, err := publish.Unpacked(files)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
