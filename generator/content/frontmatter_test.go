package content

import (
	"bytes"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		src, fm, body string
		line          int
		err           error
	}{
		{"+++\ntitle = \"a\"\n+++\n正文\n", "title = \"a\"\n", "正文\n", 4, nil},
		{"\ufeff+++\r\na = 1\r\n+++\r\nb", "a = 1\r\n", "b", 4, nil},
		{"+++\n+++\n", "", "", 3, nil},
		{"+++\n+++", "", "", 3, nil},
		{"title = 1\n", "", "", 0, ErrNoFrontMatter},
		{"", "", "", 0, ErrNoFrontMatter},
		{"+++\ntitle = 1\n", "", "", 0, ErrUnclosed},
	} {
		fm, body, line, err := Split([]byte(tc.src))
		if err != tc.err || string(fm) != tc.fm || string(body) != tc.body || line != tc.line {
			t.Errorf("Split(%q) = %q, %q, %d, %v; want %q, %q, %d, %v", tc.src, fm, body, line, err, tc.fm, tc.body, tc.line, tc.err)
		}
	}
}

// FuzzSplit checks that Split never panics, that front matter and body are
// parts of the input, and that bodyLine counts the lines before the body.
func FuzzSplit(f *testing.F) {
	f.Add([]byte("+++\ntitle = \"a\"\n+++\n正文\n"))
	f.Add([]byte("\ufeff+++\r\n+++\r\n"))
	f.Add([]byte("+++\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, line, err := Split(src)
		if err != nil {
			return
		}
		s := bytes.TrimPrefix(src, []byte("\ufeff"))
		if !bytes.Contains(s, fm) || !bytes.HasSuffix(s, body) {
			t.Fatalf("parts not from input")
		}
		before := s[:len(s)-len(body)]
		if got := bytes.Count(before, []byte("\n")) + 1; got != line && len(body) > 0 {
			t.Fatalf("bodyLine %d, want %d", line, got)
		}
	})
}
