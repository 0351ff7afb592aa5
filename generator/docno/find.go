package docno

import (
	"strings"
	"unicode/utf8"

	"gongkai/generator/internal/cjk"
)

// Match is one number found in a text.
type Match struct {
	Start, End int // byte offsets of the number in text
	Number     Number
	Title      string // the title cited in 《…》 right before the number, without the brackets, or ""
}

// Find returns every 发文字号 in text, in order.
//
// The scanner is keyed on 号/號: each occurrence is read backwards (serial,
// optional 第, the bracketed year or 令, then the agency). Reading backwards
// from a rare anchor keeps the cost linear in the text with a small constant,
// and the agency rule (see agencyStart) decides where the code begins.
//
// Only the bracketed forms (and orders, 令第N号) are recognised in running
// text; the bare form 沈政发2017 45号 is too ambiguous there and is left to Parse.
func Find(text string) []Match {
	var out []Match
	var hs haoScanner
	hs.text = text
	end := 0
	for {
		k, size := hs.next()
		if k < 0 {
			return out
		}
		if m, ok := matchAt(text, k, size); ok && m.Start >= end {
			out = append(out, m)
			end = m.End
		}
	}
}

// haoScanner yields the positions of 号 and 號 in order. Each form's next
// position is cached, so a form absent from the text is searched once rather
// than once per hit.
type haoScanner struct {
	text         string
	pos          int
	next1, next2 int // next 号 / 號 at or after pos; -1 none; -2 unknown
	init         bool
}

const (
	haoS = "号"
	haoT = "號"
)

func (h *haoScanner) next() (int, int) {
	if !h.init {
		h.next1, h.next2, h.init = -2, -2, true
	}
	h.next1 = h.refresh(h.next1, haoS)
	h.next2 = h.refresh(h.next2, haoT)
	k := h.next1
	if k < 0 || (h.next2 >= 0 && h.next2 < k) {
		k = h.next2
	}
	if k < 0 {
		return -1, 0
	}
	h.pos = k + len(haoS) // both forms are three bytes
	return k, len(haoS)
}

func (h *haoScanner) refresh(cached int, anchor string) int {
	if cached == -1 || cached >= h.pos {
		return cached
	}
	i := cjk.Index(h.text[h.pos:], anchor)
	if i < 0 {
		return -1
	}
	return h.pos + i
}

// matchAt reads the number ending with the 号 at byte k (size bytes).
func matchAt(text string, k, size int) (Match, bool) {
	n := Number{Hao: text[k : k+size]}
	i := skipSpaceBack(text, k)
	i, serial, ok := serialBack(text, i)
	if !ok {
		return Match{}, false
	}
	n.Serial = serial
	i = skipSpaceBack(text, i)
	if r, sz := utf8.DecodeLastRuneInString(text[:i]); r == '第' {
		i = skipSpaceBack(text, i-sz)
	}
	agencyEnd, year, ok := yearBack(text, i)
	if !ok {
		return Match{}, false
	}
	n.Year = year
	start, ok := agencyStart(text, agencyEnd, year == 0)
	if !ok {
		return Match{}, false
	}
	n.Agency = text[start:agencyEnd]
	return Match{Start: start, End: k + size, Number: n, Title: titleBefore(text, start)}, true
}

// serialBack reads the serial digits ending at i: 1–8 digits (leading zeros
// allowed), value 1–999999, not preceded by another digit.
func serialBack(text string, i int) (int, int, bool) {
	j, val, n := digitsBack(text, i)
	if n == 0 || n > 8 || val == 0 || val > 999999 {
		return 0, 0, false
	}
	return j, val, true
}

// yearBack reads 〔2017〕 (any bracket pair, optional inner spaces) ending
// at i, or accepts an order's 令, and returns where the agency ends.
func yearBack(text string, i int) (agencyEnd, year int, ok bool) {
	r, sz := utf8.DecodeLastRuneInString(text[:i])
	if r == '令' {
		return i, 0, true
	}
	if !isClose(r) {
		return 0, 0, false
	}
	i = skipSpaceBack(text, i-sz)
	i, year, n := digitsBack(text, i)
	if n != 4 || year < MinYear || year > MaxYear {
		return 0, 0, false
	}
	i = skipSpaceBack(text, i)
	r, sz = utf8.DecodeLastRuneInString(text[:i])
	if !isOpen(r) {
		return 0, 0, false
	}
	return skipSpaceBack(text, i-sz), year, true
}

// digitsBack reads half- or full-width digits ending at i. It returns the
// start, the value (of the last 9 digits at most, enough for the callers'
// range checks since they reject long runs) and the number of digits.
func digitsBack(text string, i int) (start, val, n int) {
	mul := 1
	for i > 0 {
		r, sz := utf8.DecodeLastRuneInString(text[:i])
		if !isDigit(r) {
			break
		}
		if n < 9 {
			val += digitVal(r) * mul
			mul *= 10
		}
		n++
		i -= sz
	}
	return i, val, n
}

// skipSpaceBack skips spaces and tabs (half-width, ideographic, no-break)
// but not line breaks: a number does not continue over a line.
func skipSpaceBack(text string, i int) int {
	for i > 0 {
		r, sz := utf8.DecodeLastRuneInString(text[:i])
		if r != ' ' && r != '\t' && r != '\u3000' && r != '\u00a0' {
			return i
		}
		i -= sz
	}
	return i
}

// titleBefore returns the title in 《…》 cited right before the number at
// start, as in 《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）.
// The number must follow the closing 》 directly or inside an opening
// bracket; nested 《》 are balanced. Titles do not span lines.
func titleBefore(text string, start int) string {
	i := skipSpaceBack(text, start)
	r, sz := utf8.DecodeLastRuneInString(text[:i])
	if r == '(' || r == '（' || r == '[' || r == '【' || r == '［' {
		i = skipSpaceBack(text, i-sz)
		r, sz = utf8.DecodeLastRuneInString(text[:i])
	}
	if r != '》' {
		return ""
	}
	closeAt := i - sz
	depth := 1
	for j := closeAt; j > 0 && closeAt-j < maxTitleBytes; {
		r, sz := utf8.DecodeLastRuneInString(text[:j])
		j -= sz
		switch r {
		case '》':
			depth++
		case '《':
			depth--
			if depth == 0 {
				// Titles feed pages and JSON: keep them valid UTF-8.
				return strings.ToValidUTF8(strings.TrimSpace(text[j+sz:closeAt]), "\uFFFD")
			}
		case '\n', '\r':
			return ""
		}
	}
	return ""
}

// maxTitleBytes bounds the backward search for 《 (titles are at most a few
// dozen characters; a stray 》 must not trigger a scan of the whole text).
const maxTitleBytes = cjk.MaxTitle
