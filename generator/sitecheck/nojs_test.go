package sitecheck

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// noScript turns the page's JavaScript off for the following loads (the
// test's own evaluations still run).
func (tb *tab) noScript() {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		tb.t.Fatal(err)
	}
}

// TestNoScriptLayout loads every page of the sample site on a 360-px phone
// with JavaScript off: no page may scroll sideways (a wide table scrolls in
// its own box), and no control that needs JavaScript — the 适老化 toggle, the
// table filters — may be shown, since it would do nothing.
func TestNoScriptLayout(t *testing.T) {
	files := sample(t, "")
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(360, true)
	tb.noScript()
	pages := HTMLPages(files)
	if len(pages) < 100 {
		t.Fatalf("only %d pages in the sample output", len(pages))
	}
	var tables, filters int
	for _, f := range pages {
		p := "/" + strings.TrimSuffix(f, "index.html")
		tb.open(p)
		var s struct {
			JS      bool     `json:"js"`
			Shown   []string `json:"shown"`
			Tables  int      `json:"tables"`
			Filters int      `json:"filters"`
		}
		tb.eval(`(() => {
			const vis = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
			const shown = Array.from(document.querySelectorAll("#elder-toggle, form[data-filter], form[data-filter] select"))
				.filter(vis).map(el => el.id || el.tagName.toLowerCase() + (el.name ? "[name=" + el.name + "]" : ""));
			return {js: document.documentElement.classList.contains("js"), shown,
				tables: document.querySelectorAll("#catalogue-table, #credit-table, #commit-table, table.tasks").length,
				filters: document.querySelectorAll("form[data-filter]").length};
		})()`, &s)
		if s.JS {
			t.Fatalf("%s: the page's script ran; JavaScript is not off", p)
		}
		tables += s.Tables
		filters += s.Filters
		if len(s.Shown) > 0 {
			t.Errorf("%s without JavaScript shows controls that do nothing: %s", p, strings.Join(s.Shown, ", "))
		}
		var o overflow
		tb.eval(measureOverflow, &o)
		if o.ScrollWidth > o.ClientWidth {
			t.Errorf("%s at 360 px without JavaScript: page is %d px wide in a %d-px viewport; sticking out: %s",
				p, o.ScrollWidth, o.ClientWidth, strings.Join(o.Wide, ", "))
		}
	}
	// The check saw the pages the defect was about.
	if tables < 10 || filters < 3 {
		t.Errorf("saw %d wide tables and %d filter forms; the sample should have more", tables, filters)
	}
}
