// Command screenshots builds the sample site in memory, serves it on a
// local port and saves the README's screenshots with headless Chromium:
//
//	home.png      the home page, desktop
//	document.png  a document page with its metadata block, desktop
//	search.png    the search page with results for 政务诚信, desktop
//	elder.png     the same document page in 适老化 mode, desktop
//
// Run it from the repository root (scripts/screenshots.sh does):
//
//	go run ./internal/cmd/screenshots [-out docs/screenshots]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/generator/sitecheck"
)

// shot is one screenshot: a page at a viewport size, optionally in
// 适老化 mode.
type shot struct {
	file          string
	path          string
	width, height int64
	mobile, elder bool
	waitFor       string // CSS selector that must exist before the capture
}

var shots = []shot{
	{file: "home.png", path: "/", width: 1280, height: 900},
	{file: "document.png", path: "/policies/shenzhengfa-2017-45/", width: 1280, height: 900},
	{file: "search.png", path: "/search/?q=政务诚信", width: 1280, height: 900, waitFor: "main a[href*='/policies/']"},
	{file: "elder.png", path: "/policies/shenzhengfa-2017-45/", width: 1280, height: 900, elder: true},
}

func main() {
	out := flag.String("out", filepath.Join("docs", "screenshots"), "截图保存目录")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "截图失败：", err)
		os.Exit(1)
	}
}

func run(out string) error {
	root, err := sitecheck.RepoRoot()
	if err != nil {
		return err
	}
	fsys, err := sitecheck.SiteFS(root, "")
	if err != nil {
		return err
	}
	ctx := context.Background()
	files, err := sitecheck.Build(ctx, fsys)
	if err != nil {
		return fmt.Errorf("生成示例站点：%w", err)
	}
	ts := httptest.NewServer(sitecheck.FileServer(files))
	defer ts.Close()

	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		return fmt.Errorf("找不到 Chromium（apt-get install -y chromium fonts-wqy-microhei）")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("hide-scrollbars", true))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if err := chromedp.Do(bctx); err != nil {
		return fmt.Errorf("启动 %s：%w", bin, err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, s := range shots {
		img, err := capture(bctx, ts.URL, s)
		if err != nil {
			return fmt.Errorf("%s：%w", s.file, err)
		}
		img, err = recompress(img)
		if err != nil {
			return fmt.Errorf("%s：%w", s.file, err)
		}
		p := filepath.Join(out, s.file)
		if err := os.WriteFile(p, img, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s  %d KB\n", p, len(img)/1024)
	}
	return nil
}

// capture takes one screenshot in a fresh tab, so the emulated viewport and
// the 适老化 choice of one shot do not leak into the next.
func capture(parent context.Context, base string, s shot) ([]byte, error) {
	tctx, cancel := chromedp.NewContext(parent)
	defer cancel()
	ctx, tcancel := context.WithTimeout(tctx, 60*time.Second)
	defer tcancel()
	vp := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
	if s.mobile {
		vp = append(vp, chromedp.EmulateMobile)
	}
	elder := `localStorage.setItem("gk-elder", "0")`
	if s.elder {
		elder = `localStorage.setItem("gk-elder", "1")`
	}
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.EmulateViewport(s.width, s.height, vp...),
		chromedp.Navigate(base + "/"),
		chromedp.Evaluate[chromedp.Void](elder),
		chromedp.Navigate(base + s.path),
	}
	if s.waitFor != "" {
		steps = append(steps, chromedp.WaitReady(chromedp.CSS(s.waitFor)))
	}
	// Let web fonts and late layout settle before the capture.
	steps = append(steps, chromedp.Evaluate[chromedp.Void](`document.fonts.ready`, chromedp.EvalAwaitPromise))
	if err := chromedp.Do(ctx, steps...); err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.CaptureScreenshot())
}

// recompress re-encodes a PNG at the best compression, which makes
// Chromium's quickly compressed screenshots noticeably smaller.
func recompress(b []byte) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	if buf.Len() > len(b) {
		return b, nil
	}
	return buf.Bytes(), nil
}
