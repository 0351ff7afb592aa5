package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// tableRenderer writes a body table's opening tag with a caption: the text
// of the heading right before the table (附件　落实……明细表), which is how a
// document names its tables. A screen reader announces a table by its
// caption, and the page's scrolling box takes its name from it; the
// heading is on the page already, so the caption is visually hidden. A
// table without a heading before it gets none. Table rows, cells and
// alignment stay with goldmark's table extension.
type tableRenderer struct{}

func (tableRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTable, renderTable)
}

func renderTable(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</table>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<table>\n")
	if h, ok := n.PreviousSibling().(*ast.Heading); ok {
		var cap bytes.Buffer
		inlineText(&cap, h, src)
		if t := bytes.TrimSpace(cap.Bytes()); len(t) > 0 {
			_, _ = w.WriteString(`<caption class="visually-hidden">`)
			_, _ = w.Write(util.EscapeHTML(t))
			_, _ = w.WriteString("</caption>\n")
		}
	}
	return ast.WalkContinue, nil
}

// inlineText appends the text of n's inline children to b.
func inlineText(b *bytes.Buffer, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(unescape(c.Segment.Value(src))) // escapes and references as shown
		case *ast.String:
			b.Write(c.Value)
		default:
			inlineText(b, c, src)
		}
	}
}
