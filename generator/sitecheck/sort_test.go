package sitecheck

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// datedByDate lists the catalogue's items that carry a 生成日期, newest
// first, as read from the front matter of content/ (signed, or published
// when there is no signed date): 2019-12-12 辽宁省人民政府关于加强诚信政府
// 建设的决定, 2018-10-08 成府发〔2018〕12号, 2017-08-25 沈政发〔2017〕45号,
// 2017-04-09 辽政发〔2017〕19号, 2016-06-04 遼政辦〔2016〕23號, 2015-08-21
// the 住宅电梯 news item, 2012-11-20 成府发〔2012〕44号; and the credit
// records on display and the commitments (content/credit, content/
// commitments), dated 2023–2026, before them. Every other item shows 未载明.
var datedByDate = []string{
	"/commitments/示例市某局/#c-sc-2026-004",
	"/credit/sl-2026-004/",
	"/credit/sl-2026-002/",
	"/commitments/示例市示例区人民政府/#c-sc-2026-001",
	"/credit/sl-2025-008/",
	"/commitments/示例市某局/#c-sc-2025-002",
	"/credit/sl-2024-001/",
	"/commitments/示例市示例区人民政府/#c-sc-2024-003",
	"/commitments/示例市示例县某镇人民政府/#c-sc-2023-005",
	"/policies/liaoning-chengxin-zhengfu-jianshe-jueding/",
	"/policies/chengfufa-2018-12/",
	"/policies/shenzhengfa-2017-45/",
	"/policies/liaozhengfa-2017-19/",
	"/policies/liaozhengban-2016-23/",
	"/news/zhuzhai-dianti-anquan-guanli-yijian-yinfa/",
	"/policies/chengfufa-2012-44/",
}

// catalogueState is what the sort test reads from the catalogue page.
type catalogueState struct {
	Rows    []string          `json:"rows"`    // title link paths in DOM order
	Shown   []string          `json:"shown"`   // the same, visible rows only
	Undated []string          `json:"undated"` // rows whose date cell says 未载明, in DOM order
	Sort    map[string]string `json:"sort"`    // header text → aria-sort
	Buttons int               `json:"buttons"` // headers holding a button
	Count   string            `json:"count"`   // .filter-count text
	Status  string            `json:"status"`  // the sort announcement
}

const readCatalogue = `(() => {
	const t = document.getElementById("catalogue-table");
	const rows = Array.from(t.tBodies[0].rows);
	const path = r => { const u = new URL(r.querySelector(".title-cell a").href); return decodeURIComponent(u.pathname) + u.hash; };
	const sort = {};
	let buttons = 0;
	for (const th of t.tHead.rows[0].cells) {
		sort[th.textContent.replace(/[⇅▲▼]/g, "").trim()] = th.getAttribute("aria-sort") || "";
		if (th.querySelector("button")) buttons++;
	}
	const status = t.closest(".table-scroll").nextElementSibling;
	return {rows: rows.map(path), shown: rows.filter(r => !r.hidden).map(path),
		undated: rows.filter(r => r.cells[3].textContent.trim() === "未载明").map(path),
		sort, buttons, count: document.querySelector(".filter-count").textContent,
		status: status && status.getAttribute("aria-live") === "polite" ? status.textContent : "(no live region)"};
})()`

func (tb *tab) catalogue() catalogueState {
	tb.t.Helper()
	var s catalogueState
	tb.eval(readCatalogue, &s)
	return s
}

func sortStates(index, title, summary, date string) map[string]string {
	return map[string]string{"索引号": index, "名称": title, "内容概述": summary, "生成日期": date}
}

// TestCatalogueSort sorts the 政府信息公开目录 by its 生成日期 column with
// the keyboard (Enter, then Space) and the mouse: dated rows in date
// order, undated ones last in their server order (a stable sort), aria-sort
// on the headers following along; sorting keeps the filter's hidden rows
// hidden; and axe finds nothing serious on the sorted page.
func TestCatalogueSort(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/catalogue/")
	server := tb.catalogue()
	if len(server.Rows) != 31 { // 22 documents, 4 credit records on display, 5 commitments
		t.Fatalf("catalogue has %d rows, want 31", len(server.Rows))
	}
	if server.Buttons != 4 || !maps.Equal(server.Sort, sortStates("none", "none", "none", "none")) {
		t.Errorf("before sorting: %d header buttons, aria-sort %v; want 4 buttons, all none", server.Buttons, server.Sort)
	}
	// The server's order is not already the date order, or the test would
	// prove nothing.
	if slices.Equal(server.Rows[:len(datedByDate)], datedByDate) {
		t.Fatalf("server order is already newest first: %v", server.Rows)
	}
	if len(server.Undated)+len(datedByDate) != len(server.Rows) {
		t.Fatalf("%d undated rows + %d dated != %d rows: %v", len(server.Undated), len(datedByDate), len(server.Rows), server.Undated)
	}

	// Keyboard: Tab to the 生成日期 button, Enter sorts newest first.
	tb.tabTo(`el.tagName === "BUTTON" && el.closest("th") && el.textContent.includes("生成日期")`, 80)
	tb.run(chromedp.KeyEvent(kb.Enter))
	s := tb.catalogue()
	want := append(slices.Clone(datedByDate), server.Undated...)
	if !slices.Equal(s.Rows, want) {
		t.Errorf("after Enter on 生成日期 (descending):\n got %v\nwant %v", s.Rows, want)
	}
	if !maps.Equal(s.Sort, sortStates("none", "none", "none", "descending")) {
		t.Errorf("aria-sort after the first press: %v", s.Sort)
	}
	if s.Status != "已按生成日期降序排列" {
		t.Errorf("sort announcement %q", s.Status)
	}

	// Space on the same, still focused button: oldest first, undated still last.
	tb.run(chromedp.KeyEvent(" "))
	s = tb.catalogue()
	asc := slices.Clone(datedByDate)
	slices.Reverse(asc)
	want = append(asc, server.Undated...)
	if !slices.Equal(s.Rows, want) {
		t.Errorf("after Space on 生成日期 (ascending):\n got %v\nwant %v", s.Rows, want)
	}
	if !maps.Equal(s.Sort, sortStates("none", "none", "none", "ascending")) {
		t.Errorf("aria-sort after the second press: %v", s.Sort)
	}

	// The mouse on 名称: ascending by the Chinese collation, the other
	// headers back to none.
	tb.run(chromedp.Click(chromedp.CSS(`#catalogue-table thead th:nth-child(2) button`)))
	s = tb.catalogue()
	if !maps.Equal(s.Sort, sortStates("none", "ascending", "none", "none")) {
		t.Errorf("aria-sort after clicking 名称: %v", s.Sort)
	}
	var ordered bool
	tb.eval(`(() => { const ts = Array.from(document.querySelectorAll("#catalogue-table tbody .title-cell")).map(c => c.textContent.trim());
		return ts.every((x, i) => i === 0 || ts[i-1].localeCompare(x, "zh-Hans-CN") <= 0); })()`, &ordered)
	if !ordered {
		t.Errorf("after clicking 名称 the titles are not in zh-Hans-CN order")
	}

	// Filters and sorting together: 年份 2017 leaves 沈政发〔2017〕45号
	// (2017-08-25) and 辽政发〔2017〕19号 (2017-04-09); sorting by date
	// newest first keeps the other 29 rows hidden.
	tb.open("/catalogue/?year=2017")
	tb.run(chromedp.Click(chromedp.CSS(`#catalogue-table thead th:nth-child(4) button`)))
	s = tb.catalogue()
	wantShown := []string{"/policies/shenzhengfa-2017-45/", "/policies/liaozhengfa-2017-19/"}
	if !slices.Equal(s.Shown, wantShown) || s.Count != "显示 2 条，共 31 条" || len(s.Rows) != 31 {
		t.Errorf("year=2017 sorted by date: shown %v, count %q, %d rows; want %v, 显示 2 条，共 31 条, 31", s.Shown, s.Count, len(s.Rows), wantShown)
	}
	tb.run(chromedp.Click(chromedp.CSS(`#catalogue-table thead th:nth-child(4) button`)))
	s = tb.catalogue()
	slices.Reverse(wantShown)
	if !slices.Equal(s.Shown, wantShown) {
		t.Errorf("year=2017 sorted oldest first: shown %v, want %v", s.Shown, wantShown)
	}
	// Clearing the filter shows every row, still in date order.
	tb.eval(`(() => { const s = document.querySelector("select[name=year]"); s.value = "";
		s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, nil)
	s = tb.catalogue()
	want = append(asc, server.Undated...)
	if !slices.Equal(s.Shown, want) {
		t.Errorf("filter cleared after sorting: shown %v, want %v", s.Shown, want)
	}

	// Accessibility of the sorted table, in normal and 适老化 mode.
	src := axeInstalled(t)
	if src == "" {
		t.Log("axe-core not installed; the sorted catalogue is not checked by axe")
		return
	}
	for _, elder := range []bool{false, true} {
		tb.setElder(elder)
		tb.open("/catalogue/")
		tb.run(chromedp.Click(chromedp.CSS(`#catalogue-table thead th:nth-child(4) button`)))
		where := "/catalogue/ sorted by 生成日期"
		if elder {
			where += " (适老化)"
		}
		reportAxe(t, where, tb.axe(src, wcagAA, 10))
	}
}

// TestCatalogueWithoutScript checks the no-JavaScript fallback: the served
// catalogue has plain header cells (no buttons, no aria-sort) and its rows
// in the server's order, the page being complete as it is.
func TestCatalogueWithoutScript(t *testing.T) {
	files := sample(t, "")
	page := string(files["catalogue/index.html"])
	head := page[strings.Index(page, "<thead>"):strings.Index(page, "</thead>")]
	if strings.Contains(head, "<button") || strings.Contains(head, "aria-sort") {
		t.Errorf("the served catalogue header already has buttons or aria-sort: %s", head)
	}
}
