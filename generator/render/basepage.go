package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"

	"gongkai/generator/config"
)

// The frame of the built-in base.html, written in Go, as the document
// page's "main" is (docmain.go): every page of a build has one, and the
// template's head holds some thirty actions (page metadata, the
// breadcrumb), each a reflective call of the escapers html/template adds.
// When the site does not replace base.html, LoadTemplates defines "base"
// as
//
//	{{pagetop .}}{{template "head" .}}{{pagebody .}}{{template "main" .}}{{pageend .}}
//
// so the "head" and "main" a page layout defines are still templates, and
// the header and footer still come from the "site-header" and
// "site-footer" templates (through cached). TestDocMainMatchesTemplate
// builds sites both ways and compares every file: a change to
// layouts/base.html must be made here too.
const baseInGo = `{{define "base"}}{{pagetop .}}{{template "head" .}}{{pagebody .}}{{template "main" .}}{{pageend .}}{{end}}`

// frame writes the built-in frame's parts; the URLs of the stylesheet
// and the feed (attribute values) are made once.
type frame struct {
	cfg       *config.Config
	css, feed string
}

func newFrame(cfg *config.Config) *frame {
	return &frame{cfg: cfg, css: urlAttr(cfg, "/assets/site.css"), feed: urlAttr(cfg, "/feed.xml")}
}

// pageTopFunc is pagetop: base.html up to {{block "head" .}}.
func (f *frame) pageTopFunc() func(*Page) template.HTML {
	return func(p *Page) template.HTML {
		return partHTML(func(b *bytes.Buffer) { f.top(b, p) })
	}
}

// top writes pagetop.
func (f *frame) top(b *bytes.Buffer, p *Page) {
	b.WriteString(`<!doctype html><html lang="`)
	htmlEsc(b, p.Lang)
	b.WriteString(`"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title`)
	if l := p.TitleLang(); l != "" {
		b.WriteString(` lang="`)
		htmlEsc(b, l)
		b.WriteString(`"`)
	}
	b.WriteString(`>`)
	if p.Title != "" {
		htmlEsc(b, p.Title)
		b.WriteString(` - `)
	}
	htmlEsc(b, p.Site.Title)
	meta := func(name, v string) {
		b.WriteString(`<meta name="`)
		b.WriteString(name)
		b.WriteString(`" content="`)
		htmlEsc(b, v)
		b.WriteString(`">`)
	}
	b.WriteString(`</title>`)
	meta("SiteName", p.Site.Title)
	meta("SiteDomain", p.Site.Domain)
	meta("SiteIDCode", p.Site.SiteIDCode)
	meta("ColumnName", p.Column)
	meta("ColumnType", p.ColumnType)
	meta("ArticleTitle", p.ArticleTitle)
	meta("PubDate", p.PubDate)
	meta("ContentSource", p.ContentSource)
	meta("Keywords", p.Keywords)
	meta("Description", p.Description)
	meta("Url", string(p.Canonical))
	b.WriteString(`<link rel="canonical" href="`)
	writeURLAttr(b, string(p.Canonical))
	b.WriteString(`"><link rel="icon" href="data:,"><link rel="stylesheet" href="`)
	b.WriteString(f.css)
	b.WriteString(`">`)
}

// pageBodyFunc is pagebody: base.html from after the "head" block to the
// start of "main" (the feed link, the header from cached "site-header",
// the breadcrumb). cached is the template set's cached function.
func (f *frame) pageBodyFunc(cached func(string, any) (template.HTML, error)) func(*Page) (template.HTML, error) {
	return func(p *Page) (template.HTML, error) {
		header, err := cached("site-header", p.Site)
		if err != nil {
			return "", err
		}
		return partHTML(func(b *bytes.Buffer) { f.body(b, header, p) }), nil
	}
}

// body writes pagebody, header being the site header.
func (f *frame) body(b *bytes.Buffer, header template.HTML, p *Page) {
	b.WriteString("\n" + `<link rel="alternate" type="application/atom+xml" title="`)
	htmlEsc(b, p.Site.Title)
	b.WriteString(`：最新信息" href="`)
	b.WriteString(f.feed)
	b.WriteString(`"><script>document.documentElement.classList.add("js");try{localStorage.getItem("gk-elder")==="1"&&document.documentElement.classList.add("elder")}catch(e){}</script></head><body><a class="skip" href="#main">跳到正文</a>`)
	b.WriteString(string(header))
	if len(p.Crumbs) > 0 {
		b.WriteString(`<nav class="breadcrumb wrap" aria-label="当前位置"><ol>`)
		for _, c := range p.Crumbs {
			b.WriteString(`<li`)
			if l := p.CrumbLang(c); l != "" {
				b.WriteString(` lang="`)
				htmlEsc(b, l)
				b.WriteString(`"`)
			}
			b.WriteString(`>`)
			if c.URL != "" {
				b.WriteString(`<a href="`)
				hrefEsc(b, f.cfg, c.URL)
				b.WriteString(`">`)
				htmlEsc(b, c.Title)
				b.WriteString(`</a>`)
			} else {
				b.WriteString(`<span aria-current="page">`)
				htmlEsc(b, c.Title)
				b.WriteString(`</span>`)
			}
			b.WriteString(`</li>`)
		}
		b.WriteString(`</ol></nav>`)
	}
	b.WriteString(`<main id="main" class="wrap" tabindex="-1">`)
}

// pageEndFunc is pageend: base.html after "main" (the footer from cached
// "site-footer", and serve's Extra).
func pageEndFunc(cached func(string, any) (template.HTML, error)) func(*Page) (template.HTML, error) {
	return func(p *Page) (template.HTML, error) {
		footer, err := cached("site-footer", p.Site)
		if err != nil {
			return "", err
		}
		return partHTML(func(b *bytes.Buffer) { end(b, footer, p) }), nil
	}
}

// end writes pageend, footer being the site footer.
func end(b *bytes.Buffer, footer template.HTML, p *Page) {
	b.WriteString("</main>")
	b.WriteString(string(footer))
	b.WriteString(string(p.Extra))
	b.WriteString("</body></html>")
}

// urlAttr is href="{{url p}}"'s attribute value, made once.
func urlAttr(cfg *config.Config, p string) string {
	return string(partHTML(func(b *bytes.Buffer) { hrefEsc(b, cfg, p) }))
}

// writeURLAttr writes a URL value (template.URL) as html/template writes
// it in a URL attribute: normalised (bytes outside RFC 3986's reserved
// and unreserved sets percent-encoded, valid escapes kept), then escaped
// for the attribute.
func writeURLAttr(b *bytes.Buffer, s string) {
	var n strings.Builder
	for i := 0; i < len(s); i++ {
		if !urlKept(s, i) {
			n.Grow(len(s) + 16)
			n.WriteString(s[:i])
			for ; i < len(s); i++ {
				if urlKept(s, i) {
					n.WriteByte(s[i])
				} else {
					c := s[i]
					n.WriteByte('%')
					n.WriteByte(lowerHex[c>>4])
					n.WriteByte(lowerHex[c&15])
				}
			}
			s = n.String()
			break
		}
	}
	htmlEsc(b, s)
}

const lowerHex = "0123456789abcdef"

// urlKept reports whether html/template's URL normaliser keeps s[i] as
// it is.
func urlKept(s string, i int) bool {
	c := s[i]
	switch c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']', '-', '.', '_', '~':
		return true
	case '%':
		return i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2])
	}
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// pagerFunc writes the built-in "pager" partial (LoadTemplates defines
// "pager" as {{pager .}} when the site keeps partials.html): listing and
// unit pages have one each, and its page links were some thirty
// reflective calls a page.
func pagerFunc(cfg *config.Config) func(*Pager) template.HTML {
	return func(p *Pager) template.HTML {
		if p == nil || p.Total <= 1 {
			return ""
		}
		return partHTML(func(b *bytes.Buffer) { writePager(b, cfg, p) })
	}
}

// writePager is pager's HTML for a pager of two pages or more.
func writePager(b *bytes.Buffer, cfg *config.Config, p *Pager) {
	var num [20]byte
	b.WriteString(`<nav class="pager" aria-label="分页"><ul>`)
	if p.Prev != "" {
		b.WriteString(`<li><a href="`)
		hrefEsc(b, cfg, p.Prev)
		b.WriteString(`" rel="prev">上一页</a></li>`)
	}
	b.WriteString("\n")
	for _, l := range p.Pages {
		b.WriteString(`<li>`)
		if l.Current {
			b.WriteString(`<span aria-current="page">`)
			b.Write(strconv.AppendInt(num[:0], int64(l.N), 10))
			b.WriteString(`</span>`)
		} else {
			b.WriteString(`<a href="`)
			hrefEsc(b, cfg, l.URL)
			b.WriteString(`">`)
			b.Write(strconv.AppendInt(num[:0], int64(l.N), 10))
			b.WriteString(`</a>`)
		}
		b.WriteString(`</li>`)
	}
	b.WriteString("\n")
	if p.Next != "" {
		b.WriteString(`<li><a href="`)
		hrefEsc(b, cfg, p.Next)
		b.WriteString(`" rel="next">下一页</a></li>`)
	}
	b.WriteString(`</ul><p class="pager-info">第 `)
	b.Write(strconv.AppendInt(num[:0], int64(p.Current), 10))
	b.WriteString(` 页，共 `)
	b.Write(strconv.AppendInt(num[:0], int64(p.Total), 10))
	b.WriteString(` 页</p></nav>`)
}

// partBufs are the buffers partHTML writes into.
var partBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// partHTML returns what write writes, as HTML: written into a pooled
// buffer and copied once at its exact size (a template function returns
// a string; a growing strings.Builder would allocate each size on the way).
func partHTML(write func(*bytes.Buffer)) template.HTML {
	b := partBufs.Get().(*bytes.Buffer)
	b.Reset()
	write(b)
	h := template.HTML(b.String())
	if b.Cap() <= 1<<20 {
		partBufs.Put(b)
	}
	return h
}

// docPageFunc writes a whole document page without a template, into the
// page's own buffer, when base.html, partials.html and document.html are
// all built in: the frame, docmain and the footer, as the templates
// would (their "head" is empty). A document page is a third of a build's
// pages and nearly all its bytes; written through a template function
// its main part would first be copied into a string of its own.
func (f *frame) docPageFunc(cached func(string, any) (template.HTML, error)) func(*bytes.Buffer, *Page) error {
	return func(b *bytes.Buffer, p *Page) error {
		header, err := cached("site-header", p.Site)
		if err != nil {
			return err
		}
		footer, err := cached("site-footer", p.Site)
		if err != nil {
			return err
		}
		f.top(b, p)
		f.body(b, header, p)
		writeDocMain(b, f.cfg, p)
		end(b, footer, p)
		return nil
	}
}
