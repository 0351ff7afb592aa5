package docno

import (
	"strings"
	"unicode/utf8"

	"gongkai/generator/hanfold"
)

// The agency rule.
//
// A 机关代字 is a short abbreviation of Han characters (国发, 国办函, 辽政办发,
// 川安监函, 发改财金, 财预, 国发明电) written right before the year bracket.
// In running text it is preceded by punctuation, a line start, or words
// that introduce the citation: 依据沈政发〔2017〕45号, 按照省政府辽政发〔2017〕19号,
// 加强对国发〔2016〕76号文. agencyStart reads the Han characters before the
// bracket backwards and decides where the code begins, in three steps:
//
//  1. The run stops at a function character (的 和 与 及 对 于 见 年 第 …):
//     such characters never occur in agency codes, but they open or join
//     the phrases before citations. The one name that contains such a
//     character, 中华人民共和国 (和), is read whole: it is part of organ
//     names (中华人民共和国国务院令, 中华人民共和国主席令).
//  2. The last lead-in word inside the run is cut off together with what
//     precedes it: verbs of citing (根据 按照 贯彻 落实 印发 转发 批转 重申
//     参考 现行 …), nouns naming the text that cites (文件 通知 意见 …, also
//     followed by the postposition 中: 文件中沈政发) and the names of organs
//     that issue or are said to issue the document (国务院 省政府 人民政府
//     办公厅 …). Organ names are not cut from orders, whose agency is the
//     organ itself (国务院令).
//  3. Then the characters that qualify a citation but never open a code are
//     cut from the front: 原 (former: 原沈政发), 现 前 旧 另 凡 仍. 中 opens
//     real codes (中发, 中办发), so it is cut only as a postposition: after
//     a closing bracket or quote (《通知》中沈政发), leaving at least two
//     characters.
//  4. What remains must be 1–maxAgency characters (maxOrderAgency for
//     orders); a longer remainder means an unknown phrase precedes the
//     code, and the match is dropped rather than given a bogus agency.
//
// Characters are compared after folding to Simplified, so the rule works
// for Traditional texts (見川安監函, 根據國務院) too.

// maxScan bounds the backward read; longer runs are cut to their last
// maxScan characters, which must then contain a lead-in word.
const maxScan = 24

// stopRunes never occur inside an agency code (folded to Simplified).
var stopRunes = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "的了和与及或并对向从在于为是被把将由按据照依即见等各该本其此这年月日第条款项号章节以至如若因之也还又已要须请有个" {
		m[r] = true
	}
	return m
}()

// leadVerbs introduce a citation; they are cut from every agency run.
var leadVerbs = []string{
	"根据", "依据", "按照", "依照", "遵照", "参照", "对照", "贯彻", "落实", "执行",
	"印发", "转发", "下发", "发布", "公布", "颁布", "制定", "结合", "关于", "参见",
	"详见", "同意", "批准", "实施", "抄送", "报送", "遵循", "通过", "包括", "引用",
	"废止", "修改", "代替", "替代", "现行", "重申", "参考", "参阅", "批转", "援引",
	"比照", "废除", "撤销", "取消", "停止", "继续", "沿用", "另行",
}

// leadNouns name the text around a citation; they are cut from every
// agency run, alone or followed by the postposition 中 (文件中沈政发).
var leadNouns = []string{
	"文件", "精神", "要求", "规定", "通知", "意见", "办法", "附件", "决定", "方案",
}

// leadNounsIn are leadNouns followed by 中; cut only when at least two
// characters remain (文件中发〔…〕 is read as 中发).
var leadNounsIn = func() []string {
	out := make([]string, len(leadNouns))
	for i, w := range leadNouns {
		out[i] = w + "中"
	}
	return out
}()

// leadChars qualify a citation (原 former, 现 current, 前 previous …) and
// never open an agency code; they are cut from the front of what remains.
const leadChars = "原现前旧另凡仍"

// closers end a quoted title or a bracket; 中 after one is a postposition
// (《通知》中沈政发〔…〕).
const closers = "》〉”’）)」』】］]"

// prc is the one organ-name part containing a stop rune (和), in both scripts.
var prc = [...]string{"中华人民共和", "中華人民共和"}

// leadOrgans name the organ before its own code (国务院国发〔…〕,
// 省政府辽政发〔…〕, 省政府办公厅川办函〔…〕); cut from ordinary numbers only.
var leadOrgans = []string{
	"国务院", "中共中央", "党中央", "省委", "市委", "县委", "区委",
	"省政府", "市政府", "县政府", "区政府", "州政府", "人民政府", "办公厅", "办公室",
}

// agencyStart returns where the agency code ending at byte end begins.
func agencyStart(text string, end int, order bool) (int, bool) {
	var offs [maxScan]int    // byte offset of each rune, last rune first
	var folded [maxScan]rune // folded runes, last rune first
	n := 0
	for i := end; i > 0 && n < maxScan; {
		r, sz := utf8.DecodeLastRuneInString(text[:i])
		if !isHan(r) {
			break
		}
		f := foldRune(r)
		if stopRunes[f] && !(f == '和' && n > 0 && folded[n-1] == '国' && inPRC(text[:i])) {
			break
		}
		i -= sz
		offs[n], folded[n] = i, f
		n++
	}
	if n == 0 {
		return 0, false
	}
	cut := leadCut(folded[:n], order) // runes to drop from the front
	// A lead character is cut only when what remains can be a code of its
	// own: three characters or more (原沈政发), or a national one (原国发,
	// 原中发). 原政发 and 前政发 are codes themselves (原平市, 前郭县).
	for n-cut > 1 && strings.ContainsRune(leadChars, folded[n-1-cut]) &&
		(n-cut-1 >= 3 || folded[n-2-cut] == '国' || folded[n-2-cut] == '中') {
		cut++
	}
	if n-cut > 2 && folded[n-1-cut] == '中' && cut == 0 {
		if r, _ := utf8.DecodeLastRuneInString(text[:offs[n-1]]); strings.ContainsRune(closers, r) {
			cut++
		}
	}
	limit := maxAgency
	if order {
		limit = maxOrderAgency
	}
	if keep := n - cut; keep < 1 || keep > limit {
		return 0, false
	}
	return offs[n-1-cut], true
}

// leadCut returns how many runes at the front of the run (given last rune
// first) belong to lead-in words: the end of the last lead-in word that
// leaves at least one rune for the agency.
func leadCut(rev []rune, order bool) int {
	var b strings.Builder
	for i := len(rev) - 1; i >= 0; i-- {
		b.WriteRune(rev[i])
	}
	run := b.String()
	last, _ := utf8.DecodeLastRuneInString(run)
	head := run[:len(run)-utf8.RuneLen(last)] // a lead-in word must end here or earlier
	best := 0
	consider := func(words []string, head string) {
		for _, w := range words {
			if i := strings.LastIndex(head, w); i >= 0 && i+len(w) > best {
				best = i + len(w)
			}
		}
	}
	consider(leadVerbs, head)
	consider(leadNouns, head)
	// A noun with 中 must leave two characters: its head ends one rune earlier.
	if prev, _ := utf8.DecodeLastRuneInString(head); len(head) > 0 {
		consider(leadNounsIn, head[:len(head)-utf8.RuneLen(prev)])
	}
	if !order {
		consider(leadOrgans, head)
	}
	return utf8.RuneCountInString(run[:best])
}

// inPRC reports whether text ends with 中华人民共和 (either script), the
// 国 already read after it.
func inPRC(text string) bool {
	for _, p := range prc {
		if strings.HasSuffix(text, p) {
			return true
		}
	}
	return false
}

// foldRune folds one character for the agency rule: Traditional to
// Simplified (hanfold), plus 発, the Japanese form of 發.
func foldRune(r rune) rune {
	if r == '発' {
		return '发'
	}
	return hanfold.Simplify(r)
}
