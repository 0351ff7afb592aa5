package render

import (
	"html/template"
	"strings"
	"testing"
)

// escTo writes exactly what template.HTMLEscapeString returns.
func TestEscTo(t *testing.T) {
	for _, s := range []string{"", "政务诚信", `a<b>&"c'd`, "\x00x\x00", "<<>>", "沈政发〔2017〕45号 & 《通知》", "tail&"} {
		var b strings.Builder
		escTo(&b, s)
		if got, want := b.String(), template.HTMLEscapeString(s); got != want {
			t.Errorf("escTo(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzEscTo(f *testing.F) {
	f.Add("政务<诚信>&'\"\x00")
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		escTo(&b, s)
		if got, want := b.String(), template.HTMLEscapeString(s); got != want {
			t.Errorf("escTo(%q) = %q, want %q", s, got, want)
		}
	})
}
