package content

import (
	"context"
	"hash/maphash"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"gongkai/generator/diag"
	"gongkai/generator/model"
)

// Cache keeps parsed documents between loads (serve): a file whose bytes did
// not change is not parsed again; its document is copied and its
// diagnostics replayed. The zero Cache is ready; a nil *Cache caches nothing.
//
// Whether the bytes changed is known without reading them when the caller
// says which files changed since the last load (Changed: serve's watcher,
// which passes nil when it may have missed a change): a file not named
// there is taken as unchanged, without a look at it, once a read has
// recorded its size and modification time. Otherwise every file is read
// and compared
// with the bytes last read (by their length and a 64-bit hash, as the
// render memo's fingerprints are). The bytes themselves are kept only for
// the files the last build's diagnostics quoted (KeepSources).
type Cache struct {
	mu    sync.Mutex
	seed  maphash.Seed
	m     map[string]*cachedDoc
	trust bool // sizes and times may stand for content (see Changed)
	gen   int  // the current load (Changed starts one)
	done  int  // the last load that finished
	lock  *lockFile
	// What the current load found changed (see BodyEdits).
	edits []string // documents whose file changed in its body alone
	other bool     // any other change: a file new or gone, front matter, diagnostics
	named []string // the paths Changed was given (trust)
	list  *listing // the folders as the last load read them
}

// listing is what a load's walk of the site's folders found, by root
// folder ("content", "static"), in the walk's order: the files and folders
// it handed on (not those it skipped, such as .git).
type listing struct {
	roots map[string][]walked
	files map[string]bool // every file (not folder) listed
}

type walked struct {
	path string
	dir  bool
}

// listing returns the listing of the last load when it still stands: the
// caller named every change (Changed, not nil), and each named path in a
// walked folder is a file the listing holds and still a file (edited in
// place: none added, removed or replaced by a folder). Else nil, and the
// folders are read again.
func (c *Cache) listing(fsys fs.FS) *listing {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	l, trust, named := c.list, c.trust, c.named
	c.mu.Unlock()
	if l == nil || !trust {
		return nil
	}
	for _, p := range named {
		root, _, _ := strings.Cut(p, "/")
		if _, ok := l.roots[root]; !ok {
			continue // config.toml, layouts/…: not listed
		}
		if !l.files[p] {
			return nil
		}
		if fi, err := fs.Stat(fsys, p); err != nil || fi.IsDir() {
			return nil
		}
	}
	return l
}

// keepListing records what a load's walk found; nothing when the walk
// met an error (it is reported again by reading the folders again).
func (c *Cache) keepListing(roots map[string][]walked, failed bool) {
	if c == nil {
		return
	}
	var l *listing
	if !failed {
		l = &listing{roots: roots, files: map[string]bool{}}
		for _, ws := range roots {
			for _, w := range ws {
				if !w.dir {
					l.files[w.path] = true
				}
			}
		}
	}
	c.mu.Lock()
	c.list = l
	c.mu.Unlock()
}

// lockFile is the index lock file as last decoded.
type lockFile struct {
	src     []byte
	m       map[string]string
	removed map[string]string
	err     *diag.Diagnostic
}

type cachedDoc struct {
	sum   uint64          // hash of the file's bytes (maphash, the cache's seed)
	n     int             // their length
	src   []byte          // the bytes, kept only for files whose diagnostics need them (see KeepSources)
	doc   *model.Document // as parsed, before any later phase touched it
	diags []diag.Diagnostic
	size  int64
	mod   time.Time // zero: compare the content
	gen   int       // the last load that found the file (Cache.gen)
}

// Changed tells the cache, before a load, which site-relative files changed
// since the last one; nil means unknown, and every file is then read and
// compared with the cached bytes.
func (c *Cache) Changed(paths []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	// Files the last finished load did not find are gone (or became
	// another kind of file): forget them. (A build that stopped before or
	// during its load, at a configuration error say, found nothing.)
	for k, e := range c.m {
		if e.gen < c.done {
			delete(c.m, k)
		}
	}
	c.gen++
	c.edits, c.other = nil, false
	c.trust = paths != nil
	c.named = slices.Clone(paths)
	if !c.trust {
		for _, e := range c.m {
			e.mod = time.Time{}
		}
		return
	}
	named := make(map[string]bool, len(paths))
	for _, p := range paths {
		named[p] = true
	}
	for k, e := range c.m {
		// Keys are "path|bundle"; a named folder covers what is in it.
		// (Slicing, not path.Dir, which allocates: this is every file of
		// the site on every rebuild of serve.)
		for p := keyPath(k); p != ""; {
			if named[p] {
				e.mod = time.Time{}
				break
			}
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
		}
	}
}

// unchanged returns the cached document of p when the caller did not name
// it as changed and its size and time were recorded when it was last read
// (a file system without times, such as a test's, is always read). The
// file is not looked at: serve's watcher names every change, and a stat of
// each of 10,000 files took a third of a preview's rebuild. Otherwise it
// returns the file's state for the record, taken before it is read.
//
// The document returned is the cache's own (shared) unless it has
// attachments, which load adds to and resolve filters: the caller must not
// change a shared one (Result.Own copies them when resolve needs the model
// for itself).
func (c *Cache) unchanged(fsys fs.FS, key, p string, diags *diag.List) (d *model.Document, fi fs.FileInfo, ok, shared bool) {
	if c == nil {
		return nil, nil, false, false
	}
	c.mu.Lock()
	e := c.m[key]
	trust := c.trust
	c.mu.Unlock()
	if !trust || e == nil || e.mod.IsZero() {
		fi, err := fs.Stat(fsys, p)
		if err != nil {
			return nil, nil, false, false // readText reports it
		}
		return nil, fi, false, false
	}
	c.mu.Lock()
	e.gen = c.gen
	c.mu.Unlock()
	for _, d := range e.diags {
		diags.Add(d)
	}
	if e.doc == nil || e.doc.Bundle != "" || len(e.doc.Attachments) > 0 {
		return clone(e.doc), nil, true, false
	}
	return e.doc, nil, true, true
}

// Stale returns the content files (site-relative, sorted) whose size or
// modification time is no longer the one recorded when they were last read,
// or which are gone, and the files of the site's folders that are new or
// gone since the last load read the folders: changes a watcher did not
// report (the next load reads the folders again when it is told of one).
// Files whose time is not known are not listed. When ctx is done, Stale
// stops and returns what it found so far.
func (c *Cache) Stale(ctx context.Context, fsys fs.FS) []string {
	stale := c.staleFiles(ctx, fsys)
	c.mu.Lock()
	l := c.list
	c.mu.Unlock()
	if l == nil || ctx.Err() != nil {
		return stale
	}
	seen := make(map[string]bool, len(l.files))
	n := 0
	for _, root := range slices.Sorted(maps.Keys(l.roots)) {
		walkFolder(fsys, root, func(p string, isDir bool) bool {
			if !isDir {
				seen[p] = true
				if !l.files[p] {
					stale = append(stale, p) // new
				}
			}
			// Look at ctx before each folder is read (one of 100,000
			// files takes a while) and every 256 files.
			n++
			return (!isDir && n%256 != 0) || ctx.Err() == nil
		}, func(string, error) {})
	}
	if ctx.Err() == nil {
		for p := range l.files {
			if !seen[p] {
				stale = append(stale, p) // gone
			}
		}
	}
	slices.Sort(stale)
	return slices.Compact(stale)
}

func (c *Cache) staleFiles(ctx context.Context, fsys fs.FS) []string {
	if c == nil {
		return nil
	}
	type rec struct {
		size int64
		mod  time.Time
	}
	c.mu.Lock()
	recs := make(map[string]rec, len(c.m))
	for k, e := range c.m {
		if !e.mod.IsZero() {
			recs[keyPath(k)] = rec{e.size, e.mod}
		}
	}
	c.mu.Unlock()
	var stale []string
	n := 0
	for p, r := range recs {
		if n++; n%256 == 0 && ctx.Err() != nil {
			break
		}
		if fi, err := fs.Stat(fsys, p); err != nil || fi.Size() != r.size || !fi.ModTime().Equal(r.mod) {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	return stale
}

// finished records that the current load read every file.
func (c *Cache) finished() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.done = c.gen
	for _, e := range c.m {
		if e.gen != c.gen {
			c.other = true // a file gone (or unreadable)
			break
		}
	}
	c.mu.Unlock()
}

// Generation numbers the loads: Changed starts the next.
func (c *Cache) Generation() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// BodyEdits reports, after a load, the documents (their source paths,
// sorted) whose files changed in their Markdown body alone — front matter,
// load diagnostics and everything parsed from it the same — and whether
// that was the load's only change (no file new or gone, no other document
// changed). Files not parsed by the cache (TOML records, attachments) are
// not covered.
func (c *Cache) BodyEdits() (docs []string, only bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.other || c.done != c.gen {
		return nil, false
	}
	for _, k := range c.edits {
		docs = append(docs, keyPath(k))
	}
	slices.Sort(docs)
	return docs, true
}

// keyPath is the file path of a cache key ("path|bundle").
func keyPath(k string) string { return k[:strings.LastIndexByte(k, '|')] }

// sameButBody reports whether two parses of a document file differ at most
// in the body.
func sameButBody(a, b *model.Document) bool {
	x, y := *a, *b
	x.Body, x.BodySum, x.BodyLen = nil, 0, 0
	y.Body, y.BodySum, y.BodyLen = nil, 0, 0
	return reflect.DeepEqual(&x, &y)
}

// Source returns the bytes of the content file p as the current load read
// them (or found them unchanged), if it is a document the cache holds: the
// build's diagnostics take their context lines from them without reading
// the file again.
func (c *Cache) Source(p string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, bundle := range []string{"|false", "|true"} {
		if e := c.m[p+bundle]; e != nil && e.gen == c.gen && e.src != nil {
			return e.src, true
		}
	}
	return nil, false
}

// KeepSources keeps the bytes of the files named (those the last build's
// diagnostics quote) for the next Source, and lets go of the others': a
// site's sources are as large as its pages, and mostly no diagnostic
// quotes them. A file not kept is read again if a later diagnostic needs
// it.
func (c *Cache) KeepSources(files []string) {
	if c == nil {
		return
	}
	keep := make(map[string]bool, len(files))
	for _, f := range files {
		keep[f] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if !keep[keyPath(k)] {
			e.src = nil
		}
	}
}

// load returns the document at p from the cache when src is unchanged, else
// parses it with parse and caches the result.
// fi, when not nil, is the file's state before it was read, recorded so
// that the next load can skip reading it.
func (c *Cache) load(p string, src []byte, fi fs.FileInfo, diags *diag.List, parse func(*diag.List) *model.Document) *model.Document {
	if c == nil {
		return parse(diags)
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*cachedDoc{}
		c.seed = maphash.MakeSeed()
	}
	e := c.m[p]
	seed := c.seed
	c.mu.Unlock()
	sum := maphash.Bytes(seed, src)
	if e != nil && e.n == len(src) && e.sum == sum {
		for _, d := range e.diags {
			diags.Add(d)
		}
		c.mu.Lock()
		e.gen = c.gen
		if e.src == nil {
			e.src = src // for this build's diagnostics
		}
		if fi != nil {
			e.size, e.mod = fi.Size(), fi.ModTime()
		}
		c.mu.Unlock()
		return clone(e.doc)
	}
	local := &diag.List{}
	d := parse(local)
	ds := local.Sorted()
	for _, x := range ds {
		diags.Add(x)
	}
	bodyOnly := e != nil && d != nil && e.doc != nil && sameButBody(e.doc, d) && reflect.DeepEqual(e.diags, ds)
	c.mu.Lock()
	if bodyOnly {
		c.edits = append(c.edits, p)
	} else {
		c.other = true
	}
	var keep *model.Document
	if d != nil {
		// Without its body: the cache would hold every file of the site
		// (the site's Bodies reads one again where a phase needs it).
		keep = clone(d)
		keep.Body = nil
	}
	ce := &cachedDoc{sum: sum, n: len(src), src: src, doc: keep, diags: ds, gen: c.gen}
	if fi != nil {
		ce.size, ce.mod = fi.Size(), fi.ModTime()
	}
	c.m[p] = ce
	c.mu.Unlock()
	return d
}

// clone copies a freshly parsed document: later phases write derived fields
// and filter Attachments in place, which must not reach the cached copy.
func clone(d *model.Document) *model.Document {
	if d == nil {
		return nil
	}
	c := *d
	c.Attachments = append([]model.Attachment(nil), d.Attachments...)
	return &c
}
