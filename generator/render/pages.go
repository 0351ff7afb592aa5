package render

import (
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gongkai/generator/model"
	"gongkai/generator/resolve"
)

// Pager is the data of the "pager" partial.
type Pager struct {
	Current, Total int
	Prev, Next     string
	Pages          []PagerLink
}

// PagerLink is one numbered page link.
type PagerLink struct {
	N       int
	URL     string
	Current bool
}

// pageURL is the URL of page n of a listing at base.
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

func newPager(base string, cur, total int) *Pager {
	p := &Pager{Current: cur, Total: total}
	if cur > 1 {
		p.Prev = pageURL(base, cur-1)
	}
	if cur < total {
		p.Next = pageURL(base, cur+1)
	}
	// A window of pages around the current one, plus the first and last:
	// the pager stays small on a listing of thousands of pages.
	for n := 1; n <= total; n++ {
		if n == 1 || n == total || (n >= cur-3 && n <= cur+3) {
			p.Pages = append(p.Pages, PagerLink{N: n, URL: pageURL(base, n), Current: n == cur})
		}
	}
	return p
}

// Facet is a named link with a count.
type Facet struct {
	Name, URL string
	Count     int
	Current   bool
}

// Facets are the browse links beside the policy library.
type Facets struct {
	Tags, Organs, Years, Topics []Facet
}

type listData struct {
	Intro  string
	Total  int
	Views  []Facet
	Facets *Facets
}

// paged writes a listing of docs at base, PageSize entries a page.
func (r *Renderer) paged(base, title string, docs []*model.Document, crumbs []Crumb, data listData) error {
	size := r.cfg.PageSize
	total := (len(docs) + size - 1) / size
	if total == 0 {
		total = 1
	}
	data.Total = len(docs)
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*size, n*size
		if hi > len(docs) {
			hi = len(docs)
		}
		t := title
		if n > 1 {
			t = fmt.Sprintf("%s（第%d页）", title, n)
		}
		p := &Page{Path: pageURL(base, n), Title: t, Docs: docs[lo:hi], Pager: newPager(base, n, total), Data: data,
			Crumbs: append(append([]Crumb(nil), crumbs...), Crumb{title, ""}), Column: title}
		if len(docs) > 0 {
			p.PubDate = docs[0].Published.ISO()
		}
		if err := r.page("list", p); err != nil {
			return err
		}
	}
	return nil
}

func (r *Renderer) home() error {
	take := func(k model.Kind, n int) []*model.Document {
		ds := r.site.ByKind(k)
		if len(ds) > n {
			ds = ds[:n]
		}
		return ds
	}
	p := &Page{Path: "/", Title: "", Column: "首页", ColumnType: "首页", ArticleTitle: r.cfg.Title,
		Data: map[string]any{
			"Policies":        take(model.KindPolicy, 8),
			"Interpretations": take(model.KindInterpretation, 5),
			"News":            take(model.KindNews, 5),
			"Reports":         r.reportLinks(),
		}}
	return r.page("home", p)
}

func (r *Renderer) xxgk() error {
	inForce := 0
	for _, d := range r.site.ByKind(model.KindPolicy) {
		if d.Status.Tag.InForce() {
			inForce++
		}
	}
	p := &Page{Path: "/xxgk/", Title: "政府信息公开", ColumnType: "栏目首页", Crumbs: []Crumb{{"首页", "/"}, {"政府信息公开", ""}},
		Data: map[string]any{
			"Policies": len(r.site.ByKind(model.KindPolicy)), "InForce": inForce,
			"Interpretations": len(r.site.ByKind(model.KindInterpretation)), "News": len(r.site.ByKind(model.KindNews)),
			"Tasks": len(r.site.Tasks), "Credit": len(r.site.Credit), "Commitments": len(r.site.Commitments),
			"Reports": r.reportLinks(),
		}}
	return r.page("xxgk", p)
}

var tagOrder = []model.Effect{model.EffectValid, model.EffectAmended, model.EffectPending, model.EffectExpired, model.EffectRepealed}

// listings writes the policy library and its views, and the lists of
// interpretations and news. Every group is built in one pass over the
// documents (no step is quadratic).
func (r *Renderer) listings() error {
	policies := r.site.ByKind(model.KindPolicy)
	crumbs := []Crumb{{"首页", "/"}, {"政府信息公开", "/xxgk/"}}
	libCrumbs := append(append([]Crumb(nil), crumbs...), Crumb{"政策文件", "/policies/"})
	byTag := map[model.Effect][]*model.Document{}
	byOrgan := map[string][]*model.Document{}
	byYear := map[int][]*model.Document{}
	byTopic := map[string][]*model.Document{}
	var inForce, archive []*model.Document
	for _, d := range policies {
		byTag[d.Status.Tag] = append(byTag[d.Status.Tag], d)
		if d.Status.Tag.InForce() {
			inForce = append(inForce, d)
		} else if d.Status.Tag == model.EffectExpired || d.Status.Tag == model.EffectRepealed {
			archive = append(archive, d)
		}
		for _, o := range d.Organs {
			byOrgan[o] = append(byOrgan[o], d)
		}
		if d.Year > 0 {
			byYear[d.Year] = append(byYear[d.Year], d)
		}
		if t := firstLevel(d.Topic); t != "" {
			byTopic[t] = append(byTopic[t], d)
		}
	}
	f := &Facets{}
	for _, t := range tagOrder {
		if n := len(byTag[t]); n > 0 {
			f.Tags = append(f.Tags, Facet{Name: string(t), URL: "/policies/tag/" + string(t) + "/", Count: n})
		}
	}
	for _, o := range slices.Sorted(maps.Keys(byOrgan)) {
		f.Organs = append(f.Organs, Facet{Name: o, URL: "/policies/organ/" + resolve.PathSegment(o) + "/", Count: len(byOrgan[o])})
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	for _, y := range years {
		f.Years = append(f.Years, Facet{Name: strconv.Itoa(y) + "年", URL: "/policies/year/" + strconv.Itoa(y) + "/", Count: len(byYear[y])})
	}
	for _, t := range slices.Sorted(maps.Keys(byTopic)) {
		f.Topics = append(f.Topics, Facet{Name: t, URL: "/policies/topic/" + resolve.PathSegment(t) + "/", Count: len(byTopic[t])})
	}
	views := func(cur string) []Facet {
		v := []Facet{{Name: "全部", URL: "/policies/", Count: len(policies)}, {Name: "现行有效", URL: "/policies/in-force/", Count: len(inForce)},
			{Name: "已失效、废止", URL: "/policies/archive/", Count: len(archive)}}
		for i := range v {
			v[i].Current = v[i].URL == cur
		}
		return v
	}
	lib := listData{Intro: "本机关发布的全部政策文件，按发布日期由新到旧排列。每个文件标明有效性，按当日计算。", Facets: f}
	lib.Views = views("/policies/")
	if err := r.paged("/policies/", "政策文件", policies, crumbs, lib); err != nil {
		return err
	}
	lv := listData{Intro: "现行有效的文件：有效及已修改（部分条款被修改、其余仍有效）的文件。", Facets: f, Views: views("/policies/in-force/")}
	if err := r.paged("/policies/in-force/", "现行有效文件", inForce, libCrumbs, lv); err != nil {
		return err
	}
	av := listData{Intro: "已失效（有效期届满）或已废止的文件，仅供查阅。", Facets: f, Views: views("/policies/archive/")}
	if err := r.paged("/policies/archive/", "已失效、废止的文件", archive, libCrumbs, av); err != nil {
		return err
	}
	for _, t := range f.Tags {
		if err := r.paged(t.URL, "有效性："+t.Name, byTag[model.Effect(t.Name)], libCrumbs, listData{Facets: f}); err != nil {
			return err
		}
	}
	for _, o := range f.Organs {
		if err := r.paged(o.URL, "发文机关："+o.Name, byOrgan[o.Name], libCrumbs, listData{Facets: f}); err != nil {
			return err
		}
	}
	for i, y := range years {
		if err := r.paged(f.Years[i].URL, f.Years[i].Name+"文件", byYear[y], libCrumbs, listData{Facets: f}); err != nil {
			return err
		}
	}
	for _, t := range f.Topics {
		if err := r.paged(t.URL, "主题分类："+t.Name, byTopic[t.Name], libCrumbs, listData{Facets: f}); err != nil {
			return err
		}
	}
	if err := r.paged("/interpretations/", "政策解读", r.site.ByKind(model.KindInterpretation), crumbs, listData{}); err != nil {
		return err
	}
	return r.paged("/news/", "政务动态", r.site.ByKind(model.KindNews), crumbs, listData{})
}

// numbers writes a page for each cited number not carried by a document on
// the site (a number on the site is its document's page).
func (r *Renderer) numbers() error {
	for _, k := range slices.Sorted(maps.Keys(r.site.Numbers)) {
		n := r.site.Numbers[k]
		if n.Target != nil {
			continue
		}
		title := n.Number
		if n.Title != "" {
			title = n.Number + "：" + n.Title
		}
		p := &Page{Path: n.URL, Title: title, Data: n, Crumbs: []Crumb{{"首页", "/"}, {"政策文件", "/policies/"}, {n.Number, ""}}}
		if err := r.page("number", p); err != nil {
			return err
		}
	}
	return nil
}

func (r *Renderer) creditPages() error {
	var types, sevs []string
	years := map[string]bool{}
	seenT, seenS := map[string]bool{}, map[string]bool{}
	for _, c := range r.site.Credit {
		if !seenT[c.SubjectType] {
			seenT[c.SubjectType] = true
			types = append(types, c.SubjectType)
		}
		if !seenS[c.Severity] {
			seenS[c.Severity] = true
			sevs = append(sevs, c.Severity)
		}
		years[strconv.Itoa(c.Decided.Year())] = true
	}
	sort.Strings(types)
	sort.Strings(sevs)
	yl := slices.Sorted(maps.Keys(years))
	sort.Sort(sort.Reverse(sort.StringSlice(yl)))
	per := r.cfg.Credit.Periods
	periods := fmt.Sprintf("一般失信 %d–%d 个月，严重失信 %d–%d 个月", per["一般"][0], per["一般"][1], per["严重"][0], per["严重"][1])
	crumbs := []Crumb{{"首页", "/"}, {"政府信息公开", "/xxgk/"}}
	if err := r.page("credit-list", &Page{Path: "/credit/", Title: "政务失信记录", Crumbs: append(crumbs, Crumb{"政务失信记录", ""}),
		Data: map[string]any{"Records": r.site.Credit, "Types": types, "Severities": sevs, "Years": yl, "Periods": periods}}); err != nil {
		return err
	}
	for _, c := range r.site.Credit {
		p := &Page{Path: c.URL, Title: "失信记录：" + c.DisplaySubject, Data: c, ColumnType: "文章页", PubDate: c.Decided.ISO(), ContentSource: c.Organ,
			Crumbs: append(append([]Crumb(nil), crumbs...), Crumb{"政务失信记录", "/credit/"}, Crumb{c.DisplaySubject, ""})}
		if err := r.page("credit", p); err != nil {
			return err
		}
	}
	return nil
}

// commitmentsShown are the commitments as their pages show them: an
// evidence link to a page the site no longer shows (see gonePages) has
// no URL, and the layout shows its title only.
func (r *Renderer) commitmentsShown() []*model.Commitment {
	out := r.site.Commitments
	for i, c := range r.site.Commitments {
		var ev []model.Link
		for j, l := range c.Evidence {
			if r.goneLink(l.URL) {
				if ev == nil {
					ev = slices.Clone(c.Evidence)
				}
				ev[j].URL = ""
			}
		}
		if ev == nil {
			continue
		}
		if &out[0] == &r.site.Commitments[0] {
			out = slices.Clone(out)
		}
		cc := *c
		cc.Evidence = ev
		out[i] = &cc
	}
	return out
}

func (r *Renderer) commitmentPages() error {
	shown := r.commitmentsShown()
	bySubject := map[string][]*model.Commitment{}
	for _, c := range shown {
		bySubject[c.Subject] = append(bySubject[c.Subject], c)
	}
	var subjects []Facet
	for _, s := range slices.Sorted(maps.Keys(bySubject)) {
		subjects = append(subjects, Facet{Name: s, URL: resolve.SubjectURL(s), Count: len(bySubject[s])})
	}
	crumbs := []Crumb{{"首页", "/"}, {"政府信息公开", "/xxgk/"}}
	if err := r.page("commitments", &Page{Path: "/commitments/", Title: "公开承诺", Crumbs: append(crumbs, Crumb{"公开承诺", ""}),
		Data: map[string]any{"Items": shown, "Subjects": subjects}}); err != nil {
		return err
	}
	for _, s := range subjects {
		items := bySubject[s.Name]
		kept := 0
		for _, c := range items {
			if c.State == "已兑现" {
				kept++
			}
		}
		rate := fmt.Sprintf("%.0f%%", 100*float64(kept)/float64(len(items)))
		p := &Page{Path: s.URL, Title: "公开承诺：" + s.Name, Crumbs: append(append([]Crumb(nil), crumbs...), Crumb{"公开承诺", "/commitments/"}, Crumb{s.Name, ""}),
			Data: map[string]any{"Subject": s.Name, "Items": items, "Total": len(items), "Kept": kept, "Rate": rate}}
		if err := r.page("commitments", p); err != nil {
			return err
		}
	}
	return nil
}

func (r *Renderer) catalogue() error {
	const path = "/catalogue/"
	// Everything the catalogue shows is drawn from the documents' rows, so
	// with a Memo the documents' fingerprint stands for the page's data.
	var fp uint64
	if m := r.opt.Memo; m != nil {
		var f fingerprint
		f.h.SetSeed(m.seedOrNew())
		f.s("catalogue-page")
		f.i(int64(r.dataKeys().docs), int64(r.recordRows().fp), int64(r.newestDate()))
		fp = r.withLayout("catalogue", f.h.Sum64())
		if e := m.get(path, fp, false); e != nil {
			return r.writeFile(model.OutPath(path), e.file)
		}
	}
	rows := r.catalogueRows()
	kinds, organs, years, topics := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, row := range rows {
		kinds[row.Kind] = true
		if row.Organ != "" {
			organs[row.Organ] = true
		}
		if row.Year != "" {
			years[row.Year] = true
		}
		if row.Topic != "" {
			topics[row.Topic] = true
		}
	}
	yl := slices.Sorted(maps.Keys(years))
	sort.Sort(sort.Reverse(sort.StringSlice(yl)))
	return r.pageFP("catalogue", &Page{Path: path, Title: "政府信息公开目录", Crumbs: []Crumb{{"首页", "/"}, {"政府信息公开", "/xxgk/"}, {"政府信息公开目录", ""}},
		Data: map[string]any{"Rows": rows, "Kinds": slices.Sorted(maps.Keys(kinds)), "Organs": slices.Sorted(maps.Keys(organs)), "Years": yl, "Topics": slices.Sorted(maps.Keys(topics))}}, fp)
}

// CatalogueRow is one entry of the 政府信息公开目录 (条例第十二条: 索引、名称、
// 内容概述、生成日期), with the fields used to filter it.
type CatalogueRow struct {
	IndexNo string `json:"index_no"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Date    string `json:"date"`
	URL     string `json:"url"`
	Kind    string `json:"kind"`
	Organ   string `json:"organ"`
	Year    string `json:"year"`
	Lang    string `json:"-"` // the title's script when not the page's (see foreignScript)
	Topic   string `json:"topic"`
}

func (r *Renderer) catalogueRows() []CatalogueRow {
	rows := make([]CatalogueRow, len(r.site.Documents), len(r.site.Documents)+len(r.site.Credit)+len(r.site.Commitments))
	for i, d := range r.site.Documents {
		rows[i] = r.catalogueRow(d)
	}
	return append(rows, r.recordRows().rows...)
}

// catalogueKeys are the fingerprint of the catalogue's data (docsFP with
// the records' rows; 0, no memo, when docsFP is) and each row's key.
func (r *Renderer) catalogueKeys(docsFP uint64, docKey func(int) uint64) (uint64, func(int) uint64) {
	if docsFP == 0 {
		return 0, docKey
	}
	rec := r.recordRows()
	n := len(r.site.Documents)
	return maphash.Comparable(r.opt.Memo.seedOrNew(), [2]uint64{docsFP, rec.fp}) | 1, func(i int) uint64 {
		if i < n {
			return docKey(i)
		}
		return rec.keys[i-n]
	}
}

// recordRowsOf are the catalogue's entries of the credit records on
// display and of the commitments (after the documents'), and with a Memo
// each row's key and the fingerprint of them all.
type recordRowsOf struct {
	rows []CatalogueRow
	keys []uint64
	fp   uint64
}

// recordRows makes the records' catalogue entries once per render.
func (r *Renderer) recordRows() *recordRowsOf {
	r.recRowsOnce.Do(func() {
		rec := &recordRowsOf{}
		year := func(d model.Date) string {
			if d == 0 {
				return ""
			}
			return strconv.Itoa(d.Year())
		}
		for _, c := range r.site.Credit {
			rec.rows = append(rec.rows, CatalogueRow{IndexNo: c.IndexNo, Title: "失信记录：" + c.DisplaySubject, Summary: excerpt(c.Behaviour, 300),
				Date: c.Decided.ISO(), URL: r.cfg.URL(c.URL), Kind: "政务失信记录", Organ: c.Organ, Year: year(c.Decided)})
		}
		for _, c := range r.site.Commitments {
			rec.rows = append(rec.rows, CatalogueRow{IndexNo: c.IndexNo, Title: "公开承诺：" + c.Subject, Summary: excerpt(c.Content, 300),
				Date: c.Made.ISO(), URL: r.cfg.URL(resolve.CommitmentAnchor(c)), Kind: "公开承诺", Organ: c.Subject, Year: year(c.Made)})
		}
		if r.opt.Memo != nil {
			var f fingerprint
			f.h.SetSeed(r.opt.Memo.seedOrNew())
			for _, c := range rec.rows {
				f.h.Reset()
				f.s(c.IndexNo, c.Title, c.Summary, c.Date, c.URL, c.Kind, c.Organ, c.Year, c.Topic)
				rec.keys = append(rec.keys, f.h.Sum64()|1)
			}
			f.h.Reset()
			f.i(int64(len(rec.keys)))
			for _, k := range rec.keys {
				f.i(int64(k))
			}
			rec.fp = f.h.Sum64()
		}
		r.recRows = rec
	})
	return r.recRows
}

// catalogueRow is a document's entry of the catalogue.
func (r *Renderer) catalogueRow(d *model.Document) CatalogueRow {
	date := d.Signed
	if date == 0 {
		date = d.Published
	}
	y := ""
	if d.Year > 0 {
		y = strconv.Itoa(d.Year)
	}
	return CatalogueRow{IndexNo: d.IndexNo, Title: d.Title, Summary: excerpt(r.Summary(d), 300), Date: date.ISO(),
		URL: r.cfg.URL(d.URL), Kind: d.Kind.Label(), Organ: d.OrganLine(), Year: y, Topic: firstLevel(d.Topic), Lang: foreignScript(d)}
}

func (r *Renderer) guide() error {
	kinds := []model.Kind{model.KindPolicy, model.KindInterpretation, model.KindNews}
	type row struct {
		Year   string
		Counts []int
	}
	// Per year: the documents by kind, then the credit records on display
	// and the commitments.
	ncol := len(kinds) + 2
	counts := map[int][]int{}
	count := func(y, col int) {
		if counts[y] == nil {
			counts[y] = make([]int, ncol)
		}
		counts[y][col]++
	}
	for _, d := range r.site.Documents {
		for i, k := range kinds {
			if d.Kind == k {
				count(d.Year, i)
			}
		}
	}
	for _, c := range r.site.Credit {
		count(c.Decided.Year(), len(kinds))
	}
	for _, c := range r.site.Commitments {
		count(c.Made.Year(), len(kinds)+1)
	}
	var ys []int
	for y := range counts {
		ys = append(ys, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ys)))
	var rows []row
	for _, y := range ys {
		name := strconv.Itoa(y) + "年"
		if y == 0 {
			name = "年份不详"
		}
		rows = append(rows, row{name, counts[y]})
	}
	var labels []string
	for _, k := range kinds {
		labels = append(labels, k.Label())
	}
	labels = append(labels, "政务失信记录", "公开承诺")
	type wrow struct {
		Name, Article string
		Count         int
	}
	var withheld []wrow
	for _, name := range exemptionNames {
		withheld = append(withheld, wrow{name, exemptionArticle[name], r.site.WithheldCounts[name]})
	}
	return r.page("guide", &Page{Path: "/guide/", Title: "公开指南与统计", Crumbs: []Crumb{{"首页", "/"}, {"政府信息公开", "/xxgk/"}, {"公开指南与统计", ""}},
		Data: map[string]any{"Kinds": labels, "Rows": rows, "Withheld": withheld}})
}

var exemptionNames = []string{"国家秘密", "法律法规禁止公开", "三安全一稳定", "商业秘密", "个人隐私", "第三方合法权益", "内部事务信息", "过程性信息", "行政执法案卷"}
var exemptionArticle = map[string]string{"国家秘密": "第十四条", "法律法规禁止公开": "第十四条", "三安全一稳定": "第十四条", "商业秘密": "第十五条",
	"个人隐私": "第十五条", "第三方合法权益": "第十五条", "内部事务信息": "第十六条", "过程性信息": "第十六条", "行政执法案卷": "第十六条"}

// reportLinks lists the annual reports for the home and column pages.
func (r *Renderer) reportLinks() []Facet {
	var out []Facet
	for _, rep := range r.opt.Reports {
		out = append(out, Facet{Name: rep.Title(), URL: rep.Path()})
	}
	return out
}

// reports writes each 政府信息公开工作年度报告 page and the CSV of each table.
func (r *Renderer) reports() error {
	for _, rep := range r.opt.Reports {
		p := &Page{Path: rep.Path(), Title: rep.Title(), ArticleTitle: rep.Title(), PubDate: rep.Published.ISO(), ContentSource: rep.Organ,
			ColumnType: "文章页", Column: "政府信息公开工作年度报告", Data: rep,
			Crumbs: []Crumb{{"首页", "/"}, {"政府信息公开", "/xxgk/"}, {"年度报告", ""}}}
		if err := r.page("report", p); err != nil {
			return err
		}
		csvs := rep.CSV()
		for _, name := range slices.Sorted(maps.Keys(csvs)) {
			if err := r.write(strings.TrimPrefix(rep.Path(), "/")+name, csvs[name]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *Renderer) notFound() error {
	p := &Page{Path: "/404.html", Title: "页面不存在", Crumbs: []Crumb{{"首页", "/"}, {"页面不存在", ""}}}
	return r.page("404", p)
}

func (r *Renderer) searchPage() error {
	return r.page("search", &Page{Path: "/search/", Title: "站内搜索", Column: "站内搜索", Crumbs: []Crumb{{"首页", "/"}, {"站内搜索", ""}}})
}

// aliases writes a redirect page at each old URL.
func (r *Renderer) aliases() error {
	for _, d := range r.site.Documents {
		for _, a := range d.Aliases {
			a = model.AliasURL(a)
			var buf strings.Builder
			if err := r.tmpl.alias.Execute(&buf, map[string]string{"Target": r.cfg.AbsURL(d.URL)}); err != nil {
				return err
			}
			if err := r.write(model.OutPath(a), []byte(buf.String())); err != nil {
				return fmt.Errorf("%s: aliases 中的 %s 与其他页面冲突：%v", d.Source, a, err)
			}
		}
	}
	return nil
}

func (r *Renderer) assets() error {
	files, err := Assets(r.opt.SiteFS, r.opt.Defaults)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		b, err := fs.ReadFile(files[name], "layouts/assets/"+name)
		if err != nil {
			return err
		}
		if err := r.write("assets/"+name, b); err != nil {
			return err
		}
	}
	return nil
}

func (r *Renderer) attachments() error {
	for _, d := range r.site.Documents {
		for _, a := range d.Attachments {
			if !a.Disclosure.Published() || a.Source == "" {
				continue
			}
			b, err := fs.ReadFile(r.opt.SiteFS, a.Source)
			if err != nil {
				return fmt.Errorf("%s: 无法读取附件：%v", a.Source, err)
			}
			if err := r.write(strings.TrimPrefix(a.URL, "/"), b); err != nil {
				return err
			}
		}
	}
	return nil
}

// static copies the site's static/ folder.
func (r *Renderer) static() error {
	return fs.WalkDir(r.opt.SiteFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if strings.HasPrefix(path.Base(p), ".") {
			return nil
		}
		b, err := fs.ReadFile(r.opt.SiteFS, p)
		if err != nil {
			return err
		}
		out := strings.TrimPrefix(p, "static/")
		r.mu.Lock()
		r.staticFiles[out] = true // not a page of the site (see sitemap)
		r.mu.Unlock()
		return r.write(out, b)
	})
}
