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

// escapeByByte is escape as it was first written, byte by byte: the
// reference for FuzzEscape.
func escapeByByte(s string, plus bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == 0:
			b.WriteString("\uFFFD")
		case c == '"':
			b.WriteString("&#34;")
		case c == '\'':
			b.WriteString("&#39;")
		case c == '&':
			b.WriteString("&amp;")
		case c == '<':
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case c == '+' && plus:
			b.WriteString("&#43;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// FuzzEscape: escape, which skips 8 bytes at a time, writes what a
// byte-by-byte loop writes, with and without "+".
func FuzzEscape(f *testing.F) {
	f.Add("政务<诚信>&'\"\x00+", true)
	f.Add("中华人民共和国政府信息公开条例（2019年修订）第十四条+", false)
	f.Add("abcdefgh?ijklmnop", true)
	f.Fuzz(func(t *testing.T, s string, plus bool) {
		var b strings.Builder
		escape(&b, s, plus)
		if got, want := b.String(), escapeByByte(s, plus); got != want {
			t.Errorf("escape(%q, %v) = %q, want %q", s, plus, got, want)
		}
	})
}
