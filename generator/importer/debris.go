package importer

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gongkai/generator/cndate"
	"gongkai/generator/hanfold"
	"gongkai/generator/model"
)

// Page debris: what a web page or a CMS puts around a document and copying
// picks up. Each rule names a piece of page furniture, never a sentence of
// a document, and the keyword rules only apply to short lines without a
// full stop, so that a policy sentence mentioning 二维码 or 搜索 stays.
// The keyword rules never apply to a numbered line (一、 （一） 1. 第一条…:
// a heading or item of a document, 二、强化技术支持), nor — decided after the
// documents are found (parseText) — to a line inside a document, between
// its own text: page furniture stands outside a document or at its edges.

// debrisAnywhere marks a line as debris wherever it appears and however long
// it is: these words only ever label page furniture.
var debrisAnywhere = []string{
	"本文链接", "原文链接", "本文网址", "本文关键词", "本页关键词", "选择特殊符号", "选择搜索类型", "请输入搜索",
	"请输入关键字", "请输入关键词", "关闭窗口", "打印本页", "打印此页", "收藏本页", "加入收藏", "返回顶部",
	"字体:大", "字号:大", "【字体", "【字号", "责任编辑:", "您当前的位置", "当前位置:", "您现在的位置", "分享到:",
}

// counterRe matches a page's view counter: 浏览量：123, 阅读次数 45, 点击数:.
var counterRe = regexp.MustCompile(`(浏览|阅读|点击|访问)(量|次数|数)\s*(:|\d)`)

// debrisShort marks a short line without a full stop as debris.
var debrisShort = []string{
	"浏览量", "浏览次数", "阅读量", "阅读次数", "点击量", "点击次数", "访问量", "访问次数",
	"二维码", "扫一扫", "关注我们", "版权所有", "技术支持", "上一篇", "下一篇", "相关链接", "相关文章", "相关阅读", "相关新闻", "相关文件",
	"分享到", "网站地图", "联系我们", "icp备", "备案号", "网安备", "首页>", "首页»", "首页›", "首页/",
	// Advertising that spam injects into pages (gambling, invoices): words
	// that no policy uses for its own subject (彩票, 开奖, 棋牌 do).
	"博彩", "娱乐城", "百家乐", "时时彩", "六合彩", "老虎机", "真人视讯", "代开发票", "网赚", "赌场", "赌球",
}

// debrisPrefix marks a line starting with one of these as debris.
var debrisPrefix = []string{"上一篇", "下一篇", "上一条", "下一条", "【打印", "【关闭", "[打印", "[关闭", "手机扫", "扫码"}

// pageOf matches pagination: 第 3 页 共 10 页, 共10页.
var pageOf = regexp.MustCompile(`^(第\s*\d+\s*页)?\s*(共\s*\d+\s*页)?$`)

// debrisSuffix marks a short line ending with one of these as debris
// (an account name: XX微信公众号).
var debrisSuffix = []string{"公众号", "官方微博", "客户端下载"}

var urlRe = regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}\S*|www\.[a-z0-9-]+\.[a-z.]{2,}\S*`)

// debrisReason returns a non-empty reason when the (trimmed) line is page
// debris, by every rule.
func debrisReason(t string) string { return debrisCheck(t, true) }

// debrisCheck returns a non-empty reason when the (trimmed) line is page
// debris; the keyword rules (debrisShort, debrisSuffix) apply only when
// keywords is set, and never to a numbered line.
func debrisCheck(t string, keywords bool) string {
	f := hanfold.FoldString(t)
	f = strings.ReplaceAll(f, "：", ":")
	compact := strings.ReplaceAll(f, " ", "")
	for _, w := range debrisAnywhere {
		if strings.Contains(compact, w) {
			return w
		}
	}
	for _, w := range debrisPrefix {
		if strings.HasPrefix(compact, w) {
			return w
		}
	}
	if compact != "" && pageOf.MatchString(compact) {
		return "页码"
	}
	if counterRe.MatchString(compact) {
		return "浏览计数"
	}
	n := utf8.RuneCountInString(t)
	short := n <= 40 && !strings.ContainsAny(f, "。;；")
	if keywords && short && !titleLike(f) && !numbered(strings.TrimSpace(f)) {
		for _, w := range debrisShort {
			if strings.Contains(compact, w) {
				return w
			}
		}
		for _, w := range debrisSuffix {
			if strings.HasSuffix(compact, w) {
				return w
			}
		}
	}
	// A line that is mostly a web address.
	if loc := urlRe.FindAllStringIndex(f, -1); loc != nil {
		rest := f
		for i := len(loc) - 1; i >= 0; i-- {
			rest = rest[:loc[i][0]] + rest[loc[i][1]:]
		}
		if utf8.RuneCountInString(strings.TrimSpace(rest)) <= 12 {
			return "网址"
		}
	}
	return ""
}

// numbered reports whether a folded line starts with the number of a
// heading, an item, a chapter, a section or an article.
func numbered(f string) bool {
	return headingLevel(f) > 0 || chapterRe.MatchString(f) || sectionRe.MatchString(f) || articleRe.MatchString(f)
}

// informal reports whether a line reads like a reader's comment rather than
// official prose: interjections, tildes, emoticons, exclamation without a
// full stop. Used only for the unstructured tail of a document.
func informal(f string) bool {
	if strings.ContainsAny(f, "~～") {
		return true
	}
	for _, w := range []string{"啊", "吧!", "呢", "哈哈", "呵呵", "嘛", "呀"} {
		if strings.Contains(f, w) && !strings.Contains(f, "。") {
			return true
		}
	}
	return false
}

// A web page states when it published the document in the same bar as its
// view counter (浏览量：12　时间：2018-07-07 01:35:56, 发布时间：…). The bar
// is dropped, but its date is the document's 发布日期: it is kept and given
// to the nearest document that has no other, with a note for checking.
type pageDate struct {
	no   int
	date model.Date
	text string
}

var pageDateRe = regexp.MustCompile(`(发布时间|发布日期|时间|日期)\s*:\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})`)

// notePageDate keeps the publication date of a dropped page bar.
func (p *prepared) notePageDate(no int, t string) {
	f := strings.ReplaceAll(hanfold.FoldString(t), "：", ":")
	m := pageDateRe.FindStringSubmatchIndex(f)
	if m == nil {
		return
	}
	ds := cndate.FindDates(f[m[4]:m[5]])
	if len(ds) == 0 || ds[0].Date.IsZero() {
		return
	}
	p.pageDates = append(p.pageDates, pageDate{no, ds[0].Date, strings.TrimSpace(cut(t, runeOffset(f, m[0]), utf8.RuneCountInString(t)))})
}

// givePageDates sets the 发布日期 of the document starting nearest to each
// page date's line, unless the text gave it one.
func givePageDates(docs []*document, pds []pageDate) {
	for _, pd := range pds {
		var best *document
		for _, d := range docs {
			if best == nil || abs(d.firstLine-pd.no) < abs(best.firstLine-pd.no) {
				best = d
			}
		}
		if best == nil || !best.published.IsZero() {
			continue
		}
		best.published = pd.date
		best.attend("发布日期取自网页第" + itoa(pd.no) + "行的“" + pd.text + "”（网页的发布时间），请核对")
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
