package resolve

import (
	"hash/maphash"
	"runtime"

	"sync"
	"sync/atomic"
	"unsafe"

	"gongkai/generator/cndate"
	"gongkai/generator/docno"
	"gongkai/generator/markdown"
	"gongkai/generator/model"
	"gongkai/generator/tasks"
)

// facts are what the resolver reads from one document's text: the numbers
// and titles it cites, its task attributions and its validity clauses. They
// depend on the document alone, so they are found in parallel, before the
// sequential steps that link documents together.
type facts struct {
	numbers []docno.Match
	titles  []string
	tasks   []tasks.Task
	clauses []cndate.Clause
	at      [][2]int // where each clause is in the body: line, column

	// Derived by the task step (records.go) and kept with the facts, so
	// that a rebuild redoes them only for a changed body: the tasks'
	// strings unescaped (not views of the body), and their ids for the
	// document key idKey.
	strs  []taskStrings
	idKey string
	ids   []string
	// The tasks' units in canonical form, for the [units] aliases unitsKey.
	units    []taskUnits
	unitsKey string
	unitHits []int32 // the aliases of unitsKey that the tasks' units matched
	// The cited numbers' keys and normal forms, and their titles (copies).
	cites []citeFact
}

type citeFact struct{ key, number, title string }

type taskUnits struct{ lead, coop, resp []string }

type taskStrings struct {
	item, title, text, deadline string
	sum                         uint64 // of the four (model.Task.TextSum)
}

// textSeed seeds taskStrings.sum: the sums are compared only within one
// process.
var textSeed = maphash.MakeSeed()

func newTaskStrings(item, title, text, deadline string) taskStrings {
	var h maphash.Hash
	h.SetSeed(textSeed)
	for _, s := range [...]string{item, title, text, deadline} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	return taskStrings{item, title, text, deadline, h.Sum64() | 1}
}

// FactCache keeps facts between builds (serve): an unchanged body is not
// scanned again. Entries are per document file, so each document's facts
// are its own (the task step writes to them). Each build keeps only the
// entries it used, so the cache never holds more than one site's facts.
// It is safe for concurrent use.
type FactCache struct {
	mu   sync.Mutex
	m    map[string]factEntry // entries of the last build, by source path
	used map[string]factEntry // entries of the build in progress
	// Parsed 发文字号 of the front matter, by the string written, of the
	// last build and of this one (used by the resolver's one goroutine).
	nos, usedNos map[string]parsedNo
}

type parsedNo struct {
	no  docno.Number
	err error
}

// parseNo parses a front matter 发文字号, through the cache when there is one.
func (c *FactCache) parseNo(s string) (docno.Number, error) {
	if c == nil {
		return docno.Parse(s)
	}
	p, ok := c.nos[s]
	if !ok {
		p.no, p.err = docno.Parse(s)
	}
	if c.usedNos == nil {
		c.usedNos = map[string]parsedNo{}
	}
	c.usedNos[s] = p
	return p.no, p.err
}

// endNos keeps the numbers this build parsed for the next one.
func (c *FactCache) endNos() {
	if c != nil {
		c.nos, c.usedNos = c.usedNos, nil
	}
}

// factEntry is what the facts depend on: the kind, the year (task deadlines
// without a year) and the body.
type factEntry struct {
	kind model.Kind
	year int
	sum  uint64 // the body's hash and length (model.Document.BodySum, BodyLen)
	n    int
	f    *facts
}

func (c *FactCache) get(d *model.Document) *facts {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[d.Source]
	if !ok || e.kind != d.Kind || e.year != d.Year || e.sum != d.BodySum || e.n != d.BodyLen {
		return nil
	}
	c.used[d.Source] = e
	return e.f
}

func (c *FactCache) put(d *model.Document, f *facts) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.used[d.Source] = factEntry{d.Kind, d.Year, d.BodySum, d.BodyLen, f}
	c.mu.Unlock()
}

func (c *FactCache) begin() {
	if c != nil {
		c.mu.Lock()
		c.used = map[string]factEntry{}
		c.mu.Unlock()
	}
}

func (c *FactCache) end() {
	if c != nil {
		c.mu.Lock()
		c.m, c.used = c.used, nil
		c.mu.Unlock()
	}
}

// detach copies every string of f that is a view of the body.
func (f *facts) detach() *facts {
	// Every string is copied into one array of the document's, in two
	// passes (measure, then copy): a document's facts are a hundred
	// strings or more, and one allocation instead of one each spares the
	// collector some 1.3 million objects at 10,000 documents. The strings
	// live as long as the document's facts and tasks do, and so does the
	// array.
	n := 0
	f.strings(func(s *string) { n += len(*s) })
	buf := make([]byte, 0, n)
	f.strings(func(s *string) {
		if len(*s) == 0 {
			*s = ""
			return
		}
		start := len(buf)
		buf = append(buf, *s...)
		*s = unsafe.String(&buf[start], len(*s))
	})
	return f
}

// strings calls fn for every string of the facts that may be a view of the
// body.
func (f *facts) strings(fn func(*string)) {
	for i := range f.numbers {
		m := &f.numbers[i]
		fn(&m.Title)
		fn(&m.Number.Agency)
		fn(&m.Number.Hao)
	}
	for i := range f.titles {
		fn(&f.titles[i])
	}
	all := func(ss []string) {
		for i := range ss {
			fn(&ss[i])
		}
	}
	for i := range f.tasks {
		t := &f.tasks[i]
		fn(&t.Item)
		fn(&t.Title)
		fn(&t.Text)
		fn(&t.DeadlineText)
		all(t.Lead)
		all(t.Coop)
		all(t.Resp)
	}
	for i := range f.clauses {
		fn(&f.clauses[i].Text) // Kind and Relative are constants
	}
}

// findFacts reads the facts of d's body b; year is the document's year
// (see docYear).
func findFacts(d *model.Document, b []byte, year int) *facts {
	// Code and HTML comments are not read (the page does not link them):
	// blanked in a copy when the body has any, offsets kept.
	b = markdown.MaskCode(b)
	// A view of the body, not a copy: everything kept from the results is
	// cloned by the resolver, so nothing here pins the body.
	body := unsafe.String(unsafe.SliceData(b), len(b))
	f := &facts{numbers: docno.Find(body), titles: quotedTitles(body)}
	if d.Kind == model.KindPolicy {
		f.tasks = tasks.Extract(body, year)
		f.clauses = cndate.FindValidity(body)
		for _, c := range f.clauses {
			line, col := cndate.Line(body, c.Start)
			f.at = append(f.at, [2]int{line, col})
		}
	}
	return f
}

// docYear is the year a document is filed under: of its signing, else of
// its publication.
func docYear(d *model.Document) int {
	if d.Signed != 0 {
		return d.Signed.Year()
	}
	return d.Published.Year()
}

// Facts are what the resolver reads from one document's body. A one-off
// build takes them while the body is at hand as the file is loaded
// (FindFacts), so that the resolver need not read the body again; Resolve
// takes them in pre.
type Facts struct{ f *facts }

// FindFacts reads the facts of d's body; the result holds no view of body.
func FindFacts(d *model.Document, body []byte) Facts {
	return Facts{findFacts(d, body, docYear(d)).detach()}
}

// gatherFacts finds the facts of every published document with one worker
// per core.
func (r *resolver) gatherFacts() {
	docs := r.site.Documents
	out := make([]*facts, len(docs))
	r.cache.begin()
	defer r.cache.end()
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				d := docs[i]
				var f *facts
				if p, ok := r.pre[d]; ok && p.f != nil {
					f = p.f
				} else if f = r.cache.get(d); f == nil {
					body, err := r.site.BodyOf(d)
					// Copy what the facts keep of the body, so that it can
					// go (serve's caches keep no body).
					f = findFacts(d, body, d.Year).detach()
					if err != nil {
						r.diags.Errorf(model.Pos{File: d.Source}, "保存好文件后重新构建", "%v", err)
					} else {
						r.cache.put(d, f) // not the facts of a body that could not be read
					}
				}
				out[i] = f
			}
		}()
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	r.facts = make(map[*model.Document]*facts, len(docs))
	for i, d := range docs {
		r.facts[d] = out[i]
	}
}

// parallelFor calls f(0…n-1), spread over one goroutine per core.
func parallelFor(n int, f func(i int)) {
	parallelForW(n, runtime.GOMAXPROCS(0), func(_, i int) { f(i) })
}

// parallelForW calls f(w, 0…n-1) from at most workers goroutines; w, below
// workers, tells which goroutine calls, for state of its own.
func parallelForW(n, workers int, f func(w, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(w, i)
			}
		}()
	}
	wg.Wait()
}
