package sitecheck

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser tests of issue 6: a unit's task page, the task overview with
// its chart, the credit-record filters and the commitments' 逾期 filter.
// Expected values come from the sample's sources (content/ and
// config.toml), as of AsOf (2026-11-22), not from the pages.

// unitRow is one row of a unit's task table as the browser shows it.
type unitRow struct {
	Item   string `json:"item"` // the first line of the 事项 cell: item number and title
	Doc    string `json:"doc"`  // path of the document link
	Hash   string `json:"hash"` // its #task-… fragment
	Role   string `json:"role"`
	Status string `json:"status"`
}

// TestUnitTaskPage follows the overview's link to 省发展改革委 and checks
// its page. The unit's tasks, read from the sources:
//   - 辽政发〔2017〕19号: 13 items name 省发展改革委, as 牵头单位 in 11 and as
//     配合单位 in 四（五） and 四（六）; none has a deadline.
//   - 遼政辦〔2016〕23號 text: （省發展改革委牽頭落實） twice, and
//     （各市政府、省發展改革委負責落實） once (负责); no deadline.
//   - its annex table (content/tasks/liaozhengban-2016-23.toml), 牵头 in
//     rows 1–5: 1 and 4 are 長期推進; 2 and 3 are due 年底前 (2016-12-31)
//     and 5 is due 7月底前 (2016-07-31), none has progress in
//     content/tasks/progress, so those three are 未启动 and overdue.
func TestUnitTaskPage(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/tasks/")
	var href string
	tb.eval(`(() => { const a = Array.from(document.querySelectorAll("table.chart-data th[scope=row] a")).find(a => a.textContent.trim() === "省发展改革委");
		return a ? a.href : ""; })()`, &href)
	if href == "" {
		t.Fatalf("/tasks/: no link to 省发展改革委 in the chart's data table")
	}
	u, err := url.Parse(href)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/tasks/units/省发展改革委/" {
		t.Errorf("unit link goes to %q, want /tasks/units/省发展改革委/", u.Path)
	}
	tb.open(u.RequestURI())
	var page struct {
		H1      string    `json:"h1"`
		Caption string    `json:"caption"`
		Rows    []unitRow `json:"rows"`
	}
	tb.eval(`(() => { const t = document.querySelector("main table.tasks");
		return {h1: document.querySelector("h1").textContent.trim(), caption: t ? t.caption.textContent.trim() : "",
			rows: t ? Array.from(t.tBodies[0].rows).map(r => { const a = r.cells[0].querySelector("a"), l = new URL(a.href);
				return {item: r.cells[0].firstChild.textContent.trim(), doc: l.pathname, hash: l.hash,
					role: r.cells[1].textContent.trim(), status: r.cells[3].textContent.trim()}; }) : []}; })()`, &page)
	if page.H1 != "省发展改革委的任务" || page.Caption != "省发展改革委承担的任务（共 21 项，第 1–21 项）" {
		t.Errorf("unit page heading %q, caption %q", page.H1, page.Caption)
	}
	roles := map[string]int{}
	docs := map[string]int{}
	overdue := map[string]string{}
	for _, r := range page.Rows {
		roles[r.Role]++
		docs[r.Doc]++
		if r.Status != "未启动" {
			overdue[r.Item] = r.Status
		}
	}
	if want := map[string]int{"牵头": 18, "配合": 2, "负责": 1}; fmt.Sprint(roles) != fmt.Sprint(want) {
		t.Errorf("roles %v, want %v", roles, want)
	}
	if want := map[string]int{"/policies/liaozhengfa-2017-19/": 13, "/policies/liaozhengban-2016-23/": 8}; fmt.Sprint(docs) != fmt.Sprint(want) {
		t.Errorf("tasks per document %v, want %v", docs, want)
	}
	wantOverdue := map[string]string{
		"附件2 推進重大建設項目信息公開":           "未启动（逾期）",
		"附件3 推進政府與社會資本合作(PPP)項目信息公開": "未启动（逾期）",
		"附件5 加強指導監督":                 "未启动（逾期）",
	}
	if fmt.Sprint(overdue) != fmt.Sprint(wantOverdue) {
		t.Errorf("rows not plainly 未启动: %v, want %v", overdue, wantOverdue)
	}
	// Each row links to its task in the document's own task table.
	for _, r := range page.Rows {
		if len(r.Hash) < len("#task-x") || r.Hash[:6] != "#task-" {
			t.Errorf("row %q links to %s%s, not to a #task- anchor", r.Item, r.Doc, r.Hash)
		}
	}
	if len(page.Rows) > 0 {
		last := page.Rows[len(page.Rows)-1]
		tb.open(last.Doc + last.Hash)
		var found bool
		tb.eval(`!!document.getElementById(decodeURIComponent(location.hash.slice(1)))`, &found)
		if !found {
			t.Errorf("%s%s: the task anchor does not exist", last.Doc, last.Hash)
		}
	}
}

// unitCount is a unit's line of the overview: chart label or table row.
type unitCount struct {
	Name    string `json:"name"`
	Total   int    `json:"total"`
	Done    int    `json:"done"`
	Overdue int    `json:"overdue"`
}

// TestTaskOverviewChart checks the overview's bar chart against the table
// behind it and both against the task export (data/tasks.json): the SVG is
// inline and hidden from screen readers, the table lists every unit with
// its counts, the chart draws the first 20 of them with the same names and
// totals.
func TestTaskOverviewChart(t *testing.T) {
	files := sample(t, "")
	var tasks []struct {
		Lead, Coop, Resp []string
		Status           string
		Overdue          bool
	}
	if err := json.Unmarshal(files["data/tasks.json"], &tasks); err != nil {
		t.Fatalf("data/tasks.json: %v", err)
	}
	want := map[string]unitCount{}
	for _, tk := range tasks {
		seen := map[string]bool{}
		for _, u := range slices.Concat(tk.Lead, tk.Coop, tk.Resp) {
			if seen[u] {
				continue
			}
			seen[u] = true
			c := want[u]
			c.Name = u
			c.Total++
			if tk.Status == "已完成" {
				c.Done++
			}
			if tk.Overdue {
				c.Overdue++
			}
			want[u] = c
		}
	}
	// Hand-checked against the sources (see TestUnitTaskPage), and the one
	// 已完成 entry of content/tasks/progress led by 市发展改革委 (41292ac5c5,
	// 沈政发〔2017〕45号 二（一）2).
	if c := want["省发展改革委"]; c.Total != 21 || c.Done != 0 || c.Overdue != 3 {
		t.Errorf("data/tasks.json counts for 省发展改革委: %+v, want 21 tasks, 0 done, 3 overdue", c)
	}
	if c := want["市发展改革委"]; c.Done != 1 {
		t.Errorf("data/tasks.json: 市发展改革委 has %d done tasks, want 1", c.Done)
	}

	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/tasks/")
	var got struct {
		SVG     int         `json:"svg"`
		Hidden  string      `json:"hidden"`
		Caption string      `json:"caption"`
		Chart   []unitCount `json:"chart"`
		Table   []unitCount `json:"table"`
	}
	tb.eval(`(() => {
		const svgs = document.querySelectorAll("main figure.chart svg");
		const svg = svgs[0];
		const texts = svg ? Array.from(svg.querySelectorAll("text")) : [];
		const chart = [];
		texts.forEach((el, i) => { if (el.getAttribute("text-anchor") === "end")
			chart.push({name: el.textContent, total: Number(texts[i+1] ? texts[i+1].textContent : NaN)}); });
		const table = document.querySelector("main figure.chart + table.chart-data, main figure.chart + .table-scroll > table.chart-data");
		return {svg: svgs.length, hidden: svg ? svg.getAttribute("aria-hidden") : "", chart,
			caption: svg ? svg.closest("figure").querySelector("figcaption").textContent.trim() : "",
			table: table ? Array.from(table.tBodies[0].rows).map(r => ({name: r.cells[0].textContent.trim(),
				total: Number(r.cells[1].textContent), done: Number(r.cells[2].textContent), overdue: Number(r.cells[3].textContent)})) : []};
	})()`, &got)
	if got.SVG != 1 || got.Hidden != "true" {
		t.Fatalf("/tasks/: %d inline SVG charts in figure.chart, aria-hidden %q; want one, hidden", got.SVG, got.Hidden)
	}
	if got.Caption != "各单位任务数与完成情况（任务最多的前 20 个单位）（图表数据见下表）" {
		t.Errorf("chart caption %q", got.Caption)
	}
	gotTable := map[string]unitCount{}
	for i, r := range got.Table {
		gotTable[r.Name] = r
		if i > 0 && r.Total > got.Table[i-1].Total {
			t.Errorf("data table not ordered by task count: %s (%d) after %s (%d)", r.Name, r.Total, got.Table[i-1].Name, got.Table[i-1].Total)
		}
	}
	if len(gotTable) != len(got.Table) {
		t.Errorf("a unit appears twice in the data table")
	}
	for name, w := range want {
		if g, ok := gotTable[name]; !ok || g != w {
			t.Errorf("data table row %q: %+v, want %+v (data/tasks.json)", name, g, w)
		}
	}
	for name := range gotTable {
		if _, ok := want[name]; !ok {
			t.Errorf("data table row %q names no unit of data/tasks.json", name)
		}
	}
	n := min(20, len(got.Table))
	if len(got.Chart) != n {
		t.Fatalf("chart has %d unit labels, want %d (the first 20 table rows)", len(got.Chart), n)
	}
	for i, c := range got.Chart {
		if r := got.Table[i]; c.Name != r.Name || c.Total != r.Total {
			t.Errorf("chart bar %d: %s %d, table row: %s %d", i+1, c.Name, c.Total, r.Name, r.Total)
		}
	}
}

// filterPage is the state of a filtered list: the chosen values, the
// visible rows (by a key the test picks), the count text and the query.
type filterPage struct {
	Values map[string]string   `json:"values"`
	Opts   map[string][]string `json:"opts"`
	Shown  []string            `json:"shown"`
	Count  string              `json:"count"`
	Live   string              `json:"live"`
	Query  string              `json:"query"`
}

// readFilters reads a filtered list; rowKey is a JavaScript function of a
// row giving its key.
func (tb *tab) readFilters(table, rowKey string) filterPage {
	tb.t.Helper()
	var s filterPage
	tb.eval(`(() => { const key = `+rowKey+`, form = document.querySelector("form[data-filter=`+table+`]");
		const values = {}, opts = {};
		for (const el of form.querySelectorAll("select")) { values[el.name] = el.value;
			opts[el.name] = Array.from(el.options).map(o => o.value).filter(v => v); }
		const c = form.querySelector(".filter-count");
		return {values, opts, shown: Array.from(document.querySelectorAll("#`+table+` tbody tr")).filter(r => !r.hidden).map(key).sort(),
			count: c.textContent, live: c.getAttribute("aria-live") || "", query: decodeURIComponent(location.search)}; })()`, &s)
	return s
}

// choose moves the keyboard focus to the named select with Tab and presses
// ArrowDown until it holds value (each press is a change, as for a user).
func (tb *tab) choose(name, value string) {
	tb.t.Helper()
	tb.tabTo(`el.tagName === "SELECT" && el.name === "`+name+`"`, 60)
	for i := 0; i < 20; i++ {
		var v string
		tb.eval(`document.activeElement.value`, &v)
		if v == value {
			return
		}
		tb.run(chromedp.KeyEvent(kb.ArrowDown))
	}
	tb.t.Fatalf("%s: ArrowDown on %s never reached %q", tb.lastPage, name, value)
}

func checkFilters(t *testing.T, when string, got, want filterPage) {
	t.Helper()
	sort.Strings(want.Shown)
	if fmt.Sprint(got.Values) != fmt.Sprint(want.Values) || !slices.Equal(got.Shown, want.Shown) ||
		got.Count != want.Count || got.Live != "polite" || got.Query != want.Query {
		t.Errorf("%s:\n got values %v shown %v count %q (aria-live %q) query %q\nwant values %v shown %v count %q (aria-live polite) query %q",
			when, got.Values, got.Shown, got.Count, got.Live, got.Query, want.Values, want.Shown, want.Count, want.Query)
	}
}

// TestCreditFilters narrows the credit-record list with the keyboard. Of
// the eight records in content/credit/examples.toml, four are shown as of
// 2026-11-22 (periods from config.toml: 一般 12 months, 严重 36):
// sl-2024-001 (政府机构, 严重, 2024-09-15), sl-2026-002 (政府机构, 一般,
// 2026-03-02), sl-2026-004 (公务员, 一般, 2026-08-18, 异议处理中, shown
// with its mark) and sl-2025-008 (其他, 严重, 2025-12-01). Not shown:
// sl-2023-003 (一般, ended 2024-05-20), sl-2023-005 (已修复), sl-2026-006
// (轻微) and sl-2025-007 (已移出).
func TestCreditFilters(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/credit/")
	const key = `r => new URL(r.querySelector("a").href).pathname`
	read := func() filterPage { return tb.readFilters("credit-table", key) }
	all := []string{"/credit/sl-2024-001/", "/credit/sl-2026-002/", "/credit/sl-2026-004/", "/credit/sl-2025-008/"}
	none := map[string]string{"type": "", "severity": "", "year": ""}
	s := read()
	checkFilters(t, "unfiltered", s, filterPage{Values: none, Shown: all, Count: "显示 4 条，共 4 条", Query: ""})
	// The choices are those of the shown records only: a hidden record's
	// type (企业) or year (2023) would select nothing and hint at it.
	for name, want := range map[string][]string{"type": {"公务员", "其他", "政府机构"}, "severity": {"一般", "严重"}, "year": {"2024", "2025", "2026"}} {
		got := slices.Clone(s.Opts[name])
		sort.Strings(got)
		if !slices.Equal(got, want) {
			t.Errorf("options of %s: %v, want %v", name, got, want)
		}
	}

	tb.choose("type", "政府机构")
	checkFilters(t, "主体类型 政府机构", read(), filterPage{
		Values: map[string]string{"type": "政府机构", "severity": "", "year": ""},
		Shown:  []string{"/credit/sl-2024-001/", "/credit/sl-2026-002/"}, Count: "显示 2 条，共 4 条", Query: "?type=政府机构"})
	tb.choose("severity", "严重")
	checkFilters(t, "+ 失信程度 严重", read(), filterPage{
		Values: map[string]string{"type": "政府机构", "severity": "严重", "year": ""},
		Shown:  []string{"/credit/sl-2024-001/"}, Count: "显示 1 条，共 4 条", Query: "?type=政府机构&severity=严重"})
	tb.choose("year", "2024")
	three := filterPage{Values: map[string]string{"type": "政府机构", "severity": "严重", "year": "2024"},
		Shown: []string{"/credit/sl-2024-001/"}, Count: "显示 1 条，共 4 条", Query: "?type=政府机构&severity=严重&year=2024"}
	checkFilters(t, "+ 认定年份 2024", read(), three)

	// A reload keeps the filter: it lives in the address.
	tb.run(chromedp.Reload())
	tb.eval(`new Promise(r => document.readyState === "complete" ? r(true) : addEventListener("load", () => r(true)))`, nil)
	checkFilters(t, "after reload", read(), three)

	// Other combinations, opened from the address.
	for q, want := range map[string][]string{
		"?severity=一般":         {"/credit/sl-2026-002/", "/credit/sl-2026-004/"},
		"?year=2026":           {"/credit/sl-2026-002/", "/credit/sl-2026-004/"},
		"?type=其他&severity=严重": {"/credit/sl-2025-008/"},
		"?type=公务员":            {"/credit/sl-2026-004/"},
	} {
		tb.open("/credit/" + q)
		got := read()
		sort.Strings(want)
		if !slices.Equal(got.Shown, want) || got.Count != fmt.Sprintf("显示 %d 条，共 4 条", len(want)) {
			t.Errorf("/credit/%s: shown %v (%q), want %v", q, got.Shown, got.Count, want)
		}
	}
}

// TestCommitmentOverdueFilter picks 逾期 in 履行状态 with the keyboard. Of
// the five commitments in content/commitments/examples.toml, only
// sc-2026-001 (履行中, due 2026-06-30) is past due as of 2026-11-22:
// sc-2026-004 is due 2027-06-30, the others are 已兑现 or 未兑现.
func TestCommitmentOverdueFilter(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/commitments/")
	const key = `r => r.cells[1].textContent.trim()`
	read := func() filterPage { return tb.readFilters("commit-table", key) }
	const (
		c1 = "示例数据：2026年6月底前完成示例区政务服务中心“一窗通办”改造，实现企业开办一个窗口受理。"
		c2 = "示例数据：行政许可、行政处罚信息自作出决定之日起7个工作日内在本站公开。"
		c3 = "示例数据：2025年4月前按招商引资协议兑付示例产业园区企业扶持资金。"
		c4 = "示例数据：2027年6月底前建立本局公务员诚信档案，并在本站公开建档进度。"
		c5 = "示例数据：2023年底前在镇政务公开栏公示低保、临时救助等民生资金发放情况。"
	)
	checkFilters(t, "unfiltered", read(), filterPage{Values: map[string]string{"state": ""},
		Shown: []string{c1, c2, c3, c4, c5}, Count: "显示 5 条，共 5 条"})
	tb.choose("state", "逾期")
	overdue := filterPage{Values: map[string]string{"state": "逾期"}, Shown: []string{c1}, Count: "显示 1 条，共 5 条", Query: "?state=逾期"}
	checkFilters(t, "履行状态 逾期", read(), overdue)
	var tag string
	tb.eval(`Array.from(document.querySelectorAll("#commit-table tbody tr")).filter(r => !r.hidden).map(r => r.cells[4].textContent.trim()).join("|")`, &tag)
	if tag != "履行中 逾期" {
		t.Errorf("the overdue row's 履行状态 cell reads %q, want 履行中 逾期", tag)
	}
	tb.run(chromedp.Reload())
	tb.eval(`new Promise(r => document.readyState === "complete" ? r(true) : addEventListener("load", () => r(true)))`, nil)
	checkFilters(t, "逾期 after reload", read(), overdue)
	for q, want := range map[string][]string{"?state=履行中": {c1, c4}, "?state=已兑现": {c2, c5}, "?state=未兑现": {c3}} {
		tb.open("/commitments/" + q)
		got := read()
		sort.Strings(want)
		if !slices.Equal(got.Shown, want) {
			t.Errorf("/commitments/%s: shown %v, want %v", q, got.Shown, want)
		}
	}
}

// TestTaskProgressShown: the sample's progress entry for 沈政发〔2017〕45号
// 二（一）2 (content/tasks/progress/examples.toml: 已完成, two dated notes
// and one evidence link) is folded under the task's status on the
// document's page, opens from the keyboard, and shows the notes, oldest
// first, and the link.
func TestTaskProgressShown(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/policies/shenzhengfa-2017-45/")
	const details = `document.querySelector("#task-41292ac5c5 details.progress")`
	type state struct {
		Found, Open, Visible bool
		Summary, Status      string
		Notes, Dates         []string
		Link, LinkText       string
	}
	read := func() state {
		var s state
		tb.eval(`(() => { const d = `+details+`; if (!d) return {found: false};
			const li = d.querySelector("li"), a = d.querySelector("a");
			return {found: true, open: d.open, visible: !!(li && li.checkVisibility()), summary: d.querySelector("summary").textContent.trim(),
				status: d.parentElement.querySelector(".status").textContent.trim(),
				notes: Array.from(d.querySelectorAll("li")).map(l => l.textContent.trim()),
				dates: Array.from(d.querySelectorAll("time")).map(x => x.dateTime),
				link: a ? new URL(a.href).pathname : "", linkText: a ? a.textContent.trim() : ""}; })()`, &s)
		return s
	}
	s := read()
	if !s.Found {
		t.Fatalf("no progress under task 41292ac5c5 on the page")
	}
	if s.Open || s.Visible || s.Summary != "进展记录 2 条，佐证材料 1 项" || s.Status != "已完成" {
		t.Errorf("before opening: %+v", s)
	}
	tb.eval(details+`.querySelector("summary").focus()`, nil)
	tb.run(chromedp.KeyEvent(kb.Enter))
	s = read()
	wantNotes := []string{"2017年10月15日 （示例数据）起草政务守信践诺工作办法，征求各部门意见。", "2017年12月20日 （示例数据）工作办法印发实施。"}
	if !s.Open || !s.Visible || !slices.Equal(s.Notes, wantNotes) || !slices.Equal(s.Dates, []string{"2017-10-15", "2017-12-20"}) ||
		s.Link != "/policies/shenzhengfa-2017-45/" || s.LinkText != "工作方案原文" {
		t.Errorf("after Enter on the summary: %+v", s)
	}
}
