package importer

import (
	"regexp"
	"sort"
	"strings"

	"gongkai/generator/cndate"
	"gongkai/generator/docno"
	"gongkai/generator/hanfold"
	"gongkai/generator/model"
)

// document is one imported document with the metadata read from its text.
type document struct {
	kind       string // policy, interpretation or news
	title      string
	titleHint  string // for a news item without a title: its first sentence
	number     docno.Number
	hasNumber  bool
	organs     []string
	signed     model.Date
	published  model.Date
	effective  model.Date
	expires    model.Date
	validYears int
	topic      string
	keywords   []string
	indexNo    string
	category   string
	source     string
	interprets string

	body      []*line // lines after the header, in order (blanks included)
	markdown  string
	tables    []*table
	dropped   []string
	attention []string
	firstLine int
	slug      string
}

func (d *document) attend(msg string) { d.attention = append(d.attention, msg) }

// header is what the lines before the body say about the document.
type header struct {
	markerTitle string // 第二篇：X
	webTitle    string // from 发文字号《X》 page headers
	groups      [][]*line
	unused      []*line // header lines whose value was not taken (a second number)
	banner      string
	labels      []labelled
}

type labelled struct {
	name, value string
	no          int
}

// parseHeader reads the header lines of a document segment and returns it
// with the index of the first body line. The 主送机关 line is the first body
// line; text on the same line after its colon is split off as the first
// paragraph.
func parseHeader(seg *segment, d *document) (header, int) {
	var h header
	var group []*line
	flush := func() {
		if len(group) > 0 {
			h.groups = append(h.groups, group)
			group = nil
		}
	}
	lines := seg.lines
	for i, l := range lines {
		switch l.kind {
		case kBlank:
			continue
		case kMarker:
			flush()
			h.markerTitle = strings.TrimSpace(cut(l.text, runeOffset(l.fold, markerRe.FindStringSubmatchIndex(l.fold)[2]), l.runes()))
		case kDocNo:
			flush()
			if n, ok := docNoOnly(l.text); ok && !d.hasNumber {
				d.number, d.hasNumber = n, true
			} else if ok && n.Key() != d.number.Key() {
				h.unused = append(h.unused, l) // a repeated number loses nothing
			}
		case kDocNoHead:
			flush()
			n, title, _ := docNoHead(l.text)
			if !d.hasNumber {
				d.number, d.hasNumber = n, true
			}
			h.webTitle = title
		case kLabel:
			flush()
			name, v, _ := label(l)
			h.labels = append(h.labels, labelled{name, v, l.no})
		case kBanner:
			flush()
			h.banner = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l.text), "文件"))
		case kTitle, kSigOrgan:
			group = append(group, l)
		case kText:
			if prose(l) {
				flush()
				return h, i
			}
			group = append(group, l)
		case kAddressee:
			flush()
			splitAddressee(seg, i)
			return h, i
		default:
			flush()
			return h, i
		}
	}
	flush()
	return h, len(lines)
}

// splitAddressee splits "各市人民政府：现将……" into the 主送 line and the
// paragraph that follows it on the same line.
func splitAddressee(seg *segment, i int) {
	l := seg.lines[i]
	k := addresseeSplit(l.fold)
	if k <= 0 || k >= l.runes() {
		return
	}
	rest := strings.TrimSpace(cut(l.text, k, l.runes()))
	if rest == "" {
		return
	}
	head := newLine(cut(l.text, 0, k), l.no, l.block)
	head.kind, head.flat = kAddressee, l.flat
	tail := newLine(rest, l.no, l.block)
	tail.flat = tail.flat || l.flat
	tail.kind = classifyOne(tail)
	seg.lines = append(seg.lines[:i], append([]*line{head, tail}, seg.lines[i+1:]...)...)
}

// reportUnused lists the header lines that went neither into the metadata
// nor into the body (header groups not taken as the title, further
// numbers), so that nothing is lost silently.
func reportUnused(h header, used int, d *document) {
	var ls []*line
	for i, g := range h.groups {
		if i != used {
			ls = append(ls, g...)
		}
	}
	ls = append(ls, h.unused...)
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].no < ls[j].no })
	for _, l := range ls {
		d.attend(lineRef(l.no) + "“" + strings.TrimSpace(l.text) + "”在文件头中，未写入标题、元数据或正文，请核对")
	}
}

// chooseTitle picks the title: a labelled 标题, else the last header group
// that has the form of a title (lines joined: titles are broken over several
// lines in print), else the title a 第N篇 marker or a page header gives,
// else the last header group whatever its form.
// It returns the index of the group taken, or -1.
func chooseTitle(h header, d *document) int {
	for _, lb := range h.labels {
		if lb.name == "标题" || lb.name == "名称" || lb.name == "文件名称" {
			d.title = unwrapTitle(lb.value)
			return -1
		}
	}
	for i := len(h.groups) - 1; i >= 0; i-- {
		t := joinGroup(h.groups[i])
		if titleLike(foldOf(t)) {
			d.title = t
			return i
		}
	}
	switch {
	case h.markerTitle != "":
		d.title = h.markerTitle
	case h.webTitle != "":
		d.title = h.webTitle
	case len(h.groups) > 0:
		t := joinGroup(h.groups[len(h.groups)-1])
		if !organLike(foldOf(t)) {
			d.title = t
			d.attend("标题“" + t + "”不是常见的公文标题形式（……关于……的通知/意见/方案），请核对")
			return len(h.groups) - 1
		}
	}
	return -1
}

func joinGroup(g []*line) string {
	var b strings.Builder
	for _, l := range g {
		b.WriteString(strings.TrimSpace(l.text))
	}
	return unwrapTitle(b.String())
}

// organPrefix reads the issuing organ(s) from a title: the words before
// 关于/印发/转发/批转 when they name organs (辽宁省人民政府关于……).
var organCut = regexp.MustCompile(`关于|印发|转发|批转|颁发`)

func organsFromTitle(title string) []string {
	f := foldOf(title)
	loc := organCut.FindStringIndex(f)
	if loc == nil {
		return nil
	}
	n := runeOffset(f, loc[0])
	prefix := strings.TrimSpace(cut(title, 0, n))
	if !organLike(foldOf(prefix)) {
		return nil
	}
	return splitOrgans(prefix)
}

// signature finds the 发文机关署名 and 成文日期 in the body. A date line after
// running text is a candidate when it directly follows the signing organ's
// lines, or when it is the last date before 附件, 抄送 (版记), 附注, a new
// header or the end; among several candidates the last one is taken. A date
// on its own line inside the body (会议时间 / 2021年7月10日) is not one, nor
// are dates inside attachments (tables of deadlines) or in the document a
// 印发 notice issues after its signature.
func signature(body []*line) (organs []string, date model.Date, at int) {
	at = -1
	seenText := false
	for i, l := range body {
		switch l.kind {
		case kAnnex, kCC:
			return organs, date, at
		case kTitle, kMarker, kDocNo, kDocNoHead, kBanner:
			if at >= 0 {
				return organs, date, at // the issued document begins
			}
		case kText, kH1, kH2, kH3, kH4, kAddressee, kAnnexNote, kChapter, kSection, kArticle:
			seenText = true
		case kDate:
			if !seenText {
				continue
			}
			dt, err := cndate.Parse(l.text)
			if err != nil {
				continue
			}
			var names []string
			for j := i - 1; j >= 0; j-- {
				p := body[j]
				if p.blank {
					continue
				}
				if p.kind != kSigOrgan {
					break
				}
				names = append(splitOrgans(strings.TrimSpace(p.text)), names...)
			}
			if len(names) == 0 && !lastBodyDate(body, i) {
				continue
			}
			organs, date, at = names, dt, i
		}
	}
	return organs, date, at
}

// lastBodyDate reports whether nothing but 附件, 抄送, 附注, a new header or
// the end follows the date line i of a body.
func lastBodyDate(body []*line, i int) bool {
	for _, n := range body[i+1:] {
		switch n.kind {
		case kBlank:
			continue
		case kAnnex, kCC, kNote, kTitle, kMarker, kDocNo, kDocNoHead, kBanner, kAddressee:
			return true
		case kLabel:
			return headerLabel(n)
		}
		return false
	}
	return true
}

// applyLabels copies labelled header values into the document.
func applyLabels(h header, d *document) (labelSigned model.Date) {
	for _, lb := range h.labels {
		v := lb.value
		date := func() model.Date {
			t, err := cndate.Parse(v)
			if ms := cndate.FindDates(v); err != nil && len(ms) > 0 && ms[0].Start == 0 {
				t, err = ms[0].Date, nil // a date followed by a time: 2021-03-02 10:30
			}
			if err != nil {
				d.attend(lineRef(lb.no) + "“" + lb.name + "”的值“" + v + "”不是可识别的日期")
				return 0
			}
			return t
		}
		switch lb.name {
		case "文号", "发文字号", "发文文号", "文件编号":
			if n, err := docno.Parse(v); err == nil {
				d.number, d.hasNumber = n, true
			} else if v != "" {
				d.attend(lineRef(lb.no) + "文号“" + v + "”无法识别：" + err.Error())
			}
		case "签发日期", "成文日期", "成文时间":
			labelSigned = date()
		case "发布日期", "发布时间", "发文日期":
			d.published = date()
		case "生效日期", "施行日期", "实施日期":
			d.effective = date()
		case "失效日期":
			d.expires = date() // the first day no longer in force, as the schema's expires
		case "有效期至":
			d.expires = lastDayInForce(date())
		case "有效期":
			for _, c := range cndate.FindValidity("有效期" + v) {
				switch c.Kind {
				case cndate.ValidYears:
					d.validYears = c.Years
				case cndate.Expires: // 有效期：至2024年12月31日
					d.expires = lastDayInForce(c.Date)
				}
			}
		case "发文机关", "发布机构", "发文单位", "发布单位":
			d.organs = splitOrgans(v)
		case "来源", "信息来源":
			d.source = v
		case "主题分类":
			if d.topic == "" {
				d.topic = strings.ReplaceAll(strings.ReplaceAll(v, "\\", "/"), "＼", "/")
			}
		case "主题词", "关键词":
			d.keywords = strings.FieldsFunc(v, func(r rune) bool {
				return r == ' ' || r == '、' || r == '，' || r == ',' || r == '；' || r == ';' || r == '\u3000'
			})
		case "索引号":
			d.indexNo = v
		case "印发日期":
			d.attend(lineRef(lb.no) + "印发日期 " + v + " 未写入（不是成文日期或发布日期），请确认")
		case "公开方式", "公开属性":
			if hanfold.SimplifyString(v) != model.DiscloseActive {
				d.attend(lineRef(lb.no) + "原文公开方式为“" + v + "”，请人工填写 disclosure、exemption 等键")
			}
		}
	}
	return labelSigned
}

// lastDayInForce turns the date of a 有效期至 clause, the last day a
// document is in force, into the schema's expires: the first day it no
// longer is (有效期至2024年12月31日 → expires = 2025-01-01). The build's
// check of validity clauses and its 失效 tag read expires the same way.
func lastDayInForce(d model.Date) model.Date {
	if d.IsZero() {
		return 0
	}
	return d.AddDays(1)
}

// applyValidity reads validity clauses (有效期5年, 自印发之日起施行) from the
// body before any attachment.
func applyValidity(d *document, text string) {
	gotYears, gotExpires, gotEffective := d.validYears > 0, !d.expires.IsZero(), !d.effective.IsZero()
	for _, c := range cndate.FindValidity(text) {
		switch c.Kind {
		case cndate.ValidYears:
			if !gotYears && !gotExpires {
				d.validYears, gotYears = c.Years, true
			}
		case cndate.Expires:
			if !gotExpires && !gotYears {
				d.expires, gotExpires = lastDayInForce(c.Date), true
			}
		case cndate.Effective:
			if gotEffective {
				continue
			}
			gotEffective = true
			switch {
			case !c.Date.IsZero():
				d.effective = c.Date
			case c.Relative == cndate.Signed && !d.signed.IsZero():
				d.effective = d.signed
			case c.Relative == cndate.Signed:
				d.attend("原文“" + c.Text + "”：生效日期即成文日期，但成文日期未能识别")
			case c.Relative == cndate.Published && !d.published.IsZero():
				d.effective = d.published
			case c.Relative == cndate.Published:
				d.attend("原文“" + c.Text + "”：生效日期即发布日期，请补充 published 后核对 effective")
			}
		}
	}
}

// category reads the 文件类别 when a marker or title says it explicitly
// (……——地方规范性文件).
func categoryOf(texts ...string) string {
	for _, t := range texts {
		f := foldOf(t)
		switch {
		case strings.Contains(f, "规范性文件"):
			return "行政规范性文件"
		case strings.HasSuffix(f, "规章"):
			return "规章"
		}
	}
	return ""
}

// buildDocument turns a document segment into a document.
func buildDocument(seg *segment, opt Options) *document {
	d := &document{kind: "policy", firstLine: seg.lines[0].no}
	h, start := parseHeader(seg, d)
	d.body = seg.lines[start:]
	titleGroup := chooseTitle(h, d)
	labelSigned := applyLabels(h, d)

	sigOrgans, sigDate, _ := signature(d.body)
	d.signed = sigDate
	if d.signed.IsZero() {
		d.signed = labelSigned
	} else if !labelSigned.IsZero() && labelSigned != d.signed {
		d.attend("签发日期 " + labelSigned.ISO() + " 与落款日期 " + d.signed.ISO() + " 不同，已取落款日期")
	}
	if len(d.organs) == 0 {
		switch {
		case len(sigOrgans) > 0:
			d.organs = sigOrgans
		case len(organsFromTitle(d.title)) > 0:
			d.organs = organsFromTitle(d.title)
		case h.banner != "":
			d.organs = splitOrgans(h.banner)
		}
	}
	reportUnused(h, titleGroup, d)
	d.category = categoryOf(h.markerTitle)
	if h.markerTitle != "" && d.title != h.markerTitle {
		d.attend("标题取自正文标题行“" + d.title + "”，分篇标记写作“" + h.markerTitle + "”")
	}
	f := foldOf(d.title)
	if strings.Contains(f, "解读") || strings.Contains(f, "答记者问") || strings.Contains(f, "图解") {
		d.kind = "interpretation"
	}
	if opt.Kind != "" {
		d.kind = opt.Kind
	}
	return d
}
