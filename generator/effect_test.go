package generator_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"gongkai/generator/internal/sitetest"
)

// policy writes a policy file with extra front-matter lines.
func policy(name, number, signed string, extra ...string) string {
	return policyBody(name, number, signed, "正文。\n", extra...)
}

// policyBody writes a policy file with the given body.
func policyBody(name, number, signed, body string, extra ...string) string {
	s := fmt.Sprintf("-- content/policies/%s.md --\n+++\ntitle = \"文件%s\"\n", name, name)
	if number != "" {
		s += fmt.Sprintf("doc_number = %q\n", number)
	}
	s += fmt.Sprintf("organ = \"测试市人民政府\"\nsigned = %s\npublished = %s\ntopic = \"综合政务/其他\"\n", signed, signed)
	for _, e := range extra {
		s += e + "\n"
	}
	return s + "+++\n" + body
}

// creditRecord writes content/credit/r.toml with one [[record]]: id on
// line 2, subject on 3, subject_type on 4, behaviour on 5, decided on
// 2025-06-01, severity 一般, status 公示中, then the extra lines.
func creditRecord(id, subject, subjectType, behaviour, organ string, extra ...string) string {
	s := fmt.Sprintf("-- content/credit/r.toml --\n[[record]]\nid = %q\nsubject = %q\nsubject_type = %q\nbehaviour = %q\n"+
		"basis = \"示裁〔2025〕1号\"\ndecided = 2025-06-01\norgan = %q\nseverity = \"一般\"\nstatus = \"公示中\"\n", id, subject, subjectType, behaviour, organ)
	for _, e := range extra {
		s += e + "\n"
	}
	return s
}

// tags builds the site as of asOf and returns url → effectiveness of documents.json.
func tags(t *testing.T, site, asOf string) map[string]map[string]any {
	t.Helper()
	b := sitetest.Build(t, config+site, asOf)
	var docs []struct {
		URL           string         `json:"url"`
		Effectiveness map[string]any `json:"effectiveness"`
	}
	if err := json.Unmarshal([]byte(b.File("data/documents.json")), &docs); err != nil {
		t.Fatal(err)
	}
	m := map[string]map[string]any{}
	for _, d := range docs {
		m[strings.Trim(strings.TrimPrefix(d.URL, "/policies/"), "/")] = d.Effectiveness
	}
	return m
}

func TestEffectiveness(t *testing.T) {
	for _, tc := range []struct {
		name, site, asOf string
		want             map[string]string // doc → tag
		reason           map[string]string // doc → substring of reason
	}{
		{"valid", policy("a", "测政发〔2017〕1号", "2017-01-01"), "2020-01-01",
			map[string]string{"a": "有效"}, nil},
		{"pending", policy("a", "", "2017-01-01", "effective = 2027-01-01"), "2026-01-01",
			map[string]string{"a": "尚未生效"}, nil},
		{"expired by valid_years (成府发〔2012〕44号)", policy("a", "成府发〔2012〕44号", "2012-11-20", "valid_years = 5"), "2017-11-20",
			map[string]string{"a": "失效"}, map[string]string{"a": "有效期5年"}},
		{"one day before expiry", policy("a", "成府发〔2012〕44号", "2012-11-20", "valid_years = 5"), "2017-11-19",
			map[string]string{"a": "有效"}, nil},
		{"expires", policy("a", "", "2017-01-01", "expires = 2019-01-01"), "2019-01-01",
			map[string]string{"a": "失效"}, nil},
		{"repealed by document on site",
			policy("a", "测政发〔2017〕1号", "2017-01-01") + policy("b", "测政发〔2020〕3号", "2020-03-01", `repeals = ["测政发[2017]1号"]`), "2021-01-01",
			map[string]string{"a": "废止", "b": "有效"}, map[string]string{"a": "测政发〔2020〕3号"}},
		{"repeal dated in the future",
			policy("a", "测政发〔2017〕1号", "2017-01-01") + policy("b", "测政发〔2020〕3号", "2020-03-01", `repeals = ["测政发〔2017〕1号"]`, "effective = 2027-01-01"), "2026-01-01",
			map[string]string{"a": "有效", "b": "尚未生效"}, nil},
		{"repealed date for a repeal not on the site", policy("a", "", "2017-01-01", "repealed = 2019-05-01"), "2020-01-01",
			map[string]string{"a": "废止"}, nil},
		{"repeal beats expiry",
			policy("a", "测政发〔2017〕1号", "2017-01-01", "valid_years = 1") + policy("b", "测政发〔2020〕3号", "2020-03-01", `repeals = ["测政发〔2017〕1号"]`), "2021-01-01",
			map[string]string{"a": "废止"}, nil},
		{"two repealers: earliest wins",
			policy("a", "测政发〔2017〕1号", "2017-01-01") + policy("b", "测政发〔2020〕3号", "2020-03-01", `repeals = ["测政发〔2017〕1号"]`) +
				policy("c", "测政发〔2019〕9号", "2019-06-01", `repeals = ["测政发〔2017〕1号"]`), "2021-01-01",
			map[string]string{"a": "废止"}, map[string]string{"a": "测政发〔2019〕9号"}},
		{"amended, and amendment of an amendment",
			policy("a", "测政发〔2017〕1号", "2017-01-01") + policy("b", "测政发〔2018〕2号", "2018-01-01", `amends = ["测政发〔2017〕1号"]`) +
				policy("c", "测政发〔2019〕3号", "2019-01-01", `amends = ["测政发〔2018〕2号"]`), "2020-01-01",
			map[string]string{"a": "已修改", "b": "已修改", "c": "有效"}, map[string]string{"a": "测政发〔2018〕2号", "b": "测政发〔2019〕3号"}},
		{"amendment not yet in force",
			policy("a", "测政发〔2017〕1号", "2017-01-01") + policy("b", "测政发〔2018〕2号", "2018-01-01", `amends = ["测政发〔2017〕1号"]`, "effective = 2030-01-01"), "2020-01-01",
			map[string]string{"a": "有效"}, nil},
		{"repealed before it took effect: repeals and amends nothing",
			neverInForce, "2026-01-01",
			map[string]string{"p": "有效", "s": "有效", "q": "废止", "r": "有效"}, map[string]string{"q": "测政发〔2020〕9号"}},
		{"a repeal that never took effect lets the repealed document repeal",
			neverInForce + policy("t", "测政发〔2020〕1号", "2020-06-01", `repeals = ["测政发〔2020〕9号"]`), "2026-01-01",
			map[string]string{"p": "废止", "s": "已修改", "q": "有效", "r": "废止", "t": "有效"},
			map[string]string{"p": "测政发〔2020〕5号", "s": "测政发〔2020〕5号"}},
		{"repeal of a number not on the site changes nothing",
			policy("a", "测政发〔2017〕1号", "2017-01-01", `repeals = ["测政发〔2010〕7号"]`), "2020-01-01",
			map[string]string{"a": "有效"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tags(t, tc.site, tc.asOf)
			for doc, want := range tc.want {
				if got[doc]["tag"] != want {
					t.Errorf("%s: tag %v, want %s (%v)", doc, got[doc]["tag"], want, got[doc])
				}
			}
			for doc, want := range tc.reason {
				if r, _ := got[doc]["reason"].(string); !strings.Contains(r, want) {
					t.Errorf("%s: reason %q, want it to contain %q", doc, r, want)
				}
			}
		})
	}
}

// neverInForce: Q takes effect in 2025 and repeals P, amends S; R repeals
// Q from 2021, so Q never comes into force (issue 3: a repeal counts when
// the repealing document has taken effect).
var neverInForce = policy("p", "测政发〔2017〕1号", "2017-01-01") + policy("s", "测政发〔2017〕2号", "2017-01-01") +
	policy("q", "测政发〔2020〕5号", "2020-01-01", "effective = 2025-01-01", `repeals = ["测政发〔2017〕1号"]`, `amends = ["测政发〔2017〕2号"]`) +
	policy("r", "测政发〔2020〕9号", "2021-01-01", `repeals = ["测政发〔2020〕5号"]`)

// What never comes into force announces no change (gongkai check --upcoming).
func TestNeverInForceAnnouncesNothing(t *testing.T) {
	b := sitetest.Build(t, config+neverInForce, "2022-01-01")
	for _, d := range b.Result.Site.Documents {
		if d.Status.Next != "" {
			t.Errorf("%s: next change %s on %s, want none", d.Source, d.Status.Next, d.Status.NextDate.ISO())
		}
	}
}

func TestEffectivenessOnPage(t *testing.T) {
	b := sitetest.Build(t, config+policy("a", "成府发〔2012〕44号", "2012-11-20", "valid_years = 5"), "2026-01-01")
	b.AssertFile("policies/a/index.html", "2017年11月20日起失效（有效期5年）", "tag-expired")
	b.AssertFile("policies/archive/index.html", "成府发〔2012〕44号")
	b.AssertFile("policies/in-force/index.html", "! 成府发〔2012〕44号")
}

func TestCycleIsAnError(t *testing.T) {
	b := sitetest.TryBuild(t, config+
		policy("a", "测政发〔2017〕1号", "2017-01-01", `repeals = ["测政发〔2018〕2号"]`)+
		policy("b", "测政发〔2018〕2号", "2018-01-01", `repeals = ["测政发〔2017〕1号"]`), "2020-01-01")
	if b.Err == nil {
		t.Fatal("cycle accepted")
	}
	b.AssertDiag("成环")
	// A cycle through amends is reported at the amends key (line 9: the
	// policy helper's keys take lines 1–7).
	b = sitetest.TryBuild(t, config+
		policy("a", "测政发〔2017〕1号", "2017-01-01", `keywords = ["甲"]`, `amends = ["测政发〔2018〕2号"]`)+
		policy("b", "测政发〔2018〕2号", "2018-01-01", `keywords = ["乙"]`, `amends = ["测政发〔2017〕1号"]`), "2020-01-01")
	if b.Err == nil {
		t.Fatal("amends cycle accepted")
	}
	b.AssertDiag(".md:9:1:", "成环")
}

// A document cannot repeal or amend itself, whatever form its number is
// written in; the error is at the key.
func TestSelfRepealIsAnError(t *testing.T) {
	for _, key := range []string{"repeals", "amends"} {
		b := sitetest.TryBuild(t, config+
			policy("a", "测政发〔2017〕1号", "2017-01-01", key+` = ["測政發[2017]第1號"]`), "2020-01-01")
		if b.Err == nil {
			t.Fatalf("%s of itself accepted", key)
		}
		b.AssertDiag("a.md:8:1:", key, "本文件自己的发文字号")
	}
}

func TestValidityClauseWarning(t *testing.T) {
	b := sitetest.Build(t, config+`
-- content/policies/a.md --
+++
title = "成都市人民政府关于加强和改进消防工作的实施意见"
doc_number = "成府发〔2012〕44号"
organ = "测试市人民政府"
signed = 2012-11-20
published = 2012-11-20
topic = "a/b"
+++
正文。

本意见自印发之日起施行，有效期5年。
`, "2026-01-01")
	b.AssertDiag("content/policies/a.md:11:", "有效期5年", "valid_years = 5")
}
