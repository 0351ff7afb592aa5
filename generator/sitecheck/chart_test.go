package sitecheck

import (
	"fmt"
	"testing"
)

// TestElderChartText measures the task chart's labels on /tasks/ as drawn
// (the SVG is scaled to its box): in 适老化 mode they must be at least as
// large as the page's text and 1.5 times their normal size, on a phone and
// on a wide screen, while the page itself does not scroll sideways and the
// chart, when wider than the screen, scrolls in a named, focusable box.
// The data table stays.
func TestElderChartText(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	type state struct {
		Label  float64 `json:"label"` // drawn size of a unit label, px
		Root   float64 `json:"root"`  // the page's root font size, px
		Table  bool    `json:"table"`
		Scroll bool    `json:"scroll"` // the chart box scrolls sideways
		Focus  string  `json:"focus"`  // tabindex, role and name of the box
	}
	const read = `(() => {
		const svg = document.querySelector("main figure.chart svg"), box = svg.parentElement;
		const vb = svg.viewBox.baseVal, k = svg.getBoundingClientRect().width / vb.width;
		const text = svg.querySelector("text");
		return {label: parseFloat(getComputedStyle(text).fontSize) * k, root: parseFloat(getComputedStyle(document.documentElement).fontSize),
			table: !!document.querySelector("main table.chart-data"), scroll: box.scrollWidth > box.clientWidth + 1,
			focus: [box.getAttribute("tabindex"), box.getAttribute("role"), box.getAttribute("aria-label")].join("|")};
	})()`
	for _, width := range []int64{360, 1280} {
		tb.viewport(width, width < 800)
		var normal, elder state
		tb.open("/")
		tb.setElder(false)
		tb.open("/tasks/")
		tb.eval(read, &normal)
		tb.setElder(true)
		tb.open("/tasks/")
		tb.eval(read, &elder)
		where := fmt.Sprintf("/tasks/ at %d px", width)
		if !elder.Table || !normal.Table {
			t.Errorf("%s: the chart's data table is missing", where)
		}
		if normal.Label < 0.75*normal.Root-0.5 {
			t.Errorf("%s: chart labels %.1fpx in normal mode, text %.0fpx; want at least three quarters of the text size", where, normal.Label, normal.Root)
		}
		if elder.Label < elder.Root-0.5 || elder.Label < 1.5*normal.Label-0.01 {
			t.Errorf("%s: chart labels %.1fpx in 适老化 mode (normal %.1fpx, text %.0fpx); want at least the text size and 1.5 ×",
				where, elder.Label, normal.Label, elder.Root)
		}
		if elder.Scroll && elder.Focus != "0|region|各单位任务数与完成情况（任务最多的前 20 个单位）（可左右滚动）" {
			t.Errorf("%s: the chart scrolls in 适老化 mode but its box is %q; want a focusable, named region", where, elder.Focus)
		}
		var o overflow
		tb.eval(measureOverflow, &o)
		if o.ScrollWidth > o.ClientWidth {
			t.Errorf("%s (适老化): page is %d px wide in a %d-px viewport", where, o.ScrollWidth, o.ClientWidth)
		}
	}
}
