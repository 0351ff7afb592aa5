package content

import (
	"bytes"
	"sync"

	"gongkai/generator/diag"
	"gongkai/generator/model"
)

// Cache keeps parsed documents between loads (serve): a file whose bytes did
// not change is not parsed again; its document is copied and its
// diagnostics replayed. The zero Cache is ready; a nil *Cache caches nothing.
type Cache struct {
	mu sync.Mutex
	m  map[string]*cachedDoc
}

type cachedDoc struct {
	src   []byte
	doc   *model.Document // as parsed, before any later phase touched it
	diags []diag.Diagnostic
}

// load returns the document at p from the cache when src is unchanged, else
// parses it with parse and caches the result.
func (c *Cache) load(p string, src []byte, diags *diag.List, parse func(*diag.List) *model.Document) *model.Document {
	if c == nil {
		return parse(diags)
	}
	c.mu.Lock()
	e := c.m[p]
	c.mu.Unlock()
	if e != nil && bytes.Equal(e.src, src) {
		for _, d := range e.diags {
			diags.Add(d)
		}
		return clone(e.doc)
	}
	local := &diag.List{}
	d := parse(local)
	ds := local.Sorted()
	for _, x := range ds {
		diags.Add(x)
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]*cachedDoc{}
	}
	var keep *model.Document
	if d != nil {
		keep = clone(d)
	}
	c.m[p] = &cachedDoc{src: src, doc: keep, diags: ds}
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
