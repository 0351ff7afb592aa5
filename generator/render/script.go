package render

import (
	"html/template"
	"strings"

	"gongkai/generator/model"
)

// Pages are written in Simplified script (lang="zh-Hans" on <html>); a
// document in Traditional script (model.Document.Script "zh-Hant") keeps
// that script in its title, number and organ wherever they are shown, so
// the elements holding them carry lang="zh-Hant" (screen readers then read
// them with the right voice, browsers pick the right glyphs). In such a
// document's article (lang="zh-Hant"), the site's own Simplified labels
// carry lang="zh-Hans".

// pageScript is the script of every page.
const pageScript = "zh-Hans"

// foreignScript returns d's script when it differs from the page's, or "".
func foreignScript(d *model.Document) string {
	if d == nil || d.Script == "" || d.Script == pageScript {
		return ""
	}
	return d.Script
}

// langAttr returns ` lang="…"` for a foreign script s, or "".
func langAttr(s string) string {
	if s == "" {
		return ""
	}
	return ` lang="` + esc(s) + `"`
}

// anyForeign reports whether a document of docs is in a foreign script.
func anyForeign(docs []*model.Document) bool {
	for _, d := range docs {
		if foreignScript(d) != "" {
			return true
		}
	}
	return false
}

// docListLang wraps the doclist function: the row of a document in a
// foreign script gets its lang, and its effectiveness tag or kind (the
// site's label) lang="zh-Hans".
func docListLang(list func([]*model.Document) template.HTML) func([]*model.Document) template.HTML {
	return func(docs []*model.Document) template.HTML {
		h := list(docs)
		if !anyForeign(docs) {
			return h
		}
		s := string(h)
		// Split into rows, so labels are marked in the foreign rows only.
		parts := strings.SplitAfter(s, "</li>")
		if len(parts) != len(docs)+1 {
			return h
		}
		for i, d := range docs {
			sc := foreignScript(d)
			if sc == "" {
				continue
			}
			p := strings.Replace(parts[i], "<li>", "<li"+langAttr(sc)+">", 1)
			p = strings.Replace(p, `<span class="tag `, `<span lang="`+pageScript+`" class="tag `, 1)
			p = strings.Replace(p, `<span class="kind">`, `<span class="kind" lang="`+pageScript+`">`, 1)
			parts[i] = p
		}
		return template.HTML(strings.Join(parts, ""))
	}
}

// taskRowsLang marks, in task rows written by taskRows or unitRows (one
// "<tr" per task), the first cell of each task of a document in a foreign
// script: it holds the task's and the document's titles, in the
// document's script (units and statuses are the site's names).
func taskRowsLang(h template.HTML, ts []*model.Task) template.HTML {
	foreign := false
	for _, t := range ts {
		if foreignScript(t.Doc) != "" {
			foreign = true
			break
		}
	}
	if !foreign {
		return h
	}
	// Each row's first cell is the first "<td>" after its "<tr".
	s := string(h)
	if strings.Count(s, "<tr") != len(ts) {
		return h
	}
	var b strings.Builder
	b.Grow(len(s) + 32*len(ts))
	rest := s
	for _, t := range ts {
		k := strings.Index(rest, "<tr")
		td := strings.Index(rest[k:], "<td>")
		if td < 0 {
			return h
		}
		cut := k + td + len("<td")
		b.WriteString(rest[:cut])
		b.WriteString(langAttr(foreignScript(t.Doc)))
		rest = rest[cut:]
	}
	b.WriteString(rest)
	return template.HTML(b.String())
}

// TitleLang is the lang of the page's <title> and of the breadcrumb's
// last item: the document's script when it is foreign, else "".
func (p *Page) TitleLang() string { return foreignScript(p.Doc) }

// CrumbLang is the lang of a breadcrumb item: the document's foreign
// script for the item naming the document itself.
func (p *Page) CrumbLang(c Crumb) string {
	if p.Doc != nil && c.Title == p.Doc.Title {
		return foreignScript(p.Doc)
	}
	return ""
}
