// Package report is the annual report on government information disclosure
// (政府信息公开工作年度报告) in the format of 国办公开办函〔2021〕30号.
//
// The office writes the figures only it knows in content/reports/YEAR.toml:
// the text of sections 一、五、六, table 二's items (五) (六) (八), table 三
// (applications received and how they were handled) and table 四 (reviews and
// lawsuits). Parse reads and validates that file; Compute derives table 二 (一)
// (规章 and 行政规范性文件) from the policy documents on the site; the page
// template reads the *Report; CSV gives one file per table.
//
// # The file
//
// Top-level keys: organ (报告机关, required), overview (一、总体情况,
// required), problems (五、存在的主要问题及改进情况, required), other_matters
// (六、其他需要报告的事项; empty shows 无), note (shown at the top of the page,
// e.g. 示例数据), published (发布日期, optional), year (optional; must match
// the file name).
//
// [proactive] — table 二: licensing (行政许可), penalty (行政处罚), coercion
// (行政强制): 本年处理决定数量; fees (行政事业性收费, 万元, may be a decimal).
//
// [applications] — table 三, one array per row of the form, in the form's
// column order: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他,
// and optionally 总计 as a seventh number (checked when given, computed when
// not). Rows: received, carried_over, granted, partly_granted, total (（七）总计,
// optional, checked when given), carried_forward, and the sub-tables
// withheld, unavailable, not_handled, other_handling (see rows3 for every key).
//
// [appeals] — table 四: review (行政复议), lawsuit_direct (未经复议直接起诉),
// lawsuit_after_review (复议后起诉), each [结果维持, 结果纠正, 其他结果, 尚未审结]
// with an optional fifth number 总计.
//
// Every figure is a non-negative integer (fees: a non-negative number).
// Checks: each row's 总计 equals the sum of its parts; （七）总计 equals the sum
// of （一）…（六）; per column, 一 + 二 = 三 + 四. Every problem is reported with
// file:line:column and a fix, in Chinese.
//
// Section text: paragraphs are separated by blank lines; the line breaks
// inside a paragraph are joined (no space between Chinese characters), as in
// the site's Markdown.
package report

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"gongkai/generator/model"
)

// Column indexes of table 三.
const (
	ColNatural   = iota // 自然人
	ColBusiness         // 商业企业
	ColResearch         // 科研机构
	ColNonprofit        // 社会公益组织
	ColLegal            // 法律服务机构
	ColOther            // 其他
	ColTotal            // 总计
	NumCols3
)

// Row3 is one row of table 三: the six applicant columns and their 总计.
type Row3 [NumCols3]int64

// Columns of table 四's three groups.
const (
	ColUpheld    = iota // 结果维持
	ColCorrected        // 结果纠正
	ColOtherRes         // 其他结果
	ColPending          // 尚未审结
	ColTotal4           // 总计
	NumCols4
)

// Row4 is one group of table 四.
type Row4 [NumCols4]int64

// Rows of table 四.
const (
	Review             = iota // 行政复议
	LawsuitDirect             // 行政诉讼：未经复议直接起诉
	LawsuitAfterReview        // 行政诉讼：复议后起诉
	NumRows4
)

// Report is one year's annual report: the office's figures from
// content/reports/YEAR.toml and table 二 (一) computed from the site.
type Report struct {
	Year      int
	Source    string // content/reports/YEAR.toml
	Organ     string // 报告机关, e.g. 示例市人民政府
	Note      string // shown at the top of the page, e.g. 示例数据
	Published model.Date

	Overview     string // 一、总体情况
	Problems     string // 五、存在的主要问题及改进情况
	OtherMatters string // 六、其他需要报告的事项

	// Table 二, items (五) (六) (八).
	Licensing int64   // 行政许可 本年处理决定数量
	Penalty   int64   // 行政处罚 本年处理决定数量
	Coercion  int64   // 行政强制 本年处理决定数量
	Fees      float64 // 行政事业性收费 本年收费金额（万元）

	Applications [NumRows3]Row3 // table 三, indexed by the Row* constants; totals filled
	Appeals      [NumRows4]Row4 // table 四; totals filled

	Computed TableTwo // table 二 (一), filled by Compute
}

// TableTwo is table 二 (一): 规章 and 行政规范性文件.
type TableTwo struct {
	YearEnd   model.Date // 31 December of the report year: 现行有效 is counted as of this day
	Rules     Counts     // 规章
	Normative Counts     // 行政规范性文件
	Done      bool       // Compute ran
}

// Counts is one row of table 二 (一). The documents behind the first two
// figures are kept so the page can name them.
type Counts struct {
	Issued, Repealed, InForce int
	IssuedDocs, RepealedDocs  []*model.Document
}

// Title is the report's title: 示例市人民政府2025年政府信息公开工作年度报告.
func (r *Report) Title() string {
	return r.Organ + strconv.Itoa(r.Year) + "年政府信息公开工作年度报告"
}

// Path is the site path of the report page: /reports/2025/.
func (r *Report) Path() string { return "/reports/" + strconv.Itoa(r.Year) + "/" }

// FeesText is the fee figure as written on the form: no trailing zeros.
func (r *Report) FeesText() string { return strconv.FormatFloat(r.Fees, 'f', -1, 64) }

// Paras splits a section's text into paragraphs: blank lines separate them,
// line breaks inside one are joined (with a space only between two Latin
// letters or digits, so Chinese text gets no stray spaces).
func (r *Report) Paras(text string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(strings.Trim(line, "\u3000"))
		if line == "" {
			flush()
			continue
		}
		if cur.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(cur.String())
			first, _ := utf8.DecodeRuneInString(line)
			if latin(last) && latin(first) {
				cur.WriteByte(' ')
			}
		}
		cur.WriteString(line)
	}
	flush()
	return out
}

func latin(r rune) bool {
	return r < 0x80 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == ',' || r == '.' || r == ';')
}
