package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gongkai/generator/hanfold"
)

// File layout under search/ (all names but index.json are content-hashed):
//
//	index.json            manifest (Manifest)
//	docs-HASH.bin         gzip: per-document columns and display block lengths (docColumns)
//	m/HASH.bin            display data: one JSON block per MetaBlock documents,
//	                      [[url,title,docno,date],…], concatenated
//	d/HASH.json           directory: names of 256 consecutive shards ("" = empty)
//	s/HASH.bin            shard: term table and small records
//	p/HASH.bin            pack: large records, concatenated (about packTarget bytes)
//
// Large records and display blocks are read with HTTP Range requests, so
// a query downloads only the byte ranges it needs while the whole index
// is a few hundred files; a server that ignores Range sends the whole
// file, which the client then slices (slower, same results).
//
// Docs (after gunzip): uvarint N, then the columns, each giving every
// document in id order: length (quantised, quantLen), fieldEnd, date (days
// minus Manifest.Day0), kind (index into Manifest.Kinds), organs, year (0:
// none), topic, tag (indexes into Manifest.Topics, Tags; 0 is ""). All are
// one uvarint per document except organs, which is a uvarint count
// followed by that many indexes into Manifest.Organs (each once; a jointly
// issued document has several, none has 0). Then uvarint B and the byte
// length of each of the B display blocks.
//
// Shard: uvarint count, then per term: uvarint len, term (UTF-8), byte
// flags (1 = positional, 2 = external, 4 = has a summary), uvarint df,
// uvarint record length, for an external record uvarint pack (index into
// Manifest.Packs) and uvarint offset, and with a summary its length, pack
// and offset (uvarints; a summary is always external); then the inline
// records in term order.
const (
	MetaBlock   = 4
	shardTarget = 4 << 10 // aimed-at bytes of inline records per shard
	dirSize     = 256
)

// Sizes of records; variables so that tests reach packs and summaries
// with small sites.
var (
	inlineMax  = 512      // larger records go to a pack
	packTarget = 4 << 20  // aimed-at bytes per pack
	summaryMin = 20 << 10 // positional records this large get a document-level summary
)

// Manifest is search/index.json.
type Manifest struct {
	Version int        `json:"v"`
	N       int        `json:"n"`
	AvgLen  float64    `json:"avgdl"`
	Buckets int        `json:"buckets"`
	Dirs    []string   `json:"dirs"`
	Docs    string     `json:"docs"`
	Packs   []string   `json:"packs"` // p/NAME.bin, in pack-number order
	Meta    string     `json:"meta"`  // display data: m/META.bin
	Day0    uint32     `json:"day0"`  // dates are stored as days since 1970 minus Day0
	Kinds   [][]string `json:"kinds"` // [id, label]
	Organs  []string   `json:"organs"`
	Topics  []string   `json:"topics"`
	Tags    []string   `json:"tags"`
	Fold    string     `json:"fold"` // pairs: Traditional, Simplified
}

// termHash is FNV-1a over the term's UTF-8 bytes (the client computes the same).
func termHash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// contentHash is a 64-bit hash of b: two CRC-32s (Castagnoli and IEEE),
// which the processor computes at some 20 GB/s; serve hashes the whole
// index again after each edit.
func contentHash(b []byte) uint64 {
	return uint64(crc32.Checksum(b, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(b))
}

func hashName(b []byte) string { return fmt.Sprintf("%016x", contentHash(b)) }

// encoded is a finished record with its term.
type encoded struct {
	term string
	typ  byte
	df   uint32
	rec  []byte
	sum  []byte // document-level summary of a large positional record
	// Lengths of rec and sum: kept when assignPacks has copied a record
	// into a pack and released it.
	recLen, sumLen int
	// For a gram's record (what Memo patches): its posting's counts and
	// last document, and the padding bits of rec and sum.
	c           counts
	last        int32
	pad, sumPad uint8
	// ext, for a large record of a spilled build (see spill.go), is the
	// temporary file that holds its bytes at recAt and its summary's at
	// sumAt; rec and sum are then nil, and hash is the record's
	// contentHash.
	ext          *spillOut
	recAt, sumAt int64
	hash         uint64
}

// recPiece is a record's or a summary's bytes in a pack: in memory (b),
// or n bytes at off in a temporary file (ext).
type recPiece struct {
	b   []byte
	ext *spillOut
	off int64
	n   int
}

func (r *encoded) recPiece() recPiece {
	if r.ext != nil {
		return recPiece{ext: r.ext, off: r.recAt, n: r.recLen}
	}
	return recPiece{b: r.rec}
}

func (r *encoded) sumPiece() recPiece {
	if r.ext != nil {
		return recPiece{ext: r.ext, off: r.sumAt, n: r.sumLen}
	}
	return recPiece{b: r.sum}
}

// read returns the piece's bytes: b, or those read from its file into
// buf (grown as needed).
func (p recPiece) read(buf []byte) ([]byte, error) {
	if p.ext == nil {
		return p.b, nil
	}
	buf = slices.Grow(buf[:0], p.n)[:p.n]
	if _, err := p.ext.f.ReadAt(buf, p.off); err != nil {
		return nil, readBackError(err)
	}
	return buf, nil
}

// pack is a pack's pieces, in order.
type pack []recPiece

// bytes returns the pack's pieces as byte slices: those in memory as they
// are, those in files read into *buf (grown as needed; the slices are
// valid until *buf is used again).
func (pk pack) bytes(buf *[]byte) ([][]byte, error) {
	out := make([][]byte, len(pk))
	n := 0
	for _, p := range pk {
		if p.ext != nil {
			n += p.n
		}
	}
	b := slices.Grow((*buf)[:0], n)
	for i, p := range pk {
		if p.ext == nil {
			out[i] = p.b
			continue
		}
		r, err := p.read(b[len(b):])
		if err != nil {
			return nil, err
		}
		out[i] = r
		b = b[:len(b)+len(r)]
	}
	*buf = b
	return out, nil
}

// Write builds the index and writes it through write, under "search/".
func (b *Builder) Write(write func(path string, data []byte) error) error {
	return b.write(write, nil)
}

// write is Write that, with keep, leaves in keep what the next build
// needs to patch this one (see Memo).
func (b *Builder) write(write func(path string, data []byte) error, keep *Memo) error {
	if b.addErr != nil {
		return b.addErr
	}
	t0 := time.Now()
	if b.parts == nil && b.arenas.file == nil {
		b.sortDocs()
		docs := b.docs
		if err := b.index(len(docs), func(id int, _ *scratch) (*entry, error) { return docs[id], nil }); err != nil {
			return err
		}
	}
	file := b.arenas.file // the postings were spilled
	stats := os.Getenv("GONGKAI_SEARCH_STATS") != ""
	if stats {
		fmt.Fprintf(os.Stderr, "postings' arenas %d MB, spilled %d MB\n", b.arenas.size()>>20, file.bytes()>>20)
	}
	var recs []encoded
	if file != nil {
		// The files hold the large records until they are written.
		b.arenas.mu.Lock()
		b.arenas.file = nil
		b.arenas.mu.Unlock()
		defer file.close()
		var err error
		if recs, err = file.encodeSpilled(b.codeRunes(), b.fieldEnds()); err != nil {
			b.arenas.release()
			return err
		}
	} else {
		terms := joinParts(b.parts)
		b.parts = nil
		recs = encodeAll(terms, b.codeRunes(), b.fieldEnds())
	}
	// Every posting is encoded (into heap memory): the arenas can go.
	b.arenas.release()
	runtime.KeepAlive(b)
	if stats {
		fmt.Fprintf(os.Stderr, "postings and encode %v\n", time.Since(t0))
	}
	return b.finish(recs, write, keep)
}

// fieldEnds is every document's title and 发文字号 extent, by id.
func (b *Builder) fieldEnds() []int32 {
	fieldEnd := make([]int32, len(b.docs))
	for i, e := range b.docs {
		fieldEnd[i] = e.fieldEnd
	}
	return fieldEnd
}

// finish adds the 发文字号 records to the gram records recs, lays the
// records out in files and writes them with the manifest. Every record's
// bytes then lie within the files written (see layoutShards); with keep,
// the gram records are kept there for the next build.
func (b *Builder) finish(recs []encoded, write func(path string, data []byte) error, keep *Memo) error {
	t0 := time.Now()
	docs := b.docs
	grams := len(recs)
	docNos := b.docNos
	if docNos == nil {
		docNos = docNoRecords(docs)
	}
	recs = append(recs, docNos...)
	if os.Getenv("GONGKAI_SEARCH_STATS") != "" {
		printStats(recs)
	}
	m := Manifest{Version: 3, N: len(docs)}
	files := map[string][]byte{}
	writePieces := b.WritePieces
	if keep != nil {
		// The memo's records must lie within the files written: joined
		// packs, unless they are kept as their records.
		writePieces = keep.WritePieces
	}
	var packs []pack
	var err error
	if m.Buckets, m.Dirs, m.Packs, packs, err = layoutShards(recs, files, writePieces != nil); err != nil {
		return err
	}
	meta := b.meta
	if meta == nil {
		if meta, err = displayBlocks(docs); err != nil {
			return err
		}
	}
	docsFile, err := docColumns(docs, meta, &m, files)
	if err != nil {
		return err
	}
	m.Docs = docsFile
	m.Fold = foldPairs(recs)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := write("search/"+n, files[n]); err != nil {
			return err
		}
	}
	if writePieces != nil {
		// The packs are written as their pieces, one at a time; those in
		// the temporary files are read back into one buffer, reused.
		m.Packs = make([]string, len(packs))
		var buf []byte
		for i, pk := range packs {
			bs, err := pk.bytes(&buf)
			if err != nil {
				return err
			}
			m.Packs[i] = fmt.Sprintf("%016x", piecesHash(bs))
			if err := writePieces("search/p/"+m.Packs[i]+".bin", bs); err != nil {
				return err
			}
			packs[i] = nil
		}
	}
	mj, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := write("search/index.json", mj); err != nil {
		return err
	}
	if os.Getenv("GONGKAI_SEARCH_STATS") != "" {
		fmt.Fprintf(os.Stderr, "layout+write %v\n", time.Since(t0))
	}
	if keep != nil {
		keep.set(b, recs[:grams:grams])
		keep.docNos, keep.meta = recs[grams:], meta
	}
	return nil
}

// encodeAll encodes every posting, in parallel, and names its term.
func encodeAll(terms []term, astral map[uint16]rune, fieldEnd []int32) []encoded {
	out := make([]encoded, len(terms))
	workers := min(runtime.GOMAXPROCS(0), 4)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var bw bitWriter
			for i := w; i < len(terms); i += workers {
				t := &terms[i]
				out[i] = encodeTerm(termString(t.runes(), astral), t.typ, t.pieces, t.counts, t.last, fieldEnd, &bw)
				t.pieces = nil
			}
		}()
	}
	wg.Wait()
	return out
}

// encodeTerm encodes the intermediate posting ps of a term, with a
// document-level summary when it is a large positional record.
func encodeTerm(term string, typ byte, ps []piece, c counts, last int32, fieldEnd []int32, bw *bitWriter) encoded {
	rec := encodeRecord(typ, ps, c.stats(typ, last), bw)
	e := encoded{term: term, typ: typ, df: c.df, rec: rec, recLen: len(rec), c: c, last: last, pad: bw.pad}
	if typ == recPos && len(rec) >= summaryMin {
		sb, sst := summarise(bw.sum[:0], ps, fieldEnd)
		bw.sum = sb
		e.sum = encodeRecord(recDocs, onePiece(sb), sst, bw)
		e.sumLen, e.sumPad = len(e.sum), bw.pad
	}
	return e
}

func termString(codes []uint16, astral map[uint16]rune) string {
	var sb strings.Builder
	for _, c := range codes {
		r := rune(c)
		if a, ok := astral[c]; ok {
			r = a
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// docNoRecords indexes each normalised 发文字号 as the term "#KEY".
func docNoRecords(docs []*entry) []encoded {
	byKey := map[string][]int32{}
	for _, e := range docs {
		if k := NormDocNo(e.DocNo); k != "" {
			byKey[k] = append(byKey[k], e.id)
		}
	}
	var out []encoded
	var bw bitWriter
	for k, ids := range byKey {
		var buf []byte
		var st recStats
		prev := int32(-1)
		for _, id := range ids {
			gap := uint32(id - prev - 1)
			buf = appendUvarint(appendUvarint(buf, gap), 1<<1|1)
			st.add(gap, 1)
			prev = id
		}
		rec := encodeRecord(recDocs, onePiece(buf), st, &bw)
		out = append(out, encoded{term: "#" + k, typ: recDocs, df: uint32(len(ids)), rec: rec, recLen: len(rec)})
	}
	return out
}

// loc is where an external record lies: pack number and byte offset.
type loc struct{ pack, off uint32 }

// layoutShards spreads records over shard files by term hash, puts the
// large records into packs, and returns the bucket count and the
// directory file names. When streamed, the packs are returned as their
// records (not copied into one slice) for the caller to name and write;
// else they are joined into files like every other file, and their names
// returned.
func layoutShards(recs []encoded, files map[string][]byte, streamed bool) (buckets int, dirs, packNames []string, packs []pack, err error) {
	inline := 0
	for _, r := range recs {
		if r.recLen <= inlineMax {
			inline += r.recLen + utf8.RuneCountInString(r.term)*3 + 6
		}
	}
	buckets = dirSize
	for buckets*shardTarget < inline {
		buckets *= 2
	}
	byBucket := make([][]int, buckets)
	for i, r := range recs {
		h := termHash(r.term) & uint32(buckets-1)
		byBucket[h] = append(byBucket[h], i)
	}
	parallel(buckets, func(bk int) {
		idx := byBucket[bk]
		slices.SortFunc(idx, func(x, y int) int { return strings.Compare(recs[x].term, recs[y].term) })
	})
	recLoc, sumLoc, packs, err := assignPacks(recs, byBucket)
	if err != nil {
		return 0, nil, nil, nil, err
	}
	if !streamed {
		joined, err := joinPacks(recs, recLoc, sumLoc, packs)
		if err != nil {
			return 0, nil, nil, nil, err
		}
		packNames = make([]string, len(joined))
		for i, b := range joined {
			packNames[i] = hashName(b)
			files["p/"+packNames[i]+".bin"] = b
		}
		packs = nil
	}
	names := make([]string, buckets)
	shards := make([][]byte, buckets)
	parallel(buckets, func(bk int) {
		if len(byBucket[bk]) > 0 {
			shards[bk] = buildShard(recs, byBucket[bk], recLoc, sumLoc)
			names[bk] = hashName(shards[bk])
		}
	})
	for bk, n := range names {
		if n != "" {
			files["s/"+n+".bin"] = shards[bk]
		}
	}
	for i := 0; i < buckets; i += dirSize {
		dj, _ := json.Marshal(names[i : i+dirSize])
		n := hashName(dj)
		files["d/"+n+".json"] = dj
		dirs = append(dirs, n)
	}
	return buckets, dirs, packNames, packs, nil
}

// assignPacks places every external record and summary, in bucket and
// term order, into packs of about packTarget bytes. Equal records (grams
// that always occur together) are stored once. A pack is returned as its
// records (pieces, not copied); joinPacks makes each one slice.
func assignPacks(recs []encoded, byBucket [][]int) (recLoc, sumLoc []loc, packs []pack, err error) {
	recLoc = make([]loc, len(recs))
	sumLoc = make([]loc, len(recs))
	sums := make([]uint64, len(recs))
	parallel(len(recs), func(i int) {
		switch r := &recs[i]; {
		case r.recLen <= inlineMax:
		case r.ext != nil:
			sums[i] = r.hash
		default:
			sums[i] = contentHash(r.rec)
		}
	})
	type placed struct {
		at loc
		pc recPiece
	}
	seen := map[uint64]placed{}
	var cur pack
	size := 0 // of cur
	var bufA, bufB []byte
	place := func(pc recPiece, sum uint64) (loc, error) {
		if p, ok := seen[sum]; ok && sum != 0 {
			// The same hash: the same bytes, almost surely; compared to
			// be sure (a pair in files is read back).
			a, err := p.pc.read(bufA)
			if err != nil {
				return loc{}, err
			}
			b, err := pc.read(bufB)
			if err != nil {
				return loc{}, err
			}
			if p.pc.ext != nil { // else a is the record itself
				bufA = a[:0]
			}
			if pc.ext != nil {
				bufB = b[:0]
			}
			if bytes.Equal(a, b) {
				return p.at, nil
			}
		}
		n := pc.len()
		if size > 0 && size+n > packTarget {
			packs = append(packs, cur)
			cur, size = nil, 0
		}
		l := loc{uint32(len(packs)), uint32(size)}
		cur = append(cur, pc)
		size += n
		if sum != 0 {
			seen[sum] = placed{l, pc}
		}
		return l, nil
	}
	for _, idx := range byBucket {
		for _, i := range idx {
			r := &recs[i]
			if r.recLen > inlineMax {
				if recLoc[i], err = place(r.recPiece(), sums[i]); err != nil {
					return nil, nil, nil, err
				}
			}
			if r.sumLen > 0 {
				if sumLoc[i], err = place(r.sumPiece(), 0); err != nil {
					return nil, nil, nil, err
				}
			}
		}
	}
	if size > 0 {
		packs = append(packs, cur)
	}
	return recLoc, sumLoc, packs, nil
}

func (p recPiece) len() int {
	if p.ext != nil {
		return p.n
	}
	return len(p.b)
}

// joinPacks makes each pack one slice, pack by pack, and points the
// records into it: a record's own bytes are released as its pack is made,
// so the packs and the records are never both whole in memory.
func joinPacks(recs []encoded, recLoc, sumLoc []loc, pieces []pack) ([][]byte, error) {
	members := make([][]int, len(pieces)) // records (i) and summaries (-1-i) by pack
	for i := range recs {
		if recs[i].recLen > inlineMax {
			members[recLoc[i].pack] = append(members[recLoc[i].pack], i)
		}
		if recs[i].sumLen > 0 {
			members[sumLoc[i].pack] = append(members[sumLoc[i].pack], -1-i)
		}
	}
	packs := make([][]byte, len(pieces))
	for k, ps := range pieces {
		var buf []byte
		bs, err := ps.bytes(&buf)
		if err != nil {
			return nil, err
		}
		packs[k] = bytes.Join(bs, nil)
		pieces[k] = nil
		for _, m := range members[k] {
			if m >= 0 {
				r := &recs[m]
				r.rec = packs[k][recLoc[m].off:][:r.recLen:r.recLen]
			} else {
				r := &recs[-1-m]
				r.sum = packs[k][sumLoc[-1-m].off:][:r.sumLen:r.sumLen]
			}
		}
	}
	return packs, nil
}

// piecesHash is contentHash of the pieces joined.
func piecesHash(ps [][]byte) uint64 {
	var c, i uint32
	for _, p := range ps {
		c = crc32.Update(c, castagnoli, p)
		i = crc32.Update(i, crc32.IEEETable, p)
	}
	return uint64(c)<<32 | uint64(i)
}

// parallel calls f(0…n-1) on a few goroutines.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), 4)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// buildShard serialises the records idx (one bucket, in term order); the
// inline records' bytes are the shard's from then on.
func buildShard(recs []encoded, idx []int, recLoc, sumLoc []loc) []byte {
	var head, body []byte
	inline := make([]int, 0, len(idx)) // offsets in body, of the records idx that are inline
	head = appendUvarint(head, uint32(len(idx)))
	for _, i := range idx {
		r := &recs[i]
		head = appendUvarint(head, uint32(len(r.term)))
		head = append(head, r.term...)
		flags := r.typ
		big := r.recLen > inlineMax
		if big {
			flags |= 2
		}
		if r.sumLen > 0 {
			flags |= 4
		}
		head = append(head, flags)
		head = appendUvarint(head, r.df)
		head = appendUvarint(head, uint32(r.recLen))
		if big {
			head = appendUvarint(appendUvarint(head, recLoc[i].pack), recLoc[i].off)
		} else {
			inline = append(inline, len(body))
			body = append(body, r.rec...)
		}
		if r.sumLen > 0 {
			head = appendUvarint(head, uint32(r.sumLen))
			head = appendUvarint(appendUvarint(head, sumLoc[i].pack), sumLoc[i].off)
		}
	}
	shard := append(head, body...)
	k := 0
	for _, i := range idx {
		if r := &recs[i]; r.recLen <= inlineMax {
			at := len(head) + inline[k]
			r.rec = shard[at : at+r.recLen : at+r.recLen]
			k++
		}
	}
	return shard
}

// foldPairs lists the Traditional→Simplified pairs whose Simplified side
// occurs in the index, so the client can fold queries without the whole table.
func foldPairs(recs []encoded) string {
	present := map[rune]bool{}
	for _, r := range recs {
		if r.typ == recDocs && utf8.RuneCountInString(r.term) == 1 {
			c, _ := utf8.DecodeRuneInString(r.term)
			present[c] = true
		}
	}
	var sb strings.Builder
	for _, p := range hanfold.Pairs() {
		if present[p[1]] {
			sb.WriteRune(p[0])
			sb.WriteRune(p[1])
		}
	}
	return sb.String()
}

// displayData is the file of display blocks (m/NAME.bin).
type displayData struct {
	data []byte
	lens []uint32 // of each block of MetaBlock documents
	name string
}

// displayBlocks makes the display data of docs: [[url,title,docno,date],…]
// per block of MetaBlock documents.
func displayBlocks(docs []*entry) (*displayData, error) {
	d := &displayData{}
	for i := 0; i < len(docs); i += MetaBlock {
		var rows [][]string
		for _, e := range docs[i:min(i+MetaBlock, len(docs))] {
			row := []string{e.URL, e.Title, e.DocNo, e.Date}
			if e.Lang != "" {
				row = append(row, e.Lang) // results in another script carry its lang
			}
			rows = append(rows, row)
		}
		mj, err := json.Marshal(rows)
		if err != nil {
			return nil, err
		}
		d.data = append(d.data, mj...)
		d.lens = append(d.lens, uint32(len(mj)))
	}
	d.name = hashName(d.data)
	return d, nil
}

// docColumns writes the per-document columns and the display blocks meta,
// fills the facet dictionaries of m and returns the columns' file name.
func docColumns(docs []*entry, meta *displayData, m *Manifest, files map[string][]byte) (string, error) {
	kinds, organs, topics, tags := dict{}, dict{}, dict{}, dict{}
	kindLabel := map[string]string{}
	for _, e := range docs {
		kinds.add(e.Kind)
		kindLabel[e.Kind] = e.KindLabel
		for _, o := range e.Organs {
			organs.add(o)
		}
		topics.add(e.Topic)
		tags.add(e.Tag)
	}
	for _, d := range []*dict{&kinds, &organs, &topics, &tags} {
		d.finish()
	}
	var col []byte
	col = appendUvarint(col, uint32(len(docs)))
	var total float64
	day0 := uint32(1 << 31)
	for _, e := range docs {
		if d := dateDays(e.Date); d > 0 {
			day0 = min(day0, d)
		}
	}
	if day0 == 1<<31 {
		day0 = 0
	}
	m.Day0 = day0
	one := func(f func(e *entry) uint32) func(col []byte, e *entry) []byte {
		return func(col []byte, e *entry) []byte { return appendUvarint(col, f(e)) }
	}
	columns := []func(col []byte, e *entry) []byte{
		one(func(e *entry) uint32 { total += float64(e.length); return quantLen(e.length) }),
		one(func(e *entry) uint32 { return uint32(e.fieldEnd) }),
		one(func(e *entry) uint32 { return max(dateDays(e.Date), day0) - day0 }),
		one(func(e *entry) uint32 { return uint32(kinds.id(e.Kind)) }),
		// Organs: how many, then their ids (a jointly issued document
		// has several).
		func(col []byte, e *entry) []byte {
			ids := organIDs(e.Organs, &organs)
			col = appendUvarint(col, uint32(len(ids)))
			for _, id := range ids {
				col = appendUvarint(col, uint32(id))
			}
			return col
		},
		one(func(e *entry) uint32 { return uint32(max(e.Year, 0)) }),
		one(func(e *entry) uint32 { return uint32(topics.id(e.Topic)) }),
		one(func(e *entry) uint32 { return uint32(tags.id(e.Tag)) }),
	}
	for _, f := range columns {
		for _, e := range docs {
			col = f(col, e)
		}
	}
	// Display blocks, concatenated into one file; their lengths follow
	// the columns, and the client reads a block with a Range request.
	col = appendUvarint(col, uint32(len(meta.lens)))
	for _, l := range meta.lens {
		col = appendUvarint(col, l)
	}
	m.Meta = meta.name
	files["m/"+m.Meta+".bin"] = meta.data
	if len(docs) > 0 {
		m.AvgLen = total / float64(len(docs))
	}
	for _, k := range kinds.list {
		m.Kinds = append(m.Kinds, []string{k, kindLabel[k]})
	}
	m.Organs, m.Topics, m.Tags = organs.list, topics.list, tags.list
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(col)
	if err := zw.Close(); err != nil {
		return "", err
	}
	n := "docs-" + hashName(gz.Bytes())[:12] + ".bin"
	files[n] = gz.Bytes()
	return n, nil
}

// organIDs returns the ids of a document's organs, in their order, each
// once, without "".
func organIDs(organs []string, d *dict) []int {
	var ids []int
	for _, o := range organs {
		if id := d.id(o); id != 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

// dict numbers facet values in sorted order (0 is always "", i.e. none).
type dict struct {
	list []string
	ids  map[string]int
}

func (d *dict) add(s string) {
	d.init()
	if _, ok := d.ids[s]; !ok {
		d.ids[s] = -1
		d.list = append(d.list, s)
	}
}

// init makes "" value 0, even when nothing is added (an empty site).
func (d *dict) init() {
	if d.ids == nil {
		d.ids = map[string]int{"": 0}
		d.list = []string{""}
	}
}

// finish sorts the values and numbers them.
func (d *dict) finish() {
	d.init()
	slices.Sort(d.list[1:])
	for i, v := range d.list {
		d.ids[v] = i
	}
}

func (d *dict) id(s string) int { return d.ids[s] }

// dateDays converts "2017-08-25" to days since 1970-01-01 (0 if malformed).
func dateDays(s string) uint32 {
	num := func(t string) int {
		n := 0
		for _, c := range []byte(t) {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return 0
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:10])
	if y < 0 || d < 0 || m < 1 || m > 12 {
		return 0
	}
	// Days from civil (Howard Hinnant's algorithm).
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	days := era*146097 + doe - 719468
	if days < 0 {
		return 0
	}
	return uint32(days)
}

// printStats reports record sizes by term length and type (for tuning).
func printStats(recs []encoded) {
	type agg struct{ n, bytes, max int }
	m := map[string]*agg{}
	for _, r := range recs {
		k := fmt.Sprintf("len%d/type%d", utf8.RuneCountInString(r.term), r.typ)
		a := m[k]
		if a == nil {
			a = &agg{}
			m[k] = a
		}
		a.n++
		a.bytes += r.recLen
		if r.sumLen > 0 {
			k := "summary"
			if m[k] == nil {
				m[k] = &agg{}
			}
			m[k].n++
			m[k].bytes += r.sumLen
		}
		a.max = max(a.max, r.recLen)
	}
	for k, a := range m {
		fmt.Fprintf(os.Stderr, "%s: %d terms, %.1f MB, max %d\n", k, a.n, float64(a.bytes)/1e6, a.max)
	}
}

// quantLen stores a document length on a log scale (12 steps per
// doubling): BM25 needs only its rough size, and one byte compresses well.
func quantLen(n int32) uint32 {
	return uint32(min(255, math.Round(12*math.Log2(float64(n)+1))))
}

// unquantLen is the inverse of quantLen (up to rounding).
func unquantLen(q uint32) float64 { return math.Exp2(float64(q)/12) - 1 }
