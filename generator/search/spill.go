package search

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Spilling. A one-off build's postings would otherwise stay in memory
// from the first document to the encoding: at 10,000 documents 180 MB of
// arenas, at 100,000 about 1.8 GB, the largest part of the build's peak.
// With Builder.Spill, a range's postings are written to a temporary file
// (one per indexing worker) once its arena holds spillBudget bytes, and
// the range goes on as a new part; a part is written too when its range
// is done. The files hold each part's terms grouped by spill bucket (a
// hash of the gram), with a checksum per bucket, and Write reads and
// encodes one bucket at a time, so that at most a bucket of postings per
// encoding goroutine is in memory. The bytes of the index are the same
// either way. (Where TMPDIR is a memory file system, the postings stay in
// memory after all, counted against the machine's memory if not the
// process's.)

// spillBudget is the arena size at which a part is written out (at the
// end of a batch; arenas grow by arenaChunk, so a budget under that seals
// a part after every batch). Each indexing worker holds one part at a
// time. A part has tables of its own, and every term it meets is written
// with a header, so parts should not be small: 8 MB took more time and
// more memory than 24 MB at 10,000 documents, 48 MB more memory.
var spillBudget = 24 << 20

// spillBuckets is the number of spill buckets (a part's offsets are kept
// for each).
const spillBuckets = 256

// spillBucket is the spill bucket of a gram. It mixes the key otherwise
// than gramTable does: the grams of a bucket fill a gramTable evenly.
func spillBucket(kind int, k uint64) int {
	k ^= uint64(kind) << 61
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return int(k & (spillBuckets - 1))
}

// spillFile is the temporary files of one index build: one per indexing
// worker, each written by its worker alone (no lock held while a part is
// written), and the parts written.
type spillFile struct {
	workers int
	once    sync.Once
	outs    []*spillOut // nil when they could not be made
	mu      sync.Mutex  // guards parts
	parts   []spilled   // in the order written; sorted by lo at the end
}

// spillOut is one worker's file.
type spillOut struct {
	f     *os.File
	size  int64
	named bool // its name could not be removed while open: remove it on close
}

// spilled is a part in a file: its first document, which file, where
// each of its buckets starts (the last offset is its end) and each
// bucket's checksum (CRC-32C), checked when it is read back.
type spilled struct {
	lo   int
	out  int
	off  [spillBuckets + 1]int64
	sums [spillBuckets]uint32
}

func newSpillFile(workers int) *spillFile { return &spillFile{workers: workers} }

// ready makes the files on first use and reports whether there are any.
// Where no temporary file can be made (no writable TMPDIR), the build
// goes on with its postings in memory, as without Spill.
func (s *spillFile) ready() bool {
	s.once.Do(func() {
		outs := make([]*spillOut, s.workers)
		for w := range outs {
			f, err := os.CreateTemp("", "gongkai-search-*")
			if err != nil {
				for _, o := range outs[:w] {
					o.close()
				}
				return
			}
			// Where the system allows it, the file has no name from now
			// on: nothing is left behind, whatever ends the build.
			outs[w] = &spillOut{f: f, named: os.Remove(f.Name()) != nil}
		}
		s.outs = outs
	})
	return s.outs != nil
}

func (o *spillOut) close() {
	o.f.Close()
	if o.named {
		os.Remove(o.f.Name())
	}
}

// spillRef names a term of a part: kind (3 bits) and, below, the code of
// a character or the slot of a bigram, trigram or 4-gram.
type spillRef uint32

func (p *partIndex) ref(r spillRef) (kind int, k uint64, typ byte, ch *chain, end int32, c counts) {
	i := int32(r & (1<<29 - 1))
	switch kind = int(r >> 29); kind {
	case 0:
		s := p.uni.slot[i] - 1
		return 0, uint64(i), recDocs, &p.uni.post[s], p.uni.prev[s], p.uni.counts[s]
	case 1:
		t := &p.bi.terms[i]
		typ = recPos
		if p.bi.flags[i] {
			typ = recDocs
		}
		return 1, p.bi.keys[i], typ, &t.chain, t.cur, t.counts
	case 3:
		t := &p.tri.terms[i]
		return 3, p.tri.keys[i], recPos, &t.chain, t.cur, t.counts
	default:
		t := &p.quad.terms[i]
		return 4, t.key, recDocs, &t.chain, t.prev, t.counts
	}
}

// allRefs lists the part's terms in each's order.
func (p *partIndex) allRefs() []spillRef {
	all := make([]spillRef, 0, len(p.uni.post)+len(p.bi.terms)+len(p.tri.terms)+len(p.quad.terms))
	for c, s := range p.uni.slot {
		if s > 0 {
			all = append(all, spillRef(c))
		}
	}
	for i := range p.bi.terms {
		all = append(all, spillRef(1<<29|i))
	}
	for i := range p.tri.terms {
		all = append(all, spillRef(3<<29|i))
	}
	for i := range p.quad.terms {
		all = append(all, spillRef(4<<29|i))
	}
	return all
}

// refs lists the part's terms grouped by spill bucket, and where each
// bucket's terms start in that list.
func (p *partIndex) refs() ([]spillRef, [spillBuckets + 1]int) {
	all := p.allRefs()
	bk := make([]uint8, len(all))
	var start [spillBuckets + 1]int
	for i, r := range all {
		kind, k, _, _, _, _ := p.ref(r)
		b := spillBucket(kind, k)
		bk[i] = uint8(b)
		start[b+1]++
	}
	for b := range spillBuckets {
		start[b+1] += start[b]
	}
	out := make([]spillRef, len(all))
	at := start
	for i, r := range all {
		out[at[bk[i]]] = r
		at[bk[i]]++
	}
	return out, start
}

// write appends the finished part p to worker w's file (ready), bucket
// by bucket: per term a byte kind<<1|type, uvarints key, last document +
// 1, document count, occurrences, sum of last positions and the
// posting's length, then the posting.
func (s *spillFile) write(w int, p *partIndex) error {
	refs, start := p.refs()
	o := s.outs[w]
	sp := spilled{lo: p.lo, out: w}
	bw := bufio.NewWriterSize(io.NewOffsetWriter(o.f, o.size), 1<<16)
	at := o.size
	var head, data []byte
	for b := range spillBuckets {
		sp.off[b] = at
		sum := uint32(0)
		for _, r := range refs[start[b]:start[b+1]] {
			kind, k, typ, ch, end, c := p.ref(r)
			// The posting is gathered first (its blocks are read once,
			// and its length goes before it).
			data = ch.piece(p.ar, 0).appendTo(data[:0])
			head = append(head[:0], byte(kind<<1)|typ)
			head = binary.AppendUvarint(head, k)
			head = binary.AppendUvarint(head, uint64(end+1))
			head = binary.AppendUvarint(head, uint64(c.df))
			head = binary.AppendUvarint(head, uint64(c.npos))
			head = binary.AppendUvarint(head, c.sumLast)
			head = binary.AppendUvarint(head, uint64(len(data)))
			bw.Write(head)
			bw.Write(data)
			sum = crc32.Update(crc32.Update(sum, castagnoli, head), castagnoli, data)
			at += int64(len(head) + len(data))
		}
		sp.sums[b] = sum
	}
	sp.off[spillBuckets] = at
	if err := bw.Flush(); err != nil {
		return err
	}
	o.size = at
	s.mu.Lock()
	s.parts = append(s.parts, sp)
	s.mu.Unlock()
	return nil
}

// spilledBucket is one part's terms of one bucket, read back.
type spilledBucket []byte

var errSpill = errors.New("corrupt spill data")

// writeBackError is a failed write to the spill files, with what to do.
func writeBackError(err error) error {
	return fmt.Errorf("搜索索引：写临时文件失败：%w — 检查临时目录的剩余空间，或设置环境变量 TMPDIR 为空间足够的目录", err)
}

func readBackError(err error) error {
	return fmt.Errorf("搜索索引：读回临时文件失败：%w", err)
}

// each is partIndex.each for the terms read back; the pieces are views of
// the data.
func (d spilledBucket) each(f func(kind int, k uint64, typ byte, pc piece, end int32, c counts)) error {
	for len(d) > 0 {
		h := d[0]
		d = d[1:]
		if kind := h >> 1; kind > 4 || kind == 2 {
			return errSpill
		}
		var v [6]uint64
		for i := range v {
			x, n := binary.Uvarint(d)
			if n <= 0 {
				return errSpill
			}
			v[i], d = x, d[n:]
		}
		if v[5] > uint64(len(d)) {
			return errSpill
		}
		f(int(h>>1), v[0], h&1, piece{buf: d[:v[5]:v[5]]}, int32(v[1])-1,
			counts{df: uint32(v[2]), npos: uint32(v[3]), sumLast: v[4]})
		d = d[v[5]:]
	}
	return nil
}

// bytes is the size of the files written (0 for nil).
func (s *spillFile) bytes() int64 {
	n := int64(0)
	if s != nil {
		for _, o := range s.outs {
			n += o.size
		}
	}
	return n
}

// close gives the files back.
func (s *spillFile) close() {
	for _, o := range s.outs {
		o.close()
	}
	s.outs = nil
}

// extWriter appends records to a spill file, through a buffer.
type extWriter struct {
	o   *spillOut
	buf []byte
	err error
}

// add appends b and returns its offset in the file.
func (w *extWriter) add(b []byte) int64 {
	at := w.o.size + int64(len(w.buf))
	w.buf = append(w.buf, b...)
	if len(w.buf) >= 1<<20 {
		w.flush()
	}
	return at
}

func (w *extWriter) flush() error {
	if len(w.buf) > 0 && w.err == nil {
		if _, err := w.o.f.WriteAt(w.buf, w.o.size); err != nil {
			w.err = writeBackError(err)
		} else {
			w.o.size += int64(len(w.buf))
		}
	}
	w.buf = w.buf[:0]
	return w.err
}

// encodeSpilled encodes every term of the spilled parts, a bucket at a
// time per goroutine. The records that go to packs (larger than
// inlineMax) and their summaries are appended to the goroutine's file
// (ext): they are read back one pack at a time when the packs are
// written, so that the encoded index is not held whole either (at
// 100,000 documents, 960 MB of packs).
func (s *spillFile) encodeSpilled(astral map[uint16]rune, fieldEnd []int32) ([]encoded, error) {
	slices.SortFunc(s.parts, func(x, y spilled) int { return x.lo - y.lo })
	out := make([][]encoded, spillBuckets)
	var next atomic.Int32
	var errs errorList
	var wg sync.WaitGroup
	for g := range max(1, min(runtime.GOMAXPROCS(0), 4, len(s.outs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ext *extWriter
			if g < len(s.outs) {
				ext = &extWriter{o: s.outs[g]}
				defer func() {
					if err := ext.flush(); err != nil {
						errs.add(err)
					}
				}()
			}
			var buf []byte
			var bw bitWriter
			srcs := make([]spilledBucket, len(s.parts))
			for b := int(next.Add(1) - 1); b < spillBuckets && !errs.failed.Load(); b = int(next.Add(1) - 1) {
				n := int64(0)
				for _, p := range s.parts {
					n += p.off[b+1] - p.off[b]
				}
				buf = slices.Grow(buf[:0], int(n))[:n]
				at := buf
				for i, p := range s.parts {
					m := p.off[b+1] - p.off[b]
					if _, err := s.outs[p.out].f.ReadAt(at[:m], p.off[b]); err != nil {
						errs.add(readBackError(err))
						return
					}
					if crc32.Checksum(at[:m], castagnoli) != p.sums[b] {
						errs.add(readBackError(errSpill))
						return
					}
					srcs[i], at = spilledBucket(at[:m:m]), at[m:]
				}
				terms, err := joinSources(srcs, 10)
				if err != nil {
					errs.add(readBackError(err))
					return
				}
				recs := make([]encoded, len(terms))
				for i := range terms {
					t := &terms[i]
					r := encodeTerm(termString(t.runes(), astral), t.typ, t.pieces, t.counts, t.last, fieldEnd, &bw)
					if ext != nil && r.recLen > inlineMax {
						r.hash = contentHash(r.rec)
						r.ext, r.recAt, r.sumAt = ext.o, ext.add(r.rec), ext.add(r.sum)
						r.rec, r.sum = nil, nil
					}
					recs[i] = r
				}
				out[b] = recs
			}
		}()
	}
	wg.Wait()
	if err := errs.first(); err != nil {
		return nil, err
	}
	return slices.Concat(out...), nil
}
