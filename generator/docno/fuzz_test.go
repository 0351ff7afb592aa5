package docno

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: Parse never panics, and what it accepts survives a round trip
// through the canonical form.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"沈政发〔2017〕45号", "瀋政發[2017]第045號", "沈政发 2017 45号", "沈政发201745号",
		"四川省政府令第195號", "〔2017〕45号", "沈政发〔２０１７〕４５号", "", "号",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if n.Serial < 1 || n.Serial > 999999 {
			t.Fatalf("Parse(%q): serial %d", s, n.Serial)
		}
		if n.Year == 0 {
			if !strings.HasSuffix(n.Agency, "令") {
				t.Fatalf("Parse(%q): no year but agency %q is not an order", s, n.Agency)
			}
		} else if n.Year < MinYear || n.Year > MaxYear {
			t.Fatalf("Parse(%q): year %d", s, n.Year)
		}
		back, err := Parse(n.String())
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not re-parse: %v", s, n.String(), err)
		}
		if back != n {
			t.Fatalf("round trip of %q: %+v → %q → %+v", s, n, n.String(), back)
		}
	})
}

// FuzzFind: Find never panics; matches are ordered, disjoint, on rune
// boundaries, and each one re-parses to the same key.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"依据沈政发[2017]45号", "根据国务院《关于加强政务诚信建设的指导意见》（国发〔2016〕76号）",
		"按照省政府辽政发〔2017〕19号文件", "印发的通知(甘政发〔2017〕48號)精神",
		"(見川安監函〔2017〕162號附件1)", "（四川省政府令第195號）", "2017年〔2017〕5号",
		"《《《》》》(国发〔2016〕76号)", "国发〔2016〕76号国发〔2016〕76号", "\xff〔2017〕1号",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, m := range Find(text) {
			if m.Start < prev || m.Start >= m.End || m.End > len(text) {
				t.Fatalf("Find(%q): bad offsets %d..%d (previous end %d)", text, m.Start, m.End, prev)
			}
			prev = m.End
			if !boundary(text, m.Start) || !boundary(text, m.End) {
				t.Fatalf("Find(%q): offsets %d..%d not on rune boundaries", text, m.Start, m.End)
			}
			n, err := Parse(text[m.Start:m.End])
			if err != nil {
				t.Fatalf("Find(%q) matched %q, which Parse rejects: %v", text, text[m.Start:m.End], err)
			}
			if n.Key() != m.Number.Key() {
				t.Fatalf("Find(%q): key %q, re-parsed key %q", text, m.Number.Key(), n.Key())
			}
			if !utf8.ValidString(m.Title) {
				t.Fatalf("Find(%q): title %q is not valid UTF-8", text, m.Title)
			}
		}
	})
}

// boundary reports whether i is where a rune starts when s is decoded from
// the beginning (as range does; a stray continuation byte is a rune of its own).
func boundary(s string, i int) bool {
	if i == len(s) {
		return true
	}
	for j := range s {
		if j >= i {
			return j == i
		}
	}
	return false
}
