package markdown

import (
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// cjkEmphasis parses * and _ delimiters like goldmark's emphasis parser, but
// with the CJK-friendly flanking rule: a CJK character (punctuation
// included) next to a delimiter counts as neither punctuation nor white
// space. So in **（一）加强组织领导。**各地区 the closing ** after 。 can close,
// which CommonMark alone refuses.
type cjkEmphasis struct{}

func (cjkEmphasis) Trigger() []byte { return []byte{'*', '_'} }

func (cjkEmphasis) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	node := scanDelimiter(line, before)
	if node == nil {
		return nil
	}
	node.Segment = segment.WithStop(segment.Start + node.OriginalLength)
	block.Advance(node.OriginalLength)
	pc.PushDelimiter(node)
	return node
}

type emphasisProcessor struct{}

func (emphasisProcessor) IsDelimiter(b byte) bool { return b == '*' || b == '_' }
func (emphasisProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}
func (emphasisProcessor) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

func isCJK(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		(r >= 0x2E80 && r <= 0x2FFF) || (r >= 0x3100 && r <= 0x31FF) || (r >= 0xFE30 && r <= 0xFE4F))
}

func scanDelimiter(line []byte, before rune) *parser.Delimiter {
	if len(line) == 0 {
		return nil
	}
	c := line[0]
	if c != '*' && c != '_' {
		return nil
	}
	j := 0
	for j < len(line) && line[j] == c {
		j++
	}
	after := ' '
	if j < len(line) {
		after = util.ToRune(line, j)
	}
	bPunct, bSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	aPunct, aSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	if c == '*' {
		// CJK characters on either side relax the punctuation rule.
		if isCJK(before) {
			bPunct = false
		}
		if isCJK(after) {
			aPunct = false
		}
	}
	isLeft := !aSpace && (!aPunct || bSpace || bPunct)
	isRight := !bSpace && (!bPunct || aSpace || aPunct)
	var canOpen, canClose bool
	if c == '_' {
		canOpen = isLeft && (!isRight || bPunct)
		canClose = isRight && (!isLeft || aPunct)
	} else {
		canOpen, canClose = isLeft, isRight
	}
	return parser.NewDelimiter(canOpen, canClose, j, c, emphasisProcessor{})
}
