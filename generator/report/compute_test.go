package report

import (
	"testing"

	"gongkai/generator/model"
)

func doc(kind model.Kind, cat, title string, signed model.Date) *model.Document {
	return &model.Document{Kind: kind, Category: cat, Title: title, Signed: signed, Published: signed, URL: "/policies/" + title + "/"}
}

// site builds a small site with 规章 and 行政规范性文件 across the years.
// Each document's comment says how it counts in 2024 and in 2025.
func site() *model.Site {
	d := model.MakeDate
	// 规章
	r1 := doc(model.KindPolicy, "规章", "r1", d(2024, 3, 1)) // 2024: issued, in force
	r2 := doc(model.KindPolicy, "规章", "r2", d(2020, 5, 1)) // 2024: repealed by n3 (effective 2024-06-01)
	r3 := doc(model.KindPolicy, "规章", "r3", d(2019, 1, 1)) // repealed 2023: counted nowhere after 2023
	r3.Repealed = d(2023, 2, 1)
	// 行政规范性文件
	n1 := doc(model.KindPolicy, "行政规范性文件", "n1", d(2024, 12, 20)) // 2024: issued, not yet in effect; 2025: in force
	n1.Effective = d(2025, 1, 1)
	n2 := doc(model.KindPolicy, "行政规范性文件", "n2", d(2021, 1, 10)) // valid 3 years: 失效 from 2024-01-10
	n2.ValidYears = 3
	n3 := doc(model.KindPolicy, "行政规范性文件", "n3", d(2024, 5, 20)) // 2024: issued, in force
	n3.Effective = d(2024, 6, 1)
	n4 := doc(model.KindPolicy, "行政规范性文件", "n4", d(2022, 7, 1)) // repealed by x in 2025
	x := doc(model.KindPolicy, "行政规范性文件", "x", d(2025, 2, 1))   // 2025: issued; in force from 2025-03-01
	x.Effective = d(2025, 3, 1)
	n5 := doc(model.KindPolicy, "行政规范性文件", "n5", d(2023, 1, 1)) // repealed by y (2024-03-01) and `repealed` 2024-09-01: once
	n5.Repealed = d(2024, 9, 1)
	y := doc(model.KindPolicy, "其他文件", "y", d(2024, 2, 20)) // not counted (category)
	y.Effective = d(2024, 3, 1)
	n6 := doc(model.KindPolicy, "行政规范性文件", "n6", d(2018, 4, 1)) // amended: in force
	n6.AmendedBy = []*model.Document{n3}
	n7 := doc(model.KindPolicy, "行政规范性文件", "n7", d(2020, 1, 1)) // expires 2025-06-30: in force end 2024, not end 2025
	n7.Expires = d(2025, 6, 30)
	interp := doc(model.KindInterpretation, "行政规范性文件", "i", d(2024, 6, 1)) // not a policy: ignored

	r2.RepealedBy = []*model.Document{n3}
	n4.RepealedBy = []*model.Document{x}
	n5.RepealedBy = []*model.Document{y}
	// Status as a build in 2026 computed it: Compute must not read it.
	n4.Status = model.Status{Tag: model.EffectRepealed, Since: d(2025, 3, 1)}
	n1.Status = model.Status{Tag: model.EffectValid}

	return &model.Site{AsOf: d(2026, 11, 22), Documents: []*model.Document{r1, r2, r3, n1, n2, n3, n4, x, n5, y, n6, n7, interp}}
}

func titles(ds []*model.Document) string {
	s := ""
	for _, d := range ds {
		s += d.Title + " "
	}
	return s
}

func TestCompute(t *testing.T) {
	s := site()
	tests := []struct {
		year               int
		rules, normative   [3]int
		rulesIss, rulesRep string
		normIss, normRep   string
	}{
		// 2024 规章: issued r1; repealed r2; in force r1.
		// 行政规范性文件: issued n1 n3; repealed n5; in force n3 n4 n6 n7
		// (n1 not yet in effect, n2 expired, n5 repealed, x not issued yet).
		{2024, [3]int{1, 1, 1}, [3]int{2, 1, 4}, "r1 ", "r2 ", "n1 n3 ", "n5 "},
		// 2025 规章: in force r1.
		// 行政规范性文件: issued x; repealed n4; in force n1 n3 n6 x (n7 expired 2025-06-30).
		{2025, [3]int{0, 0, 1}, [3]int{1, 1, 4}, "", "", "x ", "n4 "},
		// 2023: r3 repealed; in force r2 (r1 not yet issued); n2 n4 n5 n6 n7.
		{2023, [3]int{0, 1, 1}, [3]int{1, 0, 5}, "", "r3 ", "n5 ", ""},
	}
	for _, tc := range tests {
		r := &Report{Year: tc.year}
		Compute(r, s)
		c := r.Computed
		got := func(k Counts) [3]int { return [3]int{k.Issued, k.Repealed, k.InForce} }
		if !c.Done || c.YearEnd != model.MakeDate(tc.year, 12, 31) {
			t.Errorf("%d: Done/YearEnd = %v %v", tc.year, c.Done, c.YearEnd)
		}
		if got(c.Rules) != tc.rules || got(c.Normative) != tc.normative {
			t.Errorf("%d: 规章 %v (want %v), 行政规范性文件 %v (want %v)", tc.year, got(c.Rules), tc.rules, got(c.Normative), tc.normative)
		}
		if titles(c.Rules.IssuedDocs) != tc.rulesIss || titles(c.Rules.RepealedDocs) != tc.rulesRep ||
			titles(c.Normative.IssuedDocs) != tc.normIss || titles(c.Normative.RepealedDocs) != tc.normRep {
			t.Errorf("%d: docs %q %q %q %q", tc.year, titles(c.Rules.IssuedDocs), titles(c.Rules.RepealedDocs),
				titles(c.Normative.IssuedDocs), titles(c.Normative.RepealedDocs))
		}
	}
}

func TestComputeNil(t *testing.T) {
	Compute(nil, site()) // no panic
	r := &Report{Year: 2024}
	Compute(r, nil)
	if !r.Computed.Done || r.Computed.Normative.InForce != 0 {
		t.Errorf("Computed = %+v", r.Computed)
	}
}
