package config

import (
	"strings"
	"testing"

	"gongkai/generator/diag"
)

func diagLines(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestCreditPeriods: every entry of [credit.periods] is checked at its
// line, in Chinese: the severity (nearest one suggested), two whole
// numbers, none negative, the minimum not above the maximum. Valid
// entries are kept and missing ones take the defaults.
func TestCreditPeriods(t *testing.T) {
	src := `title = "测试"
[credit]
show_disputed = true
[credit.periods]
"一般" = [12, 3]
"特别严重" = [1, 2]
"严重失信" = [12, 36]
"轻微" = [0, -1]
"严重" = [12]

[organ_codes]
"一般" = "1"
`
	var diags diag.List
	c := Parse("config.toml", []byte(src), &diags)
	got := diagLines(diags.Sorted())
	for _, want := range []string{
		"config.toml:5:1: 一般的最短公示期限 12 个月大于最长期限 3 个月 — 最短期限写在前面：[3, 12]",
		`config.toml:6:1: credit.periods 中没有失信程度 "特别严重" — 是否想写 "严重"？`,
		`config.toml:7:1: credit.periods 中没有失信程度 "严重失信" — 是否想写 "严重"？`,
		"config.toml:8:1: 轻微的公示期限 [0, -1] 不能是负数",
		"config.toml:9:1: 严重的公示期限应是两个整数 [最短, 最长]，写的是 [12]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q; got:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "\n"); n != 5 {
		t.Errorf("%d diagnostics, want 5:\n%s", n, got)
	}
	// Invalid entries fall back to the defaults.
	if p := c.Credit.Periods; p["一般"] != [2]int{3, 12} || p["严重"] != [2]int{12, 36} || p["轻微"] != [2]int{0, 0} || len(p) != 3 {
		t.Errorf("periods = %v", p)
	}

	for src, want := range map[string]string{
		"[credit.periods]\n\"一般\" = [3, \"12\"]\n": `config.toml:2:1: 一般的公示期限应是两个整数 [最短, 最长]，写的是 [3, "12"]`,
		"[credit.periods]\n\"一般\" = [3, 12, 24]\n": "config.toml:2:1: 一般的公示期限应是两个整数",
		"[credit.periods]\n\"一般\" = [3.5, 12]\n":   "config.toml:2:1: 一般的公示期限应是两个整数",
		"[credit.periods]\n\"一般\" = 12\n":          "config.toml:2:1: 一般的公示期限应是两个整数 [最短, 最长]，写的是 12",
		"[credit]\nperiods = 12\n":                 "config.toml:2:1: credit.periods 应是一个表",
	} {
		var diags diag.List
		Parse("config.toml", []byte(src), &diags)
		if got := diagLines(diags.Sorted()); !strings.Contains(got, want) || strings.Count(got, "\n") != 1 {
			t.Errorf("%q: got\n%s\nwant one diagnostic with %q", src, got, want)
		}
	}

	var ok diag.List
	c = Parse("config.toml", []byte("[credit.periods]\n\"一般\" = [6, 24]\n"), &ok)
	if ok.HasErrors() || c.Credit.Periods["一般"] != [2]int{6, 24} || c.Credit.Periods["严重"] != [2]int{12, 36} {
		t.Errorf("periods = %v, diags:\n%s", c.Credit.Periods, diagLines(ok.Sorted()))
	}
}
