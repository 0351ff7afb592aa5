package tasks

import (
	"unicode"
	"unicode/utf8"
)

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

// foldTable holds foldRuneSlow for every rune of the Basic Multilingual
// Plane, so that folding is one load per rune instead of a switch and a
// map lookup. Runes above the BMP never fold.
var foldTable = buildFoldTable()

func buildFoldTable() *[0x10000]uint16 {
	t := new([0x10000]uint16)
	for r := range t {
		t[r] = uint16(r)
	}
	// Only these runes fold to something else (TestFoldTable checks every
	// rune against foldRuneSlow).
	set := func(r rune) { t[r] = uint16(foldRuneSlow(r)) }
	for r := rune(0xFF01); r <= 0xFF5E; r++ {
		set(r)
	}
	for _, r := range "\u3000〔【[［〕】]］，；：．\t\u00A0" {
		set(r)
	}
	for r := range tradToSimp {
		set(r)
	}
	return t
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
	if uint32(r) < 0x10000 {
		return rune(foldTable[r])
	}
	return r
}

// foldRuneSlow defines the folding; foldTable caches it.
func foldRuneSlow(r rune) rune {
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
	if r > 0x3000 && r < 0xFEFF {
		return false // CJK and everything up to the BOM: no spaces, controls or format characters
	}
	return r == ' ' || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// word is a keyword or suffix, folded, as runes, so that matching does not
// decode UTF-8 again and again.
type word []rune

func words(ws ...string) []word {
	out := make([]word, len(ws))
	for i, w := range ws {
		out[i] = word(w)
	}
	return out
}

// hasPrefixAt reports whether f[i:] starts with the (already folded) word w.
func hasPrefixAt(f []rune, i int, w word) bool {
	if len(w) == 0 {
		return true
	}
	if i < 0 || i > len(f) || len(w) > len(f)-i {
		return false
	}
	for k, r := range w {
		if f[i+k] != r {
			return false
		}
	}
	return true
}

// hasSuffix reports whether f ends with the folded word w.
func hasSuffix(f []rune, w word) bool {
	return len(w) <= len(f) && hasPrefixAt(f, len(f)-len(w), w)
}

// matchWord returns the length of the first of ws that starts at f[i], or
// 0.
func matchWord(f []rune, i int, ws []word) int {
	if i >= len(f) {
		return 0
	}
	c := f[i]
	for _, w := range ws {
		if w[0] == c && hasPrefixAt(f, i, w) {
			return len(w)
		}
	}
	return 0
}

// runeSet is a small set of runes: a bit mask for ASCII, and for the rest
// a mask of their low bytes (to reject most runes at once) and a short
// list. It is cheaper than strings.ContainsRune, which decodes its string
// on every call.
type runeSet struct {
	ascii [2]uint64
	low   [4]uint64
	other []rune
}

func newRuneSet(s string) *runeSet {
	set := &runeSet{}
	for _, r := range s {
		if r < 0x80 {
			set.ascii[r>>6] |= 1 << (r & 63)
		} else {
			b := r & 0xFF
			set.low[b>>6] |= 1 << (b & 63)
			set.other = append(set.other, r)
		}
	}
	return set
}

func (s *runeSet) has(r rune) bool {
	if uint32(r) < 0x80 {
		return s.ascii[r>>6]&(1<<(r&63)) != 0
	}
	b := r & 0xFF
	if s.low[b>>6]&(1<<(b&63)) == 0 {
		return false
	}
	for _, c := range s.other {
		if c == r {
			return true
		}
	}
	return false
}

// wordList is a list of words to try in order at one position, with the
// set of their first runes to skip positions where none can start.
type wordList struct {
	ws    []word
	first *runeSet
}

func newWordList(ws ...string) *wordList {
	l := &wordList{ws: words(ws...)}
	l.first = firstRunes(l.ws)
	return l
}

// firstRunes returns the set of the first runes of the words.
func firstRunes(lists ...[]word) *runeSet {
	first := ""
	for _, l := range lists {
		for _, w := range l {
			first += string(w[0])
		}
	}
	return newRuneSet(first)
}

// match returns the length of the first word that starts at f[i], or 0.
func (l *wordList) match(f []rune, i int) int {
	if i >= len(f) || !l.first.has(f[i]) {
		return 0
	}
	return matchWord(f, i, l.ws)
}

// foldString is fold([]rune(s)) with one allocation.
func foldString(s string) []rune {
	return appendFold(make([]rune, 0, utf8.RuneCountInString(s)), s)
}

// appendFold appends the folded runes of s to buf.
func appendFold(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, foldRune(r))
	}
	return buf
}

// Rune classes, for the tests made at every rune of a text.
const (
	clsMarkerStart = 1 << iota // can start an item number: ( 0-9 一…十〇百
	clsSentenceEnd             // after it an item number may start: space 。;!?
	clsDigitLike               // isDigitLike
	clsDateStart               // canStartDate
)

// classTable holds the classes of the folded runes of the BMP; runes above
// it have none.
var classTable = buildClassTable()

func buildClassTable() *[0x10000]uint8 {
	t := new([0x10000]uint8)
	for r := range t {
		c := rune(r)
		var k uint8
		if c == '(' || c >= '0' && c <= '9' || isCNNumeral(c) {
			k |= clsMarkerStart
		}
		if sentenceEnds.has(c) {
			k |= clsSentenceEnd
		}
		if digitValue(c) >= 0 || c == '十' {
			k |= clsDigitLike
		}
		if k&clsDigitLike != 0 || c == '年' || c == '上' || c == '下' || c == '第' {
			k |= clsDateStart
		}
		t[r] = k
	}
	return t
}

func class(r rune) uint8 {
	if uint32(r) < 0x10000 {
		return classTable[r]
	}
	return 0
}
