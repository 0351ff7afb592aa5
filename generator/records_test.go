package generator_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"gongkai/generator/internal/sitetest"
)

const creditRecords = `
-- content/credit/r.toml --
[[record]]
id = "normal"
subject = "示例市示例区人民政府"
subject_type = "政府机构"
behaviour = "拖欠账款"
basis = "示裁〔2025〕1号"
decided = 2025-06-01
organ = "示例市中级人民法院"
severity = "一般"
status = "公示中"

[[record]]
id = "minor-case"
subject = "示例市某局"
subject_type = "政府机构"
behaviour = "轻微失信"
basis = "示裁〔2025〕2号"
decided = 2025-06-01
organ = "示例市中级人民法院"
severity = "轻微"
status = "公示中"

[[record]]
id = "repaired"
subject = "示例市某中心"
subject_type = "政府机构"
behaviour = "x"
basis = "示裁〔2025〕3号"
decided = 2025-06-01
organ = "示例市中级人民法院"
severity = "严重"
status = "已修复"

[[record]]
id = "disputed"
subject = "示例县人民政府"
subject_type = "政府机构"
behaviour = "y"
basis = "示裁〔2025〕4号"
decided = 2025-06-01
organ = "示例市中级人民法院"
severity = "严重"
status = "异议处理中"
`

// TestCreditLifecycle follows a 一般 record decided on 2025-06-01 (shown
// for 3 to 12 months): shown, then open to repair after 3 months, then gone
// after 12 months with no edit.
func TestCreditLifecycle(t *testing.T) {
	for _, tc := range []struct {
		asOf                 string
		shown                bool
		upcomingRepair, gone bool
	}{
		{"2025-07-01", true, false, false},
		{"2025-09-02", true, true, false},
		{"2026-05-31", true, true, false},
		{"2026-06-01", false, true, true},
	} {
		t.Run(tc.asOf, func(t *testing.T) {
			b := sitetest.Build(t, config+creditRecords, tc.asOf)
			list := b.File("credit/index.html")
			if got := strings.Contains(list, "示例市示例区人民政府"); got != tc.shown {
				t.Errorf("shown = %v, want %v", got, tc.shown)
			}
			if tc.shown {
				b.AssertFile("credit/normal/index.html", "2025年9月1日起", "2026年5月31日")
			} else {
				b.AssertNoFile("credit/normal/index.html")
				b.AssertFile("data/credit.json", "! normal")
				b.AssertFile("data/credit.csv", "! 示例市示例区人民政府")
			}
			// Never shown: 轻微 records, repaired records.
			for _, id := range []string{"minor-case", "repaired"} {
				b.AssertNoFile("credit/" + id + "/index.html")
			}
			b.AssertFile("credit/index.html", "! 示例市某局", "! 示例市某中心")
			// Disputed records are shown with their mark by default.
			b.AssertFile("credit/index.html", "示例县人民政府", "异议处理中")
		})
	}
	hidden := strings.Replace(config, "[organ_codes]", "[credit]\nshow_disputed = false\n[organ_codes]", 1)
	b := sitetest.Build(t, hidden+creditRecords, "2025-07-01")
	b.AssertFile("credit/index.html", "! 示例县人民政府")
}

func TestTasksOverdueAndProgress(t *testing.T) {
	doc := `
-- content/policies/plan.md --
+++
title = "测试市加强政务诚信建设工作方案"
doc_number = "测政发〔2018〕5号"
organ = "测试市人民政府"
signed = 2018-03-01
published = 2018-03-02
topic = "社会信用/政务诚信"
+++
## 一、主要任务

**（一）建立政务失信记录。**2018年底前建成政务失信记录库。〔牵头单位：市发改委；配合单位：各有关部门〕

**（二）加强宣传。**持续开展诚信宣传。（市委宣传部负责落实，长期推进）
`
	site := strings.Replace(config, "[organ_codes]", "[units]\n\"市发展改革委\" = [\"市发改委\"]\n[organ_codes]", 1) + doc
	b := sitetest.Build(t, site, "2019-01-01")
	var ts []struct {
		ID       string   `json:"id"`
		Item     string   `json:"item"`
		Lead     []string `json:"lead"`
		Coop     []string `json:"coop"`
		Resp     []string `json:"resp"`
		Deadline string   `json:"deadline"`
		Period   string   `json:"period"`
		Overdue  bool     `json:"overdue"`
		Status   string   `json:"status"`
	}
	if err := json.Unmarshal([]byte(b.File("data/tasks.json")), &ts); err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 {
		t.Fatalf("tasks = %+v", ts)
	}
	first := ts[0]
	if first.Item != "一（一）" || len(first.Lead) != 1 || first.Lead[0] != "市发展改革委" || first.Deadline != "2018-12-31" || !first.Overdue || first.Status != "未启动" {
		t.Errorf("first task = %+v", first)
	}
	if ts[1].Period != "ongoing" || ts[1].Overdue || len(ts[1].Resp) != 1 || ts[1].Resp[0] != "市委宣传部" {
		t.Errorf("second task = %+v", ts[1])
	}
	b.AssertFile("tasks/index.html", "逾期", "<svg", "<table")
	b.AssertFile("tasks/units/市发展改革委/index.html", "牵头", "测试市加强政务诚信建设工作方案", "逾期")
	b.AssertFile("policies/plan/index.html", "任务分工", `id="task-`+first.ID+`"`)

	// Progress keyed by the task's id: 已完成 is no longer overdue.
	progress := fmt.Sprintf(`
-- content/tasks/progress/p.toml --
[[progress]]
task = %q
status = "已完成"
log = [{date = 2018-12-20, text = "失信记录库上线运行"}, {date = 2018-06-01, text = "完成需求设计"}]
evidence = [{title = "工作方案", url = "/policies/plan/"}, {url = "https://www.example.gov.cn/x"}]
`, first.ID)
	b = sitetest.Build(t, site+progress, "2019-01-01")
	b.AssertFile("data/tasks.json", `"status":"已完成"`,
		`"log":[{"date":"2018-06-01","text":"完成需求设计"},{"date":"2018-12-20","text":"失信记录库上线运行"}]`,
		`"evidence":[{"title":"工作方案","url":"/policies/plan/"},{"url":"https://www.example.gov.cn/x"}]`)
	b.AssertFile("data/tasks.csv", "进展记录", "佐证材料", "2018-06-01 完成需求设计", "2018-12-20 失信记录库上线运行", "工作方案 /policies/plan/")
	// The log, oldest first, and the evidence are shown under the status,
	// on the document's task table and on the unit's page.
	for _, page := range []string{"tasks/units/市发展改革委/index.html", "policies/plan/index.html"} {
		b.AssertFile(page, "已完成", "! （逾期）", "进展记录 2 条，佐证材料 2 项",
			`<time datetime="2018-06-01">2018年6月1日</time> 完成需求设计</li><li><time datetime="2018-12-20">`,
			`<a href="/policies/plan/">工作方案</a>、<a href="https://www.example.gov.cn/x">佐证材料</a>`)
	}
	// The other task has no progress entry: no log.
	b.AssertFile("tasks/units/市委宣传部/index.html", "未启动", "! 进展记录")

	// Under a base path, the pages and the exports link site paths with it.
	sub := strings.Replace(site, `base_url = "https://www.example.gov.cn/"`, `base_url = "https://www.example.gov.cn/gk/"`, 1)
	b = sitetest.Build(t, sub+progress, "2019-01-01")
	b.AssertFile("data/tasks.json", `{"title":"工作方案","url":"/gk/policies/plan/"}`)
	b.AssertFile("data/tasks.csv", "工作方案 /gk/policies/plan/")
	b.AssertFile("policies/plan/index.html", `<a href="/gk/policies/plan/">工作方案</a>`)

	// Progress text is checked for personal data (an office's e-mail
	// address may stand in it); evidence must be a site path or an http(s)
	// address, without blanks or backslashes, and a site path that leads to
	// no page is warned of (a page can end by the calendar alone); a task's
	// progress is given once.
	for _, c := range []struct {
		entry, diag string
		fails       bool
	}{
		{`log = [{date = 2018-12-20, text = "联系人手机 13812345678"}]`, "138****5678", true},
		{`evidence = [{title = "佐证", url = "javascript:alert(1)"}]`, "javascript:alert(1)", true},
		{`evidence = [{title = "佐证", url = "//evil.example/x"}]`, "//evil.example/x", true},
		{`evidence = [{title = "佐证", url = "/\\evil.example/x"}]`, `/\\evil.example/x`, true},
		{`evidence = [{title = "佐证", url = "/\t/evil.example/x"}]`, `/\t/evil.example/x`, true},
		{"\nevidence = [{title = \"佐证\", url = \"/policies/gone/\"}]", "p.toml:5:1: 警告：佐证材料链接 /policies/gone/ 指向的页面不存在", false},
		{"\n[[progress]]\ntask = \"" + first.ID + "\"\nstatus = \"已完成\"", "已在 content/tasks/progress/p.toml 第 1 行写过", true},
	} {
		bad := sitetest.TryBuild(t, site+fmt.Sprintf(`
-- content/tasks/progress/p.toml --
[[progress]]
task = %q
status = "推进中"
%s
`, first.ID, c.entry), "2019-01-01")
		bad.AssertDiag("content/tasks/progress/p.toml:", c.diag)
		if failed := bad.Err != nil; failed != c.fails {
			t.Errorf("%s: build failed = %v, want %v", c.entry, failed, c.fails)
		}
	}
	ok := sitetest.Build(t, site+fmt.Sprintf(`
-- content/tasks/progress/p.toml --
[[progress]]
task = %q
status = "推进中"
log = [{date = 2018-12-20, text = "意见请发至 xxgk@example.gov.cn"}]
`, first.ID), "2019-01-01")
	ok.AssertFile("policies/plan/index.html", "意见请发至 xxgk@example.gov.cn")

	// A progress entry for an unknown task is an error with file and line.
	bad := sitetest.TryBuild(t, site+`
-- content/tasks/progress/p.toml --
[[progress]]
task = "0000000000"
status = "推进中"
`, "2019-01-01")
	bad.AssertDiag("content/tasks/progress/p.toml:1:", "0000000000")

	// When the document itself cannot be read (a broken front matter), its
	// error is the one reported: its tasks' progress entries are not
	// called unknown (that told staff to delete them).
	broken := strings.Replace(site, `doc_number = "测政发〔2018〕5号"`, `doc_number = "测政发〔2018〕5号`, 1)
	bad = sitetest.TryBuild(t, broken+progress, "2019-01-01")
	bad.AssertDiag("content/policies/plan.md:", "TOML 语法错误")
	if d := bad.Diags(); strings.Contains(d, "progress/p.toml") {
		t.Errorf("a document that cannot be read: its progress entries reported too:\n%s", d)
	}
}

// TestLinksToEndedRecords: a credit record ends by the calendar alone, so
// links to its page (in a body, as evidence of a commitment or of a task's
// progress) must not start failing the build on that day, nor stay on the
// published site as dead links: they are shown as their text, with a
// warning that asks for them to be removed.
func TestLinksToEndedRecords(t *testing.T) {
	site := config + creditRecords + `
-- content/policies/n.md --
+++
title = "测试市关于失信记录的通报"
doc_number = "测政发〔2025〕9号"
organ = "测试市人民政府"
signed = 2025-07-01
published = 2025-07-02
topic = "综合政务/政务公开"
+++
详见[失信记录](/credit/normal/)，另见[已修复的记录](../../credit/repaired/)。

**（一）整改。**完成整改。〔牵头单位：市发改委〕
-- content/commitments/c.toml --
[[commitment]]
id = "c1"
subject = "测试市某局"
content = "按期履行。"
made = 2025-06-01
status = "未兑现"
evidence = [{ title = "失信记录", url = "/credit/normal/" }, { title = "通报", url = "/policies/n/" }]
`
	b := sitetest.Build(t, site, "2025-07-01")
	progress := func(b *sitetest.Builder) string {
		var ts []struct{ ID string }
		if err := json.Unmarshal([]byte(b.File("data/tasks.json")), &ts); err != nil || len(ts) != 1 {
			t.Fatalf("tasks: %v %+v", err, ts)
		}
		return fmt.Sprintf("\n-- content/tasks/progress/p.toml --\n[[progress]]\ntask = %q\nstatus = \"推进中\"\nevidence = [{ title = \"失信记录\", url = \"/credit/normal/\" }]\n", ts[0].ID)
	}
	site += progress(b)

	// Shown: links.
	b = sitetest.Build(t, site, "2026-05-31")
	b.AssertFile("policies/n/index.html", `详见<a href="/credit/normal/">失信记录</a>`, "另见已修复的记录。",
		`<a href="/credit/normal/">失信记录</a>`)
	b.AssertFile("commitments/index.html", `<a href="/credit/normal/">失信记录</a>`)
	b.AssertFile("data/commitments.json", `{"title":"失信记录","url":"/credit/normal/"}`)
	b.AssertFile("data/tasks.json", `"evidence":[{"title":"失信记录","url":"/credit/normal/"}]`)
	b.AssertFile("data/tasks.csv", "失信记录 /credit/normal/")

	// The first day after the display period: the build succeeds, with
	// warnings, and nothing links the record any more.
	b = sitetest.Build(t, site, "2026-06-01")
	b.AssertNoFile("credit/normal/index.html")
	b.AssertDiag("content/policies/n.md:9:", "警告：站内链接 /credit/normal/ 指向的页面已不存在", "已过公示期", "删去这个链接")
	b.AssertDiag("content/policies/n.md:9:", "警告：站内链接 ../../credit/repaired/ 指向的页面已不存在", "已修复")
	b.AssertDiag("content/commitments/c.toml:", "警告：佐证材料链接 /credit/normal/ 指向的页面已不存在")
	b.AssertDiag("content/tasks/progress/p.toml:", "警告：佐证材料链接 /credit/normal/ 指向的页面已不存在")
	for _, p := range []string{"policies/n/index.html", "commitments/index.html", "commitments/测试市某局/index.html", "tasks/units/市发改委/index.html"} {
		b.AssertFile(p, "! /credit/normal/", "! /credit/repaired/")
	}
	b.AssertFile("policies/n/index.html", "详见失信记录，另见已修复的记录。", "佐证材料：失信记录</p>")
	b.AssertFile("commitments/index.html", "<td>失信记录 <a href=\"/policies/n/\">通报</a>")
	b.AssertFile("data/commitments.json", `"evidence":[{"title":"失信记录"},{"title":"通报","url":"/policies/n/"}]`)
	b.AssertFile("data/tasks.json", `"evidence":[{"title":"失信记录"}]`, "! /credit/normal/")
	b.AssertFile("data/tasks.csv", "失信记录", "! /credit/normal/")

	// A link to a page that never was is still an error.
	bad := sitetest.TryBuild(t, strings.Replace(site, "/credit/normal/)", "/credit/nosuch/)", 1), "2026-06-01")
	if bad.Err == nil {
		t.Error("a link to an unknown record: the build did not fail")
	}
	bad.AssertDiag("content/policies/n.md:9:", "站内链接 /credit/nosuch/ 指向的页面不存在")
}

// TestTaskTableExports: an annex table's 工作要求 and 公开载体 are in the
// exports and on the task rows, and the units of a CSV cell are joined so
// that the cell splits back into them (、 stands inside collective names).
func TestTaskTableExports(t *testing.T) {
	site := config + policy("plan", "测政办发〔2018〕3号", "2018-03-01") + `
-- content/tasks/t.toml --
[[task]]
document = "测政办发〔2018〕3号"
seq = 1
item = "落实重大行政决策预公开制度"
requirement = "决策前向社会公开决策草案"
carrier = "市政府门户网站、新闻媒体等"
deadline = "7月底前启动"
resp = ["各区、县（市）政府", "市政府各部门", "市甲局（含乙；丙）"]
`
	b := sitetest.Build(t, site, "2018-06-01")
	var ts []struct {
		Requirement string   `json:"requirement"`
		Carrier     string   `json:"carrier"`
		Resp        []string `json:"resp"`
	}
	if err := json.Unmarshal([]byte(b.File("data/tasks.json")), &ts); err != nil || len(ts) != 1 {
		t.Fatalf("tasks: %v %+v", err, ts)
	}
	if ts[0].Requirement != "决策前向社会公开决策草案" || ts[0].Carrier != "市政府门户网站、新闻媒体等" || len(ts[0].Resp) != 3 {
		t.Errorf("task = %+v", ts[0])
	}
	csv := b.File("data/tasks.csv")
	b.AssertFile("data/tasks.csv", "事项,工作要求,公开载体,牵头单位", "落实重大行政决策预公开制度,决策前向社会公开决策草案,市政府门户网站、新闻媒体等,")
	// The 责任单位 cell splits at ； into the three units.
	want := "各区、县（市）政府；市政府各部门；市甲局（含乙，丙）"
	if !strings.Contains(csv, ","+want+",") {
		t.Errorf("tasks.csv: no cell %q:\n%s", want, csv)
	}
	b.AssertFile("policies/plan/index.html", "<small>决策前向社会公开决策草案</small><br><small>公开载体：市政府门户网站、新闻媒体等</small>")
}

// scanOutput reports every output file (gzip members decompressed) that
// contains one of the strings.
func scanOutput(t *testing.T, b *sitetest.Builder, never ...string) {
	t.Helper()
	for _, p := range b.Out.Paths() {
		data := b.Out.Files[p]
		if strings.HasSuffix(p, ".gz") || bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			if r, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
				if plain, err := io.ReadAll(r); err == nil {
					data = plain
				}
			}
		}
		for _, s := range never {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s: %q published", p, s)
			}
		}
	}
}

// TestCreditNamesMasked: a person's name is masked wherever the record is
// published — also when the subject (其他) names an organisation in
// brackets after the name, and where the behaviour repeats the name, in
// either script.
func TestCreditNamesMasked(t *testing.T) {
	recs := `
-- content/credit/r.toml --
[[record]]
id = "p1"
subject = "王建国（示例市人民政府工作人员）"
subject_type = "其他"
behaviour = "王建国违反服务承诺。"
basis = "测纪〔2026〕1号"
decided = 2026-06-01
organ = "测试市发改委"
severity = "一般"
status = "公示中"

[[record]]
id = "p2"
subject = "张示例"
subject_type = "公务员"
behaviour = "张示例在履职中违反服务承诺，受到问责处理（張示例已申辩）。"
basis = "测纪〔2026〕2号"
decided = 2026-06-01
organ = "测试市发改委"
severity = "一般"
status = "公示中"

[[record]]
id = "p3"
subject = "李明(示例公司法定代表人)"
subject_type = "其他"
behaviour = "拖欠账款。"
basis = "测纪〔2026〕3号"
decided = 2026-06-01
organ = "测试市发改委"
severity = "一般"
status = "公示中"

[[record]]
id = "o1"
subject = "示例市人民政府（办公室）"
subject_type = "其他"
behaviour = "拖欠账款。"
basis = "测纪〔2026〕4号"
decided = 2026-06-01
organ = "测试市发改委"
severity = "一般"
status = "公示中"
`
	b := sitetest.Build(t, config+recs, "2026-07-01")
	scanOutput(t, b, "王建国", "张示例", "張示例", "李明")
	b.AssertFile("credit/p1/index.html", "王**（示例市人民政府工作人员）", "王**违反服务承诺")
	b.AssertFile("credit/p2/index.html", "张**在履职中违反服务承诺", "張**已申辩")
	b.AssertFile("credit/p3/index.html", "李*(示例公司法定代表人)")
	b.AssertFile("credit/o1/index.html", "示例市人民政府（办公室）")
	b.AssertFile("data/credit.json", "王**（示例市人民政府工作人员）", "张**在履职中")
	b.AssertFile("data/catalogue.csv", "失信记录：王**（示例市人民政府工作人员）", "张**在履职中")
}

// TestCreditNotBeforeDecided: a record is shown from its 认定 date, not
// before; a date in the future is warned of at its line.
func TestCreditNotBeforeDecided(t *testing.T) {
	recs := `
-- content/credit/r.toml --
[[record]]
id = "future"
subject = "测试市某区政府"
subject_type = "政府机构"
behaviour = "将来认定。"
basis = "测纪〔2027〕5号"
decided = 2027-01-01
organ = "测试市发改委"
severity = "一般"
status = "公示中"
`
	b := sitetest.Build(t, config+recs, "2026-11-22")
	b.AssertNoFile("credit/future/index.html")
	b.AssertFile("credit/index.html", "! 测试市某区政府")
	b.AssertFile("data/credit.json", "! future")
	b.AssertFile("data/catalogue.csv", "! 测试市某区政府")
	b.AssertDiag("content/credit/r.toml:7:1: 警告", "2027-01-01 尚未到来")
	b = sitetest.Build(t, config+recs, "2027-01-01")
	b.AssertFile("credit/future/index.html", "测试市某区政府")
	if strings.Contains(b.Diags(), "r.toml:7:") {
		t.Errorf("a record decided today warned of:\n%s", b.Diags())
	}
}

// TestTableTaskIDStableUnderAliases: a task table row keeps its id, and
// its progress entry its task, when a [units] alias is added that renames
// one of its units.
func TestTableTaskIDStableUnderAliases(t *testing.T) {
	site := config + policy("plan", "测政发〔2018〕5号", "2018-03-01") + `
-- content/tasks/t.toml --
[[task]]
document = "测政发〔2018〕5号"
seq = 1
item = "推进网上审批平台建设"
deadline = "年底前完成"
lead = ["市政務辦"]
coop = ["市发改委"]
`
	idOf := func(b *sitetest.Builder) string {
		var ts []struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(b.File("data/tasks.json")), &ts); err != nil || len(ts) != 1 {
			t.Fatalf("tasks = %+v, %v", ts, err)
		}
		return ts[0].ID
	}
	id := idOf(sitetest.Build(t, site, "2018-06-01"))
	progress := fmt.Sprintf("\n-- content/tasks/progress/p.toml --\n[[progress]]\ntask = %q\nstatus = \"推进中\"\n", id)
	aliased := strings.Replace(site, "[organ_codes]", "[units]\n\"市政务服务管理办公室\" = [\"市政务办\"]\n\"市发展改革委\" = [\"市发改委\"]\n[organ_codes]", 1)
	b := sitetest.Build(t, aliased+progress, "2018-06-01")
	if got := idOf(b); got != id {
		t.Errorf("id with aliases = %s, want %s", got, id)
	}
	b.AssertFile("data/tasks.json", `"lead":["市政务服务管理办公室"]`, `"coop":["市发展改革委"]`, `"status":"推进中"`)
}

// TestTasksStartDeadline: a deadline by which a task is to start, or one
// followed by a period (started, then carried on), is met once the task is
// under way; a task not started past it is still 逾期.
func TestTasksStartDeadline(t *testing.T) {
	site := config + `
-- content/policies/plan.md --
+++
title = "测试市扩大开放工作方案"
doc_number = "测政发〔2018〕6号"
organ = "测试市人民政府"
signed = 2018-03-01
published = 2018-03-02
topic = "综合政务/政务公开"
+++
**（一）开放市场。**扩大开放。（市商务局负责，7月底前启动）

**（二）建设平台。**建设平台。（市发改委负责，7月底前完成）
-- content/tasks/t.toml --
[[task]]
document = "测政发〔2018〕6号"
seq = 1
item = "落实决策预公开制度"
deadline = "7月底前啟動長期推進"
resp = ["各区政府"]
`
	type task struct {
		ID      string `json:"id"`
		Title   string `json:"title"`
		Overdue bool   `json:"overdue"`
	}
	tasksOf := func(b *sitetest.Builder) []task {
		var ts []task
		if err := json.Unmarshal([]byte(b.File("data/tasks.json")), &ts); err != nil || len(ts) != 3 {
			t.Fatalf("tasks = %+v, %v", ts, err)
		}
		return ts
	}
	ts := tasksOf(sitetest.Build(t, site, "2018-08-01"))
	for _, x := range ts {
		if !x.Overdue {
			t.Errorf("未启动 past its deadline, not 逾期: %+v", x)
		}
	}
	for _, c := range []struct {
		status  string
		overdue [3]bool // start deadline, end deadline, start then ongoing
	}{
		{"推进中", [3]bool{false, true, false}},
		{"已完成", [3]bool{false, false, false}},
		{"未启动", [3]bool{true, true, true}},
	} {
		var progress strings.Builder
		progress.WriteString("\n-- content/tasks/progress/p.toml --\n")
		for _, x := range ts {
			fmt.Fprintf(&progress, "[[progress]]\ntask = %q\nstatus = %q\n\n", x.ID, c.status)
		}
		b := sitetest.Build(t, site+progress.String(), "2018-08-01")
		for i, x := range tasksOf(b) {
			if x.Overdue != c.overdue[i] {
				t.Errorf("%s: %s overdue = %v, want %v", c.status, x.Title, x.Overdue, c.overdue[i])
			}
		}
		if c.status == "推进中" {
			b.AssertFile("tasks/units/市商务局/index.html", "推进中", "! （逾期）")
			b.AssertFile("tasks/units/市发改委/index.html", "（逾期）")
		}
	}
}

// TestRecordIDs: an id is part of an address (/credit/ID/, #c-ID): one
// with other characters than ASCII letters, digits and "-" is an error at
// its line, with a valid id suggested, and nothing is written.
func TestRecordIDs(t *testing.T) {
	site := config + `
-- content/credit/r.toml --
[[record]]
id = "b 2"
subject = "示例市某局"
subject_type = "政府机构"
behaviour = "x"
basis = "示裁〔2025〕1号"
decided = 2025-06-01
organ = "示例市中级人民法院"
severity = "一般"
status = "公示中"

[[record]]
subject = "示例市某中心"
id = "../../x"
subject_type = "政府机构"
behaviour = "x"
basis = "示裁〔2025〕2号"
decided = 2025-06-01
organ = "示例市中级人民法院"
severity = "一般"
status = "公示中"

[[record]]
id = "失信一"
subject = "示例市某委"
subject_type = "政府机构"
behaviour = "x"
basis = "示裁〔2025〕3号"
decided = 2025-06-01
organ = "示例市中级人民法院"
severity = "一般"
status = "公示中"

[[record]]
id = "ok-2025-4"
subject = "示例市某办"
subject_type = "政府机构"
behaviour = "x"
basis = "示裁〔2025〕4号"
decided = 2025-06-01
organ = "示例市中级人民法院"
severity = "一般"
status = "公示中"
-- content/commitments/c.toml --
[[commitment]]
id = "b/3"
subject = "示例市某局"
content = "按期办结"
made = 2025-01-01
due = 2026-01-01
status = "履行中"
`
	b := sitetest.TryBuild(t, site, "2025-07-01")
	if b.Err == nil {
		t.Fatalf("build succeeded; diags:\n%s", b.Diags())
	}
	b.AssertDiag("content/credit/r.toml:2:1:", `失信记录的编号 id = "b 2" 含有不允许的字符`, `id = "b-2"`)
	b.AssertDiag("content/credit/r.toml:14:1:", `"../../x"`, `id = "x"`)
	b.AssertDiag("content/credit/r.toml:24:1:", `"失信一"`, `id = "sl-2026-001"`)
	b.AssertDiag("content/commitments/c.toml:2:1:", `公开承诺的编号 id = "b/3"`, `id = "b-3"`)
	if d := b.Diags(); strings.Contains(d, "ok-2025-4") || strings.Count(d, "含有不允许的字符") != 4 {
		t.Errorf("diags:\n%s", d)
	}
	if len(b.Out.Files) != 0 {
		t.Errorf("files written: %v", b.Out.Paths())
	}
}

// TestUnitAliasesFolded: [units] aliases match unit names whatever their
// script and the width of their brackets, as unit names are folded before
// the lookup; an alias that matches no unit is a warning at its place.
func TestUnitAliasesFolded(t *testing.T) {
	units := `[units]
"市信用中心" = ["市发展改革委(信用中心)"]
"市政府各部门" = ["市屬各部門", "市无此局"]
`
	site := strings.Replace(config, "[organ_codes]", units+"[organ_codes]", 1) + policyBody("plan", "测政发〔2018〕5号", "2018-03-01", `## 一、主要任务

**（一）建立政务失信记录。**2018年底前建成政务失信记录库。〔牵头单位:市发展改革委(信用中心);配合单位:市委组织部〕

**（二）推進政務公開。**推動數據開放共享。（市審改辦、市屬各部門,持續推進）

**（三）加强宣传。**持续开展诚信宣传。（市属各部门负责落实，长期推进）
`)
	b := sitetest.Build(t, site, "2019-01-01")
	b.AssertFile("tasks/units/市信用中心/index.html", "建立政务失信记录")
	b.AssertFile("tasks/units/市政府各部门/index.html", "推進政務公開", "加强宣传")
	b.AssertNoFile("tasks/units/市发展改革委（信用中心）/index.html")
	b.AssertNoFile("tasks/units/市属各部门/index.html")
	b.AssertFile("data/tasks.json", `"市信用中心"`, `"市政府各部门"`, `! "市属各部门"`, `! "市屬各部門"`, "! 信用中心）")
	b.AssertDiag("config.toml:7:22: 警告：", `"市政府各部门" 的别名 "市无此局"`)
	if d := b.Diags(); strings.Count(d, "警告") != 1 {
		t.Errorf("diags:\n%s", d)
	}
}
