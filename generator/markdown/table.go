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
		if t := bytes.TrimSpace(unescape([]byte(nodeText(h, src)))); len(t) > 0 { // as the heading shows
			_, _ = w.WriteString(`<caption class="visually-hidden">`)
			_, _ = w.Write(util.EscapeHTML(t))
			_, _ = w.WriteString("</caption>\n")
		}
	}
	return ast.WalkContinue, nil
}
