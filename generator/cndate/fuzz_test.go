package cndate

import (
	"reflect"
	"sort"
	"testing"
	"unicode/utf8"

	"gongkai/generator/model"
)

// FuzzParseDate: Parse never panics; an accepted date is valid and reads
// back the same from its ISO and Chinese forms.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2017-08-25", "2017/8/25", "2017年8月25日", "二〇一七年八月二十五日", "二○一七年十二月三十一日",
		"２０１７年８月２５日", "2017年2月30日", "二〇一六年元月廿一日", "", "年月日",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if !model.ValidDate(d.Year(), d.Month(), d.Day()) {
			t.Fatalf("Parse(%q) = %d, not a valid date", s, d)
		}
		for _, form := range []string{d.ISO(), d.Chinese()} {
			if back, err := Parse(form); err != nil || back != d {
				t.Fatalf("Parse(%q) = %d, but Parse(%q) = %d, %v", s, d, form, back, err)
			}
		}
	})
}

// FuzzFindValidity: FindValidity and FindDates never panic and return
// well-formed, ordered results.
func FuzzFindValidity(f *testing.F) {
	for _, s := range []string{
		"本意见自印发之日起施行，有效期5年。", "有效期至2020年12月31日止", "有效期为五年",
		"有效期自2018年1月1日起至2022年12月31日止", "自發布之日起施行", "自自自起起施行",
		"有效期有效期", "二〇一七年八月二十五日", "\xff自\xfe起施行",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		got := FindValidity(text)
		if want := findValidityRunes(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("FindValidity(%q) = %+v, decoding rune by rune gives %+v", text, got, want)
		}
		for _, cl := range got {
			if cl.Start < prev || cl.Start >= cl.End || cl.End > len(text) || cl.Text != text[cl.Start:cl.End] {
				t.Fatalf("FindValidity(%q): bad clause %+v", text, cl)
			}
			prev = cl.Start
			switch cl.Kind {
			case ValidYears:
				if cl.Years < 1 {
					t.Fatalf("FindValidity(%q): %+v", text, cl)
				}
			case Expires:
				if !model.ValidDate(cl.Date.Year(), cl.Date.Month(), cl.Date.Day()) {
					t.Fatalf("FindValidity(%q): %+v", text, cl)
				}
			case Effective:
				if (cl.Date == 0) == (cl.Relative == "") {
					t.Fatalf("FindValidity(%q): effective needs a date or a relative start: %+v", text, cl)
				}
			default:
				t.Fatalf("FindValidity(%q): unknown kind %+v", text, cl)
			}
		}
		end := 0
		for _, m := range FindDates(text) {
			if m.Start < end || m.Start >= m.End || m.End > len(text) || !model.ValidDate(m.Date.Year(), m.Date.Month(), m.Date.Day()) {
				t.Fatalf("FindDates(%q): bad match %+v", text, m)
			}
			end = m.End
		}
	})
}

// findValidityRunes is FindValidity as it was first written, decoding the
// text rune by rune: the reference for the search by strings.Index.
func findValidityRunes(text string) []Clause {
	var out []Clause
	for i := 0; i < len(text); {
		r, sz := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '有':
			if cs, end := validityAt(text, i); len(cs) > 0 {
				out = append(out, cs...)
				i = end
				continue
			}
		case r == '自' || r == '从' || r == '從':
			if cl, ok := effectiveAt(text, i); ok {
				out = append(out, cl)
				i = cl.End
				continue
			}
		}
		i += sz
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	return out
}
