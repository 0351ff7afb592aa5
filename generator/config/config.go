// Package config reads a site's config.toml. Unknown keys are errors that
// name the nearest known key, like unknown front-matter keys.
package config

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"gongkai/generator/diag"
	"gongkai/generator/model"
	"gongkai/generator/pii"
)

// Config is the site configuration. TOML keys are given in the tags.
type Config struct {
	Title        string              `toml:"title"`         // 网站名称 (SiteName)
	BaseURL      string              `toml:"base_url"`      // e.g. https://example.gov.cn/xxgk/
	Domain       string              `toml:"domain"`        // SiteDomain; default: the host of base_url
	SiteIDCode   string              `toml:"site_id_code"`  // 网站标识码
	ICP          string              `toml:"icp"`           // ICP备案号
	PoliceRecord string              `toml:"police_record"` // 公安机关备案号
	Organ        string              `toml:"organ"`         // the office running the site (ContentSource default)
	Contact      string              `toml:"contact"`       // footer contact line
	AsOf         string              `toml:"as_of"`         // fixes "today" (YYYY-MM-DD); --as-of overrides
	IndexPattern string              `toml:"index_pattern"` // 索引号 pattern, default "{organ_code}/{year}-{serial:05}"
	OrganCodes   map[string]string   `toml:"organ_codes"`   // 发文机关 → code used in 索引号
	Units        map[string][]string `toml:"units"`         // canonical unit name → aliases
	PageSize     int                 `toml:"page_size"`     // entries per listing page, default 50
	AllowPII     []string            `toml:"allow_pii"`     // numbers in title, organ and contact that are not personal data

	Disclosure struct {
		EnforceReview bool `toml:"enforce_review"` // review_by in the past is an error, not a warning
	} `toml:"disclosure"`

	Checks struct {
		// DuplicateNumbers: "error" (default) or "warn". Archives imported
		// from old systems often carry the same 发文字号 twice; with "warn"
		// the build goes on, and the number stands for the first document
		// (by file path) that claims it.
		DuplicateNumbers string `toml:"duplicate_numbers"`
	} `toml:"checks"`

	Credit struct {
		// Display periods in months, by severity: [minimum, maximum].
		// 国家发展改革委令第36号: 轻微 not shown; 一般 3–12; 严重 12–36.
		Periods      map[string][2]int `toml:"periods"`
		ShowDisputed *bool             `toml:"show_disputed"` // show 异议处理中 records (default true)
		MaskNames    *bool             `toml:"mask_names"`    // mask natural persons' names (default true)
	} `toml:"credit"`

	// Derived.
	BasePath string     `toml:"-"` // path of base_url, always ending in "/": "/xxgk/"
	AsOfDate model.Date `toml:"-"`
}

const DefaultIndexPattern = "{organ_code}/{year}-{serial:05}"

// Parse decodes config.toml. Problems are added to diags with positions in
// file; the returned Config has defaults filled in even when there were errors.
func Parse(file string, data []byte, diags *diag.List) *Config {
	c := &Config{}
	md, err := toml.Decode(string(data), c)
	if err != nil {
		diags.Add(TOMLError(file, 0, data, err))
	} else {
		for _, k := range md.Undecoded() {
			name := k.String()
			diags.Errorf(model.Pos{File: file, Line: KeyLine(data, k[len(k)-1])}, suggest(name, known()),
				"未知的配置项 %q", name)
		}
	}
	c.fill(file, data, diags)
	return c
}

func (c *Config) fill(file string, data []byte, diags *diag.List) {
	if c.Title == "" {
		c.Title = "政府信息公开"
	}
	if c.IndexPattern == "" {
		c.IndexPattern = DefaultIndexPattern
	}
	if c.PageSize <= 0 {
		c.PageSize = 50
	}
	c.BasePath = "/"
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			diags.Errorf(model.Pos{File: file, Line: KeyLine(data, "base_url")}, "写成完整地址，如 https://www.example.gov.cn/xxgk/",
				"base_url %q 不是完整的网址", c.BaseURL)
		} else {
			p := u.Path
			if !strings.HasSuffix(p, "/") {
				p += "/"
			}
			c.BasePath = p
			c.BaseURL = u.Scheme + "://" + u.Host + p
			if c.Domain == "" {
				c.Domain = u.Host
			}
		}
	}
	// Every page shows these: a mobile number in the contact line is as
	// public as one in a document.
	for _, f := range []struct{ key, val string }{{"title", c.Title}, {"organ", c.Organ}, {"contact", c.Contact}} {
		for _, h := range pii.ScanNumbers(f.val) {
			if !slices.Contains(c.AllowPII, h.Text) {
				diags.Errorf(model.Pos{File: file, Line: KeyLine(data, f.key)}, h.Fix()+"（如办公电话）；若确非个人信息，写 allow_pii = [\""+h.Text+"\"]",
					"%s 中发现未遮蔽的%s %s", f.key, h.Kind, h.Text)
			}
		}
	}
	if c.AsOf != "" {
		d, err := model.ParseISO(c.AsOf)
		if err != nil {
			diags.Errorf(model.Pos{File: file, Line: KeyLine(data, "as_of")}, "写成 as_of = \"2026-01-31\"", "as_of: %v", err)
		}
		c.AsOfDate = d
	}
	switch c.Checks.DuplicateNumbers {
	case "":
		c.Checks.DuplicateNumbers = "error"
	case "error", "warn":
	default:
		diags.Errorf(model.Pos{File: file, Line: KeyLine(data, "duplicate_numbers")}, "可选 \"error\" 或 \"warn\"", "checks.duplicate_numbers 的值 %q 无效", c.Checks.DuplicateNumbers)
	}
	if c.Credit.Periods == nil {
		c.Credit.Periods = map[string][2]int{}
	}
	for k, v := range map[string][2]int{"轻微": {0, 0}, "一般": {3, 12}, "严重": {12, 36}} {
		if _, ok := c.Credit.Periods[k]; !ok {
			c.Credit.Periods[k] = v
		}
	}
	if c.Credit.ShowDisputed == nil {
		t := true
		c.Credit.ShowDisputed = &t
	}
	if c.Credit.MaskNames == nil {
		t := true
		c.Credit.MaskNames = &t
	}
}

// known lists the valid dotted keys.
func known() []string {
	return []string{"title", "base_url", "domain", "site_id_code", "icp", "police_record", "organ", "contact",
		"allow_pii", "as_of", "index_pattern", "organ_codes", "units", "page_size", "disclosure.enforce_review",
		"credit.periods", "credit.show_disputed", "credit.mask_names", "checks.duplicate_numbers"}
}

func suggest(name string, cands []string) string {
	if n := diag.Nearest(name, cands); n != "" {
		return fmt.Sprintf("是否想写 %q？", n)
	}
	return "可用的配置项：" + strings.Join(cands, "、")
}

// UnitCanon returns a function mapping a unit name to its canonical name
// through the [units] aliases.
func (c *Config) UnitCanon() func(string) string {
	m := map[string]string{}
	names := make([]string, 0, len(c.Units))
	for k := range c.Units {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, a := range c.Units[k] {
			m[a] = k
		}
	}
	return func(s string) string {
		if v, ok := m[s]; ok {
			return v
		}
		return s
	}
}

// URL returns the site path p (starting with "/") below the base path.
func (c *Config) URL(p string) string {
	if c.BasePath == "/" && strings.HasPrefix(p, "/") {
		return p // the usual case: no new string
	}
	return c.BasePath + strings.TrimPrefix(p, "/")
}

// AbsURL returns the absolute URL of site path p.
func (c *Config) AbsURL(p string) string {
	if c.BaseURL == "" {
		return c.URL(p)
	}
	return c.BaseURL + strings.TrimPrefix(p, "/")
}
