package report

import "strings"

// loc is where a key is written in the TOML text, and where each element of
// its array value starts (for arrays; nil otherwise). Lines and columns are
// 1-based, columns counted in runes like model.Pos.
type loc struct {
	line, col int
	elems     [][2]int // line, col of each top-level array element
}

// scanKeys maps each key's full dotted path ("applications.withheld.security")
// to where it is written. The TOML decoder reports no positions for values, and
// every validation error must point at a line, so this small scanner follows
// table headers, keys, strings and arrays well enough for valid TOML (the only
// input it sees: Parse calls it after a successful decode). The first
// occurrence of a key wins.
func scanKeys(data []byte) map[string]loc {
	s := &scanner{src: []rune(string(data)), line: 1, col: 1, out: map[string]loc{}}
	s.run()
	return s.out
}

type scanner struct {
	src       []rune
	i         int
	line, col int
	table     string
	out       map[string]loc
}

func (s *scanner) eof() bool  { return s.i >= len(s.src) }
func (s *scanner) peek() rune { return s.src[s.i] }

// next advances one rune, keeping line and column.
func (s *scanner) next() {
	if s.src[s.i] == '\n' {
		s.line++
		s.col = 1
	} else {
		s.col++
	}
	s.i++
}

// hasPrefix reports whether the text at the cursor starts with p (ASCII).
func (s *scanner) hasPrefix(p string) bool {
	if len(s.src)-s.i < len(p) {
		return false
	}
	for k := 0; k < len(p); k++ {
		if s.src[s.i+k] != rune(p[k]) {
			return false
		}
	}
	return true
}

// skipSpace skips blanks and, when lines is set, newlines and comments too.
func (s *scanner) skipSpace(lines bool) {
	for !s.eof() {
		switch r := s.peek(); {
		case r == ' ' || r == '\t' || r == '\r':
			s.next()
		case lines && r == '\n':
			s.next()
		case lines && r == '#':
			s.skipLine()
		default:
			return
		}
	}
}

// skipLine moves past the end of the current line.
func (s *scanner) skipLine() {
	for !s.eof() && s.peek() != '\n' {
		s.next()
	}
	if !s.eof() {
		s.next()
	}
}

func (s *scanner) run() {
	for !s.eof() {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		if s.peek() == '[' {
			s.header()
			continue
		}
		s.keyValue()
	}
}

// header reads [a.b] or [[a.b]] and makes it the current table.
func (s *scanner) header() {
	line, col := s.line, s.col
	for !s.eof() && s.peek() == '[' {
		s.next()
	}
	name := s.keyText(']')
	s.table = name
	if _, ok := s.out[name]; !ok && name != "" {
		s.out[name] = loc{line: line, col: col}
	}
	s.skipLine()
}

// keyText reads a possibly dotted, possibly quoted key up to stop (not
// consumed) or the end of the line, and returns it normalised: parts trimmed
// and unquoted, joined by ".".
func (s *scanner) keyText(stop rune) string {
	var parts []string
	var cur strings.Builder
	for !s.eof() {
		r := s.peek()
		switch {
		case r == stop || r == '\n':
			return strings.Join(append(parts, strings.TrimSpace(cur.String())), ".")
		case r == '"' || r == '\'':
			cur.WriteString(s.quoted(r))
			continue
		case r == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
		s.next()
	}
	return strings.Join(append(parts, strings.TrimSpace(cur.String())), ".")
}

// quoted reads a one-line quoted string starting at the quote q and returns
// its raw content (escapes are kept as written; keys with escapes are rare).
func (s *scanner) quoted(q rune) string {
	s.next()
	var b strings.Builder
	for !s.eof() && s.peek() != q && s.peek() != '\n' {
		if q == '"' && s.peek() == '\\' {
			s.next()
			if s.eof() {
				break
			}
		}
		b.WriteRune(s.peek())
		s.next()
	}
	if !s.eof() && s.peek() == q {
		s.next()
	}
	return b.String()
}

// keyValue reads `key = value`.
func (s *scanner) keyValue() {
	line, col := s.line, s.col
	key := s.keyText('=')
	if s.eof() || s.peek() != '=' {
		s.skipLine()
		return
	}
	s.next()
	full := key
	if s.table != "" {
		full = s.table + "." + key
	}
	l := loc{line: line, col: col}
	s.skipSpace(false)
	l.elems = s.value()
	if _, ok := s.out[full]; !ok {
		s.out[full] = l
	}
}

// value skips one value and, for an array, returns its elements' positions.
func (s *scanner) value() [][2]int {
	if s.eof() {
		return nil
	}
	switch {
	case s.hasPrefix(`"""`), s.hasPrefix(`'''`):
		s.multiline(string(s.src[s.i : s.i+3]))
		s.skipLine()
	case s.peek() == '[':
		elems := s.array()
		s.skipLine()
		return elems
	case s.peek() == '"' || s.peek() == '\'':
		s.quoted(s.peek())
		s.skipLine()
	default:
		s.skipLine()
	}
	return nil
}

// multiline skips a multi-line string opened by delim.
func (s *scanner) multiline(delim string) {
	for range 3 {
		s.next()
	}
	for !s.eof() {
		if delim == `"""` && s.peek() == '\\' {
			s.next()
			if !s.eof() {
				s.next()
			}
			continue
		}
		if s.hasPrefix(delim) {
			for range 3 {
				s.next()
			}
			// A closing delimiter may be followed by one or two more quotes
			// that belong to the string.
			for !s.eof() && string(s.peek()) == delim[:1] {
				s.next()
			}
			return
		}
		s.next()
	}
}

// array skips an array (which may span lines and nest) and returns where each
// of its top-level elements starts.
func (s *scanner) array() [][2]int {
	var elems [][2]int
	depth := 0
	expect := false // an element may start here
	for !s.eof() {
		r := s.peek()
		switch {
		case r == '[':
			if depth == 1 && expect {
				elems = append(elems, [2]int{s.line, s.col})
				expect = false
			}
			depth++
			if depth == 1 {
				expect = true
			}
			s.next()
		case r == '{':
			// Inline tables nest like arrays; their commas are not ours.
			if depth == 1 && expect {
				elems = append(elems, [2]int{s.line, s.col})
				expect = false
			}
			depth++
			s.next()
		case r == '}':
			depth--
			s.next()
		case r == ']':
			depth--
			s.next()
			if depth == 0 {
				return elems
			}
		case r == ',':
			if depth == 1 {
				expect = true
			}
			s.next()
		case r == '#':
			for !s.eof() && s.peek() != '\n' {
				s.next()
			}
		case r == ' ' || r == '\t' || r == '\r' || r == '\n':
			s.next()
		default:
			if depth == 1 && expect {
				elems = append(elems, [2]int{s.line, s.col})
				expect = false
			}
			switch {
			case s.hasPrefix(`"""`), s.hasPrefix(`'''`):
				s.multiline(string(s.src[s.i : s.i+3]))
			case r == '"' || r == '\'':
				s.quoted(r)
			default:
				s.next()
			}
		}
	}
	return elems
}
