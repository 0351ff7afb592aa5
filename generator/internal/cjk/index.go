// Package cjk holds small text routines tuned for Chinese text.
package cjk

import "strings"

// Index is strings.Index(s, substr), faster when substr ends in a byte
// that is rarer in s than its first byte — as in Chinese text, where a
// few lead bytes (0xE4–0xE9) start nearly every character while the last
// byte of a character is spread over 64 values. strings.Index is keyed on
// the first byte and stops at nearly every character; Index looks for the
// last byte (vectorised IndexByte) and compares the rest.
func Index(s, substr string) int {
	n := len(substr) - 1
	if n < 1 {
		return strings.Index(s, substr)
	}
	last, head := substr[n], substr[:n]
	for off := n; off < len(s); {
		i := strings.IndexByte(s[off:], last)
		if i < 0 {
			return -1
		}
		j := off + i
		if s[j-n:j] == head {
			return j - n
		}
		off = j + 1
	}
	return -1
}
