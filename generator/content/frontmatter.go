package content

import (
	"bytes"
	"errors"
)

// ErrNoFrontMatter and ErrUnclosed are returned by Split.
var (
	ErrNoFrontMatter = errors.New("文件开头缺少 +++ 前言")
	ErrUnclosed      = errors.New("前言没有结束的 +++ 行")
)

// Split separates TOML front matter between two "+++" lines from the body.
// fm keeps its own line numbers: line 1 of fm is line 2 of the file. The
// body is returned with bodyLine, the file line its first line stands on, so
// positions in the body map back to the file. A UTF-8 BOM and CRLF line
// endings are accepted.
func Split(src []byte) (fm, body []byte, bodyLine int, err error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, ok := cutLine(src)
	if !ok && len(first) == 0 {
		return nil, nil, 0, ErrNoFrontMatter
	}
	if string(bytes.TrimRight(first, " \t\r")) != "+++" {
		return nil, nil, 0, ErrNoFrontMatter
	}
	line := 2
	start := rest
	off := 0
	for {
		l, r, more := cutLine(rest)
		if string(bytes.TrimRight(l, " \t\r")) == "+++" {
			fm = start[:off]
			body = r
			return fm, body, line + 1, nil
		}
		if !more {
			return nil, nil, 0, ErrUnclosed
		}
		off += len(l) + 1
		rest = r
		line++
	}
}

// cutLine returns the first line of b (without "\n") and the rest; more is
// false when b had no newline.
func cutLine(b []byte) (line, rest []byte, more bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, false
	}
	return b[:i], b[i+1:], true
}
