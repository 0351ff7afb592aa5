// Package sitecheck checks the published site as citizens meet it. Its tests
// build the repository's own sample site (config.toml and content/) in
// memory and check the output: meta tags, headings, languages, links,
// anchors, feeds and the sitemap without a browser; accessibility (axe-core),
// the 适老化 mode, narrow-screen layout and printing in headless Chromium.
//
// The small helpers here are shared by the tests and by the screenshot
// program (internal/cmd/screenshots).
package sitecheck

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing/fstest"
	"time"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

// AsOf is the fixed "today" of the sample builds, so tags, overdue tasks and
// credit periods do not change with the calendar.
var AsOf = model.Date(20261122)

// SiteFS reads a site's sources from dir: config.toml, content/ and static/
// (not layouts/, so the built-in layouts are what gets checked). A non-empty
// baseURL replaces the base_url line of config.toml.
func SiteFS(dir, baseURL string) (fstest.MapFS, error) {
	m := fstest.MapFS{}
	cfg, err := os.ReadFile(filepath.Join(dir, "config.toml"))
	if err != nil {
		return nil, err
	}
	if baseURL != "" {
		cfg = setBaseURL(cfg, baseURL)
	}
	m["config.toml"] = &fstest.MapFile{Data: cfg, Mode: 0o644}
	for _, sub := range []string{"content", "static"} {
		root := filepath.Join(dir, sub)
		if _, err := os.Stat(root); os.IsNotExist(err) {
			continue
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b, Mode: 0o644}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

var baseURLLine = regexp.MustCompile(`(?m)^base_url\s*=.*$`)

// setBaseURL replaces (or adds) the base_url key of a config.toml. The key
// must stay before the first [table], so a missing one is prepended.
func setBaseURL(cfg []byte, baseURL string) []byte {
	line := fmt.Sprintf("base_url = %q", baseURL)
	if baseURLLine.Match(cfg) {
		return baseURLLine.ReplaceAll(cfg, []byte(line))
	}
	return append([]byte(line+"\n"), cfg...)
}

// Build builds the site in fsys with the built-in layouts, minified as in
// production, and returns the output files by slash path.
func Build(ctx context.Context, fsys fs.FS) (map[string][]byte, error) {
	mem := publish.NewMemory()
	_, err := generator.Build(ctx, generator.Options{
		Site: fsys, Defaults: gongkai.Layouts, AsOf: AsOf,
		Out: publish.Minifying{M: publish.NewMinifier(), Next: mem},
	})
	if err != nil {
		return nil, err
	}
	return mem.Files, nil
}

// RepoRoot finds the repository root (the folder holding go.mod) from the
// working directory upwards.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("找不到 go.mod：请在仓库内运行")
		}
		dir = parent
	}
}

// HTMLPages returns the paths of the HTML pages among files, leaving out
// the redirect stubs written for aliases (they carry no page chrome).
func HTMLPages(files map[string][]byte) []string {
	var out []string
	for p, b := range files {
		if strings.HasSuffix(p, ".html") && !IsRedirect(b) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// IsRedirect reports whether an HTML file is an alias redirect stub.
func IsRedirect(b []byte) bool {
	return strings.Contains(string(b), `http-equiv="refresh"`) || strings.Contains(string(b), `http-equiv=refresh`)
}

// FileServer serves output files the way a static web server does: a
// folder by its index.html, a missing file by 404.html with status 404.
// (generator/serve does the same for `gongkai serve`; this copy keeps the
// checks independent of its live-reload machinery.)
func FileServer(files map[string][]byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if strings.HasSuffix(r.URL.Path, "/") || key == "" {
			key = strings.TrimPrefix(key+"/index.html", "/")
		}
		data, ok := files[key]
		if !ok {
			if _, dir := files[key+"/index.html"]; dir {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
		}
		status := http.StatusOK
		if !ok {
			key, data, status = "404.html", files["404.html"], http.StatusNotFound
		}
		ct := mime.TypeByExtension(path.Ext(key))
		if ct == "" {
			ct = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ct)
		if status == http.StatusOK && rangeRequests {
			// Like any static host: Range requests answered.
			http.ServeContent(w, r, key, time.Time{}, bytes.NewReader(data))
			return
		}
		w.WriteHeader(status)
		w.Write(data)
	})
}

// rangeRequests makes FileServer answer Range requests (set by tests).
var rangeRequests = false
