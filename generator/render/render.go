package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"gongkai/generator/cndate"
	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/docno"
	"gongkai/generator/internal/cjk"
	"gongkai/generator/markdown"
	"gongkai/generator/model"
	"gongkai/generator/pii"
	"gongkai/generator/publish"
	"gongkai/generator/report"
	"gongkai/generator/resolve"
	"gongkai/generator/search"
)

// SiteInfo is what every page knows about the site: the configuration
// (.Site.Title and so on) and the date the build takes for today.
//
// The fields the default layouts read on every page are also copied here
// from the configuration, at depth 0: text/template looks up a field of
// an embedded struct with a breadth-first search that allocates, about 17
// times a page. They shadow the configuration's own, with equal values.
type SiteInfo struct {
	*config.Config
	AsOf model.Date

	Title, Domain, SiteIDCode, ICP, PoliceRecord, Organ, Contact string
}

func newSiteInfo(c *config.Config, asOf model.Date) *SiteInfo {
	return &SiteInfo{Config: c, AsOf: asOf, Title: c.Title, Domain: c.Domain, SiteIDCode: c.SiteIDCode,
		ICP: c.ICP, PoliceRecord: c.PoliceRecord, Organ: c.Organ, Contact: c.Contact}
}

// Crumb is one step of the breadcrumb.
type Crumb struct{ Title, URL string }

// Page is the data of one page template.
type Page struct {
	Site          *SiteInfo
	Path          string // site path of the page, "/policies/x/"
	Title         string
	Lang          string
	Column        string // ColumnName
	ColumnType    string
	ArticleTitle  string
	PubDate       string
	ContentSource string
	Keywords      string
	Description   string
	Canonical     template.URL
	Crumbs        []Crumb
	Doc           *model.Document
	Body          template.HTML
	Docs          []*model.Document
	Pager         *Pager
	Data          any
	Extra         template.HTML // injected by serve (live reload); empty in builds
}

// Options of a render.
type Options struct {
	Config   *config.Config
	SiteFS   fs.FS // for a site's layouts and attachments
	Defaults fs.FS // built-in layouts
	Out      publish.Output
	Diags    *diag.List
	Extra    template.HTML // appended to every page's body (serve's reload script)
	Reports  []*report.Report
	Step     func(name string) // called after each step of Run (timings); may be nil
	Memo     *Memo             // kept between renders by serve; nil otherwise
	// Early, with a Memo and DeferSearch, is called once the pages of the
	// edited documents (those whose Source is in Edited) that changed
	// since the last render are written, before the other document pages
	// and every other page, with their output paths (serve shows an
	// edited page first). It is not called when no document was edited,
	// or when the layouts or the configuration changed.
	Early    func(paths []string)
	Edited   map[string]bool
	NoSearch bool // no search index (see generator.Options)
	// DeferSearch: Run does not build the index; DeferredIndex returns a
	// function that does, afterwards (serve: pages first, index next).
	DeferSearch bool
}

// Renderer renders one site.
type Renderer struct {
	opt   Options
	cfg   *config.Config
	site  *model.Site
	info  *SiteInfo
	tmpl  *Templates
	md    *markdown.Renderer
	index *search.Builder
	// With DeferSearch, the documents' search entries, in index order.
	deferred []search.Doc
	// Plain text summaries, filled while document pages render.
	mu          sync.Mutex
	staticFiles map[string]bool // copied from static/
	recRowsOnce sync.Once
	recRows     *recordRowsOf // see recordRows
	newestOnce  sync.Once
	newest      model.Date // see newestDate
	summary     map[*model.Document]string
	titles      map[string]*model.Document
	pageCount   int
	written     map[string]bool
	links       []pendingLink
	gone        map[string]string          // see gonePages
	submit      func(func() error)         // set while parallel runs
	retains     bool                       // opt.Out keeps written slices (see publish.Retains)
	pack        bool                       // the memo keeps pages packed (see keep)
	taskFP      []uint64                   // with a Memo: each task's fingerprint, by Task.Seq (taskFingerprints)
	dataKeys    func() dataKeys            // taken once per render, after the document pages
	docFP       map[*model.Document]uint64 // page fingerprints of the edited documents, taken ahead; read-only after
	memoKept    bool                       // the Memo kept the last render's entries (same configuration)
	asPublished bool                       // and the configuration, date and layouts are those of the pages last published
	url         func(string) template.URL
}

// parallel runs gen, which queues jobs with submit, on one worker per core,
// and waits for all of them. Of several failures, the error reported is the
// one that sorts first, so the message does not depend on scheduling.
func (r *Renderer) parallel(gen func(submit func(func() error)) error) error {
	jobs := make(chan func() error, 256)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := j(); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	err := gen(func(j func() error) { jobs <- j })
	close(jobs)
	wg.Wait()
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
		return errs[0]
	}
	return nil
}

// pendingLink is an internal link written by an author, checked once every
// file is written.
type pendingLink struct {
	doc  *model.Document
	dest string
	pos  model.Pos
}

// gonePages maps the site paths (as sitePath gives them) of the pages the
// site knows but no longer shows to why, in Chinese: the credit records
// not on display as of the build date, and the credit addresses of earlier
// builds that are gone (indexno.lock's removed). A record ends by the
// calendar alone, so links to these pages are not errors: a body link is
// shown as its text, an evidence link as its title, with a warning that
// asks for the link to be removed (checkLinks, checkEvidence).
func gonePages(site *model.Site) map[string]string {
	m := map[string]string{}
	for u := range site.IndexGone {
		if strings.HasPrefix(u, "/credit/") {
			m[sitePath(u)] = "这条失信记录已不在本站公示（已过公示期、已修复、已移出或已删除）"
		}
	}
	for _, c := range site.HiddenCredit {
		if c.URL != "" {
			m[sitePath(c.URL)] = hiddenReason(c, site.AsOf)
		}
	}
	return m
}

// hiddenReason is why credit record c, published, is not shown as of asOf.
func hiddenReason(c *model.CreditRecord, asOf model.Date) string {
	what := "失信记录 " + c.ID + " "
	switch {
	case c.RecordStatus == "已修复" || c.RecordStatus == "已移出":
		return what + c.RecordStatus + "，已不再公示"
	case c.ShowUntil == 0:
		return what + "（" + c.Severity + "）不予公示"
	case asOf > c.ShowUntil:
		return what + "已过公示期（公示至" + c.ShowUntil.Chinese() + "），已不再公示"
	case c.RecordStatus == "异议处理中":
		return what + "异议处理中，暂不公示"
	}
	return what + "已不再公示"
}

// goneLink reports whether u, a link written in content, is a site path
// of a page the site no longer shows (see gonePages; r.gone says why).
func (r *Renderer) goneLink(u string) bool {
	if !strings.HasPrefix(u, "/") || len(r.gone) == 0 {
		return false
	}
	_, ok := r.gone[sitePath(u)]
	return ok
}

// unlinker is the markdown.Unlinker of document d: its links to pages the
// site no longer shows are shown as their text.
func (r *Renderer) unlinker(d *model.Document) markdown.Unlinker {
	if len(r.gone) == 0 {
		return nil
	}
	return func(dest string) bool {
		l := pendingLink{doc: d, dest: dest}
		p, ok := l.sitePath()
		if !ok {
			return false
		}
		_, gone := r.gone[p]
		return gone
	}
}

// New prepares a renderer.
func New(site *model.Site, opt Options) (*Renderer, error) {
	t, err := LoadTemplates(opt.SiteFS, opt.Defaults, opt.Config)
	if err != nil {
		return nil, err
	}
	r := &Renderer{opt: opt, cfg: opt.Config, site: site, info: newSiteInfo(opt.Config, site.AsOf), tmpl: t,
		md: markdown.New(), index: search.NewBuilder(), summary: map[*model.Document]string{}, written: map[string]bool{}, staticFiles: map[string]bool{}, url: urlFunc(opt.Config)}
	r.retains = opt.Out == nil || publish.Retains(opt.Out)
	r.gone = gonePages(site)
	// A one-off build does not hold its postings until the index is
	// written (serve builds it from what it keeps instead).
	r.index.Spill = opt.Memo == nil
	r.pack = opt.Memo != nil && opt.Out != nil && publish.Packs(opt.Out)
	r.dataKeys = sync.OnceValue(r.takeDataKeys)
	if opt.Memo != nil {
		r.titles = opt.Memo.titlesOf(site, func() map[string]*model.Document { return policyTitles(site) })
	} else {
		r.titles = policyTitles(site)
	}
	return r, nil
}

// policyTitles maps each title of a policy document to the first document
// (in the site's order) with it.
func policyTitles(site *model.Site) map[string]*model.Document {
	titles := make(map[string]*model.Document, len(site.Documents))
	for _, d := range site.Documents {
		if d.Kind == model.KindPolicy {
			if _, ok := titles[d.Title]; !ok {
				titles[d.Title] = d
			}
		}
	}
	return titles
}

// Pages returns the number of HTML pages written.
func (r *Renderer) Pages() int { return r.pageCount }

func (r *Renderer) write(p string, data []byte) error {
	r.count(p)
	return r.opt.Out.Write(p, data)
}

// count records that p is written.
func (r *Renderer) count(p string) {
	r.mu.Lock()
	if strings.HasSuffix(p, ".html") {
		r.pageCount++
	}
	r.written[p] = true
	r.mu.Unlock()
}

// stream writes a file produced by fill (see publish.WriteStream).
func (r *Renderer) stream(p string, fill func(w io.Writer) error) error {
	r.mu.Lock()
	r.written[p] = true
	r.mu.Unlock()
	return publish.WriteStream(r.opt.Out, p, fill)
}

// page executes a page template and writes it to the page's folder. Inside
// parallel it only queues the work.
func (r *Renderer) page(kind string, p *Page) error {
	if r.submit != nil {
		r.submit(func() error { return r.renderPage(kind, p) })
		return nil
	}
	return r.renderPage(kind, p)
}

// pageFP is page for a page whose fingerprint fp the caller has taken from
// the page's inputs (see renderPageFP).
func (r *Renderer) pageFP(kind string, p *Page, fp uint64) error {
	if r.submit != nil {
		r.submit(func() error { return r.renderPageFP(kind, p, fp) })
		return nil
	}
	return r.renderPageFP(kind, p, fp)
}

func (r *Renderer) renderPage(kind string, p *Page) error {
	return r.renderPageFP(kind, p, 0)
}

// renderPageFP is renderPage for a page whose fingerprint the caller has
// taken from the page's inputs (0: take it from the page).
func (r *Renderer) renderPageFP(kind string, p *Page, fp uint64) error {
	m := r.opt.Memo
	if m == nil {
		return r.executeWrite(kind, p, model.OutPath(p.Path))
	}
	// serve: reuse the page when its data did not change.
	if fp == 0 {
		fp = m.pageFingerprint(kind, p)
		if p.PubDate == "" {
			// It takes the newest document's date (see newestDate).
			fp = maphash.Comparable(m.seedOrNew(), [2]uint64{fp, uint64(r.newestDate())})
		}
		fp = r.withLayout(kind, fp)
		if e := m.get(p.Path, fp, false); e != nil {
			return r.writeFile(model.OutPath(p.Path), e.file)
		}
	}
	f, err := r.keep(kind, p)
	if err != nil {
		return err
	}
	m.put(p.Path, &memoPage{fp: fp, file: f})
	return r.writeFile(model.OutPath(p.Path), f)
}

// keep renders a page for the memo: packed when the output takes packed
// files (serve), else in a slice of its own.
func (r *Renderer) keep(kind string, p *Page) (publish.File, error) {
	if !r.pack {
		html, err := r.execute(kind, p)
		return publish.Plain(html), err
	}
	buf := pageBufs.Get().(*bytes.Buffer)
	defer pageBufs.Put(buf)
	buf.Reset()
	if err := r.executeTo(buf, kind, p); err != nil {
		return publish.File{}, err
	}
	return publish.Pack(buf.Bytes()), nil
}

// keepText is a page's text for the memo: packed like the page (the
// search index reads it again after each rebuild), or as it is.
func (r *Renderer) keepText(s string) publish.File {
	return r.keepBytes(unsafe.Slice(unsafe.StringData(s), len(s))) // Pack copies; Plain's bytes are never written
}

// keepBytes is b for the memo: packed in serve (see keep), else as it is.
func (r *Renderer) keepBytes(b []byte) publish.File {
	if r.pack {
		return publish.Pack(b)
	}
	return publish.Plain(b)
}

// writeFile writes a file the memo keeps (see keep).
func (r *Renderer) writeFile(p string, f publish.File) error {
	r.count(p)
	return publish.WriteFile(r.opt.Out, p, f)
}

// pageBufs recycles page buffers when the output does not keep them (a
// build to a folder): a large site renders a gigabyte of pages, and
// growing a fresh buffer for each was a quarter of all allocation.
var pageBufs = sync.Pool{New: func() any {
	b := new(bytes.Buffer)
	b.Grow(64 << 10)
	return b
}}

// executeWrite renders a page into a pooled buffer and writes it to out.
func (r *Renderer) executeWrite(kind string, p *Page, out string) error {
	if r.retains {
		html, err := r.execute(kind, p)
		if err != nil {
			return err
		}
		return r.write(out, html)
	}
	buf := pageBufs.Get().(*bytes.Buffer)
	buf.Reset()
	err := r.executeTo(buf, kind, p)
	if err == nil {
		err = r.write(out, buf.Bytes())
	}
	if buf.Cap() <= 4<<20 { // a huge page's buffer is not worth keeping
		pageBufs.Put(buf)
	}
	return err
}

// execute renders a page into a new slice of its exact size: the output
// keeps it (serve holds every page), and a grown buffer would hold up to
// twice the page.
func (r *Renderer) execute(kind string, p *Page) ([]byte, error) {
	buf := pageBufs.Get().(*bytes.Buffer)
	defer pageBufs.Put(buf)
	buf.Reset()
	if err := r.executeTo(buf, kind, p); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

func (r *Renderer) executeTo(buf *bytes.Buffer, kind string, p *Page) error {
	r.fill(p)
	if kind == "document" && r.tmpl.docPage != nil {
		if err := r.tmpl.docPage(buf, p); err != nil {
			return fmt.Errorf("模板 %s.html 执行出错（页面 %s）：%v", kind, p.Path, err)
		}
		return nil
	}
	if err := r.tmpl.sets[kind].ExecuteTemplate(buf, "base", p); err != nil {
		return fmt.Errorf("模板 %s.html 执行出错（页面 %s）：%v", kind, p.Path, err)
	}
	return nil
}

// siteFingerprint covers what every page depends on besides its own data
// and its layouts (see withLayout): the configuration, the date and the
// injected script.
func (r *Renderer) siteFingerprint() uint64 {
	var f fingerprint
	f.h.SetSeed(r.opt.Memo.seedOrNew())
	cfg, _ := json.Marshal(r.cfg) // values, not pointers: stable across builds
	f.s(string(r.opt.Extra), string(cfg))
	f.i(int64(r.site.AsOf))
	// Links to the pages the site no longer shows are plain text on
	// every kind of page (document bodies, task rows, commitments, the
	// exports): a record edited out of display remakes them all.
	gone := slices.Sorted(maps.Keys(r.gone))
	f.s(gone...)
	return f.h.Sum64()
}

// newestDate is the date of the newest dated document: the date that pages
// without one of their own (listings, unit pages, undated texts) and feed
// entries without one give, so that they do not change from one day's
// build to the next. With no dated document at all, the build's date.
func (r *Renderer) newestDate() model.Date {
	r.newestOnce.Do(func() {
		for _, d := range r.site.Documents {
			r.newest = max(r.newest, docDate(d))
		}
		if r.newest == 0 {
			r.newest = r.site.AsOf
		}
	})
	return r.newest
}

// withLayout is the fingerprint fp of a page of kind with its layouts:
// a page is made again when its layouts changed, and only then.
func (r *Renderer) withLayout(kind string, fp uint64) uint64 {
	return maphash.Comparable(r.opt.Memo.seedOrNew(), [2]uint64{fp, r.tmpl.sums[kind]}) | 1
}

// fill sets the meta fields every page must carry, with fallbacks.
func (r *Renderer) fill(p *Page) {
	p.Site = r.info
	p.Extra = r.opt.Extra
	if p.Lang == "" {
		p.Lang = "zh-Hans"
	}
	if p.Column == "" {
		p.Column = "政府信息公开"
	}
	if p.ColumnType == "" {
		p.ColumnType = "列表页"
	}
	if p.ArticleTitle == "" {
		p.ArticleTitle = p.Title
		if p.ArticleTitle == "" {
			p.ArticleTitle = r.cfg.Title
		}
	}
	if p.PubDate == "" {
		p.PubDate = r.newestDate().ISO()
	}
	if p.ContentSource == "" {
		p.ContentSource = r.cfg.Organ
		if p.ContentSource == "" {
			p.ContentSource = r.cfg.Title
		}
	}
	if p.Keywords == "" {
		p.Keywords = p.Column
	}
	if p.Description == "" {
		p.Description = p.ArticleTitle
	}
	p.Canonical = template.URL(encodePath(r.cfg.AbsURL(p.Path)))
}

// Run renders everything. Document pages are rendered in parallel first,
// because listings, the catalogue and open data use their summaries.
func (r *Renderer) Run() error {
	if m := r.opt.Memo; m != nil {
		site := r.siteFingerprint()
		r.memoKept = m.begin(site)
		r.asPublished = m.samePublished(site, r.tmpl.sums)
		defer m.end()
		// Document pages show their tasks, and so do the task pages and
		// exports: documents() fingerprints the tasks first.
	}
	err := r.documents()
	if err != nil {
		return err
	}
	r.step("documents")
	// The index is written before the other pages, not beside them: its
	// encoding is parallel on its own, and the two together would hold
	// the postings, the encoded index and the largest pages at once.
	if !r.opt.NoSearch && !r.opt.DeferSearch {
		r.index.WritePieces = func(p string, pieces [][]byte) error {
			return r.stream(p, func(w io.Writer) error {
				for _, b := range pieces {
					if _, err := w.Write(b); err != nil {
						return err
					}
				}
				return nil
			})
		}
		if err := r.index.Write(r.write); err != nil {
			return err
		}
		r.step("search")
	}
	// Steps that only queue pages run in this goroutine; steps that do
	// heavy work themselves (open data, feeds) are jobs. The sitemap comes
	// last: it lists every page written.
	steps := []func() error{r.home, r.xxgk, r.listings, r.numbers, r.creditPages, r.commitmentPages,
		r.taskPages, r.catalogue, r.guide, r.notFound, r.searchPage, r.reports, r.aliases, r.assets, r.attachments, r.static}
	err = r.parallel(func(submit func(func() error)) error {
		for _, j := range r.dataJobs() {
			submit(j)
		}
		submit(r.feeds)
		r.submit = submit
		defer func() { r.submit = nil }()
		for _, s := range steps {
			if err := s(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := r.sitemap(); err != nil {
		return err
	}
	r.step("pages")
	r.checkEvidence()
	r.checkLinks()
	return nil
}

// checkShownText is the last check for personal data in a body: the text
// as the page shows it (and the summary, the feeds and the search index
// take it), with the markup gone. What the source writes whole was found by
// scan, with its position, or allowed; what the markup split so that scan's
// readings of the source (pii.ScanMarkup) missed it is reported here.
//
// It returns what it reported, which serve keeps with the page to report
// again when the page is reused.
func (r *Renderer) checkShownText(d *model.Document, body []byte, text string) []diag.Diagnostic {
	var found []diag.Diagnostic
	for _, h := range pii.ScanNumbers(text) {
		if slices.Contains(d.AllowPII, h.Text) || bytes.Contains(body, []byte(h.Text)) {
			continue
		}
		x := diag.Diagnostic{Severity: diag.Error, Pos: model.Pos{File: d.Source, Line: d.BodyLine},
			Msg: fmt.Sprintf("正文中有被标记拆开的%s %s", h.Kind, h.Text),
			Fix: "改写为 " + h.Masked + "（页面上去掉标记后，这个号码连在一起显示）；若确非个人信息，在前言中写 allow_pii = [\"" + h.Text + "\"]"}
		r.opt.Diags.Add(x)
		found = append(found, x)
	}
	return found
}

// checkEvidence warns of evidence links (tasks' progress, commitments) to
// site paths that lead to no page of the build. A warning, not an error:
// a page may end by the calendar alone (a credit record past its period),
// and a build must not start failing on a date with nothing edited.
func (r *Renderer) checkEvidence() {
	withheld := r.withheldPaths()
	check := func(ls []model.Link, pos model.Pos) {
		for _, l := range ls {
			if !strings.HasPrefix(l.URL, "/") {
				continue
			}
			clean := sitePath(l.URL)
			if withheld[clean] {
				r.opt.Diags.Errorf(pos, "删去这一项：不公开的内容不能从公开的页面链接，链接的地址本身就透露了它",
					"佐证材料链接 %s 指向不公开的内容", l.URL)
				continue
			}
			if why, ok := r.gone[clean]; ok {
				r.opt.Diags.Warnf(pos, "删去这一项（页面和导出数据中它已显示为不带链接的标题）",
					"佐证材料链接 %s 指向的页面已不存在：%s", l.URL, why)
				continue
			}
			if !r.exists(clean) {
				r.opt.Diags.Warnf(pos, "改正链接，或删去这一项（目标页面可能已删除、改名、不再公开，或已过公示期）",
					"佐证材料链接 %s 指向的页面不存在", l.URL)
			}
		}
	}
	for _, t := range r.site.Tasks {
		if p := t.Progress; p != nil {
			check(p.Evidence, p.EvidencePos)
		}
	}
	for _, c := range r.site.Commitments {
		check(c.Evidence, c.EvidencePos)
	}
}

// exists reports whether clean, a site path as sitePath gives it, is a
// page or file of the build.
func (r *Renderer) exists(clean string) bool {
	return r.written[clean] || r.written[path.Join(clean, "index.html")] || (clean == "." && r.written["index.html"])
}

// sitePath is the site path p without query, fragment, percent-escapes,
// leading and trailing slashes ("." for the home page).
func sitePath(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	return strings.TrimPrefix(path.Clean(p), "/")
}

// withheldPaths are the site paths (as sitePath gives them) that the
// withheld documents and attachments would have had.
func (r *Renderer) withheldPaths() map[string]bool {
	m := make(map[string]bool, len(r.site.WithheldURLs))
	for _, u := range r.site.WithheldURLs {
		m[sitePath(u)] = true
	}
	return m
}

// documents renders every document page and, unless NoSearch, feeds the
// search index as it goes (search.Builder.Index): each page's text is
// folded and indexed right after the page is written, so no document's
// text waits in memory for the index. Index ids follow URL order.
func (r *Renderer) documents() error {
	if r.opt.NoSearch {
		r.taskFingerprints()
		return r.parallel(func(submit func(func() error)) error {
			for _, d := range r.site.Documents {
				submit(func() error { _, err := r.document(d, nil); return err })
			}
			return nil
		})
	}
	order := r.urlOrder()
	if !r.opt.DeferSearch {
		r.taskFingerprints()
		return r.index.Index(len(order), func(id int, textBuf *[]byte) (search.Doc, error) {
			d := order[id]
			text, err := r.document(d, textBuf)
			return r.searchDoc(d, text), err
		})
	}
	r.deferred = make([]search.Doc, len(order))
	run := func(pick func(id int) bool) error {
		return r.parallel(func(submit func(func() error)) error {
			for id, d := range order {
				if pick(id) {
					submit(func() error {
						text, err := r.document(d, nil) // kept until the index is built: its own text
						r.deferred[id] = r.searchDoc(d, text)
						return err
					})
				}
			}
			return nil
		})
	}
	done, err := r.earlyPages(order, run)
	if err != nil {
		return err
	}
	return run(func(id int) bool { return done == nil || !done[id] })
}

// urlOrder is the site's documents in URL order (then by title): the
// order of search ids. The keys are taken once, beside the documents, so
// that a comparison reads no map; serve (Memo) keeps the order and sorts
// again only when a URL, a title or the documents' order changed (the
// sort took 0.3 s of a rebuild at 100,000 documents), and does not even
// hash them when the site model is the one the order was taken for.
func (r *Renderer) urlOrder() []*model.Document {
	docs := r.site.Documents
	var sum uint64
	if m := r.opt.Memo; m != nil {
		if kept := m.orderOf(r.site); kept != nil {
			return pick(docs, kept)
		}
		var h maphash.Hash
		h.SetSeed(m.seedOrNew())
		for _, d := range docs {
			h.WriteString(d.URL)
			h.WriteByte(0)
			h.WriteString(d.Title)
			h.WriteByte(0)
		}
		sum = h.Sum64()
		if kept := m.sortedOrder(sum, len(docs)); kept != nil {
			m.keepOrder(sum, kept, r.site)
			return pick(docs, kept)
		}
	}
	type keyed struct {
		url, title string
		i          int32
	}
	keys := make([]keyed, len(docs))
	for i, d := range docs {
		keys[i] = keyed{r.cfg.URL(d.URL), d.Title, int32(i)}
	}
	slices.SortFunc(keys, func(x, y keyed) int {
		return cmp.Or(strings.Compare(x.url, y.url), strings.Compare(x.title, y.title))
	})
	order := make([]*model.Document, len(keys))
	idx := make([]int32, len(keys))
	for i, k := range keys {
		order[i], idx[i] = docs[k.i], k.i
	}
	if m := r.opt.Memo; m != nil {
		m.keepOrder(sum, idx, r.site)
	}
	return order
}

// pick is docs in the order of the indexes kept.
func pick(docs []*model.Document, kept []int32) []*model.Document {
	order := make([]*model.Document, len(kept))
	for i, k := range kept {
		order[i] = docs[k]
	}
	return order
}

// earlyPages fingerprints the tasks and, with Early, renders the pages of
// the edited documents that changed first (their tasks' fingerprints are
// all their fingerprints need) and hands them to Early before every other
// task is fingerprinted; it returns which ids of order it rendered (nil:
// none). The other pages follow (most from the memo, some made again: a
// document citing an edited one, say). No early pages when the layouts or
// the configuration changed: every page changes then, and pages made with
// the new ones must not be shown among pages made with the old.
func (r *Renderer) earlyPages(order []*model.Document, run func(pick func(id int) bool) error) ([]bool, error) {
	var edited []int
	if r.opt.Early != nil && r.opt.Memo != nil && r.memoKept && r.asPublished {
		for id, d := range order {
			if r.opt.Edited[d.Source] {
				edited = append(edited, id)
			}
		}
	}
	if len(edited) == 0 {
		r.taskFingerprints()
		return nil, nil
	}
	r.taskFingerprintsOf(order, edited)
	r.docFP = map[*model.Document]uint64{}
	done := make([]bool, len(order))
	var paths []string
	for _, id := range edited {
		d := order[id]
		r.docFP[d] = r.docFingerprint(d)
		if !r.opt.Memo.holds(d.Source, r.docFP[d]) {
			done[id] = true
			paths = append(paths, model.OutPath(d.URL))
		}
	}
	if err := run(func(id int) bool { return done[id] }); err != nil {
		return nil, err
	}
	// The edited pages are shown before the build ends, not when they
	// already fail: a link to a withheld page is an error, and shown it
	// would disclose the address.
	docs := make(map[*model.Document]bool, len(edited))
	for _, id := range edited {
		docs[order[id]] = true
	}
	if !r.opt.Diags.HasErrors() && !r.linksWithheld(docs) {
		r.opt.Early(paths)
	}
	r.taskFingerprints()
	return done, nil
}

// DeferredIndex returns, after Run with DeferSearch, the function that
// builds the search index and writes its files through write: the same
// files a build without DeferSearch writes.
func (r *Renderer) DeferredIndex() func(write func(path string, data []byte) error) error {
	docs := r.deferred
	r.deferred = nil
	var memo *search.Memo
	if r.opt.Memo != nil {
		memo = &r.opt.Memo.Index
	}
	return func(write func(path string, data []byte) error) error {
		return search.Build(memo, docs, write)
	}
}

func (r *Renderer) step(name string) {
	if r.opt.Step != nil {
		r.opt.Step(name)
	}
}

// checkLinks reports author-written links to pages or files that the build
// did not produce (inspections deduct for broken links).
func (r *Renderer) checkLinks() {
	var withheld map[string]bool
	for _, l := range r.links {
		clean, ok := l.sitePath()
		if !ok || r.exists(clean) {
			continue
		}
		if withheld == nil {
			withheld = r.withheldPaths()
		}
		if withheld[clean] {
			r.opt.Diags.Errorf(l.pos, "删去这个链接：不公开的内容不能从公开的页面链接，链接的地址本身就透露了它",
				"站内链接 %s 指向不公开的内容", l.dest)
			continue
		}
		if why, ok := r.gone[clean]; ok {
			r.opt.Diags.Warnf(l.pos, "删去这个链接（页面上它已显示为普通文字）",
				"站内链接 %s 指向的页面已不存在：%s", l.dest, why)
			continue
		}
		r.opt.Diags.Errorf(l.pos, "站内链接写成网站中的路径，如 /policies/shenzhengfa-2017-45/；检查拼写或目标文件是否被删除、改名（改名时可用 aliases 保留旧地址）",
			"站内链接 %s 指向的页面不存在", l.dest)
	}
}

// sitePath is the site path the link goes to (as sitePath gives it), or
// false for an anchor on the page or an external link.
func (l *pendingLink) sitePath() (string, bool) {
	dest := l.dest
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	if dest == "" || strings.Contains(dest, ":") || strings.HasPrefix(dest, "//") {
		return "", false
	}
	p := dest
	if !strings.HasPrefix(p, "/") {
		p = path.Join(l.doc.URL, p)
		if strings.HasSuffix(dest, "/") {
			p += "/"
		}
	}
	return sitePath(p), true
}

// linksWithheld reports whether a document in docs links to a withheld
// document or attachment (checkLinks reports it once the build is done).
func (r *Renderer) linksWithheld(docs map[*model.Document]bool) bool {
	var withheld map[string]bool
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.links {
		l := &r.links[i]
		if !docs[l.doc] {
			continue
		}
		if withheld == nil {
			withheld = r.withheldPaths()
		}
		if p, ok := l.sitePath(); ok && withheld[p] {
			return true
		}
	}
	return false
}

// linker turns cited 发文字号 and exact 《titles》 of documents on the site
// into links. Numbers of withheld documents are not in site.Numbers, so they
// stay plain text.
func (r *Renderer) linker(self *model.Document) markdown.Linker {
	return func(text string) []markdown.Span {
		var spans []markdown.Span
		for _, m := range docno.Find(text) {
			key := m.Number.Key()
			if key == self.DocKey {
				continue
			}
			cn := r.site.Numbers[key]
			if cn == nil {
				continue
			}
			u := cn.URL
			if cn.Target != nil {
				u = cn.Target.URL
			}
			spans = append(spans, markdown.Span{Start: m.Start, End: m.End, URL: r.cfg.URL(u)})
		}
		if strings.Contains(text, "《") {
			spans = r.titleSpans(text, self, spans)
		}
		if len(spans) > 1 { // spans do not overlap: their starts differ
			slices.SortFunc(spans, func(a, b markdown.Span) int { return a.Start - b.Start })
		}
		return spans
	}
}

// titleSpans adds links for the 《titles》 in text (outermost brackets,
// nesting balanced, as resolve reads them: cjk.Titles) that are exactly
// the title of another policy document, unless a number's link overlaps.
func (r *Renderer) titleSpans(text string, self *model.Document, spans []markdown.Span) []markdown.Span {
	for start, end := range cjk.Titles(text) {
		d := r.titles[text[start:end]]
		if d == nil || d == self {
			continue
		}
		overlap := false
		for _, s := range spans {
			if s.Start < end && start < s.End {
				overlap = true
			}
		}
		if !overlap {
			spans = append(spans, markdown.Span{Start: start, End: end, URL: r.cfg.URL(d.URL)})
		}
	}
	return spans
}

// Summary returns the document's 内容概述: its own summary, else the first
// 300 characters of its text.
func (r *Renderer) Summary(d *model.Document) string {
	if d.Summary != "" {
		return d.Summary
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.summary[d]
}

func excerpt(text string, n int) string {
	var b strings.Builder
	b.Grow(min(len(text), 3*n+n/2)) // n characters, mostly Han: no regrowth
	count := 0
	space := false
	for _, c := range text {
		if unicode.IsSpace(c) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			if last < 0x2E80 && c < 0x2E80 {
				b.WriteByte(' ')
				count++
			}
		}
		space = false
		if count >= n {
			break
		}
		b.WriteRune(c)
		count++
	}
	if b.Cap()-b.Len() > 64 {
		// The summary is kept for the whole build (listings, catalogue,
		// feeds): not in room sized for the longest case (19 MB at
		// 100,000 documents).
		return strings.Clone(b.String())
	}
	return b.String()
}

// document renders a document's page and returns its text for the search
// index: with textBuf, in a one-off build, a view of *textBuf (see
// search.Builder.Index).
func (r *Renderer) document(d *model.Document, textBuf *[]byte) (pageText, error) {
	var fp uint64
	if m := r.opt.Memo; m != nil {
		var ok bool
		if fp, ok = r.docFP[d]; !ok {
			fp = r.docFingerprint(d)
		}
		if e := m.get(d.Source, fp, true); e != nil {
			return pageText{kept: e.text, sum: e.textSum}, r.reuse(d, e)
		}
	}
	// A one-off build reads the body and renders its HTML into pooled
	// buffers, given back once the page is written (see docBufs); serve's
	// memo keeps what it needs as copies.
	bufs := docBufs.Get().(*docBuffers)
	defer docBufs.Put(bufs)
	body, err := r.site.BodyInto(d, bufs.body)
	if err != nil {
		r.opt.Diags.Errorf(model.Pos{File: d.Source}, "保存好文件后重新构建", "%v", err)
		return pageText{}, nil
	}
	if cap(body) > cap(bufs.body) && d.Body == nil {
		bufs.body = body[:0] // a larger file: keep its buffer for the next
	}
	if r.opt.Memo != nil {
		textBuf = nil // serve keeps the text (keepText)
	}
	res, err := r.md.RenderInto(&bufs.html, textBuf, body, r.linker(d), r.unlinker(d))
	if err != nil {
		return pageText{}, fmt.Errorf("%s: 正文无法转换：%v", d.Source, err)
	}
	shown := r.checkShownText(d, body, res.Text)
	sum := excerpt(res.Text, 300)
	sum0 := sum
	var links []pendingLink
	for _, l := range res.Links {
		pos := model.Pos{File: d.Source, Line: d.BodyLine}
		if l.Offset >= 0 && l.Offset <= len(body) {
			line, col := cndate.Line(string(body), l.Offset)
			pos = model.Pos{File: d.Source, Line: d.BodyLine + line - 1, Col: col}
		}
		links = append(links, pendingLink{d, l.Dest, pos})
	}
	r.mu.Lock()
	r.summary[d] = sum
	r.links = append(r.links, links...)
	r.mu.Unlock()
	if d.Summary != "" {
		sum = d.Summary
	}
	column := d.Kind.Label()
	p := &Page{
		// The page is zh-Hans (navigation, footer); the article carries the
		// document's own script.
		Path: d.URL, Title: d.Title, Doc: d, Body: viewHTML(res.HTML),
		Column: column, ColumnType: "文章页", ArticleTitle: d.Title, PubDate: d.Published.ISO(),
		ContentSource: d.OrganLine(), Keywords: strings.Join(d.Keywords, ","), Description: excerpt(sum, 120),
		Crumbs: []Crumb{{"首页", "/"}, {"政府信息公开", "/xxgk/"}, {column, "/" + content.KindFolder(d.Kind) + "/"}, {d.Title, ""}},
	}
	if p.PubDate == "" {
		p.PubDate = d.Signed.ISO()
	}
	if p.ContentSource == "" {
		p.ContentSource = d.SourceName
	}
	if p.Keywords == "" {
		p.Keywords = column
	}
	data := docData{Describe: resolve.Describe(d.Status)}
	if len(d.Tasks) > 0 {
		data.TaskTable = TaskTable{Caption: "本文件的任务分工（" + strconv.Itoa(len(d.Tasks)) + " 项）"}
		if r.tmpl.docPage != nil {
			// The page is written in Go: its rows go straight into it.
			data.writeRows = func(b *bytes.Buffer) { r.writeTaskRows(b, d.Tasks, false) }
		} else {
			data.TaskTable.RowsHTML = r.taskRows(d.Tasks, false)
		}
	}
	p.Data = data
	if m := r.opt.Memo; m != nil {
		f, err := r.keep("document", p)
		if err != nil {
			return pageText{}, err
		}
		if err := r.writeFile(model.OutPath(p.Path), f); err != nil {
			return pageText{}, err
		}
		text := pageText{kept: r.keepText(res.Text), sum: maphash.String(m.seedOrNew(), res.Text) | 1}
		m.put(d.Source, &memoPage{fp: fp, file: f, text: text.kept, textSum: text.sum, summary: sum0, links: links, found: shown})
		d.Body = nil
		return text, nil
	} else if err := r.executeWrite("document", p, model.OutPath(p.Path)); err != nil {
		return pageText{}, err
	}
	// The body is not needed after its page: releasing it keeps the memory
	// of a large build bounded by what is still to be rendered.
	d.Body = nil
	return pageText{text: res.Text}, nil
}

// pageText is a document page's text for the search index: the text, or
// in serve the memo's copy (packed) and its hash, which the index reads
// only if it needs the text (search.Doc.Lazy, search.Memo).
type pageText struct {
	text string
	kept publish.File
	sum  uint64
}

// docBuffers are a document page's working buffers: the body read again and
// its HTML. Nothing made from them outlives the page: the template copies
// the HTML into the page, the text and links are copies.
type docBuffers struct {
	body []byte
	html bytes.Buffer
}

var docBufs = sync.Pool{New: func() any { return new(docBuffers) }}

// viewHTML is b as template.HTML without a copy; b must not change while
// the value is in use.
func viewHTML(b []byte) template.HTML {
	if len(b) == 0 {
		return ""
	}
	return template.HTML(unsafe.String(&b[0], len(b)))
}

// searchDoc is the search index entry of a document.
func (r *Renderer) searchDoc(d *model.Document, text pageText) search.Doc {
	sd := search.Doc{URL: r.cfg.URL(d.URL), Title: d.Title, DocNo: d.DocNo, Organs: slices.Clone(d.Organs), Kind: string(d.Kind),
		KindLabel: d.Kind.Label(), Tag: string(d.Status.Tag), Topic: firstLevel(d.Topic), Date: d.Published.ISO(), Year: d.Year, Text: text.text,
		Lang: foreignScript(d)}
	if sd.Text == "" && text.sum != 0 {
		kept := text.kept
		sd.Sum = text.sum
		sd.Lazy = func() (string, error) {
			b, err := kept.Bytes()
			return unsafe.String(unsafe.SliceData(b), len(b)), err
		}
	}
	if sd.Date == "" {
		sd.Date = d.Signed.ISO()
	}
	return sd
}

// reuse writes a memoised document page and feeds the index, summaries and
// link checks exactly as rendering it would.
func (r *Renderer) reuse(d *model.Document, e *memoPage) error {
	for _, x := range e.found {
		r.opt.Diags.Add(x) // reported again while the page stays as it is
	}
	r.mu.Lock()
	r.summary[d] = e.summary
	for _, l := range e.links {
		l.doc = d
		r.links = append(r.links, l)
	}
	r.mu.Unlock()
	if err := r.writeFile(model.OutPath(d.URL), e.file); err != nil {
		return err
	}
	d.Body = nil
	return nil
}

type docData struct {
	Describe  string
	TaskTable TaskTable
	// writeRows writes the task table's rows when the page is written in
	// Go (docPageFunc); TaskTable.RowsHTML is empty then.
	writeRows func(*bytes.Buffer)
}

// TaskTable is the data of the "tasktable" partial.
type TaskTable struct {
	Caption  string
	RowsHTML template.HTML // see taskRows
	More     string        // URL of the full list when only the first rows are shown
}

func firstLevel(topic string) string {
	s, _, _ := strings.Cut(topic, "/")
	return s
}
