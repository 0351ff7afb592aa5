package generator

import (
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"gongkai/generator/cndate"
	"gongkai/generator/diag"
	"gongkai/generator/model"
	"gongkai/generator/pii"
	"gongkai/generator/resolve"
)

// scan checks all published text and metadata for unmasked personal data
// before anything is written. A hit is an error naming the masked form to
// use; a document may allow exact strings with allow_pii.
// cache, when not nil, keeps each document's findings between builds;
// found, when not nil, holds the findings in the bodies taken at load
// (prepare).
func scan(site *model.Site, diags *diag.List, cache *ScanCache, found map[*model.Document][]diag.Diagnostic) {
	cache.begin()
	defer cache.end()
	// What was found before (at load, or in an earlier build of serve's)
	// is taken in one pass, without handing each document to a worker:
	// a rebuild after an edit scans one document of thousands.
	var todo []*model.Document
	for _, d := range site.Documents {
		pre, ok := found[d]
		if !ok && cache != nil {
			pre = cache.get(d)
			ok = pre != nil
		}
		if !ok {
			todo = append(todo, d)
			continue
		}
		for _, x := range pre {
			diags.Add(x)
		}
	}
	var wg sync.WaitGroup
	next := make(chan *model.Document, 64)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				if cache == nil {
					scanDoc(d, site.BodyOf, diags)
					continue
				}
				local := &diag.List{}
				read := scanDoc(d, site.BodyOf, local)
				found := local.Sorted()
				if read {
					cache.put(d, found) // not the findings of a body that could not be read
				}
				for _, x := range found {
					diags.Add(x)
				}
			}
		}()
	}
	for _, d := range todo {
		next <- d
	}
	close(next)
	wg.Wait()
	scanRecords(site, diags)
}

// ScanCache keeps what scan found in each document between builds (serve),
// so that an unchanged document is not scanned again. The findings depend
// on the body, the title, the summary, allow_pii and their positions; the
// entry is reused only when all of them are unchanged. Each build keeps the
// entries it used: they are marked with the build's number, and the others
// dropped at its end (one map, one lookup per document: at 100,000
// documents a second map written on every rebuild of serve cost 40 ms).
type ScanCache struct {
	mu   sync.Mutex
	m    map[string]*scanEntry
	gen  int // the current build
	kept int // entries marked by it
}

// The positions of the title and the summary are fixed by the front
// matter and the body's line (model.Document.HeadSum): comparing the hash
// spares reading each document's key positions (KeyLines), a cache miss
// apiece that cost a rebuild of serve 0.2 s at 100,000 documents.
type scanEntry struct {
	bodySum        uint64 // model.Document.BodySum
	headSum        uint64 // model.Document.HeadSum
	bodyLen        int
	title, summary string
	allow          []string
	bodyLine       int
	found          []diag.Diagnostic
	gen            int // the last build that used it
}

func newScanEntry(d *model.Document, found []diag.Diagnostic) scanEntry {
	return scanEntry{d.BodySum, d.HeadSum, d.BodyLen, d.Title, d.Summary, d.AllowPII, d.BodyLine, found, 0}
}

func (c *ScanCache) begin() {
	if c != nil {
		c.gen++
		c.kept = 0
		if c.m == nil {
			c.m = map[string]*scanEntry{}
		}
	}
}

func (c *ScanCache) end() {
	if c == nil || c.kept == len(c.m) {
		return
	}
	for k, e := range c.m {
		if e.gen != c.gen {
			delete(c.m, k)
		}
	}
}

func (c *ScanCache) get(d *model.Document) []diag.Diagnostic {
	now := newScanEntry(d, nil)
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[d.Source]
	if !ok {
		return nil
	}
	if e.bodySum != now.bodySum || e.headSum != now.headSum || e.bodyLen != now.bodyLen || e.title != now.title || e.summary != now.summary ||
		!slices.Equal(e.allow, now.allow) || e.bodyLine != now.bodyLine {
		return nil
	}
	if e.gen != c.gen {
		e.gen = c.gen
		c.kept++
	}
	if e.found == nil {
		return []diag.Diagnostic{} // scanned, nothing found
	}
	return e.found
}

func (c *ScanCache) put(d *model.Document, found []diag.Diagnostic) {
	e := newScanEntry(d, found)
	c.mu.Lock()
	e.gen = c.gen
	if old, ok := c.m[d.Source]; !ok || old.gen != c.gen {
		c.kept++
	}
	c.m[d.Source] = &e
	c.mu.Unlock()
}

// scanDoc checks one document's body and metadata; it reports whether the
// body could be read.
func scanDoc(d *model.Document, bodyOf func(*model.Document) ([]byte, error), diags *diag.List) (read bool) {
	allowed := map[string]bool{}
	for _, a := range d.AllowPII {
		allowed[a] = true
	}
	check := func(hits []pii.Hit, pos func(offset int) model.Pos) {
		for _, h := range hits {
			if allowed[h.Text] {
				continue
			}
			diags.Errorf(pos(h.Start), "公开内容不得含有未遮蔽的个人信息：改写为 "+h.Masked+"；若确非个人信息，在前言中写 allow_pii = [\""+h.Text+"\"]",
				"发现未遮蔽的%s %s", h.Kind, h.Text)
		}
	}
	b, err := bodyOf(d)
	if err != nil {
		diags.Errorf(model.Pos{File: d.Source}, "保存好文件后重新构建", "%v", err)
	}
	// A view, not a copy: the body is not changed while it is scanned, and
	// nothing found keeps it (messages copy what they quote).
	body := unsafe.String(unsafe.SliceData(b), len(b))
	at := func(off int) model.Pos {
		line, col := cndate.Line(body, off)
		return model.Pos{File: d.Source, Line: d.BodyLine + line - 1, Col: col}
	}
	check(pii.Scan(body), at)
	// What the source writes in pieces (across lines, in emphasis, as
	// character references) pages, summaries and the index show whole.
	check(pii.ScanMarkup(body), at)
	for _, f := range publishedFields(d) {
		check(pii.Scan(f.val), func(int) model.Pos { return d.KeyPos(f.key) })
	}
	return err == nil
}

type field struct{ key, val string }

// publishedFields are the front-matter values a document's pages, listings,
// feeds and exports show (its body aside). The 发文字号 and 索引号 are
// checked by their own patterns.
func publishedFields(d *model.Document) []field {
	fs := []field{{"title", d.Title}, {"summary", d.Summary}, {"topic", d.Topic}, {"category", d.Category},
		{"form", d.Form}, {"source", d.SourceName}}
	for _, o := range d.Organs {
		fs = append(fs, field{"organ", o})
	}
	for _, k := range d.Keywords {
		fs = append(fs, field{"keywords", k})
	}
	return fs
}

func scanRecords(site *model.Site, diags *diag.List) {
	for _, c := range site.Credit {
		// The id too: it is the record's address (/credit/ID/).
		for _, f := range []field{{"id", c.ID}, {"subject", c.Subject}, {"behaviour", c.Behaviour}, {"basis", c.Basis}, {"organ", c.Organ}} {
			eachHit([]string{f.val}, pii.Scan, c.AllowPII, func(h pii.Hit) {
				diags.Errorf(c.KeyPos(f.key), allowFix(h), "失信记录 %s 中发现未遮蔽的%s %s", c.ID, h.Kind, h.Text)
			})
		}
	}
	for _, c := range site.Commitments {
		fs := []field{{"id", c.ID}, {"content", c.Content}, {"subject", c.Subject}}
		for _, t := range linkTitles(c.Evidence) {
			fs = append(fs, field{"evidence", t})
		}
		for _, f := range fs {
			eachHit([]string{f.val}, pii.Scan, c.AllowPII, func(h pii.Hit) {
				diags.Errorf(c.KeyPos(f.key), allowFix(h), "承诺 %s 中发现未遮蔽的%s %s", c.ID, h.Kind, h.Text)
			})
		}
	}
	for _, d := range site.Documents {
		// An attachment's name and title are shown and its name is
		// its address; allow_pii of the document applies.
		for _, a := range d.Attachments {
			eachHit([]string{a.Name, a.Title}, pii.Scan, d.AllowPII, func(h pii.Hit) {
				diags.Errorf(model.Pos{File: a.Source}, h.Fix()+"（改文件名或附件标题）；若确非个人信息，在前言中写 allow_pii = [\""+h.Text+"\"]",
					"附件 %s 的名称或标题中发现未遮蔽的%s %s", a.Name, h.Kind, h.Text)
			})
		}
	}
	for _, t := range site.Tasks {
		if t.Table != nil {
			// A task table's row is text of its own (a task found in a
			// policy text was checked with the body).
			eachHit(append([]string{t.Title, t.Text, t.DeadlineText, t.Table.Requirement, t.Table.Carrier}, t.Units...), pii.ScanNumbers, t.Table.AllowPII, func(h pii.Hit) {
				diags.Errorf(t.Pos(), allowFix(h), "任务表中发现未遮蔽的%s %s", h.Kind, h.Text)
			})
		}
		p := t.Progress
		if p == nil {
			continue
		}
		texts := linkTitles(p.Evidence)
		for _, n := range p.Log {
			texts = append(texts, n.Text)
		}
		// Numbers only: an office's e-mail address (xxgk@…gov.cn) may
		// stand in a progress note without an allow_pii.
		eachHit(texts, pii.ScanNumbers, p.AllowPII, func(h pii.Hit) {
			diags.Errorf(p.Pos, allowFix(h), "任务 %s 的进展中发现未遮蔽的%s %s", t.ID, h.Kind, h.Text)
		})
	}
}

// eachHit calls report with every personal-data finding of scan in texts
// that allow (the record's allow_pii) does not list.
func eachHit(texts []string, scan func(string) []pii.Hit, allow []string, report func(pii.Hit)) {
	for _, text := range texts {
		for _, h := range scan(text) {
			if !slices.Contains(allow, h.Text) {
				report(h)
			}
		}
	}
}

// allowFix is the way out of a finding h in a record that may list
// allow_pii.
func allowFix(h pii.Hit) string {
	return h.Fix() + "；若确非个人信息，在这一条中写 allow_pii = [\"" + h.Text + "\"]"
}

func linkTitles(ls []model.Link) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Title
	}
	return out
}

// prepared is what a one-off build reads from the bodies while load holds
// them: each published document's facts for resolve and its personal-data
// findings for scan. Neither depends on anything resolve derives.
type prepared struct {
	mu    sync.Mutex
	facts map[*model.Document]resolve.Facts
	found map[*model.Document][]diag.Diagnostic
}

func newPrepared() *prepared {
	return &prepared{facts: map[*model.Document]resolve.Facts{}, found: map[*model.Document][]diag.Diagnostic{}}
}

// add takes from d's body, which is in memory, what resolve and scan need of
// it. It is called by the loading goroutines, concurrently.
func (p *prepared) add(d *model.Document) {
	if !d.Disclosure.Published() {
		return // never rendered: neither resolved nor scanned
	}
	f := resolve.FindFacts(d, d.Body)
	local := &diag.List{}
	scanDoc(d, func(d *model.Document) ([]byte, error) { return d.Body, nil }, local)
	found := local.Sorted()
	p.mu.Lock()
	p.facts[d], p.found[d] = f, found
	p.mu.Unlock()
}

func (p *prepared) factsOrNil() map[*model.Document]resolve.Facts {
	if p == nil {
		return nil
	}
	return p.facts
}

func (p *prepared) foundOrNil() map[*model.Document][]diag.Diagnostic {
	if p == nil {
		return nil
	}
	return p.found
}
