package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// MaskCode returns body with what a page shows as code, or does not show at
// all, blanked: fenced and indented code blocks, inline code spans, HTML
// comments and HTML blocks (see opensHTMLBlock). The Linker never sees them (see linkText), so the text scans
// that build the citation graph read the masked body, and the graph and
// the page agree.
//
// It is a line scanner, not a parser: it runs over every body of a site
// before anything is rendered. It follows CommonMark for what the bodies of
// official documents use: fences of ``` or ~~~ (closed by a like fence at
// least as long, or by the end of the body), indented code (four columns
// past the list item's content, after a blank line; indented code cannot
// interrupt a paragraph), code spans (closed by a backtick run of the same
// length before a blank line; a backslash escapes the opening one) and
// <!-- comments --> (an unclosed one hides the rest of the body only at the
// start of a line, as an HTML block does). Block quotes are not followed.
//
// Blanked characters are replaced by inert ones of the same byte length
// (a Han character by U+FFFC, for instance), and line breaks are kept, so
// offsets, lines and columns found in the result are those of body. Nothing
// is copied when body holds nothing to blank.
func MaskCode(body []byte) []byte {
	if !mayHoldCode(body) {
		return body
	}
	m := masker{src: body}
	m.blocks()
	return m.out()
}

// mayHoldCode is the cheap test: no backtick, no ~~~, no <!--, no line
// starting with < and no line indented by a space or a tab means nothing
// to blank.
func mayHoldCode(b []byte) bool {
	return bytes.IndexByte(b, '`') >= 0 || bytes.Contains(b, []byte("~~~")) || bytes.Contains(b, []byte("<!--")) ||
		bytes.Contains(b, []byte("\n ")) || bytes.Contains(b, []byte("\n\t")) || bytes.Contains(b, []byte("\n<")) ||
		len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '<')
}

type masker struct {
	src    []byte
	ranges [][2]int // blanked byte ranges, in order
}

func (m *masker) blank(from, to int) {
	if from < to {
		m.ranges = append(m.ranges, [2]int{from, to})
	}
}

// blocks finds the code blocks line by line, and the inline code and
// comments between them.
func (m *masker) blocks() {
	src := m.src
	var (
		lists      []int // content columns of the open list items, innermost last
		prevBlank  = true
		indented   bool // the previous line was indented code
		fence      byte // the open fence's character, or 0
		fenceLen   int
		fenceBase  int  // the content column the fence is in
		html       bool // in an HTML block (dropped from the page) until a blank line
		inlineFrom = 0  // where text for the inline scan starts
	)
	for ls := 0; ls < len(src); {
		le := bytes.IndexByte(src[ls:], '\n')
		next := len(src)
		if le < 0 {
			le = len(src)
		} else {
			le += ls
			next = le + 1
		}
		line := bytes.TrimRight(src[ls:le], "\r")
		indent, rest := leadingColumns(line)
		blank := len(bytes.Trim(rest, " \t")) == 0
		if fence != 0 {
			if blank || indent >= fenceBase {
				m.blank(ls, le)
				if indent-fenceBase <= 3 && closesFence(rest, fence, fenceLen) {
					fence = 0
					inlineFrom = next
				}
				ls = next
				continue
			}
			fence, inlineFrom = 0, ls // the list item ended, and the fence with it
		}
		if blank {
			if html {
				html, inlineFrom = false, ls
			}
			prevBlank = true
			ls = next
			continue
		}
		if html {
			m.blank(ls, le)
			ls = next
			continue
		}
		if prevBlank {
			for len(lists) > 0 && indent < lists[len(lists)-1] {
				lists = lists[:len(lists)-1]
			}
		}
		base := 0
		for k := len(lists) - 1; k >= 0; k-- {
			if lists[k] <= indent {
				base = lists[k]
				break
			}
		}
		rel := indent - base
		switch {
		case rel >= 4 && (prevBlank || indented):
			m.inline(inlineFrom, ls)
			m.blank(ls, le)
			inlineFrom, indented, prevBlank = next, true, false
			ls = next
			continue
		case rel <= 3 && opensHTMLBlock(rest, prevBlank):
			m.inline(inlineFrom, ls)
			m.blank(ls, le)
			html, indented, prevBlank = true, false, false
			ls = next
			continue
		case rel <= 3 && opensFence(rest):
			m.inline(inlineFrom, ls)
			m.blank(ls, le)
			fence, fenceLen, fenceBase = rest[0], runLen(rest, rest[0]), base
			inlineFrom, indented, prevBlank = next, false, false
			ls = next
			continue
		}
		if w := listMarker(rest); w > 0 && rel <= 3 {
			for len(lists) > 0 && lists[len(lists)-1] > indent {
				lists = lists[:len(lists)-1]
			}
			lists = append(lists, indent+w)
		}
		indented, prevBlank = false, false
		ls = next
	}
	if fence == 0 {
		m.inline(inlineFrom, len(src))
	}
}

// inline finds the code spans and comments in src[from:to], text outside
// code blocks.
func (m *masker) inline(from, to int) {
	s := m.src[:to]
	for i := from; i < to; {
		j := bytes.IndexAny(s[i:], "`<")
		if j < 0 {
			return
		}
		i += j
		if s[i] == '<' {
			if !bytes.HasPrefix(s[i:], []byte("<!--")) {
				i++
				continue
			}
			if k := bytes.Index(s[i+4:], []byte("-->")); k >= 0 {
				m.blank(i, i+4+k+3)
				i += 4 + k + 3
				continue
			}
			if lineStart(s, i) {
				m.blank(i, to) // an HTML block: to the end (of the body, or before a code block)
				return
			}
			i += 4
			continue
		}
		n := runLen(s[i:], '`')
		if escaped(s, i, from) {
			i++ // the escaped backtick is literal; the rest of the run may open a span
			continue
		}
		if k := closingRun(s[i+n:], n); k >= 0 {
			m.blank(i, i+n+k+n)
			i += n + k + n
			continue
		}
		i += n
	}
}

// closingRun returns where a run of exactly n backticks starts in s, before
// a blank line, or -1.
func closingRun(s []byte, n int) int {
	for i := 0; i < len(s); {
		j := bytes.IndexAny(s[i:], "`\n")
		if j < 0 {
			return -1
		}
		i += j
		if s[i] == '\n' {
			next := s[i+1:]
			if k := bytes.IndexByte(next, '\n'); k >= 0 {
				next = next[:k]
			}
			if len(bytes.Trim(next, " \t\r")) == 0 {
				return -1 // a blank line (or the end) ends the paragraph
			}
			i++
			continue
		}
		r := runLen(s[i:], '`')
		if r == n {
			return i
		}
		i += r
	}
	return -1
}

// escaped reports whether s[i] is preceded by an odd number of backslashes
// (not before from).
func escaped(s []byte, i, from int) bool {
	n := 0
	for i-n-1 >= from && s[i-n-1] == '\\' {
		n++
	}
	return n%2 == 1
}

func lineStart(s []byte, i int) bool {
	for i > 0 && s[i-1] == ' ' {
		i--
	}
	return i == 0 || s[i-1] == '\n'
}

// leadingColumns returns the indentation of line in columns (a tab to the
// next multiple of 4) and the rest of the line.
func leadingColumns(line []byte) (int, []byte) {
	col := 0
	for i, c := range line {
		switch c {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col, line[i:]
		}
	}
	return col, nil
}

func runLen(s []byte, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// opensFence: three or more ` or ~; a backtick fence's info string has no backtick.
func opensFence(rest []byte) bool {
	if len(rest) < 3 || rest[0] != '`' && rest[0] != '~' {
		return false
	}
	n := runLen(rest, rest[0])
	return n >= 3 && (rest[0] == '~' || bytes.IndexByte(rest[n:], '`') < 0)
}

func closesFence(rest []byte, c byte, n int) bool {
	k := runLen(rest, c)
	return k >= n && len(bytes.Trim(rest[k:], " \t")) == 0
}

// listMarker returns the width of a list marker and the spaces after it
// (-, +, * or 1–9 digits and . or ), then 1–4 spaces; 5 or more count as 1),
// or 0.
func listMarker(rest []byte) int {
	i := 0
	switch {
	case len(rest) > 0 && (rest[0] == '-' || rest[0] == '+' || rest[0] == '*'):
		i = 1
	default:
		for i < len(rest) && i < 9 && '0' <= rest[i] && rest[i] <= '9' {
			i++
		}
		if i == 0 || i >= len(rest) || rest[i] != '.' && rest[i] != ')' {
			return 0
		}
		i++
	}
	sp := runLen(rest[i:], ' ')
	switch {
	case i+sp == len(rest):
		return i + 1 // an empty item
	case sp == 0:
		return 0
	case sp > 4:
		return i + 1
	}
	return i + sp
}

// out copies the body with the ranges blanked.
func (m *masker) out() []byte {
	if len(m.ranges) == 0 {
		return m.src
	}
	b := bytes.Clone(m.src)
	for _, r := range m.ranges {
		for i := r[0]; i < r[1]; {
			c := b[i]
			if c == '\n' || c == '\r' {
				i++
				continue
			}
			_, n := utf8.DecodeRune(b[i:r[1]])
			copy(b[i:], fillers[n])
			i += n
		}
	}
	return b
}

// fillers by byte length: characters that no scanner reads as text,
// space, digit or bracket (SUB, a C1 control, U+FFFC, a tag character).
var fillers = [...][]byte{nil, {0x1a}, []byte("\u0080"), []byte("\ufffc"), []byte("\U000E0001")}

// opensHTMLBlock reports whether a line opens an HTML block, which the page
// drops whole (raw HTML is not rendered): a tag of a block-level element,
// <script>/<pre>/<style>/<textarea>, <? or <!X — these may interrupt a
// paragraph — or, after a blank line, any complete tag alone on its line
// (CommonMark's HTML blocks; all are taken to end at a blank line, as
// types 6 and 7 do). <!-- comments --> are handled by inline.
func opensHTMLBlock(rest []byte, prevBlank bool) bool {
	if len(rest) < 2 || rest[0] != '<' {
		return false
	}
	if rest[1] == '?' || rest[1] == '!' && len(rest) > 2 && isLetter(rest[2]) {
		return true
	}
	i := 1
	if rest[i] == '/' {
		i++
	}
	j := i
	for j < len(rest) && (isLetter(rest[j]) || rest[j] >= '0' && rest[j] <= '9' || rest[j] == '-') {
		j++
	}
	if j == i || !isLetter(rest[i]) {
		return false
	}
	name := string(bytes.ToLower(rest[i:j]))
	after := rest[j:]
	ends := len(after) == 0 || after[0] == ' ' || after[0] == '\t' || after[0] == '>' || bytes.HasPrefix(after, []byte("/>"))
	if ends && (htmlBlockTags[name] || i == 1 && (name == "script" || name == "pre" || name == "style" || name == "textarea")) {
		return true
	}
	// Type 7: one complete open or closing tag, alone on the line.
	if !prevBlank || !ends {
		return false
	}
	k := bytes.IndexByte(after, '>')
	return k >= 0 && bytes.IndexByte(after[:k], '<') < 0 && len(bytes.TrimSpace(after[k+1:])) == 0
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// htmlBlockTags are CommonMark's block-level tag names (HTML block type 6).
var htmlBlockTags = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields(`address article aside base basefont blockquote body caption center col colgroup dd details
		dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html
		iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section summary table
		tbody td tfoot th thead title tr track ul`) {
		m[t] = true
	}
	return m
}()
