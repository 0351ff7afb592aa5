// Package browser starts a headless Chromium for the browser tests of gongkai
// (live reload, accessibility). It hides the chromedp setup that every such
// test needs: finding the binary, the flags for a machine without network,
// a throw-away profile, skipping when no browser is installed, and shutting
// the browser down when the test ends.
package browser

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// RequireEnv names the environment variable that turns a missing browser
// from a skipped test into a failed one (CI sets it to 1).
const RequireEnv = "GONGKAI_REQUIRE_BROWSER"

// candidates are the binary names tried in order; "chromium" is the Debian
// package name and comes first.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"}

// Path returns the browser binary found on PATH, or "" when there is none.
func Path() string {
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New returns a chromedp context with a running headless browser and one
// open tab. When no browser is installed, the test is skipped, or failed if
// GONGKAI_REQUIRE_BROWSER=1. The browser is closed and its profile removed
// when the test ends. Use the context with chromedp.Do and chromedp.Run;
// derive timeouts from it with context.WithTimeout as needed.
func New(t testing.TB) context.Context {
	t.Helper()
	bin := Path()
	if bin == "" {
		msg := "no chromium binary on PATH (install: apt-get install -y chromium fonts-wqy-microhei); browser test skipped"
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("%s=1 but %s", RequireEnv, msg)
		}
		t.Skip(msg)
	}
	// Chromium now and then exits while starting on a loaded machine
	// ("chrome failed to start", seen once in some thirty starts while
	// other tests ran): a failed start is tried again, twice, before the
	// test fails.
	var errs []error
	for attempt := 1; attempt <= 3; attempt++ {
		ctx, err := start(t, bin)
		if err == nil {
			return ctx
		}
		errs = append(errs, err)
		time.Sleep(time.Duration(attempt) * 500 * time.Millisecond)
	}
	t.Fatalf("starting %s failed 3 times: %v", bin, errors.Join(errs...))
	return nil
}

// start starts one browser with a fresh profile and opens a tab. On
// failure everything it started is stopped.
func start(t testing.TB, bin string) (context.Context, error) {
	// Registered before the browser's cleanup, so removed after the browser
	// has exited (cleanups run last-in first-out).
	profile := t.TempDir()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithLogf(func(string, ...any) {}))
	// Start the browser now so a broken installation fails here, with a
	// clear message, rather than in the first action of the test.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		acancel()
		return nil, err
	}
	t.Cleanup(func() {
		// Close gracefully so Chromium flushes and releases the profile
		// folder before TempDir's cleanup removes it.
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		_ = chromedp.Cancel(cctx)
		ccancel()
		cancel()
		acancel()
	})
	return ctx, nil
}
