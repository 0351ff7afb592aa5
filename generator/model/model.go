// Package model is the plain data that every phase of the build reads and
// writes: documents of every kind, tasks, credit records, commitments and the
// site that holds them. It imports nothing of gongkai's and does no I/O; the
// rules that belong to the data (effectiveness, URLs) live beside it.
package model

import (
	"math"
	"slices"
	"strings"
)

// Kind names a kind of content. The values are stable identifiers used in
// URLs, in public/data/*.json and in search filters.
type Kind string

const (
	KindPolicy         Kind = "policy"         // 政策文件, content/policies/
	KindInterpretation Kind = "interpretation" // 政策解读, content/interpretations/
	KindNews           Kind = "news"           // 政务动态, content/news/
	KindCredit         Kind = "credit"         // 政务失信记录, content/credit/*.toml
	KindCommitment     Kind = "commitment"     // 公开承诺, content/commitments/*.toml
)

// Label is the Chinese name of the kind as shown on pages.
func (k Kind) Label() string {
	switch k {
	case KindPolicy:
		return "政策文件"
	case KindInterpretation:
		return "政策解读"
	case KindNews:
		return "政务动态"
	case KindCredit:
		return "政务失信记录"
	case KindCommitment:
		return "公开承诺"
	}
	return string(k)
}

// Pos is a position in a source file: a path relative to the site root
// (slash-separated), a 1-based line and a 1-based column counted in
// characters (runes). Line 0 means "the whole file".
type Pos struct {
	File      string
	Line, Col int
}

// Disclosure modes (公开方式).
const (
	DiscloseActive    = "主动公开"
	DiscloseOnRequest = "依申请公开"
	DiscloseNone      = "不予公开"
)

// Disclosure is the 公开方式 of an item and, when it is withheld, the legal
// ground for withholding it (条例 Arts 14–16) and the date of its next review
// (Art 18).
type Disclosure struct {
	Mode      string // one of the Disclose* constants; "" is read as 主动公开
	Exemption string // one of the grounds in Exemptions
	Reason    string
	ReviewBy  Date
	Pos       Pos // where `disclosure` was written
}

// Published reports whether the item is proactively disclosed and so goes
// into the output.
func (d Disclosure) Published() bool { return d.Mode == "" || d.Mode == DiscloseActive }

// Effectiveness tags (有效性).
type Effect string

const (
	EffectPending  Effect = "尚未生效"
	EffectValid    Effect = "有效"
	EffectAmended  Effect = "已修改"
	EffectExpired  Effect = "失效"
	EffectRepealed Effect = "废止"
)

// InForce reports whether the tag belongs to the 现行有效 view.
func (e Effect) InForce() bool { return e == EffectValid || e == EffectAmended }

// Status is a document's computed effectiveness as of the build date.
type Status struct {
	Tag    Effect
	Since  Date        // the date the tag took effect (zero when it has always held)
	Reason string      // e.g. 有效期5年, 被成府发〔2020〕3号废止
	By     []*Document // the documents that repealed or amended it, in date order
	// Next is the next change of tag after the as-of date, if one is known
	// from the dates (used by `check --upcoming`).
	Next     Effect
	NextDate Date
}

// Attachment is a file stored beside a document in its bundle folder.
type Attachment struct {
	Name       string // file name as stored
	Title      string // declared title, "" for none
	Source     string // path in the site file system
	URL        string // site-relative URL path
	Type       string // PDF, DOCX, XLSX, 图片 …
	Size       int64
	Disclosure Disclosure
}

// Ref is one citation of a 发文字号 (or a 《title》) in a document's text.
type Ref struct {
	Key    string    // normalised 发文字号 key (see package docno)
	Number string    // the number in canonical display form, e.g. 国发〔2016〕76号
	Title  string    // the cited title from 《…》 next to the number, if any
	Target *Document // the document on the site with that number, or nil
	From   *Document // the citing document
}

// Document is a policy document, a policy interpretation or a news item:
// everything that is a Markdown file with front matter.
type Document struct {
	Kind   Kind
	Source string // path of the .md file in the site file system
	Bundle string // the bundle folder when the document is NAME/index.md
	Slug   string
	URL    string // site-relative, starts and ends with "/": /policies/NAME/

	Title           string
	DocNo           string // 发文字号 in canonical form (〔〕), "" when it has none
	DocKey          string // normalised key of DocNo
	Organs          []string
	Signed          Date // 成文日期
	Published       Date // 发布日期
	Effective       Date // 生效日期 (defaults to Signed)
	Expires         Date
	ValidYears      int
	Topic           string // 主题分类 "一级/二级"
	Keywords        []string
	Category        string   // 规章 / 行政规范性文件 / 其他文件
	IndexNo         string   // 索引号
	IndexNoPrevious string   // index_no_previous: acknowledges a change of 索引号
	Summary         string   // 内容概述
	Repeals         []string // 发文字号 keys this document repeals
	Amends          []string // 发文字号 keys this document amends
	Repealed        Date     // repealed by a document not on the site
	Interprets      string   // the 发文字号 key or content path of the interpreted document
	Form            string   // 解读形式 (interpretations)
	SourceName      string   // 来源 (news)
	Aliases         []string // old URLs that redirect here
	AllowRefs       []string // references to withheld items marked deliberate
	AllowPII        []string // personal-data hits allowed for this file (exact strings)
	Disclosure      Disclosure
	Script          string // zh-Hans or zh-Hant, detected from the text
	Attachments     []Attachment

	Body     []byte // Markdown body (front matter removed, line numbers kept); nil once released (Site.Bodies)
	BodyLine int    // line of the file where Body's first line stands
	BodySum  uint64 // hash of Body as loaded: a body read again must match it
	BodyLen  int    // length of Body as loaded (with BodySum, what caches compare)

	// KeyLines are the front-matter keys and their lines, for messages
	// (see KeyPos); CloseLine is the line of the front matter's closing
	// +++. A slice, not a map: a map of ten keys took about 900 bytes a
	// document.
	KeyLines  []KeyLine
	CloseLine int
	// HeadSum is a hash of the front matter as loaded: with BodyLine it
	// fixes KeyLines, so a cache compares it instead of reading them.
	HeadSum uint64

	// Derived by the resolve phase.
	Status          Status
	Cites           []Ref       // numbers this document cites, in order of first appearance
	CitedBy         []*Document // documents that cite this one
	Interpretations []*Document // interpretations of this document
	InterpretsDoc   *Document   // for an interpretation: the document it explains
	AmendedBy       []*Document
	RepealedBy      []*Document
	Tasks           []*Task
	Year            int // year used for listings (of Signed, else Published)
}

// EffectiveDate is the date the document takes effect: effective, else
// signed, else published.
func (d *Document) EffectiveDate() Date {
	switch {
	case d.Effective != 0:
		return d.Effective
	case d.Signed != 0:
		return d.Signed
	}
	return d.Published
}

// OrganLine joins the organs for display.
func (d *Document) OrganLine() string {
	s := ""
	for i, o := range d.Organs {
		if i > 0 {
			s += "、"
		}
		s += o
	}
	return s
}

// CitedNumber is a 发文字号 cited on the site; when no document on the site
// carries it, it still gets a page listing every document that cites it.
type CitedNumber struct {
	Key    string
	Number string
	Title  string // a title seen next to it in 《》, if any
	URL    string
	Target *Document
	By     []*Document
}

// KeyLine is where a front-matter key stands.
type KeyLine struct {
	Key  string
	Line int
}

// KeyPos is where the front-matter key stands in d's file, for messages;
// a key the front matter does not have (and "") gives the line of its
// closing +++, where it would be added.
func (d *Document) KeyPos(key string) Pos {
	return keyPos(d.Source, d.KeyLines, key, Pos{File: d.Source, Line: d.CloseLine, Col: 1})
}

// keyPos is where key is written in file, among keys; otherwise when it is
// not.
func keyPos(file string, keys []KeyLine, key string, otherwise Pos) Pos {
	for _, k := range keys {
		if k.Key == key {
			return Pos{File: file, Line: k.Line, Col: 1}
		}
	}
	return otherwise
}

// OutPath is the output file of a site path: a folder's index.html, or
// the file itself ("/policies/x/" → "policies/x/index.html").
func OutPath(sitePath string) string {
	p := strings.TrimPrefix(sitePath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// AliasURL is the site path of an old address written in aliases (with or
// without its slashes).
func AliasURL(alias string) string { return "/" + strings.Trim(alias, "/") + "/" }

// KeyPos is where the record's key is written (its [[record]] line when
// the key is not).
func (c *CreditRecord) KeyPos(key string) Pos { return keyPos(c.Source, c.KeyLines, key, c.Pos) }

// KeyPos is where the commitment's key is written (its [[commitment]]
// line when the key is not).
func (c *Commitment) KeyPos(key string) Pos { return keyPos(c.Source, c.KeyLines, key, c.Pos) }

// Task is one 任务分工 entry: a measure with its responsible units and
// deadline, extracted from a policy body or given in content/tasks/*.toml.
//
// A large site has some fifteen tasks a document (1.5 million at 100,000
// documents, the largest part of the build's live memory), so the fields
// are laid out to keep a Task small: the units share one slice (Lead, Coop
// and Resp), a table row's own cells sit behind a pointer, and the small
// fields share words.
type Task struct {
	ID    string // stable: derived from the document and the task's own text
	Doc   *Document
	Item  string // item number in the document, e.g. 二（一）3
	Title string
	Text  string // the attribution as written
	// Units are the lead units (牵头单位), then the cooperating units
	// (配合单位), then the responsible units (责任单位 / 负责落实); see
	// SetUnits, Lead, Coop and Resp.
	Units        []string
	Table        *TaskRow // a task table's own cells; nil for a task found in a policy text
	DeadlineText string
	Deadline     Date
	Seq          int32 // its index in Site.Tasks
	nLead, nCoop uint16
	Overdue      bool // past Deadline and not DeadlineMet, as of the build date
	Period       Period
	// StartBy: Deadline is when the task is to start (7月底前启动), not to
	// be done (see DeadlineMet).
	StartBy bool
	// Line and Col are where the task is written: in its document's file,
	// or for a table row in the table's file (see Pos).
	Line, Col int32
	// TextSum, when not 0, is a hash of Item, Title, Text and DeadlineText
	// taken when the task was made from its document's body and kept with
	// it between serve's builds, so that fingerprints need not read the
	// text again. Those fields are not changed after it is taken.
	TextSum uint64

	// From content/tasks/progress.
	Status   string        // 未启动 / 推进中 / 已完成
	Progress *TaskProgress // the log and the evidence; nil for a task without either
}

// TaskRow is what a row of a task table (content/tasks/*.toml) says of a
// task besides what every task has.
type TaskRow struct {
	Requirement string // 工作要求
	Carrier     string // 公开载体
	Source      string // the table's file
	AllowPII    []string
}

// Pos is where the task is written.
func (t *Task) Pos() Pos {
	p := Pos{Line: int(t.Line), Col: int(t.Col)}
	switch {
	case t.Table != nil:
		p.File = t.Table.Source
	case t.Doc != nil:
		p.File = t.Doc.Source
	}
	return p
}

// SetPos sets where the task is written; for a table row, Table must be
// set first.
func (t *Task) SetPos(p Pos) {
	if t.Table != nil {
		t.Table.Source = p.File
	}
	t.Line, t.Col = clamp32(p.Line), clamp32(p.Col)
}

func clamp32(n int) int32 { return int32(min(max(n, 0), math.MaxInt32)) }

// DeadlineMet reports whether the task has done what its deadline asks:
// it is 已完成, or the deadline is one by which it is to start (7月底前启动)
// or one followed by a period (7月底前啟動長期推進: started, then carried
// on; 每季度 …) and it is 推进中. An ongoing task is never 已完成.
func (t *Task) DeadlineMet() bool {
	return t.Status == "已完成" || t.Status == "推进中" && (t.StartBy || t.Period != PeriodNone)
}

// Requirement is the task table's 工作要求, or "".
func (t *Task) Requirement() string {
	if t.Table == nil {
		return ""
	}
	return t.Table.Requirement
}

// Carrier is the task table's 公开载体, or "".
func (t *Task) Carrier() string {
	if t.Table == nil {
		return ""
	}
	return t.Table.Carrier
}

// SetUnits sets the task's units. The three lists are kept as one slice:
// when they lie one after another in lead's array (as resolve makes them),
// that array is used; else they are copied into a new one.
func (t *Task) SetUnits(lead, coop, resp []string) {
	n := len(lead) + len(coop) + len(resp)
	if n > math.MaxUint16 {
		// Beyond any real attribution; kept whole, as responsible units.
		lead, coop, resp = nil, nil, slices.Concat(lead, coop, resp)
	}
	t.nLead, t.nCoop = uint16(len(lead)), uint16(len(coop))
	switch {
	case n == 0:
		t.Units = nil
	case cap(lead) >= n && (len(coop) == 0 || &lead[:n][len(lead)] == &coop[0]) &&
		(len(resp) == 0 || &lead[:n][len(lead)+len(coop)] == &resp[0]):
		t.Units = lead[:n:n]
	default:
		t.Units = slices.Concat(lead, coop, resp)
	}
}

// Lead is the task's 牵头单位.
func (t *Task) Lead() []string { return t.Units[:t.nLead:t.nLead] }

// Coop is the task's 配合单位.
func (t *Task) Coop() []string {
	return t.Units[t.nLead : t.nLead+t.nCoop : t.nLead+t.nCoop]
}

// Resp is the task's 责任单位.
func (t *Task) Resp() []string { return t.Units[t.nLead+t.nCoop:] }

// Period tells a task without a single due date: ongoing (长期推进) or
// recurring (每季度 …).
type Period uint8

const (
	PeriodNone Period = iota
	PeriodOngoing
	PeriodRecurring
)

// String is the period's name in exports: "", "ongoing" or "recurring".
func (p Period) String() string {
	switch p {
	case PeriodOngoing:
		return "ongoing"
	case PeriodRecurring:
		return "recurring"
	}
	return ""
}

// TaskProgress is what a progress entry says of a task besides its
// status: dated notes, oldest first, and evidence links. Pages show them
// under the task's status; scan checks their text for personal data.
type TaskProgress struct {
	Log         []ProgressNote
	Evidence    []Link
	Pos         Pos // the [[progress]] entry
	EvidencePos Pos // its evidence key
	AllowPII    []string
}

// ProgressNote is a dated line of a task's progress log.
type ProgressNote struct {
	Date Date
	Text string
}

// Link is a titled URL.
type Link struct {
	Title, URL string
}

// CreditRecord is a 政务失信记录.
type CreditRecord struct {
	ID           string
	Source       string
	Pos          Pos
	Subject      string
	SubjectType  string // 政府机构 / 公务员 / 企业 / 其他
	CreditCode   string // 统一社会信用代码
	Behaviour    string
	Basis        string // 文号 of the decision
	BasisDoc     *Document
	Decided      Date
	Organ        string
	Severity     string // 轻微 / 一般 / 严重
	RecordStatus string // 公示中 / 异议处理中 / 已修复 / 已移出
	Minor        bool
	IndexNo      string    // 索引号 (the catalogue lists it)
	AllowPII     []string  // exact strings that look like personal data but are not
	KeyLines     []KeyLine // where its published texts and its 认定 date are written (see KeyPos)
	Disclosure   Disclosure
	URL          string

	// Derived.
	DisplaySubject string // masked when a natural person
	ShowUntil      Date   // last day of display
	RepairFrom     Date   // first day a repair may be applied for
	Shown          bool
}

// Commitment is a 公开承诺.
type Commitment struct {
	ID          string
	Source      string
	Pos         Pos
	Subject     string
	Content     string
	Made        Date
	Due         Date
	State       string // 履行中 / 已兑现 / 未兑现
	Evidence    []Link
	EvidencePos Pos    // the evidence key
	IndexNo     string // 索引号 (the catalogue lists it)
	AllowPII    []string
	KeyLines    []KeyLine // where its published texts are written (see KeyPos)
	Disclosure  Disclosure
	URL         string
	Overdue     bool
}

// Site is everything the build knows about one site.
type Site struct {
	AsOf      Date
	Documents []*Document // every published document of every kind, sorted
	Withheld  []*Document // documents not proactively disclosed (never rendered)
	Numbers   map[string]*CitedNumber
	Tasks     []*Task
	Credit    []*CreditRecord
	// HiddenCredit are the published credit records not shown as of AsOf
	// (past their display period, repaired, removed, disputed and hidden,
	// or never shown): they have no page, and links to theirs are shown as
	// plain text with a warning, since a page may end by the calendar alone.
	HiddenCredit   []*CreditRecord
	Commitments    []*Commitment
	WithheldCounts map[string]int // by exemption ground, all kinds
	WithheldURLs   []string       // the addresses withheld documents and attachments would have had: nothing may link to them
	// IndexLock maps the address of each published document, credit record
	// and commitment to its 索引号, and IndexGone the addresses of earlier
	// builds no longer on the site to theirs (kept, never given again): the
	// content of indexno.lock after this build (see package resolve).
	IndexLock, IndexGone map[string]string
	// Bodies re-reads the body of a document whose Body was released after
	// loading (a one-off build does not hold every body from load to
	// render; serve's content cache keeps none); nil when bodies stay in
	// memory. Use BodyOf.
	// The file is read into buf when it is large enough (nil: a new
	// slice); the body returned may be a view of buf.
	Bodies func(d *Document, buf []byte) ([]byte, error)
}

// BodyOf returns the Markdown body of d: d.Body, or read again through
// s.Bodies when it was released.
func (s *Site) BodyOf(d *Document) ([]byte, error) {
	return s.BodyInto(d, nil)
}

// BodyInto is BodyOf reading a released body into buf when it is large
// enough, so that a caller that is done with each body can reuse one
// buffer; the body returned may be a view of buf.
func (s *Site) BodyInto(d *Document, buf []byte) ([]byte, error) {
	if d.Body != nil || s.Bodies == nil {
		return d.Body, nil
	}
	return s.Bodies(d, buf)
}

// ByKind returns the published documents of one kind, in site order.
func (s *Site) ByKind(k Kind) []*Document {
	var out []*Document
	for _, d := range s.Documents {
		if d.Kind == k {
			out = append(out, d)
		}
	}
	return out
}
