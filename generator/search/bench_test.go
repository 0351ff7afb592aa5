package search

import (
	"hash/maphash"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
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

// BenchmarkPatch is serve's index build after a one-document edit: the
// index of the corpus is kept in a Memo, and each iteration inserts a
// sentence in the middle of one document (not one of the heavy-gram
// sample) and builds again; "pieces" hands the packs over as their
// records, as serve does, "joined" copies them into one slice each, as a
// build to disk does. Compare with BenchmarkBuild, the whole index.
func BenchmarkPatch(b *testing.B) {
	for _, mode := range []string{"pieces", "joined"} {
		b.Run(mode, func(b *testing.B) {
			m := &Memo{}
			if mode == "pieces" {
				m.WritePieces = func(string, [][]byte) error { return nil }
			}
			benchPatch(b, m)
		})
	}
}

func benchPatch(b *testing.B, m *Memo) {
	docs := slices.Clone(loadBenchCorpus(b))
	slices.SortFunc(docs, func(x, y Doc) int { return strings.Compare(x.URL, y.URL) })
	docs = lazyDocs(docs)
	texts := make([]string, len(docs))
	for i := range docs {
		texts[i], _ = docs[i].Lazy()
	}
	write := func(string, []byte) error { return nil }
	if err := Build(m, docs, write); err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		id := 1 + (n*131)%(len(docs)-1)
		if id%heavyStride == 0 {
			id++
		}
		n++
		mid := len(texts[id]) / 2
		for mid > 0 && !utf8.RuneStart(texts[id][mid]) {
			mid--
		}
		texts[id] = texts[id][:mid] + "本次修改补充了政务公开的要求。" + texts[id][mid:]
		text := texts[id]
		docs[id].Sum = maphash.String(testSeed, text) | 1
		docs[id].Lazy = func() (string, error) { return text, nil }
		if err := Build(m, docs, write); err != nil {
			b.Fatal(err)
		}
		if m.Patched != 1 {
			b.Fatalf("Patched = %d, want 1", m.Patched)
		}
	}
}

// BenchmarkPostings is the indexing alone (Builder.index over texts
// already folded, then joinParts), without encoding or writing: the part
// of BenchmarkBuild that the render phase runs beside the pages. With
// -cpu 1 it is one worker's CPU time, the steadiest figure on a shared
// machine.
func BenchmarkPostings(b *testing.B) {
	bl := foldedCorpus(b)
	codes := make([][]uint16, len(bl.docs))
	for i, e := range bl.docs {
		codes[i] = e.codes
	}
	for b.Loop() {
		b.StopTimer()
		x := NewBuilder()
		x.docs = make([]*entry, len(bl.docs))
		for i, e := range bl.docs {
			c := *e
			c.codes = codes[i]
			x.docs[i] = &c
		}
		entries := x.docs
		b.StartTimer()
		if err := x.index(len(entries), func(id int, _ *scratch) (*entry, error) { return entries[id], nil }); err != nil {
			b.Fatal(err)
		}
		if len(joinParts(x.parts)) == 0 {
			b.Fatal("no terms")
		}
		b.StopTimer()
		x.parts = nil
		x.arenas.release()
		b.StartTimer()
	}
}

// BenchmarkEncode is the encoding of the postings alone (encodeAll over
// the joined postings of the corpus): the CPU of the render/search phase
// that is not layout or writing. Compare with -cpu 1.
func BenchmarkEncode(b *testing.B) {
	bl := foldedCorpus(b)
	entries := bl.docs
	if err := bl.index(len(entries), func(id int, _ *scratch) (*entry, error) { return entries[id], nil }); err != nil {
		b.Fatal(err)
	}
	terms := joinParts(bl.parts)
	bl.parts = nil
	pieces := make([][]piece, len(terms))
	for i := range terms {
		pieces[i] = terms[i].pieces
	}
	astral, fieldEnds := bl.codeRunes(), bl.fieldEnds()
	size := 0
	for b.Loop() {
		for i := range terms {
			terms[i].pieces = pieces[i]
		}
		size = 0
		for _, r := range encodeAll(terms, astral, fieldEnds) {
			size += r.recLen + r.sumLen
		}
	}
	b.ReportMetric(float64(size)/1e6, "MB-records")
	bl.arenas.release()
}

// foldedCorpus is a Builder holding the corpus's documents, folded and
// in id order.
func foldedCorpus(b *testing.B) *Builder {
	bl := NewBuilder()
	for _, d := range loadBenchCorpus(b) {
		bl.Add(d)
	}
	bl.sortDocs()
	return bl
}
