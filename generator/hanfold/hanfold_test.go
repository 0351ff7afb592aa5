package hanfold

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func TestSimplifyString(t *testing.T) {
	cases := []struct{ in, want string }{
		{"政務誠信", "政务诚信"},
		{"遼政發〔2017〕19號", "辽政发〔2017〕19号"},
		{"瀋陽市人民政府", "沈阳市人民政府"},
		{"國務院辦公廳關于", "国务院办公厅关于"},
		{"政务诚信", "政务诚信"}, // already Simplified: unchanged
		{"ABC", "ABC"},   // Simplify does not fold case
	}
	for _, c := range cases {
		if got := SimplifyString(c.in); got != c.want {
			t.Errorf("SimplifyString(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSimplifyRune(t *testing.T) {
	cases := map[rune]rune{
		'瀋': '沈', '發': '发', '號': '号', '誠': '诚',
		'沈': '沈', '政': '政', 'a': 'a', '〔': '〔',
		'乾': '干', // first candidate of 乾 → 干 乾
	}
	for in, want := range cases {
		if got := Simplify(in); got != want {
			t.Errorf("Simplify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ＡＢＣ１２３", "abc123"},
		{"沈政发〔2017〕45号", "沈政发〔2017〕45号"},
		{"瀋政發〔２０１７〕４５號", "沈政发〔2017〕45号"},
		{"Ｗｉ－Ｆｉ　上網", "wi-fi 上网"},
		{"GB/T 9704-2012", "gb/t 9704-2012"},
		{"［２０１７］", "[2017]"},
	}
	for _, c := range cases {
		if got := FoldString(c.in); got != c.want {
			t.Errorf("FoldString(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFoldStringNoAllocWhenFolded(t *testing.T) {
	s := "沈阳市人民政府关于印发沈阳市加强政务诚信建设工作方案的通知 2017"
	if got := FoldString(s); got != s {
		t.Fatalf("FoldString changed already folded text: %q", got)
	}
	if n := testing.AllocsPerRun(10, func() { FoldString(s) }); n != 0 {
		t.Errorf("FoldString allocated %v times on folded text", n)
	}
}

func TestScriptSeeds(t *testing.T) {
	want := map[string]string{
		"001_d2e6f0a5b1b90607.txt": "zh-Hans",
		"002_5dced79111b9f870.txt": "zh-Hant",
		"003_8f162a0ca417d789.txt": "zh-Hant",
		"004_7252d9d53e386a10.txt": "zh-Hans",
	}
	dir := filepath.Join("..", "..", "..", "shared", "seeds")
	for name, w := range want {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("seed texts not available: %v", err)
		}
		if got := Script(string(b)); got != w {
			t.Errorf("Script(%s) = %s, want %s", name, got, w)
		}
	}
}

func TestScriptShort(t *testing.T) {
	cases := map[string]string{
		"遼寧省人民政府辦公廳": "zh-Hant",
		"辽宁省人民政府办公厅": "zh-Hans",
		"人民政府":       "zh-Hans", // common to both scripts: no vote
		"":           "zh-Hans",
	}
	for in, want := range cases {
		if got := Script(in); got != want {
			t.Errorf("Script(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestScriptOf: the title and the body vote together, as if joined.
func TestScriptOf(t *testing.T) {
	for _, c := range []struct{ title, body string }{
		{"遼寧省", "辽宁省人民政府办公厅"}, // 3 Traditional votes against 4 Simplified
		{"辽宁", "遼寧省人民政府辦公廳"},
		{"", "遼寧"},
		{"遼寧", ""},
		{"", ""},
	} {
		want := Script(c.title + c.body)
		if got := ScriptOf(c.title, []byte(c.body)); got != want {
			t.Errorf("ScriptOf(%q, %q) = %s, want %s", c.title, c.body, got, want)
		}
	}
	if got := ScriptOf("遼寧省", []byte("辽宁省人民政府办公厅")); got != "zh-Hans" {
		t.Errorf("ScriptOf counts the body's votes: got %s, want zh-Hans", got)
	}
}

// FuzzFoldString checks that folding keeps positions: one rune out per rune in.
func FuzzFoldString(f *testing.F) {
	for _, s := range []string{"政務誠信", "ＡＢＣ１２３", "\xff\xfe瀋", "a\u3000b", "𠉂㒓", "\uFFFD"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := FoldString(s)
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(s) {
			t.Fatalf("FoldString(%q) = %q: rune count %d, want %d", s, got,
				utf8.RuneCountInString(got), utf8.RuneCountInString(s))
		}
		if simp := SimplifyString(s); utf8.RuneCountInString(simp) != utf8.RuneCountInString(s) {
			t.Fatalf("SimplifyString(%q) changed the rune count", s)
		}
		if FoldString(got) != got {
			t.Fatalf("FoldString is not idempotent on %q", s)
		}
	})
}

func BenchmarkFoldString(b *testing.B) {
	s := "遼寧省人民政府辦公廳關于貫徹落實國務院辦公廳2016年政務公開工作要點的實施方案，沈阳市人民政府关于印发沈阳市加强政务诚信建设工作方案的通知"
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		FoldString(s)
	}
}

// TestSimplifyIdempotent checks the whole table: a Simplified result is never
// itself folded again, so index and query fold to the same form.
func TestSimplifyIdempotent(t *testing.T) {
	n := 0
	for i := 0; i < len(tsPairs); {
		k, w := utf8.DecodeRuneInString(tsPairs[i:])
		i += w
		_, w = utf8.DecodeRuneInString(tsPairs[i:])
		i += w
		s := Simplify(k)
		if s == k {
			t.Errorf("Simplify(%q) unchanged though the table lists it", k)
		}
		if Simplify(s) != s {
			t.Errorf("Simplify(Simplify(%q)) = %q, want %q", k, Simplify(s), s)
		}
		n++
	}
	if n < 4000 {
		t.Errorf("table has %d pairs, want the full OpenCC table (>4000)", n)
	}
}
