package render

import "gongkai/generator/model"

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

// langVs is the script of document t, linked from within the article of
// document in, when it differs from that article's ("" when it does not).
func langVs(t, in *model.Document) string {
	ts, is := t.Script, in.Script
	if ts == "" {
		ts = pageScript
	}
	if is == "" {
		is = pageScript
	}
	if ts == is {
		return ""
	}
	return ts
}
