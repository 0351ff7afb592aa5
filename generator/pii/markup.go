package pii

import "strings"

// ScanMarkup finds the identity, mobile and card numbers that a Markdown
// text shows whole once published but writes in pieces, which ScanNumbers
// on the source does not see: a number broken across lines (a paragraph's
// lines are joined in summaries, feeds and the search index), wrapped in
// emphasis or code markers (138**1234**5678), written with backslash
// escapes or with character references (&#49;3812345678). Only such hits
// are returned; Start and End are offsets in text, Text is the number as
// published (the pieces joined) and Masked its masked form. Runs of digits
// without any of these pieces are left to ScanNumbers.
func ScanMarkup(text string) []Hit {
	var hits []Hit
	var joined []byte
	var at []int // offset in text of each byte of joined
	for i := 0; i < len(text); {
		if !maybeDigit[text[i]] && text[i] != '&' {
			i++
			continue
		}
		if _, w := digitAt(text, i); w == 0 {
			if _, w = charRefDigit(text, i); w == 0 {
				i++
				continue
			}
		}
		// A run of digits, separators and markup; with the character
		// before and after it, so that a number inside a longer word
		// still does not count.
		start, end, pieces := markupRun(text, i)
		if !pieces {
			i = end
			continue
		}
		before, after := start, end
		if before > 0 {
			before = prevRune(text, before)
		}
		if after < len(text) {
			after = nextRune(text, after)
		}
		// On a page a line break between digits shows as a space; in a
		// summary or the search index the lines are joined: try both.
		for _, space := range []bool{false, true} {
			joined, at = joinRun(text, before, start, end, after, space, joined[:0], at[:0])
			for _, h := range ScanNumbers(string(joined)) {
				s, e := at[h.Start], at[h.End-1]+1
				if strings.ContainsAny(text[s:e], "\n*_~`\\&<[]") && (len(hits) == 0 || hits[len(hits)-1].Start != s) {
					h.Start, h.End = s, e
					hits = append(hits, h)
				}
			}
			if !strings.ContainsAny(text[start:end], "\r\n") {
				break
			}
		}
		i = end
	}
	return hits
}

// joinRun appends to joined the run text[start:end] as published, with
// the characters text[before:start] and text[end:after] around it: markup
// pieces dropped (a line break becomes a space when space is set) and
// character references decoded. at receives each byte's offset in text.
func joinRun(text string, before, start, end, after int, space bool, joined []byte, at []int) ([]byte, []int) {
	for k := before; k < start; k++ {
		joined, at = append(joined, text[k]), append(at, k)
	}
	for k := start; k < end; {
		if w := markupAt(text, k); w > 0 {
			if space && (text[k] == '\n' || text[k] == '\r') {
				joined, at = append(joined, ' '), append(at, k)
			}
			k += w
			continue
		}
		if c, w := charRefDigit(text, k); w > 0 {
			joined, at = append(joined, c), append(at, k)
			k += w
			continue
		}
		joined, at = append(joined, text[k]), append(at, k)
		k++
	}
	for k := end; k < after; k++ {
		joined, at = append(joined, text[k]), append(at, k)
	}
	return joined, at
}

// markupRun returns the extent of the run of digits, separators and markup
// pieces that starts at text[i] (a digit) and ends with a digit, and
// whether a piece of markup lies between two of its digits.
func markupRun(text string, i int) (start, end int, pieces bool) {
	start, end = i, i
	seen := false // markup since the last digit
	for i < len(text) {
		w := 0
		if _, w = digitAt(text, i); w == 0 {
			_, w = charRefDigit(text, i)
			seen = seen || w > 0
		}
		if w > 0 {
			i += w
			end = i
			pieces = pieces || seen
			continue
		}
		if w = markupAt(text, i); w > 0 {
			i += w
			seen = true
			continue
		}
		if w = sepAt(text, i); w > 0 {
			i += w
			continue
		}
		break
	}
	return start, end, pieces
}

// markupAt is the width of the piece of markup at text[i] that publishing
// drops from between digits: a line break with the next line's indentation
// and quote markers, an emphasis or code marker, or the backslash of an
// escape. 0 when there is none.
func markupAt(text string, i int) int {
	switch c := text[i]; c {
	case '*', '_', '~', '`', '[':
		return 1
	case ']':
		// A link's text ends here; its destination is not shown.
		if i+1 < len(text) && text[i+1] == '(' {
			if k := strings.IndexByte(text[i:min(len(text), i+512)], ')'); k > 0 {
				return k + 1
			}
		}
		return 1
	case '<':
		// Raw HTML (a tag or a comment) is dropped from the page.
		if strings.HasPrefix(text[i:], "<!--") {
			if k := strings.Index(text[i+4:min(len(text), i+4096)], "-->"); k >= 0 {
				return 4 + k + 3
			}
			return 0
		}
		if j := i + 1; j < len(text) && (isASCIILetter(text[j]) || text[j] == '/' && j+1 < len(text) && isASCIILetter(text[j+1])) {
			if k := strings.IndexByte(text[i:min(len(text), i+512)], '>'); k > 0 {
				return k + 1
			}
		}
	case '\\':
		if i+1 < len(text) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", text[i+1]) >= 0 {
			return 1
		}
	case '\r', '\n':
		j := i
		if c == '\r' && j+1 < len(text) && text[j+1] == '\n' {
			j++
		}
		j++
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '>') {
			j++
		}
		if j < len(text) && (text[j] == '\n' || text[j] == '\r') {
			return 0 // a blank line ends the paragraph: the pieces stay apart
		}
		return j - i
	}
	return 0
}

// charRefDigit decodes a character reference for an ASCII digit at
// text[i] (&#49; &#x31;) as digitAt does: the digit's character and the
// reference's width, 0 when there is none.
func charRefDigit(text string, i int) (c byte, w int) {
	if !strings.HasPrefix(text[i:], "&#") {
		return 0, 0
	}
	j, v, base := i+2, 0, 10
	if j < len(text) && (text[j] == 'x' || text[j] == 'X') {
		base = 16
		j++
	}
	for digits := 0; j < len(text) && digits < 8; j, digits = j+1, digits+1 {
		d := 0
		switch c := text[j]; {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = int(c - 'a' + 10)
		case base == 16 && c >= 'A' && c <= 'F':
			d = int(c - 'A' + 10)
		case c == ';' && digits > 0 && v >= '0' && v <= '9':
			return byte(v), j + 1 - i
		default:
			return 0, 0
		}
		v = v*base + d
	}
	return 0, 0
}

func prevRune(text string, i int) int {
	i--
	for i > 0 && text[i]&0xC0 == 0x80 {
		i--
	}
	return i
}

func nextRune(text string, i int) int {
	i++
	for i < len(text) && text[i]&0xC0 == 0x80 {
		i++
	}
	return i
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
