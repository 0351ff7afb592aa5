package render

import (
	"fmt"
	"html/template"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gongkai/generator/model"
	"gongkai/generator/resolve"
)

// UnitRow is one unit's task counts.
type UnitRow struct {
	Name                 string
	Total, Done, Overdue int
}

// Chart is an inline SVG bar chart with the table it is drawn from.
type Chart struct {
	SVG     template.HTML
	Caption string
	Rows    []UnitRow
}

// unitTasks groups tasks by every unit named in them (lead, coop, resp).
func unitTasks(ts []*model.Task) map[string][]*model.Task {
	m := map[string][]*model.Task{}
	for _, t := range ts {
		for i, u := range t.Units {
			if slices.Index(t.Units, u) == i { // once per task, though named twice
				m[u] = append(m[u], t)
			}
		}
	}
	return m
}

func (r *Renderer) taskPages() error {
	ts := r.site.Tasks
	byUnit := unitTasks(ts)
	var rows []UnitRow
	for _, u := range slices.Sorted(maps.Keys(byUnit)) {
		row := UnitRow{Name: u}
		for _, t := range byUnit[u] {
			row.Total++
			if t.Status == "已完成" {
				row.Done++
			}
			if t.Overdue {
				row.Overdue++
			}
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Total > rows[j].Total })
	var overdue, upcoming []*model.Task
	soon := r.site.AsOf.AddDays(90)
	for _, t := range ts {
		switch {
		case t.Overdue:
			overdue = append(overdue, t)
		case t.Deadline != 0 && t.Deadline >= r.site.AsOf && t.Deadline <= soon && !t.DeadlineMet():
			upcoming = append(upcoming, t)
		}
	}
	done := 0
	for _, t := range ts {
		if t.Status == "已完成" {
			done++
		}
	}
	chartRows := rows
	if len(chartRows) > 20 {
		chartRows = chartRows[:20]
	}
	data := map[string]any{
		"Summary": fmt.Sprintf("共 %d 项任务，涉及 %d 个单位；已完成 %d 项，逾期 %d 项（按 %s 计算）。", len(ts), len(byUnit), done, len(overdue), r.site.AsOf.Chinese()),
		"Chart":   &Chart{SVG: barChart(chartRows), Caption: "各单位任务数与完成情况（任务最多的前 20 个单位）", Rows: rows},
	}
	const preview = 20
	if len(overdue) > 0 {
		data["Overdue"] = TaskTable{Caption: fmt.Sprintf("逾期任务（共 %d 项）", len(overdue)), RowsHTML: r.taskRows(firstN(overdue, preview), true),
			More: moreLink(len(overdue), preview, "/tasks/overdue/")}
	}
	if len(upcoming) > 0 {
		data["Upcoming"] = TaskTable{Caption: fmt.Sprintf("90 天内到期的任务（共 %d 项）", len(upcoming)), RowsHTML: r.taskRows(firstN(upcoming, preview), true),
			More: moreLink(len(upcoming), preview, "/tasks/upcoming/")}
	}
	crumbs := []Crumb{{"首页", "/"}, {"政府信息公开", "/xxgk/"}}
	tcrumbs := append(append([]Crumb(nil), crumbs...), Crumb{"任务分工", "/tasks/"})
	if err := r.page("tasks", &Page{Path: "/tasks/", Title: "任务分工", Crumbs: append(crumbs, Crumb{"任务分工", ""}), Data: data}); err != nil {
		return err
	}
	if len(overdue) > preview {
		if err := r.pagedTasks("/tasks/overdue/", "逾期任务", "", overdue, tcrumbs); err != nil {
			return err
		}
	}
	if len(upcoming) > preview {
		if err := r.pagedTasks("/tasks/upcoming/", "90 天内到期的任务", "", upcoming, tcrumbs); err != nil {
			return err
		}
	}
	for _, u := range slices.Sorted(maps.Keys(byUnit)) {
		list := byUnit[u]
		var lead, other int
		for _, t := range list {
			if contains(t.Lead(), u) {
				lead++
			} else {
				other++
			}
		}
		summary := fmt.Sprintf("%s 牵头 %d 项，配合或负责 %d 项。", u, lead, other)
		if err := r.unitPages(u, summary, list, tcrumbs); err != nil {
			return err
		}
	}
	return nil
}

// tasksPerPage bounds a task page: a unit of a province may carry thousands.
const tasksPerPage = 100

// pagedTasks writes a task list at base, tasksPerPage rows a page.
func (r *Renderer) pagedTasks(base, title, summary string, list []*model.Task, crumbs []Crumb) error {
	total := (len(list) + tasksPerPage - 1) / tasksPerPage
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*tasksPerPage, min(n*tasksPerPage, len(list))
		t := title
		if n > 1 {
			t = fmt.Sprintf("%s（第%d页）", title, n)
		}
		p := &Page{Path: pageURL(base, n), Title: t, Pager: newPager(base, n, total),
			Crumbs: append(append([]Crumb(nil), crumbs...), Crumb{title, ""}),
			Data: map[string]any{
				"Summary": summary,
				"All":     TaskTable{Caption: fmt.Sprintf("%s（共 %d 项，第 %d–%d 项）", title, len(list), lo+1, hi), RowsHTML: r.taskRows(list[lo:hi], true)},
			}}
		if err := r.page("tasks", p); err != nil {
			return err
		}
	}
	return nil
}

// UnitTasks is the data of the "unittasks" partial.
type UnitTasks struct {
	Caption  string
	RowsHTML template.HTML // see unitRows
}

func (r *Renderer) unitPages(unit, summary string, list []*model.Task, crumbs []Crumb) error {
	base := resolve.UnitURL(unit)
	total := (len(list) + tasksPerPage - 1) / tasksPerPage
	for n := 1; n <= total; n++ {
		// The rows of a unit's pages are a large part of the task pages'
		// work: each page is built by a job of its own when jobs run.
		build := func() error {
			var fp uint64
			if m := r.opt.Memo; m != nil {
				// serve: an unchanged page is reused before its rows are built.
				fp = r.unitPageFP(unit, summary, list, n, total, crumbs)
				if e := m.get(pageURL(base, n), fp, false); e != nil {
					return r.writeFile(model.OutPath(pageURL(base, n)), e.file)
				}
			}
			lo, hi := (n-1)*tasksPerPage, min(n*tasksPerPage, len(list))
			t := unit + "的任务"
			if n > 1 {
				t = fmt.Sprintf("%s（第%d页）", t, n)
			}
			rowsHTML, release := r.unitRows(unit, list[lo:hi])
			defer release() // the page is rendered and written by then
			p := &Page{Path: pageURL(base, n), Title: t, Pager: newPager(base, n, total),
				Crumbs: append(append([]Crumb(nil), crumbs...), Crumb{unit, ""}),
				Data: map[string]any{"Summary": summary,
					"Rows": UnitTasks{Caption: fmt.Sprintf("%s承担的任务（共 %d 项，第 %d–%d 项）", unit, len(list), lo+1, hi), RowsHTML: rowsHTML}}}
			return r.renderPageFP("tasks", p, fp)
		}
		if r.submit != nil {
			r.submit(build)
		} else if err := build(); err != nil {
			return err
		}
	}
	return nil
}

func firstN(ts []*model.Task, n int) []*model.Task {
	if len(ts) > n {
		return ts[:n]
	}
	return ts
}

func moreLink(total, shown int, url string) string {
	if total > shown {
		return url
	}
	return ""
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// barChart draws stacked horizontal bars (done / open / overdue per unit) as
// SVG at build time: no chart library runs in the browser. The SVG is
// presentational (aria-hidden): the table under it carries the numbers.
func barChart(rows []UnitRow) template.HTML {
	const chartFont = 13
	if len(rows) == 0 {
		return ""
	}
	max := 1
	for _, r := range rows {
		if r.Total > max {
			max = r.Total
		}
	}
	const labelW, barW, rowH = 220, 460, 26
	h := rowH*len(rows) + 30
	var b strings.Builder
	// --em-w is the drawing's width in rem at which its labels (13 units)
	// are as large as the page's text: site.css draws it at that width in
	// 适老化 mode, so the labels grow with the mode's text.
	w := labelW + barW + 60
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" aria-hidden="true" focusable="false" font-size="%d" style="--em-w:%s">`,
		w, h, w, h, chartFont, strconv.FormatFloat(float64(w)/chartFont, 'f', 3, 64)+"rem")
	for i, r := range rows {
		y := i*rowH + 4
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="#1a1a1a">%s</text>`, labelW-6, y+15, template.HTMLEscapeString(r.Name))
		x := labelW
		seg := func(n int, color string) {
			if n == 0 {
				return
			}
			w := n * barW / max
			if w < 2 {
				w = 2
			}
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="18" fill="%s"/>`, x, y+2, w, color)
			x += w
		}
		open := r.Total - r.Done - r.Overdue
		if open < 0 {
			open = 0
		}
		seg(r.Done, "#1d6b34")
		seg(open, "#6b8fbf")
		seg(r.Overdue, "#9b1c1c")
		fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#1a1a1a">%d</text>`, x+6, y+15, r.Total)
	}
	ly := h - 8
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="#1d6b34"/><text x="%d" y="%d">已完成</text>`, labelW, ly-10, labelW+16, ly)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="#6b8fbf"/><text x="%d" y="%d">推进中/未启动</text>`, labelW+80, ly-10, labelW+96, ly)
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="12" height="12" fill="#9b1c1c"/><text x="%d" y="%d">逾期</text>`, labelW+210, ly-10, labelW+226, ly)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
