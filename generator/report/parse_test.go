package report

import (
	"os"
	"strings"
	"testing"

	"gongkai/generator/diag"
	"gongkai/generator/model"
)

const file = "content/reports/2024.toml"

// good is a valid report; the line numbers in the tests below refer to it.
// Column by column, 一 + 二 = 三 + 四: 自然人 5+1 = (3+1+1)+1, 商业企业 1+0 = 1+0.
var good = strings.Join([]string{
	`organ = "测试市人民政府"`,                      // 1
	`overview = "总体情况。"`,                     // 2
	`problems = "问题。"`,                       // 3
	``,                                       // 4
	`[proactive]`,                            // 5
	`licensing = 3`,                          // 6
	`penalty = 2`,                            // 7
	`coercion = 1`,                           // 8
	`fees = 0`,                               // 9
	``,                                       // 10
	`[applications]`,                         // 11
	`received = [5, 1, 0, 0, 0, 0]`,          // 12
	`carried_over = [1, 0, 0, 0, 0, 0]`,      // 13
	`granted = [3, 1, 0, 0, 0, 0]`,           // 14
	`partly_granted = [1, 0, 0, 0, 0, 0]`,    // 15
	`carried_forward = [1, 0, 0, 0, 0, 0]`,   // 16
	``,                                       // 17
	`[applications.withheld]`,                // 18
	`state_secret = [0, 0, 0, 0, 0, 0]`,      // 19
	`law_forbids = [0, 0, 0, 0, 0, 0]`,       // 20
	`security = [0, 0, 0, 0, 0, 0]`,          // 21
	`third_party = [0, 0, 0, 0, 0, 0]`,       // 22
	`internal = [0, 0, 0, 0, 0, 0]`,          // 23
	`process = [0, 0, 0, 0, 0, 0]`,           // 24
	`enforcement = [0, 0, 0, 0, 0, 0]`,       // 25
	`inquiry = [0, 0, 0, 0, 0, 0]`,           // 26
	``,                                       // 27
	`[applications.unavailable]`,             // 28
	`not_held = [1, 0, 0, 0, 0, 0]`,          // 29
	`need_create = [0, 0, 0, 0, 0, 0]`,       // 30
	`unclear = [0, 0, 0, 0, 0, 0]`,           // 31
	``,                                       // 32
	`[applications.not_handled]`,             // 33
	`petition = [0, 0, 0, 0, 0, 0]`,          // 34
	`repeated = [0, 0, 0, 0, 0, 0]`,          // 35
	`publication = [0, 0, 0, 0, 0, 0]`,       // 36
	`excessive = [0, 0, 0, 0, 0, 0]`,         // 37
	`confirm = [0, 0, 0, 0, 0, 0]`,           // 38
	``,                                       // 39
	`[applications.other_handling]`,          // 40
	`no_correction = [0, 0, 0, 0, 0, 0]`,     // 41
	`no_fee = [0, 0, 0, 0, 0, 0]`,            // 42
	`other = [0, 0, 0, 0, 0, 0]`,             // 43
	``,                                       // 44
	`[appeals]`,                              // 45
	`review = [1, 0, 0, 0]`,                  // 46
	`lawsuit_direct = [0, 0, 0, 1]`,          // 47
	`lawsuit_after_review = [0, 0, 0, 0, 0]`, // 48
}, "\n") + "\n"

// edit replaces lines of good (1-based, inclusive range) with text, which
// may hold several lines.
func edit(from, to int, text string) string {
	lines := strings.Split(good, "\n")
	out := append([]string{}, lines[:from-1]...)
	out = append(out, text)
	out = append(out, lines[to:]...)
	return strings.Join(out, "\n")
}

// cut drops src from the first occurrence of marker on.
func cut(src, marker string) string { return src[:strings.Index(src, marker)] }

func parse(t *testing.T, path, src string) (*Report, []string) {
	t.Helper()
	var l diag.List
	r := Parse(path, []byte(src), &l)
	if r == nil {
		t.Fatal("Parse returned nil")
	}
	var msgs []string
	for _, d := range l.Sorted() {
		msgs = append(msgs, d.String())
	}
	return r, msgs
}

func TestParseGood(t *testing.T) {
	r, msgs := parse(t, file, good)
	if len(msgs) != 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(msgs, "\n"))
	}
	if r.Year != 2024 || r.Organ != "测试市人民政府" || r.Source != file {
		t.Errorf("Year/Organ/Source = %d %q %q", r.Year, r.Organ, r.Source)
	}
	if r.Title() != "测试市人民政府2024年政府信息公开工作年度报告" || r.Path() != "/reports/2024/" {
		t.Errorf("Title/Path = %q %q", r.Title(), r.Path())
	}
	if r.Licensing != 3 || r.Penalty != 2 || r.Coercion != 1 || r.Fees != 0 || r.FeesText() != "0" {
		t.Errorf("proactive = %d %d %d %v", r.Licensing, r.Penalty, r.Coercion, r.Fees)
	}
	// Totals left out are computed: row sums and （七）总计 as the column sums
	// of （一）…（六）.
	want := map[int]Row3{
		Received:           {5, 1, 0, 0, 0, 0, 6},
		Granted:            {3, 1, 0, 0, 0, 0, 4},
		UnavailableNotHeld: {1, 0, 0, 0, 0, 0, 1},
		Total:              {5, 1, 0, 0, 0, 0, 6},
		CarriedForward:     {1, 0, 0, 0, 0, 0, 1},
	}
	for i, w := range want {
		if r.Applications[i] != w {
			t.Errorf("row %s = %v, want %v", rows3[i].key, r.Applications[i], w)
		}
	}
	if r.Appeals[Review] != (Row4{1, 0, 0, 0, 1}) || r.Appeals[LawsuitDirect] != (Row4{0, 0, 0, 1, 1}) {
		t.Errorf("appeals = %v", r.Appeals)
	}
	if r.OtherMatters != "" || r.Note != "" || r.Published != 0 {
		t.Errorf("optional keys should be empty: %q %q %v", r.OtherMatters, r.Note, r.Published)
	}
}

// TestParseSample checks the sample site's report, whose figures were
// balanced by hand (see the comments in the file).
func TestParseSample(t *testing.T) {
	data, err := os.ReadFile("../../content/reports/2025.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, msgs := parse(t, "content/reports/2025.toml", string(data))
	if len(msgs) != 0 {
		t.Fatalf("sample report has diagnostics:\n%s", strings.Join(msgs, "\n"))
	}
	if r.Year != 2025 || r.Organ != "示例市人民政府" || r.Published != model.MakeDate(2026, 1, 20) {
		t.Errorf("Year/Organ/Published = %d %q %v", r.Year, r.Organ, r.Published)
	}
	if !strings.Contains(r.Note, "示例数据") {
		t.Errorf("note must mark the example data: %q", r.Note)
	}
	if r.Licensing != 1286 || r.Penalty != 214 || r.Coercion != 9 || r.FeesText() != "35.62" {
		t.Errorf("proactive = %d %d %d %s", r.Licensing, r.Penalty, r.Coercion, r.FeesText())
	}
	if r.Applications[Received] != (Row3{52, 8, 1, 1, 2, 1, 65}) || r.Applications[Total] != (Row3{51, 8, 1, 1, 2, 1, 64}) {
		t.Errorf("received/total = %v %v", r.Applications[Received], r.Applications[Total])
	}
	if r.Appeals[Review] != (Row4{2, 1, 0, 1, 4}) {
		t.Errorf("review = %v", r.Appeals[Review])
	}
	paras := r.Paras(r.Overview)
	if len(paras) != 4 || !strings.HasPrefix(paras[0], "示例数据。2025年") || !strings.HasPrefix(paras[1], "（一）主动公开。") {
		t.Errorf("overview paragraphs = %q", paras)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []string
	}{
		{"unknown key names the nearest", file, edit(7, 7, "penalti = 2"), []string{
			file + `:5:1: 缺少 proactive.penalty（行政处罚 本年处理决定数量） — 在 [proactive] 一节中加一行 penalty = 0（没有的填 0）`,
			file + `:7:1: 未知的键 "proactive.penalti" — 是不是 penalty？`,
		}},
		{"unknown key in a sub-table", file, edit(21, 21, "securty = [0, 0, 0, 0, 0, 0]"), []string{
			file + `:18:1: 缺少 applications.withheld.security（三、本年度办理结果（三）不予公开 3.危及“三安全一稳定”） — 在 [applications.withheld] 一节中加一行 security = [0, 0, 0, 0, 0, 0]（依次为 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他；没有的也填 0）`,
			file + `:21:1: 未知的键 "applications.withheld.securty" — 是不是 security？`,
		}},
		{"key in the wrong table", file, edit(4, 4, "licensing = 3"), []string{
			file + `:4:1: 未知的键 "licensing" — licensing 应写在 [proactive] 一节中`,
		}},
		{"personal data in a text", file, edit(3, 3, `problems = "经办人手机13812345678，邮箱 xxgk@example.gov.cn。"`), []string{
			file + `:3:1: problems（五、存在的主要问题及改进情况）中发现未遮蔽的手机号码 13812345678 — 公开内容不得含有未遮蔽的个人信息：改写为 138****5678`,
		}},
		{"negative figure", file, edit(6, 6, "licensing = -3"), []string{
			file + `:6:1: proactive.licensing（行政许可 本年处理决定数量）不能是负数（现为 -3） — 填写 0 或正整数`,
		}},
		{"figure in quotes", file, edit(8, 8, `coercion = "1"`), []string{
			file + `:8:1: proactive.coercion（行政强制 本年处理决定数量）应为数字 — 写成不带引号的整数，如 3；没有的填 0`,
		}},
		{"negative fee", file, edit(9, 9, "fees = -1.5"), []string{
			file + `:9:1: proactive.fees（行政事业性收费 本年收费金额（万元））应为非负数（现为 -1.5） — 填写 0 或正数，单位万元，如 12.35`,
		}},
		{"decimal count in a row", file, edit(14, 14, "granted = [3, 1.5, 0, 0, 0, 0]"), []string{
			file + `:14:15: applications.granted 第2项（商业企业）应为整数（现为 1.5） — 件数只能是整数：去掉小数点，如 3`,
		}},
		{"row total not the sum", file, edit(12, 12, "received = [5, 1, 0, 0, 0, 0, 7]"), []string{
			file + `:12:31: applications.received（一、本年新收政府信息公开申请数量）的总计 7 不等于各项之和 6 — 总计应为 6（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他 之和），或核对前面各项`,
		}},
		{"一 + 二 ≠ 三 + 四", file, edit(16, 16, "carried_forward = [2, 0, 0, 0, 0, 0]"), []string{
			file + `:16:1: “总计”一列不平衡：一、本年新收 6 + 二、上年结转 1 = 7，而 三、办理结果总计 6 + 四、结转下年度 2 = 8 — 第一项加第二项之和应等于第三项加第四项之和：核对这一列的新收、结转和各项办理结果`,
			file + `:16:20: “自然人”一列不平衡：一、本年新收 5 + 二、上年结转 1 = 6，而 三、办理结果总计 5 + 四、结转下年度 2 = 7 — 第一项加第二项之和应等于第三项加第四项之和：核对这一列的新收、结转和各项办理结果`,
		}},
		{"（七）总计 not the sum of （一）…（六）", file, edit(16, 16, "total = [5, 1, 0, 0, 0, 1]\ncarried_forward = [1, 0, 0, 0, 0, 0]"), []string{
			file + `:16:25: （七）总计的“其他”为 1，但（一）至（六）之和为 0 — （七）总计应等于（一）至（六）各行之和：改为 0，或核对各行`,
		}},
		{"table 四 total", file, edit(48, 48, "lawsuit_after_review = [0, 0, 0, 0, 1]"), []string{
			file + `:48:37: appeals.lawsuit_after_review（行政诉讼（复议后起诉））的总计 1 不等于各项之和 0 — 总计应为 0（结果维持、结果纠正、其他结果、尚未审结 之和），或核对前面各项`,
		}},
		{"wrong number of figures", file, edit(46, 46, "review = [1, 0]"), []string{
			file + `:46:1: appeals.review（行政复议）应为 4 个或 5 个数字组成的数组 — 写成 review = [0, 0, 0, 0]，依次为 结果维持、结果纠正、其他结果、尚未审结，可再加第 5 个数：总计`,
		}},
		{"missing row", file, edit(37, 37, ""), []string{
			file + `:33:1: 缺少 applications.not_handled.excessive（三、本年度办理结果（五）不予处理 4.无正当理由大量反复申请） — 在 [applications.not_handled] 一节中加一行 excessive = [0, 0, 0, 0, 0, 0]（依次为 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他；没有的也填 0）`,
		}},
		{"missing group", file, edit(18, 26, strings.Repeat("\n", 8)), []string{
			file + `:11:1: 缺少 [applications.withheld]（（三）不予公开） — 加上 [applications.withheld] 一节，逐行填写：state_secret = [0, 0, 0, 0, 0, 0]；law_forbids = [0, 0, 0, 0, 0, 0]；security = [0, 0, 0, 0, 0, 0]；third_party = [0, 0, 0, 0, 0, 0]；internal = [0, 0, 0, 0, 0, 0]；process = [0, 0, 0, 0, 0, 0]；enforcement = [0, 0, 0, 0, 0, 0]；inquiry = [0, 0, 0, 0, 0, 0]`,
		}},
		{"missing table", file, edit(45, 48, ""), []string{
			file + `:43: 缺少 [appeals]（四、政府信息公开行政复议、行政诉讼情况） — 在文件末尾加上 [appeals] 一节，按年度报告格式逐项填写`,
		}},
		{"missing text", file, edit(3, 3, ""), []string{
			file + `:1: 缺少 problems（五、存在的主要问题及改进情况） — 写成 problems = """……"""；写在文件开头、第一个 [方括号] 标题之前`,
		}},
		{"empty text", file, edit(2, 2, `overview = "  "`), []string{
			file + `:2:1: overview（一、总体情况）不能为空 — 写成 overview = """……"""（三个双引号之间可写多段）`,
		}},
		{"year differs from the file name", file, edit(4, 4, "year = 2023"), []string{
			file + `:4:1: year = 2023 与文件名的年度 2024 不一致 — 删掉 year 这一行（年度取自文件名），或改为 year = 2024`,
		}},
		{"year not a number", file, edit(4, 4, `year = "2024"`), []string{
			file + `:4:1: year 应为年份数字 — 写成不带引号的年份：year = 2024，或删掉这一行（年度取自文件名）`,
		}},
		{"a table written as a value", file, cut(edit(4, 4, "appeals = 3"), "[appeals]"), []string{
			file + `:4:1: appeals 应是一节（表），不是单个值 — 写成单独一节：另起一行写 [appeals]，再在下面逐行填写`,
		}},
		{"file name not a year", "content/reports/report.toml", good, []string{
			`content/reports/report.toml:1: 年度报告的文件名 "report.toml" 不是年份 — 把文件改名为“年份.toml”，如 content/reports/2025.toml`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, msgs := parse(t, tc.path, tc.src)
			if strings.Join(msgs, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestParseSyntaxError(t *testing.T) {
	_, msgs := parse(t, file, edit(7, 7, "penalty = "))
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0], file+":7:") || !strings.Contains(msgs[0], "TOML 语法错误") {
		t.Errorf("got %q", msgs)
	}
}

// TestScanKeys checks the positions the scanner finds in arrays that span
// lines, with comments and strings around them.
func TestScanKeys(t *testing.T) {
	src := "# 注释 [x]\n" + // 1
		"t = \"\"\"\n" + // 2
		"a = [1]\n" + // 3 (inside a string)
		"\"\"\"\n" + // 4
		"[applications . withheld]  # 表\n" + // 5
		"  \"security\" = [ 1, # 第一项\n" + // 6
		"    22,\n" + // 7
		"    3 ]\n" + // 8
		"x = [[1, 2], [3]]\n" // 9
	locs := scanKeys([]byte(src))
	if _, ok := locs["a"]; ok {
		t.Error("key inside a multi-line string was taken for a key")
	}
	if l := locs["applications.withheld"]; l.line != 5 || l.col != 1 {
		t.Errorf("table header at %d:%d", l.line, l.col)
	}
	l := locs["applications.withheld.security"]
	want := [][2]int{{6, 18}, {7, 5}, {8, 5}}
	if l.line != 6 || l.col != 3 || len(l.elems) != 3 || l.elems[0] != want[0] || l.elems[1] != want[1] || l.elems[2] != want[2] {
		t.Errorf("security at %d:%d elems %v, want 6:3 %v", l.line, l.col, l.elems, want)
	}
	if x := locs["applications.withheld.x"]; len(x.elems) != 2 || x.elems[1] != [2]int{9, 14} {
		t.Errorf("nested array elems %v", x.elems)
	}
}

// TestScanSample checks the scanner against the sample report, whose long
// multi-line strings come before the figures: each key's line is the line
// of the file that starts with it.
func TestScanSample(t *testing.T) {
	data, err := os.ReadFile("../../content/reports/2025.toml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	lineOf := func(prefix string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return i + 1
			}
		}
		return -1
	}
	locs := scanKeys(data)
	for key, prefix := range map[string]string{
		"problems":                          "problems = ",
		"other_matters":                     "other_matters = ",
		"proactive":                         "[proactive]",
		"proactive.fees":                    "fees = ",
		"applications.withheld.security":    "security ",
		"applications.other_handling.other": "other ",
		"appeals.lawsuit_after_review":      "lawsuit_after_review ",
	} {
		if got, want := locs[key].line, lineOf(prefix); got != want || want < 0 {
			t.Errorf("%s at line %d, want %d", key, got, want)
		}
	}
}

func TestParas(t *testing.T) {
	r := &Report{}
	got := r.Paras("\n　　第一段\n续行。\n\n\n第二段 GB/T\n9704\n")
	want := []string{"第一段续行。", "第二段 GB/T 9704"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Paras = %q, want %q", got, want)
	}
}
