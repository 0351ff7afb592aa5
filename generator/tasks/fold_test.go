package tasks

import (
	"math/rand"
	"strings"
	"testing"
	"time"
	"unicode"
)

// The lookup tables must agree with the definitions they cache, for every
// rune.

func TestFoldTable(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := foldRune(r), foldRuneSlow(r); got != want {
			t.Fatalf("foldRune(%U) = %U, want %U", r, got, want)
		}
		if f := foldRune(r); foldRune(f) != f {
			t.Fatalf("folding %U is not idempotent", r)
		}
	}
}

func TestClassTable(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		digitLike := digitValue(r) >= 0 || r == '十'
		if isDigitLike(r) != digitLike {
			t.Fatalf("isDigitLike(%U) = %v", r, !digitLike)
		}
		dateStart := digitLike || r == '年' || r == '上' || r == '下' || r == '第'
		if canStartDate(r) != dateStart {
			t.Fatalf("canStartDate(%U) = %v", r, !dateStart)
		}
		markerStart := r == '(' || r >= '0' && r <= '9' || strings.ContainsRune("一二三四五六七八九十〇百", r)
		if (class(r)&clsMarkerStart != 0) != markerStart {
			t.Fatalf("class(%U) marker start = %v", r, !markerStart)
		}
		sentenceEnd := strings.ContainsRune(" 。;!?", r)
		if (class(r)&clsSentenceEnd != 0) != sentenceEnd {
			t.Fatalf("class(%U) sentence end = %v", r, !sentenceEnd)
		}
	}
}

func TestIsSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := r == ' ' || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
		if isSpace(r) != want {
			t.Fatalf("isSpace(%U) = %v", r, !want)
		}
	}
}

func TestRuneSet(t *testing.T) {
	const members = "前以之完成启动推进 ,;.、。:"
	s := newRuneSet(members)
	for r := rune(0); r <= 0x10000; r++ {
		if s.has(r) != strings.ContainsRune(members, r) {
			t.Fatalf("has(%U) = %v", r, s.has(r))
		}
	}
}

func TestLastDay(t *testing.T) {
	for y := -3000; y <= 3000; y++ {
		for m := 1; m <= 12; m++ {
			yy := y
			if yy == 0 {
				yy = 2001
			}
			want := time.Date(yy, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			if got := lastDay(y, m); got != want {
				t.Fatalf("lastDay(%d, %d) = %d, want %d", y, m, got, want)
			}
		}
	}
}

// cleanLineRef is the definition appendLine implements on bytes: the line
// as runes, with Markdown marks removed, and 0-based columns.
func cleanLineRef(rs []rune) (kept []rune, cols []int, block bool) {
	i := 0
	skipSpace := func() {
		for i < len(rs) && isBlank(rs[i]) {
			i++
		}
	}
	skipSpace()
	if i < len(rs) && rs[i] == '#' {
		j := i
		for j < len(rs) && rs[j] == '#' {
			j++
		}
		if j-i <= 6 && (j == len(rs) || isBlank(rs[j])) {
			i, block = j, true
			skipSpace()
		}
	}
	for i+1 < len(rs) && (rs[i] == '>' || rs[i] == '-' || rs[i] == '+' || rs[i] == '*' && rs[i+1] != '*') && isBlank(rs[i+1]) {
		i += 2
		skipSpace()
	}
	if i < len(rs) && rs[i] == '|' {
		block = true
	}
	end := len(rs)
	for end > i && isBlank(rs[end-1]) {
		end--
	}
	for j := i; j < end; j++ {
		if j+1 < end && (rs[j] == '*' && rs[j+1] == '*' || rs[j] == '_' && rs[j+1] == '_') &&
			(len(kept) == 0 || j+2 == end || strings.ContainsRune("。：:！？!?；;", kept[len(kept)-1])) {
			j++
			continue
		}
		kept = append(kept, rs[j])
		cols = append(cols, j)
	}
	return kept, cols, block
}

func TestAppendLine(t *testing.T) {
	pieces := []string{" ", "\t", "\u3000", "\u00a0", "#", "##", "> ", "- ", "+ ", "* ", "*", "**", "__", "_", "|",
		"。", "：", "牵头", "（", "）", "a", "1.", "\xe3", "\xe3\x80", "\x80", "\xc2", "\xa0", "\xed\xa0\x80",
		"\xe0\x80\x80", "\xf0\x9f\x98\x80", "\xef\xbc\x88", "\xff"}
	rng := rand.New(rand.NewSource(1))
	for range 30000 {
		var sb strings.Builder
		for range rng.Intn(12) {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		line := sb.String()
		kept, cols, block := cleanLineRef([]rune(line))
		var b buffers
		b.r = append(b.r, 'x') // a rune of an earlier line
		b.f, b.line, b.col = append(b.f, 'x'), append(b.line, 1), append(b.col, 1)
		gotBlock := b.appendLine(line, 2)
		if gotBlock != block || string(b.r[1:]) != string(kept) || len(b.col) != len(cols)+1 {
			t.Fatalf("appendLine(%q) = %q %v, want %q %v", line, string(b.r[1:]), gotBlock, string(kept), block)
		}
		for k, c := range cols {
			if b.col[k+1] != int32(c+1) || b.line[k+1] != 2 || b.f[k+1] != foldRune(b.r[k+1]) {
				t.Fatalf("appendLine(%q): rune %d at %d:%d, want 2:%d", line, k, b.line[k+1], b.col[k+1], c+1)
			}
		}
	}
}
