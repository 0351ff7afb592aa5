// Package render turns the resolved site into files: pages from html/template
// layouts, open data (JSON, CSV), feeds, the sitemap and redirects. It writes
// through a publish.Output and knows nothing of where the files end up.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io/fs"
	"reflect"
	"strings"
	"sync"

	"gongkai/generator/config"
	"gongkai/generator/model"
	"gongkai/generator/publish"
	"gongkai/generator/resolve"
)

// Page kinds: each is a template file in layouts/ defining "main", wrapped by
// base.html. A site's own layouts/X.html replaces the built-in one.
var pageKinds = []string{"home", "xxgk", "list", "document", "number", "credit-list", "credit",
	"commitments", "tasks", "catalogue", "guide", "404", "search", "report"}

// Templates holds one parsed template set per page kind.
type Templates struct {
	sets  map[string]*template.Template
	alias *template.Template
	// sums are a hash of each page kind's layouts (its own, base.html
	// and partials.html): serve makes again only the pages whose
	// layouts changed.
	sums map[string]uint64
	// docPage writes a document page in Go when its layouts are all
	// built in (see docPageFunc); nil otherwise.
	docPage func(*bytes.Buffer, *Page) error
}

// layoutFS finds a layout file in the site's layouts/ first, then in the
// built-in ones.
type layoutFS struct {
	site     fs.FS // site root, may be nil
	defaults fs.FS // the embedded "layouts" folder's parent
}

func (l layoutFS) read(name string) (string, string, error) {
	if l.site != nil {
		if b, err := fs.ReadFile(l.site, "layouts/"+name); err == nil {
			return minifyTemplate(b), "layouts/" + name, nil
		}
	}
	b, err := fs.ReadFile(l.defaults, "layouts/"+name)
	return minifyTemplate(b), "（内置）layouts/" + name, err
}

// parseError is err, a parse error of the minified layout name, as the
// layout as written gives it: the minified text has lost the line breaks
// that the error's position counts.
func (l layoutFS) parseError(name, file string, funcs template.FuncMap, err error) error {
	var b []byte
	var rerr error
	if l.site != nil {
		b, rerr = fs.ReadFile(l.site, "layouts/"+name)
	}
	if l.site == nil || rerr != nil {
		b, rerr = fs.ReadFile(l.defaults, "layouts/"+name)
	}
	if rerr != nil {
		return err
	}
	if _, perr := template.New(file).Funcs(funcs).Parse(string(b)); perr != nil {
		return perr
	}
	return err
}

// minifyTemplate minifies a layout's HTML once, when it is loaded, with
// minify's Go-template mode (actions are kept as they are). Pages are then
// born minified: what a template adds (escaped text, the body from goldmark,
// rows written in Go) carries no layout whitespace, so the pages need no
// second pass over hundreds of megabytes of HTML. A layout the minifier
// cannot parse is used as written.
func minifyTemplate(src []byte) string {
	var out bytes.Buffer
	if err := templateMinifier.Minify("text/html", &out, bytes.NewReader(src)); err != nil {
		return string(src)
	}
	return out.String()
}

var templateMinifier = publish.NewTemplateMinifier()

// LoadTemplates parses the layouts.
func LoadTemplates(site, defaults fs.FS, cfg *config.Config) (*Templates, error) {
	lf := layoutFS{site, defaults}
	fr := newFrame(cfg)
	funcs := funcMap(cfg, fr)
	common := template.New("").Funcs(funcs)
	shared := fnv.New64a()
	var base, partials string // their file labels: built-in or the site's
	for _, name := range []string{"base.html", "partials.html"} {
		src, file, err := lf.read(name)
		if err != nil {
			return nil, fmt.Errorf("%s: 找不到模板：%v", file, err)
		}
		if _, err := common.New(file).Parse(src); err != nil {
			return nil, lf.parseError(name, file, funcs, err)
		}
		fmt.Fprintf(shared, "%d:%s", len(src), src)
		if name == "partials.html" {
			partials = file
			continue
		}
		base = file
		if builtin(base) {
			// The built-in frame written in Go (see basepage.go); before
			// partials.html, so that a "base" defined there still wins.
			if _, err := common.Parse(baseInGo); err != nil {
				return nil, err
			}
		}
	}
	if builtin(partials) {
		// The built-in pager written in Go (see pagerFunc).
		if _, err := common.Parse(`{{define "pager"}}{{pager .}}{{end}}`); err != nil {
			return nil, err
		}
	}
	t := &Templates{sets: map[string]*template.Template{}, sums: map[string]uint64{}}
	for _, k := range pageKinds {
		src, file, err := lf.read(k + ".html")
		if err != nil {
			return nil, fmt.Errorf("%s: 找不到模板：%v", file, err)
		}
		h := fnv.New64a()
		fmt.Fprintf(h, "%d:%s:%s", shared.Sum64(), file, src)
		t.sums[k] = h.Sum64()
		set, err := common.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.New(file).Parse(src); err != nil {
			return nil, lf.parseError(k+".html", file, funcs, err)
		}
		if k == "document" && builtin(file) && builtin(partials) {
			// The built-in page's "main" written in Go (see docmain.go).
			if _, err := set.Parse(`{{define "main"}}{{docmain .}}{{end}}`); err != nil {
				return nil, err
			}
		}
		cached := cachedFunc(set)
		set.Funcs(template.FuncMap{"cached": cached, "pagebody": fr.pageBodyFunc(cached), "pageend": pageEndFunc(cached)})
		if k == "document" && builtin(file) && builtin(partials) && builtin(base) {
			t.docPage = fr.docPageFunc(cached)
		}
		t.sets[k] = set
	}
	src, _, err := lf.read("alias.html")
	if err != nil {
		return nil, err
	}
	t.alias, err = template.New("alias").Funcs(funcs).Parse(src)
	return t, err
}

func funcMap(cfg *config.Config, fr *frame) template.FuncMap {
	return template.FuncMap{
		"url":       urlFunc(cfg),
		"doclist":   docListFunc(cfg),
		"langof":    foreignScript,
		"langvs":    langVs,
		"abs":       cfg.AbsURL,
		"date":      func(d model.Date) string { return d.Chinese() },
		"tagclass":  tagClass,
		"topic":     func(s string) string { return strings.ReplaceAll(s, "/", "\\") },
		"join":      strings.Join,
		"size":      fileSize,
		"unitURL":   resolve.UnitURL,
		"numberURL": resolve.NumberURL,
		"taskclass": taskClass,
		// Each template set has its own (see cachedFunc); this one is
		// only there for parsing.
		"cached":  func(string, any) (template.HTML, error) { return "", errors.New("cached：模板集尚未就绪") },
		"docmain": docMainFunc(cfg),
		"pagetop": fr.pageTopFunc(),
		"pager":   pagerFunc(cfg),
		// Each template set has its own (see LoadTemplates).
		"pagebody": func(*Page) (template.HTML, error) { return "", errors.New("pagebody：模板集尚未就绪") },
		"pageend":  func(*Page) (template.HTML, error) { return "", errors.New("pageend：模板集尚未就绪") },
	}
}

// keyable reports whether data can key cached's memo without panicking
// and without growing it on every call: nil, a pointer, or a string,
// integer or boolean (not a float, whose NaN equals nothing, nor a struct
// that may hold a slice in an interface field).
func keyable(data any) bool {
	if data == nil {
		return true
	}
	switch reflect.TypeOf(data).Kind() {
	case reflect.Pointer, reflect.String, reflect.Bool,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// builtin reports whether a layout file label (layoutFS.read) is a
// built-in layout.
func builtin(file string) bool { return strings.HasPrefix(file, "（内置）") }

// cachedFunc is the layouts' cached function of a template set:
// {{cached "NAME" DATA}} executes template NAME with DATA once per build
// and returns its HTML to every later call with the same name and data.
// It is for the parts of every page that depend on the site alone (the
// header and the footer of base.html, given .Site): a template action
// costs a reflective call for every function and escaper it runs, and a
// page's header and footer hold some forty of them. NAME sees nothing but
// DATA, so the result cannot depend on the page; DATA must be a pointer
// (such as .Site), a string, an integer or a boolean (see keyable).
func cachedFunc(set *template.Template) func(string, any) (template.HTML, error) {
	type key struct {
		name string
		data any
	}
	var mu sync.Mutex
	memo := map[key]template.HTML{}
	return func(name string, data any) (template.HTML, error) {
		if !keyable(data) {
			return "", fmt.Errorf("cached %q：数据须是指针（如 .Site）、字符串、数字或布尔值，不能是 %T", name, data)
		}
		k := key{name, data}
		mu.Lock()
		h, ok := memo[k]
		mu.Unlock()
		if ok {
			return h, nil
		}
		var b strings.Builder
		if err := set.ExecuteTemplate(&b, name, data); err != nil {
			return "", err
		}
		h = template.HTML(b.String())
		mu.Lock()
		memo[k] = h
		mu.Unlock()
		return h, nil
	}
}

func tagClass(e model.Effect) string {
	switch e {
	case model.EffectValid:
		return "valid"
	case model.EffectAmended:
		return "amended"
	case model.EffectPending:
		return "pending"
	case model.EffectExpired:
		return "expired"
	case model.EffectRepealed:
		return "repealed"
	}
	return "other"
}

func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// Assets lists the files of layouts/assets (site's over built-in), by name.
func Assets(site, defaults fs.FS) (map[string]fs.FS, error) {
	out := map[string]fs.FS{}
	for _, fsys := range []fs.FS{defaults, site} {
		if fsys == nil {
			continue
		}
		entries, err := fs.ReadDir(fsys, "layouts/assets")
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !e.IsDir() {
				out[e.Name()] = fsys
			}
		}
	}
	return out, nil
}
