package render

import (
	"strconv"
	"unicode/utf8"
)

// jsonAppender is a row of an open-data export that writes its own JSON:
// data/tasks.json has one row per task (150,000 at 10,000 documents), and
// encoding/json's reflection was most of the export's time. The bytes are
// encoding/json's with SetEscapeHTML(false) (TestJSONRowsMatchEncodingJSON).
type jsonAppender interface {
	appendJSON(b []byte) []byte
}

func (t TaskJSON) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, t.ID)
	b = append(b, `,"document":`...)
	b = appendJSONString(b, t.Document)
	b = appendOmitEmpty(b, `,"doc_number":`, t.DocNumber)
	b = appendOmitEmpty(b, `,"item":`, t.Item)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, t.Title)
	b = appendOmitEmpty(b, `,"text":`, t.Text)
	b = appendOmitEmpty(b, `,"requirement":`, t.Requirement)
	b = appendOmitEmpty(b, `,"carrier":`, t.Carrier)
	b = append(b, `,"lead":`...)
	b = appendJSONStrings(b, t.Lead)
	b = append(b, `,"coop":`...)
	b = appendJSONStrings(b, t.Coop)
	b = append(b, `,"resp":`...)
	b = appendJSONStrings(b, t.Resp)
	b = appendOmitEmpty(b, `,"deadline_text":`, t.DeadlineText)
	b = appendOmitEmpty(b, `,"deadline":`, t.Deadline)
	b = appendOmitEmpty(b, `,"period":`, t.Period)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, t.Status)
	b = append(b, `,"overdue":`...)
	b = strconv.AppendBool(b, t.Overdue)
	if len(t.Log) > 0 {
		b = append(b, `,"log":[`...)
		for i, n := range t.Log {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"date":`...)
			b = appendJSONString(b, n.Date)
			b = append(b, `,"text":`...)
			b = appendJSONString(b, n.Text)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(t.Evidence) > 0 {
		b = append(b, `,"evidence":[`...)
		for i, l := range t.Evidence {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			if l.Title != "" {
				b = appendJSONString(append(b, `"title":`...), l.Title)
			}
			if l.URL != "" {
				if l.Title != "" {
					b = append(b, ',')
				}
				b = append(b, `"url":`...)
				b = appendJSONString(b, l.URL)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendOmitEmpty appends key and s unless s is empty (omitempty).
func appendOmitEmpty(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, key...), s)
}

// appendJSONStrings appends a JSON array of strings; nil is null.
func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string the way encoding/json does
// without HTML escaping: quote and backslash escaped, control characters
// as \b \f \n \r \t or \u00XX, invalid UTF-8 as \ufffd, U+2028 and U+2029
// escaped (JavaScript treats them as line ends).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
