package resolve

import (
	"reflect"
	"slices"
	"sort"

	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/model"
)

// Memo keeps the last resolution between builds (serve). The site model is
// a function of the configuration, the as-of date, every document's front
// matter and the facts found in its body (numbers and titles cited, task
// attributions, validity clauses), and the other inputs content.Result
// hashes into InputSum. A rebuild whose input differs from the last
// resolution's only in the bodies of published documents, each with the
// same facts found in it, resolves to the same site but for those bodies:
// Again returns that site, with the new bodies, instead of resolving some
// hundred thousand tasks and every citation again. It is not safe for
// concurrent use; builds are sequential.
type Memo struct {
	gen   int // the content cache's load it was made from (content.Cache.Generation)
	key   memoKey
	site  *model.Site
	diags []diag.Diagnostic          // what resolve reported
	docs  map[string]*model.Document // the site's published documents by source
}

type memoKey struct {
	config, inputs uint64
	asOf           model.Date
}

// Keep records a resolution: the site made from load gen under
// configuration sum cfg (of config.toml's bytes) and asOf from input sum
// inputs, and the diagnostics resolve reported. Withheld documents' bodies
// are let go: nothing reads them after resolve.
func (m *Memo) Keep(site *model.Site, gen int, cfg, inputs uint64, asOf model.Date, diags []diag.Diagnostic) {
	m.gen = gen
	m.key = memoKey{cfg, inputs, asOf}
	for _, d := range site.Withheld {
		d.Body = nil
	}
	m.site, m.diags = site, diags
	m.docs = make(map[string]*model.Document, len(site.Documents))
	for _, d := range site.Documents {
		m.docs[d.Source] = d
	}
}

// Again returns the kept site for load gen, the next after the kept
// resolution's (a load that a build stopped after, before resolve, leaves
// the cache ahead of the model), whose only change is the bodies of the
// documents edits names (content.Cache.BodyEdits), when the facts of each
// are the ones kept: the
// kept site then gets the new bodies, and resolve's diagnostics are
// reported again. It returns false, changing nothing, otherwise. A body
// whose facts are the same but at other places is taken only when resolve
// reported nothing about its document (a diagnostic would quote the old
// place); the tasks' positions are moved.
func (m *Memo) Again(in *content.Result, gen int, edits []string, cfg uint64, asOf model.Date, cache *FactCache, diags *diag.List) (*model.Site, bool) {
	if m.site == nil || cache == nil || m.gen != gen-1 || m.key != (memoKey{cfg, in.InputSum, asOf}) {
		return nil, false
	}
	type change struct {
		old, now *model.Document
		f        *facts
	}
	changes := make([]change, 0, len(edits))
	for _, src := range edits {
		old := m.docs[src]
		i := sort.Search(len(in.Docs), func(i int) bool { return in.Docs[i].Source >= src })
		if old == nil || i == len(in.Docs) || in.Docs[i].Source != src || in.Docs[i].Body == nil {
			return nil, false // withheld, or not the document kept
		}
		now := in.Docs[i]
		cache.mu.Lock()
		e, ok := cache.m[src]
		cache.mu.Unlock()
		if !ok || e.kind != old.Kind || e.year != old.Year || e.sum != old.BodySum || e.n != old.BodyLen {
			return nil, false
		}
		f := findFacts(now, now.Body, old.Year).detach()
		if len(old.Tasks) < len(f.tasks) {
			return nil, false
		}
		same, samePos := sameFacts(e.f, f)
		if !same || !samePos && m.reported(src) {
			return nil, false
		}
		changes = append(changes, change{old, now, f})
	}
	for _, c := range changes {
		d, f := c.old, c.f
		d.Body, d.BodySum, d.BodyLen = c.now.Body, c.now.BodySum, c.now.BodyLen
		for i, x := range f.tasks { // a document's own tasks come first, in order
			d.Tasks[i].SetPos(model.Pos{File: d.Source, Line: d.BodyLine + x.Line - 1, Col: x.Col})
		}
		cache.mu.Lock()
		old := cache.m[d.Source].f
		f.strs, f.idKey, f.ids, f.units, f.unitsKey, f.unitHits, f.cites = old.strs, old.idKey, old.ids, old.units, old.unitsKey, old.unitHits, old.cites
		cache.m[d.Source] = factEntry{d.Kind, d.Year, d.BodySum, d.BodyLen, f}
		cache.mu.Unlock()
	}
	for _, x := range m.diags {
		diags.Add(x)
	}
	m.gen = gen
	// Bodies released from the kept documents are read through this
	// load's result, which records a file changed under the build.
	m.site.Bodies = in.Bodies
	return m.site, true
}

// reported reports whether resolve reported anything about the file src.
func (m *Memo) reported(src string) bool {
	for _, x := range m.diags {
		if x.Pos.File == src {
			return true
		}
	}
	return false
}

// sameFacts compares the facts of two versions of a body: same tells
// whether they are the same but for where they stand in the text, samePos
// whether they stand at the same places too.
func sameFacts(a, b *facts) (same, samePos bool) {
	if len(a.numbers) != len(b.numbers) || len(a.tasks) != len(b.tasks) || len(a.clauses) != len(b.clauses) ||
		!slices.Equal(a.titles, b.titles) {
		return false, false
	}
	samePos = slices.Equal(a.at, b.at)
	for i := range a.numbers {
		x, y := a.numbers[i], b.numbers[i]
		if x.Number != y.Number || x.Title != y.Title {
			return false, false
		}
		samePos = samePos && x.Start == y.Start && x.End == y.End
	}
	for i := range a.tasks {
		x, y := a.tasks[i], b.tasks[i]
		samePos = samePos && x.Line == y.Line && x.Col == y.Col
		x.Line, x.Col = y.Line, y.Col
		if !reflect.DeepEqual(x, y) {
			return false, false
		}
	}
	for i := range a.clauses {
		x, y := a.clauses[i], b.clauses[i]
		samePos = samePos && x.Start == y.Start && x.End == y.End
		x.Start, x.End = y.Start, y.End
		if x != y {
			return false, false
		}
	}
	return true, samePos
}
