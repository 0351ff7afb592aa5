package sitecheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"gongkai/generator/internal/browser"
)

// tab opens a headless browser for the test (skipping when there is none)
// and records every failed request and every dialog or new window the pages
// open, so each test can check that none happened.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string // URL of the served site, without the trailing slash

	mu       sync.Mutex
	failed   []string // "404 /path"
	popups   []string
	lastPage string
}

func newTab(t *testing.T, ts *httptest.Server) *tab {
	t.Helper()
	ctx := browser.New(t)
	tb := &tab{t: t, ctx: ctx, base: ts.URL}
	err := chromedp.Listen(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 && ev.Type != network.ResourceTypeDocument {
				tb.failed = append(tb.failed, fmt.Sprintf("%d %s (from %s)", ev.Response.Status, ev.Response.URL, tb.lastPage))
			}
		case *page.EventJavascriptDialogOpening:
			tb.popups = append(tb.popups, "dialog: "+ev.Message)
		case *page.EventWindowOpen:
			tb.popups = append(tb.popups, "window.open: "+ev.URL)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, f := range tb.failed {
			t.Errorf("request failed: %s", f)
		}
		for _, p := range tb.popups {
			t.Errorf("the page opened a pop-up: %s", p)
		}
	})
	return tb
}

// run runs actions with a guard against a hung browser (not a timing
// assertion: the limit is far above what any step needs).
func (tb *tab) run(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// open loads a site path and waits until the page and its deferred scripts
// have run.
func (tb *tab) open(p string) {
	tb.t.Helper()
	tb.mu.Lock()
	tb.lastPage = p
	tb.mu.Unlock()
	tb.run(chromedp.Navigate(tb.base + p))
	tb.eval(`new Promise(r => document.readyState === "complete" ? r(true) : addEventListener("load", () => r(true)))`, nil)
}

// eval evaluates a JavaScript expression (awaiting a promise) and decodes
// the result into out (nil to ignore it).
func (tb *tab) eval(expr string, out any) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluating %.80s: %v", expr, err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			tb.t.Fatalf("decoding the result of %.80s: %v (%s)", expr, err, raw)
		}
	}
}

func (tb *tab) viewport(width int64, mobile bool) {
	tb.t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	tb.run(chromedp.EmulateViewport(width, 800, opts...))
}

func (tb *tab) media(m string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m}); err != nil {
		tb.t.Fatal(err)
	}
}

// setElder sets the remembered 适老化 choice as site.js stores it.
func (tb *tab) setElder(on bool) {
	tb.t.Helper()
	v := "0"
	if on {
		v = "1"
	}
	tb.eval(`localStorage.setItem("gk-elder", "`+v+`"), true`, nil)
}

// keyPages are the pages the issue names for the accessibility checks.
func keyPages(t *testing.T, files map[string][]byte) []string {
	t.Helper()
	pages := []string{"/", "/policies/", "/policies/shenzhengfa-2017-45/",
		"/policies/liaozhengban-2016-23/", // Traditional text with a task table
		"/search/?q=" + "政务诚信", "", "/credit/", "/catalogue/", "/tasks/", "/commitments/"}
	// A unit's task page: the first unit in the output.
	var units []string
	for p := range files {
		if strings.HasPrefix(p, "tasks/units/") && strings.HasSuffix(p, "/index.html") && strings.Count(p, "/") == 3 {
			units = append(units, "/"+strings.TrimSuffix(p, "index.html"))
		}
	}
	sort.Strings(units)
	if len(units) == 0 {
		t.Errorf("no unit task page (tasks/units/*/index.html) in the sample output")
		pages[5] = "/tasks/"
	} else {
		pages[5] = units[0]
	}
	if _, ok := files["reports/2025/index.html"]; ok {
		pages = append(pages, "/reports/2025/")
	} else {
		t.Log("reports/2025/index.html not in the output yet; the annual report is not checked")
	}
	return pages
}

// waitSearch waits until the search page has shown results for its query,
// so axe sees the result list too.
func (tb *tab) waitSearch() {
	tb.t.Helper()
	tb.eval(`new Promise(r => {
		const done = () => document.querySelector("main a[href*='/policies/']") !== null;
		if (done()) return r(true);
		const o = new MutationObserver(() => { if (done()) { o.disconnect(); r(true); } });
		o.observe(document.body, {childList: true, subtree: true});
		setTimeout(() => { o.disconnect(); r(false); }, 20000);
	})`, nil)
}

// axeInstalled returns the pinned axe-core (tools/axe, installed by
// `npm ci`), or "" when it is not installed.
func axeInstalled(t *testing.T) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "tools", "axe", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		return ""
	}
	return string(b)
}

// axeScript returns the pinned axe-core, skipping the test when it is not
// installed (failing it when GONGKAI_REQUIRE_BROWSER=1).
func axeScript(t *testing.T) string {
	t.Helper()
	src := axeInstalled(t)
	if src == "" {
		msg := "axe-core is not installed (run: cd tools/axe && npm ci); accessibility test skipped"
		if os.Getenv(browser.RequireEnv) == "1" {
			t.Fatalf("%s=1 but %s", browser.RequireEnv, msg)
		}
		t.Skip(msg)
	}
	return src
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axe runs axe-core on the current page with the given rules (a
// runOnly value: rule tags or rule ids) and returns the violations. It fails
// the test when fewer than minPasses checks passed, which would mean axe
// looked at an empty or broken page.
func (tb *tab) axe(src, runOnly string, minPasses int) []axeViolation {
	tb.t.Helper()
	tb.eval(src+"\n;true", nil)
	var res struct {
		Violations []axeViolation `json:"violations"`
		Passes     int            `json:"passes"`
	}
	tb.eval(`axe.run(document, {runOnly: `+runOnly+`, resultTypes: ["violations"]})
		.then(r => ({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\s+/g, " "))}))}))`, &res)
	if res.Passes < minPasses {
		tb.t.Errorf("%s: axe passed only %d rules; did it run on the page?", tb.lastPage, res.Passes)
	}
	return res.Violations
}

var wcagAA = `{type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}`

// reportAxe fails on serious and critical violations and logs the rest.
func reportAxe(t *testing.T, where string, vs []axeViolation) {
	t.Helper()
	for _, v := range vs {
		msg := fmt.Sprintf("%s: axe %s (%s): %s\n    %s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// TestAxe runs axe-core's WCAG 2.1 A/AA rules on the key pages, in normal
// and in 适老化 mode: no serious or critical violation may remain.
func TestAxe(t *testing.T) {
	src := axeScript(t)
	files := sample(t, "")
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	for _, elder := range []bool{false, true} {
		for _, p := range keyPages(t, files) {
			tb.open("/")
			tb.setElder(elder)
			tb.open(p)
			if strings.HasPrefix(p, "/search/") {
				tb.waitSearch()
			}
			where := p
			if elder {
				where += " (适老化)"
			}
			reportAxe(t, where, tb.axe(src, wcagAA, 10))
		}
	}
	// The check itself: an unlabelled field and low-contrast text added to
	// a page must be reported.
	tb.open("/")
	tb.eval(`document.querySelector("main").insertAdjacentHTML("beforeend",
		'<input type="text"><p style="color:#bbb;background:#fff">浅色文字</p>'), true`, nil)
	found := map[string]string{}
	for _, v := range tb.axe(src, wcagAA, 10) {
		found[v.ID] = v.Impact
	}
	if found["label"] != "critical" || found["color-contrast"] != "serious" {
		t.Errorf("axe missed planted violations: got %v", found)
	}
}

// TestElderModeHighContrast checks the enhanced contrast ratio (7:1, WCAG
// AAA 1.4.6) of every text in 适老化 mode: that is what "high contrast"
// means in the 适老化 specification.
func TestElderModeHighContrast(t *testing.T) {
	src := axeScript(t)
	files := sample(t, "")
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/")
	tb.setElder(true)
	for _, p := range keyPages(t, files) {
		tb.open(p)
		if strings.HasPrefix(p, "/search/") {
			tb.waitSearch()
		}
		vs := tb.axe(src, `{type: "rule", values: ["color-contrast-enhanced"]}`, 1)
		for i := range vs {
			vs[i].Impact = "serious" // every AAA contrast failure counts here
		}
		reportAxe(t, p+" (适老化)", vs)
	}
}

type elderState struct {
	Elder   bool    `json:"elder"`
	Pressed string  `json:"pressed"`
	Stored  string  `json:"stored"`
	Text    float64 `json:"text"`  // font size of the first list link in main, px
	Title   float64 `json:"title"` // font size of the page's h1, px
	Color   string  `json:"color"`
	Bg      string  `json:"bg"`
	Active  string  `json:"active"`
	Outline string  `json:"outline"`
}

const readElder = `(() => {
	const t = document.querySelector("main li a, main p");
	const h = document.querySelector("h1");
	const a = document.activeElement, cs = getComputedStyle(a);
	const b = getComputedStyle(document.body);
	return {elder: document.documentElement.classList.contains("elder"),
		pressed: document.getElementById("elder-toggle").getAttribute("aria-pressed"),
		stored: localStorage.getItem("gk-elder") || "",
		text: parseFloat(getComputedStyle(t).fontSize), title: parseFloat(getComputedStyle(h).fontSize),
		color: b.color, bg: b.backgroundColor,
		active: a.id || a.tagName, outline: cs.outlineStyle + " " + cs.outlineWidth};
})()`

// TestElderToggle operates the 适老化 switch with the keyboard only: Tab to
// it, Enter turns it on, Space turns it off and on again; the choice must
// show in aria-pressed, enlarge the text at least 1.5 times, switch to
// black on white, and stay on when the next page loads.
func TestElderToggle(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/policies/")
	tb.eval(`localStorage.clear(), true`, nil)
	tb.open("/policies/")

	var off elderState
	tb.eval(readElder, &off)
	if off.Elder || off.Pressed != "false" {
		t.Fatalf("适老化 mode on at first visit: %+v", off)
	}

	// Tab from the top of the page: the skip link, the site title, then the
	// toggle.
	tabs := 0
	for ; tabs < 6; tabs++ {
		tb.run(chromedp.KeyEvent(kb.Tab))
		var id string
		tb.eval(`document.activeElement.id`, &id)
		if id == "elder-toggle" {
			break
		}
	}
	if tabs == 6 {
		t.Fatal("the 适老化 toggle is not reached within 6 Tab presses")
	}
	var focused elderState
	tb.eval(readElder, &focused)
	if strings.HasPrefix(focused.Outline, "none") || strings.HasSuffix(focused.Outline, " 0px") {
		t.Errorf("the focused toggle shows no focus outline: %q", focused.Outline)
	}

	tb.run(chromedp.KeyEvent(kb.Enter))
	var on elderState
	tb.eval(readElder, &on)
	checkElderOn(t, "after Enter", off, on)

	tb.run(chromedp.KeyEvent(" "))
	var off2 elderState
	tb.eval(readElder, &off2)
	if off2.Elder || off2.Pressed != "false" || off2.Stored != "0" || off2.Text != off.Text {
		t.Errorf("after Space the mode should be off again: %+v (at first %+v)", off2, off)
	}

	tb.run(chromedp.KeyEvent(" "))
	var on2 elderState
	tb.eval(readElder, &on2)
	checkElderOn(t, "after a second Space", off, on2)

	// Remembered on the next page and after a reload.
	tb.open("/policies/shenzhengfa-2017-45/")
	var next elderState
	tb.eval(readElder, &next)
	if !next.Elder || next.Pressed != "true" {
		t.Errorf("适老化 mode not remembered on the next page: %+v", next)
	}
	tb.open("/policies/")
	var back elderState
	tb.eval(readElder, &back)
	checkElderOn(t, "after loading the list again", off, back)
}

func checkElderOn(t *testing.T, when string, off, on elderState) {
	t.Helper()
	if !on.Elder || on.Pressed != "true" || on.Stored != "1" {
		t.Errorf("%s: want the mode on, aria-pressed=true and remembered: %+v", when, on)
	}
	// 1.5 × in CSS may come out a hair below 1.5 × in floating point.
	if on.Text < 1.5*off.Text-0.01 {
		t.Errorf("%s: text %.1fpx, want at least 1.5 × %.1fpx", when, on.Text, off.Text)
	}
	if on.Title < 1.5*off.Title-0.01 {
		t.Errorf("%s: heading %.1fpx, want at least 1.5 × %.1fpx", when, on.Title, off.Title)
	}
	if on.Color != "rgb(0, 0, 0)" || on.Bg != "rgb(255, 255, 255)" {
		t.Errorf("%s: text %s on %s, want black on white", when, on.Color, on.Bg)
	}
}

type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Wide        []string `json:"wide"`
}

// measureOverflow reports whether the page scrolls sideways, with the
// elements that stick out of the viewport (and are not inside a container
// that scrolls on its own).
const measureOverflow = `(() => {
	const de = document.documentElement, w = de.clientWidth;
	const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
		const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; } return false; };
	const wide = [];
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.right > w + 1 && !scrolls(el)) {
			wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : "") + " right=" + Math.round(r.right));
			if (wide.length >= 8) break;
		}
	}
	return {scrollWidth: de.scrollWidth, clientWidth: w, wide};
})()`

// TestNarrowLayout loads the key pages on a 360-px phone, in normal and in
// 适老化 mode, and at 640 px in 适老化 mode (a 1280-px screen at 200% zoom):
// nothing may scroll sideways; wide tables scroll inside their own box.
// On the phone, axe checks the pages again when it is installed, because
// the scrolling table boxes exist only there (they must be focusable).
func TestNarrowLayout(t *testing.T) {
	src := axeInstalled(t)
	files := sample(t, "")
	ts := serveSample(t)
	tb := newTab(t, ts)
	pages := append(keyPages(t, files), "/xxgk/", "/guide/", "/news/", "/credit/sl-2024-001/", "/404.html",
		"/interpretations/liaoning-chengxin-zhengfu-jianshe-jueding-jiedu/")
	for _, c := range []struct {
		width int64
		elder bool
	}{{360, false}, {360, true}, {640, true}} {
		tb.viewport(c.width, true)
		tb.open("/")
		tb.setElder(c.elder)
		for _, p := range pages {
			tb.open(p)
			if strings.HasPrefix(p, "/search/") {
				tb.waitSearch()
			}
			var o overflow
			tb.eval(measureOverflow, &o)
			if o.ScrollWidth > o.ClientWidth {
				t.Errorf("%s at %d px (适老化 %v): page is %d px wide in a %d-px viewport; sticking out: %s",
					p, c.width, c.elder, o.ScrollWidth, o.ClientWidth, strings.Join(o.Wide, ", "))
			}
			if src != "" && c.width == 360 {
				reportAxe(t, fmt.Sprintf("%s at %d px (适老化 %v)", p, c.width, c.elder), tb.axe(src, wcagAA, 10))
			}
		}
	}
}

// TestPrint emulates print media on a document page: the navigation is
// gone, the metadata block and the effectiveness tag remain.
func TestPrint(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/policies/shenzhengfa-2017-45/")
	tb.media("print")
	var shown map[string]string
	tb.eval(`(() => {
		const out = {};
		for (const sel of [".site-header", ".main-nav", ".breadcrumb", ".site-footer", ".skip", "#elder-toggle",
				".meta-block", ".meta-block .tag", "article h1", "article .body"]) {
			const el = document.querySelector(sel);
			if (!el) { out[sel] = "missing"; continue; }
			let d = "shown";
			for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).display === "none") d = "hidden";
			out[sel] = d;
		}
		return out;
	})()`, &shown)
	want := map[string]string{".site-header": "hidden", ".main-nav": "hidden", ".breadcrumb": "hidden", ".site-footer": "hidden",
		".skip": "hidden", "#elder-toggle": "hidden", ".meta-block": "shown", ".meta-block .tag": "shown", "article h1": "shown", "article .body": "shown"}
	for sel, w := range want {
		if shown[sel] != w {
			t.Errorf("printing: %s is %s, want %s", sel, shown[sel], w)
		}
	}
	var tag string
	tb.eval(`document.querySelector(".meta-block .tag").textContent`, &tag)
	if tag != "有效" {
		t.Errorf("printed effectiveness tag %q, want 有效 (沈政发〔2017〕45号 has no end date and is not repealed)", tag)
	}
}

// TestSubPathInBrowser serves the site built for
// https://example.gov.cn/xxgk/ under /xxgk/ and loads pages whose scripts
// fetch files (search) or link assets: no request may fail.
func TestSubPathInBrowser(t *testing.T) {
	files := sample(t, "https://example.gov.cn/xxgk/")
	mux := http.NewServeMux()
	mux.Handle("/xxgk/", http.StripPrefix("/xxgk", FileServer(files)))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	for _, p := range []string{"/xxgk/", "/xxgk/policies/", "/xxgk/policies/shenzhengfa-2017-45/", "/xxgk/catalogue/"} {
		tb.open(p)
		var css bool
		tb.eval(`getComputedStyle(document.querySelector(".site-header")).display !== "inline"`, &css)
		if !css {
			t.Errorf("%s: site.css not applied", p)
		}
	}
	tb.open("/xxgk/search/?q=" + "政务诚信")
	tb.waitSearch()
	var hits []string
	tb.eval(`Array.from(document.querySelectorAll("main a[href*='/policies/']")).map(a => a.getAttribute("href"))`, &hits)
	if len(hits) == 0 {
		t.Errorf("search under /xxgk/ shows no result for 政务诚信")
	}
	for _, h := range hits {
		if !strings.HasPrefix(h, "/xxgk/") && !strings.HasPrefix(h, "https://example.gov.cn/xxgk/") {
			t.Errorf("search result link %q outside /xxgk/", h)
		}
	}
}

// tabTo presses Tab until the element matched by the JavaScript predicate
// has the focus, failing after max presses.
func (tb *tab) tabTo(predicate string, max int) {
	tb.t.Helper()
	for i := 0; i < max; i++ {
		tb.run(chromedp.KeyEvent(kb.Tab))
		var ok bool
		tb.eval(`(() => { const el = document.activeElement; return !!(`+predicate+`); })()`, &ok)
		if ok {
			return
		}
	}
	tb.t.Fatalf("%s: no focus on %s after %d Tab presses", tb.lastPage, predicate, max)
}

// TestKeyboardFilters filters the catalogue with the keyboard only: Tab to
// the 类别 select, ArrowDown picks the first kind (公开承诺, the sample's 5
// commitments of the catalogue's 31 items: 22 documents, 4 credit records on
// display, 5 commitments), and the choice survives a reload through the
// address.
func TestKeyboardFilters(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	tb.open("/catalogue/")
	tb.tabTo(`el.name === "kind"`, 40)
	tb.run(chromedp.KeyEvent(kb.ArrowDown))
	type state struct {
		Value string `json:"value"`
		Shown int    `json:"shown"`
		Count string `json:"count"`
		Query string `json:"query"`
	}
	const read = `(() => ({value: document.querySelector("select[name=kind]").value,
		shown: Array.from(document.querySelectorAll("#catalogue-table tbody tr")).filter(r => !r.hidden).length,
		count: document.querySelector(".filter-count").textContent,
		query: decodeURIComponent(location.search)}))()`
	var s state
	tb.eval(read, &s)
	want := state{Value: "公开承诺", Shown: 5, Count: "显示 5 条，共 31 条", Query: "?kind=公开承诺"}
	if s != want {
		t.Errorf("after ArrowDown on 类别: %+v, want %+v", s, want)
	}
	tb.open("/catalogue/?kind=" + "公开承诺")
	tb.eval(read, &s)
	if s != want {
		t.Errorf("opening the filtered address: %+v, want %+v", s, want)
	}
}

// TestTableScrollBox checks on a phone that the catalogue's wide table
// scrolls in its own box, which is named and reachable with the keyboard.
func TestTableScrollBox(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(360, true)
	tb.open("/catalogue/")
	var label string
	tb.eval(`(() => { const b = document.querySelector("#catalogue-table").parentElement;
		return b.classList.contains("table-scroll") && b.scrollWidth > b.clientWidth && b.getAttribute("tabindex") === "0" && b.getAttribute("role") === "region"
			? b.getAttribute("aria-label") : ""; })()`, &label)
	if label != "政府信息公开目录（31 条）（可左右滚动）" {
		t.Fatalf("catalogue table box: label %q; want a focusable, named scroll region", label)
	}
	tb.tabTo(`el.classList.contains("table-scroll")`, 60)
	tb.run(chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight))
	// Keyboard scrolling may be animated: wait for it to move (or give up).
	var left float64
	tb.eval(`new Promise(r => { const b = document.activeElement, t0 = Date.now();
		(function check() { if (b.scrollLeft > 0 || Date.now() - t0 > 5000) r(b.scrollLeft); else requestAnimationFrame(check); })(); })`, &left)
	if left <= 0 {
		t.Errorf("ArrowRight on the focused table box did not scroll it")
	}
	// On a wide screen the same table fits and leaves the tab order.
	tb.viewport(1280, false)
	tb.eval(`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, nil)
	var tabindex *string
	tb.eval(`document.querySelector("#catalogue-table").parentElement.getAttribute("tabindex")`, &tabindex)
	if tabindex != nil {
		t.Errorf("on a wide screen the table box keeps tabindex=%q", *tabindex)
	}
}

// TestFocusVisible tabs through the first 40 stops of the key pages: every
// element that takes the keyboard focus must show it (WCAG 2.4.7).
func TestFocusVisible(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	tb.viewport(1280, false)
	for _, p := range []string{"/", "/policies/", "/search/?q=" + "政务诚信", "/catalogue/", "/policies/liaozhengban-2016-23/"} {
		tb.open(p)
		if strings.HasPrefix(p, "/search/") {
			tb.waitSearch()
		}
		seen := map[string]bool{}
		for i := 0; i < 40; i++ {
			tb.run(chromedp.KeyEvent(kb.Tab))
			var f struct {
				Desc    string `json:"desc"`
				Visible bool   `json:"visible"`
			}
			tb.eval(`(() => { const el = document.activeElement, cs = getComputedStyle(el);
				const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
				const shadow = cs.boxShadow && cs.boxShadow !== "none";
				return {desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || el.name || "").trim().slice(0, 20),
					visible: el === document.body || outline || shadow}; })()`, &f)
			if seen[f.Desc] {
				continue
			}
			seen[f.Desc] = true
			if !f.Visible {
				t.Errorf("%s: focus on %q is not visible", p, f.Desc)
			}
		}
	}
}
