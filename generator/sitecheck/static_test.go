package sitecheck

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// metaNames are the tags the 政府网站 inspection rules require on every page
// (《政府网站发展指引》 metadata), each with a non-empty value.
var metaNames = []string{"SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType",
	"ArticleTitle", "PubDate", "ContentSource", "Keywords", "Description", "Url"}

var metaTag = regexp.MustCompile(`<meta\s+name="?([A-Za-z]+)"?\s+content="([^"]*)"`)

func TestMetaTagsOnEveryPage(t *testing.T) {
	files := sample(t, "")
	pages := HTMLPages(files)
	if len(pages) < 100 {
		t.Fatalf("only %d pages in the sample site", len(pages))
	}
	for _, p := range pages {
		got := map[string]string{}
		for _, m := range metaTag.FindAllStringSubmatch(string(files[p]), -1) {
			got[m[1]] = html.UnescapeString(m[2])
		}
		for _, name := range metaNames {
			v, ok := got[name]
			switch {
			case !ok:
				t.Errorf("%s: no <meta name=%q>", p, name)
			case strings.TrimSpace(v) == "":
				t.Errorf("%s: <meta name=%q> is empty", p, name)
			}
		}
	}
}

// TestMetaValues checks the values on a document page against the source
// (content/policies/shenzhengfa-2017-45.md and config.toml).
func TestMetaValues(t *testing.T) {
	files := sample(t, "")
	page := string(files["policies/shenzhengfa-2017-45/index.html"])
	got := map[string]string{}
	for _, m := range metaTag.FindAllStringSubmatch(page, -1) {
		got[m[1]] = html.UnescapeString(m[2])
	}
	want := map[string]string{
		"SiteName":      "示例市人民政府",
		"SiteDomain":    "www.example.gov.cn",
		"SiteIDCode":    "0000000000",
		"ColumnName":    "政策文件",
		"ColumnType":    "文章页",
		"ArticleTitle":  "沈阳市人民政府关于印发沈阳市加强政务诚信建设工作方案的通知",
		"PubDate":       "2018-07-07",
		"ContentSource": "沈阳市人民政府",
		"Keywords":      "政务诚信,信用沈阳,失信惩戒",
		"Url":           "https://www.example.gov.cn/policies/shenzhengfa-2017-45/",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("meta %s = %q, want %q", k, got[k], v)
		}
	}
}

var h1Tag = regexp.MustCompile(`<h1[\s>]`)

func TestOneH1PerPage(t *testing.T) {
	files := sample(t, "")
	for _, p := range HTMLPages(files) {
		if n := len(h1Tag.FindAllIndex(files[p], -1)); n != 1 {
			t.Errorf("%s: %d <h1> elements, want 1", p, n)
		}
	}
}

var timeAttr = regexp.MustCompile(`<time\s[^>]*datetime="?([^"\s>]*)`)

// TestTimeElements checks that every <time> carries a machine-readable
// date; an undated document must not produce datetime="".
func TestTimeElements(t *testing.T) {
	files := sample(t, "")
	n := 0
	for _, p := range HTMLPages(files) {
		for _, m := range timeAttr.FindAllStringSubmatch(string(files[p]), -1) {
			n++
			if !regexp.MustCompile(`^\d{4}-\d\d-\d\d$`).MatchString(m[1]) {
				t.Errorf("%s: <time datetime=%q>", p, m[1])
			}
		}
	}
	if n == 0 {
		t.Error("no <time> elements found")
	}
}

var (
	htmlLang   = regexp.MustCompile(`<html[^>]*\slang="?([^"\s>]*)`)
	articleTag = regexp.MustCompile(`<article\s[^>]*class="?document[^>]*>`)
	langAttr   = regexp.MustCompile(`\slang="?([^"\s>]*)`)
	anyLang    = regexp.MustCompile(`\slang(=("[^"]*"|[^\s>]*))?[\s>]`)
)

// traditional lists the sample documents written in Traditional characters
// (checked by reading content/: 遼政辦〔2016〕23號 and the five 实施方案 from
// seeds/002, whose front matter and bodies use 關、為、務、號 …).
var traditional = map[string]bool{
	"policies/liaozhengban-2016-23/index.html":                                     true,
	"policies/a-shi-zhengwu-chengxin-shishi-fangan/index.html":                     true,
	"policies/jiayuguan-zhengwu-chengxin-shishi-fangan/index.html":                 true,
	"policies/mianyang-anquan-shengchan-chengxin-tixi-shishi-fangan/index.html":    true,
	"policies/nanjing-tongji-lingyu-zhengwu-chengxin-shishi-fangan/index.html":     true,
	"policies/zhengwu-fuwu-zhongxin-zuofeng-jianshe-nian-shishi-fangan/index.html": true,
}

func TestLang(t *testing.T) {
	files := sample(t, "")
	articles := 0
	for _, p := range HTMLPages(files) {
		page := string(files[p])
		m := htmlLang.FindStringSubmatch(page)
		if m == nil || (m[1] != "zh-Hans" && m[1] != "zh-Hant") {
			t.Errorf("%s: <html> needs lang=\"zh-Hans\" (or zh-Hant), got %q", p, m)
			continue
		}
		// An empty lang="" declares the language unknown, which is worse
		// than none.
		for _, l := range anyLang.FindAllStringSubmatch(page, -1) {
			if v := strings.Trim(l[2], `"`); v != "zh-Hans" && v != "zh-Hant" {
				t.Errorf("%s: lang attribute %q; want zh-Hans or zh-Hant", p, strings.TrimSpace(l[0]))
			}
		}
		tag := articleTag.FindString(page)
		if tag == "" {
			continue
		}
		if strings.HasPrefix(p, "policies/") || strings.HasPrefix(p, "news/") || strings.HasPrefix(p, "interpretations/") {
			articles++
		}
		lang, own := m[1], ""
		if a := langAttr.FindStringSubmatch(tag); a != nil {
			lang, own = a[1], a[1]
		}
		want := "zh-Hans"
		if traditional[p] {
			want = "zh-Hant"
		}
		if lang != want {
			t.Errorf("%s: the document is read as %s (html lang %q, article lang %q), want %s", p, lang, m[1], own, want)
		}
	}
	// 13 policies, 1 interpretation, 8 news items in content/.
	if articles != 22 {
		t.Errorf("%d document articles, want 22", articles)
	}
}

var (
	attrURL = regexp.MustCompile(`\s(?:href|src)="?([^"\s>]*)`)
	attrID  = regexp.MustCompile(`\s(?:id|name)="?([^"\s>]+)`)
)

// site maps the URLs of a built site to its files.
type site struct {
	files map[string][]byte
	base  *url.URL // base_url
	ids   map[string]map[string]bool
}

func newSite(files map[string][]byte, baseURL string) *site {
	u, err := url.Parse(baseURL)
	if err != nil {
		panic(err)
	}
	return &site{files: files, base: u, ids: map[string]map[string]bool{}}
}

// file returns the output file a site path (below the base path) is served
// from, or "" when there is none. Folders are served by their index.html.
func (s *site) file(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	if _, ok := s.files[p]; ok {
		return p
	}
	if _, ok := s.files[p+"/index.html"]; ok {
		return p + "/index.html"
	}
	return ""
}

// idsOf returns the id and name attributes of an HTML file.
func (s *site) idsOf(file string) map[string]bool {
	if ids, ok := s.ids[file]; ok {
		return ids
	}
	ids := map[string]bool{}
	for _, m := range attrID.FindAllStringSubmatch(string(s.files[file]), -1) {
		ids[html.UnescapeString(m[1])] = true
	}
	s.ids[file] = ids
	return ids
}

// resolve checks one URL found in from (an output path). It returns "" when
// the URL is external or resolves, and the problem otherwise.
func (s *site) resolve(from, raw string) string {
	raw = html.UnescapeString(raw)
	if raw == "" {
		return "empty URL"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return err.Error()
	}
	if u.Scheme == "mailto" || u.Scheme == "tel" || u.Scheme == "data" || u.Scheme == "javascript" {
		return ""
	}
	var target string // output path
	switch {
	case u.Scheme != "" || u.Host != "":
		if u.Host != s.base.Host {
			return "" // external
		}
		if !strings.HasPrefix(u.Path, s.base.Path) {
			return fmt.Sprintf("on the site's host but outside base_url %s", s.base)
		}
		target = s.file(strings.TrimPrefix(u.Path, s.base.Path))
	case u.Path == "":
		target = from
	case strings.HasPrefix(u.Path, "/"):
		if !strings.HasPrefix(u.Path, s.base.Path) {
			return fmt.Sprintf("root-relative path outside the base path %s", s.base.Path)
		}
		target = s.file(strings.TrimPrefix(u.Path, s.base.Path))
	default:
		target = s.file(path.Join(path.Dir(from), u.Path) + map[bool]string{true: "/", false: ""}[strings.HasSuffix(u.Path, "/")])
	}
	if target == "" {
		return "no such file in the output"
	}
	if u.Fragment != "" && strings.HasSuffix(target, ".html") && !s.idsOf(target)[u.Fragment] {
		return fmt.Sprintf("no id %q in %s", u.Fragment, target)
	}
	return ""
}

// checkLinks checks every href and src of every HTML page.
func checkLinks(t *testing.T, files map[string][]byte, baseURL string, extra func(page, raw string)) {
	t.Helper()
	s := newSite(files, baseURL)
	links := 0
	for _, p := range sortedKeys(files) {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		for _, m := range attrURL.FindAllStringSubmatch(string(files[p]), -1) {
			links++
			if extra != nil {
				extra(p, m[1])
			}
			if problem := s.resolve(p, m[1]); problem != "" {
				t.Errorf("%s: link %q: %s", p, m[1], problem)
			}
		}
	}
	if links < 1000 {
		t.Errorf("only %d links found; is the pattern still right?", links)
	}
}

func TestInternalLinksAndAnchors(t *testing.T) {
	checkLinks(t, sample(t, ""), "https://www.example.gov.cn/", nil)
}

func TestAnchorsAreChecked(t *testing.T) {
	// The checker itself: a missing id must be found.
	s := newSite(map[string][]byte{"a/index.html": []byte(`<p id="x">`), "b.css": nil}, "https://e.gov.cn/")
	for raw, want := range map[string]string{
		"/a/#x": "", "/a/#y": `no id "y" in a/index.html`, "/a": "", "/b.css": "", "/c/": "no such file in the output",
		"#x": "", "https://e.gov.cn/a/": "", "https://other.cn/": "", "/%E6%94%BF/": "no such file in the output",
	} {
		if got := s.resolve("a/index.html", raw); got != want {
			t.Errorf("resolve(%q) = %q, want %q", raw, got, want)
		}
	}
}

// atom is the part of an Atom feed the test reads.
type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// atomTime is an RFC 3339 date-time; a year before 1990 means a zero date
// leaked out (no document on a disclosure site is that old).
var atomTime = regexp.MustCompile(`^(199\d|2\d{3})-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$`)

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

// checkFeeds parses the feeds and the sitemap and resolves their URLs.
func checkFeeds(t *testing.T, files map[string][]byte, baseURL string) {
	t.Helper()
	s := newSite(files, baseURL)
	abs := func(where, u string) {
		if !strings.HasPrefix(u, baseURL) {
			t.Errorf("%s: URL %q does not start with base_url %s", where, u, baseURL)
			return
		}
		if problem := s.resolve("", u); problem != "" {
			t.Errorf("%s: %s: %s", where, u, problem)
		}
	}
	// Entries per feed, counted from content/: 13 policies, 1
	// interpretation, 8 news items.
	for feed, entries := range map[string]int{"feed.xml": 22, "policies/feed.xml": 13, "interpretations/feed.xml": 1, "news/feed.xml": 8} {
		var f atom
		if err := xml.Unmarshal(files[feed], &f); err != nil {
			t.Errorf("%s: %v", feed, err)
			continue
		}
		if f.Title == "" || !atomTime.MatchString(f.Updated) {
			t.Errorf("%s: title %q, updated %q", feed, f.Title, f.Updated)
		}
		if len(f.Entries) != entries {
			t.Errorf("%s: %d entries, want %d", feed, len(f.Entries), entries)
		}
		for _, l := range f.Links {
			abs(feed, l.Href)
		}
		var undated []string
		for _, e := range f.Entries {
			if e.Title == "" {
				t.Errorf("%s: entry %s has no title", feed, e.ID)
			}
			if !atomTime.MatchString(e.Updated) {
				undated = append(undated, e.Updated+" "+e.ID)
			}
			abs(feed, e.Link.Href)
			abs(feed, e.ID)
		}
		if len(undated) > 0 {
			t.Errorf("%s: %d entries without a valid <updated>, e.g. %s", feed, len(undated), undated[0])
		}
	}
	var sm urlset
	if err := xml.Unmarshal(files["sitemap.xml"], &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	dated := 0
	for _, u := range sm.URLs {
		abs("sitemap.xml", u.Loc)
		if u.LastMod != "" {
			dated++
			if !regexp.MustCompile(`^\d{4}-\d\d-\d\d$`).MatchString(u.LastMod) {
				t.Errorf("sitemap.xml: %s: lastmod %q is not a W3C date", u.Loc, u.LastMod)
			}
		}
	}
	// Every page is listed: the 404 page and the redirects of old
	// addresses (meta refresh) aside.
	listed := map[string]bool{}
	for _, u := range sm.URLs {
		loc, err := url.PathUnescape(u.Loc)
		if err != nil {
			t.Errorf("sitemap.xml: %s: %v", u.Loc, err)
		}
		listed[loc] = true
	}
	for p, b := range files {
		if !strings.HasSuffix(p, ".html") || p == "404.html" || bytes.Contains(b, []byte(`http-equiv="refresh"`)) {
			continue
		}
		if u := baseURL + strings.TrimSuffix(p, "index.html"); !listed[u] {
			t.Errorf("sitemap.xml does not list %s", u)
		}
	}
	// Seven documents in content/ state a published or signed date; the
	// others say in `missing` that the source gave none.
	if dated != 7 {
		t.Errorf("sitemap.xml: %d URLs with lastmod, want 7 (the documents with a date)", dated)
	}
	robots := string(files["robots.txt"])
	if !strings.Contains(robots, "Sitemap: "+baseURL+"sitemap.xml\n") {
		t.Errorf("robots.txt does not point at %ssitemap.xml:\n%s", baseURL, robots)
	}
}

func TestFeedsAndSitemap(t *testing.T) {
	checkFeeds(t, sample(t, ""), "https://www.example.gov.cn/")
}

// TestBaseURLWithSubPath builds the sample for https://example.gov.cn/xxgk/:
// every link must stay inside /xxgk/ and still resolve.
func TestBaseURLWithSubPath(t *testing.T) {
	const base = "https://example.gov.cn/xxgk/"
	files := sample(t, base)
	checkLinks(t, files, base, func(page, raw string) {
		raw = html.UnescapeString(raw)
		if !strings.HasPrefix(raw, "/xxgk/") && !strings.HasPrefix(raw, "#") && !regexp.MustCompile(`^[a-z]+:`).MatchString(raw) {
			t.Errorf("%s: link %q neither starts with /xxgk/ nor is absolute or an anchor", page, raw)
		}
	})
	checkFeeds(t, files, base)
	for _, p := range HTMLPages(files) {
		for _, m := range metaTag.FindAllStringSubmatch(string(files[p]), -1) {
			if m[1] == "Url" && !strings.HasPrefix(m[2], base) {
				t.Errorf("%s: meta Url %q outside %s", p, m[2], base)
			}
		}
	}
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
