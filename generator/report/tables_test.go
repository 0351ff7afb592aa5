package report

import (
	"bytes"
	"html/template"
	"os"
	"strings"
	"testing"

	"gongkai/generator/diag"
	"gongkai/generator/model"
)

func sample(t *testing.T) *Report {
	t.Helper()
	data, err := os.ReadFile("../../content/reports/2025.toml")
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	r := Parse("content/reports/2025.toml", data, &l)
	if l.HasErrors() {
		t.Fatalf("sample: %v", l.Sorted())
	}
	return r
}

func TestCSV(t *testing.T) {
	r := sample(t)
	Compute(r, site()) // the hand-built site: 2025 gives 规章 0/0/1, 行政规范性文件 1/1/4
	files := r.CSV()
	if len(files) != 3 {
		t.Fatalf("files: %d", len(files))
	}
	const bom = "\xef\xbb\xbf"
	t2 := string(files["table2.csv"])
	want2 := bom + "条款,信息内容,本年制发件数,本年废止件数,现行有效件数,本年处理决定数量,本年收费金额（万元）\r\n" +
		"第二十条第（一）项,规章,0,0,1,,\r\n" +
		"第二十条第（一）项,行政规范性文件,1,1,4,,\r\n" +
		"第二十条第（五）项,行政许可,,,,1286,\r\n" +
		"第二十条第（六）项,行政处罚,,,,214,\r\n" +
		"第二十条第（六）项,行政强制,,,,9,\r\n" +
		"第二十条第（八）项,行政事业性收费,,,,,35.62\r\n"
	if t2 != want2 {
		t.Errorf("table2.csv:\n%q\nwant\n%q", t2, want2)
	}
	t3 := string(files["table3.csv"])
	lines := strings.Split(t3, "\r\n")
	if !strings.HasPrefix(t3, bom+"项目,分项,细项,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计\r\n") ||
		len(lines) != 1+NumRows3+1 || lines[len(lines)-1] != "" {
		t.Errorf("table3.csv header or row count wrong: %d lines\n%s", len(lines), t3)
	}
	for _, w := range []string{
		"一、本年新收政府信息公开申请数量,,,52,8,1,1,2,1,65",
		"三、本年度办理结果,（三）不予公开,4.保护第三方合法权益,1,1,0,0,0,0,2",
		"三、本年度办理结果,（七）总计,,51,8,1,1,2,1,64",
		"四、结转下年度继续办理,,,4,1,0,0,0,0,5",
	} {
		if !strings.Contains(t3, "\r\n"+w+"\r\n") {
			t.Errorf("table3.csv lacks line %q", w)
		}
	}
	want4 := bom + "类别,方式,结果维持,结果纠正,其他结果,尚未审结,总计\r\n" +
		"行政复议,,2,1,0,1,4\r\n" +
		"行政诉讼,未经复议直接起诉,1,0,0,1,2\r\n" +
		"行政诉讼,复议后起诉,1,0,0,0,1\r\n"
	if got := string(files["table4.csv"]); got != want4 {
		t.Errorf("table4.csv:\n%q\nwant\n%q", got, want4)
	}
}

// TestTableThreeGrid lays the merged header cells out on a grid, as a
// browser does, and checks that every row gets exactly the three header
// columns of the form and seven figures.
func TestTableThreeGrid(t *testing.T) {
	rows := (&Report{}).TableThree()
	if len(rows) != NumRows3 {
		t.Fatalf("%d rows", len(rows))
	}
	taken := make([]int, NumRows3) // header columns already covered by cells from above
	for i, row := range rows {
		cols := taken[i]
		for _, h := range row.Heads {
			cols += h.Colspan
			for j := i + 1; j < i+h.Rowspan; j++ {
				taken[j] += h.Colspan
			}
		}
		if cols != 3 || len(row.Cells) != 7 {
			t.Errorf("row %d (%s): %d header columns, %d cells", i, row.Key, cols, len(row.Cells))
		}
	}
	// The spans of the official form.
	h := func(i int) []HeadCell { return rows[i].Heads }
	checks := []struct {
		got  []HeadCell
		want []HeadCell
	}{
		{h(Received), []HeadCell{{"一、本年新收政府信息公开申请数量", 1, 3}}},
		{h(Granted), []HeadCell{{"三、本年度办理结果", 22, 1}, {"（一）予以公开", 1, 2}}},
		{h(WithheldStateSecret), []HeadCell{{"（三）不予公开", 8, 1}, {"1.属于国家秘密", 1, 1}}},
		{h(WithheldLawForbids), []HeadCell{{"2.其他法律行政法规禁止公开", 1, 1}}},
		{h(UnavailableNotHeld), []HeadCell{{"（四）无法提供", 3, 1}, {"1.本机关不掌握相关政府信息", 1, 1}}},
		{h(NotHandledPetition), []HeadCell{{"（五）不予处理", 5, 1}, {"1.信访举报投诉类申请", 1, 1}}},
		{h(OtherNoCorrection), []HeadCell{{"（六）其他处理", 3, 1}, {"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1, 1}}},
		{h(Total), []HeadCell{{"（七）总计", 1, 2}}},
		{h(CarriedForward), []HeadCell{{"四、结转下年度继续办理", 1, 3}}},
	}
	for _, c := range checks {
		if len(c.got) != len(c.want) {
			t.Errorf("heads %v, want %v", c.got, c.want)
			continue
		}
		for k := range c.got {
			if c.got[k] != c.want[k] {
				t.Errorf("head %v, want %v", c.got[k], c.want[k])
			}
		}
	}
}

// TestTemplate renders layouts/report.html the way the site renders pages:
// "main" with the page's Data, and a `url` that adds the base path.
func TestTemplate(t *testing.T) {
	src, err := os.ReadFile("../../layouts/report.html")
	if err != nil {
		t.Fatal(err)
	}
	funcs := template.FuncMap{
		"url":  func(p string) string { return "/xxgk/" + strings.TrimPrefix(p, "/") },
		"date": func(d model.Date) string { return d.Chinese() },
	}
	tpl, err := template.New("report.html").Funcs(funcs).Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	r := sample(t)
	Compute(r, site())
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "main", struct{ Data any }{r}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{
		"<h1>示例市人民政府2025年政府信息公开工作年度报告</h1>",
		"<strong>说明：</strong>示例数据：",
		"2026年1月20日",
		`<h2 id="s1">一、总体情况</h2>`,
		`<h2 id="s6">六、其他需要报告的事项</h2>`,
		"<p>示例数据。本年度未收取信息处理费。</p>",
		`<th scope="row" rowspan="22">三、本年度办理结果</th>`,
		`<th scope="row" rowspan="8">（三）不予公开</th><th scope="row">1.属于国家秘密</th><td>0</td>`,
		`<th scope="row" colspan="3">四、结转下年度继续办理</th><td>4</td><td>1</td>`,
		`<th scope="row">行政规范性文件</th><td>1</td><td>1</td><td>4</td>`,
		`<td colspan="3">35.62</td>`,
		`<td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>`,
		`<th colspan="10" scope="colgroup">行政诉讼</th>`,
		`<tr><td>2</td><td>1</td><td>0</td><td>1</td><td>4</td><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>`,
		`<a href="/xxgk/reports/2025/table3.csv" download="2025年政府信息公开工作年度报告-table3.csv">三、收到和处理政府信息公开申请情况（CSV）</a>`,
		`<a href="/xxgk/policies/x/">x</a>`,
		"现行有效按2025年12月31日当日的有效性计",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if n := strings.Count(out, "<caption"); n != 3 {
		t.Errorf("%d captions, want 3", n)
	}
	if n := strings.Count(out, "<h1>"); n != 1 {
		t.Errorf("%d h1", n)
	}
}
