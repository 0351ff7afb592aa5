package sitecheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusContrast returns, for the focused element, its outline colour and
// the lowest contrast ratio between that colour and the backgrounds just
// outside the ring on its four sides (as composited on screen: a
// half-transparent navigation bar over the red header counts as the dark
// red it shows). Sides outside the viewport are skipped.
const focusContrast = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body) return null;
	const cs = getComputedStyle(el);
	const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
		const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
	const bgOf = e => { const chain = []; for (; e; e = e.parentElement) chain.push(parse(getComputedStyle(e).backgroundColor));
		let c = [255, 255, 255]; for (let i = chain.length - 1; i >= 0; i--) { const [r, g, b, a] = chain[i];
			c = [r * a + c[0] * (1 - a), g * a + c[1] * (1 - a), b * a + c[2] * (1 - a)]; } return c; };
	const lum = c => { const l = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
		return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
	const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
	const ring = parse(cs.outlineColor), width = parseFloat(cs.outlineWidth) || 0;
	// Just outside the ring: inside the element when the ring is drawn inside it.
	const d = (parseFloat(cs.outlineOffset) || 0) + width + 0.5;
	const r = el.getBoundingClientRect(), W = innerWidth, H = innerHeight;
	const pts = [[r.left - d, r.top + r.height / 2], [r.right + d, r.top + r.height / 2], [r.left + r.width / 2, r.top - d], [r.left + r.width / 2, r.bottom + d]];
	let min = Infinity, against = "";
	for (const [x, y] of pts) {
		if (x < 0 || y < 0 || x >= W || y >= H) continue;
		const under = document.elementFromPoint(x, y);
		if (!under || (under !== el && el.contains(under))) continue;
		const bg = bgOf(under), k = ratio(ring.slice(0, 3), bg);
		if (k < min) { min = k; against = "rgb(" + bg.map(Math.round).join(",") + ") of " + under.tagName.toLowerCase() + (under.className && typeof under.className === "string" ? "." + under.className.trim().split(/\s+/)[0] : "") + (under.closest("footer") ? " in the footer" : ""); }
	}
	return {desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || el.name || "").trim().slice(0, 16),
		style: cs.outlineStyle, width, ring: cs.outlineColor, min: min === Infinity ? 0 : min, against};
})()`

// TestFocusRingContrast tabs through the first stops of pages with
// controls on light and dark backgrounds (header, navigation, main, table
// headers, footer), in normal and 适老化 mode, on a wide screen and on a
// phone (where table boxes take the focus): the focus ring must differ from
// what lies next to it by at least 3:1 (WCAG 1.4.11).
func TestFocusRingContrast(t *testing.T) {
	ts := serveSample(t)
	tb := newTab(t, ts)
	checked, footer := 0, 0
	for _, width := range []int64{1280, 360} {
		tb.viewport(width, width < 800)
		for _, elder := range []bool{false, true} {
			tb.open("/")
			tb.setElder(elder)
			for _, p := range []string{"/", "/catalogue/", "/404.html", "/policies/liaozhengban-2016-23/"} {
				tb.open(p)
				seen := map[string]bool{}
				for i := 0; i < 80; i++ {
					tb.run(chromedp.KeyEvent(kb.Tab))
					var f *struct {
						Desc    string  `json:"desc"`
						Style   string  `json:"style"`
						Width   float64 `json:"width"`
						Ring    string  `json:"ring"`
						Min     float64 `json:"min"`
						Against string  `json:"against"`
					}
					tb.eval(focusContrast, &f)
					if f == nil || seen[f.Desc] {
						continue
					}
					seen[f.Desc] = true
					where := fmt.Sprintf("%s at %d px (适老化 %v)", p, width, elder)
					if f.Style == "none" || f.Width < 2 {
						t.Errorf("%s: focus on %q shows no outline", where, f.Desc)
						continue
					}
					if f.Against == "" {
						continue // the ring's surroundings are off screen
					}
					checked++
					if strings.Contains(f.Against, "footer") {
						footer++
					}
					if f.Min < 3 {
						t.Errorf("%s: focus ring %s on %q has %.2f:1 against %s, want at least 3:1", where, f.Ring, f.Desc, f.Min, f.Against)
					}
				}
			}
		}
	}
	if checked < 50 || footer == 0 {
		t.Errorf("checked %d focus rings (%d in the footer); the pages should give more", checked, footer)
	}
}
