package render

import (
	"bytes"
	"html/template"
	"strings"

	"gongkai/generator/config"
	"gongkai/generator/model"
	"gongkai/generator/resolve"
)

// The "main" of the built-in document.html, written in Go. A document page
// is a third of a build's pages at 10,000 documents, and its template runs
// some forty actions, each a reflective call of a function and of the
// escapers html/template adds (with a []any and boxed results per call):
// about 1 CPU-second of a 10k build. When the site does not replace
// document.html or partials.html, LoadTemplates defines "main"
// of the document set as {{docmain .}} instead;
// TestDocMainMatchesTemplate renders every document of the sample site and
// of a site made to reach every branch both ways and compares the bytes.
// A change to layouts/document.html (or to the "tag" and "tasktable"
// partials) must be made here too: that test fails until it is.

// docMainFunc returns the layouts' docmain function.
func docMainFunc(cfg *config.Config) func(*Page) template.HTML {
	return func(p *Page) template.HTML {
		return partHTML(func(b *bytes.Buffer) { writeDocMain(b, cfg, p) })
	}
}

// htmlEsc writes s as html/template's escapers write a string value in
// text and in quoted attributes (its htmlReplacementTable: unlike
// template.HTMLEscapeString, "+" too).
func htmlEsc(b *bytes.Buffer, s string) { escape(b, s, true) }

// hrefEsc writes what href="{{url p}}" writes: the url function's result
// (percent-encoded, so html/template's URL normaliser leaves it as it is),
// escaped for the attribute.
func hrefEsc(b *bytes.Buffer, cfg *config.Config, p string) {
	writeURLAttr(b, encodePath(cfg.URL(p)))
}

// writeTag is the "tag" partial.
func writeTag(b *bytes.Buffer, e model.Effect) {
	if e == "" {
		return
	}
	b.WriteString(`<span class="tag tag-`)
	htmlEsc(b, tagClass(e))
	b.WriteString(`">`)
	htmlEsc(b, string(e))
	b.WriteString(`</span>`)
}

// writeTime writes <time datetime="ISO">2017年8月25日</time>.
func writeTime(b *bytes.Buffer, d model.Date) {
	var buf [32]byte
	b.WriteString(`<time datetime="`)
	b.Write(d.AppendISO(buf[:0]))
	b.WriteString(`">`)
	b.Write(d.AppendChinese(buf[:0]))
	b.WriteString(`</time>`)
}

// writeDocRef writes <a href="URL">Title</a>（DocNo） and the tag, the
// form a related document takes.
func writeDocRef(b *bytes.Buffer, cfg *config.Config, d, in *model.Document) {
	b.WriteString(`<a href="`)
	hrefEsc(b, cfg, d.URL)
	b.WriteString(`"`)
	b.WriteString(langAttr(langVs(d, in)))
	b.WriteString(`>`)
	htmlEsc(b, d.Title)
	b.WriteString(`</a>`)
	if d.DocNo != "" {
		b.WriteString(`（`)
		htmlEsc(b, d.DocNo)
		b.WriteString(`）`)
	}
	b.WriteString(` `)
	writeTag(b, d.Status.Tag)
}

func writeDocMain(b *bytes.Buffer, cfg *config.Config, p *Page) {
	d := p.Doc
	data, _ := p.Data.(docData)
	b.WriteString("\n" + `<article class="document"`)
	if d.Script != "" {
		b.WriteString(` lang="`)
		htmlEsc(b, d.Script)
		b.WriteString(`"`)
	}
	b.WriteString(`>`)
	// In an article in a foreign script the labels are the page's script
	// and the values the document's (see script.go).
	fl := foreignScript(d)
	labels := "" // the site's labels and headings in an article in another script
	if fl != "" {
		labels = langAttr(pageScript)
	}
	td := func(has bool) {
		b.WriteString(`<td`)
		if has {
			b.WriteString(langAttr(fl))
		}
		b.WriteString(`>`)
	}
	if d.Kind == model.KindPolicy {
		b.WriteString(`<table class="meta-block"`)
		b.WriteString(labels)
		b.WriteString(`><caption class="visually-hidden">文件信息</caption><tbody><tr><th scope="row">索<span class="sp"></span>引<span class="sp"></span>号</th><td>`)
		htmlEsc(b, d.IndexNo)
		b.WriteString(`</td><th scope="row">主题分类</th><td>`)
		htmlEsc(b, strings.ReplaceAll(d.Topic, "/", "\\"))
		b.WriteString(`</td></tr><tr><th scope="row">发文机关</th>`)
		td(d.OrganLine() != "")
		if o := d.OrganLine(); o != "" {
			htmlEsc(b, o)
		} else {
			b.WriteString(`原文未载明`)
		}
		b.WriteString(`</td><th scope="row">成文日期</th><td>`)
		if d.Signed != 0 {
			writeTime(b, d.Signed)
		} else {
			b.WriteString(`原文未载明`)
		}
		b.WriteString(`</td></tr><tr><th scope="row">标<span class="sp"></span>题</th><td colspan="3"`)
		b.WriteString(langAttr(fl))
		b.WriteString(`>`)
		htmlEsc(b, d.Title)
		b.WriteString(`</td></tr><tr><th scope="row">发文字号</th>`)
		td(d.DocNo != "")
		if d.DocNo != "" {
			htmlEsc(b, d.DocNo)
		} else {
			b.WriteString(`无`)
		}
		b.WriteString(`</td><th scope="row">发布日期</th><td>`)
		if d.Published != 0 {
			writeTime(b, d.Published)
		} else {
			b.WriteString(`原文未载明`)
		}
		b.WriteString(`</td></tr><tr><th scope="row">主<span class="sp"></span>题<span class="sp"></span>词</th>`)
		td(len(d.Keywords) > 0)
		htmlEsc(b, strings.Join(d.Keywords, "　"))
		b.WriteString(`</td><th scope="row">有<span class="sp"></span>效<span class="sp"></span>性</th><td>`)
		writeTag(b, d.Status.Tag)
		b.WriteString(` <span class="tag-reason">`)
		htmlEsc(b, data.Describe)
		b.WriteString(`</span></td></tr></tbody></table>`)
	} else {
		b.WriteString(`<p class="doc-kind">`)
		htmlEsc(b, d.Kind.Label())
		if d.Form != "" {
			b.WriteString(` · `)
			htmlEsc(b, d.Form)
		}
		b.WriteString(`</p>`)
	}
	b.WriteString(`<h1>`)
	htmlEsc(b, d.Title)
	b.WriteString(`</h1><p class="byline">`)
	if len(d.Organs) > 0 {
		b.WriteString(`<span>`)
		htmlEsc(b, d.OrganLine())
		b.WriteString(`</span>`)
	}
	if d.SourceName != "" {
		b.WriteString(`<span>来源：`)
		htmlEsc(b, d.SourceName)
		b.WriteString(`</span>`)
	}
	if d.Published != 0 {
		writeTime(b, d.Published)
	}
	b.WriteString(`</p>`)
	if t := d.InterpretsDoc; t != nil {
		b.WriteString(`<p class="interprets">解读文件：`)
		writeDocRef(b, cfg, t, d)
		b.WriteString(`</p>`)
	}
	b.WriteString("\n")
	if by := d.Status.By; len(by) > 0 {
		b.WriteString(`<p class="changed-by">`)
		if d.Status.Tag == model.EffectRepealed {
			b.WriteString(`废止文件`)
		} else {
			b.WriteString(`修改文件`)
		}
		b.WriteString(`：`)
		for i, x := range by {
			if i > 0 {
				b.WriteString(`、`)
			}
			b.WriteString(`<a href="`)
			hrefEsc(b, cfg, x.URL)
			b.WriteString(`"`)
			b.WriteString(langAttr(langVs(x, d)))
			b.WriteString(`>`)
			htmlEsc(b, x.Title)
			if x.DocNo != "" {
				b.WriteString(`（`)
				htmlEsc(b, x.DocNo)
				b.WriteString(`）`)
			}
			b.WriteString(`</a>`)
		}
		b.WriteString(`</p>`)
	}
	b.WriteString("\n")
	if len(d.Interpretations) > 0 {
		b.WriteString(`<aside class="interp-box" aria-labelledby="h-interps"><h2 id="h-interps"` + labels + `>政策解读</h2><ul>`)
		for _, x := range d.Interpretations {
			b.WriteString(`<li><a href="`)
			hrefEsc(b, cfg, x.URL)
			b.WriteString(`"`)
			b.WriteString(langAttr(langVs(x, d)))
			b.WriteString(`>`)
			htmlEsc(b, x.Title)
			b.WriteString(`</a> <span class="kind">`)
			htmlEsc(b, x.Form)
			b.WriteString(`</span></li>`)
		}
		b.WriteString(`</ul></aside>`)
	}
	b.WriteString(`<div class="body">`)
	b.WriteString(string(p.Body))
	b.WriteString(`</div>`)
	if len(d.Attachments) > 0 {
		b.WriteString(`<section class="attachments" aria-labelledby="h-att"><h2 id="h-att"` + labels + `>附件</h2><ul>`)
		for _, a := range d.Attachments {
			b.WriteString(`<li><a href="`)
			hrefEsc(b, cfg, a.URL)
			b.WriteString(`" download>`)
			if a.Title != "" {
				htmlEsc(b, a.Title)
			} else {
				htmlEsc(b, a.Name)
			}
			b.WriteString(`</a> <span class="file-info">（`)
			htmlEsc(b, a.Type)
			b.WriteString(`，`)
			htmlEsc(b, fileSize(a.Size))
			b.WriteString(`）</span></li>`)
		}
		b.WriteString(`</ul></section>`)
	}
	b.WriteString("\n")
	if len(d.Tasks) > 0 {
		t := data.TaskTable
		b.WriteString(`<section aria-labelledby="h-tasks"><h2 id="h-tasks"` + labels + `>任务分工</h2><table class="tasks"><caption>`)
		htmlEsc(b, t.Caption)
		b.WriteString(`</caption><thead><tr><th scope="col">事项</th><th scope="col">牵头单位</th><th scope="col">配合单位</th><th scope="col">责任单位</th><th scope="col">完成时限</th><th scope="col">进展</th></tr></thead><tbody>`)
		if data.writeRows != nil {
			data.writeRows(b)
		} else {
			b.WriteString(string(t.RowsHTML))
		}
		b.WriteString(`</tbody></table>`)
		if t.More != "" {
			b.WriteString(`<p><a href="`)
			hrefEsc(b, cfg, t.More)
			b.WriteString(`">查看全部</a></p>`)
		}
		b.WriteString(`</section>`)
	}
	b.WriteString("\n")
	if len(d.Cites) > 0 || len(d.CitedBy) > 0 {
		b.WriteString(`<section class="relations" aria-labelledby="h-rel"><h2 id="h-rel"` + labels + `>关联文件</h2>`)
		if len(d.Cites) > 0 {
			b.WriteString(`<h3` + labels + `>依据/引用</h3><ul>`)
			for _, c := range d.Cites {
				b.WriteString(`<li>`)
				if c.Target != nil {
					writeDocRef(b, cfg, c.Target, d)
				} else {
					b.WriteString(`<a href="`)
					hrefEsc(b, cfg, resolve.NumberURL(c.Key))
					b.WriteString(`">`)
					if c.Title != "" {
						b.WriteString(`《`)
						htmlEsc(b, c.Title)
						b.WriteString(`》（`)
						htmlEsc(b, c.Number)
						b.WriteString(`）`)
					} else {
						htmlEsc(b, c.Number)
					}
					b.WriteString(`</a> <span class="kind">本站未收录</span>`)
				}
				b.WriteString(`</li>`)
			}
			b.WriteString(`</ul>`)
		}
		b.WriteString("\n")
		if len(d.CitedBy) > 0 {
			b.WriteString(`<h3` + labels + `>被引用</h3><ul>`)
			for _, x := range d.CitedBy {
				b.WriteString(`<li>`)
				writeDocRef(b, cfg, x, d)
				b.WriteString(`</li>`)
			}
			b.WriteString(`</ul>`)
		}
		b.WriteString(`</section>`)
	}
	b.WriteString(`</article>`)
}
