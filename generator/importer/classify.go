package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/generator/cndate"
	"gongkai/generator/docno"
)

// kind is what a line is in the GB/T 9704-2012 layout of an official
// document: 版头 (number, labels), 标题, 主送机关, 正文 with its four heading
// levels, 附件说明, 发文机关署名, 成文日期, 附注, 附件, 版记.
type kind int

const (
	kBlank     kind = iota
	kText           // running text (or a title fragment, decided in context)
	kMarker         // 第一篇：…, a separator between documents in a compilation
	kDocNo          // a line that is only a 发文字号
	kDocNoHead      // 发文字号 followed by the title: 沈政发〔2017〕45号《…》 (web page headers)
	kLabel          // a labelled metadata line: 文号：…, 签发日期：…
	kTitle          // a line with the form of a document title
	kBanner         // 发文机关标志: XX人民政府文件
	kAddressee      // 主送机关: 各市人民政府，省政府各厅委、各直属机构：
	kH1             // 一、
	kH2             // （一）
	kH3             // 1.
	kH4             // （1）
	kSigOrgan       // 发文机关署名: a short line naming an organ
	kDate           // a line that is only a date (成文日期)
	kAnnexNote      // 附件：…, the list of attachments before the signature
	kAnnex          // 附件 / 附件1, the start of an attachment
	kCC             // 抄送：… and the 印发 line of the 版记
	kNote           // 附注: （此件公开发布）
	kChapter        // 第一章　总则 (regulations and measures)
	kSection        // 第一节, 第一阶段 (the stages of a 实施方案)
	kArticle        // 第一条　……
)

var (
	markerRe  = regexp.MustCompile(`^第[一二三四五六七八九十百零〇两0-9]+篇\s*[:：、.]?\s*(.*)$`)
	h1Re      = regexp.MustCompile(`^[一二三四五六七八九十百]+\s*[、.]`)
	h2Re      = regexp.MustCompile(`^[(〔][一二三四五六七八九十百]+[)〕]`)
	h3Re      = regexp.MustCompile(`^\d{1,2}\s*[.、]([^\d]|$)`)
	h4Re      = regexp.MustCompile(`^(\(\d{1,2}\)|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])`)
	annexRe   = regexp.MustCompile(`^附件\s*[0-9一二三四五六七八九十]*\s*[:：]?$`)
	annexNote = regexp.MustCompile(`^附件\s*[0-9一二三四五六七八九十]*\s*[:：]\s*\S`)
	ccRe      = regexp.MustCompile(`^(抄送|抄报|分送|报送)\s*:`)
	printedRe = regexp.MustCompile(`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$`)
	noteRe    = regexp.MustCompile(`^\((此件|本件|联系人|此文).*\)$`)
	bannerRe  = regexp.MustCompile(`^(.{2,40}?)\s*文件$`)
	chapterRe = regexp.MustCompile(`^第[一二三四五六七八九十百零〇]+章(\s|$|[^,，。;；]{1,30}$)`)
	sectionRe = regexp.MustCompile(`^第[一二三四五六七八九十百零〇]+(节|阶段)(\s|$|[^,，。;；]{1,30}$)`)
	articleRe = regexp.MustCompile(`^第[一二三四五六七八九十百零〇]+条`)
)

// docKinds are the 文种 of GB/T 9704 and the usual kinds of normative
// documents, as a title ends with them (compared in Simplified form).
var docKinds = []string{
	"通知", "通报", "通告", "公告", "公报", "意见", "决定", "决议", "命令", "议案", "报告", "请示", "批复",
	"函", "纪要", "方案", "办法", "规定", "细则", "规划", "计划", "要点", "条例", "规则", "准则", "指引",
	"指南", "措施", "解读", "答记者问", "公开信", "倡议书",
}

// organSuffixes end the names of organs, as signatures and titles write them.
var organSuffixes = []string{
	"人民政府", "政府", "办公厅", "办公室", "委员会", "常委会", "委", "局", "厅", "部", "院", "署", "办",
	"中心", "小组", "指挥部", "管委会", "党委", "党组", "法院", "检察院", "公司", "集团", "协会", "联合会",
	"总队", "支队", "大队",
}

// headingLevel returns 1–4 for a line that starts with a heading number of
// that level (一、 （一） 1. （1）), or 0.
func headingLevel(f string) int {
	switch {
	case h1Re.MatchString(f):
		return 1
	case h2Re.MatchString(f):
		return 2
	case h3Re.MatchString(f):
		return 3
	case h4Re.MatchString(f):
		return 4
	}
	return 0
}

// sentencePunct reports whether the folded text holds punctuation that only
// running text has.
func sentencePunct(f string) bool { return strings.ContainsAny(f, "。;!?,，") }

// trailingParen removes a trailing parenthetical such as （试行） or
// （2018年修订） before a title's kind is checked.
var trailingParen = regexp.MustCompile(`\([^()]{1,12}\)$`)

// titleLike reports whether a folded line has the form of a document title:
// no sentence punctuation, a sensible length, and it ends with a 文种
// (after an optional parenthetical), or names its subject with 关于.
func titleLike(f string) bool {
	f = strings.TrimSpace(f)
	f = strings.TrimSuffix(strings.TrimPrefix(f, "《"), "》")
	n := utf8.RuneCountInString(f)
	if n < 4 || n > 90 || sentencePunct(f) || strings.ContainsAny(f, ":：") || headingLevel(f) > 0 {
		return false
	}
	if markerRe.MatchString(f) || strings.HasPrefix(f, "附件") {
		return false
	}
	core := trailingParen.ReplaceAllString(f, "")
	for _, k := range docKinds {
		if strings.HasSuffix(core, k) && utf8.RuneCountInString(core) > utf8.RuneCountInString(k)+2 {
			return true
		}
	}
	return false
}

// organLike reports whether a folded string names an organ (or several,
// separated by spaces or 、): short, no punctuation, ending with an organ
// suffix.
func organLike(f string) bool {
	f = strings.TrimSpace(f)
	n := utf8.RuneCountInString(f)
	if n < 2 || n > 40 || sentencePunct(f) || strings.ContainsAny(f, ":：《》()\"“”") {
		return false
	}
	for _, part := range splitOrgans(f) {
		if !hasOrganSuffix(part) || utf8.RuneCountInString(part) < 2 {
			return false
		}
	}
	return true
}

func hasOrganSuffix(s string) bool {
	for _, suf := range organSuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// splitOrgans splits a joint signature or title prefix into organ names.
func splitOrgans(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '、' || unicode.IsSpace(r) || r == '，' || r == ',' })
}

// dateOnly returns the date when the whole line is one date (成文日期), in
// Arabic or Chinese numerals.
func dateOnly(t string) (ok bool, iso string) {
	t = strings.TrimSpace(t)
	if utf8.RuneCountInString(t) > 24 {
		return false, ""
	}
	ms := cndate.FindDates(t)
	if len(ms) != 1 || ms[0].Start != 0 || strings.TrimSpace(t[ms[0].End:]) != "" {
		return false, ""
	}
	return true, ms[0].Date.ISO()
}

// docNoOnly parses a line that is only a 发文字号.
func docNoOnly(t string) (docno.Number, bool) {
	t = strings.TrimSpace(t)
	if r := lastRune(t); r != '号' && r != '號' || utf8.RuneCountInString(t) > 24 {
		return docno.Number{}, false
	}
	n, err := docno.Parse(t)
	if err != nil {
		return docno.Number{}, false
	}
	return n, true
}

// docNoHead splits a header line that starts with a 发文字号 and goes on with
// the title (沈政发〔2017〕45号《沈阳市人民政府关于……的通知》).
func docNoHead(t string) (docno.Number, string, bool) {
	ms := docno.Find(t)
	if len(ms) == 0 || ms[0].Start != 0 {
		return docno.Number{}, "", false
	}
	rest := strings.TrimSpace(t[ms[0].End:])
	if rest == "" {
		return docno.Number{}, "", false
	}
	if !titleLike(foldOf(rest)) {
		return docno.Number{}, "", false
	}
	return ms[0].Number, unwrapTitle(rest), true
}

// unwrapTitle removes 《》 around a whole title.
func unwrapTitle(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "《") && strings.HasSuffix(s, "》") && strings.Count(s, "《") == 1 {
		return strings.TrimSuffix(strings.TrimPrefix(s, "《"), "》")
	}
	return s
}

// addresseeSplit returns the rune index just after the colon of a 主送机关
// line (各市人民政府，省政府各厅委、各直属机构：), or -1. Text after the colon
// on the same line is the first paragraph of the body.
func addresseeSplit(f string) int {
	rs := []rune(f)
	for i, r := range rs {
		if r != ':' && r != '：' {
			continue
		}
		if i < 2 || i > 90 {
			return -1
		}
		prefix := string(rs[:i])
		if strings.ContainsAny(prefix, "。;!?《》") || headingLevel(prefix) > 0 {
			return -1
		}
		parts := strings.FieldsFunc(prefix, func(r rune) bool { return r == ',' || r == '、' || r == '，' || r == ';' })
		for _, p := range parts {
			if !addresseePart(p) {
				return -1
			}
		}
		return i + 1
	}
	return -1
}

// addresseePart reports whether one item of a 主送 list names organs: an
// organ name, or a collective such as 各有关单位 / 各区、县（市）政府.
func addresseePart(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" {
		return true // 各区、县（市）政府 splits into 各区 and 县（市）政府
	}
	core := strings.NewReplacer("(市)", "", "(区)", "", "(县)", "", "(市、区)", "").Replace(p)
	if strings.HasPrefix(core, "各") || hasOrganSuffix(core) {
		return true
	}
	// 县(市) or 各区 alone, the first half of a split collective.
	for _, s := range []string{"区", "县", "市", "镇", "乡", "街道", "单位", "部门", "机构", "直属机构", "企业", "同志"} {
		if strings.HasSuffix(core, s) {
			return true
		}
	}
	return false
}

// labelRe matches a labelled metadata line of a header block.
var labelRe = regexp.MustCompile(`^(文号|发文字号|发文文号|文件编号|签发日期|成文日期|成文时间|印发日期|发布日期|发布时间|发文日期|生效日期|施行日期|实施日期|失效日期|有效期至|有效期|发文机关|发布机构|发文单位|发布单位|来源|信息来源|主题分类|主题词|关键词|索引号|标题|名称|文件名称|签发人|文种|公开方式|公开属性|有效性)\s*:\s*(.*)$`)

// label splits a labelled line into its folded label and its original value.
func label(l *line) (name, value string, ok bool) {
	m := labelRe.FindStringSubmatchIndex(l.fold)
	if m == nil {
		return "", "", false
	}
	name = l.fold[m[2]:m[3]]
	from := runeOffset(l.fold, m[4])
	value = strings.TrimSpace(cut(l.text, from, utf8.RuneCountInString(l.text)))
	return name, value, true
}

// classify gives every line its layout kind, from its own text alone; the
// segmenter and the header parser refine it in context.
func classify(lines []*line) {
	for _, l := range lines {
		l.kind = classifyOne(l)
	}
}

func classifyOne(l *line) kind {
	if l.blank {
		return kBlank
	}
	f := strings.TrimSpace(l.fold)
	switch {
	case markerRe.MatchString(f):
		return kMarker
	case annexRe.MatchString(f):
		return kAnnex
	case annexNote.MatchString(f):
		return kAnnexNote
	case ccRe.MatchString(f) || printedRe.MatchString(f):
		return kCC
	case noteRe.MatchString(f):
		return kNote
	}
	if _, _, ok := label(l); ok {
		return kLabel
	}
	if _, ok := docNoOnly(l.text); ok {
		return kDocNo
	}
	if _, _, ok := docNoHead(l.text); ok {
		return kDocNoHead
	}
	if ok, _ := dateOnly(l.text); ok {
		return kDate
	}
	switch {
	case chapterRe.MatchString(f):
		return kChapter
	case sectionRe.MatchString(f):
		return kSection
	case articleRe.MatchString(f):
		return kArticle
	}
	if lv := headingLevel(f); lv > 0 {
		return kH1 + kind(lv-1)
	}
	if m := bannerRe.FindStringSubmatch(f); m != nil && organLike(m[1]) {
		return kBanner
	}
	if titleLike(f) {
		return kTitle
	}
	if organLike(f) {
		return kSigOrgan
	}
	if addresseeSplit(f) > 0 {
		return kAddressee
	}
	return kText
}

// foldOf folds a string the way lines are folded.
func foldOf(s string) string { return newLine(s, 0, 0).fold }
