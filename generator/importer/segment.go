package importer

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// segment is a run of lines: one document, or loose text between documents
// (news items, or debris that belongs to nothing).
type segment struct {
	doc   bool
	lines []*line
}

// segmenter splits a file into documents following the GB/T 9704 layout: a
// document starts with its header (a 第N篇 marker, a 发文字号, a title, a
// 主送机关 line) and ends with its signature and date, after which only the
// parts that belong to it may follow (附件, 附注, 版记, or the document that
// a 印发/转发 notice announces).
type segmenter struct {
	lines []*line
	out   []*segment
	cur   *docState
	loose *segment
}

type docState struct {
	seg       *segment
	hasBody   bool
	closed    bool
	inAnnex   bool
	numberKey string
	notice    bool     // a 印发/转发/批转 notice: the document it issues follows it
	attached  bool     // the issued document has begun
	announced []string // normalised names in 现将《…》印发 sentences
	titleRun  string   // the folded header lines of the title so far
}

func segmentLines(lines []*line) []*segment {
	s := &segmenter{lines: lines}
	var prev *line
	for i, l := range lines {
		if l.blank {
			s.appendBlank(l)
			continue
		}
		if prev != nil && l.block != prev.block && (l.flat || prev.flat) {
			s.endDoc() // a flattened physical line is a unit of its own
		}
		s.step(i, l, prev)
		prev = l
	}
	s.endDoc()
	s.endLoose()
	return s.out
}

func (s *segmenter) step(i int, l *line, prev *line) {
	c := s.cur
	switch {
	case c == nil:
		firstPiece := !l.flat || prev == nil || prev.block != l.block
		if firstPiece && s.startsLoose(i) {
			s.begin(l)
			return
		}
		s.appendLoose(l)
	case c.closed:
		switch {
		case s.continuesClosed(i):
			s.add(l)
		case s.startsAfter(i):
			s.begin(l)
		default:
			s.endDoc()
			s.step(i, l, prev)
		}
	default:
		if c.hasBody && !c.inAnnex && s.startsOpen(i) {
			s.begin(l)
			return
		}
		s.add(l)
		if l.kind == kDate && c.hasBody && s.signatureDate(i) {
			c.closed = true
		}
	}
}

// signatureDate reports whether the date line i is a 成文日期 that closes
// the document: it directly follows the lines of the signing organ, or
// nothing but 附件, 附注, 版记 or a new document's header follows it. A date
// on its own line inside the body (会议时间 / 2021年7月10日) is neither.
func (s *segmenter) signatureDate(i int) bool {
	if p := s.prev(i); p != nil && p.kind == kSigOrgan {
		return true
	}
	return s.endsBody(i)
}

// endsBody reports whether what follows line i is no longer the body of the
// document: the end of the file, 附件, 附注, 版记, or a new header.
func (s *segmenter) endsBody(i int) bool {
	n := s.next(i, 1)
	if n == nil {
		return true
	}
	switch n.kind {
	case kAnnex, kCC, kNote:
		return true
	}
	for j := i + 1; j < len(s.lines); j++ {
		if !s.lines[j].blank {
			return s.startsAfter(j)
		}
	}
	return false
}

// prev returns the last non-blank line before i, or nil.
func (s *segmenter) prev(i int) *line {
	for j := i - 1; j >= 0; j-- {
		if !s.lines[j].blank {
			return s.lines[j]
		}
	}
	return nil
}

// startsLoose: outside any document, a line that can only be the start of
// a document header begins one.
func (s *segmenter) startsLoose(i int) bool {
	l := s.lines[i]
	switch l.kind {
	case kMarker, kDocNoHead, kBanner, kAddressee:
		return true
	case kDocNo:
		return s.numberHeader(i)
	case kTitle:
		return s.next(i, 1) != nil
	case kSigOrgan:
		// The organ line of a title broken after the organ's name
		// (某某市人民政府办公室 / 关于印发……的通知).
		n := s.next(i, 1)
		return n != nil && n.kind == kTitle
	case kLabel:
		return headerLabel(l)
	case kH1, kChapter:
		return !l.flat
	}
	return false
}

// startsOpen: inside a document that has a body but no signature yet, a new
// header begins another document.
func (s *segmenter) startsOpen(i int) bool {
	l := s.lines[i]
	switch l.kind {
	case kMarker, kBanner:
		return true
	case kTitle:
		if s.issued(l) {
			return false
		}
		return s.headerEvidence(i) || strings.Contains(l.fold, "关于")
	case kDocNo:
		n, _ := docNoOnly(l.text)
		return n.Key() != s.cur.numberKey && s.numberHeader(i)
	case kLabel:
		return headerLabel(l)
	}
	return false
}

// startsAfter: after a signed document, any header line begins a new one.
func (s *segmenter) startsAfter(i int) bool {
	l := s.lines[i]
	switch l.kind {
	case kMarker, kDocNoHead, kBanner, kAddressee, kTitle:
		return true
	case kDocNo:
		return s.numberHeader(i)
	case kLabel:
		return headerLabel(l)
	}
	return false
}

// numberHeader reports whether the 发文字号 line i heads a document rather
// than cites one: a title, 主送 line, banner or header label follows it, or
// a title that is not itself a list entry comes just before it. A number
// right after a line ending in a colon, after a list item (1.某某办法) or in
// a row of a flattened table is a citation.
func (s *segmenter) numberHeader(i int) bool {
	p := s.prev(i)
	if p != nil && (endsWithColon(p) || listItem(p)) {
		return false
	}
	if j := s.nextIndex(i); j >= 0 {
		n := s.lines[j]
		switch n.kind {
		case kTitle, kAddressee, kBanner, kMarker:
			return true
		case kLabel:
			return headerLabel(n)
		}
		if listItem(n) || n.kind == kDocNo {
			return false
		}
		if s.titleGroupAt(j) {
			return true // a title broken over lines
		}
	}
	if p == nil || p.kind != kTitle {
		return false
	}
	// The title just before it, and the lines it is broken from, must
	// follow neither a colon nor a list item.
	j := s.prevIndex(i)
	for k := 0; k < 3; k++ {
		q := s.prevIndex(j)
		if q < 0 {
			return true
		}
		l := s.lines[q]
		if endsWithColon(l) || listItem(l) {
			return false
		}
		if l.kind != kTitle && l.kind != kSigOrgan && (l.kind != kText || prose(l)) {
			return true
		}
		j = q
	}
	return true
}

// titleGroupAt reports whether the lines from j on begin a title broken
// over lines (某某市人民政府办公室关于 / 印发……的通知): joined, up to four
// short lines without sentence punctuation have the form of a title.
func (s *segmenter) titleGroupAt(j int) bool {
	var b strings.Builder
	for k := 0; k < 4 && j >= 0; k++ {
		l := s.lines[j]
		if l.kind != kTitle && l.kind != kSigOrgan && (l.kind != kText || prose(l)) || listItem(l) {
			return false
		}
		b.WriteString(strings.TrimSpace(l.fold))
		if titleLike(b.String()) {
			return true
		}
		j = s.nextIndex(j)
	}
	return false
}

// prevIndex returns the index of the last non-blank line before i, or -1.
func (s *segmenter) prevIndex(i int) int {
	for j := i - 1; j >= 0; j-- {
		if !s.lines[j].blank {
			return j
		}
	}
	return -1
}

// endsWithColon reports whether a line ends in a colon (下列文件：).
func endsWithColon(l *line) bool {
	f := strings.TrimSpace(l.fold)
	return strings.HasSuffix(f, ":") || strings.HasSuffix(f, "：")
}

// listItem reports whether a line is an entry of a list or a table row: it
// starts with an item number (1. / （1）) or is only a number (a 序号 cell).
func listItem(l *line) bool {
	f := strings.TrimSpace(l.fold)
	if f == "" {
		return false
	}
	if l.kind == kH3 || l.kind == kH4 {
		return true
	}
	for _, r := range f {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// nextIndex returns the index of the first non-blank line after i, or -1.
func (s *segmenter) nextIndex(i int) int {
	for j := i + 1; j < len(s.lines); j++ {
		if !s.lines[j].blank {
			return j
		}
	}
	return -1
}

// continuesClosed: what may follow a signature and still belong to the
// document: 附件, 附注, 版记, a second date, the issued document of a 印发
// notice, and everything inside an attachment up to a new header.
func (s *segmenter) continuesClosed(i int) bool {
	l, c := s.lines[i], s.cur
	switch l.kind {
	case kAnnex, kAnnexNote, kCC, kNote, kDate:
		return true
	case kMarker:
		return false
	case kTitle:
		if s.issued(l) {
			c.closed, c.attached = false, true
			return true
		}
	}
	if c.inAnnex {
		switch l.kind {
		case kDocNo:
			return !s.numberHeader(i)
		case kDocNoHead:
			return false
		case kLabel:
			return !headerLabel(l)
		case kTitle:
			return !s.headerEvidence(i)
		}
		return true
	}
	if l.kind == kSigOrgan {
		if n := s.next(i, 1); n != nil && (n.kind == kDate || n.kind == kCC) {
			return true // 印发机关 and date of the 版记
		}
	}
	last := c.seg.lines[len(c.seg.lines)-1]
	return l.flat && last.block == l.block
}

// issued reports whether a title line is the document that the current
// notice issues (现将《X》印发给你们 … X).
func (s *segmenter) issued(l *line) bool {
	c := s.cur
	if c == nil || c.attached || !c.hasBody {
		return false
	}
	name := normTitle(l.fold)
	for _, a := range c.announced {
		if a == name || strings.Contains(a, name) || strings.Contains(name, a) {
			return true
		}
	}
	return c.notice && c.closed
}

// headerEvidence reports whether a header part (number, label, 主送) follows
// line i before any running text: a title followed by its header.
func (s *segmenter) headerEvidence(i int) bool {
	j := i
	for k := 1; k <= 5; k++ {
		if j = s.nextIndex(j); j < 0 {
			return false
		}
		n := s.lines[j]
		switch n.kind {
		case kDocNo:
			return s.numberHeader(j)
		case kLabel, kAddressee:
			return true
		case kText, kTitle:
			if sentencePunct(n.fold) {
				return false
			}
			continue // a further line of a broken title
		default:
			return false
		}
	}
	return false
}

// next returns the k-th non-blank line after i, or nil.
func (s *segmenter) next(i, k int) *line {
	for j := i + 1; j < len(s.lines); j++ {
		if s.lines[j].blank {
			continue
		}
		k--
		if k == 0 {
			return s.lines[j]
		}
	}
	return nil
}

func (s *segmenter) begin(l *line) {
	s.endDoc()
	s.endLoose()
	s.cur = &docState{seg: &segment{doc: true}}
	s.add(l)
}

// add appends a line to the current document and updates its state.
func (s *segmenter) add(l *line) {
	c := s.cur
	c.seg.lines = append(c.seg.lines, l)
	switch l.kind {
	case kAddressee, kH1, kH2, kH3, kH4, kAnnexNote, kChapter, kSection, kArticle:
		c.hasBody = true
	case kText:
		if prose(l) {
			c.hasBody = true
		}
	case kAnnex:
		c.inAnnex = true
	case kDocNo:
		if !c.hasBody && c.numberKey == "" {
			n, _ := docNoOnly(l.text)
			c.numberKey = n.Key()
		}
	case kDocNoHead:
		if c.numberKey == "" {
			n, _, _ := docNoHead(l.text)
			c.numberKey = n.Key()
		}
	case kLabel:
		if name, v, _ := label(l); isNumberLabel(name) && c.numberKey == "" {
			if n, ok := docNoOnly(v); ok {
				c.numberKey = n.Key()
			}
		}
	}
	// A title is often broken over lines (某某市人民政府办公室 / 关于印发
	// 某某办法的 / 通知): the 印发 form is tested on the joined lines.
	switch {
	case c.hasBody:
		c.titleRun = ""
	case l.kind == kTitle || l.kind == kSigOrgan || l.kind == kText && !prose(l):
		c.titleRun += strings.TrimSpace(l.fold)
		if m := noticeTitle.FindStringSubmatch(c.titleRun); m != nil {
			c.notice = true
			c.announced = append(c.announced, normTitle(m[2]))
		}
	case l.kind != kBlank:
		c.titleRun = ""
	}
	if c.hasBody && !c.attached {
		for _, re := range announceRes {
			for _, m := range re.FindAllStringSubmatch(l.fold, -1) {
				c.announced = append(c.announced, normTitle(m[1]))
				c.notice = true
			}
		}
	}
}

func (s *segmenter) endDoc() {
	if s.cur != nil {
		s.out = append(s.out, s.cur.seg)
		s.cur = nil
	}
}

func (s *segmenter) appendLoose(l *line) {
	if s.loose == nil {
		s.loose = &segment{}
	}
	s.loose.lines = append(s.loose.lines, l)
}

func (s *segmenter) appendBlank(l *line) {
	if s.cur != nil {
		s.cur.seg.lines = append(s.cur.seg.lines, l)
		return
	}
	if s.loose != nil {
		s.loose.lines = append(s.loose.lines, l)
	}
}

func (s *segmenter) endLoose() {
	if s.loose != nil {
		s.out = append(s.out, s.loose)
		s.loose = nil
	}
}

// prose reports whether a text line is running text rather than a header
// fragment: it has sentence punctuation or is too long for a title line.
func prose(l *line) bool {
	return sentencePunct(l.fold) || utf8.RuneCountInString(l.text) > 60
}

// headerLabel reports whether a labelled line belongs only to a document
// header (a 文号 or 标题 label), so that it begins a document.
func headerLabel(l *line) bool {
	name, _, ok := label(l)
	return ok && (isNumberLabel(name) || name == "标题" || name == "文件名称" || name == "索引号")
}

func isNumberLabel(name string) bool {
	return name == "文号" || name == "发文字号" || name == "发文文号" || name == "文件编号"
}

var (
	// noticeTitle: a notice that issues or forwards another document:
	// ……关于印发《X》的通知, ……转发……关于X的通知.
	noticeTitle = regexp.MustCompile(`(印发|转发|批转|颁发|发布)(.+)的(通知|决定|命令|令)$`)
	// announceRes: 现将《X》印发给你们 and its variants, and 《X》已经市政府
	// 同意，现印发给你们 (the name first, the issuing verb later in the
	// same sentence).
	announceRes = []*regexp.Regexp{
		regexp.MustCompile(`现将《([^》]{2,80})》[^。]{0,20}(印发|转发|发给|印送)`),
		regexp.MustCompile(`《([^》]{2,80})》[^。《》]{0,30}(现|予以|特此|特)(印发|转发|发给|印送|发布)`),
	}
)

// normTitle reduces a folded title to what identifies it across the ways
// a notice and the issued document write it: no 的, no brackets or quotes,
// no spaces, no leading organ of a 转发 (省环保厅关于…).
func normTitle(f string) string {
	f = strings.NewReplacer("的", "", "《", "", "》", "", "〈", "", "〉", "", "<", "", ">", "", "“", "", "”", "",
		"\"", "", " ", "").Replace(f)
	if i := strings.Index(f, "关于"); i >= 0 {
		f = f[i:]
	}
	return f
}
