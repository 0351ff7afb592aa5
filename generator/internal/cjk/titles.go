package cjk

import (
	"iter"
	"strings"
)

// MaxTitle bounds a title cited in 《》, in bytes: titles are at most a few
// dozen characters, and a stray 《 must not start a scan of the whole text.
const MaxTitle = 600

// Titles yields the byte offsets (start, end) of the text inside each
// outermost 《…》 of s, nesting balanced: 《关于印发《甲》的通知》 yields
// 关于印发《甲》的通知. A 《 without its 》 within MaxTitle bytes opens no
// title; the search goes on after it.
func Titles(s string) iter.Seq2[int, int] {
	const open, close = "《", "》" // both three bytes
	return func(yield func(int, int) bool) {
		for off := 0; ; {
			i := strings.Index(s[off:], open)
			if i < 0 {
				return
			}
			start := off + i + len(open)
			end, depth := -1, 1
			for j := start; j+len(close) <= len(s) && j-start <= MaxTitle; {
				switch {
				case strings.HasPrefix(s[j:], open):
					depth++
					j += len(open)
				case strings.HasPrefix(s[j:], close):
					depth--
					if depth == 0 {
						end, j = j, len(s)
						break
					}
					j += len(close)
				default:
					j++
				}
			}
			if end < 0 {
				off = start
				continue
			}
			if !yield(start, end) {
				return
			}
			off = end + len(close)
		}
	}
}
