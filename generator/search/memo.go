package search

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"sync"
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

	ents   []*entry // by id; Text dropped, codes released
	h      heavy
	astral map[rune]uint16
	recs   []encoded        // gram records (no 发文字号 records), bytes within the files written
	at     map[string]int32 // index in recs, by term
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
		done, err := m.patch(docs, write)
		if done || err != nil {
			return err
		}
		*m = Memo{HeavyOcc: m.HeavyOcc, Patched: -1}
	}
	b := NewBuilder()
	if m != nil {
		b.HeavyOcc = m.HeavyOcc
	}
	if err := b.Index(len(docs), func(id int) (Doc, error) { return docs[id], nil }); err != nil {
		return err
	}
	return b.write(write, m)
}

// set keeps the index just written by b, whose gram records are recs.
func (m *Memo) set(b *Builder, recs []encoded) {
	m.ents, m.h, m.astral, m.recs = b.docs, b.heavy, b.astral, recs
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
	doc   int32
	entry []byte
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
	if m.ents == nil || len(docs) != len(m.ents) {
		return false, nil
	}
	var changed []int
	for id := range docs {
		d, o := &docs[id], &m.ents[id].Doc
		if d.URL != o.URL {
			return false, nil
		}
		if d.Sum == 0 || d.Sum != o.Sum || d.Title != o.Title || d.DocNo != o.DocNo || d.Organ != o.Organ {
			if changed = append(changed, id); len(changed) > maxPatch {
				return false, nil
			}
		}
	}
	b := &Builder{astral: maps.Clone(m.astral), arenas: &arenas{}, heavy: m.h, HeavyOcc: m.HeavyOcc}
	defer b.arenas.release()
	if slices.ContainsFunc(changed, func(id int) bool { return id%heavyStride == 0 }) {
		h, err := b.sampleHeavy(docs)
		if err != nil {
			return false, err
		}
		if !h.equal(m.h) {
			return false, nil
		}
	}
	ents := make([]*entry, len(docs))
	for id := range docs {
		e := *m.ents[id]
		e.Doc = docs[id]
		e.Text = ""
		ents[id] = &e
	}
	grams := map[gramID]*gramChanges{}
	for _, id := range changed {
		old := m.ents[id].Doc
		text, err := old.text()
		if err != nil {
			return false, err
		}
		old.Text = text
		oe := b.newEntry(old)
		nd := docs[id]
		if nd.Text, err = nd.text(); err != nil {
			return false, err
		}
		ne := b.newEntry(nd)
		oe.id, ne.id = int32(id), int32(id)
		// A moved field end changes the summaries of the document's
		// large records even where its entry is the same.
		force := oe.fieldEnd != ne.fieldEnd
		before, after := b.single(oe), b.single(ne)
		ne.codes, ents[id] = nil, ne
		for g, o := range before {
			n, ok := after[g]
			if ok && !force && bytes.Equal(o.entry, n.entry) {
				continue
			}
			addChange(grams, g, o.typ, change{int32(id), n.entry})
		}
		for g, n := range after {
			if _, ok := before[g]; !ok {
				addChange(grams, g, n.typ, change{int32(id), n.entry})
			}
		}
	}
	b.docs = ents
	recs, err := m.patched(b, grams)
	if err != nil {
		return false, err
	}
	if err := b.finish(recs, write, m); err != nil {
		return false, err
	}
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
	p := newPart(int(e.id), b.heavy, b.arenas.add())
	p.add(e)
	p.finish()
	out := map[gramID]singleEntry{}
	p.each(func(kind int, k uint64, typ byte, blocks [][]byte, _ int32, _ counts) {
		buf := bytes.Join(blocks, nil)
		i := 0
		uvarint(buf, &i) // the gap: the document's id
		out[gramID{k, uint8(gramLen[kind])}] = singleEntry{typ, buf[i:]}
	})
	return out
}

// sampleHeavy chooses the heavy grams from docs as Index would.
func (b *Builder) sampleHeavy(docs []Doc) (heavy, error) {
	limit := b.HeavyOcc
	if limit <= 0 {
		limit = defaultHeavyOcc
	}
	sample := make([]*entry, (len(docs)+heavyStride-1)/heavyStride)
	var errs errorList
	parallel(len(sample), func(k int) {
		d := docs[k*heavyStride]
		text, err := d.text()
		if err != nil {
			errs.add(err)
			return
		}
		d.Text = text
		sample[k] = b.newEntry(d)
	})
	if err := errs.first(); err != nil {
		return heavy{}, err
	}
	return chooseHeavy(sample, limit), nil
}

// equal reports whether h and o hold the same grams.
func (h heavy) equal(o heavy) bool { return h.bi.equal(o.bi) && h.tri.equal(o.tri) }

func (s keySet) equal(o keySet) bool {
	if s.t.n != o.t.n {
		return false
	}
	for _, e := range s.t.ents {
		if e.key != 0 && !o.has(e.key) {
			return false
		}
	}
	return true
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
		var old []byte
		if j, ok := m.at[term]; ok {
			old = m.recs[j].rec
		}
		buf, c, last := patchPosting(gc.typ, old, gc.chs)
		if c.df == 0 {
			out[i] = encoded{term: term, recLen: -1} // gone
			return
		}
		bw, _ := bws.Get().(*bitWriter)
		if bw == nil {
			bw = new(bitWriter)
		}
		out[i] = encodeTerm(term, gc.typ, onePiece(buf), c.stats(gc.typ, last), fieldEnd, bw)
		bws.Put(bw)
	})
	recs := slices.Clone(m.recs)
	gone := false
	for _, e := range out {
		j, ok := m.at[e.term]
		switch {
		case e.recLen < 0:
			recs[j].recLen = -1
			gone = true
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

// patchPosting returns the intermediate posting of record rec (nil: none)
// with the entries of the documents in chs (by increasing document)
// replaced, its counts and its last document.
func patchPosting(typ byte, rec []byte, chs []change) (buf []byte, c counts, last int32) {
	last = -1
	put := func(ch change) {
		if ch.entry == nil {
			return
		}
		buf = appendUvarint(buf, uint32(ch.doc-last-1))
		buf = append(buf, ch.entry...)
		last = ch.doc
		c.df++
		i := 0
		if typ == recDocs {
			c.npos += uvarint(ch.entry, &i) >> 1
			return
		}
		for i < len(ch.entry) {
			x := uvarint(ch.entry, &i)
			if x == 0 {
				break
			}
			c.npos++
			c.sumLast += uint64(x)
		}
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
