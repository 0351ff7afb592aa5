package render

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"maps"
	"reflect"
	"runtime"
	"sort"
	"sync"

	"gongkai/generator/diag"
	"gongkai/generator/model"
	"gongkai/generator/publish"
	"gongkai/generator/search"
)

// Memo keeps document pages between renders (serve). A page is reused when
// its fingerprint — every value the page shows, the document's own text and
// front matter and what the resolve phase derived for it (tag, citations in
// both directions, interpretations, tasks) — and the site-wide fingerprint
// (configuration, as-of date) and the page's layouts (its own, base.html,
// partials.html) are unchanged. Reuse skips Markdown,
// the template and the page's text extraction; the output is the same bytes
// a fresh render would give. Each render keeps only the entries it used.
type Memo struct {
	mu     sync.Mutex
	seed   maphash.Seed
	seeded bool
	site   uint64
	m      map[string]*memoPage
	used   map[string]*memoPage
	hits   [2]int // document pages, other pages
	// Index is the search index written after the last render, patched
	// after the next (search.Memo): it sits here because the pages'
	// texts it reads again are the memo's.
	Index search.Memo
	// pubSite and pubSums are the site fingerprint and the layouts' hashes
	// (Templates.sums) of the last render whose pages were published (see
	// Published); nextSite and nextSums, those of the current render.
	pubSite, nextSite uint64
	pubSums, nextSums map[string]uint64
	// orderSum and order are the search ids' order of the last render
	// (Renderer.urlOrder): a hash of every document's URL and title, in
	// the site's order, and the indexes into the site's documents sorted.
	orderSum uint64
	order    []int32
	// orderSite is the site model the order was last taken for, and
	// titlesSite the one titles was made from: serve keeps the model
	// between builds whose edits touch bodies alone (resolve.Memo), and
	// the same model has the same URLs and titles, so they need not be
	// hashed or gathered again (a pass over every document of a large
	// site on each edit).
	orderSite, titlesSite *model.Site
	titles                map[string]*model.Document
}

// sortedOrder returns the order kept for documents whose keys hash to
// sum, or nil.
func (m *Memo) sortedOrder(sum uint64, n int) []int32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.order == nil || m.orderSum != sum || len(m.order) != n {
		return nil
	}
	return m.order
}

func (m *Memo) keepOrder(sum uint64, order []int32, site *model.Site) {
	m.mu.Lock()
	m.orderSum, m.order, m.orderSite = sum, order, site
	m.mu.Unlock()
}

// orderOf returns the order kept for the same site model, or nil.
func (m *Memo) orderOf(site *model.Site) []int32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.orderSite != site || len(m.order) != len(site.Documents) {
		return nil
	}
	return m.order
}

// titlesOf returns the titles map made for the same site model, else one
// made by build, kept for the next render.
func (m *Memo) titlesOf(site *model.Site, build func() map[string]*model.Document) map[string]*model.Document {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.titlesSite != site || m.titles == nil {
		m.titles, m.titlesSite = build(), site
	}
	return m.titles
}

// samePublished notes the site fingerprint and layouts of this render and
// reports whether they are those of the pages last published. A render
// given up, or one whose build failed or stopped because a file changed
// under it, leaves them unpublished: pages made with a new configuration,
// date or layout must not be shown early among pages made with the old
// ones (earlyPages).
func (m *Memo) samePublished(site uint64, sums map[string]uint64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.nextSite, m.nextSums = site, sums
	return m.pubSums != nil && m.pubSite == site && maps.Equal(m.pubSums, sums)
}

// Published records that the pages of the last render are now the ones
// served (serve calls it after a successful build).
func (m *Memo) Published() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.nextSums != nil {
		m.pubSite, m.pubSums = m.nextSite, m.nextSums
	}
}

// Hits returns how many document pages and other pages the last render
// reused.
func (m *Memo) Hits() (docs, pages int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits[0], m.hits[1]
}

type memoPage struct {
	fp      uint64
	file    publish.File // the file as written: a page packed in serve (see keep), a list export plain
	text    publish.File // plain text for the search index (packed with the page)
	textSum uint64       // its hash (search.Doc.Sum)
	summary string
	links   []pendingLink
	found   []diag.Diagnostic // personal data found in the page's text (checkShownText)
	rows    map[uint64][2]int // a list export's rows: key → span of file (memoList)
}

// seedOrNew returns the memo's hash seed, making it on first use.
func (m *Memo) seedOrNew() maphash.Seed {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.seeded {
		m.seed, m.seeded = maphash.MakeSeed(), true
	}
	return m.seed
}

// begin starts a render with the site-wide fingerprint site; it reports
// whether the entries of the last render were kept (the fingerprint is
// unchanged).
func (m *Memo) begin(site uint64) (kept bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.site != site {
		m.m = nil // the configuration or the date changed: nothing can be reused
	}
	kept = m.m != nil
	m.site = site
	m.used = map[string]*memoPage{}
	m.hits = [2]int{}
	return kept
}

func (m *Memo) end() {
	m.mu.Lock()
	m.m, m.used = m.used, nil
	m.mu.Unlock()
}

// get returns the entry of path if its fingerprint is fp; doc tells which
// counter a hit goes to.
func (m *Memo) get(path string, fp uint64, doc bool) *memoPage {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e := m.m[path]; e != nil && e.fp == fp {
		m.used[path] = e
		if doc {
			m.hits[0]++
		} else {
			m.hits[1]++
		}
		return e
	}
	return nil
}

// holds reports whether the memo has path's entry with fingerprint fp,
// without using it.
func (m *Memo) holds(path string, fp uint64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.m[path]
	return e != nil && e.fp == fp
}

// previous returns the previous render's entry of path whatever its
// fingerprint (nil when none).
func (m *Memo) previous(path string) *memoPage {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.m[path]
}

// span is where the row of key k lies in the entry's html (memoList).
func (e *memoPage) span(k uint64) ([2]int, bool) {
	if e == nil || k == 0 {
		return [2]int{}, false
	}
	s, ok := e.rows[k]
	return s, ok
}

// usedFP is the fingerprint of the entry this render used or made for
// path (0 when none).
func (m *Memo) usedFP(path string) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e := m.used[path]; e != nil {
		return e.fp
	}
	return 0
}

func (m *Memo) put(path string, e *memoPage) {
	m.mu.Lock()
	m.used[path] = e
	m.mu.Unlock()
}

// fingerprint hashes what a document's page shows.
type fingerprint struct{ h maphash.Hash }

func (f *fingerprint) s(ss ...string) {
	for _, s := range ss {
		f.h.WriteString(s)
		f.h.WriteByte(0)
	}
}

func (f *fingerprint) i(xs ...int64) {
	var b [8]byte
	for _, x := range xs {
		binary.LittleEndian.PutUint64(b[:], uint64(x))
		f.h.Write(b[:])
	}
}

func (f *fingerprint) ref(d *model.Document) {
	if d == nil {
		f.s("-")
		return
	}
	f.s(d.URL, d.Title, d.DocNo, string(d.Status.Tag), d.Form)
}

func (r *Renderer) docFingerprint(d *model.Document) uint64 {
	m := r.opt.Memo
	var f fingerprint
	f.h.SetSeed(m.seedOrNew())
	f.s(d.Source, string(d.Kind), d.URL, d.Title, d.DocNo, d.IndexNo, d.Topic, d.Category, d.Summary, d.Form, d.SourceName, d.Script)
	// The body by the hash taken when it was loaded (the memo's
	// fingerprints are 64-bit hashes too), not hashed again on each build.
	f.i(int64(d.BodySum), int64(d.BodyLen))
	f.s(d.Organs...)
	f.s(d.Keywords...)
	f.s(d.AllowPII...) // the page's text is checked against them (checkShownText)
	f.i(int64(d.Signed), int64(d.Published), int64(d.Effective), int64(d.Expires), int64(d.ValidYears), int64(d.BodyLine), int64(d.Year))
	for _, a := range d.Attachments {
		f.s(a.Name, a.Title, a.URL, a.Type)
		f.i(a.Size)
	}
	st := d.Status
	f.s(string(st.Tag), st.Reason, string(st.Next))
	f.i(int64(st.Since), int64(st.NextDate), int64(len(st.By)))
	for _, b := range st.By {
		f.ref(b)
	}
	f.i(int64(len(d.Cites)))
	for _, c := range d.Cites {
		f.s(c.Key, c.Number, c.Title)
		f.ref(c.Target)
	}
	f.i(int64(len(d.CitedBy)))
	for _, c := range d.CitedBy {
		f.ref(c)
	}
	f.i(int64(len(d.Interpretations)))
	for _, c := range d.Interpretations {
		f.ref(c)
	}
	f.ref(d.InterpretsDoc)
	f.i(int64(len(d.Tasks)))
	for _, t := range d.Tasks {
		f.i(int64(r.taskFP[t.Seq]))
	}
	if docDate(d) == 0 {
		f.i(int64(r.newestDate())) // its PubDate (see newestDate)
	}
	return r.withLayout("document", f.h.Sum64())
}

// taskFingerprints fingerprints every task once per render (with a Memo),
// in parallel: unit pages and the task exports hash these instead of the
// tasks' text.
func (r *Renderer) taskFingerprints() {
	m := r.opt.Memo
	if m == nil {
		return
	}
	ts := r.site.Tasks
	fps := make([]uint64, len(ts))
	seed := m.seedOrNew()
	strided(len(ts), func() func(int) {
		var f fingerprint
		f.h.SetSeed(seed)
		return func(i int) { fps[i] = f.taskSum(ts[i]) }
	})
	r.taskFP = fps // ts[i].Seq == i
}

// taskFingerprintsOf fingerprints only the tasks of the documents ids of
// order (those an edit changed: their pages come first); the others stay
// 0 until taskFingerprints.
func (r *Renderer) taskFingerprintsOf(order []*model.Document, ids []int) {
	r.taskFP = make([]uint64, len(r.site.Tasks))
	var f fingerprint
	f.h.SetSeed(r.opt.Memo.seedOrNew())
	for _, id := range ids {
		for _, t := range order[id].Tasks {
			r.taskFP[t.Seq] = f.taskSum(t)
		}
	}
}

// taskSum is a task's fingerprint: its document's address, number, title
// and script, and every field of its own that a page or an export shows.
func (f *fingerprint) taskSum(t *model.Task) uint64 {
	f.h.Reset()
	f.s(t.Doc.URL, t.Doc.DocNo, t.Doc.Title, t.Doc.Script) // the script: rows carry its lang
	f.task(t)
	return f.h.Sum64()
}

// strided calls a worker function for every i in [0, n), on GOMAXPROCS
// workers, worker w taking w, w+workers, …; newWorker makes each worker's
// function, with state of its own.
func strided(n int, newWorker func() func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		each := newWorker()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				each(i)
			}
		}()
	}
	wg.Wait()
}

// unitPageFP fingerprints page n of a unit's task pages from what the page
// is made of, before its rows are built: the unit, the page's place in the
// list, the summary, the breadcrumbs, and its tasks (each task's
// fingerprint covers every field a row shows, its units included, from
// which the row's role is read).
func (r *Renderer) unitPageFP(unit, summary string, list []*model.Task, n, total int, crumbs []Crumb) uint64 {
	var f fingerprint
	f.h.SetSeed(r.opt.Memo.seedOrNew())
	f.s("unit-page", unit, summary)
	f.i(int64(n), int64(total), int64(len(list)))
	for _, c := range crumbs {
		f.s(c.Title, c.URL)
	}
	lo, hi := (n-1)*tasksPerPage, min(n*tasksPerPage, len(list))
	for _, t := range list[lo:hi] {
		f.i(int64(r.taskFP[t.Seq]))
	}
	f.i(int64(r.newestDate())) // its PubDate
	return r.withLayout("tasks", f.h.Sum64())
}

// task hashes every field of a task that a page or an export shows.
func (f *fingerprint) task(t *model.Task) {
	if t.TextSum != 0 {
		// The text fields by the hash kept with the task (serve).
		f.i(int64(t.TextSum))
		f.s(t.ID, t.Requirement(), t.Carrier(), t.Period.String(), t.Status)
	} else {
		f.s(t.ID, t.Item, t.Title, t.Text, t.Requirement(), t.Carrier(), t.DeadlineText, t.Period.String(), t.Status)
	}
	f.s(t.Lead()...)
	f.s("|")
	f.s(t.Coop()...)
	f.s("|")
	f.s(t.Resp()...)
	f.i(int64(t.Deadline))
	if t.Overdue {
		f.s("overdue")
	}
	if p := t.Progress; p != nil {
		f.s("progress")
		for _, n := range p.Log {
			f.i(int64(n.Date))
			f.s(n.Text)
		}
		f.s("|")
		for _, l := range p.Evidence {
			f.s(l.Title, l.URL)
		}
	}
}

// pageFingerprint hashes the data of a page other than a document page: the
// page's own fields and everything reachable from them. Documents reached
// from a listing are hashed by what a listing shows of them (they are pages
// of their own); the site-wide fields are covered by the site fingerprint.
func (m *Memo) pageFingerprint(kind string, p *Page) uint64 {
	var f fingerprint
	f.h.SetSeed(m.seedOrNew())
	f.s(kind)
	seen := map[uintptr]bool{}
	f.value(reflect.ValueOf(p).Elem(), seen, 0)
	return f.h.Sum64()
}

var (
	docType  = reflect.TypeOf((*model.Document)(nil))
	siteType = reflect.TypeOf((*SiteInfo)(nil))
)

func (f *fingerprint) value(v reflect.Value, seen map[uintptr]bool, depth int) {
	if depth > 12 {
		f.s("…")
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		f.s("nil")
	case reflect.String:
		f.s(v.String())
	case reflect.Bool:
		if v.Bool() {
			f.s("t")
		} else {
			f.s("f")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.i(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.i(int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		f.s(fmt.Sprint(v.Float()))
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			f.h.Write(v.Bytes())
			return
		}
		f.i(int64(v.Len()))
		for i := 0; i < v.Len(); i++ {
			f.value(v.Index(i), seen, depth+1)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		f.i(int64(len(keys)))
		for _, k := range keys {
			f.value(k, seen, depth+1)
			f.value(v.MapIndex(k), seen, depth+1)
		}
	case reflect.Interface:
		if v.IsNil() {
			f.s("nil")
			return
		}
		f.s(v.Elem().Type().String())
		f.value(v.Elem(), seen, depth+1)
	case reflect.Pointer:
		switch {
		case v.IsNil():
			f.s("nil")
		case v.Type() == siteType:
			// covered by the site fingerprint
		case v.Type() == docType:
			d := v.Interface().(*model.Document)
			f.s(d.URL, d.Title, d.DocNo, string(d.Kind), string(d.Status.Tag), d.Status.Reason, d.Form, d.SourceName, d.IndexNo, d.Topic, d.Script)
			f.s(d.Organs...)
			f.i(int64(d.Published), int64(d.Signed), int64(d.Year))
		default:
			if seen[v.Pointer()] {
				f.s("↺")
				return
			}
			seen[v.Pointer()] = true
			f.value(v.Elem(), seen, depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			f.value(v.Field(i), seen, depth+1)
		}
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		// not data a template prints
	}
}
