package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/generator/docno"
	"gongkai/generator/hanfold"
)

// sep is the code of a separator in a stream; no indexable character has it.
const sep = 0

// isIndexable reports whether a folded rune takes part in terms: letters
// (Han included), digits and other numbers (〇). Private-use characters
// are excluded because the builder uses that range for astral characters.
func isIndexable(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	if r >= 0xE000 && r <= 0xF8FF {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// foldRunes folds s and splits it into phrases: maximal runs of indexable
// characters. This is how a query is read (and mirrors how a document
// stream is cut by separators).
func foldRunes(s string) [][]rune {
	var out [][]rune
	var cur []rune
	for _, r := range s {
		f := hanfold.Fold(r)
		if isIndexable(f) {
			cur = append(cur, f)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// docNoDrop are the characters dropped from a 发文字号 that docno.Parse
// cannot read as written: brackets, 第 and 号, which writers add or leave
// out, and separators (沈政发2017-45号, 《沈政发〔2017〕45号》).
const docNoDrop = "〔〕[]【】()（）［］{}｛｝〈〉<>《》﹝﹞〖〗﹙﹚第号號 \u3000\t-—_.．、,，:："

// NormDocNo returns the matching key of a 发文字号 written in any usual form,
// or "" when s does not look like one. The key is docno's (Number.Key):
// 沈政发〔2017〕45号, 沈政发[2017]45号, 沈政发﹝2017﹞第045号, 沈政发2017 45号,
// 瀋政發〔2017〕45號 and 沈政発〔2017〕45号 all give 沈政发〔2017〕45号, and
// 四川省人民政府令195号 gives 四川省人民政府令第195号. Text docno cannot
// parse is read again with brackets and separators dropped (沈政发2017-45号
// → 沈政发201745); when that does not parse either, a Han prefix followed
// by at least five digits is still a key, as written with those dropped.
// The browser (normDocNo in search.js) computes the same keys.
func NormDocNo(s string) string {
	if n, err := docno.Parse(s); err == nil {
		return n.Key()
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(docNoDrop, r) {
			continue
		}
		f := hanfold.Fold(r)
		if f == ' ' || strings.ContainsRune(docNoDrop, f) {
			continue
		}
		b.WriteRune(f)
	}
	k := b.String()
	if n, err := docno.Parse(k); err == nil {
		return n.Key()
	}
	// Shape check: Han prefix, then at least 5 digits (year + serial).
	i := 0
	for i < len(k) {
		r, n := utf8.DecodeRuneInString(k[i:])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		i += n
	}
	if i == 0 || len(k)-i < 5 {
		return ""
	}
	for _, c := range k[i:] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return k
}

// Query is a parsed search query.
type Query struct {
	Phrases [][]rune // folded phrases, all required (AND)
	DocNo   string   // normalised 发文字号 when the whole query reads as one
}

// maxQuery is the most characters of a query read (a query is typed by a
// person; this bounds the work). The page's script cuts at the same
// count of characters (code points), so both read the same query.
const maxQuery = 1000

// ParseQuery folds q and splits it into phrases at spaces and punctuation.
func ParseQuery(q string) Query {
	n := 0
	for i := range q {
		if n == maxQuery {
			q = q[:i]
			break
		}
		n++
	}
	return Query{Phrases: foldRunes(q), DocNo: NormDocNo(q)}
}
