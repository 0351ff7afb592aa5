package tasks

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"gongkai/generator/model"
)

// want is an exact expectation for the n-th task (0-based) of a text.
// Nil unit lists mean "none"; Title "" means "not checked".
type want struct {
	n                int
	item, title      string
	lead, coop, resp []string
	deadlineText     string
	deadline         model.Date
	period           model.Period
	line, col        int // 0: not checked
}

// The counts and tasks below were taken by reading the sample texts (and
// grepping them for the bracket forms), not from the extractor's output.
var seedCases = []struct {
	name    string
	file    string
	doc     int // 1-based document of a file holding several (第N篇); 0: the whole file
	docYear int
	count   int
	tasks   []want
}{
	{
		// 辽政发〔2017〕19号 (on one line with news items and another
		// document): 二 has 3 measures, 三 4, 四 6, 五 4, each with one
		// attribution; the other documents in the file have none.
		name: "辽宁实施方案, one line per document", file: "000_ef4562fd46b84408.txt", docYear: 2017, count: 17,
		tasks: []want{
			{n: 0, item: "二（一）", title: "建立政务诚信专项督导机制",
				lead: []string{"省政府办公厅", "省发展改革委"}, coop: []string{"各市政府"}},
			{n: 4, item: "三（二）", title: "建立健全政务失信记录", lead: []string{"省发展改革委"},
				coop: []string{"省监察厅", "省公安厅", "省司法厅", "省人力资源社会保障厅", "省法院", "有关部门"}},
			{n: 11, item: "四（五）", title: "加强地方政府债务领域政务诚信建设", lead: []string{"省财政厅"},
				coop: []string{"省发展改革委", "省工业和信息化委", "省政府金融办", "有关部门"}},
			{n: 15, item: "五（三）", title: "鼓励各地区各部门先行先试",
				resp: []string{"各有关部门", "各市政府"}, line: 7, col: 3828},
		},
	},
	{
		// 沈政发〔2017〕45号: 二（一） 1–6 plus two unnumbered paragraphs
		// under 4 (8), 二（二） 1–3 plus one under 3 (4), 二（三） 1–6 (6),
		// 三（一）–（五） (5).
		name: "沈阳工作方案, 〔〕 attributions", file: "001_d2e6f0a5b1b90607.txt", docYear: 2017, count: 23,
		tasks: []want{
			{n: 0, item: "二（一）1", title: "建立健全政务诚信教育机制",
				lead: []string{"市委组织部", "市人力资源社会保障局"},
				coop: []string{"各有关部门", "各区、县（市）政府"}, line: 46, col: 79},
			{n: 2, item: "二（一）3", title: "建立健全政务信用记录", lead: []string{"市发展改革委（信用中心）"},
				coop: []string{"市委组织部", "市监察局", "人力资源社会保障局", "法院", "检察院", "相关部门"}},
			{n: 4, item: "二（一）4", lead: []string{"市发展改革委"}, coop: []string{"各有关部门", "各区、县（市）政府"},
				title: "探索开展区县(市)、街道、乡镇政务诚信评价工作,对社会关注度高、严重影响营商环境的政务失信问题进行专项治理,对政务诚信评价较好的区县(市)、街道、乡镇予以激励"},
			{n: 6, item: "二（一）5", title: "健全信用权益保护和信用修复机制",
				lead: []string{"市发展改革委"}, coop: []string{"各有关部门", "各区、（县）市政府"}},
			{n: 10, item: "二（二）3", lead: []string{"市发展改革委（信用中心）"}, coop: []string{"市委组织部", "市人力资源社会保障局"}},
			{n: 15, item: "二（三）4", title: "招商引资领域", lead: []string{"市外经贸局"},
				resp: []string{"各区、县（市）政府"}, line: 97, col: 131},
			{n: 17, item: "二（三）6", title: "街道和乡镇", resp: []string{"各区、县（市）政府"}},
			{n: 22, item: "三（五）", title: "加大宣传力度",
				lead: []string{"市委宣传部", "市发展改革委"}, coop: []string{"各有关部门", "各区、县（市）政府"}},
		},
	},
	{
		// 第一篇 (嘉峪关): 三（一）–（七） and 四（一）–（六), all with units
		// and a deadline or 持续推进; 二 and 五 have none.
		name: "嘉峪关实施方案 (Traditional), units with deadlines", file: "002_5dced79111b9f870.txt", doc: 1, docYear: 2018, count: 13,
		tasks: []want{
			{n: 2, item: "三（三）", title: "提高政務服務效率",
				lead: []string{"市放管服辦公室", "市審改辦", "市電子政務辦", "市政務服務中心"}, coop: []string{"各有關部門"},
				deadlineText: "2018年底前", deadline: 20181231},
			{n: 3, item: "三（四）", lead: []string{"市人社局"}, coop: []string{"有關部門"},
				deadlineText: "持續推進", period: PeriodOngoing},
			{n: 5, item: "三（六）", resp: []string{"市政府辦公室", "各有關部門"}, deadlineText: "持續推進", period: PeriodOngoing},
			{n: 12, item: "四（六）", title: "加強社區和鎮(村)政務誠信建設", resp: []string{"雄關區", "長城區", "鏡鐵區"},
				deadlineText: "持續推進", period: PeriodOngoing, line: 29, col: 234},
		},
	},
	{
		// 第二篇 (A市): (一)–(十六) each end with a bracket of units — with
		// 负责落实 / 会同 in 9 of them, organ names alone in 7.
		name: "A市实施方案 (Traditional), bare unit lists", file: "002_5dced79111b9f870.txt", doc: 2, docYear: 2017, count: 16,
		tasks: []want{
			{n: 0, item: "二（一）", title: "堅持依法行政",
				resp: []string{"市政府法制辦", "市編辦", "市人社局", "市委組織部", "市發改委", "各縣區人民政府"}},
			{n: 3, item: "三（四）", title: "加快守信踐諾機制建設", resp: []string{"市有關單位"}},
			{n: 4, item: "三（五）", resp: []string{"市人社局", "市委組織部"}, deadlineText: "2017年底前", deadline: 20171231},
			{n: 9, item: "四（十）", lead: []string{"市發改委", "市財政局"}, coop: []string{"市有關單位"},
				deadlineText: "2018年6月底前", deadline: 20180630},
			{n: 15, item: "五（十六）", title: "推進政務誠信管理制度建設", resp: []string{"市政府法制辦", "市政務公開辦"}},
		},
	},
	{name: "南京统计实施方案: no attributions", file: "002_5dced79111b9f870.txt", doc: 3, docYear: 2018, count: 0},
	{name: "作风建设年方案: no attributions", file: "002_5dced79111b9f870.txt", doc: 4, docYear: 2007, count: 0},
	{name: "安全生产诚信方案: no attributions", file: "002_5dced79111b9f870.txt", doc: 5, docYear: 2018, count: 0},
	{
		// 遼政辦〔2016〕23號: several attributions per paragraph; 一 has 14,
		// 二 12, 三 9, 四 3; 五 and the annex table have none.
		name: "遼政辦〔2016〕23號 (Traditional), 负责落实 / 牵头落实", file: "003_8f162a0ca417d789.txt", docYear: 2016, count: 38,
		tasks: []want{
			{n: 0, item: "一（一）", title: "推進行政決策公開", resp: []string{"各市政府", "省政府各部門"}},
			{n: 2, item: "一（二）", title: "進一步推進審計結果及整改情況的公開,及時發布可公開的審計公告、報告等,并做好相關解讀",
				lead: []string{"省審計廳"}, line: 9, col: 223},
			{n: 13, item: "一（十）", title: "推進環境保護信息公開",
				lead: []string{"省環保廳"}, coop: []string{"省住房城鄉建設廳", "省衛生計生委"}, line: 17, col: 245},
			{n: 14, item: "二（一）", title: "推進省網上審批平臺建設", lead: []string{"省政務服務管理辦公室"},
				deadlineText: "年底前", deadline: 20161231},
			{n: 16, item: "二（三）", lead: []string{"省公安廳"}, coop: []string{"相關部門"}},
			{n: 17, item: "二（四）", title: "推進減稅降費信息公開", lead: []string{"省財政廳", "省地稅局", "省國稅局"}},
			{n: 37, item: "四（三）", title: "提高政務公開隊伍專業化理論化水平", lead: []string{"省政府辦公廳"}},
		},
	},
	{name: "成都 documents: no attributions", file: "004_7252d9d53e386a10.txt", docYear: 2012, count: 0},
}

func TestExtractSeeds(t *testing.T) {
	for _, c := range seedCases {
		t.Run(c.name, func(t *testing.T) {
			body := readSeed(t, c.file)
			if c.doc > 0 {
				body = nthDocument(t, body, c.doc)
			}
			got := Extract(body, c.docYear)
			if len(got) != c.count {
				t.Errorf("got %d tasks, want %d", len(got), c.count)
				for i, x := range got {
					t.Logf("%d %s %s %s", i, x.Item, x.Text, x.Title)
				}
			}
			for _, w := range c.tasks {
				if w.n >= len(got) {
					t.Errorf("task %d missing", w.n)
					continue
				}
				checkTask(t, got[w.n], w)
			}
			checkInvariants(t, body, got)
		})
	}
}

func checkTask(t *testing.T, g Task, w want) {
	t.Helper()
	if g.Item != w.item {
		t.Errorf("task %d (%s): item %q, want %q", w.n, g.Text, g.Item, w.item)
	}
	if w.title != "" && g.Title != w.title {
		t.Errorf("task %d (%s): title %q, want %q", w.n, g.Text, g.Title, w.title)
	}
	for _, u := range []struct {
		role      string
		got, want []string
	}{{"lead", g.Lead, w.lead}, {"coop", g.Coop, w.coop}, {"resp", g.Resp, w.resp}} {
		if len(u.got) != 0 || len(u.want) != 0 {
			if !reflect.DeepEqual(u.got, u.want) {
				t.Errorf("task %d (%s): %s %q, want %q", w.n, g.Text, u.role, u.got, u.want)
			}
		}
	}
	if g.DeadlineText != w.deadlineText || g.Deadline != w.deadline || g.Period != w.period {
		t.Errorf("task %d (%s): deadline %q %v %q, want %q %v %q", w.n, g.Text,
			g.DeadlineText, g.Deadline, g.Period, w.deadlineText, w.deadline, w.period)
	}
	if w.line != 0 && (g.Line != w.line || g.Col != w.col) {
		t.Errorf("task %d (%s): at %d:%d, want %d:%d", w.n, g.Text, g.Line, g.Col, w.line, w.col)
	}
}

// checkInvariants holds for every extraction: no empty unit names, and each
// task's position points at the opening bracket of its Text.
func checkInvariants(t *testing.T, body string, got []Task) {
	t.Helper()
	lines := strings.Split(body, "\n")
	for i, x := range got {
		if len(x.Lead)+len(x.Coop)+len(x.Resp) == 0 {
			t.Errorf("task %d %q has no units", i, x.Text)
		}
		for _, list := range [][]string{x.Lead, x.Coop, x.Resp} {
			for _, u := range list {
				if strings.TrimSpace(u) == "" {
					t.Errorf("task %d %q: empty unit name in %q", i, x.Text, list)
				}
			}
		}
		if x.Line < 1 || x.Line > len(lines) {
			t.Fatalf("task %d %q: line %d out of range 1..%d", i, x.Text, x.Line, len(lines))
		}
		line := []rune(lines[x.Line-1])
		if x.Col < 1 || x.Col > len(line) {
			t.Fatalf("task %d %q: column %d out of range 1..%d", i, x.Text, x.Col, len(line))
		}
		if !strings.HasPrefix(string(line[x.Col-1:]), x.Text) {
			t.Errorf("task %d: text at %d:%d is not %q", i, x.Line, x.Col, x.Text)
		}
	}
}

func readSeed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/seeds/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// nthDocument returns the n-th document of a file whose documents start
// with lines 第一篇:… 第二篇:…, keeping the other lines blank so that line
// numbers stay those of the file.
func nthDocument(t *testing.T, body string, n int) string {
	t.Helper()
	lines := strings.Split(body, "\n")
	doc := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "第") && strings.Contains(l, "篇:") {
			doc++
		}
		if doc != n {
			lines[i] = ""
		}
	}
	if doc < n {
		t.Fatalf("file has %d documents, want document %d", doc, n)
	}
	return strings.Join(lines, "\n")
}

// TestExtractMarkdown covers the Markdown forms of a content file: numbered
// headings, bold lead-ins, an attribution on the line after its paragraph,
// a Markdown list item, labelled deadlines and half-width brackets.
func TestExtractMarkdown(t *testing.T) {
	body := strings.Join([]string{
		"## 一、总体要求", // 1
		"",
		"## 二、主要任务", // 3
		"",
		"### （一）加强组织领导", // 5
		"",
		"各地区要切实加强组织领导。", // 7
		"〔牵头单位：市发展改革委；配合单位：各有关部门，各区、县（市）人民政府；完成时限：2018年12月底前〕",
		"",
		"**（二）完善制度。**各部门要完善制度，按时完成。（市财政局负责落实）", // 10
		"",
		"1. 建立台账。建立工作台账(牵头单位:市审计局)", // 12
		"",
		"（三）开展宣传。加强宣传报道（以下简称“宣传”），营造氛围（市委宣传部牵头，市文明办配合，每季度）", // 14
		"",
		"三、保障措施", // 16
		"",
		"各地区要加强督查，7月底前完成自查。（各区、县（市）人民政府负责）", // 18
	}, "\n")
	got := Extract(body, 2018)
	wants := []want{
		{n: 0, item: "二（一）", title: "加强组织领导", lead: []string{"市发展改革委"},
			coop: []string{"各有关部门", "各区、县（市）人民政府"}, deadlineText: "2018年12月底前", deadline: 20181231, line: 8, col: 1},
		{n: 1, item: "二（二）", title: "完善制度", resp: []string{"市财政局"}, line: 10, col: 27},
		{n: 2, item: "二（二）1", title: "建立台账", lead: []string{"市审计局"}, line: 12, col: 15},
		{n: 3, item: "二（三）", title: "开展宣传", lead: []string{"市委宣传部"}, coop: []string{"市文明办"},
			deadlineText: "每季度", period: PeriodRecurring, line: 14, col: 30},
		{n: 4, item: "三", title: "保障措施", resp: []string{"各区、县（市）人民政府"},
			deadlineText: "7月底前", deadline: 20180731, line: 18, col: 19},
	}
	if len(got) != len(wants) {
		t.Fatalf("got %d tasks, want %d: %+v", len(got), len(wants), got)
	}
	for _, w := range wants {
		checkTask(t, got[w.n], w)
	}
	if got[0].Text != "〔牵头单位：市发展改革委；配合单位：各有关部门，各区、县（市）人民政府；完成时限：2018年12月底前〕" {
		t.Errorf("text %q", got[0].Text)
	}
	checkInvariants(t, body, got)
}

// TestExtractOrdinaryBrackets: brackets without a role word, a role verb or
// a deadline next to organ names are text, not tasks.
func TestExtractOrdinaryBrackets(t *testing.T) {
	body := strings.Join([]string{
		"一、根据《通知》（国办发〔2016〕19号）精神（以下简称《方案》），制定本方案。",
		"（一）完善制度。由市政府办公厅负责解释（试行）。",
		"各区（市）县政府要在2018年底前完成（2018年底前）",
		"联防联控机制(医疗救治组)通知，要求(湖北省人民医院)对接",
		"加强村（社区）建设（社区）",
		"部门（单位）要落实（单位）",
		"见附件（见川安监函〔2017〕162号附件2）",
		"（由市政府办公厅负责解释）",
		"本意见自印发之日起施行（有效期5年）",
		"[链接](https://example.gov.cn/a(1).html)",
	}, "\n")
	if got := Extract(body, 2018); len(got) != 0 {
		t.Errorf("got %d tasks, want none: %+v", len(got), got)
	}
}

func TestSplitUnits(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"各有关部门，各区、县（市）政府", []string{"各有关部门", "各区、县（市）政府"}},
		{"各区、县（市）人民政府", []string{"各区、县（市）人民政府"}},
		{"各區、縣(市)政府、市政府各部門", []string{"各區、縣（市）政府", "市政府各部門"}},
		{"各市、县（区）人民政府", []string{"各市、县（区）人民政府"}},
		{"省监察厅、省公安厅、省法院等有关部门", []string{"省监察厅", "省公安厅", "省法院", "有关部门"}},
		{"市委组织部、市人力资源社会保障局等部门", []string{"市委组织部", "市人力资源社会保障局"}},
		{"市人社局、市委組織部等", []string{"市人社局", "市委組織部"}},
		{"市发改委和市大数据和电子政务办", []string{"市发改委", "市大数据和电子政务办"}},
		{"省人力资源和社会保障厅", []string{"省人力资源和社会保障厅"}},
		{"省委组织部及省人力资源社会保障厅", []string{"省委组织部", "省人力资源社会保障厅"}},
		{"各有关部门和单位", []string{"各有关部门和单位"}},
		{"市发展改革委(信用中心)", []string{"市发展改革委（信用中心）"}},
		{"省财政厅; 省物价局 及 省税务局", []string{"省财政厅", "省物价局", "省税务局"}},
		{"省財政廳、省地稅局按職責分工分別", []string{"省財政廳", "省地稅局"}},
		{"由市发改委、市发改委", []string{"市发改委"}},
		{"高等学校", []string{"高等学校"}},
		{"、，；", nil},
		{"", nil},
	}
	for _, c := range cases {
		if got := SplitUnits(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("SplitUnits(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseDeadline(t *testing.T) {
	cases := []struct {
		in     string
		year   int
		date   model.Date
		period model.Period
	}{
		{"2018年底前", 2016, 20181231, 0},
		{"2018年年底前", 2016, 20181231, 0},
		{"2018年6月底前", 2016, 20180630, 0},
		{"7月底前启动", 2016, 20160731, 0},
		{"7月底前啟動", 2016, 20160731, 0},
		{"年底前完成", 2016, 20161231, 0},
		{"年內", 2016, 20161231, 0},
		{"长期推进", 2016, 0, PeriodOngoing},
		{"長期推進", 2016, 0, PeriodOngoing},
		{"持续推进", 2016, 0, PeriodOngoing},
		{"长期坚持", 2016, 0, PeriodOngoing},
		{"每季度", 2016, 0, PeriodRecurring},
		{"每月发布", 2016, 0, PeriodRecurring},
		{"7月底前啟動長期推進", 2016, 20160731, PeriodOngoing},
		{"7月底前启动年底前完成长期推进", 2016, 20161231, PeriodOngoing},
		{"9月底前啟動每季度發布長期推進", 2016, 20160930, PeriodRecurring},
		{"2018年2月底", 2016, 20180228, 0},
		{"2月底前", 2016, 20160229, 0},
		{"二〇一八年十二月底前", 2016, 20181231, 0},
		{"2018年6月30日前", 2016, 20180630, 0},
		{"６月３０日前", 2016, 20160630, 0},
		{"6月上旬", 2016, 20160610, 0},
		{"上半年", 2016, 20160630, 0},
		{"2017年第三季度末", 2016, 20170930, 0},
		{"2018-06-30", 2016, 20180630, 0},
		{"2018年完成", 2016, 20181231, 0},
		{"年底前", 0, 0, 0},
		{"2月30日前", 2016, 0, 0},
		{"2018年13月底前", 2016, 0, 0},
		{"尽快", 2016, 0, 0},
		{"", 2016, 0, 0},
	}
	for _, c := range cases {
		d, p, _ := ParseDeadline(c.in, c.year)
		if d != c.date || p != c.period {
			t.Errorf("ParseDeadline(%q, %d) = %v %q, want %v %q", c.in, c.year, d, p, c.date, c.period)
		}
	}
}

// TestParseDeadlineStart: a date by which a task is to start (7月底前启动)
// is told from one by which it is to be done; when several dates are
// named, the latest decides.
func TestParseDeadlineStart(t *testing.T) {
	for in, want := range map[string]bool{
		"7月底前启动": true, "7月底前啟動": true, "7月底前啟動長期推進": true, "2018年6月底前开始": true,
		"7月底以前启动": true, "年底前着手": true, "9月底前啟動每季度發布長期推進": true,
		"2018年底前": false, "年底前完成": false, "7月底前启动年底前完成长期推进": false, "长期推进": false,
		"7月底前启动，7月底前完成": false, "尽快启动": false, "": false,
	} {
		if _, _, got := ParseDeadline(in, 2016); got != want {
			t.Errorf("ParseDeadline(%q) start = %v, want %v", in, got, want)
		}
	}
	// A deadline found in the measure's own text is one too.
	ts := Extract("**（一）建设平台。**2018年6月底前启动平台建设。（市发改委负责）\n\n**（二）完善制度。**2018年6月底前完成制度建设。（市财政局负责）\n", 2018)
	if len(ts) != 2 || !ts[0].Start || ts[0].Deadline != 20180630 || ts[1].Start {
		t.Errorf("tasks = %+v", ts)
	}
	ts = Extract("**（一）开放市场。**扩大开放。（市商务局负责，7月底前启动）\n", 2018)
	if len(ts) != 1 || !ts[0].Start || ts[0].Deadline != 20180731 {
		t.Errorf("tasks = %+v", ts)
	}
}

// TestIDStable: an id depends on the document and the task's own text, not
// on where the task stands.
func TestIDStable(t *testing.T) {
	body := readSeed(t, "001_d2e6f0a5b1b90607.txt")
	before := Extract(body, 2017)
	edited := strings.Replace(body, "一、总体要求", "一、总体要求\n\n新增的一段说明。\n\n（一）新增事项。新增内容。〔责任单位：市新增局〕", 1)
	edited = strings.Replace(edited, "研究确定政务诚信建设的各项措施并推进实施", "研究确定各项措施", 1)
	after := Extract(edited, 2017)
	if len(after) != len(before)+1 {
		t.Fatalf("got %d tasks after the edit, want %d", len(after), len(before)+1)
	}
	ids := map[string]bool{}
	for i, b := range before {
		a := after[i+1]
		if a.Line == b.Line {
			t.Fatalf("the edit should have moved task %d", i)
		}
		if ID("shen-2017-45", a) != ID("shen-2017-45", b) {
			t.Errorf("task %d (%s): id changed after an unrelated edit", i, b.Text)
		}
		ids[ID("shen-2017-45", b)] = true
	}
	if len(ids) != len(before) {
		t.Errorf("%d distinct ids for %d tasks", len(ids), len(before))
	}
	x := before[0]
	id := ID("shen-2017-45", x)
	if len(id) != 10 || strings.Trim(id, "0123456789abcdef") != "" {
		t.Errorf("id %q is not 10 hex digits", id)
	}
	if ID("other", x) == id {
		t.Error("the document key does not change the id")
	}
	y := x
	y.Text = strings.Replace(y.Text, "市委组织部", "市委宣传部", 1)
	if ID("shen-2017-45", y) == id {
		t.Error("the attribution does not change the id")
	}
	y = x
	y.Text = strings.NewReplacer("〔", "（", "〕", "）", "；", ";").Replace(y.Text)
	if ID("shen-2017-45", y) != id {
		t.Error("bracket width changes the id")
	}
}
