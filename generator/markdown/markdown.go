// Package markdown renders document bodies: goldmark with the settings that
// Chinese official texts need.
//
//   - Line breaks inside Chinese text leave no stray spaces (CJK extension).
//   - Emphasis follows a CJK-friendly flanking rule, so the usual bold lead-in
//     **（一）加强组织领导。**各地区…… renders as bold: CommonMark refuses to
//     close ** after 。 when a Han character follows.
//   - Heading anchors keep Chinese characters (goldmark's default turns every
//     Chinese heading into "heading-N").
//   - GFM tables; raw HTML is dropped, never passed through.
//   - A Linker may turn spans of text (cited 发文字号) into links. It sees
//     whole runs of text, never code, links or raw HTML; MaskCode blanks
//     code and comments for the scans that build the citation graph, so
//     the graph cites what the page links.
//
// Render returns the HTML and the body as plain text (for search, summaries
// and the personal-data scan).
package markdown

import (
	"bufio"
	"bytes"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Span is a piece of a text node that should become a link.
type Span struct {
	Start, End int // byte offsets in the text passed to the Linker
	URL        string
	Title      string // title attribute ("" for none)
}

// Linker finds the spans of text that should become links. It is called
// once per text run outside links and code; it must be safe for concurrent use.
// The text is a view of the source, valid only during the call: a Linker
// must not keep it, or any part of it.
type Linker func(text string) []Span

// Renderer converts Markdown bodies. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a Renderer.
func New() *Renderer {
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithAutoHeadingID(),
	)
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(extension.Table, extension.Strikethrough,
			extension.NewCJK(extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksCSS3Draft), extension.WithEscapedSpace())),
		// Above the table extension's renderer (priority 500): tables get
		// a caption (table.go).
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(tableRenderer{}, 100))),
	)
	return &Renderer{md: md}
}

func inlineParsers() []util.PrioritizedValue {
	var out []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		if _, ok := v.Value.(parser.InlineParser); ok && bytes.Equal(v.Value.(parser.InlineParser).Trigger(), []byte{'*', '_'}) {
			v = util.Prioritized(cjkEmphasis{}, v.Priority)
		}
		out = append(out, v)
	}
	return out
}

// Result is a rendered body.
type Result struct {
	HTML     []byte
	Text     string // plain text: blocks separated by "\n"
	Headings []Heading
	Links    []Link // links written by the author (not added by the Linker)
}

// Link is a link destination written in the body, with the byte offset of
// its text in the body (for error positions).
type Link struct {
	Dest   string
	Offset int
	Plain  bool // the Unlinker asked for it: its text is shown as plain text, not a link
}

// Unlinker reports whether a link the author wrote to dest is to be shown
// as its text only (its target no longer exists, by design: a credit record
// past its display period). It must be safe for concurrent use.
type Unlinker func(dest string) bool

// Heading is a section heading with its anchor.
type Heading struct {
	Level int
	Text  string
	ID    string
}

var linkerKey = parser.NewContextKey()

// Render converts body. link may be nil.
func (r *Renderer) Render(body []byte, link Linker) (Result, error) {
	var buf bytes.Buffer
	buf.Grow(len(body) + len(body)/4)
	return r.RenderInto(&buf, nil, body, link, nil)
}

// RenderInto is Render writing the HTML into buf (reset first): the
// result's HTML is a view of buf, so the caller can reuse one buffer for
// many bodies once it is done with each result's HTML. With textBuf, the
// plain text is written into *textBuf in the same way (Result.Text is then a
// view of it, valid until the caller reuses it); without, it is a string
// of its own. unlink, which may be nil, picks the author's links to show as
// their text only; they are still in Result.Links, marked Plain.
func (r *Renderer) RenderInto(buf *bytes.Buffer, textBuf *[]byte, body []byte, link Linker, unlink Unlinker) (Result, error) {
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	doc := r.md.Parser().Parse(text.NewReader(body), parser.WithContext(ctx))
	var res Result
	res.Links = authorLinks(doc, unlink)
	if link != nil {
		linkText(doc, body, link)
	}
	if textBuf == nil {
		textBuf = new([]byte) // a fresh buffer: the text is a string of its own
	}
	*textBuf, res.Headings = plain(doc, body, *textBuf)
	res.Text = unsafe.String(unsafe.SliceData(*textBuf), len(*textBuf))
	buf.Reset()
	buf.Grow(len(body) + len(body)/4)
	// goldmark wraps a plain writer in a new 4 KB bufio.Writer per call;
	// given one, it writes and flushes through it.
	w := bufWriters.Get().(*bufio.Writer)
	w.Reset(buf)
	err := r.md.Renderer().Render(w, body, doc)
	w.Reset(nil)
	bufWriters.Put(w)
	if err != nil {
		return res, err
	}
	res.HTML = buf.Bytes()
	return res, nil
}

var bufWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4096) }}

// plain walks the tree and appends the text to b, one line per block.
func plain(doc ast.Node, src []byte, b []byte) ([]byte, []Heading) {
	b = slices.Grow(b[:0], len(src))
	var heads []Heading
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Text:
			if entering {
				b = append(b, unescape(n.Segment.Value(src))...)
				if n.HardLineBreak() {
					b = append(b, '\n')
				}
			}
		case *ast.String:
			if entering {
				b = append(b, n.Value...)
			}
		case *ast.CodeSpan:
			// its Text children are visited
		case *ast.Heading:
			if entering {
				// collect this heading's text separately
				var hb strings.Builder
				for c := n.FirstChild(); c != nil; c = c.NextSibling() {
					hb.WriteString(nodeText(c, src))
				}
				id, _ := n.AttributeString("id")
				ids, _ := id.([]byte)
				heads = append(heads, Heading{Level: n.Level, Text: hb.String(), ID: string(ids)})
			} else {
				b = append(b, '\n')
			}
		default:
			if !entering && n.Type() == ast.TypeBlock {
				if len(b) > 0 && b[len(b)-1] != '\n' {
					b = append(b, '\n')
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return b, heads
}

func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// authorLinks lists the links and images written in the body; the links
// that unlink picks are replaced by their content (text, emphasis…).
func authorLinks(doc ast.Node, unlink Unlinker) []Link {
	var out []Link
	var plain []ast.Node
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		isLink := false
		switch n := n.(type) {
		case *ast.Link:
			dest, isLink = n.Destination, true
		case *ast.Image:
			dest = n.Destination
		default:
			return ast.WalkContinue, nil
		}
		off := -1
		for c := n.FirstChild(); c != nil && off < 0; c = c.FirstChild() {
			if t, ok := c.(*ast.Text); ok {
				off = t.Segment.Start
			}
		}
		l := Link{Dest: string(dest), Offset: off}
		if isLink && unlink != nil && unlink(l.Dest) {
			l.Plain = true
			plain = append(plain, n)
		}
		out = append(out, l)
		return ast.WalkContinue, nil
	})
	for _, n := range plain {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			n.RemoveChild(n, c)
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	return out
}

// linkText replaces spans of text (outside links, code and headings'
// anchors) with links, as the Linker asks. The Linker sees whole runs of
// text: goldmark splits text at [ and ] (possible link brackets), so
// sibling text nodes that are contiguous in the source, with no line break
// between them, are one run (沈政发[2017]45号). Code, links and raw HTML are
// nodes of their own and occupy source bytes, so no run spans them.
func linkText(doc ast.Node, src []byte, link Linker) {
	var texts []*ast.Text
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.AutoLink, *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.Image:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			texts = append(texts, n)
		}
		return ast.WalkContinue, nil
	})
	for i := 0; i < len(texts); {
		j := i + 1 // the run is texts[i:j]
		for j < len(texts) && joins(texts[j-1], texts[j]) {
			j++
		}
		linkRun(texts[i:j], src, link)
		i = j
	}
}

// joins reports whether text b continues text a in one run.
func joins(a, b *ast.Text) bool {
	return a.NextSibling() == b && a.Segment.Stop == b.Segment.Start && !a.SoftLineBreak() && !a.HardLineBreak() &&
		!a.IsRaw() && !b.IsRaw() && a.Segment.Padding == 0 && b.Segment.Padding == 0
}

// linkRun links the spans the Linker finds in one run of sibling text
// nodes, contiguous in src; the run is replaced by text and link nodes.
func linkRun(run []*ast.Text, src []byte, link Linker) {
	first, t := run[0].Segment, run[len(run)-1]
	seg := text.NewSegment(first.Start, t.Segment.Stop)
	val := seg.Value(src)
	if len(val) == 0 {
		return
	}
	// A view, not a copy (see Linker): a page's text runs add up to
	// its whole body.
	spans := link(unsafe.String(&val[0], len(val)))
	if len(spans) == 0 {
		return
	}
	parent := t.Parent()
	pos := 0
	soft, hard := t.SoftLineBreak(), t.HardLineBreak()
	var last ast.Node = t
	insert := func(n ast.Node) {
		parent.InsertAfter(parent, last, n)
		last = n
	}
	for _, sp := range spans {
		if sp.Start < pos || sp.End > len(val) || sp.Start >= sp.End {
			continue
		}
		if sp.Start > pos {
			insert(ast.NewTextSegment(text.NewSegment(seg.Start+pos, seg.Start+sp.Start)))
		}
		l := ast.NewLink()
		l.Destination = []byte(sp.URL)
		if sp.Title != "" {
			l.Title = []byte(sp.Title)
		}
		l.AppendChild(l, ast.NewTextSegment(text.NewSegment(seg.Start+sp.Start, seg.Start+sp.End)))
		insert(l)
		pos = sp.End
	}
	if pos < len(val) || hard {
		// An empty text after a closing link keeps a hard line break (a
		// soft one between Han characters is dropped anyway).
		insert(ast.NewTextSegment(text.NewSegment(seg.Start+pos, seg.Stop)))
	}
	if tt, ok := last.(*ast.Text); ok {
		tt.SetSoftLineBreak(soft)
		tt.SetHardLineBreak(hard)
	}
	for _, n := range run {
		parent.RemoveChild(parent, n)
	}
}

// ids makes heading anchors that keep letters of every script.
type ids struct{ used map[string]int }

func newIDs() *ids { return &ids{used: map[string]int{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for len(value) > 0 {
		r, n := utf8.DecodeRune(value)
		value = value[n:]
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '-' || r == '_' || unicode.IsSpace(r):
			dash = true
		default:
			// punctuation (、（）。 …) is dropped
		}
	}
	id := b.String()
	if id == "" {
		id = "section"
	}
	if n, ok := s.used[id]; ok {
		for {
			n++
			c := id + "-" + strconv.Itoa(n)
			if _, taken := s.used[c]; !taken {
				s.used[id] = n
				id = c
				break
			}
		}
	}
	s.used[id] = 0
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = 0 }

// unescape drops the backslash of backslash-escaped ASCII punctuation and
// resolves character references, as the HTML renderer does (an escaped &
// opens no reference: \&amp; shows as &amp;).
func unescape(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return b
	}
	refs := func(x []byte) []byte {
		if bytes.IndexByte(x, '&') < 0 {
			return x
		}
		return util.ResolveEntityNames(util.ResolveNumericReferences(x))
	}
	out := make([]byte, 0, len(b))
	start := 0
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]) {
			out = append(append(out, refs(b[start:i])...), b[i+1])
			i++
			start = i + 1
		}
	}
	return append(out, refs(b[start:])...)
}
