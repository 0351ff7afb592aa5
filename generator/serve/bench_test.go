package serve

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"
)

// corpus is the 10,000-document benchmark site (GONGKAI_CORPUS, by
// default /tmp/corpus-10000), made by
//
//	cd ../shared/bench/gencorpus && go run . -n 10000 -out /tmp/corpus-10000
//
// with the repository's config.toml beside content/ and
// [checks] duplicate_numbers = "warn" appended.
var corpus = cmp.Or(os.Getenv("GONGKAI_CORPUS"), "/tmp/corpus-10000")

// BenchmarkEditToReload measures, on the 10,000-document corpus, with
// every stage of `gongkai serve`, the time from writing one edited
// document to the reload event that names its page (ms/reload: the
// debounce window, loading, resolving and checking the site, and the
// document's page), then to the event of the whole rebuild of the pages
// (ms/all-pages: listings, unit pages, open data), and how long the search
// index takes after that (ms/index-after-reload). Run with
//
//	go test ./generator/serve/ -run '^$' -bench EditToReload -benchtime 20x
func BenchmarkEditToReload(b *testing.B) {
	if _, err := os.Stat(filepath.Join(corpus, "content")); err != nil {
		b.Skipf("%s is missing; see the comment on corpus for how to make it", corpus)
	}
	dir := b.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(corpus, "content"))); err != nil {
		b.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join(corpus, "config.toml"))
	if err != nil {
		b.Fatal(err)
	}
	writeFile(b, dir, "config.toml", string(cfg))
	doc := firstDocument(b, filepath.Join(dir, "content", "policies"))
	orig, err := os.ReadFile(doc)
	if err != nil {
		b.Fatal(err)
	}

	start := time.Now()
	h := startEarly(b, dir)
	h.wait = 10 * time.Minute
	if ev := h.next(); !ev.OK {
		b.Fatalf("first build failed:\n%s", h.log.String())
	}
	firstBuild := time.Since(start)

	var page, all, index time.Duration
	edit := func(i int) {
		edited := strings.TrimRight(string(orig), "\n") + fmt.Sprintf("\n\n第%d次修改后补充的一段正文。\n", i+1)
		t0 := time.Now()
		if err := os.WriteFile(doc, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		ev := h.next()
		if !ev.OK {
			b.Fatalf("rebuild failed:\n%s", h.log.String())
		}
		if len(ev.Changed) != 1 {
			b.Fatalf("first event after the edit = %+v, want the edited page alone", ev)
		}
		page += ev.At.Sub(t0)
		// The rest of the pages, then the search index. An author reads
		// the page before the next save, so the next edit meets an idle
		// server. (Edits in quick succession wait for the index.)
		h.srv.buildMu.Lock()
		end := time.Now()
		h.srv.buildMu.Unlock()
		ev = h.next()
		all += ev.At.Sub(t0)
		index += end.Sub(ev.At)
		// Idle also means no collection run ahead (collectAhead) still
		// going: the author reads the page for longer than it takes.
		for h.srv.collecting.Load() {
			time.Sleep(10 * time.Millisecond)
		}
	}
	// The first edit after start (once the first index is written) finds
	// caches that only the first rebuild fills; it is reported on its own.
	h.srv.buildMu.Lock()
	h.srv.buildMu.Unlock()
	edit(-1)
	firstReload := page
	page, all, index = 0, 0, 0
	b.ResetTimer()
	for i := range b.N {
		edit(i)
	}
	b.StopTimer()
	// After ResetTimer, which clears metrics reported before it.
	b.ReportMetric(firstBuild.Seconds(), "s-first-build")
	b.ReportMetric(float64(firstReload.Milliseconds()), "ms-first-reload")
	b.ReportMetric(float64(page.Milliseconds())/float64(b.N), "ms/reload")
	b.ReportMetric(float64(all.Milliseconds())/float64(b.N), "ms/all-pages")
	b.ReportMetric(float64(index.Milliseconds())/float64(b.N), "ms/index-after-reload")
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "MB-heap-in-use")
	// The process's resident memory once the collector has returned what
	// it can (between rebuilds it grows with the garbage of the last one).
	debug.FreeOSMemory()
	if st, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(st), "\n") {
			if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				if kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))); err == nil {
					b.ReportMetric(float64(kb)/1024, "MB-rss-after-gc")
				}
			}
		}
	}
	// What the server holds, by where it was allocated:
	// GONGKAI_HEAPPROFILE=/tmp/heap.pprof, then go tool pprof -sample_index=inuse_space.
	if p := os.Getenv("GONGKAI_HEAPPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			b.Fatal(err)
		}
	}
}

// firstDocument is the first Markdown file of a folder, by name.
func firstDocument(b *testing.B, dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".md") {
			return filepath.Join(dir, e.Name())
		}
	}
	b.Fatalf("no document in %s", dir)
	return ""
}
