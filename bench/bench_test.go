package bench

import (
	"context"
	"errors"
	"os"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/cpuclock"
	"gongkai/generator/diag"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

// BenchmarkBuild10k builds the corpus at $GONGKAI_CORPUS (made by
// `bench/run.sh --prepare DIR`; meant for the 10,000-document corpus, any
// size works) into memory, minified, as `gongkai build` would write it. It
// skips when GONGKAI_CORPUS is unset, so `go test ./...` never pays for it.
//
// Besides ns/op it reports pages per build and peak-heap-MB, the largest
// live heap seen while building (sampled; the process's RSS is higher, and
// the in-memory output is part of it, unlike a build to disk).
func BenchmarkBuild10k(b *testing.B) {
	dir := os.Getenv("GONGKAI_CORPUS")
	if dir == "" {
		b.Skip("GONGKAI_CORPUS is not set: generate a corpus with bench/run.sh --prepare DIR (see bench/README.md)")
	}
	site := os.DirFS(dir)
	b.ReportAllocs()
	peak := watchHeap()
	pages := 0
	for b.Loop() {
		opt := generator.Options{
			Site:     site,
			Defaults: gongkai.Layouts,
			Out:      publish.Minifying{M: publish.NewMinifier(), Next: publish.NewMemory()},
			AsOf:     model.MakeDate(2026, 11, 22),
		}
		res, err := generator.Build(context.Background(), opt)
		if err != nil {
			b.Fatal(failure(err))
		}
		pages = res.Pages
	}
	b.StopTimer()
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
}

// watchHeap samples the heap every few milliseconds until the returned
// function is called, which stops sampling and returns the largest heap seen.
// runtime/metrics is read without stopping the world, unlike ReadMemStats.
func watchHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var max uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > max {
				max = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return max
	}
}

// failure lists a failed build's errors (not its warnings: the generated
// corpus has many) so the benchmark says what to fix.
func failure(err error) string {
	var be *diag.BuildError
	if !errors.As(err, &be) {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(err.Error())
	for _, d := range be.Diags {
		if d.Severity == diag.Error {
			b.WriteString("\n" + d.String())
		}
	}
	return b.String()
}

// BenchmarkIndexShare builds the corpus at $GONGKAI_CORPUS into a folder
// (as `gongkai build` does) with and without the search index, in one run,
// so that the index's share of the build is the ratio of the two:
//
//	GONGKAI_CORPUS=/tmp/corpus-10000 go test ./bench/ -run '^$' -bench IndexShare -benchtime 3x
//
// The "alternated" case builds with and without the index in turn within
// each iteration and reports the share itself (share-wall-%, share-cpu-%:
// what the index adds, as a percentage of the build without it), so a
// machine whose speed drifts during the run skews both sides alike; and
// share-min-cpu-%, from the least CPU time of each side, the figure least
// moved by bursts of other work on a shared machine.
// The output folder is under $TMPDIR (go test's temporary folder).
func BenchmarkIndexShare(b *testing.B) {
	dir := os.Getenv("GONGKAI_CORPUS")
	if dir == "" {
		b.Skip("GONGKAI_CORPUS is not set: generate a corpus with bench/run.sh --prepare DIR (see bench/README.md)")
	}
	site := os.DirFS(dir)
	build := func(b *testing.B, out string, noSearch bool) {
		d, err := publish.NewDir(out)
		if err != nil {
			b.Fatal(err)
		}
		_, err = generator.Build(context.Background(), generator.Options{Site: site, Defaults: gongkai.Layouts,
			Out: publish.Minifying{M: publish.NewMinifier(), Next: d}, AsOf: model.MakeDate(2026, 11, 22), NoSearch: noSearch})
		if err != nil {
			d.Abort()
			b.Fatal(failure(err))
		}
		if err := d.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name     string
		noSearch bool
	}{{"with-index", false}, {"without-index", true}} {
		b.Run(c.name, func(b *testing.B) {
			out := b.TempDir() + "/public"
			for b.Loop() {
				build(b, out, c.noSearch)
				// Every build writes afresh, as in CI: no previous output to link from.
				b.StopTimer()
				os.RemoveAll(out)
				b.StartTimer()
			}
		})
	}
	b.Run("alternated", func(b *testing.B) {
		out := b.TempDir() + "/public"
		var wall, cpu [2]time.Duration // [with, without]
		// The fastest build of each side, too: on a shared machine a burst
		// of other work slows some builds a lot, and the minimum is the
		// steadiest figure (share-min-cpu-%).
		minCPU := [2]time.Duration{1<<63 - 1, 1<<63 - 1}
		for i := 0; b.Loop(); i++ {
			// Which goes first alternates too.
			for k := range 2 {
				noSearch := (i+k)%2 == 1
				side := 0
				if noSearch {
					side = 1
				}
				c0, t0 := cpuclock.Process(), time.Now()
				build(b, out, noSearch)
				wall[side] += time.Since(t0)
				c := cpuclock.Process() - c0
				cpu[side] += c
				minCPU[side] = min(minCPU[side], c)
				b.StopTimer()
				os.RemoveAll(out)
				b.StartTimer()
			}
		}
		b.ReportMetric(100*(wall[0].Seconds()-wall[1].Seconds())/wall[1].Seconds(), "share-wall-%")
		if cpu[1] > 0 { // measured (see cpuclock.Supported)
			b.ReportMetric(100*(cpu[0].Seconds()-cpu[1].Seconds())/cpu[1].Seconds(), "share-cpu-%")
			b.ReportMetric(100*(minCPU[0].Seconds()-minCPU[1].Seconds())/minCPU[1].Seconds(), "share-min-cpu-%")
		}
	})
}
