package search

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"gongkai/generator/hanfold"
)

// Doc is one searchable item, as the render phase hands it over.
type Doc struct {
	URL, Title, DocNo string
	// Organs are the 发文机关, several for a jointly issued document: each
	// is a value of the organ filter, and the document matches each one.
	Organs          []string
	Kind, KindLabel string // "policy", "政策文件"
	Tag             string // 有效性 label, or ""
	Topic           string // first level of 主题分类, or ""
	Date            string // "2017-08-25"
	Lang            string // "zh-Hant" for a document in Traditional script, else ""
	Year            int
	Text            string // body as plain text, markup already stripped
	// Lazy, when Text is empty, gives the text: serve keeps the pages'
	// texts packed and unpacks one only when the index reads it.
	Lazy func() (string, error)
	// Sum is a hash of Text (0: none); Build with a Memo takes a document
	// whose Sum, title, 发文字号 and organ are unchanged for unchanged.
	Sum uint64
}

// text is the document's text, read through Lazy if need be.
func (d *Doc) text() (string, error) {
	if d.Text == "" && d.Lazy != nil {
		return d.Lazy()
	}
	return d.Text, nil
}

// Builder collects documents and writes the index. Add may be called from
// several goroutines; Write must be called once, after every Add.
type Builder struct {
	mu     sync.Mutex
	docs   []*entry
	parts  []*partIndex    // postings, once indexed (Index, or Write after Add)
	arenas *arenas         // where the parts' positional postings lie
	astral map[rune]uint16 // astral characters → private-use codes
	heavy  heavy           // chosen by index
	counts *heavyCounts    // that chose them
	addErr error           // the first text Add could not read
	// The 发文字号 records and the display data, when a patch takes them
	// from the last build (nil: made from docs).
	docNos []encoded
	meta   *displayData
	// WritePieces, when set, takes the packs (the files of large
	// records) of a build without a Memo as their records, in order, so
	// that they are written without first being copied into one slice
	// each (a build to disk streams them: publish.WriteStream). It must
	// not keep the slices after it returns.
	WritePieces func(path string, pieces [][]byte) error
	// Spill, set before Index, writes the postings to a temporary file
	// (in os.TempDir) as they are built instead of keeping them in memory
	// until Write (see spill.go). The index is the same.
	Spill bool
	// HeavyOcc is the number of occurrences above which a bigram's
	// positions are stored as trigrams instead (see package doc). Zero
	// means the default; tests lower it to exercise that path.
	HeavyOcc int
}

// entry is a document with its folded code stream.
type entry struct {
	Doc
	codes    []uint16
	fieldEnd int32 // codes [0,fieldEnd) are the title and 发文字号
	length   int32 // len(codes), kept after codes are released
	id       int32
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	b := &Builder{astral: map[rune]uint16{}, arenas: &arenas{}}
	// A build that stops before Write (a page failed) gives its postings'
	// memory back when the Builder is collected.
	runtime.AddCleanup(b, func(s *arenas) { s.release() }, b.arenas)
	return b
}

// Add adds a document. The text is folded at once; d.Text is not retained,
// but the folded text is, until Write. Index is the streaming alternative.
func (b *Builder) Add(d Doc) {
	text, err := d.text()
	d.Text = text
	e := b.newEntry(d, nil)
	b.mu.Lock()
	b.docs = append(b.docs, e)
	if err != nil && b.addErr == nil {
		b.addErr = err // Write returns it
	}
	b.mu.Unlock()
}

// newEntry folds a document's text. With a slab, the codes are appended
// to it when they fit in its capacity (the slab grows by them; the caller
// reuses it once the entry's codes are released), else they get an array
// of their own, as without one.
func (b *Builder) newEntry(d Doc, slab *[]uint16) *entry {
	e := &entry{Doc: d}
	var room []uint16 // the slab's free capacity
	if slab != nil {
		room = (*slab)[len(*slab):]
	}
	codes := room
	organs := 0
	for _, o := range d.Organs {
		organs += utf8.RuneCountInString(o) + 1
	}
	if n := utf8.RuneCountInString(d.Title) + utf8.RuneCountInString(d.DocNo) + organs +
		len(d.Text)/3 + 8; cap(codes) < n {
		// At most one code per character: room for all of them when the
		// text is not mostly Han, so that the codes are not copied as they
		// grow.
		if len(d.Text) >= 3*n/2 {
			n = max(n, n+utf8.RuneCountInString(d.Text)-len(d.Text)/3)
		}
		codes = make([]uint16, 0, n)
	}
	codes = b.appendCodes(codes, d.Title)
	codes = append(codes, sep)
	codes = b.appendCodes(codes, d.DocNo)
	e.fieldEnd = int32(len(codes))
	codes = append(codes, sep)
	for i, o := range d.Organs {
		if i > 0 {
			codes = b.appendCodes(codes, "、") // one separator between organs
		}
		codes = b.appendCodes(codes, o)
	}
	codes = append(codes, sep)
	codes = b.appendCodes(codes, d.Text)
	if cap(room) > 0 && unsafe.SliceData(codes) == unsafe.SliceData(room) {
		*slab = (*slab)[:len(*slab)+len(codes)] // the codes lie in the slab
	}
	e.codes = slices.Clip(codes)
	e.length = int32(len(codes))
	e.Text = ""
	return e
}

// appendCodes folds s into codes: one code per indexable character, one
// separator for each run of other characters.
func (b *Builder) appendCodes(codes []uint16, s string) []uint16 {
	last := uint16(sep)
	if len(codes) > 0 {
		last = codes[len(codes)-1]
	}
	for _, r := range s {
		if r < 0x10000 {
			// Fast path: one table load for most characters.
			if c := codeTab[r]; c != slowCode {
				if c == sep {
					if last != sep {
						codes = append(codes, sep)
						last = sep
					}
					continue
				}
				codes = append(codes, c)
				last = c
				continue
			}
		}
		f := hanfold.Fold(r)
		if !isIndexable(f) {
			if last != sep {
				codes = append(codes, sep)
				last = sep
			}
			continue
		}
		c := uint16(f)
		if f >= 0x10000 {
			c = b.astralCode(f)
		}
		codes = append(codes, c)
		last = c
	}
	return codes
}

// slowCode marks BMP characters whose code is not in codeTab (those that
// fold to a character outside the BMP).
const slowCode = 0xFFFF

// codeTab is the code of every BMP character: its folded form, sep for
// characters that are not indexable, or slowCode.
var codeTab = func() *[1 << 16]uint16 {
	var t [1 << 16]uint16
	for r := rune(0); r < 1<<16; r++ {
		f := hanfold.Fold(r)
		switch {
		case r == slowCode || f >= 0x10000:
			t[r] = slowCode
		case !isIndexable(f) || r >= 0xD800 && r <= 0xDFFF:
			t[r] = sep
		default:
			t[r] = uint16(f)
		}
	}
	return &t
}()

// astralCode maps a character outside the BMP (rare Han extensions) to a
// private-use code, so that streams stay 16 bits wide.
func (b *Builder) astralCode(r rune) uint16 {
	b.mu.Lock()
	defer b.mu.Unlock()
	c, ok := b.astral[r]
	if !ok {
		if len(b.astral) >= 0xF8FF-0xE000 {
			return sep // table full: treat as a separator
		}
		c = uint16(0xE000 + len(b.astral))
		b.astral[r] = c
	}
	return c
}

// codeRune is the inverse of the code mapping, for term strings.
func (b *Builder) codeRunes() map[uint16]rune {
	m := make(map[uint16]rune, len(b.astral))
	for r, c := range b.astral {
		m[c] = r
	}
	return m
}

// sortDocs gives documents their ids: in URL order, so ids (and output
// bytes) do not depend on the order of Add calls.
func (b *Builder) sortDocs() {
	slices.SortFunc(b.docs, func(x, y *entry) int {
		return cmp.Or(strings.Compare(x.URL, y.URL), strings.Compare(x.Title, y.Title))
	})
	for i, e := range b.docs {
		e.id = int32(i)
	}
}
