package resolve

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/docno"
	"gongkai/generator/internal/cjk"
	"gongkai/generator/model"
)

// Resolve turns what content.Load read into the site model, as of asOf.
// cache may be nil; serve passes one so that unchanged documents are not
// scanned again.
// pre holds facts taken at load (FindFacts; nil: none); cache keeps facts
// between serve's builds (nil: none).
func Resolve(in *content.Result, cfg *config.Config, asOf model.Date, diags *diag.List, cache *FactCache, pre map[*model.Document]Facts) *model.Site {
	s := &model.Site{AsOf: asOf, Numbers: map[string]*model.CitedNumber{}, WithheldCounts: map[string]int{}, Bodies: in.Bodies}
	r := &resolver{site: s, cfg: cfg, asOf: asOf, diags: diags, cache: cache, pre: pre,
		byKey: map[string]*model.Document{}, withheldKey: map[string]*model.Document{}, byTitle: map[string]*model.Document{}}
	r.partition(in.Docs)
	r.gatherFacts()
	r.numbers(in.Docs)
	r.cache.endNos()
	r.indexNumbers(in.IndexLock, in.IndexGone)
	r.sortDocs()
	r.effectiveness()
	r.citations()
	r.interpretations()
	r.validityClauses()
	r.records(in)
	r.indexGone(in.IndexLock, in.IndexGone)
	return s
}

type resolver struct {
	site        *model.Site
	cfg         *config.Config
	asOf        model.Date
	diags       *diag.List
	byKey       map[string]*model.Document // published documents by 发文字号 key
	withheldKey map[string]*model.Document
	byTitle     map[string]*model.Document
	g           graph
	edgeKey     map[[2]*model.Document]string // repeals or amends, for each edge of the graph (for messages)
	cache       *FactCache
	pre         map[*model.Document]Facts
	facts       map[*model.Document]*facts
	indexLock   map[string]string // indexno.lock as loaded
	indexUsed   map[string]bool   // 索引号 taken (locked, written or given)
}

func (r *resolver) partition(docs []*model.Document) {
	for _, d := range docs {
		r.checkReview(d.Disclosure, d.Title)
		if d.Disclosure.Published() {
			r.site.Documents = append(r.site.Documents, d)
			// A withheld attachment of a published document is dropped
			// here, so that no later phase can list or copy it.
			kept := d.Attachments[:0]
			for _, a := range d.Attachments {
				r.checkReview(a.Disclosure, d.Title+" 的附件 "+a.Name)
				if a.Disclosure.Published() {
					kept = append(kept, a)
				} else {
					r.site.WithheldCounts[a.Disclosure.Exemption]++
					r.site.WithheldURLs = append(r.site.WithheldURLs, a.URL)
				}
			}
			d.Attachments = kept
		} else {
			r.site.Withheld = append(r.site.Withheld, d)
			r.site.WithheldCounts[d.Disclosure.Exemption]++
			r.site.WithheldURLs = append(r.site.WithheldURLs, d.URL)
			for _, a := range d.Attachments {
				r.site.WithheldURLs = append(r.site.WithheldURLs, a.URL)
			}
		}
		d.Year = docYear(d)
	}
}

// checkReview warns (or, with disclosure.enforce_review, errs) when a
// withheld item's review date has passed (条例第十八条).
func (r *resolver) checkReview(d model.Disclosure, name string) {
	if d.Published() || d.ReviewBy == 0 || d.ReviewBy > r.asOf {
		return
	}
	sev := diag.Warning
	if r.cfg.Disclosure.EnforceReview {
		sev = diag.Error
	}
	r.diags.Add(diag.Diagnostic{Severity: sev, Pos: d.Pos,
		Msg: fmt.Sprintf("“%s”的不公开复核日期 %s 已过", name, d.ReviewBy.Chinese()),
		Fix: "复核后：可以公开的改为 disclosure = \"主动公开\"；仍不公开的更新 review_by"})
}

func (r *resolver) numbers(docs []*model.Document) {
	seen := map[string]*model.Document{}
	for _, d := range docs {
		if d.DocNo == "" {
			continue
		}
		n, err := r.cache.parseNo(d.DocNo)
		if err != nil {
			r.diags.Errorf(d.KeyPos("doc_number"), "写成 机关代字〔年份〕序号号，如 沈政发〔2017〕45号", "发文字号 %q 无法识别：%v", d.DocNo, err)
			d.DocNo = ""
			continue
		}
		d.DocNo, d.DocKey = n.String(), n.Key()
		if o := seen[d.DocKey]; o != nil {
			sev := diag.Error
			if r.cfg.Checks.DuplicateNumbers == "warn" {
				sev = diag.Warning
			}
			r.diags.Add(diag.Diagnostic{Severity: sev, Pos: d.KeyPos("doc_number"),
				Msg: fmt.Sprintf("发文字号 %s 与 %s 重复", d.DocNo, o.Source),
				Fix: "一个发文字号只能属于一个文件；检查是否重复录入，或改正其中一个文号"})
			continue
		}
		seen[d.DocKey] = d
		if d.Disclosure.Published() {
			r.byKey[d.DocKey] = d
		} else {
			r.withheldKey[d.DocKey] = d
		}
	}
	for _, d := range r.site.Documents {
		if d.Kind == model.KindPolicy {
			if _, dup := r.byTitle[d.Title]; !dup {
				r.byTitle[d.Title] = d
			}
		}
	}
}

// indexNumbers gives every document its 索引号 (the catalogue's first
// column, 条例 Art 12) and keeps it. Policies are numbered first, so that
// the numbers of interpretations and news never move theirs.
//
// # The 索引号 lock
//
// A 索引号 identifies a document for good once it is published, so gongkai
// records every one in indexno.lock at the site root (like go.sum: the
// build writes it, the office commits it). As long as a document's URL —
// or one of its aliases, after a rename — is in the lock:
//
//   - a generated 索引号 is the locked one, whatever documents are added or
//     removed around it;
//   - an index_no written in the front matter that differs from the locked
//     one is an error, unless index_no_previous names the locked number to
//     acknowledge the change.
//
// New documents get the next free serial of their organ code and year, in
// order of signing date and file path; numbers already used (locked or
// written) are skipped.
func (r *resolver) indexNumbers(current, removed map[string]string) {
	// A number stays with its address even while the address is off the
	// site ([removed]): a document restored gets it back, and no other
	// document ever gets it.
	lock := make(map[string]string, len(current)+len(removed))
	maps.Copy(lock, removed)
	maps.Copy(lock, current)
	locked := func(d *model.Document) (string, string) {
		if n, ok := lock[d.URL]; ok {
			return n, d.URL
		}
		for _, a := range d.Aliases {
			u := model.AliasURL(a)
			if n, ok := lock[u]; ok {
				return n, u
			}
		}
		return "", ""
	}
	used := map[string]bool{}
	r.indexLock, r.indexUsed = lock, used
	type group struct {
		code string
		year int
	}
	// A locked address no longer on the site, while a document of the same
	// folder gets a new number, is most likely a rename without aliases:
	// the document would lose its 索引号.
	onSite := map[string]bool{}
	for _, d := range r.site.Documents {
		onSite[d.URL] = true
		for _, a := range d.Aliases {
			onSite[model.AliasURL(a)] = true
		}
	}
	for _, d := range r.site.Withheld {
		onSite[d.URL] = true
	}
	folder := func(u string) string { return strings.SplitN(strings.Trim(u, "/"), "/", 2)[0] }
	gone := map[string][]string{} // folder → locked URLs no longer on the site (since the last build), sorted
	for _, u := range slices.Sorted(maps.Keys(current)) {
		if !onSite[u] {
			gone[folder(u)] = append(gone[folder(u)], u)
		}
	}
	groups := [2]map[group][]*model.Document{{}, {}} // policies, then the rest
	for _, d := range r.site.Documents {
		pass := 0
		if d.Kind != model.KindPolicy {
			pass = 1
		}
		old, _ := locked(d)
		switch {
		case d.IndexNo != "" && old != "" && d.IndexNo != old && d.IndexNoPrevious != old:
			r.diags.Errorf(d.KeyPos("index_no"), fmt.Sprintf("索引号一经公开不应更改；确需更改时在前言中写 index_no_previous = %q 以确认", old),
				"索引号由 %s 改为 %s（%s 中记录的是 %s）", old, d.IndexNo, content.IndexLockFile, old)
		case d.IndexNo == "" && old != "":
			d.IndexNo = old
		case d.IndexNo == "":
			g := group{r.organCode(d), d.Year}
			groups[pass][g] = append(groups[pass][g], d)
			if us := gone[folder(d.URL)]; len(us) > 0 {
				r.diags.Warnf(d.KeyPos("aliases"), fmt.Sprintf("若这是改名后的文件，在前言中写 aliases = [%q]，原索引号就会保留；若不是，忽略本提示", us[0]),
					"这个文件将得到新的索引号，而 %s 中的 %s 已不在本站", content.IndexLockFile, strings.Join(us[:min(3, len(us))], "、"))
			}
		}
		if d.IndexNo != "" {
			used[d.IndexNo] = true
		}
	}
	for _, n := range lock {
		used[n] = true
	}
	for _, groups := range groups {
		keys := make([]group, 0, len(groups))
		for g := range groups {
			keys = append(keys, g)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].code != keys[j].code {
				return keys[i].code < keys[j].code
			}
			return keys[i].year < keys[j].year
		})
		for _, g := range keys {
			ds := groups[g]
			sort.Slice(ds, func(i, j int) bool {
				if ds[i].Signed != ds[j].Signed {
					return ds[i].Signed < ds[j].Signed
				}
				if ds[i].Published != ds[j].Published {
					return ds[i].Published < ds[j].Published
				}
				return ds[i].Source < ds[j].Source
			})
			serial := 0
			for _, d := range ds {
				d.IndexNo = r.nextIndexNo(g.code, g.year, &serial)
			}
		}
	}
	seen := map[string]*model.Document{}
	all := append(append([]*model.Document(nil), r.site.Documents...), r.site.Withheld...)
	sort.Slice(all, func(i, j int) bool { return all[i].Source < all[j].Source })
	for _, d := range all {
		if d.IndexNo == "" {
			continue
		}
		if o := seen[d.IndexNo]; o != nil {
			r.diags.Errorf(d.KeyPos("index_no"), "索引号必须唯一；删掉 index_no 让系统生成，或改正其中一个",
				"索引号 %s 与 %s 重复", d.IndexNo, o.Source)
			continue
		}
		seen[d.IndexNo] = d
	}
	r.site.IndexLock = map[string]string{}
	for _, d := range r.site.Documents {
		if d.IndexNo != "" {
			r.site.IndexLock[d.URL] = d.IndexNo
		}
	}
}

// IndexLockText renders the lock as the text of indexno.lock: the
// addresses on the site, then those removed from it.
func IndexLockText(lock, removed map[string]string) []byte {
	var b strings.Builder
	b.WriteString("# 索引号锁定文件：记录每个已公开文件的索引号，由 gongkai build 自动更新，请随内容一并提交。\n")
	b.WriteString("# 索引号一经公开不应更改；确需更改时，在该文件的前言中写 index_no_previous = \"原索引号\"。\n\n[documents]\n")
	table := func(m map[string]string) {
		for _, u := range slices.Sorted(maps.Keys(m)) {
			fmt.Fprintf(&b, "%q = %q\n", u, m[u])
		}
	}
	table(lock)
	if len(removed) > 0 {
		b.WriteString("\n# 已不在本站的地址（文件删除、改名或不再公开）：索引号保留，不再分配给其他文件；文件恢复时沿用。\n[removed]\n")
		table(removed)
	}
	return []byte(b.String())
}

// organCode is the code of the document's first organ in [organ_codes]; an
// organ without one gets a stable 9-digit code from its name.
func (r *resolver) organCode(d *model.Document) string {
	if len(d.Organs) == 0 {
		return "000000000"
	}
	return r.organCodeOf(d.Organs[0])
}

// organCodeOf is the code of organ in [organ_codes], or a stable 9-digit
// code from its name.
func (r *resolver) organCodeOf(organ string) string {
	if organ == "" {
		return "000000000"
	}
	if c, ok := r.cfg.OrganCodes[organ]; ok {
		return c
	}
	h := fnv.New32a()
	h.Write([]byte(organ))
	return fmt.Sprintf("%09d", h.Sum32()%1000000000)
}

// nextIndexNo is the next 索引号 of organ code and year after *serial that
// no one has (r.indexUsed), which it takes.
func (r *resolver) nextIndexNo(code string, year int, serial *int) string {
	for {
		*serial++
		if n := expandPattern(r.cfg.IndexPattern, code, year, *serial); !r.indexUsed[n] {
			r.indexUsed[n] = true
			return n
		}
	}
}

// indexGone keeps in the site's lock, as removed, every address of the
// loaded lock that no longer has a page (a document deleted, renamed
// without aliases or withheld; a credit record past its display): its
// number is never given again.
func (r *resolver) indexGone(current, removed map[string]string) {
	r.site.IndexGone = map[string]string{}
	for _, m := range []map[string]string{removed, current} {
		for u, n := range m {
			if _, ok := r.site.IndexLock[u]; !ok {
				r.site.IndexGone[u] = n
			}
		}
	}
}

// CommitmentAnchor is where a commitment's row is on its subject's page.
func CommitmentAnchor(c *model.Commitment) string { return c.URL + "#c-" + c.ID }

// recordIndexNumbers gives the credit records on display and the
// commitments their 索引号, after every document's (so none moves), from
// the code of the deciding organ (a commitment's: its subject) and the
// year; they are locked in indexno.lock by their address like documents.
func (r *resolver) recordIndexNumbers() {
	type item struct {
		key, code, id string
		date          model.Date
		no            *string
	}
	var items []item
	for _, c := range r.site.Credit {
		items = append(items, item{c.URL, r.organCodeOf(c.Organ), c.ID, c.Decided, &c.IndexNo})
	}
	for _, c := range r.site.Commitments {
		items = append(items, item{CommitmentAnchor(c), r.organCodeOf(c.Subject), c.ID, c.Made, &c.IndexNo})
	}
	var todo []item
	for _, it := range items {
		if n, ok := r.indexLock[it.key]; ok {
			*it.no = n
		} else {
			todo = append(todo, it)
		}
	}
	slices.SortFunc(todo, func(a, b item) int {
		return cmp.Or(strings.Compare(a.code, b.code), cmp.Compare(a.date.Year(), b.date.Year()), cmp.Compare(a.date, b.date), strings.Compare(a.key, b.key))
	})
	serial, group := 0, ""
	for _, it := range todo {
		if g := it.code + "/" + strconv.Itoa(it.date.Year()); g != group {
			serial, group = 0, g
		}
		*it.no = r.nextIndexNo(it.code, it.date.Year(), &serial)
	}
	for _, it := range items {
		r.site.IndexLock[it.key] = *it.no
	}
}

func expandPattern(p, code string, year, serial int) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(p, '{')
		if i < 0 {
			b.WriteString(p)
			return b.String()
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			b.WriteString(p)
			return b.String()
		}
		b.WriteString(p[:i])
		name, width, _ := strings.Cut(p[i+1:i+j], ":")
		switch name {
		case "organ_code":
			b.WriteString(code)
		case "year":
			b.WriteString(strconv.Itoa(year))
		case "serial":
			w, _ := strconv.Atoi(width)
			fmt.Fprintf(&b, "%0*d", w, serial)
		default:
			b.WriteString(p[i : i+j+1])
		}
		p = p[i+j+1:]
	}
}

// sortDocs orders documents newest first: by publication date, then signing
// date, then path — a total order, so listings are deterministic.
func (r *resolver) sortDocs() {
	sort.SliceStable(r.site.Documents, func(i, j int) bool {
		a, b := r.site.Documents[i], r.site.Documents[j]
		if a.Published != b.Published {
			return a.Published > b.Published
		}
		if a.Signed != b.Signed {
			return a.Signed > b.Signed
		}
		return a.Source < b.Source
	})
}

// refTarget resolves a 发文字号 written in repeals/amends/interprets.
func (r *resolver) refTarget(d *model.Document, key, raw string) (*model.Document, bool) {
	n, err := docno.Parse(raw)
	if err != nil {
		r.diags.Errorf(d.KeyPos(key), "写成 机关代字〔年份〕序号号，如 沈政发〔2017〕45号", "%s 中的 %q 不是有效的发文字号：%v", key, raw, err)
		return nil, false
	}
	if t := r.byKey[n.Key()]; t != nil {
		return t, true
	}
	if w := r.withheldKey[n.Key()]; w != nil {
		r.withheldRef(d, key, raw, w)
		return nil, false
	}
	return nil, true
}

// withheldRef reports a published item pointing at a withheld one, unless
// the author listed it in allow_refs.
func (r *resolver) withheldRef(d *model.Document, key, raw string, w *model.Document) {
	for _, a := range d.AllowRefs {
		if a == raw || a == w.DocNo || a == w.Source {
			return
		}
	}
	r.diags.Errorf(d.KeyPos(key), fmt.Sprintf("若确属有意引用，在前言中写 allow_refs = [%q]；否则删除该引用", raw),
		"%s 引用了不公开的文件 %s（%s），公开内容不应指向不公开内容", key, raw, w.Source)
}

func (r *resolver) effectiveness() {
	r.g = graph{repealers: map[*model.Document][]*model.Document{}, amenders: map[*model.Document][]*model.Document{}}
	edges := map[*model.Document][]*model.Document{}
	for _, d := range r.site.Documents {
		if d.Kind != model.KindPolicy {
			continue
		}
		r.relate(d, "repeals", d.Repeals, "被废止", r.g.repealers, edges)
		r.relate(d, "amends", d.Amends, "被修改", r.g.amenders, edges)
	}
	for _, m := range []map[*model.Document][]*model.Document{r.g.repealers, r.g.amenders} {
		for _, ds := range m {
			sort.Slice(ds, func(i, j int) bool {
				ei, ej := ds[i].EffectiveDate(), ds[j].EffectiveDate()
				if ei != ej {
					return ei < ej
				}
				return ds[i].Source < ds[j].Source
			})
		}
	}
	r.cycles(edges)
	r.g.prune()
	for _, d := range r.site.Documents {
		if d.Kind != model.KindPolicy {
			continue
		}
		d.Status = r.g.status(d, r.asOf)
		d.RepealedBy = r.g.repealers[d]
		d.AmendedBy = r.g.amenders[d]
	}
}

// relate records that d repeals or amends (key) each number in list: the
// target gets d in by, and the graph gets the edge d → target.
func (r *resolver) relate(d *model.Document, key string, list []string, what string, by, edges map[*model.Document][]*model.Document) {
	for _, x := range list {
		t, ok := r.refTarget(d, key, x)
		if ok && t == nil {
			r.diags.Warnf(d.KeyPos(key), "核对文号；"+what+"的文件不在本站时，可以忽略此提示", "%s 中的 %s 不在本站", key, x)
		}
		if t == d {
			verb := strings.TrimPrefix(what, "被")
			fix := "删除这一项，写被" + verb + "文件的发文字号"
			if key == "repeals" {
				fix += "；若本文件被本站以外的文件废止，改写 repealed = 废止日期"
			}
			r.diags.Errorf(d.KeyPos(key), fix, "%s 中的 %s 是本文件自己的发文字号，文件不能%s自己", key, x, verb)
			continue
		}
		if t != nil {
			by[t] = append(by[t], d)
			edges[d] = append(edges[d], t)
			if r.edgeKey == nil {
				r.edgeKey = map[[2]*model.Document]string{}
			}
			r.edgeKey[[2]*model.Document{d, t}] = key
		}
	}
}

// cycles reports each cycle of repeals/amends once.
func (r *resolver) cycles(edges map[*model.Document][]*model.Document) {
	const (
		white = iota
		grey
		black
	)
	color := map[*model.Document]int{}
	var stack []*model.Document
	var visit func(d *model.Document)
	visit = func(d *model.Document) {
		color[d] = grey
		stack = append(stack, d)
		for _, t := range edges[d] {
			switch color[t] {
			case white:
				visit(t)
			case grey:
				var names []string
				for i := len(stack) - 1; i >= 0; i-- {
					names = append(names, label(stack[i]))
					if stack[i] == t {
						break
					}
				}
				r.diags.Errorf(d.KeyPos(r.edgeKey[[2]*model.Document{d, t}]), "检查 repeals/amends：文件之间不能互相废止或修改成环",
					"废止/修改关系成环：%s", strings.Join(names, " → "))
			}
		}
		stack = stack[:len(stack)-1]
		color[d] = black
	}
	for _, d := range r.site.Documents { // site order: deterministic
		if color[d] == white && len(edges[d]) > 0 {
			visit(d)
		}
	}
}

// citations finds the 发文字号 and 《titles》 each published document cites.
func (r *resolver) citations() {
	// The numbers' forms depend on the document alone: derived in
	// parallel, and kept with the facts (see FactCache).
	parallelFor(len(r.site.Documents), func(i int) {
		f := r.facts[r.site.Documents[i]]
		if f.cites != nil || len(f.numbers) == 0 {
			return
		}
		f.cites = make([]citeFact, len(f.numbers))
		for j, m := range f.numbers {
			// The title is copied: a view of the body otherwise.
			f.cites[j] = citeFact{m.Number.Key(), m.Number.String(), strings.Clone(m.Title)}
		}
	})
	for _, d := range r.site.Documents {
		f := r.facts[d]
		seen := map[string]bool{}
		for _, m := range f.cites {
			key := m.key
			if key == d.DocKey || seen[key] {
				continue
			}
			if r.withheldKey[key] != nil {
				continue // stays plain text: nothing about a withheld item reaches the output
			}
			seen[key] = true
			t := r.byKey[key]
			title := m.title
			d.Cites = append(d.Cites, model.Ref{Key: key, Number: m.number, Title: title, Target: t, From: d})
			cn := r.site.Numbers[key]
			if cn == nil {
				cn = &model.CitedNumber{Key: key, Number: m.number, URL: NumberURL(key), Target: t}
				if t != nil {
					cn.Number = t.DocNo
					cn.Title = t.Title
				}
				r.site.Numbers[key] = cn
			}
			if cn.Title == "" && title != "" {
				cn.Title = title
			}
			cn.By = append(cn.By, d)
			if t != nil {
				t.CitedBy = append(t.CitedBy, d)
			}
		}
		for _, title := range f.titles {
			t := r.byTitle[title]
			if t == nil || t == d || seen[t.DocKey] && t.DocKey != "" || seen["title:"+title] {
				continue
			}
			seen["title:"+title] = true
			d.Cites = append(d.Cites, model.Ref{Key: t.DocKey, Number: t.DocNo, Title: t.Title, Target: t, From: d})
			t.CitedBy = append(t.CitedBy, d)
		}
	}
	// Number pages for numbers of documents on the site that nobody cites
	// are not needed: the document page is the page of its number.
}

// NumberURL is the URL of the page of a cited 发文字号 key.
func NumberURL(key string) string { return "/numbers/" + key + "/" }

// quotedTitles returns the texts inside 《》 in s (outermost brackets,
// nesting balanced, as the page links them: cjk.Titles).
func quotedTitles(s string) []string {
	var out []string
	for i, j := range cjk.Titles(s) {
		out = append(out, s[i:j])
	}
	return out
}

func (r *resolver) interpretations() {
	bySource := map[string]*model.Document{}
	withheldSource := map[string]*model.Document{}
	for _, d := range r.site.Documents {
		bySource[d.Source] = d
	}
	for _, d := range r.site.Withheld {
		withheldSource[d.Source] = d
	}
	for _, d := range r.site.Documents {
		if d.Kind != model.KindInterpretation || d.Interprets == "" {
			continue
		}
		ref := d.Interprets
		var t *model.Document
		if strings.HasPrefix(ref, "content/") || strings.HasSuffix(ref, ".md") {
			p := ref
			if !strings.HasPrefix(p, "content/") {
				p = "content/" + p
			}
			t = bySource[p]
			if t == nil && withheldSource[p] != nil {
				r.withheldRef(d, "interprets", ref, withheldSource[p])
				continue
			}
		} else {
			var ok bool
			t, ok = r.refTarget(d, "interprets", ref)
			if !ok {
				continue
			}
		}
		if t == nil {
			r.diags.Errorf(d.KeyPos("interprets"), "写被解读文件的发文字号（如 沈政发〔2017〕45号）或路径（如 content/policies/x.md），该文件须在本站", "interprets 指向的文件 %q 不在本站", ref)
			continue
		}
		d.InterpretsDoc = t
		t.Interpretations = append(t.Interpretations, d)
	}
}

// validityClauses compares what the body says about validity with the
// front matter and warns where they disagree or the front matter is silent.
func (r *resolver) validityClauses() {
	for _, d := range r.site.Documents {
		if d.Kind != model.KindPolicy {
			continue
		}
		f := r.facts[d]
		for i, c := range f.clauses {
			pos := model.Pos{File: d.Source, Line: d.BodyLine + f.at[i][0] - 1, Col: f.at[i][1]}
			switch c.Kind {
			case "valid_years":
				if d.ValidYears != c.Years && d.Expires == 0 {
					r.diags.Warnf(pos, fmt.Sprintf("在前言中写 valid_years = %d", c.Years), "正文写明“%s”，但前言的 valid_years 为 %d", c.Text, d.ValidYears)
				}
			case "expires":
				if c.Date != 0 && d.Expires != c.Date.AddDays(1) && d.ValidYears == 0 {
					r.diags.Warnf(pos, fmt.Sprintf("在前言中写 expires = %s（失效之日，即有效期最后一天的次日）", c.Date.AddDays(1).ISO()), "正文写明“%s”，但前言没有相应的 expires", c.Text)
				}
			case "effective":
				want := c.Date
				switch c.Relative {
				case "signed":
					want = d.Signed
				case "published":
					want = d.Published
				}
				if want != 0 && d.EffectiveDate() != want {
					r.diags.Warnf(pos, fmt.Sprintf("在前言中写 effective = %s", want.ISO()), "正文写明“%s”，但前言的生效日期是 %s", c.Text, d.EffectiveDate().ISO())
				}
			}
		}
	}
}
