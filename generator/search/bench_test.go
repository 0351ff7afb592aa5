package search

import (
	"os"
	"sync"
	"testing"
)

var corpusDir = os.Getenv("GONGKAI_CORPUS") // e.g. /tmp/corpus-10000

var (
	corpusOnce sync.Once
	corpusDocs []Doc
)

func loadBenchCorpus(tb testing.TB) []Doc {
	dir := corpusDir
	if dir == "" {
		dir = "/tmp/corpus-10000"
	}
	corpusOnce.Do(func() { corpusDocs, _ = LoadCorpus(dir) })
	if len(corpusDocs) == 0 {
		tb.Skip("no corpus: run gencorpus -n 10000 -out /tmp/corpus-10000 (or set GONGKAI_CORPUS)")
	}
	return corpusDocs
}

// BenchmarkBuild builds the whole index over the corpus, Adds from two
// goroutines as the render phase does.
func BenchmarkBuild(b *testing.B) {
	docs := loadBenchCorpus(b)
	b.ReportAllocs()
	for b.Loop() {
		bl := NewBuilder()
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(docs); i += 2 {
					bl.Add(docs[i])
				}
			}()
		}
		wg.Wait()
		total := 0
		if err := bl.Write(func(p string, d []byte) error { total += len(d); return nil }); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(total)/1e6, "MB-index")
	}
}
