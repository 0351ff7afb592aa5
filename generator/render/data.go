package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"gongkai/generator/content"
	"gongkai/generator/model"
)

// DocJSON is an entry of public/data/documents.json: the open-data contract
// of the site (and of tests).
type DocJSON struct {
	URL             string     `json:"url"`
	Kind            string     `json:"kind"`
	Title           string     `json:"title"`
	DocNumber       string     `json:"doc_number,omitempty"`
	IndexNo         string     `json:"index_no,omitempty"`
	Organ           []string   `json:"organ,omitempty"`
	Signed          string     `json:"signed,omitempty"`
	Published       string     `json:"published,omitempty"`
	Effective       string     `json:"effective,omitempty"`
	Topic           string     `json:"topic,omitempty"`
	Keywords        []string   `json:"keywords,omitempty"`
	Category        string     `json:"category,omitempty"`
	Summary         string     `json:"summary"`
	Effectiveness   *EffJSON   `json:"effectiveness,omitempty"`
	Cites           []CiteJSON `json:"cites"`
	CitedBy         []string   `json:"cited_by"`
	Interprets      string     `json:"interprets,omitempty"`
	Interpretations []string   `json:"interpretations,omitempty"`
	Attachments     []string   `json:"attachments,omitempty"`
}

// EffJSON is a document's effectiveness.
type EffJSON struct {
	Tag    string   `json:"tag"`
	Since  string   `json:"since,omitempty"`
	Reason string   `json:"reason,omitempty"`
	By     []string `json:"by,omitempty"`
}

// CiteJSON is one citation.
type CiteJSON struct {
	Number string `json:"number,omitempty"`
	Title  string `json:"title,omitempty"`
	URL    string `json:"url"`
	OnSite bool   `json:"on_site"`
}

func (r *Renderer) docJSON(d *model.Document) DocJSON {
	j := DocJSON{URL: r.cfg.URL(d.URL), Kind: string(d.Kind), Title: d.Title, DocNumber: d.DocNo, IndexNo: d.IndexNo, Organ: d.Organs,
		Signed: d.Signed.ISO(), Published: d.Published.ISO(), Topic: d.Topic, Keywords: d.Keywords, Category: d.Category,
		Summary: r.Summary(d), Cites: []CiteJSON{}, CitedBy: []string{}}
	if d.Kind == model.KindPolicy {
		j.Effective = effectiveISO(d)
		e := &EffJSON{Tag: string(d.Status.Tag), Since: d.Status.Since.ISO(), Reason: d.Status.Reason}
		for _, b := range d.Status.By {
			e.By = append(e.By, r.cfg.URL(b.URL))
		}
		j.Effectiveness = e
	}
	for _, c := range d.Cites {
		cj := CiteJSON{Number: c.Number, Title: c.Title}
		if c.Target != nil {
			cj.URL, cj.OnSite = r.cfg.URL(c.Target.URL), true
		} else {
			cj.URL = r.cfg.URL("/numbers/" + c.Key + "/")
		}
		j.Cites = append(j.Cites, cj)
	}
	for _, c := range d.CitedBy {
		j.CitedBy = append(j.CitedBy, r.cfg.URL(c.URL))
	}
	if d.InterpretsDoc != nil {
		j.Interprets = r.cfg.URL(d.InterpretsDoc.URL)
	}
	for _, i := range d.Interpretations {
		j.Interpretations = append(j.Interpretations, r.cfg.URL(i.URL))
	}
	for _, a := range d.Attachments {
		j.Attachments = append(j.Attachments, r.cfg.URL(a.URL))
	}
	return j
}

func effectiveISO(d *model.Document) string {
	switch {
	case d.Effective != 0:
		return d.Effective.ISO()
	case d.Signed != 0:
		return d.Signed.ISO()
	}
	return d.Published.ISO()
}

// writeJSONList streams a JSON array of n elements, el(i) giving each, so
// that neither the array nor its encoding is ever whole in memory (the task
// list of a large site is tens of megabytes).
//
// fp, when not 0, is a fingerprint of everything the list shows, and
// key(i) one of everything element i shows: serve (a Memo) then reuses
// the previous bytes when fp is unchanged, and otherwise each element
// whose key the previous bytes also hold (see memoList).
func (r *Renderer) writeJSONList(p string, fp uint64, n int, key func(i int) uint64, el func(i int) any) error {
	var enc *json.Encoder
	var to *bytes.Buffer
	return r.memoList(p, fp, "[", ",", "]\n", n, key, func(i int, b *bytes.Buffer) error {
		v := el(i)
		if a, ok := v.(jsonAppender); ok {
			b.Write(a.appendJSON(b.AvailableBuffer()))
			return nil
		}
		if to != b {
			enc, to = json.NewEncoder(b), b
			enc.SetEscapeHTML(false)
		}
		if err := enc.Encode(v); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // Encode's newline
		return nil
	})
}

// writeCSV streams rows as CSV in UTF-8 with a BOM, so that Excel opens
// Chinese text correctly; row(i) gives each of the n rows.
// fp and key as for writeJSONList.
func (r *Renderer) writeCSV(p string, fp uint64, header []string, n int, key func(i int) uint64, row func(i int) []string) error {
	var cw *csv.Writer
	var to *bytes.Buffer
	enc := func(b *bytes.Buffer, rec []string) error {
		if to != b {
			cw, to = csv.NewWriter(b), b
			cw.UseCRLF = true
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	}
	var head bytes.Buffer
	head.WriteString("\ufeff")
	if err := enc(&head, header); err != nil {
		return err
	}
	return r.memoList(p, fp, head.String(), "", "", n, key, func(i int, b *bytes.Buffer) error { return enc(b, row(i)) })
}

// memoList writes a file made of head, n rows separated by sep, and tail;
// enc(i, b) appends row i to b. Without a Memo (or without a fingerprint
// fp of the whole file) the file is streamed row by row. With one, the
// previous render's bytes are written again when fp is unchanged; when it
// changed, a row whose key (key(i), a fingerprint of every byte row i
// shows; 0: none) the previous render also had is copied from its bytes
// instead of being made again — an edited document changes one row of
// open-data exports tens of megabytes long. The kept bytes are the file
// itself, with the place of each row in them, so nothing is held twice.
func (r *Renderer) memoList(p string, fp uint64, head, sep, tail string, n int, key func(i int) uint64, enc func(i int, b *bytes.Buffer) error) error {
	m := r.opt.Memo
	if m == nil || fp == 0 {
		return r.stream(p, func(w io.Writer) error {
			var b bytes.Buffer
			if _, err := io.WriteString(w, head); err != nil {
				return err
			}
			for i := range n {
				b.Reset()
				if i > 0 {
					b.WriteString(sep)
				}
				if err := enc(i, &b); err != nil {
					return err
				}
				if _, err := w.Write(b.Bytes()); err != nil {
					return err
				}
			}
			_, err := io.WriteString(w, tail)
			return err
		})
	}
	if e := m.get(p, fp, false); e != nil {
		return r.writeFile(p, e.file)
	}
	prev := m.previous(p)
	if prev == nil {
		// Nothing to reuse (serve's first build): the rows go straight
		// into the file, not through a buffer of fresh rows copied after.
		return r.freshList(p, fp, head, sep, tail, n, key, enc)
	}
	old, err := prev.file.Bytes()
	if err != nil {
		return err
	}
	// Each row is a span of the previous bytes or of fresh; the file is
	// then put together at its exact size.
	type piece struct {
		old      bool
		off, end int
	}
	pieces := make([]piece, n)
	keys := make([]uint64, n)
	var fresh bytes.Buffer
	size := len(head) + len(tail) + max(n-1, 0)*len(sep)
	for i := range n {
		k := uint64(0)
		if key != nil {
			k = key(i)
		}
		keys[i] = k
		if s, ok := prev.span(k); ok {
			pieces[i] = piece{true, s[0], s[1]}
		} else {
			off := fresh.Len()
			if err := enc(i, &fresh); err != nil {
				return err
			}
			pieces[i] = piece{false, off, fresh.Len()}
		}
		size += pieces[i].end - pieces[i].off
	}
	data := make([]byte, 0, size)
	rows := make(map[uint64][2]int, n)
	data = append(data, head...)
	for i, pc := range pieces {
		if i > 0 {
			data = append(data, sep...)
		}
		start := len(data)
		if pc.old {
			data = append(data, old[pc.off:pc.end]...)
		} else {
			data = append(data, fresh.Bytes()[pc.off:pc.end]...)
		}
		if keys[i] != 0 {
			rows[keys[i]] = [2]int{start, len(data)}
		}
	}
	data = append(data, tail...)
	return r.keepList(p, fp, data, rows)
}

// keepList keeps an export made by memoList in the memo, with the place of
// each row, and writes it.
func (r *Renderer) keepList(p string, fp uint64, data []byte, rows map[uint64][2]int) error {
	f := r.keepBytes(data) // open data packs to a sixth of its size
	r.opt.Memo.put(p, &memoPage{fp: fp, file: f, rows: rows})
	return r.writeFile(p, f)
}

// freshList is memoList when the memo holds no previous version of p:
// every row is made, into the file itself.
func (r *Renderer) freshList(p string, fp uint64, head, sep, tail string, n int, key func(i int) uint64, enc func(i int, b *bytes.Buffer) error) error {
	var b bytes.Buffer
	rows := make(map[uint64][2]int, n)
	b.WriteString(head)
	for i := range n {
		if i > 0 {
			b.WriteString(sep)
		}
		start := b.Len()
		if err := enc(i, &b); err != nil {
			return err
		}
		if key != nil {
			if k := key(i); k != 0 {
				rows[k] = [2]int{start, b.Len()}
			}
		}
		if i == 255 && n > 512 {
			// Room for the rest at the first rows' average size, and a
			// little more: a buffer of tens of megabytes grown by doubling
			// cleared and copied twice its size, most of serve's export time.
			if more := int64(b.Len()-len(head)) / int64(i+1) * int64(n-i) * 9 / 8; more < 1<<30 {
				b.Grow(int(more))
			}
		}
	}
	b.WriteString(tail)
	data := b.Bytes()
	if !r.pack {
		data = bytes.Clone(data) // kept as it is: not with the buffer's spare room
	}
	return r.keepList(p, fp, data, rows)
}

// dataKeys are, with a Memo, the fingerprints of what the exports show,
// taken once per render (Renderer.dataKeys) once the document pages are
// done: each document's page fingerprint (as the memo kept it for its
// page), which covers every field of the document's rows in documents.json
// and the catalogue, and each task's (Renderer.taskFP), which covers every
// exported field; and of each whole list, in order. All 0 without a Memo.
type dataKeys struct {
	docs, tasks uint64   // of the whole lists
	doc         []uint64 // by index in Site.Documents
}

func (r *Renderer) takeDataKeys() dataKeys {
	m := r.opt.Memo
	if m == nil {
		return dataKeys{}
	}
	k := dataKeys{doc: make([]uint64, len(r.site.Documents))}
	var f fingerprint
	f.h.SetSeed(m.seedOrNew())
	f.s("documents")
	for i, d := range r.site.Documents {
		k.doc[i] = m.usedFP(d.Source)
		f.i(int64(k.doc[i]))
	}
	k.docs = f.h.Sum64() | 1
	f.h.Reset()
	f.s("tasks")
	for _, fp := range r.taskFP {
		f.i(int64(fp))
	}
	k.tasks = f.h.Sum64() | 1
	return k
}

// rowKeys give, with a Memo, the fingerprint of each document's and each
// task's rows in the exports (see memoList); nil without one.
func (r *Renderer) rowKeys() (doc, task func(i int) uint64) {
	k := r.dataKeys()
	if k.doc == nil {
		return nil, nil
	}
	return func(i int) uint64 { return k.doc[i] }, func(i int) uint64 { return r.taskFP[i] } // Site.Tasks[i].Seq == i
}

// joinUnits joins the units of one CSV cell with "；", so that the cell
// splits back into its units: "、" stands inside collective unit names
// (各区、县（市）政府). The extraction splits unit lists at "；" except
// within brackets (市甲局（含乙；丙）); such a "；" is written "，" here.
func joinUnits(us []string) string {
	var b strings.Builder
	for i, u := range us {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(strings.ReplaceAll(u, "；", "，"))
	}
	return b.String()
}

// TaskJSON is an entry of data/tasks.json.
type TaskJSON struct {
	ID           string     `json:"id"`
	Document     string     `json:"document"`
	DocNumber    string     `json:"doc_number,omitempty"`
	Item         string     `json:"item,omitempty"`
	Title        string     `json:"title"`
	Text         string     `json:"text,omitempty"`
	Requirement  string     `json:"requirement,omitempty"` // 工作要求 (annex task tables)
	Carrier      string     `json:"carrier,omitempty"`     // 公开载体 (annex task tables)
	Lead         []string   `json:"lead"`
	Coop         []string   `json:"coop"`
	Resp         []string   `json:"resp"`
	DeadlineText string     `json:"deadline_text,omitempty"`
	Deadline     string     `json:"deadline,omitempty"`
	Period       string     `json:"period,omitempty"`
	Status       string     `json:"status"`
	Overdue      bool       `json:"overdue"`
	Log          []noteJSON `json:"log,omitempty"`
	Evidence     []linkJSON `json:"evidence,omitempty"`
}

// noteJSON is a progress note in the exports.
type noteJSON struct {
	Date string `json:"date"`
	Text string `json:"text"`
}

// linkJSON is an evidence link in the exports (a site path with the
// base path, as the pages link it). A link to a page the site no longer
// shows (see gonePages) has its title only, as on the pages.
type linkJSON struct {
	Title string `json:"title,omitempty"`
	URL   string `json:"url,omitempty"`
}

func (r *Renderer) linksJSON(ls []model.Link) []linkJSON {
	var out []linkJSON
	for _, l := range ls {
		if r.goneLink(l.URL) {
			out = append(out, linkJSON{Title: evidenceTitle(l)})
			continue
		}
		out = append(out, linkJSON{l.Title, r.linkURL(l.URL)})
	}
	return out
}

// evidenceTitle is the title an evidence link is shown with.
func evidenceTitle(l model.Link) string {
	if l.Title != "" {
		return l.Title
	}
	return "佐证材料"
}

// linkURL is a link written in content as published: a site path under
// the base path, an http(s) address as it is.
func (r *Renderer) linkURL(u string) string {
	if strings.HasPrefix(u, "/") {
		return r.cfg.URL(u)
	}
	return u
}

// taskJSON is t as data/tasks.json lists it.
func (r *Renderer) taskJSON(t *model.Task) TaskJSON {
	j := TaskJSON{ID: t.ID, Document: r.cfg.URL(t.Doc.URL), DocNumber: t.Doc.DocNo, Item: t.Item, Title: t.Title, Text: t.Text,
		Requirement: t.Requirement(), Carrier: t.Carrier(), Lead: nonNil(t.Lead()), Coop: nonNil(t.Coop()), Resp: nonNil(t.Resp()), DeadlineText: t.DeadlineText, Deadline: t.Deadline.ISO(),
		Period: t.Period.String(), Status: t.Status, Overdue: t.Overdue}
	if p := t.Progress; p != nil {
		for _, n := range p.Log {
			j.Log = append(j.Log, noteJSON{n.Date.ISO(), n.Text})
		}
		j.Evidence = r.linksJSON(p.Evidence)
	}
	return j
}

// progressCSV is a task's log and evidence as two CSV cells.
func (r *Renderer) progressCSV(t *model.Task) (log, evidence string) {
	p := t.Progress
	if p == nil {
		return "", ""
	}
	var lb, eb strings.Builder
	for i, n := range p.Log {
		if i > 0 {
			lb.WriteString("\n")
		}
		lb.WriteString(n.Date.ISO() + " " + n.Text)
	}
	for i, l := range p.Evidence {
		if i > 0 {
			eb.WriteString("\n")
		}
		if r.goneLink(l.URL) {
			eb.WriteString(evidenceTitle(l))
			continue
		}
		if l.Title != "" {
			eb.WriteString(l.Title + " ")
		}
		eb.WriteString(r.linkURL(l.URL))
	}
	return lb.String(), eb.String()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// dataJobs are the open-data exports, one job each (the largest first):
// data/tasks.json alone is tens of megabytes, and one job writing them all
// in turn was the last to finish.
func (r *Renderer) dataJobs() []func() error {
	keys := r.dataKeys()
	docsFP, tasksFP := keys.docs, keys.tasks
	docs := r.site.Documents
	docKey, taskKey := r.rowKeys()
	ts := r.site.Tasks
	// The catalogue lists the documents, then the credit records and the
	// commitments (few: their rows are made on every build).
	recRows := r.recordRows().rows
	catFP, catKey := r.catalogueKeys(docsFP, docKey)
	catRow := func(i int) CatalogueRow {
		if i < len(docs) {
			return r.catalogueRow(docs[i])
		}
		return recRows[i-len(docs)]
	}
	nCat := len(docs) + len(recRows)
	type creditJSON struct {
		ID          string `json:"id"`
		Subject     string `json:"subject"`
		SubjectType string `json:"subject_type"`
		CreditCode  string `json:"credit_code,omitempty"`
		Behaviour   string `json:"behaviour"`
		Basis       string `json:"basis"`
		Decided     string `json:"decided"`
		Organ       string `json:"organ"`
		Severity    string `json:"severity"`
		Status      string `json:"status"`
		RepairFrom  string `json:"repair_from"`
		ShowUntil   string `json:"show_until"`
	}
	type commitJSON struct {
		ID       string     `json:"id"`
		Subject  string     `json:"subject"`
		Content  string     `json:"content"`
		Made     string     `json:"made"`
		Due      string     `json:"due,omitempty"`
		Status   string     `json:"status"`
		Overdue  bool       `json:"overdue"`
		Evidence []linkJSON `json:"evidence,omitempty"`
	}
	cr, cm := r.site.Credit, r.site.Commitments
	return []func() error{
		func() error {
			return r.writeJSONList("data/tasks.json", tasksFP, len(ts), taskKey, func(i int) any { return r.taskJSON(ts[i]) })
		},
		func() error {
			return r.writeCSV("data/tasks.csv", tasksFP, []string{"任务编号", "所属文件", "发文字号", "事项编号", "事项", "工作要求", "公开载体", "牵头单位", "配合单位", "责任单位", "完成时限", "截止日期", "进展", "逾期", "进展记录", "佐证材料"}, len(ts), taskKey, func(i int) []string {
				t := ts[i]
				log, evidence := r.progressCSV(t)
				return []string{t.ID, t.Doc.Title, t.Doc.DocNo, t.Item, t.Title, t.Requirement(), t.Carrier(), joinUnits(t.Lead()), joinUnits(t.Coop()), joinUnits(t.Resp()), t.DeadlineText, t.Deadline.ISO(), t.Status, yes(t.Overdue), log, evidence}
			})
		},
		func() error {
			return r.writeJSONList("data/documents.json", docsFP, len(docs), docKey, func(i int) any { return r.docJSON(docs[i]) })
		},
		func() error {
			return r.writeJSONList("data/catalogue.json", catFP, nCat, catKey, func(i int) any { return catRow(i) })
		},
		func() error {
			return r.writeCSV("data/catalogue.csv", catFP, []string{"索引号", "名称", "内容概述", "生成日期", "类别", "发布机关", "主题分类", "网址"}, nCat, catKey, func(i int) []string {
				c := catRow(i)
				return []string{c.IndexNo, c.Title, c.Summary, c.Date, c.Kind, c.Organ, c.Topic, r.cfg.AbsURL(strings.TrimPrefix(c.URL, r.cfg.BasePath))}
			})
		},
		func() error {
			if err := r.writeJSONList("data/credit.json", 0, len(cr), nil, func(i int) any {
				c := cr[i]
				return creditJSON{c.ID, c.DisplaySubject, c.SubjectType, c.CreditCode, c.Behaviour, c.Basis, c.Decided.ISO(), c.Organ, c.Severity, c.RecordStatus, c.RepairFrom.ISO(), c.ShowUntil.ISO()}
			}); err != nil {
				return err
			}
			return r.writeCSV("data/credit.csv", 0, []string{"编号", "失信主体", "主体类型", "统一社会信用代码", "失信行为", "认定依据", "认定日期", "认定机关", "失信程度", "状态", "公示截止"}, len(cr), nil, func(i int) []string {
				c := cr[i]
				return []string{c.ID, c.DisplaySubject, c.SubjectType, c.CreditCode, c.Behaviour, c.Basis, c.Decided.ISO(), c.Organ, c.Severity, c.RecordStatus, c.ShowUntil.ISO()}
			})
		},
		func() error {
			if err := r.writeJSONList("data/commitments.json", 0, len(cm), nil, func(i int) any {
				c := cm[i]
				return commitJSON{c.ID, c.Subject, c.Content, c.Made.ISO(), c.Due.ISO(), c.State, c.Overdue, r.linksJSON(c.Evidence)}
			}); err != nil {
				return err
			}
			return r.writeCSV("data/commitments.csv", 0, []string{"编号", "承诺主体", "承诺内容", "承诺日期", "完成时限", "履行状态", "逾期"}, len(cm), nil, func(i int) []string {
				c := cm[i]
				return []string{c.ID, c.Subject, c.Content, c.Made.ISO(), c.Due.ISO(), c.State, yes(c.Overdue)}
			})
		},
	}
}

// yes is the CSV form of a flag: 是 or empty.
func yes(b bool) string {
	if b {
		return "是"
	}
	return ""
}

// Atom feed types.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}
type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}
type atomAuthor struct {
	Name string `xml:"name"`
}
type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

func atomDate(d model.Date) string {
	if d == 0 {
		return "1970-01-01T00:00:00Z"
	}
	return d.ISO() + "T00:00:00Z"
}

func docDate(d *model.Document) model.Date {
	if d.Published != 0 {
		return d.Published
	}
	return d.Signed
}

// feeds writes an Atom feed of the newest 50 items for the whole site and
// one per document kind.
// Entries without any date (texts that state none) take the date of the
// site's newest dated document (newestDate), the same in every feed, so
// that a feed never claims 1970 and stays the same from one day to the
// next; a feed's date is its newest entry's.
func (r *Renderer) feeds() error {
	write := func(p, title string, docs []*model.Document) error {
		entryDate := func(d *model.Document) model.Date {
			if dd := docDate(d); dd != 0 {
				return dd
			}
			return r.newestDate()
		}
		f := atomFeed{Title: title, ID: r.cfg.AbsURL("/" + p), Author: atomAuthor{r.cfg.Title},
			Link: []atomLink{{Href: r.cfg.AbsURL("/" + p), Rel: "self"}, {Href: r.cfg.AbsURL("/")}}}
		if len(docs) > 50 {
			docs = docs[:50]
		}
		updated := model.Date(0)
		for _, d := range docs {
			u := r.cfg.AbsURL(d.URL)
			updated = max(updated, entryDate(d))
			f.Entries = append(f.Entries, atomEntry{Title: d.Title, ID: u, Updated: atomDate(entryDate(d)), Link: atomLink{Href: u}, Summary: excerpt(r.Summary(d), 200)})
		}
		if updated == 0 {
			updated = r.newestDate()
		}
		f.Updated = atomDate(updated)
		b, err := xml.MarshalIndent(f, "", " ")
		if err != nil {
			return err
		}
		return r.write(p, append([]byte(xml.Header), b...))
	}
	if err := write("feed.xml", r.cfg.Title+"：最新信息", r.site.Documents); err != nil {
		return err
	}
	for _, k := range []model.Kind{model.KindPolicy, model.KindInterpretation, model.KindNews} {
		if err := write(content.KindFolder(k)+"/feed.xml", r.cfg.Title+"："+k.Label(), r.site.ByKind(k)); err != nil {
			return err
		}
	}
	return nil
}

// sitemapMax is the most URLs one sitemap file may list (sitemaps.org);
// a larger site gets several, listed by a sitemap index.
var sitemapMax = 50000

// sitemap lists every page the build wrote (redirects of old addresses and
// the 404 page aside), documents with their last-modified date, in path
// order; beyond sitemapMax pages, in several files under a sitemap index.
func (r *Renderer) sitemap() error {
	skip := map[string]bool{"404.html": true}
	for p := range r.staticFiles {
		skip[p] = true
	}
	dates := map[string]model.Date{}
	for _, d := range r.site.Documents {
		dates[model.OutPath(d.URL)] = docDate(d)
		for _, a := range d.Aliases {
			skip[model.OutPath(model.AliasURL(a))] = true
		}
	}
	type entry struct{ url, file string }
	var pages []entry
	for p := range r.written {
		if strings.HasSuffix(p, ".html") && !skip[p] {
			pages = append(pages, entry{"/" + strings.TrimSuffix(p, "index.html"), p})
		}
	}
	slices.SortFunc(pages, func(a, b entry) int { return strings.Compare(a.url, b.url) })
	file := func(pages []entry) []byte {
		var b bytes.Buffer
		b.WriteString(xml.Header)
		b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, p := range pages {
			b.WriteString("<url><loc>")
			xml.EscapeText(&b, []byte(encodePath(r.cfg.AbsURL(p.url)))) // as the pages' canonical links
			b.WriteString("</loc>")
			if d := dates[p.file]; d != 0 {
				fmt.Fprintf(&b, "<lastmod>%s</lastmod>", d.ISO())
			}
			b.WriteString("</url>\n")
		}
		b.WriteString("</urlset>\n")
		return b.Bytes()
	}
	if len(pages) <= sitemapMax {
		if err := r.write("sitemap.xml", file(pages)); err != nil {
			return err
		}
	} else {
		var idx bytes.Buffer
		idx.WriteString(xml.Header)
		idx.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for i := 0; i*sitemapMax < len(pages); i++ {
			name := fmt.Sprintf("sitemap-%d.xml", i+1)
			if err := r.write(name, file(pages[i*sitemapMax:min((i+1)*sitemapMax, len(pages))])); err != nil {
				return err
			}
			idx.WriteString("<sitemap><loc>")
			xml.EscapeText(&idx, []byte(r.cfg.AbsURL("/"+name)))
			idx.WriteString("</loc></sitemap>\n")
		}
		idx.WriteString("</sitemapindex>\n")
		if err := r.write("sitemap.xml", idx.Bytes()); err != nil {
			return err
		}
	}
	robots := "User-agent: *\nAllow: /\nSitemap: " + r.cfg.AbsURL("/sitemap.xml") + "\n"
	return r.write("robots.txt", []byte(robots))
}
