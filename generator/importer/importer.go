// Package importer turns raw policy texts — pasted from Word, old web pages
// or OA systems — into gongkai content files: one Markdown file with TOML
// front matter per document, and TOML task tables for annex tables.
//
// The rules follow the layout of Chinese official documents (GB/T
// 9704-2012): a header (发文字号, title possibly broken over several lines,
// 主送机关), the body with its four heading levels (一、 （一） 1. （1）),
// the signature (发文机关署名 and 成文日期), then 附件, 附注 and 版记. On top
// of that they handle what copying does to such texts: several documents
// run together (第一篇/第二篇 markers, a new 发文字号 or title, a signature
// followed by a new heading), a whole document on one line, paragraphs cut
// by the print layout or a page number, cells of a table one per line, and
// the page furniture of the site it came from (view counters, QR-code
// prompts, links, search boxes, readers' comments), which is dropped and
// reported.
//
// Metadata is taken from the text and never invented: a value that is not
// there stays out of the front matter and is named in its `missing` list,
// with a comment for the person who completes it. Import is deterministic:
// the same input gives the same files under the same names. Correct applies
// a person's corrections (keys to set) to an imported file, so that they can
// be replayed on every new import of the same text.
package importer

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/generator/cndate"
	"gongkai/generator/docno"
)

// Options steer an import.
type Options struct {
	Kind  string // policy, news or interpretation; "" detects the kind of each document
	Topic string // 主题分类 for every imported document ("一级/二级"); "" leaves it missing
}

// Input is one file to import.
type Input struct {
	Name string // shown in reports and in the files' comments
	Data []byte
}

// File is one content file to write, with its path relative to the site
// (content/policies/liaozhengban-2016-23.md).
type File struct {
	Path string
	Data []byte
}

// DocReport describes one document found in an input.
type DocReport struct {
	Path      string   `json:"path"`
	Kind      string   `json:"kind"`
	Title     string   `json:"title"`
	DocNo     string   `json:"doc_number,omitempty"`
	Organ     string   `json:"organ,omitempty"`
	Signed    string   `json:"signed,omitempty"`
	Addressee string   `json:"addressee,omitempty"` // 主送机关, as written (it stays in the body)
	Line      int      `json:"line"`                // source line where the document starts
	Tasks     string   `json:"tasks,omitempty"`     // path of its task table file, if any
	Missing   []string `json:"missing,omitempty"`   // front-matter keys the text does not give
	Attention []string `json:"attention,omitempty"` // what a person should check
}

// FileReport describes one input file.
type FileReport struct {
	Input     string      `json:"input"`
	Encoding  string      `json:"encoding"`
	Documents []DocReport `json:"documents"`
	Dropped   []string    `json:"dropped,omitempty"`   // debris lines, as 第N行：text
	Attention []string    `json:"attention,omitempty"` // about the file as a whole
	Error     string      `json:"error,omitempty"`
}

// Kinds accepted by Options.Kind.
var Kinds = []string{"policy", "news", "interpretation"}

// Import reads the inputs and returns the content files to write and a
// report per input. An input that cannot be decoded is reported (Error) and
// skipped; the returned error then names every such input, while the files
// of the others are still returned.
func Import(in []Input, opt Options) ([]File, []FileReport, error) {
	if opt.Kind != "" && !contains(Kinds, opt.Kind) {
		return nil, nil, fmt.Errorf("未知的内容类型“%s”：应为 policy、news 或 interpretation", opt.Kind)
	}
	im := &importRun{opt: opt, used: map[string]bool{}}
	var errs []error
	var reports []FileReport
	var parsed [][]*document
	var all []*document
	for _, input := range in {
		rep, docs, err := im.file(input)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s：%w", input.Name, err))
		}
		reports = append(reports, rep)
		parsed = append(parsed, docs)
		all = append(all, docs...)
	}
	matchInterpreted(all)
	for i, input := range in {
		for _, d := range parsed[i] {
			reports[i].Documents = append(reports[i].Documents, im.emit(d, input.Name))
		}
	}
	return im.files, reports, errors.Join(errs...)
}

type importRun struct {
	opt   Options
	used  map[string]bool // content paths already taken
	files []File
}

type droppedLine struct {
	no   int
	text string
}

// file reads one input: its report (without the documents, which emit
// adds) and its documents.
func (im *importRun) file(input Input) (FileReport, []*document, error) {
	rep := FileReport{Input: input.Name, Documents: []DocReport{}}
	text, enc, err := Decode(input.Data)
	if err != nil {
		rep.Error = err.Error()
		return rep, nil, err
	}
	rep.Encoding = enc
	docs, dropped, attention := parseText(text, im.opt)
	rep.Attention = attention
	sort.SliceStable(dropped, func(i, j int) bool { return dropped[i].no < dropped[j].no })
	for _, dl := range dropped {
		rep.Dropped = append(rep.Dropped, lineRef(dl.no)+dl.text)
	}
	if len(docs) == 0 {
		rep.Attention = append(rep.Attention, "没有识别出任何文件")
	}
	return rep, docs, nil
}

// parseText finds the documents of one decoded text.
func parseText(text string, opt Options) ([]*document, []droppedLine, []string) {
	p := prepare(text, nil)
	classify(p.lines)
	segs := segmentLines(p.lines)
	if inside := insideDocuments(segs, p.soft); len(inside) > 0 {
		// Lines that only a keyword rule took for page furniture, found
		// between a document's own lines, are its text: prepare again
		// keeping them.
		p = prepare(text, inside)
		classify(p.lines)
		segs = segmentLines(p.lines)
	}
	var dropped []droppedLine
	for _, s := range p.dropped {
		dropped = append(dropped, parseRef(s))
	}
	lastContent := -1 // the last segment with a line of text
	for i, seg := range segs {
		for _, l := range seg.lines {
			if !l.blank {
				lastContent = i
				break
			}
		}
	}
	var docs []*document
	var attention []string
	for i, seg := range segs {
		if seg.doc {
			d := buildDocument(seg, opt)
			finishDocument(d, i == lastContent)
			for _, s := range d.dropped {
				dropped = append(dropped, parseRef(s))
			}
			docs = append(docs, d)
			continue
		}
		ds, dr, at := looseItems(seg, opt)
		docs = append(docs, ds...)
		dropped = append(dropped, dr...)
		attention = append(attention, at...)
	}
	givePageDates(docs, p.pageDates)
	for _, d := range docs {
		if opt.Topic != "" {
			d.topic = opt.Topic
		}
	}
	return docs, dropped, attention
}

// insideDocuments returns those of the lines nos that lie inside a
// document: after its first line and before its last one.
func insideDocuments(segs []*segment, nos []int) map[int]bool {
	inside := map[int]bool{}
	for _, seg := range segs {
		if !seg.doc {
			continue
		}
		first, last := 0, 0
		for _, l := range seg.lines {
			if l.blank {
				continue
			}
			if first == 0 {
				first = l.no
			}
			last = l.no
		}
		for _, no := range nos {
			if first < no && no < last {
				inside[no] = true
			}
		}
	}
	return inside
}

// parseRef splits "第N行：text" back into its parts.
func parseRef(s string) droppedLine {
	rest := strings.TrimPrefix(s, "第")
	i := strings.Index(rest, "行：")
	if i < 0 {
		return droppedLine{0, s}
	}
	n, _ := strconv.Atoi(rest[:i])
	return droppedLine{n, rest[i+len("行："):]}
}

// finishDocument renders the body and reads what depends on it; last is
// set for the text's last document (nothing but page debris after it).
func finishDocument(d *document, last bool) {
	tables := findTables(d.body)
	if last {
		dropTableTrail(d, tables)
	}
	nodes := buildNodes(d.body, tables)
	nodes, dropped := dropTail(nodes)
	d.dropped = append(d.dropped, dropped...)
	if len(dropped) > 0 {
		d.attend("文末有 " + strconv.Itoa(len(dropped)) + " 行不像正文（评论、标签或其他文章的标题），已删除并列入报告")
	}
	nodes = markIssued(nodes)
	d.tables = tables
	d.markdown = render(nodes, true)
	if len(nodes) == 0 {
		d.attend("没有识别出正文")
	}
	text := plainText(nodes)
	applyValidity(d, text)
	if d.kind == "interpretation" {
		d.interprets = interpretedNumber(d, text)
	}
	for _, t := range tables {
		if !t.isTaskTable() {
			d.attend("第" + strconv.Itoa(t.lineNo) + "行起的表格已转为 Markdown 表格（未能确定每行的牵头或责任单位，未生成任务表）")
		}
	}
}

// citedNameRe reads the names cited in 《…》.
var citedNameRe = regexp.MustCompile(`《([^《》]+)》`)

// titleNames returns the names an interpretation's title cites in 《…》
// (《某某市政务公开工作实施办法》政策解读), folded.
func titleNames(title string) []string {
	var names []string
	for _, m := range citedNameRe.FindAllStringSubmatch(foldOf(title), -1) {
		names = append(names, strings.TrimSpace(m[1]))
	}
	return names
}

// interpretedNumber returns the 发文字号 of the document an interpretation
// explains: the number its text cites right after the 《…》 that its own
// title names. Other numbers in the text are the bases and the documents
// it relates to (为贯彻落实《…》（国办发〔2016〕8号）), not what it explains;
// without such a citation the number stays unknown ("").
func interpretedNumber(d *document, text string) string {
	names := titleNames(d.title)
	if len(names) == 0 {
		return ""
	}
	for _, m := range docno.Find(text) {
		if m.Title == "" || (d.hasNumber && m.Number.Key() == d.number.Key()) {
			continue
		}
		if contains(names, strings.TrimSpace(foldOf(m.Title))) {
			return m.Number.String()
		}
	}
	return ""
}

// matchInterpreted gives each interpretation of the run whose text did not
// cite the number of the document it explains that document's number, when
// exactly one document imported in the same run has the title that the
// interpretation's title names (or issues it: 关于印发《X》的通知).
func matchInterpreted(docs []*document) {
	for _, d := range docs {
		if d.kind != "interpretation" || d.interprets != "" {
			continue
		}
		names := titleNames(d.title)
		var found *document
		n := 0
		for _, p := range docs {
			if p == d || !p.hasNumber || p.kind == "interpretation" {
				continue
			}
			t := foldOf(p.title)
			for _, name := range names {
				if t == name || strings.Contains(t, "印发"+name+"的") || strings.Contains(t, "转发"+name+"的") {
					found = p
					n++
					break
				}
			}
		}
		if n == 1 {
			d.interprets = found.number.String()
			d.attend("解读文件取自同批导入的“" + found.title + "”（标题与本解读标题中的《》相同），请核对")
		}
	}
}

// looseItems turns text outside any document into news items: a short
// headline line followed by paragraphs is a titled item; a paragraph (or
// a flattened line) on its own is an item without a title. What is too
// short to be news is dropped and reported.
func looseItems(seg *segment, opt Options) ([]*document, []droppedLine, []string) {
	var docs []*document
	var dropped []droppedLine
	var attention []string
	var cur *document
	var curText []string
	flush := func() {
		if cur == nil {
			return
		}
		body := strings.Join(curText, "")
		switch {
		case len(curText) == 0:
			dropped = append(dropped, droppedLine{cur.firstLine, cur.title})
			attention = append(attention, lineRef(cur.firstLine)+"“"+cur.title+"”后面没有正文，已删除")
		case opt.Kind == "" && cur.title == "" && !newsLike(body):
			for _, t := range curText {
				dropped = append(dropped, droppedLine{cur.firstLine, t})
			}
			attention = append(attention, lineRef(cur.firstLine)+"一段零散文字不属于任何文件，也不像一条新闻，已删除："+runePrefix(body, 40))
		default:
			if d := leadingDate(body); d != "" && cur.published.IsZero() {
				// The date of the event, often but not always the day of
				// publication: a person decides.
				cur.attend("正文开头的日期“" + d + "”可能就是发布日期，请核对后填写 published")
			}
			docs = append(docs, cur)
		}
		cur, curText = nil, nil
	}
	units := looseUnits(seg.lines)
	for _, u := range units {
		head := u[0]
		if len(u) == 1 && head.kind == kLabel && cur != nil {
			applyLabels(header{labels: []labelled{labelOf(head)}}, cur)
			continue
		}
		// The dateline under a headline before anything else: it is short
		// and unpunctuated like a headline, but it is not the next one.
		if len(u) == 1 && cur != nil && cur.title != "" && len(curText) == 0 && dateline(head, cur) {
			continue
		}
		if len(u) == 1 && headline(head) {
			flush()
			cur = newsDoc(head.no, opt)
			cur.title = strings.TrimSpace(head.text)
			continue
		}
		if cur == nil || cur.title == "" || len(u) > 1 {
			flush()
			cur = newsDoc(head.no, opt)
		}
		var paras []string
		for _, l := range u {
			paras = append(paras, escapeText(strings.TrimSpace(l.text)))
			curText = append(curText, strings.TrimSpace(l.text))
		}
		if cur.titleHint == "" {
			cur.titleHint = firstSentence(strings.TrimSpace(head.text))
		}
		if cur.markdown != "" {
			cur.markdown += "\n"
		}
		cur.markdown += strings.Join(paras, "\n\n") + "\n"
	}
	flush()
	return docs, dropped, attention
}

// sourceRe reads the source named on a news item's dateline.
var sourceRe = regexp.MustCompile(`来源\s*[:：]\s*([^\s:：]+)`)

// dateline reads the line under a news headline (2020-02-16 10:30 来源：辽宁日报)
// into the item and reports whether it was one.
func dateline(l *line, d *document) bool {
	if utf8.RuneCountInString(l.text) > 60 || sentencePunct(l.fold) {
		return false
	}
	ds := cndate.FindDates(l.text)
	src := sourceRe.FindStringSubmatch(l.text)
	if len(ds) == 0 && src == nil {
		return false
	}
	if len(ds) > 0 {
		d.published = ds[0].Date
	}
	if src != nil {
		d.source = src[1]
	}
	return true
}

func newsDoc(no int, opt Options) *document {
	k := "news"
	if opt.Kind != "" {
		k = opt.Kind
	}
	return &document{kind: k, firstLine: no}
}

func labelOf(l *line) labelled {
	name, v, _ := label(l)
	return labelled{name, v, l.no}
}

// looseUnits groups loose lines: the pieces of one flattened physical line
// form one unit; any other line is a unit of its own.
func looseUnits(lines []*line) [][]*line {
	var out [][]*line
	for _, l := range lines {
		if l.blank {
			continue
		}
		if n := len(out); n > 0 && (l.flat && out[n-1][0].flat || l.runIn) && out[n-1][0].block == l.block {
			out[n-1] = append(out[n-1], l)
			continue
		}
		out = append(out, []*line{l})
	}
	return out
}

// headline reports whether a loose line is the headline of a news item:
// short, without sentence punctuation, and not a dateline (one that opens
// with a full date or names a source: 2021-03-05 10:30 来源：某某日报).
func headline(l *line) bool {
	n := utf8.RuneCountInString(l.text)
	return !l.flat && n >= 6 && n <= 40 && !sentencePunct(l.fold) && l.kind != kLabel && l.kind != kDate &&
		leadingDate(l.text) == "" && !sourceRe.MatchString(l.text)
}

// newsLike reports whether loose text is a news item: several sentences
// of reporting, or a dated brief (简讯) — one complete sentence that opens
// with its full date (2015年8月21日，某某市人民政府印发《……》。) — not a
// stray line.
func newsLike(s string) bool {
	if utf8.RuneCountInString(s) >= 80 && strings.ContainsAny(s, "。！？") {
		return true
	}
	return utf8.RuneCountInString(s) >= 20 && strings.HasSuffix(s, "。") && leadingDate(s) != ""
}

// leadingDate returns the full date a text opens with, as written, or "".
func leadingDate(s string) string {
	if ds := cndate.FindDates(s); len(ds) > 0 && ds[0].Start == 0 {
		return s[:ds[0].End]
	}
	return ""
}

// emit writes the files of one document and returns its report.
func (im *importRun) emit(d *document, input string) DocReport {
	dir, prefix := "content/policies/", "policy"
	switch d.kind {
	case "news":
		dir, prefix = "content/news/", "news"
	case "interpretation":
		dir, prefix = "content/interpretations/", "interpretation"
	}
	slug := ""
	if d.hasNumber && d.kind == "policy" {
		slug = numberSlug(d.number)
	} else {
		slug = textSlug(prefix, d.signed.Year(), d.title+"\n"+d.markdown)
	}
	path := im.unique(dir, slug, ".md")
	d.slug = strings.TrimSuffix(strings.TrimPrefix(path, dir), ".md")
	if d.kind == "interpretation" && d.interprets == "" {
		d.attend("未能从原文确定所解读的文件（标题中《》所指文件的发文字号），请核对后填写 interprets")
	}
	missing := missingKeys(d)
	rep := DocReport{
		Path: path, Kind: d.kind, Title: d.title, Organ: strings.Join(d.organs, "、"), Signed: d.signed.ISO(),
		Addressee: addressee(d), Line: d.firstLine, Missing: missing,
	}
	if d.hasNumber {
		rep.DocNo = d.number.String()
	}
	if d.kind == "policy" && hasTaskTable(d) {
		ref := rep.DocNo
		if ref == "" {
			ref = path
		}
		tp := im.unique("content/tasks/", d.slug, ".toml")
		im.files = append(im.files, File{Path: tp, Data: taskFile(d, ref)})
		rep.Tasks = tp
	}
	im.files = append(im.files, File{Path: path, Data: frontMatter(d, input, missing)})
	rep.Attention = d.attention
	return rep
}

// addressee is the document's 主送机关 line without its colon: the first
// line of its body when it is one.
func addressee(d *document) string {
	for _, l := range d.body {
		if l.blank {
			continue
		}
		if l.kind != kAddressee {
			return ""
		}
		return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(l.text), "：:"))
	}
	return ""
}

func hasTaskTable(d *document) bool {
	for _, t := range d.tables {
		if t.isTaskTable() {
			return true
		}
	}
	return false
}

// unique returns dir+slug+ext, with -2, -3 … appended when the path is
// already taken in this run.
func (im *importRun) unique(dir, slug, ext string) string {
	p := dir + slug + ext
	for k := 2; im.used[p]; k++ {
		p = dir + slug + "-" + strconv.Itoa(k) + ext
	}
	im.used[p] = true
	return p
}

// missingKeys lists the front-matter keys of the document's kind that the
// text does not give. topic is never in a text; it is missing unless the
// import was given one.
func missingKeys(d *document) []string {
	var m []string
	add := func(key string, absent bool) {
		if absent {
			m = append(m, key)
		}
	}
	add("title", d.title == "")
	switch d.kind {
	case "policy":
		add("doc_number", !d.hasNumber)
		add("organ", len(d.organs) == 0)
		add("signed", d.signed.IsZero())
		add("published", d.published.IsZero())
		add("topic", d.topic == "")
	case "interpretation":
		add("organ", len(d.organs) == 0)
		add("published", d.published.IsZero())
		add("interprets", d.interprets == "")
	default:
		add("organ", len(d.organs) == 0 && d.source == "")
		add("published", d.published.IsZero())
	}
	return m
}
