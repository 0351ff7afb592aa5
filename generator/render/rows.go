package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"gongkai/generator/config"
	"gongkai/generator/model"
	"gongkai/generator/resolve"
)

// Task rows are written here in Go rather than in the templates: a large
// site has hundreds of thousands of them (each task stands on its document's
// page and on the page of every unit it names), and html/template calls an
// escaper through reflection for every value it prints — most of the render
// time. The markup is the same a template would produce; every value is
// escaped with template.HTMLEscapeString.

var esc = template.HTMLEscapeString

// escTo writes s to b escaped as template.HTMLEscapeString escapes it,
// without making the escaped string first.
func escTo[W interface{ WriteString(string) (int, error) }](b W, s string) { escape(b, s, false) }

// escape writes s escaped for HTML text or a quoted attribute: ", ', &, <,
// > and NUL, and with plus also "+", as html/template's escapers do (see
// htmlEsc).
func escape[W interface{ WriteString(string) (int, error) }](b W, s string, plus bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		// Every byte escaped is below 0x40; Chinese text is made of bytes
		// from 0x80 up, so skip 8 bytes at a time while none is below 0x40.
		for i+8 <= len(s) && !hasLow(load64(s, i)) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		var rep string
		switch s[i] {
		case 0:
			rep = "\uFFFD"
		case '"':
			rep = "&#34;"
		case '\'':
			rep = "&#39;"
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '+':
			if !plus {
				continue
			}
			rep = "&#43;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// load64 reads the 8 bytes of s at i (i+8 ≤ len(s)) as one word, in
// little-endian order.
func load64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// hasLow reports whether a byte of v is below 0x40: subtracting 0x40 from
// such a byte borrows into its top bit while the byte's own top bit is 0
// (the first byte below 0x40 is always found; a borrow it causes may flag
// a byte above it too, which only sends the caller to the byte loop).
func hasLow(v uint64) bool {
	const low, high = 0x4040404040404040, 0x8080808080808080
	return (v-low)&^v&high != 0
}

// href returns the site path p under the base path, for an href attribute
// written here: UTF-8 as it is (an IRI, which browsers encode when they
// request it), escaped for the attribute. Percent-encoding every Chinese
// character would triple the bytes of the links of a task table.
func (r *Renderer) href(p string) string { return esc(r.cfg.URL(p)) }

// unitHref writes r.href(resolve.UnitURL(u)) without making either
// string (a unit is linked from every task that names it): a name that
// resolve.PathSegment leaves as it is is written escaped in place.
func (r *Renderer) unitHref(b *bytes.Buffer, u string) {
	if strings.ContainsAny(u, "/\\?#% \"<>|:*'") || !utf8.ValidString(u) {
		b.WriteString(r.href(resolve.UnitURL(u)))
		return
	}
	escTo(b, r.cfg.URL("/tasks/units/"))
	escTo(b, u)
	b.WriteByte('/')
}

// taskRows renders the <tr> rows of the "tasktable" partial.
func (r *Renderer) taskRows(ts []*model.Task, showDoc bool) template.HTML {
	return partHTML(func(b *bytes.Buffer) { r.writeTaskRows(b, ts, showDoc) })
}

// writeTaskRows writes taskRows' rows into b.
func (r *Renderer) writeTaskRows(b *bytes.Buffer, ts []*model.Task, showDoc bool) {
	// In the article of a document in another script, the units and the
	// status are the site's names, in its script (script.go).
	site := ""
	if !showDoc && len(ts) > 0 && foreignScript(ts[0].Doc) != "" {
		site = langAttr(pageScript)
	}
	units := func(us []string) {
		b.WriteString("<td")
		b.WriteString(site)
		b.WriteString(">")
		for i, u := range us {
			if i > 0 {
				b.WriteString("、")
			}
			b.WriteString(`<a href="`)
			r.unitHref(b, u)
			b.WriteString(`">`)
			escTo(b, u)
			b.WriteString("</a>")
		}
		b.WriteString("</td>")
	}
	for _, t := range ts {
		b.WriteString(`<tr id="task-`)
		escTo(b, t.ID)
		b.WriteString(`"><td`)
		if showDoc {
			// Rows of many documents on a Simplified page: the titles of
			// one in Traditional script carry its lang (script.go).
			b.WriteString(langAttr(foreignScript(t.Doc)))
		}
		b.WriteString(`>`)
		if t.Item != "" {
			b.WriteString(`<span class="item">`)
			escTo(b, t.Item)
			b.WriteString("</span> ")
		}
		escTo(b, t.Title)
		if t.Requirement() != "" {
			b.WriteString("<br><small>")
			escTo(b, t.Requirement())
			b.WriteString("</small>")
		}
		if t.Carrier() != "" {
			b.WriteString("<br><small>公开载体：")
			escTo(b, t.Carrier())
			b.WriteString("</small>")
		}
		if showDoc {
			b.WriteString(`<br><small>出自：<a href="`)
			b.WriteString(r.href(t.Doc.URL))
			b.WriteString(`">`)
			escTo(b, t.Doc.Title)
			b.WriteString("</a></small>")
		}
		b.WriteString("</td>")
		units(t.Lead())
		units(t.Coop())
		units(t.Resp())
		b.WriteString("<td>")
		escTo(b, t.DeadlineText)
		if t.Deadline != 0 {
			b.WriteString("<br><small>")
			var date [32]byte
			b.Write(t.Deadline.AppendChinese(date[:0]))
			b.WriteString("</small>")
		}
		b.WriteString("</td>")
		r.statusCell(b, t, site)
		b.WriteString("</tr>")
	}
}

func taskClass(t *model.Task) string {
	switch {
	case t.Overdue:
		return "overdue"
	case t.Status == "已完成":
		return "done"
	}
	return "open"
}

// statusCell writes a task's 进展 cell: its status, marked when overdue,
// and under it the progress log and evidence links, if any (folded in a
// <details>: a unit page lists hundreds of tasks).
// lang is a lang attribute for the cell, or "".
func (r *Renderer) statusCell(b *bytes.Buffer, t *model.Task, lang string) {
	b.WriteString(`<td`)
	b.WriteString(lang)
	b.WriteString(`><span class="status status-`)
	b.WriteString(taskClass(t))
	b.WriteString(`">`)
	escTo(b, t.Status)
	if t.Overdue {
		b.WriteString("（逾期）")
	}
	b.WriteString("</span>")
	if p := t.Progress; p != nil {
		b.WriteString(`<details class="progress"><summary>`)
		if len(p.Log) > 0 {
			b.WriteString("进展记录 " + strconv.Itoa(len(p.Log)) + " 条")
			if len(p.Evidence) > 0 {
				b.WriteString("，")
			}
		}
		if len(p.Evidence) > 0 {
			b.WriteString("佐证材料 " + strconv.Itoa(len(p.Evidence)) + " 项")
		}
		b.WriteString("</summary>")
		if len(p.Log) > 0 {
			b.WriteString("<ol>")
			var date [32]byte
			for _, n := range p.Log {
				b.WriteString(`<li><time datetime="`)
				b.WriteString(n.Date.ISO())
				b.WriteString(`">`)
				b.Write(n.Date.AppendChinese(date[:0]))
				b.WriteString("</time> ")
				escTo(b, n.Text)
				b.WriteString("</li>")
			}
			b.WriteString("</ol>")
		}
		if len(p.Evidence) > 0 {
			b.WriteString("<p>佐证材料：")
			for i, l := range p.Evidence {
				if i > 0 {
					b.WriteString("、")
				}
				// A page the site no longer shows (a credit record past
				// its display): its title, not a dead link.
				gone := r.goneLink(l.URL)
				if !gone {
					b.WriteString(`<a href="`)
					b.WriteString(r.linkHref(l.URL))
					b.WriteString(`">`)
				}
				if l.Title != "" {
					escTo(b, l.Title)
				} else {
					b.WriteString("佐证材料")
				}
				if !gone {
					b.WriteString("</a>")
				}
			}
			b.WriteString("</p>")
		}
		b.WriteString("</details>")
	}
	b.WriteString("</td>")
}

// linkHref is the href of a link written in content (evidence): linkURL
// (content checks that u is a site path or an http(s) address, without
// blanks, control characters or backslashes), escaped for the attribute.
func (r *Renderer) linkHref(u string) string { return esc(r.linkURL(u)) }

// rowBufs recycles the buffers of unit pages' rows (a large site has
// thousands of such pages, each some tens of kilobytes of rows).
var rowBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// unitRows renders the rows of the "unittasks" partial (unit's tasks ts)
// into a pooled buffer. The HTML is a view of it: call release once the
// page using it has been rendered, and not before.
func (r *Renderer) unitRows(unit string, ts []*model.Task) (html template.HTML, release func()) {
	b := rowBufs.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(len(ts) * 400)
	for _, t := range ts {
		role := "负责"
		switch {
		case contains(t.Lead(), unit):
			role = "牵头"
		case contains(t.Coop(), unit):
			role = "配合"
		}
		b.WriteString("<tr><td")
		b.WriteString(langAttr(foreignScript(t.Doc)))
		b.WriteString(">")
		if t.Item != "" {
			escTo(b, t.Item)
			b.WriteByte(' ')
		}
		escTo(b, t.Title)
		b.WriteString(`<br><small><a href="`)
		escTo(b, r.cfg.URL(t.Doc.URL))
		b.WriteString("#task-")
		escTo(b, t.ID)
		b.WriteString(`">`)
		escTo(b, t.Doc.Title)
		b.WriteString("</a></small></td><td>")
		b.WriteString(role)
		b.WriteString("</td><td>")
		if t.DeadlineText != "" {
			escTo(b, t.DeadlineText)
		} else if t.Deadline != 0 {
			var date [32]byte
			b.Write(t.Deadline.AppendChinese(date[:0])) // digits and 年月日: nothing to escape
		}
		b.WriteString("</td>")
		r.statusCell(b, t, "")
		b.WriteString("</tr>")
	}
	if b.Len() == 0 {
		rowBufs.Put(b)
		return "", func() {}
	}
	return template.HTML(unsafe.String(&b.Bytes()[0], b.Len())), func() { rowBufs.Put(b) }
}

// docListFunc returns the template func `doclist`: the list of documents of
// a listing page, written in Go for the same reason as the task rows (a big
// site has tens of thousands of listing rows). The "doclist" partial calls
// it, so a site's own partials.html may still replace the list.
func docListFunc(cfg *config.Config) func([]*model.Document) template.HTML {
	return func(docs []*model.Document) template.HTML {
		if len(docs) == 0 {
			return `<p class="empty">暂无内容。</p>`
		}
		var b strings.Builder
		b.Grow(len(docs) * 300)
		b.WriteString(`<ul class="doclist">`)
		for _, d := range docs {
			// A document in another script carries its lang; the site's
			// labels in its row (tag, kind) stay Simplified (script.go).
			lang := foreignScript(d)
			b.WriteString(`<li`)
			b.WriteString(langAttr(lang))
			b.WriteString(`><a href="`)
			escTo(&b, encodePath(cfg.URL(d.URL)))
			b.WriteString(`" class="doc-title">`)
			escTo(&b, d.Title)
			b.WriteString(`</a> <span class="doc-meta">`)
			if d.DocNo != "" {
				b.WriteString("<span>")
				escTo(&b, d.DocNo)
				b.WriteString("</span>")
			}
			if o := d.OrganLine(); o != "" {
				b.WriteString("<span>")
				escTo(&b, o)
				b.WriteString("</span>")
			}
			if d.Published != 0 {
				var date [32]byte
				b.WriteString(`<time datetime="`)
				b.Write(d.Published.AppendISO(date[:0]))
				b.WriteString(`">`)
				b.Write(d.Published.AppendChinese(date[:0]))
				b.WriteString("</time>")
			}
			if d.Kind == model.KindPolicy {
				if t := d.Status.Tag; t != "" {
					b.WriteString(`<span`)
					if lang != "" {
						b.WriteString(langAttr(pageScript))
					}
					b.WriteString(` class="tag tag-`)
					b.WriteString(tagClass(t))
					b.WriteString(`">`)
					escTo(&b, string(t))
					b.WriteString("</span>")
				}
			} else {
				b.WriteString(`<span class="kind"`)
				if lang != "" {
					b.WriteString(langAttr(pageScript))
				}
				b.WriteString(`>`)
				escTo(&b, d.Kind.Label())
				b.WriteString("</span>")
			}
			b.WriteString("</span></li>")
		}
		b.WriteString("</ul>")
		return template.HTML(b.String())
	}
}
