// Package cndate reads dates and validity clauses in Chinese official
// documents: one date in any usual form (Parse), every full date in a text
// (FindDates), and the clauses that fix when a document takes effect and
// how long it stays valid — 有效期5年, 有效期至2020年12月31日, 自印发之日起施行
// (FindValidity). Line converts byte offsets to line and column for
// diagnostics.
//
// Dates are written 2017-08-25, 2017/8/25, 2017.8.25, 2017年8月25日 (half- or
// full-width digits, optional spaces) or in Chinese numerals as on the
// signature line: 二〇一七年八月二十五日 (〇, ○ or 零 for zero). Only full
// dates (year, month and day) are recognised; 8月25日 alone is not a date
// here. Traditional texts use the same characters for all of these.
package cndate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai/generator/model"
)

// Parse reads one date (surrounding spaces allowed). A date that does not
// exist (2017年2月30日) is an error, as is any text that is not one date.
func Parse(s string) (model.Date, error) {
	t := strings.TrimSpace(s)
	y, m, d, end, ok := parseAt(t, 0)
	if !ok || end != len(t) {
		return 0, fmt.Errorf("无法识别日期“%s”：应写作 2017-08-25 或 2017年8月25日", s)
	}
	if err := checkDate(y, m, d); err != nil {
		return 0, err
	}
	return model.MakeDate(y, m, d), nil
}

// checkDate explains in Chinese why y-m-d is not a date.
func checkDate(y, m, d int) error {
	switch {
	case model.ValidDate(y, m, d):
		return nil
	case y < 1900 || y > 2200:
		return fmt.Errorf("日期无效：年份 %d 不在 1900—2200 之间", y)
	case m < 1 || m > 12:
		return fmt.Errorf("日期无效：%d年没有%d月", y, m)
	}
	return fmt.Errorf("日期无效：%d年%d月没有%d日", y, m, d)
}

// DateMatch is one date found in a text.
type DateMatch struct {
	Start, End int // byte offsets
	Date       model.Date
}

// FindDates returns every full, valid date in text, in order. A date must
// not continue a number (the 2017 in 12017年… is not a year).
func FindDates(text string) []DateMatch {
	var out []DateMatch
	prev := rune(0)
	for i := 0; i < len(text); {
		r, sz := utf8.DecodeRuneInString(text[i:])
		if startsDate(r) && !isDigit(prev) && !isCnDigit(prev) {
			if y, m, d, end, ok := parseAt(text, i); ok && model.ValidDate(y, m, d) {
				out = append(out, DateMatch{Start: i, End: end, Date: model.MakeDate(y, m, d)})
				prev, _ = utf8.DecodeLastRuneInString(text[:end])
				i = end
				continue
			}
		}
		prev = r
		i += sz
	}
	return out
}

func startsDate(r rune) bool { return isDigit(r) || isCnDigit(r) }

// parseAt reads a date starting at byte i of s and returns its fields and
// end. ok means the form matched; the fields are not yet checked.
func parseAt(s string, i int) (y, m, d, end int, ok bool) {
	c := cursor{s: s, i: i}
	if r, _ := c.peek(); isDigit(r) {
		return c.arabicDate()
	}
	return c.chineseDate()
}

// cursor reads a string forwards.
type cursor struct {
	s string
	i int
}

func (c *cursor) peek() (rune, int) {
	if c.i >= len(c.s) {
		return -1, 0
	}
	return utf8.DecodeRuneInString(c.s[c.i:])
}

// eat consumes r if it is next.
func (c *cursor) eat(rs ...rune) bool {
	r, sz := c.peek()
	for _, want := range rs {
		if r == want {
			c.i += sz
			return true
		}
	}
	return false
}

// word consumes the first of words that comes next (compared after
// folding, so Traditional spellings match Simplified words).
func (c *cursor) word(words ...string) bool {
	for _, w := range words {
		if n := foldedPrefix(c.s[c.i:], w); n > 0 {
			c.i += n
			return true
		}
	}
	return false
}

func (c *cursor) spaces() {
	for {
		r, sz := c.peek()
		if r != ' ' && r != '\t' && r != '\u3000' && r != '\u00a0' {
			return
		}
		c.i += sz
	}
}

// digits reads up to max half- or full-width digits; n is how many.
func (c *cursor) digits(max int) (val, n int) {
	for n < max {
		r, sz := c.peek()
		if !isDigit(r) {
			break
		}
		val = val*10 + digitVal(r)
		c.i += sz
		n++
	}
	return val, n
}

// arabicDate reads 2017年8月25日 or 2017-08-25 (also / . and their
// full-width forms, the same separator twice).
func (c *cursor) arabicDate() (y, m, d, end int, ok bool) {
	y, n := c.digits(4)
	if n != 4 || c.nextIsDigit() {
		return
	}
	save := c.i
	c.spaces()
	if c.eat('年') {
		return c.monthDay(y)
	}
	c.i = save
	sep, sz := c.peek()
	if !isSep(sep) {
		return
	}
	c.i += sz
	if m, n = c.digits(2); n == 0 || !c.eat(sep) {
		return
	}
	if d, n = c.digits(2); n == 0 || c.nextIsDigit() {
		return
	}
	return y, m, d, c.i, true
}

// chineseDate reads 二〇一七年八月二十五日.
func (c *cursor) chineseDate() (y, m, d, end int, ok bool) {
	for k := 0; k < 4; k++ {
		r, sz := c.peek()
		v, isD := cnDigitVal(r)
		// Latin O for 〇 is a common typing slip, but never the first digit.
		if !isD && k > 0 && (r == 'O' || r == 'o' || r == 'Ｏ') {
			v, isD = 0, true
		}
		if !isD {
			return
		}
		y = y*10 + v
		c.i += sz
	}
	if r, _ := c.peek(); isCnDigit(r) {
		return
	}
	c.spaces()
	if !c.eat('年') {
		return
	}
	return c.monthDay(y)
}

// monthDay reads the part after 年: 8月25日 / 八月二十五日 (日 or 号).
func (c *cursor) monthDay(y int) (int, int, int, int, bool) {
	c.spaces()
	m, ok := c.smallNumber(true)
	if !ok {
		return 0, 0, 0, 0, false
	}
	c.spaces()
	if !c.eat('月') {
		return 0, 0, 0, 0, false
	}
	c.spaces()
	d, ok := c.smallNumber(false)
	if !ok {
		return 0, 0, 0, 0, false
	}
	c.spaces()
	if !c.eat('日', '号', '號') {
		return 0, 0, 0, 0, false
	}
	return y, m, d, c.i, true
}

// smallNumber reads a month or day: 1–2 Arabic digits, or 一…九, 十, 十一,
// 二十, 二十五, 三十一, 廿五; 元 (元月, January) when month is true.
func (c *cursor) smallNumber(month bool) (int, bool) {
	if v, n := c.digits(2); n > 0 {
		return v, !c.nextIsDigit()
	}
	if month && c.eat('元') {
		return 1, true
	}
	return c.cnSmall()
}

// cnSmall reads a Chinese number from 1 to 99 written with 十 (十, 十五,
// 二十, 二十五), 廿/卅 (廿五) or a single digit.
func (c *cursor) cnSmall() (int, bool) {
	r, sz := c.peek()
	tens, units := 0, 0
	switch {
	case r == '十':
		tens = 1
	case r == '廿':
		tens = 2
	case r == '卅':
		tens = 3
	default:
		v, ok := cnDigitVal(r)
		if !ok || v == 0 {
			return 0, false
		}
		c.i += sz
		if !c.eat('十') {
			return v, true
		}
		tens = v
		sz = 0
	}
	c.i += sz
	if r, sz := c.peek(); r != '十' {
		if v, ok := cnDigitVal(r); ok && v > 0 {
			units = v
			c.i += sz
		}
	}
	return tens*10 + units, true
}

func (c *cursor) nextIsDigit() bool {
	r, _ := c.peek()
	return isDigit(r)
}

func isDigit(r rune) bool { return ('0' <= r && r <= '9') || ('０' <= r && r <= '９') }

func digitVal(r rune) int {
	if r >= '０' {
		return int(r - '０')
	}
	return int(r - '0')
}

func isSep(r rune) bool {
	switch r {
	case '-', '/', '.', '－', '／', '．':
		return true
	}
	return false
}

// cnDigitVal gives the value of a Chinese digit. Zero is written 〇
// (U+3007), ○ (U+25CB, the white circle many input methods offer), ◯ or 零.
func cnDigitVal(r rune) (int, bool) {
	switch r {
	case '〇', '○', '◯', '零':
		return 0, true
	case '一':
		return 1, true
	case '二':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

func isCnDigit(r rune) bool {
	_, ok := cnDigitVal(r)
	return ok
}
