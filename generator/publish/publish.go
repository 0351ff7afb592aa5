// Package publish writes the rendered site: every file is minified by its
// type and written either to memory (tests, serve) or to a staging folder
// that replaces the output folder only when the whole build succeeded, so a
// failed build leaves the previous site exactly as it was. A file whose bytes
// did not change is hard-linked from the previous output instead of being
// written, so it keeps its modification time and rsync-style deploys send
// only what changed.
package publish

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Output receives the files of a build. Paths are slash-separated and
// relative to the output root ("policies/x/index.html"). Write may be called
// from several goroutines at once.
type Output interface {
	Write(p string, data []byte) error
}

// Streamer is an Output that can also take a file as a stream, so that a
// large export (tens of megabytes of open data) is never held whole in
// memory. fill writes the file's bytes to w; an error from fill fails the
// write.
type Streamer interface {
	WriteStream(p string, fill func(w io.Writer) error) error
}

// WriteStream writes a file produced by fill through out: streamed when out
// is a Streamer, else collected in memory and written with Write.
func WriteStream(out Output, p string, fill func(w io.Writer) error) error {
	if s, ok := out.(Streamer); ok {
		return s.WriteStream(p, fill)
	}
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return err
	}
	return out.Write(p, buf.Bytes())
}

// Retains reports whether out may keep the slices given to Write after
// Write returns (Memory does). When it does not, a writer may reuse its
// buffer at once. An Output that does not say is assumed to retain.
func Retains(out Output) bool {
	if r, ok := out.(interface{ RetainsData() bool }); ok {
		return r.RetainsData()
	}
	return true
}

// htmlMinifier keeps what accessibility checkers and old browsers rely on:
// the html/head/body tags (lang stays on <html>), end tags, quotes.
var htmlMinifier = html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true, KeepQuotes: true}

// NewMinifier returns the minifier used for output files.
func NewMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &htmlMinifier)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	// The site's scripts are ES5, for old browsers on office and
	// elderly readers' machines: the minifier must not write newer syntax
	// (it turns catch (e) {} into ES2019's catch{} when allowed).
	m.Add("application/javascript", &js.Minifier{Version: 5})
	m.AddFunc("application/json", json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}

// NewTemplateMinifier returns a minifier for html/template source: the same
// settings, with {{ }} actions left untouched.
func NewTemplateMinifier() *minify.M {
	m := NewMinifier()
	t := htmlMinifier
	t.TemplateDelims = html.GoTemplateDelims
	m.Add("text/html", &t)
	return m
}

// mediaTypes lists the files minified on output. HTML is not among them:
// the layouts are minified when they are loaded (see render), so pages come
// out minified.
var mediaTypes = map[string]string{
	// JSON is written compact by encoding/json already.
	".css": "text/css", ".js": "application/javascript",
	".svg": "image/svg+xml", ".xml": "application/xml",
}

// Minifying wraps an Output, minifying files by their extension.
type Minifying struct {
	M     *minify.M
	Next  Output
	Cache *MinifyCache // may be nil
}

// MinifyCache remembers, per path, the last input and its minified form, so
// that a rebuild (serve) minifies only the files whose content changed.
type MinifyCache struct {
	mu   sync.Mutex
	seed maphash.Seed
	m    map[string]minified
}

type minified struct {
	sum uint64
	n   int
	out []byte
}

func (c *MinifyCache) lookup(p string, data []byte) ([]byte, uint64, bool) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]minified{}
		c.seed = maphash.MakeSeed()
	}
	seed := c.seed
	e, ok := c.m[p]
	c.mu.Unlock()
	sum := maphash.Bytes(seed, data)
	if ok && e.sum == sum && e.n == len(data) {
		return e.out, sum, true
	}
	return nil, sum, false
}

func (c *MinifyCache) store(p string, sum uint64, n int, out []byte) {
	c.mu.Lock()
	c.m[p] = minified{sum, n, out}
	c.mu.Unlock()
}

func (w Minifying) Write(p string, data []byte) error {
	if mt, ok := mediaTypes[path.Ext(p)]; ok {
		var sum uint64
		if w.Cache != nil {
			out, s, hit := w.Cache.lookup(p, data)
			if hit {
				return w.Next.Write(p, out)
			}
			sum = s
		}
		n := len(data)
		var buf bytes.Buffer
		buf.Grow(len(data))
		if err := w.M.Minify(mt, &buf, bytes.NewReader(data)); err != nil {
			return fmt.Errorf("压缩 %s 失败：%w", p, err)
		}
		data = buf.Bytes()
		if w.Cache != nil {
			w.Cache.store(p, sum, n, data)
		}
	}
	return w.Next.Write(p, data)
}

// RetainsData: a minified file is a new slice; others are passed on as they are.
func (w Minifying) RetainsData() bool { return Retains(w.Next) }

// PacksData: packed files are passed on packed when the next output keeps
// them so.
func (w Minifying) PacksData() bool { return Packs(w.Next) }

// WritePacked passes a packed file on as it is, unless its type is one to
// minify (then its bytes are minified and written) or the next output does
// not take packed files.
func (w Minifying) WritePacked(p string, f File) error {
	if _, minified := mediaTypes[path.Ext(p)]; minified || !Packs(w.Next) {
		b, err := f.Bytes()
		if err != nil {
			return err
		}
		return w.Write(p, b)
	}
	return w.Next.(Packer).WritePacked(p, f)
}

// WriteStream streams files that are not minified; a file to minify is
// collected first (the minifiers take whole files, and such files are small).
func (w Minifying) WriteStream(p string, fill func(io.Writer) error) error {
	if _, ok := mediaTypes[path.Ext(p)]; !ok {
		return WriteStream(w.Next, p, fill)
	}
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return err
	}
	return w.Write(p, buf.Bytes())
}

// Memory keeps the files in a map. It keeps the slices it is given: a
// writer must not change data after Write.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
}

func NewMemory() *Memory { return &Memory{Files: map[string][]byte{}} }

// RetainsData: Memory keeps the slices.
func (m *Memory) RetainsData() bool { return true }

func (m *Memory) Write(p string, data []byte) error { return keep(&m.mu, m.Files, p, data) }

// File returns the bytes written to p, if any.
func (m *Memory) File(p string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.Files[p]
	return b, ok
}

// Paths returns the file paths in sorted order.
func (m *Memory) Paths() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.Files))
	for p := range m.Files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// keep stores v at path p of an in-memory output (Memory, Held); a path
// written twice is an error.
func keep[T any](mu *sync.Mutex, files map[string]T, p string, v T) error {
	if err := checkPath(p); err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := files[p]; dup {
		return fmt.Errorf("两个页面都要写入 %s：检查是否有文件名或别名（aliases）冲突", p)
	}
	files[p] = v
	return nil
}

func checkPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || path.Clean(p) != p || strings.HasPrefix(p, "../") || p == ".." {
		return fmt.Errorf("内部错误：输出路径 %q 无效", p)
	}
	return nil
}

// Dir writes into a staging folder beside Final and swaps it in on Commit.
//
// Write hands the file to one writer goroutine and returns: creating a
// folder or a file is serialised by the file system (ext4 takes the parent
// folder's lock and searches the inode bitmap), and two threads creating
// files at once spent twice the processor time of one for the same wall
// time, spinning on that lock. One writer does the file system's work while
// the renderers go on computing. Its errors are reported by Commit. A Dir
// must end with Commit or Abort, which stop the writer.
type Dir struct {
	Final   string // the output folder, e.g. site/public
	staging string
	mu      sync.Mutex
	written map[string]bool
	dirs    map[string]bool // folders already created in staging
	Changed int             // files written anew (not linked from the previous output); final after Commit

	startOnce sync.Once
	stopOnce  sync.Once
	queue     chan dirJob
	stopped   chan struct{}
	werr      error        // the writer's first error (guarded by mu)
	aborting  bool         // Abort was called: queued files are dropped (guarded by mu)
	sendMu    sync.RWMutex // held for reading while a file is queued, for writing to close the queue
	closed    bool         // the queue is closed: Commit or Abort ran (guarded by sendMu)
}

// dirJob is one file for the writer: its bytes are a copy owned by the job.
type dirJob struct {
	p, dst string
	buf    *[]byte
}

// queueLen bounds the files waiting for the writer; a file larger than
// queueMax (an attachment, a large static file) is written by the caller
// itself, without a copy, so the queue holds a few megabytes at most.
const (
	queueLen = 64
	queueMax = 256 << 10
)

// NewDir prepares a staging folder for final.
func NewDir(final string) (*Dir, error) {
	final = filepath.Clean(final)
	parent := filepath.Dir(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(final)+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		return nil, err
	}
	return &Dir{Final: final, staging: staging, written: map[string]bool{}, dirs: map[string]bool{}}, nil
}

// Write queues a copy of data for the writer goroutine (see Dir). It
// returns the writer's error once there is one, so a failing disk stops a
// build early; Commit reports it in any case.
func (d *Dir) Write(p string, data []byte) error {
	dst, err := d.reserve(p)
	if err != nil {
		return err
	}
	d.sendMu.RLock()
	defer d.sendMu.RUnlock()
	if err := d.accepting(p); err != nil {
		return err
	}
	if len(data) > queueMax {
		return d.writeNow(p, dst, data)
	}
	buf := jobBufs.Get().(*[]byte)
	*buf = append((*buf)[:0], data...)
	d.startOnce.Do(func() {
		d.queue = make(chan dirJob, queueLen)
		d.stopped = make(chan struct{})
		go d.writer()
	})
	d.queue <- dirJob{p, dst, buf}
	return nil
}

// accepting reports why p may not be written now: Commit or Abort ran (a
// write that comes too late, the build given up), or the writer failed.
// The caller holds sendMu for reading.
func (d *Dir) accepting(p string) error {
	if d.closed {
		return fmt.Errorf("内部错误：%s 在输出关闭后写入", p)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.werr
}

// jobBufs recycles the copies that Write queues.
var jobBufs = sync.Pool{New: func() any { return new([]byte) }}

// writer writes the queued files until wait closes the queue.
func (d *Dir) writer() {
	defer close(d.stopped)
	for j := range d.queue {
		d.mu.Lock()
		failed := d.werr != nil || d.aborting
		d.mu.Unlock()
		if !failed {
			if err := d.writeNow(j.p, j.dst, *j.buf); err != nil {
				d.mu.Lock()
				d.werr = err
				d.mu.Unlock()
			}
		}
		jobBufs.Put(j.buf) // at most queueMax bytes: worth keeping
	}
}

// writeNow writes one file: a link to the previous output's file when the
// bytes are the same, else a new file.
func (d *Dir) writeNow(p, dst string, data []byte) error {
	if err := d.mkdirFor(p, dst); err != nil {
		return err
	}
	old := filepath.Join(d.Final, filepath.FromSlash(p))
	if same(old, data) {
		if err := os.Link(old, dst); err == nil {
			return nil
		}
	}
	d.mu.Lock()
	d.Changed++
	d.mu.Unlock()
	return writeFile(dst, data)
}

// wait lets the writer finish the queued files and returns its error.
func (d *Dir) wait() error {
	d.stopOnce.Do(func() {
		d.sendMu.Lock()
		d.closed = true
		d.sendMu.Unlock()
		if d.queue != nil {
			close(d.queue)
			<-d.stopped
		}
	})
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.werr
}

// RetainsData: Dir is done with data when Write returns.
func (d *Dir) RetainsData() bool { return false }

// reserve reserves p (two writes to one path are an error) and returns its
// staging path.
func (d *Dir) reserve(p string) (string, error) {
	if err := checkPath(p); err != nil {
		return "", err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.written[p] {
		return "", fmt.Errorf("两个页面都要写入 %s：检查是否有文件名或别名（aliases）冲突", p)
	}
	d.written[p] = true
	return filepath.Join(d.staging, filepath.FromSlash(p)), nil
}

// mkdirFor makes the staging folder of p (at dst) unless it is made.
func (d *Dir) mkdirFor(p, dst string) error {
	dir := path.Dir(p)
	d.mu.Lock()
	made := d.dirs[dir]
	d.mu.Unlock()
	if made {
		return nil
	}
	// Usually only the last folder is missing: one mkdir, not MkdirAll's
	// stat of every parent.
	if err := os.Mkdir(filepath.Dir(dst), 0o755); err != nil && !os.IsExist(err) {
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
	}
	d.mu.Lock()
	d.dirs[dir] = true
	d.mu.Unlock()
	return nil
}

// WriteStream writes the file straight into staging. When the result
// equals the previous output's file, the previous file is linked in its
// place, as Write does, so the modification time is kept.
func (d *Dir) WriteStream(p string, fill func(io.Writer) error) error {
	dst, err := d.reserve(p)
	if err != nil {
		return err
	}
	d.sendMu.RLock()
	defer d.sendMu.RUnlock()
	if err := d.accepting(p); err != nil {
		return err
	}
	if err := d.mkdirFor(p, dst); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	old := filepath.Join(d.Final, filepath.FromSlash(p))
	if sameFiles(old, dst) {
		// Link beside, then rename over: dst is never missing.
		tmp := dst + ".link"
		if os.Link(old, tmp) == nil {
			if os.Rename(tmp, dst) == nil {
				return nil
			}
			os.Remove(tmp)
		}
	}
	d.mu.Lock()
	d.Changed++
	d.mu.Unlock()
	return nil
}

// sameFiles reports whether regular files a and b hold the same bytes.
func sameFiles(a, b string) bool {
	fa, err := os.Lstat(a)
	if err != nil || !fa.Mode().IsRegular() {
		return false
	}
	fb, err := os.Lstat(b)
	if err != nil || fa.Size() != fb.Size() {
		return false
	}
	ra, err := os.Open(a)
	if err != nil {
		return false
	}
	defer ra.Close()
	rb, err := os.Open(b)
	if err != nil {
		return false
	}
	defer rb.Close()
	pa, pb := chunkPool.Get().(*[]byte), chunkPool.Get().(*[]byte)
	defer chunkPool.Put(pa)
	defer chunkPool.Put(pb)
	ba, bb := *pa, *pb
	for {
		na, ea := io.ReadFull(ra, ba)
		nb, eb := io.ReadFull(rb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if ea != nil || eb != nil {
			return (ea == io.EOF || ea == io.ErrUnexpectedEOF) && (eb == io.EOF || eb == io.ErrUnexpectedEOF)
		}
	}
}

type pathError = os.PathError

// same reports whether the file at p holds exactly data. It compares
// chunk by chunk through a pooled buffer: a rebuild compares every page
// with its previous version, and reading each whole would allocate the
// size of the site again.
func same(p string, data []byte) bool {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	pb := chunkPool.Get().(*[]byte)
	defer chunkPool.Put(pb)
	buf := *pb
	for len(data) > 0 {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(data))])
		if err != nil || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
	}
	// The file may have grown since Lstat.
	n, _ := f.Read(buf[:1])
	return n == 0
}

// chunkPool holds the buffers of same and sameFiles.
var chunkPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// Commit replaces Final with the staged output.
func (d *Dir) Commit() error {
	if err := d.wait(); err != nil {
		d.Abort()
		return fmt.Errorf("无法写入 %s：%w", d.Final, err)
	}
	old := ""
	if _, err := os.Lstat(d.Final); err == nil {
		old = d.staging + ".old"
		if err := os.Rename(d.Final, old); err != nil {
			d.Abort()
			return fmt.Errorf("无法替换 %s：%w", d.Final, err)
		}
	}
	if err := os.Rename(d.staging, d.Final); err != nil {
		if old != "" {
			os.Rename(old, d.Final)
		}
		d.Abort()
		return fmt.Errorf("无法写入 %s：%w", d.Final, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the staging folder; Final is untouched.
func (d *Dir) Abort() {
	d.mu.Lock()
	d.aborting = true
	d.mu.Unlock()
	d.wait()
	os.RemoveAll(d.staging)
}
