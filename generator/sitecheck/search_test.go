package sitecheck

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/generator/internal/browser"
)

// The browser tests of issue 4 on the sample site itself. Expected results
// come from the sources: 沈政发〔2017〕45号 is content/policies/
// shenzhengfa-2017-45.md (Simplified, about 政务诚信); the 嘉峪关 and 南京
// plans (content/policies/jiayuguan-…, nanjing-…) are written in
// Traditional characters (政務誠信); 成府发〔2012〕44号 (chengfufa-2012-44)
// is 失效 and 成府发〔2018〕12号 (chengfufa-2018-12) is 有效, both
// 成都市人民政府.

// searchHits opens the search page with query string qs and returns the
// paths of the results in order, with the status line.
func searchHits(t *testing.T, ctx context.Context, base, qs string) ([]string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/?"+qs)); err != nil {
		t.Fatalf("%s: %v", qs, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => {
		const s = document.querySelector('.s-status');
		if (!s) return false;
		const t = s.textContent;
		// Result links get their href when the display data has arrived.
		const a = [...document.querySelectorAll('.s-hit .s-title a')];
		return t.startsWith('找到') ? a.length > 0 && a.every(x => x.getAttribute('href')) : t.startsWith('没有');
	})()`)); err != nil {
		t.Fatalf("%s: waiting for results: %v", qs, err)
	}
	hits, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.s-hit .s-title a')].map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.s-status').textContent`))
	if err != nil {
		t.Fatal(err)
	}
	return hits, status
}

func q(s string) string { return "q=" + url.QueryEscape(s) }

func TestSampleSearch(t *testing.T) {
	for _, ranges := range []bool{true, false} {
		rangeRequests = ranges
		t.Run(map[bool]string{true: "range", false: "whole-files"}[ranges], testSampleSearch)
	}
	rangeRequests = false
}

func testSampleSearch(t *testing.T) {
	ctx := browser.New(t)
	ts := serveSample(t)
	const (
		shen     = "/policies/shenzhengfa-2017-45/"
		jiayu    = "/policies/jiayuguan-zhengwu-chengxin-shishi-fangan/"
		nanjing  = "/policies/nanjing-tongji-lingyu-zhengwu-chengxin-shishi-fangan/"
		cheng44  = "/policies/chengfufa-2012-44/"
		cheng12  = "/policies/chengfufa-2018-12/"
		withheld = "/policies/shili-huiyi-jiyao-taolungao/"
	)
	// Traditional query, Simplified documents — and the reverse.
	hits, status := searchHits(t, ctx, ts.URL, q("政務誠信"))
	if !slices.Contains(hits, shen) {
		t.Errorf("政務誠信 does not find the Simplified %s: %v (%s)", shen, hits, status)
	}
	hits, status = searchHits(t, ctx, ts.URL, q("政务诚信"))
	for _, want := range []string{jiayu, nanjing, shen} {
		if !slices.Contains(hits, want) {
			t.Errorf("政务诚信 does not find %s: %v (%s)", want, hits, status)
		}
	}
	if slices.Contains(hits, withheld) {
		t.Errorf("the withheld sample item is searchable")
	}
	// A 发文字号 typed in another form finds its document first.
	for _, form := range []string{"沈政发2017 45号", "瀋政發〔2017〕45號", "沈政发[2017]45号"} {
		hits, status = searchHits(t, ctx, ts.URL, q(form))
		if len(hits) == 0 || hits[0] != shen {
			t.Errorf("%s: %v (%s), want %s first", form, hits, status, shen)
		}
	}
	// A result in Traditional script carries its lang (screen readers read
	// it with the right voice); a Simplified one carries none.
	for num, want := range map[string]string{"辽政办〔2016〕23号": "zh-Hant", "沈政发〔2017〕45号": ""} {
		searchHits(t, ctx, ts.URL, q(num))
		lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('.s-hit .s-title a').getAttribute('lang') || '') + '|' + (document.querySelector('.s-hit .s-snippet').getAttribute('lang') || '')`))
		if err != nil {
			t.Fatal(err)
		}
		if lang != want+"|"+want {
			t.Errorf("%s: first result's title|snippet lang %q, want %q", num, lang, want+"|"+want)
		}
	}
	// A filter by tag narrows the results.
	all, _ := searchHits(t, ctx, ts.URL, q("成都市人民政府"))
	if !slices.Contains(all, cheng44) || !slices.Contains(all, cheng12) {
		t.Fatalf("成都市人民政府: %v", all)
	}
	expired, status := searchHits(t, ctx, ts.URL, q("成都市人民政府")+"&tag="+url.QueryEscape("失效"))
	if !slices.Equal(expired, []string{cheng44}) {
		t.Errorf("tag=失效: %v (%s), want only %s", expired, status, cheng44)
	}
	// A result link opens its page.
	ctx2, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	searchHits(t, ctx2, ts.URL, q("沈政发2017 45号"))
	if err := chromedp.Do(ctx2, chromedp.Click(`.s-hit .s-title a`), chromedp.WaitVisible(`article.document h1`)); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx2, chromedp.Text(`article.document h1`))
	if err != nil {
		t.Fatal(err)
	}
	if title != "沈阳市人民政府关于印发沈阳市加强政务诚信建设工作方案的通知" {
		t.Errorf("the first result opened %q", title)
	}
	// A query that matches nothing says so and suggests the library.
	hits, status = searchHits(t, ctx, ts.URL, q("量子纠缠"))
	empty, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.s-empty').textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 0 || !strings.Contains(empty, "没有找到") || !strings.Contains(empty, "政策文件库") {
		t.Errorf("no-results: %v %q %q", hits, status, empty)
	}
}
