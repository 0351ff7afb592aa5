package search

import (
	"math/bits"
	"slices"
)

// defaultHeavyOcc: a bigram with more (estimated) occurrences than this keeps
// only a document-level record and is stored positionally as trigrams, so
// no 3–4 character query downloads the positions of a very common pair.
const defaultHeavyOcc = 24000

// term is a built posting, not yet encoded.
type term struct {
	key    uint64 // the gram's codes, 16 bits each (see keyRunes)
	n      uint8  // number of codes
	typ    byte
	last   int32   // last document
	pieces []piece // intermediate varint posting
	counts counts  // of the whole posting
}

// runes are the codes of the term.
func (t *term) runes() []uint16 { return keyRunes(t.key, int(t.n)) }

// counts are kept while a posting is built, so that its statistics
// (recStats, which choose the code orders) need no pass over it: the
// sums of gaps telescope.
type counts struct {
	df, npos uint32 // documents; occurrences (tf summed)
	sumLast  uint64 // positional: Σ over documents of (last position + 1)
}

func (c *counts) merge(o counts) {
	c.df += o.df
	c.npos += o.npos
	c.sumLast += o.sumLast
}

// stats gives the posting's recStats (what postingStats reads from it):
// the document gaps sum to last+1-df, the position gaps of a document to
// its last position + 1 - tf.
func (c counts) stats(typ byte, last int32) recStats {
	s := recStats{df: uint64(c.df), sumGap: uint64(int64(last) + 1 - int64(c.df)), sumTf: uint64(c.npos) - uint64(c.df)}
	if typ == recPos {
		s.npos = uint64(c.npos)
		s.sumPos = c.sumLast - uint64(c.npos)
	}
	return s
}

// gramTable is an open-addressing hash table from a gram key to a term slot.
// Key and slot share an entry, so a lookup touches one cache line. Keys of
// bigrams fit 32 bits (gramTable32): entries of 8 bytes instead of 16 keep
// twice as many of the table's lines in cache, and a bigram is looked up
// for nearly every character indexed.
type gramTable = gramTableOf[uint64]

type gramTable32 = gramTableOf[uint32]

type gramTableOf[K uint32 | uint64] struct {
	ents  []gramEnt[K]
	n     int
	shift uint
}

type gramEnt[K uint32 | uint64] struct {
	key  K
	slot int32
}

func newGramTable(logSize uint) *gramTable { return newGramTableOf[uint64](logSize) }

func newGramTableOf[K uint32 | uint64](logSize uint) *gramTableOf[K] {
	return &gramTableOf[K]{ents: make([]gramEnt[K], 1<<logSize), shift: 64 - logSize}
}

// get returns the slot of key, adding it with slot next when absent.
func (t *gramTableOf[K]) get(key K, next int32) (int32, bool) {
	mask := uint64(len(t.ents) - 1)
	for h := uint64(key) * 0x9E3779B97F4A7C15 >> t.shift; ; h = (h + 1) & mask {
		e := &t.ents[h]
		switch e.key {
		case key:
			return e.slot, false
		case 0:
			e.key, e.slot = key, next
			t.n++
			if t.n*2 > len(t.ents) {
				t.grow()
			}
			return next, true
		}
	}
}

// find returns the slot of key, if present.
func (t *gramTableOf[K]) find(key K) (int32, bool) {
	mask := uint64(len(t.ents) - 1)
	for h := uint64(key) * 0x9E3779B97F4A7C15 >> t.shift; ; h = (h + 1) & mask {
		switch e := &t.ents[h]; e.key {
		case key:
			return e.slot, true
		case 0:
			return 0, false
		}
	}
}

func (t *gramTableOf[K]) grow() {
	old := *t
	*t = *newGramTableOf[K](64 - old.shift + 1)
	for _, e := range old.ents {
		if e.key != 0 {
			t.get(e.key, e.slot)
		}
	}
}

// posTerm accumulates a positional posting while documents stream by, in
// the intermediate form (see record.go): per document the gap, then each
// position as (gap to the previous position)+1, then 0.
// The hot fields come first and the struct is small: a build touches one
// posTerm per gram occurrence, and cache misses dominate. Statistics are
// kept as counts.
//
// The posting is a chain of blocks from the set's arena.
type posTerm struct {
	chain          // the posting's blocks
	cur     int32  // current document (-1: none yet)
	lastPos uint32 // last position in the current document (MaxUint32: none)
	cnt     uint32 // occurrences in the current document
	field   bool   // document level: occurs in the title or 发文字号
	counts         // of the documents closed so far
}

// posSet builds postings for many grams over a document stream. Each
// term's slot tells whether its key is flagged (heavy, flags), so the
// caller needs one hash lookup per occurrence.
type posSet struct {
	tab     *gramTable
	tab32   *gramTable32 // instead of tab when every key fits 32 bits (bigrams)
	terms   []posTerm
	keys    []uint64 // of terms, by slot (not in posTerm: only read at the end)
	flags   []bool   // of terms, by slot: the key is flagged
	flagged keySet
	ar      *arena
}

func newPosSet(logSize uint, flagged keySet, ar *arena) *posSet {
	return &posSet{tab: newGramTable(logSize), flagged: flagged, ar: ar}
}

// newPosSet32 is newPosSet for keys of 32 bits (bigramKey).
func newPosSet32(logSize uint, flagged keySet, ar *arena) *posSet {
	return &posSet{tab32: newGramTableOf[uint32](logSize), flagged: flagged, ar: ar}
}

// slot returns the slot of key's term, adding the term when new.
func (s *posSet) slot(key uint64) int32 {
	var i int32
	var isNew bool
	if s.tab32 != nil {
		i, isNew = s.tab32.get(uint32(key), int32(len(s.terms)))
	} else {
		i, isNew = s.tab.get(key, int32(len(s.terms)))
	}
	if isNew {
		s.terms = append(s.terms, posTerm{cur: -1, lastPos: 1<<32 - 1})
		s.keys = append(s.keys, key)
		s.flags = append(s.flags, s.flagged.has(key))
	}
	return i
}

// chain is an intermediate posting written into blocks from an arena,
// each a quarter larger than the one before (up to maxBlock); a full
// block stays where it is, linked to the next in the arena (blockHeader),
// and is never copied (a slice grown by append would be copied, and its
// new room cleared, at every doubling). A varint never straddles two
// blocks. The last block of a posting is half empty on
// average: with blocks twice the size of the one before, that was 62 MB
// of the 212 MB of postings at 10,000 documents; with a quarter larger,
// 20 of 172 MB, and the indexing is no slower (BenchmarkPostings).
type chain struct {
	buf         []byte   // the current block (nil: none yet)
	first, tail blockRef // the first block and the current one, linked in the arena
}

// room makes sure n more bytes fit in the current block.
func (t *chain) room(n int, ar *arena) {
	if cap(t.buf)-len(t.buf) >= n {
		return
	}
	size := minBlock
	c := cap(t.buf)
	if c > 0 {
		size = min((c+c/4+15)&^15, maxBlock)
	}
	ref, b := ar.block(size)
	if c > 0 {
		ar.link(t.tail, len(t.buf), ref)
	} else {
		t.first = ref
	}
	t.tail, t.buf = ref, b
}

// bytes is a copy of the piece's posting, its blocks joined.
func (p piece) bytes() []byte { return p.appendTo(nil) }

// appendTo appends the piece's posting, its blocks joined, to dst.
func (p piece) appendTo(dst []byte) []byte {
	bl := p.blocks()
	for b, ok := bl.next(); ok; b, ok = bl.next() {
		dst = append(dst, b...)
	}
	return dst
}

// piece is the chain as a piece of a term's posting (see joinParts).
func (t *chain) piece(ar *arena, base uint32) piece {
	return piece{ar: ar, first: t.first, tail: t.tail, buf: t.buf, base: base}
}

// addPos records an occurrence at pos (positional posting).
func (t *posTerm) addPos(doc int32, pos uint32, ar *arena) {
	t.room(11, ar)
	if t.cur != doc {
		t.close(ar)
		t.buf = appendUvarint(t.buf, uint32(doc-t.cur-1))
		t.cur, t.lastPos, t.cnt = doc, 1<<32-1, 0
	}
	t.buf = appendUvarint(t.buf, pos-t.lastPos)
	t.lastPos = pos
	t.cnt++
}

// addDoc records an occurrence (document-level posting). The gap is
// written when the document closes; lastPos keeps the previous document.
func (t *posTerm) addDoc(doc int32, field bool, ar *arena) {
	if t.cur != doc {
		t.closeDoc(ar)
		t.lastPos = uint32(t.cur)
		t.cur = doc
	}
	t.cnt++
	t.field = t.field || field
}

// closeDoc ends the current document of a document-level posting.
func (t *posTerm) closeDoc(ar *arena) {
	if t.cnt == 0 {
		return
	}
	v := t.cnt << 1
	if t.field {
		v |= 1
	}
	t.df++
	t.npos += t.cnt
	t.room(10, ar)
	t.buf = appendUvarint(appendUvarint(t.buf, uint32(t.cur-int32(t.lastPos)-1)), v)
	t.cnt, t.field = 0, false
}

// close ends the current document's positions.
func (t *posTerm) close(ar *arena) {
	if t.cnt == 0 {
		return
	}
	t.room(1, ar)
	t.buf = append(t.buf, 0)
	t.df++
	t.npos += t.cnt
	t.sumLast += uint64(t.lastPos) + 1
	t.cnt = 0
}

// closeAll ends every term's last document; flagged terms hold
// document-level postings when docLevel is set.
func (s *posSet) closeAll(docLevel bool) {
	for i := range s.terms {
		if docLevel && s.flags[i] {
			s.terms[i].closeDoc(s.ar)
		} else {
			s.terms[i].close(s.ar)
		}
	}
}

// uniSet builds document-level postings for single characters. What a
// character's every occurrence touches (cur, tf, field) is indexed by its
// code; its posting and counts, touched once per document, lie in slots
// made for the few thousand characters a site uses (a part's tables for
// all 65,536 codes took 4.8 MB, 19 MB of the 10,000-document build's live
// heap).
type uniSet struct {
	slot    []int32 // by code: index in post, prev and counts, plus 1 (0: none yet)
	post    []chain
	ar      *arena
	prev    []int32
	cur     []int32
	tf      []uint32
	field   []bool
	touched []uint16
	counts  []counts
}

func newUniSet(ar *arena) *uniSet {
	u := &uniSet{slot: make([]int32, 1<<16), ar: ar, cur: make([]int32, 1<<16),
		tf: make([]uint32, 1<<16), field: make([]bool, 1<<16)}
	for i := range u.cur {
		u.cur[i] = -1
	}
	return u
}

func (u *uniSet) flush() {
	for _, c := range u.touched {
		v := u.tf[c] << 1
		if u.field[c] {
			v |= 1
		}
		s := u.slot[c] - 1
		if s < 0 {
			s = int32(len(u.post))
			u.slot[c] = s + 1
			u.post = append(u.post, chain{})
			u.prev = append(u.prev, -1)
			u.counts = append(u.counts, counts{})
		}
		gap := uint32(u.cur[c] - u.prev[s] - 1)
		ch := &u.post[s]
		ch.room(10, u.ar)
		ch.buf = appendUvarint(appendUvarint(ch.buf, gap), v)
		u.counts[s].df++
		u.counts[s].npos += u.tf[c]
		u.prev[s] = u.cur[c]
		u.tf[c], u.field[c] = 0, false
	}
	u.touched = u.touched[:0]
}

func bigramKey(a, b uint16) uint64 { return uint64(a)<<16 | uint64(b) }

func trigramKey(a, b, c uint16) uint64 { return uint64(a)<<32 | uint64(b)<<16 | uint64(c) }

// keySet is a small open-addressing set of gram keys.
type keySet struct{ t *gramTable }

func newKeySet() keySet { return keySet{newGramTable(8)} }

func (h keySet) has(k uint64) bool {
	_, ok := h.t.find(k)
	return ok
}

// heavyStride: heavy grams are chosen from every heavyStride-th document,
// a deterministic sample (ids come from URL order).
const heavyStride = 8

// heavy holds the grams whose occurrences are too many to download as
// positions: bigrams (their positions are stored as trigrams) and trigrams
// (they also get the 4-grams around them as document-level records, so a
// frequent 4-character phrase is answered from one small record).
type heavy struct {
	bi, tri keySet
}

// chooseHeavy estimates occurrences from a sample of the documents (every
// heavyStride-th). Any choice is correct (the client learns it from the
// record types and the 4-gram records are complete for each heavy
// trigram); a good one keeps the records a short query needs small. The
// counts are returned too: serve keeps them, so that an edit of a sampled
// document is checked against them (heavyCounts.delta).
func chooseHeavy(sample []*entry, limit int) (heavy, *heavyCounts) {
	hc := &heavyCounts{limit: limit, bi: newCountTable(), tri: newCountTable()}
	for _, e := range sample {
		eachBigram(e.codes, func(k uint64) { hc.bi.add(k, 1) })
	}
	h := heavy{bi: hc.bi.over(limit)}
	for _, e := range sample {
		eachTrigram(e.codes, h.bi, func(k uint64) { hc.tri.add(k, 1) })
	}
	h.tri = hc.tri.over(limit)
	return h, hc
}

// eachBigram calls f with every bigram of codes.
func eachBigram(codes []uint16, f func(k uint64)) {
	for i := 0; i+1 < len(codes); i++ {
		if codes[i] != sep && codes[i+1] != sep {
			f(bigramKey(codes[i], codes[i+1]))
		}
	}
}

// eachTrigram calls f with every trigram of codes that starts with a
// bigram of bi.
func eachTrigram(codes []uint16, bi keySet, f func(k uint64)) {
	for i := 0; i+2 < len(codes); i++ {
		if codes[i] != sep && codes[i+1] != sep && codes[i+2] != sep && bi.has(bigramKey(codes[i], codes[i+1])) {
			f(trigramKey(codes[i], codes[i+1], codes[i+2]))
		}
	}
}

// heavyCounts are the sample's occurrences of bigrams and of the
// trigrams that start with a heavy bigram.
type heavyCounts struct {
	limit   int
	bi, tri *countTable
}

// countTable counts occurrences of grams.
type countTable struct {
	tab *gramTable
	n   []int32
}

func newCountTable() *countTable { return &countTable{tab: newGramTable(14)} }

func (c *countTable) add(k uint64, d int32) {
	slot, isNew := c.tab.get(k, int32(len(c.n)))
	if isNew {
		c.n = append(c.n, 0)
	}
	c.n[slot] += d
}

func (c *countTable) count(k uint64) int32 {
	if slot, ok := c.tab.find(k); ok {
		return c.n[slot]
	}
	return 0
}

// heavy reports whether n sampled occurrences make a gram heavy.
func (hc *heavyCounts) heavy(n int32) bool { return int(n)*heavyStride > hc.limit }

// over is the set of grams counted more than limit/heavyStride times.
func (c *countTable) over(limit int) keySet {
	out := newKeySet()
	for _, e := range c.tab.ents {
		if e.key != 0 && int(c.n[e.slot])*heavyStride > limit {
			out.t.get(e.key, 0)
		}
	}
	return out
}

// delta reports whether replacing the sampled documents' codes olds by
// news leaves the heavy grams h as they are, and if so returns the
// function that updates the counts (called once the index is written).
func (hc *heavyCounts) delta(h heavy, olds, news [][]uint16) (bool, func()) {
	count := func(each func(codes []uint16, f func(uint64))) map[uint64]int32 {
		d := map[uint64]int32{}
		for _, c := range olds {
			each(c, func(k uint64) { d[k]-- })
		}
		for _, c := range news {
			each(c, func(k uint64) { d[k]++ })
		}
		return d
	}
	same := func(c *countTable, set keySet, d map[uint64]int32) bool {
		for k, n := range d {
			if n != 0 && hc.heavy(c.count(k)+n) != set.has(k) {
				return false
			}
		}
		return true
	}
	bi := count(eachBigram)
	if !same(hc.bi, h.bi, bi) {
		return false, nil
	}
	tri := count(func(codes []uint16, f func(uint64)) { eachTrigram(codes, h.bi, f) })
	if !same(hc.tri, h.tri, tri) {
		return false, nil
	}
	return true, func() {
		for k, n := range bi {
			hc.bi.add(k, n)
		}
		for k, n := range tri {
			hc.tri.add(k, n)
		}
	}
}

// docCount accumulates document-level postings (heavy bigrams).
type docCount struct {
	key uint64
	chain
	prev  int32
	cur   int32
	tf    uint32
	field bool
	counts
}

type docSet struct {
	tab     *gramTable
	terms   []docCount
	touched []int32
	ar      *arena
}

func (s *docSet) add(key uint64, doc int32, field bool) {
	i, isNew := s.tab.get(key, int32(len(s.terms)))
	if isNew {
		s.terms = append(s.terms, docCount{key: key, prev: -1, cur: -1})
	}
	t := &s.terms[i]
	if t.cur != doc {
		t.cur = doc
		s.touched = append(s.touched, i)
	}
	t.tf++
	t.field = t.field || field
}

func (s *docSet) flush() {
	for _, i := range s.touched {
		t := &s.terms[i]
		v := t.tf << 1
		if t.field {
			v |= 1
		}
		gap := uint32(t.cur - t.prev - 1)
		t.room(10, s.ar)
		t.buf = appendUvarint(appendUvarint(t.buf, gap), v)
		t.df++
		t.npos += t.tf
		t.prev, t.tf, t.field = t.cur, 0, false
	}
	s.touched = s.touched[:0]
}

// partIndex holds the postings of one range of documents.
type partIndex struct {
	ar   *arena // where its postings lie
	lo   int    // first document of the range
	h    heavy
	uni  *uniSet
	bi   *posSet // heavy (flagged) bigrams hold document-level postings
	tri  *posSet
	quad *docSet // 4-grams around heavy trigrams, document level
}

// termSource is a part's terms: a partIndex, or a bucket of one read
// back from the spill file.
type termSource interface {
	each(f func(kind int, k uint64, typ byte, pc piece, end int32, c counts)) error
}

// joinParts gathers the parts' postings per term, in part order, as
// pieces: no posting is copied (the encoder reads the pieces in turn).
func joinParts(parts []*partIndex) []term {
	out, _ := joinSources(parts, 16) // a partIndex reports no error
	return out
}

// joinSources is joinParts for any sources, in the order of their
// documents, with tables of 2^logSize entries to start with. A source's
// first document gap counts from -1; its piece's base re-bases it on the
// last document of the pieces before it.
func joinSources[S termSource](srcs []S, logSize uint) ([]term, error) {
	var out []term
	var last []int32 // last document per term, so far
	// One table per gram kind: the keys of different kinds overlap. A
	// character's key is its code + 1 (0 marks a free entry).
	tabs := [5]*gramTable{newGramTable(logSize), newGramTable(logSize), nil, newGramTable(logSize), newGramTable(max(logSize, 4) - 4)}
	var zero S
	for si, src := range srcs {
		err := src.each(func(kind int, k uint64, typ byte, pc piece, end int32, c counts) {
			tk := k
			if kind == 0 {
				tk++
			}
			idx, isNew := tabs[kind].get(tk, int32(len(out)))
			if isNew {
				out = append(out, term{key: k, n: uint8(gramLen[kind]), typ: typ})
				last = append(last, -1)
			}
			t := &out[idx]
			pc.base = uint32(last[idx] + 1)
			t.pieces = append(t.pieces, pc)
			last[idx] = end
			t.last = end
			t.counts.merge(c)
		})
		if err != nil {
			return nil, err
		}
		srcs[si] = zero
	}
	return out, nil
}

// gramLen is the number of characters of a gram of each kind of joinParts.
var gramLen = [5]int{1, 2, 0, 3, 4}

// uvarintLen is the length of appendUvarint's encoding of v.
func uvarintLen(v uint32) int {
	return (bits.Len32(v|1) + 6) / 7
}

// each calls f for every term of the part, in a fixed order: kind (0
// characters, 1 bigrams, 3 trigrams, 4 4-grams), key, record type, the
// posting's chain (in p.ar), the last document in it and its counts.
func (p *partIndex) each(f func(kind int, k uint64, typ byte, pc piece, end int32, c counts)) error {
	for c, s := range p.uni.slot {
		if s--; s >= 0 {
			f(0, uint64(c), recDocs, p.uni.post[s].piece(p.ar, 0), p.uni.prev[s], p.uni.counts[s])
		}
	}
	for i := range p.bi.terms {
		t := &p.bi.terms[i]
		typ := byte(recPos)
		if p.bi.flags[i] {
			typ = recDocs
		}
		f(1, p.bi.keys[i], typ, t.piece(p.ar, 0), t.cur, t.counts)
	}
	for i := range p.tri.terms {
		t := &p.tri.terms[i]
		f(3, p.tri.keys[i], recPos, t.piece(p.ar, 0), t.cur, t.counts)
	}
	for i := range p.quad.terms {
		t := &p.quad.terms[i]
		f(4, t.key, recDocs, t.piece(p.ar, 0), t.prev, t.counts)
	}
	return nil
}

// keyRunes unpacks the n codes of a gram key.
func keyRunes(k uint64, n int) []uint16 {
	r := make([]uint16, n)
	for i := n - 1; i >= 0; i-- {
		r[i] = uint16(k)
		k >>= 16
	}
	return r
}

func newPart(lo int, h heavy, ar *arena) *partIndex {
	return &partIndex{ar: ar, lo: lo, h: h, uni: newUniSet(ar), bi: newPosSet32(15, h.bi, ar), tri: newPosSet(15, h.tri, ar), quad: &docSet{tab: newGramTable(10), ar: ar}}
}

// add indexes the next document of the part's range; addBatch with one
// entry.
func (pt *partIndex) add(e *entry) { pt.addBatch([]*entry{e}, &inversion{}) }

// addBatch indexes the next documents of the part's range (documents
// come in increasing id order): single characters (document level) and
// bigrams (positional); for a heavy bigram ab at p, its document-level
// posting and the trigrams abc at p and xab at p-1 (the latter only when
// xa is not heavy itself: then xab comes from xa's right side), so every
// trigram occurrence is stored once; and for a heavy trigram, the 4-grams
// around it (document level, by the same rule).
//
// Positional occurrences (bigrams and trigrams) are not appended to their
// postings as they are met: each is looked up (which numbers new terms in
// the order of first occurrence, as before) and noted in inv, and once
// the batch is read the notes are sorted by term (inversion.apply). A
// posting's tail is then touched once per batch rather than once per
// document and occurrence: those were cache misses, one for nearly every
// character. Heavy bigrams, a few hundred terms with a third of the
// occurrences, are counted as they are met (their postings stay in
// cache). The postings are byte for byte those of adding each occurrence
// in turn.
func (pt *partIndex) addBatch(es []*entry, inv *inversion) {
	// Notes give an occurrence's place as an offset into the batch's
	// codes taken end to end, in 32 bits: a batch longer than that goes
	// in parts (one document of 4G codes would take 8 GB to hold).
	total := 0
	for i, e := range es {
		if total += len(e.codes); total > maxBatchCodes && i > 0 {
			pt.addBatch(es[:i], inv)
			pt.addBatch(es[i:], inv)
			return
		}
	}
	h, uni, bi, tri, quad := pt.h, pt.uni, pt.bi, pt.tri, pt.quad
	inv.start(es, total)
	for li, e := range es {
		d := e.id
		codes := e.codes
		base := uint64(inv.starts[li])
		addTri := func(a, b, c uint16, p int) {
			k := trigramKey(a, b, c)
			slot := tri.slot(k)
			inv.tri = append(inv.tri, uint64(slot)<<32|(base+uint64(p)))
			if !tri.flags[slot] {
				return
			}
			if p+3 < len(codes) && codes[p+3] != sep {
				quad.add(k<<16|uint64(codes[p+3]), d, int32(p) < e.fieldEnd)
			}
			if p >= 1 && codes[p-1] != sep && !h.tri.has(trigramKey(codes[p-1], a, b)) {
				quad.add(uint64(codes[p-1])<<48|k, d, int32(p-1) < e.fieldEnd)
			}
		}
		prevHeavy := false // the bigram ending at i is heavy
		for i, c := range codes {
			if c == sep {
				prevHeavy = false
				continue
			}
			if uni.cur[c] != d {
				uni.cur[c] = d
				uni.touched = append(uni.touched, c)
			}
			uni.tf[c]++
			if int32(i) < e.fieldEnd {
				uni.field[c] = true
			}
			if i+1 >= len(codes) || codes[i+1] == sep {
				prevHeavy = false
				continue
			}
			c2 := codes[i+1]
			slot := bi.slot(bigramKey(c, c2))
			if !bi.flags[slot] {
				inv.bi = append(inv.bi, uint64(slot)<<32|(base+uint64(i)))
				prevHeavy = false
				continue
			}
			// A heavy bigram's posting is document level, and there are
			// few of them: it is counted here, not noted.
			bi.terms[slot].addDoc(d, int32(i) < e.fieldEnd, bi.ar)
			if i+2 < len(codes) && codes[i+2] != sep {
				addTri(c, c2, codes[i+2], i)
			}
			if i >= 1 && codes[i-1] != sep && !prevHeavy {
				addTri(codes[i-1], c, c2, i-1)
			}
			prevHeavy = true
		}
		uni.flush()
		quad.flush()
	}
	inv.apply(bi, inv.bi, es)
	inv.apply(tri, inv.tri, es)
}

// maxBatchCodes bounds the codes of one addBatch (offsets are 32 bits).
const maxBatchCodes = 1<<32 - 1

// inversion is a worker's scratch for addBatch: the occurrences of a
// batch, noted in reading order and sorted by term. A note is the term's
// slot (high 32 bits) and the occurrence's offset in the batch (low 32
// bits): the documents' codes taken end to end, starts[i] being where
// document i begins.
type inversion struct {
	bi, tri []uint64
	starts  []uint32
	block   []int32  // per docBlock codes of the batch, the document at the block's start
	sorted  []uint32 // offsets sorted by slot
	end     []int32  // per slot, the end of its run in sorted
}

// start prepares the scratch for a batch of total codes.
func (inv *inversion) start(es []*entry, total int) {
	// About one bigram per code, and fewer trigrams: room for them from
	// the start, so that the notes are not copied as they grow.
	inv.bi = slices.Grow(inv.bi[:0], total)
	inv.tri = inv.tri[:0]
	inv.starts = inv.starts[:0]
	off := uint32(0)
	for _, e := range es {
		inv.starts = append(inv.starts, off)
		off += uint32(len(e.codes))
	}
	inv.starts = append(inv.starts, off)
	inv.block = inv.block[:0]
	li := 0
	for o := uint64(0); o <= uint64(off); o += docBlock {
		for li+1 < len(es) && uint64(inv.starts[li+1]) <= o {
			li++
		}
		inv.block = append(inv.block, int32(li))
	}
}

// docBlock is the span of codes (a power of two) per entry of
// inversion.block: documents are about 3,000 codes long, so the document
// at an offset is the block's or one of the next few.
const docBlock = 1024

// docOf is the document of the batch at offset off: a look in the block
// table, then a step or two (many short documents: docAt's search).
func (inv *inversion) docOf(off uint32) int {
	li := int(inv.block[off/docBlock])
	for k := 0; inv.starts[li+1] <= off; k++ {
		if k == 4 {
			return docAt(inv.starts, li, off)
		}
		li++
	}
	return li
}

// apply sorts the notes by slot, stably (a counting sort), and adds each
// term's occurrences to its positional posting in reading order.
func (inv *inversion) apply(s *posSet, notes []uint64, es []*entry) {
	terms := len(s.terms)
	if cap(inv.end) < terms+1 {
		inv.end = make([]int32, terms+1, max(terms+1, 2*cap(inv.end)))
	}
	end := inv.end[:terms+1]
	clear(end)
	for _, v := range notes {
		end[v>>32+1]++
	}
	for i := 1; i <= terms; i++ {
		end[i] += end[i-1]
	}
	// end[sl] is now the start of slot sl's run; filling moves it to the
	// run's end, which is where the next slot's run starts.
	inv.sorted = slices.Grow(inv.sorted[:0], len(notes))[:len(notes)]
	sorted := inv.sorted
	for _, v := range notes {
		sl := v >> 32
		sorted[end[sl]] = uint32(v)
		end[sl]++
	}
	ar := s.ar
	start := int32(0)
	for sl := range terms {
		stop := end[sl]
		if stop == start {
			continue
		}
		run := sorted[start:stop]
		start = stop
		s.terms[sl].addRun(run, inv, es, ar)
	}
}

// docAt is the document of a batch at offset off, at or after li
// (starts as in inversion).
func docAt(starts []uint32, li int, off uint32) int {
	if off < starts[li+1] {
		return li
	}
	// Gallop, then search: the next document with the term is usually near.
	step := 1
	for li+2*step < len(starts)-1 && starts[li+2*step] <= off {
		step *= 2
	}
	lo, hi := li+step, min(li+2*step, len(starts)-1) // starts[lo] <= off < starts[hi]
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if starts[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return lo
}

// addRun is addPos for each occurrence of run (offsets in the batch, see
// inversion), with the posting's state in locals.
func (t *posTerm) addRun(run []uint32, inv *inversion, es []*entry, ar *arena) {
	buf, cur, lastPos, cnt := t.buf, t.cur, t.lastPos, t.cnt
	starts := inv.starts
	var lo, hi uint32 // the current document's offsets (none yet: every offset is ≥ hi)
	for _, off := range run {
		if cap(buf)-len(buf) < 11 {
			t.buf = buf
			t.room(11, ar)
			buf = t.buf
		}
		if off >= hi { // a new document (the batch's documents are not in the posting yet)
			li := inv.docOf(off)
			lo, hi = starts[li], starts[li+1]
			doc := es[li].id
			if cnt != 0 {
				buf = append(buf, 0) // room(11) covers it and the gap
				t.df++
				t.npos += cnt
				t.sumLast += uint64(lastPos) + 1
			}
			buf = appendUvarint(buf, uint32(doc-cur-1))
			cur, lastPos, cnt = doc, 1<<32-1, 0
		}
		pos := off - lo
		buf = appendUvarint(buf, pos-lastPos)
		lastPos = pos
		cnt++
	}
	t.buf, t.cur, t.lastPos, t.cnt = buf, cur, lastPos, cnt
}

// finish ends the last document of every posting.
func (pt *partIndex) finish() {
	pt.bi.closeAll(true)
	pt.tri.closeAll(false)
}
