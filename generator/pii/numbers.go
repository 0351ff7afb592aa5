package pii

import "strings"

// A group is a run of digits that stands alone: the characters around it
// are not digits, Latin letters or _, and it is not part of a decimal
// number. An identity number's trailing X belongs to its group.
type group struct {
	start, end int    // byte offsets
	digits     []byte // values 0–9; 10 for X
	hasX       bool
	plus       bool // preceded by + (the 86 of +86)
}

// Separators allowed inside a written number (138-1234-5678, 6222 0212 …):
// one space, hyphen, ideographic space or full-width hyphen.
func sepAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch s[i] {
	case ' ', '-':
		return 1
	}
	if strings.HasPrefix(s[i:], "\u3000") || strings.HasPrefix(s[i:], "－") {
		return 3
	}
	return 0
}

// digitAt decodes an ASCII or full-width digit at s[i]; w is 0 when there
// is none.
func digitAt(s string, i int) (v byte, w int) {
	c := s[i]
	if c >= '0' && c <= '9' {
		return c - '0', 1
	}
	if c == 0xEF && i+2 < len(s) && s[i+1] == 0xBC && s[i+2] >= 0x90 && s[i+2] <= 0x99 {
		return s[i+2] - 0x90, 3
	}
	return 0, 0
}

// xAt decodes X, x, Ｘ or ｘ.
func xAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch {
	case s[i] == 'X' || s[i] == 'x':
		return 1
	case strings.HasPrefix(s[i:], "Ｘ") || strings.HasPrefix(s[i:], "ｘ"):
		return 3
	}
	return 0
}

// wordAt reports whether a digit, Latin letter or _ (ASCII or full-width)
// starts at s[i].
func wordAt(s string, i int) bool {
	if i >= len(s) || i < 0 {
		return false
	}
	c := s[i]
	if c < 0x80 {
		return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_'
	}
	if c == 0xEF && i+2 < len(s) {
		b1, b2 := s[i+1], s[i+2]
		return b1 == 0xBC && (b2 >= 0x90 && b2 <= 0x99 || b2 >= 0xA1 && b2 <= 0xBA || b2 == 0xBF) ||
			b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A
	}
	return false
}

// wordBefore reports whether the character ending at s[i-1] is a word
// character (see wordAt).
func wordBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	if s[i-1] < 0x80 {
		return wordAt(s, i-1)
	}
	return i >= 3 && wordAt(s, i-3)
}

// decimalBefore and decimalAfter catch the fractional and integer parts of
// decimals such as 3.1415926535897932: a dot between digits joins them.
func decimalBefore(s string, i int) bool {
	return i >= 2 && s[i-1] == '.' && s[i-2] >= '0' && s[i-2] <= '9'
}

func decimalAfter(s string, i int) bool {
	return i+1 < len(s) && s[i] == '.' && s[i+1] >= '0' && s[i+1] <= '9'
}

// readGroup reads the run of digits starting at s[i] (a digit). ok is false
// when the run does not stand alone; next is where scanning resumes.
func readGroup(s string, i int, buf []byte) (g group, next int, ok bool) {
	g.start = i
	g.digits = buf[:0]
	j := i
	for j < len(s) {
		v, w := digitAt(s, j)
		if w == 0 {
			break
		}
		g.digits = append(g.digits, v)
		j += w
	}
	if w := xAt(s, j); w > 0 {
		g.digits = append(g.digits, 10)
		g.hasX = true
		j += w
	}
	g.end = j
	if wordAt(s, j) {
		// Part of a longer word (a credit code, a file name): skip the word.
		for j < len(s) && wordAt(s, j) {
			if s[j] < 0x80 {
				j++
			} else {
				j += 3
			}
		}
		return g, j, false
	}
	if wordBefore(s, i) || decimalBefore(s, i) || decimalAfter(s, j) {
		return g, j, false
	}
	g.plus = i > 0 && s[i-1] == '+' || i >= 3 && s[i-3:i] == "＋"
	return g, j, true
}
