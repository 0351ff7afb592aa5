package importer

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Run-in items. Copying sometimes loses the line break before a numbered
// item, so that the item runs on after the end of the previous paragraph:
//
//	……实行“一票否决”。6.健全统计数据真实性责任制。……
//	……提升保障能力。（二）加大宣传力度。
//
// A numbered item is recognised inside a line when it follows a sentence
// end and carries the next number of its level (the previous sibling seen
// in the text was 5. or （一）). An enumeration written inside one
// paragraph (包括：（一）……。（二）……) is left alone: there the previous
// number occurs in the same line, not at its start.

// marker patterns on folded text, with the number in group 1.
var markerNums = [5]*regexp.Regexp{
	1: regexp.MustCompile(`^([一二三四五六七八九十百]+)\s*[、.]`),
	2: regexp.MustCompile(`^[(〔]([一二三四五六七八九十百]+)[)〕]`),
	3: regexp.MustCompile(`^(\d{1,2})\s*[.、]`),
	4: regexp.MustCompile(`^\((\d{1,2})\)`),
}

// numbering tracks the last item number seen at each heading level.
type numbering struct{ last [5]int }

// marker returns the level and number of the item marker at the start of
// folded text, or 0, 0.
func marker(f string) (level, n int) {
	for lv := 1; lv <= 4; lv++ {
		m := markerNums[lv].FindStringSubmatchIndex(f)
		if m == nil || lv == 3 && m[1] < len(f) && (isDigit(firstRune(f[m[1]:])) || f[m[1]] == '.') {
			continue // 2.5亿元 is a number, not an item
		}
		num := f[m[2]:m[3]]
		if lv <= 2 {
			n = chineseNumber(num)
		} else {
			n, _ = strconv.Atoi(num)
		}
		if n > 0 {
			return lv, n
		}
	}
	return 0, 0
}

// see records an item that starts a line: its level counts on, deeper
// levels start again.
func (nb *numbering) see(level, n int) {
	nb.last[level] = n
	for lv := level + 1; lv <= 4; lv++ {
		nb.last[lv] = 0
	}
}

// split cuts a cleaned line before each run-in item and records the
// numbers it meets.
func (nb *numbering) split(text string) []string {
	var out []string
	for {
		f := foldOf(text)
		if lv, n := marker(f); lv > 0 {
			nb.see(lv, n)
		}
		at := nb.runIn(f)
		if at < 0 {
			return append(out, text)
		}
		out = append(out, cut(text, 0, at))
		text = cut(text, at, utf8.RuneCountInString(text))
	}
}

// markerWindow bounds the text looked at for an item marker: the longest
// marker (（九十九）, 九十九 、) and the character after it fit in it many
// times over. Matching on the whole rest of the line at every sentence end
// made a long line cost time quadratic in its length.
const markerWindow = 24

// window returns rs[i:] cut to markerWindow runes, as a string.
func window(rs []rune, i int) string {
	return string(rs[i:min(i+markerWindow, len(rs))])
}

// runIn returns the rune offset of the first run-in item in folded text,
// or -1. It looks at a bounded window after each sentence end, so its cost
// is linear in the length of the text.
func (nb *numbering) runIn(f string) int {
	rs := []rune(f)
	// inline[lv]: item nb.last[lv] occurs after a sentence end or a colon
	// within the line before the position looked at (from rune 2 on).
	var inline [5]bool
	for i := 1; i < len(rs)-2; i++ {
		if j := i - 1; j >= 2 && strings.ContainsRune("。！？!?：:；;", rs[j-1]) {
			if lv, k := marker(window(rs, j)); lv > 0 && k == nb.last[lv] {
				inline[lv] = true
			}
		}
		if !strings.ContainsRune("。！？!?", rs[i-1]) {
			continue
		}
		rest := window(rs, i)
		lv, n := marker(rest)
		if lv == 0 || nb.last[lv] == 0 || n != nb.last[lv]+1 {
			continue
		}
		// The marker must introduce words, and the previous number must
		// not occur inside this line (an enumeration within a paragraph).
		m := markerNums[lv].FindStringIndex(rest)
		if !isHan(firstRune(rest[m[1]:])) {
			continue
		}
		if inline[lv] {
			continue
		}
		return i
	}
	return -1
}

// chineseNumber reads 一 … 九十九 (and 百), or returns 0.
func chineseNumber(s string) int {
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	total, cur := 0, 0
	for _, r := range s {
		switch {
		case digits[r] > 0:
			cur = digits[r]
		case r == '十':
			if cur == 0 {
				cur = 1
			}
			total += cur * 10
			cur = 0
		case r == '百':
			if cur == 0 {
				cur = 1
			}
			total += cur * 100
			cur = 0
		default:
			return 0
		}
	}
	return total + cur
}
