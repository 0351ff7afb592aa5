package importer

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/generator/hanfold"
)

// line is one logical line of the input after clean-up: a physical line, or
// one piece of a physical line that held several paragraphs run together.
type line struct {
	text  string // cleaned text in the source's script and punctuation
	fold  string // hanfold.FoldString(text): Simplified, half-width; rune-aligned with text
	no    int    // 1-based line number in the decoded input
	block int    // index of the physical line; pieces of one flattened line share it
	flat  bool   // a piece of a flattened physical line
	runIn bool   // a numbered item cut from the end of the piece before it (see numbering.go)
	blank bool   // nothing but white space
	cell  bool   // blank, but the physical line held white space (an empty table cell)
	kind  kind
}

func newLine(text string, no, block int) *line {
	l := &line{text: text, fold: hanfold.FoldString(text), no: no, block: block}
	l.blank = text == ""
	return l
}

// runes counts the characters of the line.
func (l *line) runes() int { return utf8.RuneCountInString(l.text) }

// prepared is the input split into lines, with page debris already removed.
type prepared struct {
	lines     []*line
	dropped   []string   // debris, as "行N：text"
	soft      []int      // lines dropped by a keyword rule only (debrisCheck)
	pageDates []pageDate // publication dates read from dropped page furniture
}

// prepare splits decoded text into cleaned lines. Debris lines are replaced
// by blank lines (so that the lines around them are never joined across the
// gap) and recorded in dropped. The keyword rules of debrisCheck are not
// applied to the lines numbered in inside (lines found inside a document).
func prepare(text string, inside map[int]bool) prepared {
	var p prepared
	var nb numbering
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = stripHTML(text)
	for i, raw := range strings.Split(text, "\n") {
		no := i + 1
		raw = stripInvisible(raw)
		t := strings.TrimFunc(raw, unicode.IsSpace)
		if t == "" {
			l := newLine("", no, i)
			l.cell = raw != ""
			p.lines = append(p.lines, l)
			continue
		}
		if why := debrisCheck(t, !inside[no]); why != "" {
			if debrisCheck(t, false) == "" {
				p.soft = append(p.soft, no)
			}
			p.drop(no, t)
			p.notePageDate(no, t)
			p.lines = append(p.lines, newLine("", no, i))
			continue
		}
		var pieces []string
		flat := false
		if labels := splitLabels(t); len(labels) > 1 {
			pieces = labels
		} else {
			pieces = splitFlattened(collapseLabelSpaces(t))
			flat = len(pieces) > 1
		}
		pieces = splitSignatures(pieces)
		for _, piece := range pieces {
			piece = collapseLabelSpaces(piece)
			piece = cleanSpaces(piece)
			piece, pageNo := stripPageNumber(piece)
			if pageNo != "" {
				p.drop(no, pageNo)
			}
			if piece == "" {
				continue
			}
			if why := debrisCheck(piece, !inside[no]); why != "" {
				if debrisCheck(piece, false) == "" {
					p.soft = append(p.soft, no)
				}
				p.drop(no, piece)
				p.lines = append(p.lines, newLine("", no, i))
				continue
			}
			for k, item := range nb.split(piece) {
				l := newLine(item, no, i)
				l.flat, l.runIn = flat, k > 0
				p.lines = append(p.lines, l)
			}
		}
	}
	return p
}

func (p *prepared) drop(no int, text string) {
	p.dropped = append(p.dropped, lineRef(no)+text)
}

// lineRef is the prefix naming a source line in reports.
func lineRef(no int) string { return "第" + itoa(no) + "行：" }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// stripInvisible removes zero-width characters and stray byte-order marks
// that copy-paste from web pages and Word leaves inside lines.
func stripInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD':
			return -1
		}
		return r
	}, s)
}

// labelSpaces matches labels written with spaces between their characters
// for alignment (文 号：, 签 发 人：), which GB/T 9704 layouts and OA exports
// produce; the spaces are removed so that the label reads as one word.
var labelSpaces = regexp.MustCompile(`^((?:[\p{Han}][ \t\x{3000}\x{00A0}]+){1,5}[\p{Han}])\s*([:：])`)

func collapseLabelSpaces(s string) string {
	m := labelSpaces.FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	label := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s[m[2]:m[3]])
	if utf8.RuneCountInString(label) > 6 {
		return s
	}
	return label + s[m[4]:]
}

// Character classes used by the layout rules.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) || r == '〇' || r == '○' }

func isCJKPunct(r rune) bool {
	return (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFF65) || (r >= 0x2010 && r <= 0x2027) ||
		(r >= 0xFE30 && r <= 0xFE4F)
}

func isCJK(r rune) bool { return isHan(r) || isCJKPunct(r) }

func isASCIIPunct(r rune) bool { return r < 0x80 && unicode.IsPunct(r) }

func isDigit(r rune) bool { return ('0' <= r && r <= '9') || ('０' <= r && r <= '９') }

// terminal reports whether r ends a sentence (。！？) in either width.
func terminal(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '．':
		return true
	}
	return false
}

// opening reports whether r opens a bracket or a quotation.
func opening(r rune) bool {
	switch r {
	case '（', '(', '《', '“', '‘', '〔', '【', '「', '『', '[', '［', '〈', '<':
		return true
	}
	return false
}

// splitFlattened splits a physical line that holds several paragraphs run
// together with spaces, as text copied from some web pages and OA exports
// does (a whole document, signature and date included, on one line). In
// Chinese text a space between two characters is never part of a sentence,
// so such gaps are paragraph breaks when there are several of them and at
// least one follows a sentence end, or when there are many; a single gap
// after a sentence end also breaks, unless it follows a numbered lead-in
// (（三）工作目标。 到2020年……), where it is a typing slip.
func splitFlattened(s string) []string {
	rs := []rune(s)
	type gap struct{ from, to int }
	var gaps []gap
	afterStop := 0
	for i := 0; i < len(rs); i++ {
		if !unicode.IsSpace(rs[i]) || i == 0 {
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if j == len(rs) {
			break
		}
		p, n := rs[i-1], rs[j]
		if (isHan(p) || unicode.IsPunct(p)) && (isHan(n) || isDigit(n) || opening(n)) && !(isDigit(n) && (p == '年' || p == '月')) {
			gaps = append(gaps, gap{i, j})
			if terminal(p) || p == '：' || p == ':' {
				afterStop++
			}
		}
		i = j - 1
	}
	split := (len(gaps) >= 2 && afterStop >= 1) || len(gaps) >= 4
	if !split && len(gaps) == 1 && terminal(rs[gaps[0].from-1]) {
		split = headingLevel(hanfold.FoldString(string(rs[:gaps[0].from]))) == 0
	}
	if !split {
		return []string{s}
	}
	var out []string
	start := 0
	for _, g := range gaps {
		out = append(out, string(rs[start:g.from]))
		start = g.to
	}
	return append(out, string(rs[start:]))
}

// cleanSpaces collapses runs of white space and removes the spaces that
// paste leaves between Chinese characters in running text. Lines without
// any punctuation (signatures, joint organ names, titles) keep single
// spaces, because there a space separates names.
func cleanSpaces(s string) string {
	rs := []rune(s)
	prose := strings.ContainsAny(s, "，。；：、,;:")
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if i > 0 && j < len(rs) {
			p, n := rs[i-1], rs[j]
			glue := (isCJK(p) && (isCJK(n) || isDigit(n) || isASCIIPunct(n))) || ((isASCIIPunct(p) || isDigit(p)) && isCJK(n))
			if !(prose && glue) && !(isCJKPunct(p) || isCJKPunct(n)) {
				b.WriteRune(' ')
			}
		}
		i = j - 1
	}
	return b.String()
}

// pageNumber matches a page number left by copying from a paginated layout:
// -4-, — 4 —, －4－ at the start of a line.
var pageNumber = regexp.MustCompile(`^[-—－–]\s*\d{1,3}\s*[-—－–]\s*`)

func stripPageNumber(s string) (rest, dropped string) {
	if m := pageNumber.FindString(s); m != "" {
		return s[len(m):], strings.TrimSpace(m)
	}
	return s, ""
}

// lastRune returns the last rune of s, or 0.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

// runePrefix returns the first n runes of s.
func runePrefix(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// runeOffset converts a byte offset in a (folded) string to a rune count.
func runeOffset(s string, byteOff int) int { return utf8.RuneCountInString(s[:byteOff]) }

// cut returns the rune range [from, to) of s.
func cut(s string, from, to int) string {
	rs := []rune(s)
	if from < 0 {
		from = 0
	}
	if to > len(rs) {
		to = len(rs)
	}
	if from >= to {
		return ""
	}
	return string(rs[from:to])
}

// htmlTag matches a tag with an ASCII name; Chinese text in angle brackets
// (<对安全生产领域……的实施办法>) is a title, not a tag.
var (
	htmlTag    = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>`)
	htmlBreak  = regexp.MustCompile(`(?i)<br\s*/?>|</(p|div|tr|li|h[1-6])>`)
	htmlEntity = regexp.MustCompile(`&(#[0-9]{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});`)
)

// stripHTML removes the markup that text copied from a page's source
// keeps: tags (a paragraph or line break becomes a new line) and character
// entities (&nbsp; &ldquo;).
func stripHTML(s string) string {
	if !strings.ContainsRune(s, '<') && !strings.ContainsRune(s, '&') {
		return s
	}
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = htmlTag.ReplaceAllString(s, "")
	return htmlEntity.ReplaceAllStringFunc(s, html.UnescapeString)
}

// labelStart finds the labels of a metadata block (索 引 号：…  主题分类：…),
// which pages lay out two or three to a line.
var labelStart = regexp.MustCompile(`(文[ \x{3000}]*号|发[ \x{3000}]*文[ \x{3000}]*字[ \x{3000}]*号|索[ \x{3000}]*引[ \x{3000}]*号|主[ \x{3000}]*题[ \x{3000}]*分[ \x{3000}]*类|发[ \x{3000}]*文[ \x{3000}]*机[ \x{3000}]*关|成[ \x{3000}]*文[ \x{3000}]*日[ \x{3000}]*期|发[ \x{3000}]*布[ \x{3000}]*日[ \x{3000}]*期|发[ \x{3000}]*布[ \x{3000}]*时[ \x{3000}]*间|标[ \x{3000}]*题|主[ \x{3000}]*题[ \x{3000}]*词|签[ \x{3000}]*发[ \x{3000}]*日[ \x{3000}]*期|生[ \x{3000}]*效[ \x{3000}]*日[ \x{3000}]*期|发[ \x{3000}]*布[ \x{3000}]*机[ \x{3000}]*构|有[ \x{3000}]*效[ \x{3000}]*性|来[ \x{3000}]*源)[ \x{3000}]*[:：]`)

// splitLabels splits a line holding several labelled fields into one piece
// per field; a line with fewer than two labels is returned whole.
func splitLabels(t string) []string {
	f := hanfold.SimplifyString(t)
	locs := labelStart.FindAllStringIndex(f, -1)
	if len(locs) < 2 || strings.TrimSpace(f[:locs[0][0]]) != "" {
		return nil
	}
	// Simplify keeps byte lengths only rune for rune; map through runes.
	var out []string
	for i, loc := range locs {
		from := runeOffset(f, loc[0])
		to := utf8.RuneCountInString(f)
		if i+1 < len(locs) {
			to = runeOffset(f, locs[i+1][0])
		}
		if piece := strings.TrimFunc(cut(t, from, to), unicode.IsSpace); piece != "" {
			out = append(out, piece)
		}
	}
	return out
}

// sigDate matches a signature and its date on one line:
// 沈阳市人民政府　　2017年8月25日.
var sigDate = regexp.MustCompile(`^(\S.{1,38}?)[ \t\x{3000}\x{00A0}]+([0-9０-９〇○零一二三四五六七八九十]{2,4}\s*年.{1,8}日)$`)

// splitSignatures splits "organ date" lines into the two lines of a
// signature block.
func splitSignatures(pieces []string) []string {
	var out []string
	for _, p := range pieces {
		m := sigDate.FindStringSubmatch(strings.TrimSpace(p))
		if m != nil && organLike(hanfold.FoldString(m[1])) {
			if ok, _ := dateOnly(m[2]); ok {
				out = append(out, strings.TrimSpace(m[1]), m[2])
				continue
			}
		}
		out = append(out, p)
	}
	return out
}
