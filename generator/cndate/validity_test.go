package cndate

import (
	"os"
	"strings"
	"testing"

	"gongkai/generator/model"
)

func TestFindValidity(t *testing.T) {
	cases := []struct {
		text string
		want []Clause // Start/End are checked through Text
	}{
		{"本意见自印发之日起施行，有效期5年。", []Clause{
			{Kind: Effective, Relative: Signed, Text: "自印发之日起施行"},
			{Kind: ValidYears, Years: 5, Text: "有效期5年"},
		}},
		{"本意見自印發之日起施行，有效期5年。", []Clause{
			{Kind: Effective, Relative: Signed, Text: "自印發之日起施行"},
			{Kind: ValidYears, Years: 5, Text: "有效期5年"},
		}},
		{"有效期为五年", []Clause{{Kind: ValidYears, Years: 5, Text: "有效期为五年"}}},
		{"有效期為五年", []Clause{{Kind: ValidYears, Years: 5, Text: "有效期為五年"}}},
		{"有效期三年", []Clause{{Kind: ValidYears, Years: 3, Text: "有效期三年"}}},
		{"有效期限为 2 年", []Clause{{Kind: ValidYears, Years: 2, Text: "有效期限为 2 年"}}},
		{"有效期暂定两年", []Clause{{Kind: ValidYears, Years: 2, Text: "有效期暂定两年"}}},
		{"有效期：１０年", []Clause{{Kind: ValidYears, Years: 10, Text: "有效期：１０年"}}},
		{"有效期十年", []Clause{{Kind: ValidYears, Years: 10, Text: "有效期十年"}}},
		{"有效期至2020年12月31日。", []Clause{{Kind: Expires, Date: 20201231, Text: "有效期至2020年12月31日"}}},
		{"有效期到2020年12月31日止。", []Clause{{Kind: Expires, Date: 20201231, Text: "有效期到2020年12月31日止"}}},
		{"有效期截至二〇二〇年十二月三十一日", []Clause{{Kind: Expires, Date: 20201231, Text: "有效期截至二〇二〇年十二月三十一日"}}},
		{"有效期至2020-12-31", []Clause{{Kind: Expires, Date: 20201231, Text: "有效期至2020-12-31"}}},
		{"有效期自2018年1月1日起至2022年12月31日止。", []Clause{
			{Kind: Expires, Date: 20221231, Text: "有效期自2018年1月1日起至2022年12月31日止"},
			{Kind: Effective, Date: 20180101, Text: "自2018年1月1日起"},
		}},
		{"本办法自2018年1月1日起施行，有效期至2022年12月31日。", []Clause{
			{Kind: Effective, Date: 20180101, Text: "自2018年1月1日起施行"},
			{Kind: Expires, Date: 20221231, Text: "有效期至2022年12月31日"},
		}},
		{"本辦法自2018年1月1日起實施", []Clause{{Kind: Effective, Date: 20180101, Text: "自2018年1月1日起實施"}}},
		{"从2018年1月1日起执行", []Clause{{Kind: Effective, Date: 20180101, Text: "从2018年1月1日起执行"}}},
		{"自二〇一八年一月一日起正式施行", []Clause{{Kind: Effective, Date: 20180101, Text: "自二〇一八年一月一日起正式施行"}}},
		{"自发文之日起执行", []Clause{{Kind: Effective, Relative: Signed, Text: "自发文之日起执行"}}},
		{"自簽發之日起生效", []Clause{{Kind: Effective, Relative: Signed, Text: "自簽發之日起生效"}}},
		{"本通知自发布之日起施行", []Clause{{Kind: Effective, Relative: Published, Text: "自发布之日起施行"}}},
		{"本規定自公布之日起試行", []Clause{{Kind: Effective, Relative: Published, Text: "自公布之日起試行"}}},
		{"自本通知印发之日起施行", []Clause{{Kind: Effective, Relative: Signed, Text: "自本通知印发之日起施行"}}},
		// Not clauses:
		{"自印发之日起30日后施行", nil},          // shifted start: date not in the text
		{"自作出行政決定之日起7個工作日內上網公開", nil},  // a time limit, not validity
		{"自應急管理部正式公告之日起計算,期限為3年", nil}, // counting a period, not a document
		{"自2018年起施行", nil},             // no full date
		{"各地自行组织，起草并施行", nil},          // 自 … 起 across a comma
		{"有效期内的证书", nil},               // 有效期 without a value
		{"有效期2020年2月30日", nil},         // invalid date
	}
	for _, c := range cases {
		got := FindValidity(c.text)
		if len(got) != len(c.want) {
			t.Errorf("FindValidity(%q) = %+v, want %d clauses", c.text, got, len(c.want))
			continue
		}
		for i, w := range c.want {
			g := got[i]
			if g.Text != c.text[g.Start:g.End] {
				t.Errorf("%q: clause %d Text %q differs from text[%d:%d]", c.text, i, g.Text, g.Start, g.End)
			}
			g.Start, g.End = 0, 0
			if g != w {
				t.Errorf("%q: clause %d = %+v, want %+v", c.text, i, g, w)
			}
		}
	}
}

// The sample document 成府发〔2012〕44号 (seed 004, line 63) says
// 本意见自印发之日起施行,有效期5年 (with a half-width comma).
func TestFindValiditySeed(t *testing.T) {
	b, err := os.ReadFile("../../testdata/seeds/004_7252d9d53e386a10.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	got := FindValidity(text)
	want := []struct {
		kind, rel, text string
		years           int
		line, col       int
	}{
		{Effective, Signed, "自印发之日起施行", 0, 63, 4},
		{ValidYears, "", "有效期5年", 5, 63, 13},
	}
	if len(got) != len(want) {
		t.Fatalf("seed 004: %d clauses, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		line, col := Line(text, g.Start)
		if g.Kind != w.kind || g.Relative != w.rel || g.Text != w.text || g.Years != w.years || line != w.line || col != w.col {
			t.Errorf("clause %d = %+v at %d:%d, want %+v", i, g, line, col, w)
		}
	}
	// The other seeds state no validity; their 自…之日起 phrases are time limits.
	for _, f := range []string{"000_ef4562fd46b84408", "001_d2e6f0a5b1b90607", "002_5dced79111b9f870", "003_8f162a0ca417d789"} {
		b, err := os.ReadFile("../../testdata/seeds/" + f + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		if got := FindValidity(string(b)); len(got) != 0 {
			t.Errorf("seed %s: unexpected clauses %+v", f, got)
		}
	}
}

func TestClauseDateType(t *testing.T) {
	got := FindValidity("有效期至2020年12月31日")
	if len(got) != 1 || got[0].Date != model.MakeDate(2020, 12, 31) || !strings.HasPrefix(got[0].Text, "有效期") {
		t.Fatalf("got %+v", got)
	}
}
