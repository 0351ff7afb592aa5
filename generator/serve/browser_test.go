package serve

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/generator/internal/browser"
)

// TestBrowserLiveReload opens a page in Chromium, edits its file and waits
// for the new text without any reload by hand; then breaks the file, sees
// the error overlay, dismisses it with Escape, and fixes the file.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browser.New(t)
	h := start(t, testSite, 0)
	h.expect(1, true)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+pageA)); err != nil {
		t.Fatal(err)
	}
	// A marker on window: it survives only as long as no reload happens.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.gongkaiMarker = 1`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.body.innerText.includes("各地区要高度重视政务诚信建设。")`)
	// Wait until the page's stream is connected, so the edit's event
	// cannot reach it before it listens (it would still reload, from the
	// version check, but this keeps the test about the event).
	waitFor(t, ctx, `!!window.gongkaiEvents && window.gongkaiEvents.readyState === EventSource.OPEN`)

	editFile(t, h.dir, "content/policies/a.md", "各地区要高度重视", "各地区要切实抓好")
	h.expect(2, true)
	waitFor(t, ctx, `document.body.innerText.includes("各地区要切实抓好政务诚信建设。")`)
	if marker, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.gongkaiMarker === 1`)); err != nil || marker {
		t.Errorf("marker still set (%v, %v): the page did not reload", marker, err)
	}

	// A bad edit shows the overlay; Escape closes it.
	editFile(t, h.dir, "content/policies/a.md", `doc_number = "测政发[2026]1号"`, `doc_number = "测政发[2026]1号`)
	h.expect(3, false)
	waitFor(t, ctx, `!!document.querySelector('#gongkai-errors[role="alert"]')`)
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent`))
	if err != nil || focused != "关闭提示（Esc）" {
		t.Errorf("focused element = %q (%v), want the overlay's close button", focused, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\u001b")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!document.getElementById("gongkai-errors")`)

	// The fix reloads the page without the overlay.
	editFile(t, h.dir, "content/policies/a.md", `doc_number = "测政发[2026]1号`, `doc_number = "测政发[2026]1号"`)
	h.expect(4, true)
	waitFor(t, ctx, `document.getElementById("gongkai-live").textContent.includes("var v=4,")`)
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#gongkai-errors").length`)); err != nil || n != 0 {
		t.Errorf("overlays after the fix: %d (%v)", n, err)
	}
}

// TestBrowserUnchangedPageStays: with the edited pages announced first (as
// in gongkai serve), an open page that an edit elsewhere does not change
// is not reloaded; an edit of its own file reloads it.
func TestBrowserUnchangedPageStays(t *testing.T) {
	ctx := browser.New(t)
	h := startEarly(t, writeSite(t, testSite))
	h.expect(1, true)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(h.url+"/gk/news/n1/")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.gongkaiMarker = 1`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `!!window.gongkaiEvents && window.gongkaiEvents.readyState === EventSource.OPEN`)

	editFile(t, h.dir, "content/policies/a.md", "各地区要高度重视", "各地区要切实抓好")
	h.expect(2, true) // a's page
	h.expect(3, true) // the rest of the build
	h.srv.buildMu.Lock()
	h.srv.buildMu.Unlock()
	time.Sleep(300 * time.Millisecond) // time for a reload to begin, if one were wrongly made
	if marker, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.gongkaiMarker === 1`)); err != nil || !marker {
		t.Errorf("the news page reloaded after an edit that did not change it (marker %v, %v)", marker, err)
	}

	editFile(t, h.dir, "content/news/n1.md", "新闻正文。", "新闻的新正文。")
	waitFor(t, ctx, `document.body.innerText.includes("新闻的新正文。")`)
	if marker, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.gongkaiMarker === 1`)); err != nil || marker {
		t.Errorf("marker still set (%v, %v): the page did not reload", marker, err)
	}
}

// waitFor evaluates a JavaScript expression until it is true. It does not
// use chromedp.Poll, which fails when the page reloads under it, and a
// reload is what the test waits for.
func waitFor(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	var lastErr error
	wctx, wcancel := context.WithTimeout(ctx, 45*time.Second)
	defer wcancel()
	for wctx.Err() == nil {
		// A short timeout for each try: an evaluation that starts while
		// the page reloads can wait for a context that never comes.
		tctx, cancel := context.WithTimeout(wctx, 2*time.Second)
		ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	page, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 3000)`))
	t.Fatalf("waiting for %s: %v (last error: %v); page (%v):\n%s", expr, wctx.Err(), lastErr, err, page)
}
