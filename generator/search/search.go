package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"
)

// Index answers queries over a written index. It loads files lazily, as
// the browser does, and counts the bytes the browser would download: whole
// small files, and of packs and display data only the byte ranges read.
type Index struct {
	read func(path string) ([]byte, error)
	m    Manifest
	cols docCols

	mu        sync.Mutex
	files     map[string][]byte
	ranges    map[rangeKey]bool
	shards    map[int]map[string]shardEntry
	BytesRead int // bytes downloaded so far (files and ranges)
}

type rangeKey struct {
	path   string
	off, n int
}

type docCols struct {
	length, fieldEnd, date, kind, year, topic, tag []uint32
	// organ holds every document's organ ids, document d's at
	// organ[organOff[d]:organOff[d+1]].
	organ    []uint32
	organOff []int
	metaOff  []int // offset of each display block, and the end
}

// organs returns the organ ids of document d.
func (c *docCols) organs(d int) []uint32 { return c.organ[c.organOff[d]:c.organOff[d+1]] }

type shardEntry struct {
	typ             byte
	df              uint32
	rec             []byte // inline record, or nil
	ext             bool   // the record lies in a pack at (pack, off)
	pack            int
	off             int
	n               int  // record length
	sum             bool // has a document-level summary at (sumPack, sumOff)
	nsum            int
	sumPack, sumOff int
}

// OpenFS opens the index in fsys, whose root is the site root (it holds search/).
func OpenFS(fsys fs.FS) (*Index, error) {
	return Open(func(p string) ([]byte, error) { return fs.ReadFile(fsys, p) })
}

// Open opens the index through read, which returns a file of the site by
// its path relative to the site root ("search/index.json").
func Open(read func(path string) ([]byte, error)) (*Index, error) {
	ix := &Index{read: read, files: map[string][]byte{}, ranges: map[rangeKey]bool{}, shards: map[int]map[string]shardEntry{}}
	mj, err := ix.load("search/index.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(mj, &ix.m); err != nil {
		return nil, fmt.Errorf("搜索索引清单无法解析：%v", err)
	}
	gz, err := ix.load("search/" + ix.m.Docs)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	i := 0
	n := int(uvarint(raw, &i))
	if n > len(raw) {
		return nil, fmt.Errorf("搜索索引文档表不完整")
	}
	cols := []*[]uint32{&ix.cols.length, &ix.cols.fieldEnd, &ix.cols.date, &ix.cols.kind,
		nil, &ix.cols.year, &ix.cols.topic, &ix.cols.tag}
	for _, c := range cols {
		if c == nil { // organs: a count, then the ids, per document
			ix.cols.organOff = make([]int, n+1)
			for j := range n {
				k := int(uvarint(raw, &i))
				if k > len(raw) {
					return nil, fmt.Errorf("搜索索引文档表不完整")
				}
				for range k {
					ix.cols.organ = append(ix.cols.organ, uvarint(raw, &i))
				}
				ix.cols.organOff[j+1] = len(ix.cols.organ)
			}
			continue
		}
		*c = make([]uint32, n)
		for j := range *c {
			(*c)[j] = uvarint(raw, &i)
		}
	}
	nb := int(uvarint(raw, &i))
	if nb > len(raw) {
		return nil, fmt.Errorf("搜索索引文档表不完整")
	}
	ix.cols.metaOff = make([]int, nb+1)
	for j := range nb {
		ix.cols.metaOff[j+1] = ix.cols.metaOff[j] + int(uvarint(raw, &i))
	}
	if i > len(raw) {
		return nil, fmt.Errorf("搜索索引文档表不完整")
	}
	return ix, nil
}

// Manifest returns the index manifest.
func (ix *Index) Manifest() Manifest { return ix.m }

// loadRange returns n bytes at off of file p, as a Range request would:
// only those bytes count as downloaded.
func (ix *Index) loadRange(p string, off, n int) ([]byte, error) {
	ix.mu.Lock()
	b, ok := ix.files[p]
	ix.mu.Unlock()
	if !ok {
		var err error
		if b, err = ix.read(p); err != nil {
			return nil, err
		}
		ix.mu.Lock()
		ix.files[p] = b
		ix.mu.Unlock()
	}
	if off < 0 || n < 0 || off+n > len(b) {
		return nil, fmt.Errorf("搜索索引文件 %s 不完整", p)
	}
	ix.mu.Lock()
	if k := (rangeKey{p, off, n}); !ix.ranges[k] {
		ix.ranges[k] = true
		ix.BytesRead += n
	}
	ix.mu.Unlock()
	return b[off : off+n], nil
}

// pack reads a record of n bytes at off of pack number pk.
func (ix *Index) pack(pk, off, n int) ([]byte, error) {
	if pk >= len(ix.m.Packs) {
		return nil, fmt.Errorf("搜索分片损坏")
	}
	return ix.loadRange("search/p/"+ix.m.Packs[pk]+".bin", off, n)
}

func (ix *Index) load(p string) ([]byte, error) {
	ix.mu.Lock()
	b, ok := ix.files[p]
	ix.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := ix.read(p)
	if err != nil {
		return nil, err
	}
	ix.mu.Lock()
	ix.files[p] = b
	ix.BytesRead += len(b)
	ix.mu.Unlock()
	return b, nil
}

// lookup finds a term's shard entry (ok false when the term is absent).
func (ix *Index) lookup(t string) (shardEntry, bool, error) {
	bucket := int(termHash(t) & uint32(ix.m.Buckets-1))
	ix.mu.Lock()
	sh, ok := ix.shards[bucket]
	ix.mu.Unlock()
	if !ok {
		var err error
		if sh, err = ix.loadShard(bucket); err != nil {
			return shardEntry{}, false, err
		}
		ix.mu.Lock()
		ix.shards[bucket] = sh
		ix.mu.Unlock()
	}
	e, ok := sh[t]
	return e, ok, nil
}

func (ix *Index) loadShard(bucket int) (map[string]shardEntry, error) {
	dj, err := ix.load("search/d/" + ix.m.Dirs[bucket/dirSize] + ".json")
	if err != nil {
		return nil, err
	}
	var names []string
	if err := json.Unmarshal(dj, &names); err != nil {
		return nil, err
	}
	name := names[bucket%dirSize]
	if name == "" {
		return map[string]shardEntry{}, nil
	}
	b, err := ix.load("search/s/" + name + ".bin")
	if err != nil {
		return nil, err
	}
	return parseShard(b)
}

func parseShard(b []byte) (map[string]shardEntry, error) {
	i := 0
	n := int(uvarint(b, &i))
	out := make(map[string]shardEntry, n)
	type pending struct {
		term string
		n    int
	}
	var inline []pending
	for range n {
		l := int(uvarint(b, &i))
		if i+l+1 > len(b) {
			return nil, fmt.Errorf("搜索分片损坏")
		}
		t := string(b[i : i+l])
		i += l
		flags := b[i]
		i++
		e := shardEntry{typ: flags & 1}
		e.df = uvarint(b, &i)
		e.n = int(uvarint(b, &i))
		if flags&2 != 0 {
			e.ext = true
			e.pack = int(uvarint(b, &i))
			e.off = int(uvarint(b, &i))
		} else {
			inline = append(inline, pending{t, e.n})
		}
		if flags&4 != 0 {
			e.sum = true
			e.nsum = int(uvarint(b, &i))
			e.sumPack = int(uvarint(b, &i))
			e.sumOff = int(uvarint(b, &i))
		}
		if i > len(b) {
			return nil, fmt.Errorf("搜索分片损坏")
		}
		out[t] = e
	}
	for _, p := range inline {
		if i+p.n > len(b) {
			return nil, fmt.Errorf("搜索分片损坏")
		}
		e := out[p.term]
		e.rec = b[i : i+p.n]
		out[p.term] = e
		i += p.n
	}
	return out, nil
}

func (ix *Index) record(e shardEntry) ([]byte, error) {
	if !e.ext {
		return e.rec, nil
	}
	return ix.pack(e.pack, e.off, e.n)
}

// phraseHit is how one phrase occurs in one document.
type phraseHit struct {
	tf    int32
	field bool // in the title or 发文字号
}

// matchPhrase returns the documents containing the folded phrase p.
func (ix *Index) matchPhrase(p []rune) (map[int32]phraseHit, error) {
	// A phrase that is itself a term is answered from its record, or from
	// the record's document-level summary: a 1–2 character phrase always,
	// a 3-character one when it is a stored trigram, a 4-character one when
	// it is a frequent 4-gram (document-level record).
	direct := len(p) <= 2
	var e shardEntry
	if len(p) <= 4 {
		var ok bool
		var err error
		e, ok, err = ix.lookup(string(p))
		if err != nil {
			return nil, err
		}
		if !ok && direct {
			return nil, nil
		}
		direct = direct || ok && (len(p) == 3 || e.typ == recDocs)
	}
	if direct {
		var rec []byte
		var err error
		if e.sum {
			rec, err = ix.pack(e.sumPack, e.sumOff, e.nsum)
		} else {
			rec, err = ix.record(e)
		}
		if err != nil {
			return nil, err
		}
		out := map[int32]phraseHit{}
		for _, ps := range decodeRecord(rec) {
			h := phraseHit{tf: ps.tf, field: ps.field}
			if len(ps.pos) > 0 && ps.doc < int32(len(ix.cols.fieldEnd)) {
				h.field = uint32(ps.pos[0]) < ix.cols.fieldEnd[ps.doc]
			}
			out[ps.doc] = h
		}
		return out, nil
	}
	grams, err := ix.cover(p)
	if err != nil || grams == nil {
		return nil, err
	}
	return ix.alignGrams(grams, len(p))
}

// gram is a positional term placed at an offset of the phrase.
type gram struct {
	term string
	off  int
	e    shardEntry
}

// cover chooses positional grams that together cover every character of
// p, at the least download cost. It returns nil when some gram is absent
// (then no document contains p).
func (ix *Index) cover(p []rune) ([]gram, error) {
	n := len(p)
	var cands []gram
	for i := 0; i+2 <= n; i++ {
		t := string(p[i : i+2])
		e, ok, err := ix.lookup(t)
		if err != nil || !ok {
			return nil, err
		}
		if e.typ == recPos {
			cands = append(cands, gram{t, i, e})
			continue
		}
		// Heavy bigram: its positions live in the trigrams around it.
		found := false
		for _, s := range []int{i, i - 1} {
			if s < 0 || s+3 > n {
				continue
			}
			tt := string(p[s : s+3])
			te, ok, err := ix.lookup(tt)
			if err != nil {
				return nil, err
			}
			if ok {
				cands = append(cands, gram{tt, s, te})
				found = true
			} else {
				return nil, nil // this trigram never occurs: neither does p
			}
		}
		if !found {
			return nil, nil
		}
	}
	return minCover(cands, n), nil
}

// minCover picks a subset of grams covering [0,n) with the least total
// record size (a small dynamic programme over covered prefixes).
func minCover(cands []gram, n int) []gram {
	const inf = math.MaxInt / 2
	best := make([]int, n+1)
	from := make([][]int, n+1)
	for i := range best {
		best[i] = inf
	}
	best[0] = 0
	for j := 0; j < n; j++ {
		if best[j] == inf {
			continue
		}
		for ci, c := range cands {
			l := len([]rune(c.term))
			end := c.off + l
			if c.off > j || end <= j {
				continue
			}
			if v := best[j] + c.e.n; v < best[end] {
				best[end] = v
				from[end] = append(slices.Clone(from[j]), ci)
			}
		}
	}
	out := make([]gram, 0, len(from[n]))
	for _, ci := range from[n] {
		out = append(out, cands[ci])
	}
	return out
}

// alignGrams intersects the grams' positions at their offsets.
func (ix *Index) alignGrams(grams []gram, n int) (map[int32]phraseHit, error) {
	// Start from the gram with the fewest documents.
	slices.SortFunc(grams, func(a, b gram) int { return int(a.e.df) - int(b.e.df) })
	var cur map[int32][]int32 // doc → phrase start positions
	for gi, g := range grams {
		rec, err := ix.record(g.e)
		if err != nil {
			return nil, err
		}
		next := map[int32][]int32{}
		for _, ps := range decodeRecord(rec) {
			if gi == 0 {
				starts := make([]int32, len(ps.pos))
				for k, q := range ps.pos {
					starts[k] = q - int32(g.off)
				}
				next[ps.doc] = starts
				continue
			}
			prev, ok := cur[ps.doc]
			if !ok {
				continue
			}
			var keep []int32
			k := 0
			for _, s := range prev {
				want := s + int32(g.off)
				for k < len(ps.pos) && ps.pos[k] < want {
					k++
				}
				if k < len(ps.pos) && ps.pos[k] == want {
					keep = append(keep, s)
				}
			}
			if len(keep) > 0 {
				next[ps.doc] = keep
			}
		}
		cur = next
		if len(cur) == 0 {
			break
		}
	}
	out := make(map[int32]phraseHit, len(cur))
	for d, starts := range cur {
		h := phraseHit{tf: int32(len(starts))}
		if d < int32(len(ix.cols.fieldEnd)) {
			h.field = uint32(starts[0])+uint32(n) <= ix.cols.fieldEnd[d]
		}
		out[d] = h
	}
	return out, nil
}

// Filter restricts results; empty fields do not filter.
type Filter struct {
	Kind, Organ, Topic, Tag string
	Year                    int
}

// Hit is one result.
type Hit struct {
	Doc   int
	Tier  int // 2: 发文字号 match, 1: every phrase in the title or 发文字号, 0: body
	Score float64
}

// FacetCount is one value of a filter with the number of results it keeps.
type FacetCount struct {
	Value string
	Count int
}

// Result is the answer to a query.
type Result struct {
	Hits   []Hit                   // ranked, filters applied
	Facets map[string][]FacetCount // kind, organ, year, topic, tag
}

// Search runs a query. Phrases are ANDed; a 发文字号 query also returns its
// document first.
func (ix *Index) Search(q string, f Filter) (*Result, error) {
	pq := ParseQuery(q)
	var docs map[int32]*Hit
	n := float64(ix.m.N)
	for i, p := range pq.Phrases {
		hits, err := ix.matchPhrase(p)
		if err != nil {
			return nil, err
		}
		idf := math.Log(1 + (n-float64(len(hits))+0.5)/(float64(len(hits))+0.5))
		next := map[int32]*Hit{}
		for d, h := range hits {
			var prev *Hit
			if i > 0 {
				if prev = docs[d]; prev == nil {
					continue
				}
			} else {
				prev = &Hit{Doc: int(d), Tier: 1}
			}
			if !h.field {
				prev.Tier = 0
			}
			prev.Score += idf * bm25(float64(h.tf), unquantLen(ix.cols.length[d]), ix.m.AvgLen)
			next[d] = prev
		}
		docs = next
	}
	if docs == nil {
		docs = map[int32]*Hit{}
	}
	if pq.DocNo != "" {
		if e, ok, err := ix.lookup("#" + pq.DocNo); err != nil {
			return nil, err
		} else if ok {
			rec, err := ix.record(e)
			if err != nil {
				return nil, err
			}
			for _, ps := range decodeRecord(rec) {
				h := docs[ps.doc]
				if h == nil {
					h = &Hit{Doc: int(ps.doc)}
					docs[ps.doc] = h
				}
				h.Tier = 2
			}
		}
	}
	return ix.finish(docs, f), nil
}

func bm25(tf, dl, avg float64) float64 {
	const k1, b = 1.2, 0.75
	if avg <= 0 {
		avg = 1
	}
	return tf * (k1 + 1) / (tf + k1*(1-b+b*dl/avg))
}

// finish applies the filters, counts facets and ranks. A document has one
// value or none for each facet but organ, of which it may have several (a
// jointly issued document): it passes the organ filter when one of them is
// the one wanted, and each of them is counted.
func (ix *Index) finish(docs map[int32]*Hit, f Filter) *Result {
	c := &ix.cols
	facetVals := func(facet string, d int, buf []string) []string {
		v := ""
		switch facet {
		case "kind":
			v = ix.m.Kinds[c.kind[d]][0]
		case "organ":
			for _, id := range c.organs(d) {
				buf = append(buf, ix.m.Organs[id])
			}
			return buf
		case "year":
			if c.year[d] != 0 {
				v = fmt.Sprint(c.year[d])
			}
		case "topic":
			v = ix.m.Topics[c.topic[d]]
		default:
			v = ix.m.Tags[c.tag[d]]
		}
		if v != "" {
			buf = append(buf, v)
		}
		return buf
	}
	want := map[string]string{"kind": f.Kind, "organ": f.Organ, "topic": f.Topic, "tag": f.Tag}
	if f.Year != 0 {
		want["year"] = fmt.Sprint(f.Year)
	}
	facets := []string{"kind", "organ", "year", "topic", "tag"}
	counts := map[string]map[string]int{}
	for _, fc := range facets {
		counts[fc] = map[string]int{}
	}
	res := &Result{Facets: map[string][]FacetCount{}}
	vals := make([][]string, len(facets))
	for d, h := range docs {
		failed := -1
		nfail := 0
		for i, fc := range facets {
			vals[i] = facetVals(fc, int(d), vals[i][:0])
			if w := want[fc]; w != "" && !slices.Contains(vals[i], w) {
				failed = i
				nfail++
			}
		}
		// A facet's counts ignore its own filter, so other values stay visible.
		for i, fc := range facets {
			if nfail == 0 || nfail == 1 && failed == i {
				for _, v := range vals[i] {
					counts[fc][v]++
				}
			}
		}
		if nfail == 0 {
			res.Hits = append(res.Hits, *h)
		}
	}
	for _, fc := range facets {
		var l []FacetCount
		for v, n := range counts[fc] {
			l = append(l, FacetCount{v, n})
		}
		slices.SortFunc(l, func(a, b FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Value, b.Value)
		})
		res.Facets[fc] = l
	}
	slices.SortFunc(res.Hits, func(a, b Hit) int {
		switch {
		case a.Tier != b.Tier:
			return b.Tier - a.Tier
		case a.Score != b.Score:
			if a.Score > b.Score {
				return -1
			}
			return 1
		case c.date[a.Doc] != c.date[b.Doc]:
			return int(c.date[b.Doc]) - int(c.date[a.Doc])
		}
		return a.Doc - b.Doc
	})
	return res
}

// DocMeta is a result's display data.
type DocMeta struct {
	URL, Title, DocNo, Date string
	Lang                    string // "zh-Hant" for a document in Traditional script, else ""
}

// Meta loads the display data of document d.
func (ix *Index) Meta(d int) (DocMeta, error) {
	if d < 0 || d >= ix.m.N {
		return DocMeta{}, fmt.Errorf("文档编号越界：%d", d)
	}
	blk := d / MetaBlock
	if blk+1 >= len(ix.cols.metaOff) {
		return DocMeta{}, fmt.Errorf("文档编号越界：%d", d)
	}
	off := ix.cols.metaOff[blk]
	b, err := ix.loadRange("search/m/"+ix.m.Meta+".bin", off, ix.cols.metaOff[blk+1]-off)
	if err != nil {
		return DocMeta{}, err
	}
	var rows [][]string
	if err := json.Unmarshal(b, &rows); err != nil {
		return DocMeta{}, err
	}
	r := rows[d%MetaBlock]
	m := DocMeta{URL: r[0], Title: r[1], DocNo: r[2], Date: r[3]}
	if len(r) > 4 {
		m.Lang = r[4]
	}
	return m, nil
}
