package publish

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// build writes files (streamed when the name ends in ".json") into final
// through a Dir and commits.
func build(t *testing.T, final string, files map[string]string) *Dir {
	t.Helper()
	d, err := NewDir(final)
	if err != nil {
		t.Fatal(err)
	}
	for p, s := range files {
		if strings.HasSuffix(p, ".json") {
			err = d.WriteStream(p, func(w io.Writer) error {
				// Several writes, as an encoder makes them.
				for _, part := range strings.SplitAfter(s, ",") {
					if _, err := io.WriteString(w, part); err != nil {
						return err
					}
				}
				return nil
			})
		} else {
			err = d.Write(p, []byte(s))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDirKeepsUnchangedFiles(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	files := map[string]string{
		"index.html":         "<p>首页</p>",
		"data/big.json":      `[{"a":1},{"b":2},` + strings.Repeat(`{"c":3},`, 50000) + `{}]`,
		"data/same-len.json": `[1,2,3]`,
	}
	build(t, final, files)
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for p := range files {
		if err := os.Chtimes(filepath.Join(final, p), old, old); err != nil {
			t.Fatal(err)
		}
	}
	files["data/same-len.json"] = `[1,2,4]` // same size, other bytes
	d := build(t, final, files)
	if d.Changed != 1 {
		t.Errorf("Changed = %d, want 1 (only data/same-len.json)", d.Changed)
	}
	for p, want := range files {
		fp := filepath.Join(final, p)
		b, err := os.ReadFile(fp)
		if err != nil || string(b) != want {
			t.Errorf("%s: got %d bytes (%v), want %d", p, len(b), err, len(want))
		}
		fi, _ := os.Stat(fp)
		kept := fi.ModTime().Equal(old)
		if changed := p == "data/same-len.json"; kept == changed {
			t.Errorf("%s: modification time kept = %v", p, kept)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(final, "data"))
	if len(entries) != 2 {
		t.Errorf("data/ holds %d entries, want 2 (no link temporaries left)", len(entries))
	}
}

func TestDirStreamErrors(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	boom := errors.New("boom")
	if err := d.WriteStream("a.json", func(io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("fill error not returned: %v", err)
	}
	if err := d.Write("b.html", nil); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteStream("b.html", func(io.Writer) error { return nil }); err == nil {
		t.Error("a second write to one path was accepted")
	}
	if err := d.WriteStream("../x.json", func(io.Writer) error { return nil }); err == nil {
		t.Error("a path outside the output was accepted")
	}
}

func TestRetains(t *testing.T) {
	d := &Dir{}
	cases := []struct {
		out  Output
		want bool
	}{
		{NewMemory(), true},
		{d, false},
		{Minifying{Next: d}, false},
		{Minifying{Next: NewMemory()}, true},
	}
	for _, c := range cases {
		if got := Retains(c.out); got != c.want {
			t.Errorf("Retains(%T) = %v, want %v", c.out, got, c.want)
		}
	}
	// Memory gets streamed files whole.
	m := NewMemory()
	if err := WriteStream(Minifying{M: NewMinifier(), Next: m}, "x.json", func(w io.Writer) error {
		_, err := io.WriteString(w, "[1]")
		return err
	}); err != nil || string(m.Files["x.json"]) != "[1]" {
		t.Errorf("streamed to memory: %q, %v", m.Files["x.json"], err)
	}
}

// TestPackedFiles: a page packed for serve comes back byte for byte, packs
// the same way every time, reaches a Held output packed (through the
// minifier, which leaves pages alone) and any other output as its bytes.
func TestPackedFiles(t *testing.T) {
	page := []byte(strings.Repeat("<p>各地区、各部门要切实抓好政务诚信建设。</p>", 200))
	f := Pack(page)
	if !f.Packed() || len(f.Stored()) >= len(page)/2 {
		t.Fatalf("packed %d bytes into %d (packed %v)", len(page), len(f.Stored()), f.Packed())
	}
	if b, err := f.Bytes(); err != nil || !bytes.Equal(b, page) {
		t.Fatalf("unpacked: %d bytes, %v", len(b), err)
	}
	g := Pack(bytes.Clone(page))
	if !f.Same(g) || !bytes.Equal(f.Stored(), g.Stored()) {
		t.Error("the same page packed twice differs")
	}
	other := Pack(append(bytes.Clone(page), '!'))
	if f.Same(other) || f.Same(Plain(f.Stored())) || Plain(page).Same(f) {
		t.Error("Same: different pages, or a packed and a plain file, compare equal")
	}
	if _, err := (File{data: []byte{0xff, 0xff, 0xff}, packed: true}).Bytes(); err == nil {
		t.Error("corrupt packed bytes: no error")
	}

	h := NewHeld()
	if !Packs(Minifying{M: NewMinifier(), Next: h}) || Packs(Minifying{Next: NewMemory()}) || Packs(NewMemory()) {
		t.Error("Packs: wrong answer for Held or Memory")
	}
	if err := WriteFile(Minifying{M: NewMinifier(), Next: h}, "a/index.html", f); err != nil {
		t.Fatal(err)
	}
	if got, ok := h.File("a/index.html"); !ok || !got.Packed() || !got.Same(f) {
		t.Errorf("Held got %v %v, want the packed file", got.Packed(), ok)
	}
	if err := WriteFile(h, "a/index.html", f); err == nil {
		t.Error("Held: a second write of the same path is not an error")
	}
	m := NewMemory()
	if err := WriteFile(Minifying{M: NewMinifier(), Next: m}, "a/index.html", f); err != nil || !bytes.Equal(m.Files["a/index.html"], page) {
		t.Errorf("Memory got %d bytes (%v), want the page", len(m.Files["a/index.html"]), err)
	}
	all, err := Unpacked(h.Files())
	if err != nil || !bytes.Equal(all["a/index.html"], page) {
		t.Errorf("Unpacked: %d bytes, %v", len(all["a/index.html"]), err)
	}
}

// TestPiecesFiles: a file kept as pieces reads as their bytes joined and
// compares by those bytes, however they are split, with files kept whole.
func TestPiecesFiles(t *testing.T) {
	a := []byte("政务公开")
	b := []byte("标准化规范化")
	f := Pieces([][]byte{a, b})
	got, err := f.Bytes()
	if err != nil || string(got) != "政务公开标准化规范化" {
		t.Fatalf("Bytes = %q, %v", got, err)
	}
	same := []File{
		Pieces([][]byte{a, b}),
		Pieces([][]byte{[]byte("政务"), []byte("公开标准"), nil, []byte("化规范化")}),
		Plain([]byte("政务公开标准化规范化")),
	}
	for i, g := range same {
		if !f.Same(g) || !g.Same(f) {
			t.Errorf("case %d: not the same as the pieces", i)
		}
	}
	for i, g := range []File{
		Pieces([][]byte{a}),
		Pieces([][]byte{a, b, []byte("。")}),
		Plain([]byte("政务公开标准化规范")),
		Pack([]byte("政务公开标准化规范化")), // kept another way
	} {
		if f.Same(g) || g.Same(f) {
			t.Errorf("case %d: the same as the pieces", i)
		}
	}
}

// TestDirWriterErrors: a file the writer goroutine cannot write fails
// Commit, and the previous output stays as it was.
func TestDirWriterErrors(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	build(t, final, map[string]string{"index.html": "<p>旧</p>"})
	d, err := NewDir(final)
	if err != nil {
		t.Fatal(err)
	}
	// A file where the writer must make a folder.
	if err := os.WriteFile(filepath.Join(d.staging, "a"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.Write("a/index.html", []byte("<p>新</p>")); err != nil {
		t.Fatalf("Write returned before the writer ran: %v", err)
	}
	for i := 0; i < 200; i++ { // later writes may see the error early
		if d.Write("b"+strconv.Itoa(i)+".html", []byte("x")) != nil {
			break
		}
	}
	if err := d.Commit(); err == nil {
		t.Fatal("Commit succeeded although a file could not be written")
	}
	b, err := os.ReadFile(filepath.Join(final, "index.html"))
	if err != nil || string(b) != "<p>旧</p>" {
		t.Errorf("previous output changed: %q, %v", b, err)
	}
	if _, err := os.Stat(d.staging); !os.IsNotExist(err) {
		t.Errorf("staging folder left behind: %v", err)
	}
}

// TestDirWriteAfterClose: a write that comes after Abort (a build given up
// while a page was still being rendered) is an error, not a panic.
func TestDirWriteAfterClose(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write("a.html", []byte("a")); err != nil {
		t.Fatal(err)
	}
	d.Abort()
	if err := d.Write("b.html", []byte("b")); err == nil {
		t.Error("a write after Abort was accepted")
	}
}

// TestFileReader: a file's reader gives its bytes from any position, for
// pieces (read in place, empty pieces included), plain and packed files.
func TestFileReader(t *testing.T) {
	want := []byte("政务公开标准化规范化")
	for i, f := range []File{
		Pieces([][]byte{[]byte("政务"), nil, []byte("公开标准"), []byte("化"), []byte("规范化")}),
		Plain(want),
		Pack(want),
	} {
		r, err := f.Reader()
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := r.Seek(0, io.SeekEnd); n != int64(len(want)) {
			t.Errorf("case %d: size %d, want %d", i, n, len(want))
		}
		for start := 0; start <= len(want); start++ {
			for n := 0; start+n <= len(want); n++ {
				if _, err := r.Seek(int64(start), io.SeekStart); err != nil {
					t.Fatal(err)
				}
				got := make([]byte, n)
				if _, err := io.ReadFull(r, got); err != nil || !bytes.Equal(got, want[start:start+n]) {
					t.Fatalf("case %d: bytes %d–%d = %q, %v", i, start, start+n, got, err)
				}
			}
		}
		if _, err := r.Seek(int64(len(want)), io.SeekStart); err != nil {
			t.Fatal(err)
		}
		if n, err := r.Read(make([]byte, 4)); n != 0 || err != io.EOF {
			t.Errorf("case %d: read at the end = %d, %v", i, n, err)
		}
	}
}

// TestDirLargeAndLateWrites: a file larger than the queue takes is written
// by the caller (same bytes, counted); WriteStream, like Write, refuses to
// write after Abort and reports the writer's error.
func TestDirLargeAndLateWrites(t *testing.T) {
	final := filepath.Join(t.TempDir(), "public")
	big := bytes.Repeat([]byte("政务公开"), queueMax) // over queueMax
	d := build(t, final, map[string]string{"a/big.pdf": string(big), "index.html": "<p>首页</p>"})
	if d.Changed != 2 {
		t.Errorf("Changed = %d, want 2", d.Changed)
	}
	if b, err := os.ReadFile(filepath.Join(final, "a", "big.pdf")); err != nil || !bytes.Equal(b, big) {
		t.Errorf("large file: %d bytes, %v", len(b), err)
	}

	d, err := NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	d.Abort()
	if err := d.WriteStream("x.json", func(io.Writer) error { return nil }); err == nil {
		t.Error("WriteStream after Abort was accepted")
	}
	if _, err := os.Stat(d.staging); !os.IsNotExist(err) {
		t.Errorf("WriteStream after Abort made the staging folder again: %v", err)
	}

	d, err = NewDir(filepath.Join(t.TempDir(), "public"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	if err := os.WriteFile(filepath.Join(d.staging, "a"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.Write("a/index.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ { // until the writer's error is seen
		if d.Write("b"+strconv.Itoa(i)+".html", []byte("x")) != nil {
			break
		}
		if i > 10000 {
			t.Fatal("the writer's error never reached Write")
		}
		time.Sleep(time.Millisecond)
	}
	if err := d.WriteStream("y.json", func(w io.Writer) error { _, err := io.WriteString(w, "[]"); return err }); err == nil {
		t.Error("WriteStream after the writer failed was accepted")
	}
}

// The scripts stay ES5: the minifier writes no newer syntax.
func TestMinifiedScriptsStayES5(t *testing.T) {
	out, err := NewMinifier().String("application/javascript", `try { localStorage.getItem("k") } catch (e) {} var s = "a\"b";`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "catch(e)") || strings.Contains(out, "`") {
		t.Errorf("minified script uses syntax newer than ES5: %s", out)
	}
}
