package report

import (
	"bytes"
	"encoding/csv"
	"strconv"
)

// HeadCell is a row-header cell of table 三 with its spans, as in the
// official form where 三、本年度办理结果 spans 22 rows and （三）不予公开 8.
type HeadCell struct {
	Text             string
	Rowspan, Colspan int
}

// Row3View is one rendered row of table 三: the header cells that start on
// this row, then the seven figures.
type Row3View struct {
	Key   string // TOML key under [applications], also used as an HTML id
	Heads []HeadCell
	Cells []int64
}

// TableThree lays out table 三's body with merged header cells: the section
// cell on the first row of its section, the group cell on the first row of
// its group, each spanning its rows; a row without an item spans the columns
// to its right, so that every row has three header columns.
func (r *Report) TableThree() []Row3View {
	out := make([]Row3View, 0, NumRows3)
	for i, s := range rows3 {
		v := Row3View{Key: s.key, Cells: append([]int64(nil), r.Applications[i][:]...)}
		if i == 0 || rows3[i-1].section != s.section {
			v.Heads = append(v.Heads, HeadCell{Text: s.section, Rowspan: run(i, func(x rowSpec) string { return x.section }), Colspan: colspan(s.group == "", 3)})
		}
		if s.group != "" && rows3[i-1].group != s.group {
			v.Heads = append(v.Heads, HeadCell{Text: s.group, Rowspan: run(i, func(x rowSpec) string { return x.group }), Colspan: colspan(s.item == "", 2)})
		}
		if s.item != "" {
			v.Heads = append(v.Heads, HeadCell{Text: s.item, Rowspan: 1, Colspan: 1})
		}
		out = append(out, v)
	}
	return out
}

// run counts the rows from i on that share field's value with row i.
func run(i int, field func(rowSpec) string) int {
	n := 0
	for j := i; j < NumRows3 && field(rows3[j]) == field(rows3[i]); j++ {
		n++
	}
	return n
}

func colspan(wide bool, n int) int {
	if wide {
		return n
	}
	return 1
}

// TableFour is table 四's single row of figures: 行政复议 (5), then 行政诉讼
// 未经复议直接起诉 (5) and 复议后起诉 (5), each ending with its 总计.
func (r *Report) TableFour() []int64 {
	out := make([]int64, 0, NumRows4*NumCols4)
	for _, row := range r.Appeals {
		out = append(out, row[:]...)
	}
	return out
}

// CSVLink names one of the report's CSV files for the page.
type CSVLink struct {
	Name     string // key in CSV(): table2.csv
	Title    string // 二、主动公开政府信息情况
	Path     string // site path: /reports/2025/table2.csv
	Download string // suggested file name: 2025年度报告-table2.csv
}

// csvTitles are the CSV files and the tables they hold.
var csvTitles = []struct{ name, title string }{
	{"table2.csv", "二、主动公开政府信息情况"},
	{"table3.csv", "三、收到和处理政府信息公开申请情况"},
	{"table4.csv", "四、政府信息公开行政复议、行政诉讼情况"},
}

// CSVLinks lists the CSV files for the page, in table order.
func (r *Report) CSVLinks() []CSVLink {
	out := make([]CSVLink, 0, len(csvTitles))
	for _, c := range csvTitles {
		out = append(out, CSVLink{Name: c.name, Title: c.title, Path: r.Path() + c.name,
			Download: strconv.Itoa(r.Year) + "年政府信息公开工作年度报告-" + c.name})
	}
	return out
}

// CSV returns one CSV file per table, keyed by file name (table2.csv,
// table3.csv, table4.csv), to be written beside the page at
// /reports/YEAR/NAME. Each is UTF-8 with a BOM (so Excel opens the Chinese
// correctly) and CRLF line ends, one rectangular table with a header row.
func (r *Report) CSV() map[string][]byte {
	return map[string][]byte{
		"table2.csv": csvBytes(r.table2Rows()),
		"table3.csv": csvBytes(r.table3Rows()),
		"table4.csv": csvBytes(r.table4Rows()),
	}
}

func (r *Report) table2Rows() [][]string {
	n := func(x int) string { return strconv.Itoa(x) }
	m := func(x int64) string { return strconv.FormatInt(x, 10) }
	c := r.Computed
	return [][]string{
		{"条款", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（万元）"},
		{"第二十条第（一）项", "规章", n(c.Rules.Issued), n(c.Rules.Repealed), n(c.Rules.InForce), "", ""},
		{"第二十条第（一）项", "行政规范性文件", n(c.Normative.Issued), n(c.Normative.Repealed), n(c.Normative.InForce), "", ""},
		{"第二十条第（五）项", "行政许可", "", "", "", m(r.Licensing), ""},
		{"第二十条第（六）项", "行政处罚", "", "", "", m(r.Penalty), ""},
		{"第二十条第（六）项", "行政强制", "", "", "", m(r.Coercion), ""},
		{"第二十条第（八）项", "行政事业性收费", "", "", "", "", r.FeesText()},
	}
}

func (r *Report) table3Rows() [][]string {
	rows := [][]string{append([]string{"项目", "分项", "细项"}, cols3[:]...)}
	for i, s := range rows3 {
		row := []string{s.section, s.group, s.item}
		for _, x := range r.Applications[i] {
			row = append(row, strconv.FormatInt(x, 10))
		}
		rows = append(rows, row)
	}
	return rows
}

func (r *Report) table4Rows() [][]string {
	rows := [][]string{append([]string{"类别", "方式"}, cols4[:]...)}
	for i, s := range rows4 {
		row := []string{s.kind, s.way}
		for _, x := range r.Appeals[i] {
			row = append(row, strconv.FormatInt(x, 10))
		}
		rows = append(rows, row)
	}
	return rows
}

// csvBytes writes rows as CSV, UTF-8 with a BOM and CRLF line ends.
func csvBytes(rows [][]string) []byte {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	_ = w.WriteAll(rows) // writes to memory: cannot fail
	return buf.Bytes()
}
