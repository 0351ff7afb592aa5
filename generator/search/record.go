package search

import "math/bits"

// Record types (first byte of a record).
const (
	recDocs = 0 // per document: gap, tf, in-title flag
	recPos  = 1 // per document: gap, tf, positions
)

// Intermediate (build-time) postings are varint streams, appended document
// by document in increasing document order:
//
//	docs:  gap, tf<<1|flag
//	pos:   gap, tf × (position gap + 1), 0
//
// where gap = doc - previous doc - 1 (previous = -1) and position gap =
// pos - previous pos - 1 (previous = -1 in each document). The terminator
// lets positions be appended as they are met, before tf is known.
// encodeRecord turns one into the final Exp-Golomb record:
//
//	byte type, uvarint df, byte kd, byte kt, [byte kp]
//	bits per document: eg(gap,kd) eg(tf-1,kt) then flag bit (docs) or
//	tf × eg(position gap,kp) (pos); padded to a byte.

// piece is one partial index's share of a term's intermediate posting
// (see joinParts): the chain of blocks from first to tail in ar, buf
// being the tail's data; or, without ar, buf alone. Its first document
// gap counts from -1; base, the previous piece's last document + 1, is
// subtracted from it so that the pieces read as one posting.
type piece struct {
	ar          *arena
	first, tail blockRef
	buf         []byte
	base        uint32
}

// onePiece is a whole posting as pieces.
func onePiece(buf []byte) []piece { return []piece{{buf: buf}} }

// blocks reads a piece's blocks in turn (next).
type blocks struct {
	ar       *arena
	at, tail blockRef
	last     []byte
	done     bool
}

func (p *piece) blocks() blocks { return blocks{ar: p.ar, at: p.first, tail: p.tail, last: p.buf} }

// next returns the next block's data, or false after the last.
func (b *blocks) next() ([]byte, bool) {
	if b.done {
		return nil, false
	}
	if b.ar == nil || b.at == b.tail {
		b.done = true
		return b.last, true
	}
	d, next := b.ar.follow(b.at)
	b.at = next
	return d, true
}

// recStats summarises an intermediate posting for choosing code orders.
type recStats struct {
	df, sumGap, sumTf, npos, sumPos uint64
}

// add counts one document with gap and term frequency tf.
func (s *recStats) add(gap, tf uint32) {
	s.df++
	s.sumGap += uint64(gap)
	s.sumTf += uint64(tf) - 1
}

func (s *recStats) merge(o recStats) {
	s.df += o.df
	s.sumGap += o.sumGap
	s.sumTf += o.sumTf
	s.npos += o.npos
	s.sumPos += o.sumPos
}

// varints yields the varints of a posting split into pieces, each piece's
// base already taken off its first varint (a part's posting starts with a
// document gap, the only varint a non-zero base applies to). A document's
// entry may run from one piece into the next; a varint never does.
func varints(ps []piece) func(yield func(uint32) bool) {
	return func(yield func(uint32) bool) {
		for pi := range ps {
			base := ps[pi].base
			bl := ps[pi].blocks()
			for in, ok := bl.next(); ok; in, ok = bl.next() {
				for i := 0; i < len(in); {
					v := uvarint(in, &i) - base
					base = 0
					if !yield(v) {
						return
					}
				}
			}
		}
	}
}

// order picks the Exp-Golomb order for values of the given mean.
func order(sum, n uint64) uint {
	if n == 0 || sum < n {
		return 0
	}
	return uint(bits.Len64(sum/n)) - 1
}

// encodeRecord converts an intermediate posting of type typ to a record.
func encodeRecord(typ byte, ps []piece, s recStats, w *bitWriter) []byte {
	kd, kt := order(s.sumGap, s.df), order(s.sumTf, s.df)
	w.buf = append(w.buf[:0], typ)
	w.buf = appendUvarint(w.buf, uint32(s.df))
	w.buf = append(w.buf, byte(kd), byte(kt))
	var kp uint
	if typ == recPos {
		kp = order(s.sumPos, s.npos)
		w.buf = append(w.buf, byte(kp))
	}
	// The bits are kept in locals (putBits) and the varints are read in
	// this loop: with bitWriter's fields and a call per value, the
	// encoding took 8% longer (BenchmarkEncode).
	buf, acc, nacc := w.buf, uint64(0), uint(0)
	atGap := true
	pos := w.pos[:0] // a document's positions, written once its count is known
	for pi := range ps {
		base := ps[pi].base
		bl := ps[pi].blocks()
		for in, ok := bl.next(); ok; in, ok = bl.next() {
			for i := 0; i < len(in); {
				var v uint32
				if c := in[i]; c < 0x80 {
					v = uint32(c)
					i++
				} else {
					v = uvarint(in, &i)
				}
				v -= base
				base = 0
				switch {
				case atGap:
					if c, n := egCode(v, kd); n <= 32 {
						buf, acc, nacc = putBits(buf, acc, nacc, c, n)
					} else {
						buf, acc, nacc = egSlow(buf, acc, nacc, v, kd)
					}
					atGap = false
				case typ == recDocs:
					if c, n := egCode(v>>1-1, kt); n <= 32 {
						buf, acc, nacc = putBits(buf, acc, nacc, c, n)
					} else {
						buf, acc, nacc = egSlow(buf, acc, nacc, v>>1-1, kt)
					}
					buf, acc, nacc = putBits(buf, acc, nacc, uint64(v&1), 1)
					atGap = true
				case v == 0:
					if c, n := egCode(uint32(len(pos))-1, kt); n <= 32 {
						buf, acc, nacc = putBits(buf, acc, nacc, c, n)
					} else {
						buf, acc, nacc = egSlow(buf, acc, nacc, uint32(len(pos))-1, kt)
					}
					for _, x := range pos {
						if c, n := egCode(x-1, kp); n <= 32 {
							buf, acc, nacc = putBits(buf, acc, nacc, c, n)
						} else {
							buf, acc, nacc = egSlow(buf, acc, nacc, x-1, kp)
						}
					}
					pos, atGap = pos[:0], true
				default:
					pos = append(pos, v)
				}
			}
		}
	}
	w.pos = pos
	w.buf, w.acc, w.nacc = buf, acc, nacc
	out := w.flush()
	return append([]byte(nil), out...)
}

// posting is one decoded document entry of a record.
type posting struct {
	doc   int32
	tf    int32
	field bool    // occurs in the title or 发文字号 (docs records)
	pos   []int32 // positions (pos records)
}

// decodeRecord decodes a record written by encodeRecord.
func decodeRecord(rec []byte) []posting {
	h, ok := readHeader(rec)
	if !ok {
		return nil
	}
	typ, df, kd, kt, kp := h.typ, h.df, h.kd, h.kt, h.kp
	r := bitReader{buf: h.body}
	out := make([]posting, 0, min(df, 1<<20))
	doc := int32(-1)
	for n := uint32(0); n < df && r.pos < uint(len(r.buf))*8; n++ {
		doc += int32(r.eg(kd)) + 1
		p := posting{doc: doc, tf: int32(r.eg(kt)) + 1}
		if typ == recDocs {
			p.field = r.bit() == 1
		} else {
			if p.tf > 1<<20 {
				return out // corrupt: no document is that long
			}
			p.pos = make([]int32, p.tf)
			at := int32(-1)
			for j := range p.pos {
				at += int32(r.eg(kp)) + 1
				p.pos[j] = at
			}
		}
		out = append(out, p)
	}
	return out
}

// summarise appends to out the document-level posting (docs: gap,
// tf<<1|flag) of an intermediate positional posting; fieldEnd gives each
// document's title and 发文字号 extent for the flag. out may be a caller's
// scratch: the summary of a large record is encoded at once and dropped.
func summarise(out []byte, ps []piece, fieldEnd []int32) ([]byte, recStats) {
	var st recStats
	doc := int32(-1)
	var gap, tf, field uint32
	var at int64
	atGap := true
	for v := range varints(ps) {
		switch {
		case atGap:
			gap, atGap = v, false
			doc += int32(gap) + 1
			tf, field, at = 0, 0, -1
		case v == 0:
			out = appendUvarint(appendUvarint(out, gap), tf<<1|field)
			st.add(gap, tf)
			atGap = true
		default:
			at += int64(v)
			if tf == 0 && at < int64(fieldEnd[doc]) {
				field = 1
			}
			tf++
		}
	}
	return out, st
}
