package search

import (
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// Index builds the postings while the caller produces the documents, so
// that no document's folded text outlives its turn: doc(id, text) is
// called exactly once for every id in [0, n), from several goroutines,
// and returns the document that gets that id (ids order the index; the
// caller must number documents in a fixed order for identical output).
// Call Write afterwards, and not Add.
//
// text is a buffer of the calling goroutine that doc may fill and return
// a view of as Doc.Text: the text is folded before that buffer is given
// to doc again, and is not kept.
//
// Documents are indexed in two rounds: first every heavyStride-th id, the
// sample from which heavy grams are chosen (their folded text is kept
// until its turn); then the rest, each worker walking a contiguous range
// of ids in order and feeding its own partial index. A worker that runs
// out of work takes the second half of the largest range still being
// walked, so the ranges stay contiguous (their postings are joined by
// concatenation) and the cores stay busy however uneven the documents are.
//
// Every document is produced even after an error, so that every problem
// is reported whatever the scheduling; indexing stops at the first error,
// and Index returns the errors' first in message order.
func (b *Builder) Index(n int, doc func(id int, text *[]byte) (Doc, error)) error {
	return b.index(n, func(id int, sc *scratch) (*entry, error) {
		d, err := doc(id, &sc.text)
		if err == nil {
			d.Text, err = d.text()
		}
		if err != nil {
			return nil, err
		}
		return b.newEntry(d, &sc.slab), nil
	})
}

// heavyLimit is the HeavyOcc in effect.
func heavyLimit(heavyOcc int) int {
	if heavyOcc <= 0 {
		return defaultHeavyOcc
	}
	return heavyOcc
}

// minSteal is the smallest remaining range a worker splits: every range is
// a partial index with tables of its own.
const minSteal = 8

// batchCodes is about how many codes (2 bytes each) a worker folds before
// it indexes them.
const batchCodes = 1 << 18

// slabCodes is the size of a worker's slab: the codes of a batch are
// folded into it (those of a document that does not fit get an array of
// their own), and it is reused once the batch is indexed, so that a build
// does not allocate its whole text again as codes.
const slabCodes = batchCodes + batchCodes/2

// batchLimit is batchCodes; tests lower it to get many batches (and, with
// Spill, many parts) from a few documents.
var batchLimit = batchCodes

// scratch is an indexing goroutine's working memory, given to get with
// each id: the page text's buffer (see Index) and the slab into which a
// document's codes may be folded (see newEntry; the first round, whose
// entries wait for the second, leaves it nil).
type scratch struct {
	text []byte
	slab []uint16
}

// index indexes the documents that get(id, scratch) returns.
func (b *Builder) index(n int, get func(id int, sc *scratch) (*entry, error)) error {
	limit := heavyLimit(b.HeavyOcc)
	docs := make([]*entry, n)
	var errs errorList
	run := func(id int, sc *scratch) *entry {
		e, err := get(id, sc)
		if err != nil {
			errs.add(err)
			return nil
		}
		e.id = int32(id)
		docs[id] = e
		return e
	}
	workers := runtime.GOMAXPROCS(0)
	sampleN := (n + heavyStride - 1) / heavyStride
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, max(1, sampleN)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sc scratch // no slab: these entries are kept until their range is walked
			for k := int(next.Add(1) - 1); k < sampleN; k = int(next.Add(1) - 1) {
				run(k*heavyStride, &sc)
			}
		}()
	}
	wg.Wait()
	sample := make([]*entry, 0, sampleN)
	for id := 0; id < n; id += heavyStride {
		if docs[id] != nil { // nil: it failed (the build fails anyway)
			sample = append(sample, docs[id])
		}
	}
	hv, counts := chooseHeavy(sample, limit)
	sample = nil
	b.heavy, b.counts = hv, counts

	sp := newSpans(n, workers)
	var file *spillFile
	if b.Spill && n > 0 { // an empty index has nothing to write out
		file = newSpillFile(len(sp.list))
		b.arenas.mu.Lock()
		b.arenas.file = file
		b.arenas.mu.Unlock()
	}
	// seal writes a span's part to worker w's spill file and lets it go:
	// the span goes on with a new part. Without a file, the part stays.
	seal := func(w int, s *span) {
		if !file.ready() {
			return
		}
		p := s.part
		s.part = nil
		if !errs.failed.Load() {
			p.finish()
			if err := file.write(w, p); err != nil {
				errs.add(writeBackError(err))
			}
		}
		p.ar.release()
	}
	for w, s := range sp.list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Entries are indexed in batches: indexing touches postings
			// all over the term tables, and doing it between page
			// renderings would run on cold caches.
			var batch []*entry
			var inv inversion
			sc := scratch{slab: make([]uint16, 0, slabCodes)}
			size := 0
			flush := func(s *span) {
				if len(batch) == 0 {
					return
				}
				if s.part == nil {
					s.part = newPart(int(batch[0].id), hv, b.arenas.add())
				}
				s.part.addBatch(batch, &inv)
				for _, e := range batch {
					e.codes = nil
				}
				batch, size, sc.slab = batch[:0], 0, sc.slab[:0]
				if file != nil && s.part.ar.size() >= spillBudget {
					seal(w, s)
				}
			}
			for ; s != nil; s = sp.steal() {
				for {
					id, ok := s.take()
					if !ok {
						break
					}
					e := docs[id]
					if e == nil && id%heavyStride != 0 { // sample ids ran in the first round
						e = run(id, &sc)
					}
					if e == nil || errs.failed.Load() {
						if e != nil {
							e.codes = nil // it may lie in the slab
						}
						continue // the rest is still produced, not indexed
					}
					batch = append(batch, e)
					if size += len(e.codes); size >= batchLimit {
						flush(s)
					}
				}
				flush(s)
				if file != nil && s.part != nil {
					seal(w, s) // the span is done
				}
			}
		}()
	}
	wg.Wait()
	if err := errs.first(); err != nil {
		for _, s := range sp.list {
			s.part = nil // nothing may point into the arenas once released
		}
		b.arenas.release()
		return err
	}
	if file != nil && file.ready() { // every part was written
		b.docs = docs
		return nil
	}
	if file != nil { // no temporary file could be made
		b.arenas.mu.Lock()
		b.arenas.file = nil
		b.arenas.mu.Unlock()
	}
	var parts []*partIndex
	for _, s := range sp.list {
		if s.part != nil {
			s.part.finish()
			parts = append(parts, s.part)
		}
	}
	slices.SortFunc(parts, func(x, y *partIndex) int { return x.lo - y.lo })
	b.docs, b.parts = docs, parts
	return nil
}

// span is a contiguous range of ids walked by one worker in order.
type span struct {
	mu       sync.Mutex
	next, hi int
	part     *partIndex // owned by the walking worker
}

func (s *span) take() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.next >= s.hi {
		return 0, false
	}
	s.next++
	return s.next - 1, true
}

func (s *span) remaining() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hi - s.next
}

// spans is the set of ranges, split further as workers run dry.
type spans struct {
	mu   sync.Mutex
	list []*span
}

func newSpans(n, workers int) *spans {
	sp := &spans{}
	for w := range workers {
		if lo, hi := w*n/workers, (w+1)*n/workers; lo < hi {
			sp.list = append(sp.list, &span{next: lo, hi: hi})
		}
	}
	return sp
}

// steal gives the caller the second half of the largest range still
// being walked, or nil when every range is (nearly) done.
func (sp *spans) steal() *span {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	var best *span
	most := minSteal - 1
	for _, s := range sp.list {
		if r := s.remaining(); r > most {
			best, most = s, r
		}
	}
	if best == nil {
		return nil
	}
	best.mu.Lock()
	defer best.mu.Unlock()
	r := best.hi - best.next
	if r < minSteal {
		return nil
	}
	mid := best.next + r/2
	ns := &span{next: mid, hi: best.hi}
	best.hi = mid
	sp.list = append(sp.list, ns)
	return ns
}

// errorList collects the errors of concurrent work.
type errorList struct {
	mu     sync.Mutex
	errs   []error
	failed atomic.Bool
}

func (l *errorList) add(err error) {
	l.mu.Lock()
	l.errs = append(l.errs, err)
	l.mu.Unlock()
	l.failed.Store(true)
}

// first is the first error in message order (so the report does not
// depend on scheduling), or nil.
func (l *errorList) first() error {
	if len(l.errs) == 0 {
		return nil
	}
	sort.Slice(l.errs, func(i, j int) bool { return l.errs[i].Error() < l.errs[j].Error() })
	return l.errs[0]
}
