package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/internal/sitetest"
	"gongkai/generator/publish"
	"gongkai/generator/search"
)

// testSite is a small site served under a sub-path. Its one policy takes
// effect on 2026-03-02, so its tag depends on the build date.
const testSite = `
-- config.toml --
title = "测试市人民政府"
base_url = "https://www.example.gov.cn/gk/"
organ = "测试市人民政府办公室"
site_id_code = "1234567890"
[organ_codes]
"测试市人民政府" = "000000001"
-- content/policies/a.md --
+++
title = "测试市人民政府关于加强政务诚信建设的实施意见"
doc_number = "测政发[2026]1号"
organ = "测试市人民政府"
signed = 2026-02-20
published = 2026-02-25
effective = 2026-03-02
topic = "社会信用/政务诚信"
category = "行政规范性文件"
+++

各区人民政府：

各地区要高度重视政务诚信建设。
-- content/news/n1.md --
+++
title = "我市召开政务诚信建设推进会"
published = 2026-02-26
source = "测试市发展改革委"
+++
新闻正文。
`

// writeSite writes a txtar archive into a new temporary folder.
func writeSite(t *testing.T, archive string) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range sitetest.Site(archive) {
		writeFile(t, dir, name, string(f.Data))
	}
	return dir
}

func writeFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editFile replaces old by new in a site file; the test fails when old is
// not there, so an edit can never silently do nothing.
func editFile(t testing.TB, dir, name, old, new string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	writeFile(t, dir, name, strings.Replace(string(b), old, new, 1))
}

// fakeClock is a settable clock.
type fakeClock struct{ t atomic.Pointer[time.Time] }

func newClock(s string) *fakeClock {
	c := &fakeClock{}
	c.set(s)
	return c
}

func (c *fakeClock) set(s string) {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, generator.China)
	if err != nil {
		panic(err)
	}
	c.t.Store(&t)
}

func (c *fakeClock) Now() time.Time { return *c.t.Load() }

// countingBuilder records every build and the paths it was given.
type countingBuilder struct {
	Builder
	mu      sync.Mutex
	changes [][]string
	pages   map[string]publish.File
	last    map[string]publish.File
	gate    chan struct{} // when set, BuildIndex waits for a value or its closing
	srv     *Server
	early   []*state // what the server served after each early hand-over, its changed files alone (earlyBuilder)
	stale   []string // what the next Stale reports besides the real builder's
	endless bool     // Stale returns only when its context is done (a sweep of a huge site)
	under   []string // when set, the next BuildPages fails with a ChangedError naming these (once)
}

// Stale is the real builder's sweep, with the files set in stale (once).
func (b *countingBuilder) Stale(ctx context.Context) []string {
	b.mu.Lock()
	extra, endless := b.stale, b.endless
	b.stale = nil
	b.mu.Unlock()
	if endless {
		<-ctx.Done()
	}
	return append(extra, b.Builder.(Sweeper).Stale(ctx)...)
}

func (b *countingBuilder) Build(ctx context.Context, changed []string) (*generator.Result, map[string]publish.File, error) {
	res, files, err := b.Builder.Build(ctx, changed)
	b.record(changed, files, err, &b.last)
	return res, files, err
}

// BuildPages and BuildIndex make the server use the staged path of the
// real builder (pages, reload, then the index); last is the whole output
// once the index is written.
func (b *countingBuilder) BuildPages(ctx context.Context, changed []string) (*generator.Result, map[string]publish.File, error) {
	b.mu.Lock()
	under := b.under
	b.under = nil
	b.mu.Unlock()
	if under != nil {
		b.record(changed, nil, errors.New("changed"), &b.pages)
		return nil, nil, &generator.ChangedError{Paths: under}
	}
	res, files, err := b.Builder.(StagedBuilder).BuildPages(ctx, changed)
	b.record(changed, files, err, &b.pages)
	return res, files, err
}

// earlyBuilder is a countingBuilder that also hands over the edited
// documents' pages first (generator.Session's BuildPagesEarly).
type earlyBuilder struct{ *countingBuilder }

func (b earlyBuilder) BuildPagesEarly(ctx context.Context, changed []string, early func(map[string]publish.File)) (*generator.Result, map[string]publish.File, error) {
	res, files, err := b.Builder.(EarlyBuilder).BuildPagesEarly(ctx, changed, func(pages map[string]publish.File) {
		early(pages)
		// What the server serves now, with only the changed files (the
		// whole output of every version would stay alive otherwise).
		st := *b.srv.current()
		files := map[string]publish.File{}
		for _, p := range st.hist[len(st.hist)-1].changed {
			files[p] = st.files[p]
		}
		st.files = files
		b.mu.Lock()
		b.early = append(b.early, &st)
		b.mu.Unlock()
	})
	b.record(changed, files, err, &b.pages)
	return res, files, err
}

// record notes a build's changed paths and, when it succeeded, its files.
func (b *countingBuilder) record(changed []string, files map[string]publish.File, err error, into *map[string]publish.File) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.changes = append(b.changes, changed)
	if err == nil {
		*into = files
	}
}

func (b *countingBuilder) BuildIndex(ctx context.Context) (map[string]publish.File, error) {
	b.mu.Lock()
	gate := b.gate
	b.mu.Unlock()
	if gate != nil {
		<-gate
	}
	idx, err := b.Builder.(StagedBuilder).BuildIndex(ctx)
	if err == nil {
		b.mu.Lock()
		b.last = maps.Clone(b.pages)
		maps.Copy(b.last, idx)
		b.mu.Unlock()
	}
	return idx, err
}

func (b *countingBuilder) builds() [][]string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.changes)
}

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is a running server over a temporary site, with an open event
// stream.
type harness struct {
	t       testing.TB
	dir     string
	url     string // http://127.0.0.1:PORT
	srv     *Server
	builder *countingBuilder
	clock   *fakeClock
	log     *syncBuffer
	events  chan buildEvent
	indexes chan uint64   // generations of "index" events
	wait    time.Duration // how long next waits for an event
}

type buildEvent struct {
	Version uint64    `json:"version"`
	OK      bool      `json:"ok"`
	From    uint64    `json:"from"`
	Changed []string  `json:"changed"`
	All     bool      `json:"all"`
	At      time.Time `json:"-"` // when it was received
}

func start(t *testing.T, archive string, debounce time.Duration) *harness {
	t.Helper()
	return startDir(t, writeSite(t, archive), debounce)
}

// startDir runs a server over the site in dir, with the real builder's
// staged path (pages, then the index).
func startDir(t testing.TB, dir string, debounce time.Duration) *harness {
	t.Helper()
	return startWith(t, dir, debounce, false)
}

// startEarly runs a server over the site in archive with every stage of
// the real builder, as `gongkai serve` has it: the edited documents'
// pages first, then the other pages, then the index.
func startEarly(t testing.TB, dir string) *harness {
	t.Helper()
	return startWith(t, dir, 0, true)
}

func startWith(t testing.TB, dir string, debounce time.Duration, early bool) *harness {
	t.Helper()
	return startConfig(t, dir, debounce, early, nil)
}

// startConfig is startWith with a last say on the server's configuration.
func startConfig(t testing.TB, dir string, debounce time.Duration, early bool, set func(*Config)) *harness {
	t.Helper()
	h := &harness{t: t, dir: dir, clock: newClock("2026-03-01 23:59:58"), log: &syncBuffer{}, wait: time.Minute}
	h.builder = &countingBuilder{Builder: NewBuilder(os.DirFS(h.dir), gongkai.Layouts, h.clock.Now)}
	var b Builder = h.builder
	if early {
		b = earlyBuilder{h.builder}
	}
	cfg := Config{Dir: h.dir, Builder: b, Log: h.log, Debounce: debounce, Clock: h.clock.Now}
	if set != nil {
		set(&cfg)
	}
	h.srv = New(cfg)
	h.builder.srv = h.srv
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.url = "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.srv.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		// Run must return although an event stream is still open: that
		// is the graceful shutdown of Ctrl+C.
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	h.events = h.listen(ctx)
	return h
}

// listen opens the event stream and delivers its build events.
func (h *harness) listen(ctx context.Context) chan buildEvent {
	h.t.Helper()
	var resp *http.Response
	var err error
	// The server may not accept yet; Run starts serving before the build.
	for range 50 {
		req, _ := http.NewRequestWithContext(ctx, "GET", h.url+EventsPath, nil)
		if resp, err = http.DefaultClient.Do(req); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		h.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream; charset=utf-8" {
		h.t.Fatalf("events Content-Type = %q", ct)
	}
	ch := make(chan buildEvent, 100)
	h.indexes = make(chan uint64, 100)
	go func() {
		defer resp.Body.Close()
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && name == "build":
				var ev buildEvent
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev); err != nil {
					panic(err)
				}
				ev.At = time.Now()
				ch <- ev
			case strings.HasPrefix(line, "data: ") && name == "index":
				var ev struct{ Index uint64 }
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev); err != nil {
					panic(err)
				}
				select { // only TestPagesBeforeIndex reads them
				case h.indexes <- ev.Index:
				default:
				}
			case line == "":
				name = ""
			}
		}
	}()
	return ch
}

// next waits for the next build event.
func (h *harness) next() buildEvent {
	h.t.Helper()
	select {
	case ev, ok := <-h.events:
		if !ok {
			h.t.Fatal("event stream closed")
		}
		return ev
	case <-time.After(h.wait):
		h.t.Fatalf("no build event within %v; log:\n%s", h.wait, h.log.String())
	}
	panic("unreachable")
}

// expect waits for the next build event and checks its outcome.
func (h *harness) expect(version uint64, ok bool) {
	h.t.Helper()
	ev := h.next()
	if ev.Version != version || ev.OK != ok {
		h.t.Fatalf("event = %+v, want {Version:%d OK:%t}; log:\n%s", ev, version, ok, h.log.String())
	}
}

type response struct {
	status int
	header http.Header
	body   string
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (h *harness) do(method, path string) response {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

func (h *harness) get(path string) string {
	h.t.Helper()
	r := h.do("GET", path)
	if r.status != 200 {
		h.t.Fatalf("GET %s: status %d", path, r.status)
	}
	return r.body
}

// rawStatus sends a request line as written, bypassing the client's URL
// cleaning, and returns the status code.
func (h *harness) rawStatus(target string) int {
	h.t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
	if err != nil {
		h.t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		h.t.Fatalf("GET %s: %v", target, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func mustContain(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if neg, ok := strings.CutPrefix(sub, "! "); ok {
			if strings.Contains(s, neg) {
				t.Errorf("%s contains %q", what, neg)
			}
		} else if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q", what, sub)
		}
	}
}

const pageA = "/gk/policies/a/"

func TestEditReloadErrorOverlay(t *testing.T) {
	h := start(t, testSite, 0)
	h.expect(1, true)
	mustContain(t, "page", h.get(pageA),
		"测试市人民政府关于加强政务诚信建设的实施意见",
		"各地区要高度重视政务诚信建设。",
		`<script id="gongkai-live">`, `var v=1,`, `new EventSource("/__gongkai/events")`,
		"! id=\"gongkai-errors\"")

	// An edited body is served after the reload event.
	editFile(t, h.dir, "content/policies/a.md", "各地区要高度重视", "各地区要切实抓好")
	h.expect(2, true)
	mustContain(t, "edited page", h.get(pageA), "各地区要切实抓好政务诚信建设。", `var v=2,`, "! 各地区要高度重视")

	// A broken front matter: the last good version stays, with the overlay.
	// Line 3 of a.md is the doc_number line.
	editFile(t, h.dir, "content/policies/a.md", `doc_number = "测政发[2026]1号"`, `doc_number = "测政发[2026]1号`)
	h.expect(3, false)
	for _, p := range []string{pageA, "/gk/", "/gk/news/n1/"} {
		mustContain(t, "page with errors "+p, h.get(p),
			`<div id="gongkai-errors" role="alert" aria-labelledby="gongkai-errors-title">`,
			"网站未能重新生成：发现 1 个错误",
			"错误：content/policies/a.md 第 3 行",
			`<span class="ge-line">&gt;    3 | doc_number = &#34;测政发[2026]1号<mark title="此处">&nbsp;</mark></span>`,
			"  2 | title = &#34;测试市人民政府关于加强政务诚信建设的实施意见&#34;",
			"改法：",
			`<button type="button">关闭提示（Esc）</button>`,
			`var v=3,`)
	}
	mustContain(t, "page with errors", h.get(pageA), "各地区要切实抓好政务诚信建设。")
	mustContain(t, "terminal", h.log.String(), "content/policies/a.md:3:", ">    3 | doc_number = \"测政发[2026]1号\n", "仍显示上一次成功生成的版本")
	// The overlay has its status 404 page too.
	mustContain(t, "404 with errors", h.do("GET", "/gk/nope/").body, `role="alert"`)

	// Fixed: the overlay is gone.
	editFile(t, h.dir, "content/policies/a.md", `doc_number = "测政发[2026]1号`, `doc_number = "测政发[2026]1号"`)
	h.expect(4, true)
	mustContain(t, "fixed page", h.get(pageA), "各地区要切实抓好政务诚信建设。", "! id=\"gongkai-errors\"", "! role=\"alert\"")

	// A folder created after start is watched: a file written into it at
	// once is found, and one written later too.
	writeFile(t, h.dir, "content/news/n2/index.md", "+++\ntitle = \"第二条新闻\"\npublished = 2026-02-27\nsource = \"测试市发展改革委\"\n+++\n第二条新闻正文。\n")
	h.expect(5, true)
	mustContain(t, "news list", h.get("/gk/news/"), "第二条新闻")
	editFile(t, h.dir, "content/news/n2/index.md", "第二条新闻正文。", "第二条新闻的新正文。")
	h.expect(6, true)
	got := h.builder.builds()
	if want := []string{"content/news/n2/index.md"}; !slices.Equal(got[4], want) || !slices.Equal(got[5], want) {
		t.Errorf("changed paths of builds 5 and 6 = %q, %q; want %q", got[4], got[5], want)
	}

	// The incremental output equals a full build of the same files, and
	// never carries the reload script. The reload event comes before the
	// index is written: wait for the rebuild to end.
	h.srv.buildMu.Lock()
	h.srv.buildMu.Unlock()
	if served := h.srv.current().files; !maps.EqualFunc(served, h.builder.last, publish.File.Same) {
		t.Errorf("served files (%d) differ from the builder's output with its index (%d)", len(served), len(h.builder.last))
	}
	mem := publish.NewMemory()
	if _, err := generator.Build(context.Background(), generator.Options{Site: os.DirFS(h.dir), Defaults: gongkai.Layouts,
		Out: publish.Minifying{M: publish.NewMinifier(), Next: mem}, Now: h.clock.Now}); err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(mem.Files, sitetest.Unpacked(t, h.builder.last), bytes.Equal) {
		t.Errorf("served output (%d files) differs from a full build (%d files)", len(h.builder.last), len(mem.Files))
	}
	for p, b := range sitetest.Unpacked(t, h.builder.last) {
		if strings.Contains(string(b), "gongkai-live") || strings.Contains(string(b), "__gongkai") {
			t.Errorf("build output %s contains the live-reload script", p)
		}
	}
}

// TestPagesBeforeIndex: after an edit, the page is served and the browser
// told to reload while the search index is still being written; until it
// is, search uses the previous index; then the index is replaced and the
// served files are the whole output of the build.
func TestPagesBeforeIndex(t *testing.T) {
	h := start(t, testSite, 0)
	h.expect(1, true)
	h.srv.buildMu.Lock() // the first build has written its index
	h.srv.buildMu.Unlock()
	const manifest = "/gk/search/index.json"
	before := h.get(manifest)
	mustContain(t, "first index", before, `"v":`)
	gate := make(chan struct{})
	h.builder.mu.Lock()
	h.builder.gate = gate
	h.builder.mu.Unlock()

	editFile(t, h.dir, "content/policies/a.md", "各地区要高度重视", "各地区要切实抓好")
	h.expect(2, true)
	mustContain(t, "edited page, index pending", h.get(pageA), "各地区要切实抓好政务诚信建设。")
	if got := h.get(manifest); got != before {
		t.Errorf("the index changed before it was written")
	}
	h.builder.mu.Lock()
	for p := range h.builder.pages {
		if strings.HasPrefix(p, "search/") && !strings.HasSuffix(p, ".html") {
			t.Errorf("the pages of the build hold %s (index data)", p)
		}
	}
	h.builder.mu.Unlock()
	gen := h.srv.current().index
	close(gate)
	h.srv.buildMu.Lock()
	h.srv.buildMu.Unlock()
	if got := h.get(manifest); got == before {
		t.Errorf("the index was not replaced after the edit")
	}
	// An open search page holds the previous manifest: it is told to reload.
	for got := uint64(0); got != gen+1; {
		select {
		case got = <-h.indexes:
		case <-time.After(h.wait):
			t.Fatalf("no index event for generation %d", gen+1)
		}
	}
	mustContain(t, "search page", h.get("/gk/search/"), fmt.Sprintf("iv=%d,", gen+1), `es.addEventListener("index"`)
	if served := h.srv.current().files; !maps.EqualFunc(served, h.builder.last, publish.File.Same) {
		t.Errorf("served files (%d) differ from the build's output with its index (%d)", len(served), len(h.builder.last))
	}
	// A range of an index file (packs are held as pieces and read in
	// place, see publish.File.Reader; this small site has shards only) is
	// the same bytes as that part of the whole file.
	var pack string
	size := 0
	for _, p := range slices.Sorted(maps.Keys(h.srv.current().files)) {
		if b, _ := h.srv.current().files[p].Bytes(); strings.HasPrefix(p, "search/") && path.Ext(p) == ".bin" && len(b) > size {
			pack, size = "/gk/"+p, len(b)
		}
	}
	if size < 100 {
		t.Fatalf("no index file of 100 bytes or more served (largest %s, %d bytes)", pack, size)
	}
	whole := h.get(pack)
	req, err := http.NewRequest("GET", h.url+pack, nil)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := len(whole)/3, len(whole)/3+40
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", lo, hi-1))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || string(part) != whole[lo:hi] {
		t.Errorf("range %d–%d of %s: status %d, %d bytes, same = %v", lo, hi, pack, resp.StatusCode, len(part), string(part) == whole[lo:hi])
	}
	// The index was patched with the edited document alone, and search
	// finds the new words and no longer the old ones.
	if n := h.builder.Builder.(*generator.Session).IndexPatched(); n != 1 {
		t.Errorf("the index patched %d documents in, want 1", n)
	}
	served := sitetest.Unpacked(t, h.srv.current().files)
	ix, err := search.Open(func(p string) ([]byte, error) {
		if b, ok := served[p]; ok {
			return b, nil
		}
		return nil, fs.ErrNotExist
	})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]bool{"切实抓好": true, "各地区要高度重视": false} {
		res, err := ix.Search(q, search.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, hit := range res.Hits {
			if m, err := ix.Meta(hit.Doc); err == nil && m.URL == pageA {
				found = true
			}
		}
		if found != want {
			t.Errorf("search %q in the served index: page a found = %v, want %v", q, found, want)
		}
	}
}

// afterFirstBuild starts a server on testSite, waits for its first build,
// sets what the builder does next (under its lock) and edits the news item,
// so that a build follows.
func afterFirstBuild(t *testing.T, next func(b *countingBuilder)) *harness {
	t.Helper()
	h := start(t, testSite, 0)
	h.expect(1, true)
	h.builder.mu.Lock()
	next(h.builder)
	h.builder.mu.Unlock()
	editFile(t, h.dir, "content/news/n1.md", "新闻正文。", "新闻的正文。")
	return h
}

// TestSweep: after a build the server asks the builder for changes no
// event told of, and builds them.
func TestSweep(t *testing.T) {
	missed := []string{"content/policies/a.md"}
	// The edit makes a build, after which the server sweeps (the sweep
	// may also see the edit before its event: then one build has both).
	h := afterFirstBuild(t, func(b *countingBuilder) { b.stale = missed })
	for {
		if ev := h.next(); !ev.OK {
			t.Fatalf("build failed:\n%s", h.log.String())
		}
		if got := h.builder.builds(); slices.ContainsFunc(got[1:], func(b []string) bool { return slices.Contains(b, missed[0]) }) {
			break
		}
	}
	if !strings.Contains(h.log.String(), "读取后又有改动") {
		t.Errorf("log does not tell of the change found:\n%s", h.log.String())
	}
}

// TestSweepGivesWay: an edit made while a sweep is still going (a site
// of 100,000 files takes about a second) is built at once: the build stops
// the sweep instead of waiting for its end (here it would never end).
func TestSweepGivesWay(t *testing.T) {
	h := afterFirstBuild(t, func(b *countingBuilder) { b.endless = true })
	h.expect(2, true) // after it, an endless sweep
	editFile(t, h.dir, "content/news/n1.md", "新闻的正文。", "新闻的正文（改）。")
	for {
		ev := h.next()
		if !ev.OK {
			t.Fatalf("build failed:\n%s", h.log.String())
		}
		if got := h.builder.builds(); len(got) >= 3 {
			break
		}
	}
	if !strings.Contains(h.get("/gk/news/n1/"), "新闻的正文（改）") {
		t.Errorf("the edit made during the sweep is not shown")
	}
}

// TestRootSite: a site at the root of its domain serves its home page at
// "/" (it used to redirect "/" to itself), and a folder without its slash
// is still redirected.
func TestRootSite(t *testing.T) {
	h := start(t, strings.Replace(testSite, "https://www.example.gov.cn/gk/", "https://www.example.gov.cn/", 1), 0)
	h.expect(1, true)
	home := h.do("GET", "/")
	if home.status != http.StatusOK || !strings.Contains(home.body, "测试市人民政府") {
		t.Errorf("GET /: %d, Location %q", home.status, home.header.Get("Location"))
	}
	if page := h.do("GET", "/policies/a"); page.status != http.StatusMovedPermanently || page.header.Get("Location") != "/policies/a/" {
		t.Errorf("GET /policies/a: %d, Location %q; want 301 to /policies/a/", page.status, page.header.Get("Location"))
	}
	if page := h.do("GET", "/policies/a/"); page.status != http.StatusOK {
		t.Errorf("GET /policies/a/: %d", page.status)
	}
}

// TestIdleRelease: once no build has run for Config.Idle, the server
// returns free memory to the system, once per quiet spell.
func TestIdleRelease(t *testing.T) {
	var released atomic.Int32
	h := startConfig(t, writeSite(t, testSite), 0, false, func(c *Config) {
		c.Idle = 100 * time.Millisecond
		c.release = func() { released.Add(1) }
	})
	h.expect(1, true)
	if released.Load() != 0 {
		t.Fatalf("released %d times right after the first build", released.Load())
	}
	deadline := time.Now().Add(h.wait)
	for released.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no release after the server went idle")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if n := released.Load(); n != 1 {
		t.Errorf("released %d times in one quiet spell, want 1", n)
	}
	editFile(t, h.dir, "content/news/n1.md", "新闻正文。", "新闻的正文。")
	h.expect(2, true)
	for released.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("no release after the next build")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestUnreportedEdit: a document changed through a hard link outside the
// site (the site's watcher gets no event, as with some network file
// systems) is shown after the next build's sweep.
func TestUnreportedEdit(t *testing.T) {
	h := start(t, testSite, 0)
	h.expect(1, true)
	link := filepath.Join(t.TempDir(), "a.md")
	if err := os.Link(filepath.Join(h.dir, "content", "policies", "a.md"), link); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	b, err := os.ReadFile(link)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(link, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Write([]byte(strings.Replace(string(b), "各地区要高度重视", "各地区要悄悄重视", 1)))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	// Any build, then the sweep finds a.md and builds it.
	editFile(t, h.dir, "content/news/n1.md", "新闻正文。", "新闻的正文。")
	deadline := time.Now().Add(h.wait)
	for !strings.Contains(h.get(pageA), "各地区要悄悄重视") {
		if time.Now().After(deadline) {
			t.Fatalf("the unreported edit was never shown; log:\n%s", h.log.String())
		}
		h.next()
	}
}

// TestChangedUnderBuild: a build that files changed under (a
// ChangedError) shows no error and is made again with those files.
func TestChangedUnderBuild(t *testing.T) {
	under := []string{"content/policies/a.md"}
	h := afterFirstBuild(t, func(b *countingBuilder) { b.under = under })
	h.expect(2, true) // the build made again; the one that failed sent nothing
	if got := h.builder.builds(); len(got) < 3 || !slices.Contains(got[2], under[0]) {
		t.Errorf("builds = %q, want the third naming %s", got, under[0])
	}
	if !strings.Contains(h.log.String(), "文件在生成过程中有改动") || strings.Contains(h.log.String(), "失败") {
		t.Errorf("log:\n%s", h.log.String())
	}
}

func TestServing(t *testing.T) {
	h := start(t, testSite, 0)
	h.expect(1, true)

	page := h.do("GET", pageA)
	if page.status != 200 || page.header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("GET %s: %d %q", pageA, page.status, page.header.Get("Content-Type"))
	}
	head := h.do("HEAD", pageA)
	if head.status != 200 || head.body != "" || head.header.Get("Content-Length") != fmt.Sprint(len(page.body)) ||
		head.header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("HEAD %s: %d, body %d bytes, Content-Length %s (GET: %d bytes)", pageA, head.status, len(head.body), head.header.Get("Content-Length"), len(page.body))
	}
	for path, ct := range map[string]string{
		"/gk/sitemap.xml": "application/xml; charset=utf-8",
		"/gk/robots.txt":  "text/plain; charset=utf-8",
		"/gk/":            "text/html; charset=utf-8",
	} {
		if r := h.do("GET", path); r.status != 200 || r.header.Get("Content-Type") != ct {
			t.Errorf("GET %s: %d %q, want 200 %q", path, r.status, r.header.Get("Content-Type"), ct)
		}
	}

	// Folders without their slash, and the host root, redirect.
	for from, to := range map[string]string{
		"/gk/policies/a":   "/gk/policies/a/",
		"/gk/policies":     "/gk/policies/",
		"/gk":              "/gk/",
		"/":                "/gk/",
		"/gk/policies/a?x": "/gk/policies/a/?x",
	} {
		r := h.do("GET", from)
		if r.status != http.StatusMovedPermanently || r.header.Get("Location") != to {
			t.Errorf("GET %s: %d Location %q, want 301 %q", from, r.status, r.header.Get("Location"), to)
		}
	}

	// Unknown paths get the site's 404 page with status 404, also outside
	// the base path and for HEAD.
	for _, p := range []string{"/gk/nope/", "/gk/policies/a/missing.pdf", "/policies/a/", "/index.html"} {
		r := h.do("GET", p)
		if r.status != 404 || r.header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %s: %d %q, want 404 html", p, r.status, r.header.Get("Content-Type"))
		}
		mustContain(t, "404 page", r.body, "页面不存在", `<script id="gongkai-live">`)
	}
	if r := h.do("HEAD", "/gk/nope/"); r.status != 404 || r.body != "" {
		t.Errorf("HEAD of a missing page: %d with %d bytes", r.status, len(r.body))
	}
	if r := h.do("POST", pageA); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d Allow %q", r.status, r.header.Get("Allow"))
	}

	// Nothing outside the output: the site's own sources are not served
	// and escape attempts are refused.
	for _, target := range []string{
		"/gk/../config.toml",
		"/gk/policies/../../config.toml",
		"/gk/%2e%2e/%2e%2e/etc/passwd",
		"/gk/%2E%2E/config.toml",
		"/gk/policies%2fa/",
		"/gk/policies%2Fa/",
		"/gk/policies%5ca/",
		"/gk/policies\\a/",
		"/gk/..%5cconfig.toml",
		"/gk/policies/a/%00",
		"/gk/./policies/a/",
		"//evil.example/",
		"/gk//policies/a/",
	} {
		if got := h.rawStatus(target); got != 400 && got != 404 {
			t.Errorf("GET %s: status %d, want 400 or 404", target, got)
		}
	}
	for _, target := range []string{"/gk/config.toml", "/gk/content/policies/a.md", "/config.toml", "/content/policies/a.md"} {
		if got := h.rawStatus(target); got != 404 {
			t.Errorf("GET %s: status %d, want 404", target, got)
		}
	}
}

func TestDebounce(t *testing.T) {
	// A long window makes "quick" certain on a loaded machine; the test
	// counts builds, it does not time them.
	h := start(t, testSite, 500*time.Millisecond)
	h.expect(1, true)
	// An editor's save and a second file, written in a burst.
	orig, err := os.ReadFile(filepath.Join(h.dir, "content/policies/a.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		writeFile(t, h.dir, "content/policies/a.md", strings.Replace(string(orig), "政务诚信建设。", fmt.Sprintf("政务诚信建设%d。", i), 1))
	}
	writeFile(t, h.dir, "content/news/n3.md", "+++\ntitle = \"第三条新闻\"\npublished = 2026-02-28\nsource = \"测试市发展改革委\"\n+++\n正文。\n")
	h.expect(2, true)
	mustContain(t, "page", h.get(pageA), "政务诚信建设4。")
	// One more edit: if the burst had caused two builds, this one would be
	// the fourth.
	editFile(t, h.dir, "content/news/n1.md", "新闻正文。", "新闻正文（更新）。")
	h.expect(3, true)
	got := h.builder.builds()
	want := [][]string{nil, {"content/news/n3.md", "content/policies/a.md"}, {"content/news/n1.md"}}
	if len(got) != len(want) || got[0] != nil || !slices.Equal(got[1], want[1]) || !slices.Equal(got[2], want[2]) {
		t.Errorf("builds got changed paths %q, want %q", got, want)
	}
}

func TestConfigChangeRebuildsAll(t *testing.T) {
	h := start(t, testSite, 0)
	h.expect(1, true)
	editFile(t, h.dir, "config.toml", `title = "测试市人民政府"`, `title = "测试市人民政府门户网站"`)
	h.expect(2, true)
	mustContain(t, "home", h.get("/gk/"), "测试市人民政府门户网站")
	if got := h.builder.builds(); len(got) != 2 || got[1] != nil {
		t.Errorf("changed paths = %q, want a full rebuild (nil)", got)
	}
	// A broken config keeps the site and shows config.toml's problem.
	editFile(t, h.dir, "config.toml", `title = "测试市人民政府门户网站"`, `title = "测试市人民政府门户网站`)
	h.expect(3, false)
	mustContain(t, "home with errors", h.get("/gk/"), "测试市人民政府门户网站", "错误：config.toml 第 1 行")
}

func TestDateRollover(t *testing.T) {
	h := start(t, testSite, 0)
	h.expect(1, true)
	// The policy takes effect on 2026-03-02; the clock says 03-01 23:59:58.
	mustContain(t, "page on 03-01", h.get(pageA), ">尚未生效<", "! >有效<")
	h.clock.set("2026-03-02 00:00:01")
	// The next rebuild, whatever triggers it, uses the new date.
	editFile(t, h.dir, "content/news/n1.md", "新闻正文。", "新闻正文（午夜后）。")
	h.expect(2, true)
	mustContain(t, "page on 03-02", h.get(pageA), ">有效<", "! 尚未生效")
}

// TestWithheldNotServed: a document made withheld is never served again,
// neither when the build that withholds it fails (the last good version
// published it, so it is not shown: a placeholder with the errors) nor,
// after a good build, through the last index while the new one is being
// written.
func TestWithheldNotServed(t *testing.T) {
	h := start(t, testSite, 0)
	h.expect(1, true)
	h.srv.buildMu.Lock() // the first build has written its index
	h.srv.buildMu.Unlock()
	const manifest = "/gk/search/index.json"
	mustContain(t, "first index", h.get(manifest), `"v":`)

	// Withheld without its legal ground: the build fails.
	editFile(t, h.dir, "content/policies/a.md", `category = "行政规范性文件"`, `category = "行政规范性文件"
disclosure = "不予公开"`)
	h.expect(2, false)
	for _, p := range []string{pageA, "/gk/", "/gk/xxgk/", manifest, "/gk/data/documents.json", "/gk/sitemap.xml"} {
		r := h.do("GET", p)
		if r.status != http.StatusServiceUnavailable {
			t.Errorf("%s: status %d after a failed build withholding a.md, want 503", p, r.status)
		}
		mustContain(t, "placeholder "+p, r.body, "有文件改为不公开", `role="alert"`, "! 各地区要高度重视", "! 加强政务诚信建设的实施意见</")
	}
	mustContain(t, "terminal", h.log.String(), "有文件改为不公开")
	// Another failing save keeps it so.
	editFile(t, h.dir, "content/news/n1.md", "新闻正文。", "新闻正文（改）。")
	h.expect(3, false)
	mustContain(t, "still withdrawn", h.do("GET", pageA).body, "有文件改为不公开", "! 各地区要高度重视")

	// Withheld properly, with the index held back: the page is gone at
	// once, and the last index (which lists it) is not served meanwhile.
	gate := make(chan struct{})
	h.builder.mu.Lock()
	h.builder.gate = gate
	h.builder.mu.Unlock()
	editFile(t, h.dir, "content/policies/a.md", `disclosure = "不予公开"`, `disclosure = "不予公开"
exemption = "国家秘密"
reason = "测试"
review_by = 2027-02-20`)
	h.expect(4, true)
	if r := h.do("GET", pageA); r.status != http.StatusNotFound {
		t.Errorf("withheld page: status %d, want 404", r.status)
	}
	if r := h.do("GET", manifest); r.status != http.StatusNotFound {
		t.Errorf("index before the new one is written: status %d, want 404 (the last one lists the withheld document)", r.status)
	}
	close(gate)
	h.srv.buildMu.Lock()
	h.srv.buildMu.Unlock()
	mustContain(t, "new index", h.get(manifest), `"v":`)
	for p, b := range sitetest.Unpacked(t, h.srv.current().files) {
		if bytes.Contains(b, []byte("加强政务诚信建设的实施意见")) || bytes.Contains(b, []byte("测政发")) {
			t.Errorf("%s still holds the withheld document", p)
		}
	}
}

func TestFirstBuildFails(t *testing.T) {
	h := start(t, strings.Replace(testSite, `title = "测试市人民政府"`, `title = 测试市人民政府`, 1), 0)
	h.expect(1, false)
	r := h.do("GET", pageA)
	if r.status != http.StatusServiceUnavailable {
		t.Errorf("status %d before any good build, want 503", r.status)
	}
	mustContain(t, "placeholder", r.body, "网站还没有成功生成过", `role="alert"`, "错误：config.toml 第 1 行")
	editFile(t, h.dir, "config.toml", `title = 测试市人民政府`, `title = "测试市人民政府"`)
	h.expect(2, true)
	mustContain(t, "page", h.get(pageA), "各地区要高度重视政务诚信建设。", "! id=\"gongkai-errors\"")
}

func TestClassify(t *testing.T) {
	for p, want := range map[string]Kind{
		"config.toml":             KindConfig,
		"content/policies/a.md":   KindContent,
		"content/credit/r.toml":   KindContent,
		"layouts/base.html":       KindLayout,
		"layouts/assets/site.css": KindLayout,
		"static/logo.png":         KindStatic,
		"public/index.html":       KindOther,
		"README.md":               KindOther,
		"contentx/a.md":           KindOther,
	} {
		if got := Classify(p); got != want {
			t.Errorf("Classify(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestEditorScratch(t *testing.T) {
	for name, want := range map[string]bool{
		"a.md": false, ".a.md.swp": true, "a.md~": true, "4913": true, ".#a.md": true, "#a.md#": true, "a.toml": false,
	} {
		if got := editorScratch(name); got != want {
			t.Errorf("editorScratch(%q) = %t, want %t", name, got, want)
		}
	}
}

func TestNextMidnight(t *testing.T) {
	c := newClock("2026-03-01 23:59:58")
	got := nextMidnight(c.Now())
	if want := time.Date(2026, 3, 2, 0, 0, 0, 0, generator.China); !got.Equal(want) {
		t.Errorf("nextMidnight = %v, want %v", got, want)
	}
	// 2026-03-01 16:30 UTC is already 03-02 00:30 in China.
	if got, want := nextMidnight(time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC)), time.Date(2026, 3, 3, 0, 0, 0, 0, generator.China); !got.Equal(want) {
		t.Errorf("nextMidnight(UTC) = %v, want %v", got, want)
	}
	if got := Today(time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC)); got != 20260302 {
		t.Errorf("Today = %d, want 20260302", got)
	}
}

func TestMidnightRebuild(t *testing.T) {
	h := start(t, testSite, 0)
	h.expect(1, true)
	mustContain(t, "page on 03-01", h.get(pageA), ">尚未生效<")
	// No edit: the server's midnight timer (armed for 23:59:58 + 3 s by
	// the clock at start) finds the new date and rebuilds by itself.
	h.clock.set("2026-03-02 00:00:01")
	h.expect(2, true)
	mustContain(t, "page on 03-02", h.get(pageA), ">有效<", "! 尚未生效")
	mustContain(t, "terminal", h.log.String(), "日期已变为 2026年3月2日，重新生成网站")
	if got := h.builder.builds(); len(got) != 2 || got[1] != nil {
		t.Errorf("changed paths = %q, want a full rebuild (nil)", got)
	}
}

// TestCollectDue: an idle collection is due when the heap and what the last
// rebuild allocated come near the runtime's goal (within an eighth).
func TestCollectDue(t *testing.T) {
	const m = 1 << 20
	for _, c := range []struct {
		before, after heapStats
		want          bool
	}{
		{heapStats{allocs: 100 * m}, heapStats{allocs: 300 * m, heap: 600 * m, goal: 1024 * m}, false},                       // 800 MB < 896
		{heapStats{allocs: 100 * m}, heapStats{allocs: 300 * m, heap: 696 * m, goal: 1024 * m}, true},                        // reaches 896
		{heapStats{allocs: 100 * m}, heapStats{allocs: 2100 * m, heap: 300 * m, goal: 1024 * m}, true},                       // a large rebuild
		{heapStats{allocs: 100 * m}, heapStats{allocs: 100 * m, heap: 800 * m, goal: 1024 * m}, false},                       // nothing allocated
		{heapStats{allocs: 100 * m}, heapStats{allocs: 300 * m, heap: 800 * m, goal: 0}, false},                              // no figures
		{heapStats{allocs: 300 * m}, heapStats{allocs: 200 * m, heap: 800 * m, goal: 1024 * m}, false},                       // counter went back
		{heapStats{allocs: 100 * m, cycles: 7}, heapStats{allocs: 300 * m, heap: 800 * m, goal: 1024 * m, cycles: 8}, false}, // collected during the rebuild
		{heapStats{allocs: 1 * m}, heapStats{allocs: 3 * m, heap: 3 * m, goal: 4 * m}, false},                                // a small heap
		{heapStats{allocs: 0}, heapStats{allocs: 2600 * m, heap: 12700 * m, goal: 15000 * m}, true},                          // 100,000 documents
		{heapStats{allocs: 0}, heapStats{allocs: 2600 * m, heap: 10100 * m, goal: 15000 * m}, false},
	} {
		if got := collectDue(c.before, c.after); got != c.want {
			t.Errorf("collectDue(%+v, %+v) = %v, want %v", c.before, c.after, got, c.want)
		}
	}
}

// TestCollectAhead: after a rebuild that leaves a collection due, the idle
// server runs one; after one that does not, none.
func TestCollectAhead(t *testing.T) {
	var collected atomic.Int32
	var due atomic.Bool
	var calls atomic.Int64
	h := startConfig(t, writeSite(t, testSite), 0, false, func(c *Config) {
		c.collect = func() { collected.Add(1) }
		c.heap = func() heapStats {
			// 100 MB more allocated at every reading: a rebuild
			// allocates 100 MB or more.
			st := heapStats{allocs: uint64(calls.Add(1)) * 100 << 20, heap: 300 << 20, goal: 1 << 30}
			if due.Load() {
				st.heap = 900 << 20
			}
			return st
		}
	})
	h.expect(1, true)
	editFile(t, h.dir, "content/news/n1.md", "新闻正文。", "新闻的正文。")
	h.expect(2, true)
	time.Sleep(100 * time.Millisecond)
	if n := collected.Load(); n != 0 {
		t.Fatalf("%d collections after rebuilds that left none due", n)
	}
	due.Store(true)
	editFile(t, h.dir, "content/news/n1.md", "新闻的正文。", "新闻正文。")
	h.expect(3, true)
	deadline := time.Now().Add(h.wait)
	for collected.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no collection after a rebuild that left one due")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestDateCheckedEveryMinute: the wait for midnight is never longer than a
// minute (timers stop while a machine sleeps; the date is looked at again
// after each wait), and ends one second past midnight when that is nearer.
func TestDateCheckedEveryMinute(t *testing.T) {
	h := start(t, testSite, 0)
	h.expect(1, true)
	h.clock.set("2026-03-01 10:00:00")
	if got := h.srv.untilMidnight(); got != dateCheck {
		t.Errorf("at 10:00: wait %v, want %v", got, dateCheck)
	}
	h.clock.set("2026-03-01 23:59:30")
	if got := h.srv.untilMidnight(); got != 31*time.Second {
		t.Errorf("at 23:59:30: wait %v, want 31s", got)
	}
}

// TestAliasStaysInPreview: the page of an old address sends the browser
// to the new address in the preview, not on the published site.
func TestAliasStaysInPreview(t *testing.T) {
	h := start(t, strings.Replace(testSite, `category = "行政规范性文件"`, `category = "行政规范性文件"
aliases = ["/old/a/"]`, 1), 0)
	h.expect(1, true)
	mustContain(t, "alias page", h.get("/gk/old/a/"), `url=/gk/policies/a/`, `href="/gk/policies/a/"`, "! https://www.example.gov.cn")
	mustContain(t, "a page", h.get(pageA), "https://www.example.gov.cn/gk/policies/a/") // the canonical address stays
}
