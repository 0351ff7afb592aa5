// Package config reads a site's config.toml. Unknown keys are errors that
// name the nearest known key, like unknown front-matter keys.
package config

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"gongkai/generator/diag"
	"gongkai/generator/hanfold"
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
		// Read from PeriodsRaw (as written, checked in fill), defaults
		// filled in.
		Periods      map[string][2]int `toml:"-"`
		PeriodsRaw   any               `toml:"periods"`
		ShowDisputed *bool             `toml:"show_disputed"` // show 异议处理中 records (default true)
		MaskNames    *bool             `toml:"mask_names"`    // mask natural persons' names (default true)
	} `toml:"credit"`

	// Derived.
	unitPos  map[[2]string]model.Pos // where each [units] alias is written
	BasePath string                  `toml:"-"` // path of base_url, always ending in "/": "/xxgk/"
	AsOfDate model.Date              `toml:"-"`
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
			if len(k) > 2 && k[0] == "credit" && k[1] == "periods" {
				continue // kept as written: checked in fill
			}
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
	c.Credit.Periods = periods(file, data, c.Credit.PeriodsRaw, diags)
	c.unitPos = unitPositions(file, data, c.Units)
	for k, v := range DefaultPeriods {
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

// Severities are the severities of credit records, mildest first.
var Severities = []string{"轻微", "一般", "严重"}

// DefaultPeriods are the display periods in months by severity, from
// 国家发展改革委令第36号: 轻微 not shown; 一般 3–12; 严重 12–36.
var DefaultPeriods = map[string][2]int{"轻微": {0, 0}, "一般": {3, 12}, "严重": {12, 36}}

// periods checks [credit.periods] as decoded: each key a severity, each
// value two whole numbers of months, neither negative, the minimum not
// above the maximum. Only valid entries are returned.
func periods(file string, data []byte, raw any, diags *diag.List) map[string][2]int {
	out := map[string][2]int{}
	if raw == nil {
		return out
	}
	const example = "写成 \"一般\" = [3, 12]：最短和最长公示期限（月）"
	m, ok := raw.(map[string]any)
	if !ok {
		diags.Errorf(model.Pos{File: file, Line: KeyLine(data, "periods"), Col: 1}, "写成表 [credit.periods]，每行 "+example[len("写成 "):],
			"credit.periods 应是一个表（各失信程度的公示期限）")
		return out
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		at := model.Pos{File: file, Line: SectionKeyLine(data, "credit.periods", k), Col: 1}
		if at.Line == 0 {
			at.Line = KeyLine(data, "periods")
		}
		if !slices.Contains(Severities, k) {
			fix := "失信程度只有 " + strings.Join(Severities, "、")
			if n := diag.Nearest(k, Severities); n != "" {
				fix = fmt.Sprintf("是否想写 %q？（%s）", n, fix)
			}
			diags.Errorf(at, fix, "credit.periods 中没有失信程度 %q", k)
			continue
		}
		arr, _ := m[k].([]any)
		var v [2]int
		ok := len(arr) == 2
		for i := 0; ok && i < 2; i++ {
			n, isInt := arr[i].(int64)
			ok = isInt && n >= -1<<31 && n <= 1<<31-1
			v[i] = int(n)
		}
		switch {
		case !ok:
			diags.Errorf(at, example, "%s的公示期限应是两个整数 [最短, 最长]，写的是 %s", k, tomlValue(m[k]))
		case v[0] < 0 || v[1] < 0:
			diags.Errorf(at, example+"；不公示写 [0, 0]", "%s的公示期限 [%d, %d] 不能是负数", k, v[0], v[1])
		case v[0] > v[1]:
			diags.Errorf(at, fmt.Sprintf("最短期限写在前面：[%d, %d]", v[1], v[0]), "%s的最短公示期限 %d 个月大于最长期限 %d 个月", k, v[0], v[1])
		default:
			out[k] = v
		}
	}
	return out
}

// tomlValue writes a decoded TOML value roughly as it was written.
func tomlValue(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = tomlValue(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
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

// UnitKey is the form in which unit names are matched against the [units]
// aliases: hanfold.FoldString, so that a name matches whatever its script
// (市屬各部門, 市属各部门), the width of its brackets and letters (市发展改革委
// (信用中心), 市发展改革委（信用中心）) and its letter case.
func UnitKey(s string) string { return hanfold.FoldString(s) }

// UnitName is the form in which a canonical name of [units] is shown, that
// of the unit names read from the texts: Simplified, brackets full-width.
func UnitName(s string) string {
	s = hanfold.SimplifyString(s)
	return strings.NewReplacer("(", "（", ")", "）").Replace(s)
}

// UnitAlias is one alias of [units], where it is written.
type UnitAlias struct {
	Canon, Alias string
	Pos          model.Pos
}

// UnitAliases maps unit names to their canonical names through [units].
type UnitAliases struct {
	m       map[string]unitTarget
	Aliases []UnitAlias // by canonical name, then as written
}

type unitTarget struct {
	name  string
	alias int // index in Aliases; -1 for a canonical name itself
}

// UnitAliases returns the [units] table as a lookup.
func (c *Config) UnitAliases() *UnitAliases {
	u := &UnitAliases{m: map[string]unitTarget{}}
	names := slices.Sorted(maps.Keys(c.Units))
	// A name written as a canonical one is that unit, in its shown form;
	// an alias that is also another unit's name goes to its own canonical
	// name (as before folding, the aliases are looked up first).
	for _, k := range names {
		u.m[UnitKey(k)] = unitTarget{UnitName(k), -1}
	}
	for _, k := range names {
		for _, a := range c.Units[k] {
			u.m[UnitKey(a)] = unitTarget{UnitName(k), len(u.Aliases)}
			u.Aliases = append(u.Aliases, UnitAlias{Canon: k, Alias: a, Pos: c.unitPos[[2]string{k, a}]})
		}
	}
	return u
}

// Canon returns the canonical name of unit name s, or s, and the index
// in Aliases of the alias it matched (-1 if none).
func (u *UnitAliases) Canon(s string) (string, int) {
	if len(u.m) == 0 {
		return s, -1
	}
	if t, ok := u.m[UnitKey(s)]; ok {
		return t.name, t.alias
	}
	return s, -1
}

// unitPositions finds where each alias of [units] is written: the alias's
// own quoted string from its canonical name's line on, else that line.
func unitPositions(file string, data []byte, units map[string][]string) map[[2]string]model.Pos {
	if len(units) == 0 {
		return nil
	}
	lines := strings.Split(string(data), "\n")
	out := map[[2]string]model.Pos{}
	for k, as := range units {
		at := SectionKeyLine(data, "units", k)
		if at == 0 {
			at = KeyLine(data, "units")
		}
		for _, a := range as {
			p := model.Pos{File: file, Line: at}
			if at > 0 {
				p.Col = 1
				lit := fmt.Sprintf("%q", a)
				for i := at - 1; i < len(lines) && i < at+len(as)+2; i++ {
					if i > at-1 && strings.HasPrefix(strings.TrimSpace(lines[i]), "[") && !strings.HasPrefix(strings.TrimSpace(lines[i]), "[\"") {
						break // the next table
					}
					if j := strings.Index(lines[i], lit); j >= 0 {
						p.Line, p.Col = i+1, utf8.RuneCountInString(lines[i][:j])+1
						break
					}
				}
			}
			out[[2]string{k, a}] = p
		}
	}
	return out
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
