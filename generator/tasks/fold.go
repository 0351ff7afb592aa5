package tasks

import "unicode"

// Folding for matching only. Extraction matches keywords (牵头单位, 负责落实,
// 年底前 …) and unit-name suffixes on a folded copy of the text that has the
// same number of runes as the original, so an index found in the copy is an
// index into the original, and units and titles are returned as written.

// tradToSimp maps the Traditional characters that occur in the keywords and
// suffixes this package matches. It is deliberately small: it is not a
// conversion table, only enough to make 牽頭單位 match 牵头单位.
var tradToSimp = map[rune]rune{
	'牽': '牵', '頭': '头', '單': '单', '責': '责', '門': '门', '協': '协',
	'辦': '办', '參': '参', '與': '与', '實': '实', '時': '时', '間': '间',
	'負': '负', '會': '会', '職': '职', '別': '别', '長': '长', '進': '进',
	'續': '续', '堅': '坚', '週': '周', '啟': '启', '啓': '启', '動': '动',
	'內': '内', '後': '后', '態': '态', '關': '关', '廳': '厅', '處': '处',
	'組': '组', '隊': '队', '館': '馆', '團': '团', '縣': '县', '區': '区',
	'鎮': '镇', '鄉': '乡', '園': '园', '銀': '银', '檢': '检', '總': '总',
	'於': '于', '執': '执', '號': '号', '發': '发', '屬': '属', '務': '务',
	'將': '将', '級': '级', '點': '点', '層': '层', '貫': '贯', '徹': '彻',
	'當': '当', '應': '应', '該': '该', '須': '须', '個': '个', '兩': '两',
	'〇': '〇', '○': '〇', '零': '〇', '旬': '旬', '季': '季', '養': '养',
	'聯': '联',
}

// fold returns a copy of s, rune for rune, with full-width ASCII folded to
// ASCII, the bracket family folded to ( ), full-width punctuation folded to
// its ASCII counterpart and the Traditional characters above folded to
// Simplified.
func fold(s []rune) []rune {
	out := make([]rune, len(s))
	for i, r := range s {
		out[i] = foldRune(r)
	}
	return out
}

func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII block
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	}
	switch r {
	case '〔', '【', '[', '［':
		return '('
	case '〕', '】', ']', '］':
		return ')'
	case '，':
		return ','
	case '；':
		return ';'
	case '：':
		return ':'
	case '．':
		return '.'
	case '\t', 0xA0:
		return ' '
	}
	if s, ok := tradToSimp[r]; ok {
		return s
	}
	return r
}

func isOpen(r rune) bool  { return r == '(' }
func isClose(r rune) bool { return r == ')' }

// isSpace reports white space and invisible characters (controls, zero
// width spaces, BOM), none of which may begin or end a unit name.
func isSpace(r rune) bool {
	return r == ' ' || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// hasPrefixAt reports whether f[i:] starts with the (already folded) word w.
func hasPrefixAt(f []rune, i int, w string) bool {
	for _, r := range w {
		if i >= len(f) || f[i] != r {
			return false
		}
		i++
	}
	return true
}

// hasSuffix reports whether f ends with the folded word w.
func hasSuffix(f []rune, w string) bool {
	n := 0
	for range w {
		n++
	}
	return n <= len(f) && hasPrefixAt(f, len(f)-n, w)
}

// index returns the first index of w in f at or after from, or -1.
func index(f []rune, w string, from int) int {
	for i := from; i < len(f); i++ {
		if hasPrefixAt(f, i, w) {
			return i
		}
	}
	return -1
}

func runeLen(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}
