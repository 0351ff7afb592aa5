package search

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
)

// Memo is what `gongkai serve` keeps of the last index it wrote, so that
// the next one is made from the changes alone (Build): every gram's record,
// as bytes within the files written (no copy), the documents as indexed
// (lengths, field ends, and Lazy for their texts), the heavy grams and the
// codes of astral characters. A Memo is used by one build at a time.
//
// After an edit, Build folds the old and the new text of each changed
// document, indexes each alone, and rewrites only the records of the grams
// whose entry for that document differs: each such record is decoded, the
// document's entry replaced, and the record encoded again. The files are
// then laid out from the records as in a full build, so the output is the
// same bytes as a full build of the same documents. Build makes the index
// whole instead when the documents are not the same list of URLs, when
// more than maxPatch changed, or when a changed document is in the sample
// that chooses the heavy grams and the choice comes out different.
type Memo struct {
	HeavyOcc int // as Builder.HeavyOcc (tests lower it)
	// Patched is how many documents the last Build patched in; -1 when it
	// made the index whole.
	Patched int
	// WritePieces, when set, takes the packs (the files of large records)
	// as their records' bytes, unjoined: serve holds the records anyway,
	// and joining them copied the whole index after every edit.
	WritePieces func(path string, pieces [][]byte) error

	ents   []*entry // by id; Text dropped, codes released
	h      heavy
	counts *heavyCounts // the sample's, that chose h
	astral map[rune]uint16
	recs   []encoded        // gram records (no 发文字号 records), bytes within the files written
	at     map[string]int32 // index in recs, by term
	docNos []encoded        // the 发文字号 records
	meta   *displayData     // the display data

	spliced atomic.Int64 // records patched by splice (tests)
}

// maxPatch is the most changed documents Build patches in; beyond it the
// index is made whole (an edit changes one or a few).
const maxPatch = 32

// Build writes the index of docs, given in id order (URL order), through
// write, like NewBuilder, Index and Write; with m, it patches the index m
// describes when it can (see Memo) and leaves m describing the index
// written. A failed Build leaves m empty or as it was.
func Build(m *Memo, docs []Doc, write func(path string, data []byte) error) error {
	if m != nil {
		m.Patched = -1
		done, err := m.patch(docs, write)
		if done || err != nil {
			return err
		}
		m.clear()
	}
	b := NewBuilder()
	if m != nil {
		b.HeavyOcc = m.HeavyOcc
	}
	if err := b.Index(len(docs), func(id int, _ *[]byte) (Doc, error) { return docs[id], nil }); err != nil {
		return err
	}
	return b.write(write, m)
}

// clear forgets the index (a whole one is made next).
func (m *Memo) clear() {
	m.ents, m.h, m.counts, m.astral, m.recs, m.at, m.docNos, m.meta = nil, heavy{}, nil, nil, nil, nil, nil, nil
	m.Patched = -1
}

// set keeps the index just written by b, whose gram records are recs.
func (m *Memo) set(b *Builder, recs []encoded) {
	m.ents, m.h, m.counts, m.astral, m.recs = b.docs, b.heavy, b.counts, b.astral, recs
	m.at = make(map[string]int32, len(recs))
	for i := range recs {
		m.at[recs[i].term] = int32(i)
	}
}

// gramID names a gram of n codes.
type gramID struct {
	key uint64
	n   uint8
}

// change is a document's new entry in a gram's posting: the intermediate
// form (see record.go) without the document gap; nil when the document
// no longer has the gram.
type change struct {
	doc        int32
	entry, old []byte // old: the entry before (nil: none)
}

// gramChanges are the changes of one gram, by increasing document.
type gramChanges struct {
	typ byte
	chs []change
}

// patch writes the index of docs from m and the changed documents alone,
// and reports whether it did; false (with no error) when the index must
// be made whole.
func (m *Memo) patch(docs []Doc, write func(path string, data []byte) error) (bool, error) {
	if m.ents == nil || len(docs) != len(m.ents) || m.counts.limit != heavyLimit(m.HeavyOcc) {
		return false, nil
	}
	var changed []int
	for id := range docs {
		d, o := &docs[id], &m.ents[id].Doc
		if d.URL != o.URL {
			return false, nil
		}
		if d.Sum == 0 || d.Sum != o.Sum || d.Title != o.Title || d.DocNo != o.DocNo || !slices.Equal(d.Organs, o.Organs) {
			if changed = append(changed, id); len(changed) > maxPatch {
				return false, nil
			}
		}
	}
	b := &Builder{astral: maps.Clone(m.astral), arenas: &arenas{}, heavy: m.h, counts: m.counts, HeavyOcc: m.HeavyOcc}
	// Each changed document folded as it was and as it is.
	olds, news := make([]*entry, len(changed)), make([]*entry, len(changed))
	var sampled [2][][]uint16
	for i, id := range changed {
		old := m.ents[id].Doc
		if old.Lazy == nil {
			return false, nil // its old text is not known (Text is not kept)
		}
		text, err := old.text()
		if err != nil {
			return false, nil // made whole: the new texts are all it needs
		}
		old.Text = text
		nd := docs[id]
		if nd.Text, err = nd.text(); err != nil {
			return false, err
		}
		olds[i], news[i] = b.newEntry(old, nil), b.newEntry(nd, nil)
		olds[i].id, news[i].id = int32(id), int32(id)
		if id%heavyStride == 0 {
			sampled[0] = append(sampled[0], olds[i].codes)
			sampled[1] = append(sampled[1], news[i].codes)
		}
	}
	recount := func() {}
	if len(sampled[0]) > 0 {
		same, apply := m.counts.delta(m.h, sampled[0], sampled[1])
		if !same {
			return false, nil // the heavy grams change: every record may
		}
		recount = apply
	}
	ents := make([]*entry, len(docs))
	for id := range docs {
		e := *m.ents[id]
		e.Doc = docs[id]
		e.Text = ""
		ents[id] = &e
	}
	grams := map[gramID]*gramChanges{}
	for i, id := range changed {
		oe, ne := olds[i], news[i]
		// A moved field end changes the summaries of the document's
		// large records even where its entry is the same.
		force := oe.fieldEnd != ne.fieldEnd
		before, after := b.single(oe), b.single(ne)
		oe.codes, ne.codes, ents[id] = nil, nil, ne
		for g, o := range before {
			n, ok := after[g]
			if ok && !force && bytes.Equal(o.entry, n.entry) {
				continue
			}
			addChange(grams, g, o.typ, change{int32(id), n.entry, o.entry})
		}
		for g, n := range after {
			if _, ok := before[g]; !ok {
				addChange(grams, g, n.typ, change{int32(id), n.entry, nil})
			}
		}
	}
	b.docs = ents
	// The 发文字号 records and the display data stay when no 发文字号,
	// URL, title, date or script changed.
	b.docNos, b.meta = m.docNos, m.meta
	for id := range docs {
		o, d := &m.ents[id].Doc, &docs[id]
		if o.DocNo != d.DocNo {
			b.docNos = nil
		}
		if o.Title != d.Title || o.DocNo != d.DocNo || o.Date != d.Date || o.Lang != d.Lang {
			b.meta = nil // the URLs are the same (see above)
		}
	}
	recs, err := m.patched(b, grams)
	if err != nil {
		return false, err
	}
	if err := b.finish(recs, write, m); err != nil {
		return false, err
	}
	recount()
	m.Patched = len(changed)
	return true, nil
}

func addChange(grams map[gramID]*gramChanges, g gramID, typ byte, c change) {
	gc := grams[g]
	if gc == nil {
		gc = &gramChanges{typ: typ}
		grams[g] = gc
	}
	gc.chs = append(gc.chs, c) // documents come in increasing order
}

// singleEntry is one document's entry in a gram's posting.
type singleEntry struct {
	typ   byte
	entry []byte // intermediate form, without the document gap
}

// single indexes e alone and returns its entry in each of its grams.
func (b *Builder) single(e *entry) map[gramID]singleEntry {
	ar := &arenas{} // released on return: the entries are copies
	defer ar.release()
	p := newPart(int(e.id), b.heavy, ar.add())
	p.add(e)
	p.finish()
	out := map[gramID]singleEntry{}
	p.each(func(kind int, k uint64, typ byte, pc piece, _ int32, _ counts) {
		buf := pc.bytes()
		i := 0
		uvarint(buf, &i) // the gap: the document's id
		out[gramID{k, uint8(gramLen[kind])}] = singleEntry{typ, buf[i:]}
	})
	return out
}

// patched returns m's gram records with those of grams rewritten (in
// parallel): a gram whose posting ends empty is gone, a new one added.
func (m *Memo) patched(b *Builder, grams map[gramID]*gramChanges) ([]encoded, error) {
	ids := slices.SortedFunc(maps.Keys(grams), func(x, y gramID) int { return cmp.Or(cmp.Compare(x.n, y.n), cmp.Compare(x.key, y.key)) })
	astral := b.codeRunes()
	fieldEnd := b.fieldEnds()
	out := make([]encoded, len(ids))
	var bws sync.Pool
	parallel(len(ids), func(i int) {
		g := ids[i]
		gc := grams[g]
		term := termString(keyRunes(g.key, int(g.n)), astral)
		var old *encoded
		if j, ok := m.at[term]; ok {
			old = &m.recs[j]
		}
		bw, _ := bws.Get().(*bitWriter)
		if bw == nil {
			bw = new(bitWriter)
		}
		defer bws.Put(bw)
		if e, ok := splice(term, gc.typ, old, gc.chs, fieldEnd, bw); ok {
			out[i] = e
			m.spliced.Add(1)
			return
		}
		var rec []byte
		if old != nil {
			rec = old.rec
		}
		buf, c, last := patchPosting(gc.typ, rec, gc.chs)
		if c.df == 0 {
			out[i] = encoded{term: term, recLen: -1} // gone
			return
		}
		out[i] = encodeTerm(term, gc.typ, onePiece(buf), c, last, fieldEnd, bw)
	})
	recs := slices.Clone(m.recs)
	gone := false
	for _, e := range out {
		j, ok := m.at[e.term]
		switch {
		case e.recLen < 0 && ok:
			recs[j].recLen = -1
			gone = true
		case e.recLen < 0: // never held: nothing to remove
		case ok:
			recs[j] = e
		default:
			recs = append(recs, e)
		}
	}
	if gone {
		recs = slices.DeleteFunc(recs, func(e encoded) bool { return e.recLen < 0 })
	}
	return recs, nil
}

// entryCounts is an entry's term frequency and, for a positional one, the
// sum of its position gaps + 1 (its last position + 1).
func entryCounts(typ byte, entry []byte) (tf uint32, sum uint64) {
	i := 0
	if typ == recDocs {
		return uvarint(entry, &i) >> 1, 0
	}
	for i < len(entry) {
		x := uvarint(entry, &i)
		if x == 0 {
			break
		}
		tf++
		sum += uint64(x)
	}
	return tf, sum
}

// patchPosting returns the intermediate posting of record rec (nil: none)
// with the entries of the documents in chs (by increasing document)
// replaced, its counts and its last document. It decodes the whole record;
// splice, the fast way, works on the coded bits.
func patchPosting(typ byte, rec []byte, chs []change) (buf []byte, c counts, last int32) {
	last = -1
	put := func(ch change) {
		if ch.entry == nil {
			return
		}
		buf = appendUvarint(buf, uint32(ch.doc-last-1))
		buf = append(buf, ch.entry...)
		last = ch.doc
		tf, sum := entryCounts(typ, ch.entry)
		c.df++
		c.npos += tf
		c.sumLast += sum
	}
	h, ok := readHeader(rec)
	r := bitReader{buf: h.body}
	doc := int32(-1)
	k := 0
	for n := uint32(0); ok && n < h.df; n++ {
		doc += int32(r.eg(h.kd)) + 1
		for k < len(chs) && chs[k].doc < doc {
			put(chs[k])
			k++
		}
		keepIt := k == len(chs) || chs[k].doc != doc
		if keepIt {
			buf = appendUvarint(buf, uint32(doc-last-1))
			last = doc
			c.df++
		}
		tf := r.eg(h.kt) + 1
		if typ == recDocs {
			flag := r.bit()
			if keepIt {
				buf = appendUvarint(buf, tf<<1|flag)
				c.npos += tf
			}
		} else {
			var sum uint64
			for range tf {
				x := r.eg(h.kp) + 1
				sum += uint64(x)
				if keepIt {
					buf = appendUvarint(buf, x)
				}
			}
			if keepIt {
				buf = append(buf, 0)
				c.npos += tf
				c.sumLast += sum
			}
		}
		if !keepIt {
			put(chs[k])
			k++
		}
	}
	for ; k < len(chs); k++ {
		put(chs[k])
	}
	return buf, c, last
}

// splice patches a gram's record old without decoding all of it: the
// posting's counts follow from old's and the changed entries', and when
// they give the same code orders, the new record is old's bits up to the
// first changed document, the changed entries coded, and the rest of old's
// bits (the gap after a change coded again). It reports false when it
// cannot (no old record, the orders or the presence of a summary change,
// the last document goes, or old does not hold what chs says it held):
// patchPosting then decodes the whole record.
func splice(term string, typ byte, old *encoded, chs []change, fieldEnd []int32, w *bitWriter) (encoded, bool) {
	if old == nil {
		return encoded{}, false
	}
	h, ok := readHeader(old.rec)
	if !ok {
		return encoded{}, false
	}
	c, last := old.c, old.last
	for _, ch := range chs {
		if ch.old != nil {
			tf, sum := entryCounts(typ, ch.old)
			c.df--
			c.npos -= tf
			c.sumLast -= sum
		}
		if ch.entry != nil {
			tf, sum := entryCounts(typ, ch.entry)
			c.df++
			c.npos += tf
			c.sumLast += sum
			last = max(last, ch.doc)
		} else if ch.doc == old.last {
			return encoded{}, false // the document before it is not known
		}
	}
	if c.df == 0 {
		return encoded{}, false
	}
	st := c.stats(typ, last)
	if order(st.sumGap, st.df) != h.kd || order(st.sumTf, st.df) != h.kt || typ == recPos && order(st.sumPos, st.npos) != h.kp {
		return encoded{}, false
	}
	rec, pad, ok := spliceBits(typ, h, c.df, uint(len(h.body))*8-uint(old.pad), chs, nil, w)
	if !ok || typ == recPos && (len(rec) >= summaryMin) != (old.sumLen > 0) {
		return encoded{}, false
	}
	e := encoded{term: term, typ: typ, df: c.df, rec: rec, recLen: len(rec), c: c, last: last, pad: pad}
	if old.sumLen > 0 {
		sh, ok := readHeader(old.sum)
		if !ok || sh.kd != h.kd || sh.kt != h.kt {
			return encoded{}, false
		}
		sum, spad, ok := spliceBits(recDocs, sh, c.df, uint(len(sh.body))*8-uint(old.sumPad), chs, fieldEnd, w)
		if !ok {
			return encoded{}, false
		}
		e.sum, e.sumLen, e.sumPad = sum, len(sum), spad
	}
	return e, true
}

// spliceBits writes the record of header h (its type, df and orders) whose
// bit stream is h.body's first n bits with the entries of the documents in
// chs replaced; chs hold entries of type typ, or with fieldEnd positional
// entries written as their summary (typ recDocs). It returns the record,
// its padding bits, and false when the stream does not hold a document
// chs says it held (or holds one chs says it did not).
func spliceBits(typ byte, h recHeader, df uint32, n uint, chs []change, fieldEnd []int32, w *bitWriter) ([]byte, uint8, bool) {
	w.buf = append(w.buf[:0], typ)
	w.buf = appendUvarint(w.buf, df)
	w.buf = append(w.buf, byte(h.kd), byte(h.kt))
	if typ == recPos {
		w.buf = append(w.buf, byte(h.kp))
	}
	w.acc, w.nacc = 0, 0
	r := bitReader{buf: h.body}
	skip := func() { // the rest of an entry, after its gap
		tf := r.eg(h.kt) + 1
		if h.typ == recDocs {
			r.pos++
			return
		}
		for range tf {
			r.eg(h.kp)
		}
	}
	newLast := int32(-1)
	emit := func(ch change) {
		if ch.entry == nil {
			return
		}
		w.eg(uint32(ch.doc-newLast-1), h.kd)
		newLast = ch.doc
		i := 0
		if typ == recDocs && fieldEnd == nil {
			v := uvarint(ch.entry, &i)
			w.eg(v>>1-1, h.kt)
			w.write(uint64(v&1), 1)
			return
		}
		tf, _ := entryCounts(recPos, ch.entry)
		w.eg(tf-1, h.kt)
		if fieldEnd != nil { // the summary: in the field if the first position is
			first := uvarint(ch.entry, &i) - 1
			w.write(b2u(int64(first) < int64(fieldEnd[ch.doc])), 1)
			return
		}
		for x := uvarint(ch.entry, &i); x != 0; x = uvarint(ch.entry, &i) {
			w.eg(x-1, h.kp)
		}
	}
	oldLast := int32(-1)
	run := uint(0) // old bits from here on are copied as they are
	k := 0
	for seen := uint32(0); seen < h.df && (k < len(chs) || oldLast != newLast); seen++ {
		p := r.pos
		doc := oldLast + int32(r.eg(h.kd)) + 1
		if r.pos > n {
			return nil, 0, false
		}
		switch {
		case k < len(chs) && chs[k].doc <= doc:
			w.copyBits(h.body, run, p)
			run = p
			for ; k < len(chs) && chs[k].doc < doc; k++ {
				if chs[k].old != nil {
					return nil, 0, false
				}
				emit(chs[k])
			}
			if k < len(chs) && chs[k].doc == doc {
				if chs[k].old == nil {
					return nil, 0, false
				}
				skip()
				emit(chs[k])
				k++
				oldLast, run = doc, r.pos
				continue
			}
			fallthrough
		case oldLast != newLast:
			if run < p {
				w.copyBits(h.body, run, p)
			}
			w.eg(uint32(doc-newLast-1), h.kd)
			run = r.pos
		}
		skip()
		oldLast, newLast = doc, doc
	}
	if r.pos > n {
		return nil, 0, false
	}
	w.copyBits(h.body, run, n)
	for ; k < len(chs); k++ {
		if chs[k].old != nil {
			return nil, 0, false
		}
		emit(chs[k])
	}
	rec := w.flush()
	return append([]byte(nil), rec...), w.pad, true
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// recHeader is a record's header (see record.go) and its bit stream.
type recHeader struct {
	typ        byte
	df         uint32
	kd, kt, kp uint
	body       []byte
}

// readHeader parses a record's header; false when rec is too short.
func readHeader(rec []byte) (recHeader, bool) {
	if len(rec) < 4 {
		return recHeader{}, false
	}
	h := recHeader{typ: rec[0]}
	i := 1
	h.df = uvarint(rec, &i)
	if i+2 > len(rec) {
		return recHeader{}, false
	}
	h.kd, h.kt = uint(rec[i]), uint(rec[i+1])
	i += 2
	if h.typ == recPos {
		if i >= len(rec) {
			return recHeader{}, false
		}
		h.kp = uint(rec[i])
		i++
	}
	h.body = rec[i:]
	return h, true
}
