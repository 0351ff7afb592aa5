package search

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"gongkai/generator/internal/browser"
)

// searchSite serves a built index, the search page (layouts/search.html
// inside a minimal page), its assets and one page per document. With
// ranges the index files answer Range requests, as usual web servers do;
// without, every request gets the whole file (the client's fallback).
func searchSite(t *testing.T, docs []Doc, fsys fstest.MapFS, ranges bool) *httptest.Server {
	t.Helper()
	layouts := filepath.Join("..", "..", "layouts")
	tpl, err := template.New("page").Funcs(template.FuncMap{"url": func(s string) string { return s }}).
		ParseFiles(filepath.Join(layouts, "search.html"))
	if err != nil {
		t.Fatal(err)
	}
	var page strings.Builder
	page.WriteString(`<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>搜索</title></head><body><main>`)
	data := struct{ Site struct{ Title string } }{}
	data.Site.Title = "示例市人民政府"
	if err := tpl.ExecuteTemplate(&page, "main", data); err != nil {
		t.Fatal(err)
	}
	page.WriteString(`</main></body></html>`)
	byURL := map[string]*Doc{}
	for i := range docs {
		byURL[docs[i].URL] = &docs[i]
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/search/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page.String()))
		case strings.HasPrefix(p, "/assets/"):
			http.ServeFile(w, r, filepath.Join(layouts, "assets", filepath.Base(p)))
		case strings.HasPrefix(p, "/search/"):
			f, ok := fsys[strings.TrimPrefix(p, "/")]
			if !ok {
				http.NotFound(w, r)
				return
			}
			if ranges {
				http.ServeContent(w, r, p, time.Time{}, bytes.NewReader(f.Data))
				return
			}
			w.Write(f.Data)
		case byURL[p] != nil:
			d := byURL[p]
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<!DOCTYPE html><html><body><main><article class="document"><h1>` +
				template.HTMLEscapeString(d.Title) + `</h1><div class="body"><p>` + template.HTMLEscapeString(d.Text) +
				`</p></div></article></main></body></html>`))
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// resultHrefs opens the search page with the given query string and
// returns the result links once the status line has settled.
func resultHrefs(t *testing.T, ctx context.Context, url string) (hrefs []string, status string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const s = document.querySelector('.s-status').textContent;
		if (s.startsWith('找到')) {
			const a = [...document.querySelectorAll('.s-hit .s-title a')];
			return a.length > 0 && a.every(x => x.getAttribute('href'));
		}
		return s.startsWith('没有') || s.startsWith('搜索暂时');
	})()`)); err != nil {
		t.Fatalf("%s: waiting for results: %v", url, err)
	}
	hrefs = evalJS[[]string](t, ctx, `[...document.querySelectorAll('.s-hit .s-title a')].map(a => new URL(a.href).pathname)`)
	status = evalJS[string](t, ctx, `document.querySelector('.s-status').textContent`)
	return hrefs, status
}

func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func TestBrowserSearch(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "..", "layouts", "search.html")); err != nil {
		t.Skip("layouts/search.html not found")
	}
	ctx := browser.New(t)
	ix, fsys := buildIndex(t, smallDocs, 0)
	srv := searchSite(t, smallDocs, fsys, true)
	plain := searchSite(t, smallDocs, fsys, false)

	// The browser ranks exactly as the Go implementation does, whether the
	// server answers Range requests or sends whole files.
	for _, q := range []string{"政務誠信", "政务诚信", "一网通办", "一网 通办", "瀋", "ＡＢＣ"} {
		res, err := ix.Search(q, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		want := urls(t, ix, res.Hits)
		for _, s := range []*httptest.Server{srv, plain} {
			got, status := resultHrefs(t, ctx, s.URL+"/search/?q="+q)
			if !slices.Equal(got, want) {
				t.Errorf("browser %q = %v, Go = %v (status %q, %s)", q, got, want, status, s.URL)
			}
		}
	}

	got, _ := resultHrefs(t, ctx, srv.URL+"/search/?q=沈政发2017%2045号")
	if len(got) == 0 || got[0] != "/policies/a/" {
		t.Errorf("沈政发2017 45号: %v, want /policies/a/ first", got)
	}

	// A filter by tag narrows the results, and its control shows the choice.
	all, _ := resultHrefs(t, ctx, srv.URL+"/search/?q=政务")
	got, status := resultHrefs(t, ctx, srv.URL+"/search/?q=政务&tag=有效")
	if !slices.Equal(got, []string{"/policies/b/", "/policies/a/"}) || len(all) <= len(got) {
		t.Errorf("tag filter: %v of %v (%s)", got, all, status)
	}
	if sel := evalJS[string](t, ctx, `document.getElementById('s-f-tag').value`); sel != "有效" {
		t.Errorf("tag select value %q", sel)
	}
	if lbl := evalJS[string](t, ctx, `document.querySelector('label[for=s-f-tag]').textContent`); lbl != "有效性" {
		t.Errorf("tag filter label %q", lbl)
	}

	// No results: the message and its suggestions.
	got, status = resultHrefs(t, ctx, srv.URL+"/search/?q=量子纠缠")
	empty := evalJS[string](t, ctx, `document.querySelector('.s-empty').textContent`)
	if len(got) != 0 || !strings.Contains(empty, "没有找到与“量子纠缠”相关的结果") || !strings.Contains(empty, "政策文件库") {
		t.Errorf("no-results: %v %q %q", got, status, empty)
	}

	// Typing a query updates the URL; the snippet marks the match; a result
	// link opens the right page.
	ctx2, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx2,
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible(`#s-q`),
		chromedp.SendKeys(`#s-q`, "有效期"+kb.Enter),
	); err != nil {
		t.Fatalf("typing a query: %v", err)
	}
	if _, err := chromedp.Run(ctx2, chromedp.Poll[bool](`document.querySelector('.s-snippet mark') !== null`)); err != nil {
		t.Fatalf("waiting for the snippet: %v", err)
	}
	loc := evalJS[string](t, ctx2, `location.search`)
	snippet := evalJS[string](t, ctx2, `document.querySelector('.s-snippet').textContent`)
	mark := evalJS[string](t, ctx2, `document.querySelector('.s-snippet mark').textContent`)
	if !strings.Contains(loc, "q=") || !strings.Contains(snippet, "有效期5年") || mark != "有效期" {
		t.Errorf("location %q, snippet %q, mark %q", loc, snippet, mark)
	}
	if err := chromedp.Do(ctx2, chromedp.Click(`.s-hit .s-title a`), chromedp.WaitVisible(`article.document`)); err != nil {
		t.Fatal(err)
	}
	if p := evalJS[string](t, ctx2, `location.pathname`); p != "/policies/c/" {
		t.Errorf("result link opened %s, want /policies/c/", p)
	}
}

// TestBrowserCorpus measures, on the gencorpus corpus (GONGKAI_CORPUS, e.g.
// /tmp/corpus-10000; skipped when unset), what a first search downloads in
// headless Chromium and how long a repeated query takes, and checks that
// the browser finds as many documents as the Go implementation. It reports
// figures; it asserts no timing.
func TestBrowserCorpus(t *testing.T) {
	if os.Getenv("GONGKAI_CORPUS") == "" {
		t.Skip("set GONGKAI_CORPUS to a gencorpus folder to run")
	}
	docs := loadBenchCorpus(t)
	ctx := browser.New(t)
	ix, fsys := buildIndex(t, docs, 0)
	total := 0
	for _, f := range fsys {
		total += len(f.Data)
	}
	t.Logf("index: %.1f MB in %d files", float64(total)/1e6, len(fsys))
	srv := searchSite(t, docs, fsys, true)
	for _, q := range []string{"政务诚信", "政務誠信", "一网通办", "营商环境", "人民政府", "信用", "诚", "放管服", "安全生产", "沈政发2017 45号"} {
		res, err := ix.Search(q, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		// A new browser context: empty cache, as on a first visit.
		bctx, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		// Open the tab on bctx itself: a tab belongs to the context of the
		// first action, and resultHrefs runs under a shorter-lived one.
		if err := chromedp.Do(bctx); err != nil {
			t.Fatal(err)
		}
		bctx, cancel2 := context.WithTimeout(bctx, 60*time.Second)
		_, status := resultHrefs(t, bctx, srv.URL+"/search/?q="+q)
		indexBytes := evalJS[float64](t, bctx, `performance.getEntriesByType('resource')
			.filter(e => new URL(e.name).pathname.startsWith('/search/')).reduce((s, e) => s + e.encodedBodySize, 0)`)
		pageBytes := evalJS[float64](t, bctx, `performance.getEntriesByType('resource')
			.filter(e => !new URL(e.name).pathname.startsWith('/search/') && !new URL(e.name).pathname.startsWith('/assets/'))
			.reduce((s, e) => s + e.encodedBodySize, 0)`)
		first := evalJS[string](t, bctx, `document.getElementById('s-app').dataset.ms`)
		// Repeat the query in the same page.
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(() => {
			document.getElementById('s-app').dataset.ms = '';
			document.querySelector('.s-form').requestSubmit(); return true; })()`)); err != nil {
			t.Fatal(err)
		}
		again, err := chromedp.Run(bctx, chromedp.Poll[string](`document.getElementById('s-app').dataset.ms`))
		if err != nil {
			t.Fatal(err)
		}
		cancel2()
		cancel()
		want := fmt.Sprintf("找到 %d 条结果", len(res.Hits))
		if len(res.Hits) == 0 {
			want = "没有找到结果"
		}
		if !strings.HasPrefix(status, want) {
			t.Errorf("%s: browser %q, Go %d hits", q, status, len(res.Hits))
		}
		t.Logf("%-14s %5d hits  index downloaded %6.1f KB (+ %5.1f KB of result pages for snippets)  first %s ms, repeated %s ms",
			q, len(res.Hits), indexBytes/1024, pageBytes/1024, first, again)
	}
}

// TestBrowserHistoryAndAstral: each search, filter or page is an entry of
// the browser's history (Back shows the search before, with its query in
// the box); characters outside the BMP are marked only where they match,
// and the snippet is cut around a match far into the text.
func TestBrowserHistoryAndAstral(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "..", "layouts", "search.html")); err != nil {
		t.Skip("layouts/search.html not found")
	}
	ctx := browser.New(t)
	docs := append(slices.Clone(smallDocs), Doc{URL: "/news/f/", Title: "𠮷野家与𡒄字的通知", Organs: []string{"沈阳市政务服务中心"}, Kind: "news",
		KindLabel: "政务动态", Date: "2020-01-02", Year: 2020, Text: strings.Repeat("前言部分的文字。", 40) + "后面写到𡒄字和𠮷野家。"})
	_, fsys := buildIndex(t, docs, 0)
	srv := searchSite(t, docs, fsys, true)

	resultHrefs(t, ctx, srv.URL+"/search/?q=政务诚信")
	ctx2, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	waitStatus := func(want string) {
		t.Helper()
		if _, err := chromedp.Run(ctx2, chromedp.Poll[bool](`document.querySelector('.s-status').textContent.startsWith('找到') &&
			document.getElementById('s-q').value === `+fmt.Sprintf("%q", want))); err != nil {
			t.Fatalf("waiting for the results of %s: %v", want, err)
		}
	}
	if _, err := chromedp.Run(ctx2, chromedp.Evaluate[bool](`(() => { const q = document.getElementById('s-q'); q.value = '一网通办';
		document.querySelector('.s-form').requestSubmit(); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	waitStatus("一网通办")
	if _, err := chromedp.Run(ctx2, chromedp.Evaluate[bool](`(history.back(), true)`)); err != nil {
		t.Fatal(err)
	}
	waitStatus("政务诚信")
	if q := evalJS[string](t, ctx2, `new URLSearchParams(location.search).get('q')`); q != "政务诚信" {
		t.Errorf("after Back: q=%q in the address, want 政务诚信", q)
	}
	if _, err := chromedp.Run(ctx2, chromedp.Evaluate[bool](`(history.forward(), true)`)); err != nil {
		t.Fatal(err)
	}
	waitStatus("一网通办")

	// A page past the last is shown as the last, in the address too.
	resultHrefs(t, ctx, srv.URL+"/search/?q=的&page=99")
	if p := evalJS[string](t, ctx, `new URLSearchParams(location.search).get('page') || '1'`); p != "1" {
		t.Errorf("page=99 of one page: the address says page %s", p)
	}

	// 𡒄 alone: only it is marked, in the title and in the snippet, which
	// is cut around it (past the first 300 characters).
	resultHrefs(t, ctx, srv.URL+"/search/?q=𡒄")
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('.s-snippet mark') !== null`)); err != nil {
		t.Fatalf("waiting for the snippet: %v", err)
	}
	marks := evalJS[[]string](t, ctx, `[...document.querySelectorAll('.s-hit mark')].map(m => m.textContent)`)
	snippet := evalJS[string](t, ctx, `document.querySelector('.s-snippet').textContent`)
	if len(marks) == 0 || slices.ContainsFunc(marks, func(m string) bool { return m != "𡒄" }) || !strings.Contains(snippet, "后面写到𡒄字") {
		t.Errorf("marks %q, snippet %q; want only 𡒄 marked and the snippet around it", marks, snippet)
	}
}

// TestBrowserIssue4: the browser finds a jointly issued document under
// each of its organs and counts each organ on its own, and puts the
// document of a 发文字号 typed in any usual form first, as Go does.
func TestBrowserIssue4(t *testing.T) {
	if _, err := os.Stat(filepath.Join("..", "..", "layouts", "search.html")); err != nil {
		t.Skip("layouts/search.html not found")
	}
	ctx := browser.New(t)
	ix, fsys := buildIndex(t, auditDocs, 0)
	srv := searchSite(t, auditDocs, fsys, true)

	for _, organ := range []string{"测试市生态环境局", "测试市人民政府"} {
		res, err := ix.Search("扬尘", Filter{Organ: organ})
		if err != nil {
			t.Fatal(err)
		}
		want := urls(t, ix, res.Hits)
		got, status := resultHrefs(t, ctx, srv.URL+"/search/?q=扬尘&organ="+url.QueryEscape(organ))
		if !slices.Equal(got, want) || !slices.Contains(got, "/policies/p15/") {
			t.Errorf("扬尘, organ %s: browser %v, Go %v (%s)", organ, got, want, status)
		}
		opts := evalJS[[]string](t, ctx, `[...document.querySelectorAll('#s-f-organ option')].map(o => o.textContent)`)
		if wantOpts := []string{"全部", "测试市人民政府（2）", "测试市生态环境局（2）"}; !slices.Equal(opts, wantOpts) {
			t.Errorf("扬尘, organ %s: organ options %q, want %q", organ, opts, wantOpts)
		}
	}
	organs := evalJS[[]string](t, ctx, `[...document.querySelectorAll('.s-hit .s-organ')].map(o => o.textContent)`)
	if !slices.Contains(organs, "测试市人民政府、测试市生态环境局") {
		t.Errorf("result organs %q: the joint document should show both", organs)
	}

	for q, first := range docNoForms {
		res, err := ix.Search(q, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		want := urls(t, ix, res.Hits)
		got, status := resultHrefs(t, ctx, srv.URL+"/search/?q="+url.QueryEscape(q))
		if !slices.Equal(got, want) || len(got) == 0 || got[0] != first {
			t.Errorf("%s: browser %v, Go %v, want %s first (%s)", q, got, want, first, status)
		}
	}
}
