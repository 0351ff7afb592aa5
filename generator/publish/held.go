package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/klauspost/compress/s2"
)

// File is an output file held in memory (serve): its bytes, or its bytes
// packed. `gongkai serve` holds every page of the site between rebuilds;
// packed (S2 block compression: about 0.4 of a page's size, packed at
// some 700 MB/s and unpacked at over 1 GB/s on one core) the pages of a
// 10,000-document site take some 200 MB instead of 550. Packing is
// deterministic: the same bytes give the same packed bytes, so two
// versions of a file compare by their stored bytes.
type File struct {
	data   []byte
	packed bool
	pieces [][]byte // the file is these, one after the other (data is nil)
}

// Plain is a file kept as it is.
func Plain(b []byte) File { return File{data: b} }

var packBufs = sync.Pool{New: func() any { return new([]byte) }}

// Pack is a file kept packed. b is not retained: the packed bytes are a
// new slice of their exact size.
func Pack(b []byte) File {
	buf := packBufs.Get().(*[]byte)
	defer packBufs.Put(buf)
	if n := s2.MaxEncodedLen(len(b)); cap(*buf) < n {
		*buf = make([]byte, n)
	}
	enc := s2.Encode((*buf)[:cap(*buf)], b)
	if cap(*buf) > 8<<20 {
		*buf = nil // a huge page's buffer is not worth keeping
	}
	return File{data: bytes.Clone(enc), packed: true}
}

// Pieces is a file kept as the slices that make it, not joined: serve's
// search index keeps its packs of records so (search.Memo.WritePieces),
// rather than copying the whole index after each edit. The slices must
// not change.
func Pieces(p [][]byte) File { return File{pieces: p} }

// Bytes returns the file's bytes, unpacked (joined).
func (f File) Bytes() ([]byte, error) {
	if f.pieces != nil {
		return bytes.Join(f.pieces, nil), nil
	}
	if !f.packed {
		return f.data, nil
	}
	b, err := s2.Decode(nil, f.data)
	if err != nil {
		return nil, fmt.Errorf("内部错误：内存中的页面无法解压：%w", err)
	}
	return b, nil
}

// Reader returns the file's bytes as a ReadSeeker (http.ServeContent
// takes one): pieces are read in place, not joined, so a range request for
// a few kilobytes of a search pack does not copy the pack.
func (f File) Reader() (io.ReadSeeker, error) {
	if f.pieces != nil {
		r := &piecesReader{pieces: f.pieces, ends: make([]int64, len(f.pieces))}
		for i, p := range f.pieces {
			r.size += int64(len(p))
			r.ends[i] = r.size
		}
		return r, nil
	}
	b, err := f.Bytes()
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(b), nil
}

// piecesReader reads slices one after another as one stream.
type piecesReader struct {
	pieces [][]byte
	ends   []int64 // end offset of each piece
	size   int64
	off    int64
}

func (r *piecesReader) Read(b []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	n := 0
	for n < len(b) && r.off < r.size {
		i := sort.Search(len(r.ends), func(i int) bool { return r.ends[i] > r.off })
		p := r.pieces[i]
		start := r.off - (r.ends[i] - int64(len(p)))
		c := copy(b[n:], p[start:])
		n += c
		r.off += int64(c)
	}
	return n, nil
}

func (r *piecesReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, errors.New("piecesReader.Seek: invalid whence")
	}
	if offset < 0 {
		return 0, errors.New("piecesReader.Seek: negative position")
	}
	r.off = offset
	return offset, nil
}

// Packed reports whether the file is kept packed.
func (f File) Packed() bool { return f.packed }

// Stored returns the bytes as kept (packed or not; pieces joined): the
// same for two versions of a file exactly when their bytes are the same
// and both are packed or both are not.
func (f File) Stored() []byte {
	if f.pieces != nil {
		return bytes.Join(f.pieces, nil)
	}
	return f.data
}

// Same reports whether f and g hold the same bytes, kept the same way.
func (f File) Same(g File) bool {
	if f.pieces != nil || g.pieces != nil {
		return !f.packed && !g.packed && samePieces(f.all(), g.all())
	}
	if f.packed != g.packed || len(f.data) != len(g.data) {
		return false
	}
	if len(f.data) == 0 || &f.data[0] == &g.data[0] {
		return true
	}
	return bytes.Equal(f.data, g.data)
}

// Packer is an Output that also takes files already packed (serve's
// pages, which its memo keeps packed). A wrapper (Minifying) is a Packer
// that says through PacksData whether what it wraps keeps them packed.
type Packer interface {
	WritePacked(p string, f File) error
	PacksData() bool
}

// Packs reports whether out keeps packed files packed.
func Packs(out Output) bool {
	pk, ok := out.(Packer)
	return ok && pk.PacksData()
}

// WriteFile writes f through out: as it is kept when out takes packed
// files, else its bytes.
func WriteFile(out Output, p string, f File) error {
	if pk, ok := out.(Packer); ok && f.packed {
		return pk.WritePacked(p, f)
	}
	b, err := f.Bytes()
	if err != nil {
		return err
	}
	return out.Write(p, b)
}

// Held keeps the files of a build in memory as Files: those written with
// WritePacked stay packed (serve).
type Held struct {
	mu    sync.Mutex
	files map[string]File
}

func NewHeld() *Held { return &Held{files: map[string]File{}} }

// RetainsData: Held keeps the slices.
func (h *Held) RetainsData() bool { return true }

// PacksData: Held keeps packed files packed.
func (h *Held) PacksData() bool { return true }

func (h *Held) Write(p string, data []byte) error { return h.WritePacked(p, Plain(data)) }

func (h *Held) WritePacked(p string, f File) error { return keep(&h.mu, h.files, p, f) }

// File returns the file written to p, if any.
func (h *Held) File(p string) (File, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f, ok := h.files[p]
	return f, ok
}

// Files returns the files by path; the map is the Held's own.
func (h *Held) Files() map[string]File {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.files
}

// Unpacked returns the bytes of every file, unpacked.
func Unpacked(files map[string]File) (map[string][]byte, error) {
	out := make(map[string][]byte, len(files))
	for p, f := range files {
		b, err := f.Bytes()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out[p] = b
	}
	return out, nil
}

// all is the file's slices: its pieces, or its data as one.
func (f File) all() [][]byte {
	if f.pieces != nil {
		return f.pieces
	}
	return [][]byte{f.data}
}

// samePieces compares two lists of slices as the bytes they make, without
// joining them; the same slices in the same order are the same at once.
func samePieces(a, b [][]byte) bool {
	if len(a) == len(b) && slicesIdentical(a, b) {
		return true
	}
	var x, y []byte
	for {
		for len(x) == 0 && len(a) > 0 {
			x, a = a[0], a[1:]
		}
		for len(y) == 0 && len(b) > 0 {
			y, b = b[0], b[1:]
		}
		if len(x) == 0 || len(y) == 0 {
			return len(x) == 0 && len(y) == 0
		}
		n := min(len(x), len(y))
		if !bytes.Equal(x[:n], y[:n]) {
			return false
		}
		x, y = x[n:], y[n:]
	}
}

func slicesIdentical(a, b [][]byte) bool {
	for i := range a {
		if len(a[i]) != len(b[i]) || len(a[i]) > 0 && &a[i][0] != &b[i][0] {
			return false
		}
	}
	return true
}
