package importer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// node is one block of the Markdown body: a paragraph (possibly joined from
// several lines), a heading, a table.
type node struct {
	kind  kind
	text  string
	fold  string
	no    int // source line of its first line
	table *table
	title bool // the title of an issued document or of an attachment
}

// leadMax is the longest lead sentence (in characters) written in bold: a
// numbered item's first sentence is its title (（一）指导思想。); a longer
// first sentence is running text, not a title.
const leadMax = 50

// buildNodes turns body lines into nodes: tables replace their cells, and
// lines broken inside a paragraph are joined.
func buildNodes(body []*line, tables []*table) []*node {
	var out []*node
	ti := 0
	prevBlank := true
	for i := 0; i < len(body); i++ {
		if ti < len(tables) && i == tables[ti].start {
			out = append(out, &node{kind: kBlank, table: tables[ti], no: body[i].no})
			i = tables[ti].end - 1
			ti++
			prevBlank = true
			continue
		}
		l := body[i]
		if l.blank {
			prevBlank = true
			continue
		}
		if n := lastNode(out); n != nil && !prevBlank && joinable(n, l) {
			next := strings.TrimSpace(l.text)
			if lastRune(n.text) == ',' && firstRune(next) < utf8.RuneSelf && isAlnum(firstRune(next)) {
				n.text += " " // words in Latin letters after a comma
				n.fold += " "
			}
			n.text += next
			n.fold += strings.TrimSpace(l.fold)
			prevBlank = false
			continue
		}
		out = append(out, &node{kind: l.kind, text: strings.TrimSpace(l.text), fold: strings.TrimSpace(l.fold), no: l.no})
		prevBlank = false
	}
	return out
}

func lastNode(ns []*node) *node {
	if len(ns) == 0 {
		return nil
	}
	return ns[len(ns)-1]
}

// closers end a paragraph or close the bracket that ends one (an
// attribution in parentheses).
const closers = "。！？；：!?;:）)」』”’〕】…"

// joinable reports whether line l continues paragraph n: n is running text
// (or a numbered item with a lead sentence) cut off inside a word or after
// a comma, and l is plain text, not a heading, signature or date. Print
// layouts and page breaks cut paragraphs this way (……建立政府采购方面 /
// -4- / 的政务诚信责任制……).
func joinable(n *node, l *line) bool {
	if n.table != nil || n.title || l.kind != kText || l.flat {
		return false
	}
	switch n.kind {
	case kText, kArticle:
	case kH1, kH2, kH3, kH4:
		if !strings.Contains(n.fold, "。") {
			return false // a heading line, not a lead-in paragraph
		}
	default:
		return false
	}
	if utf8.RuneCountInString(n.text) < 15 {
		return false
	}
	// A cut falls inside a sentence: the paragraph ends with a comma or an
	// enumeration comma, which never end a sentence or a paragraph (a line
	// hard-wrapped after punctuation: ……提升城市精细化管理水平， / 营造……).
	// A semicolon is not one of them: clauses of an enumeration each end
	// with one and stand on their own lines by design.
	r := lastRune(n.text)
	if strings.ContainsRune(midSentence, r) {
		return true
	}
	// Or a cut falls inside a word: the paragraph ends with a character,
	// not with other punctuation or a symbol (~ ends a comment, not a cut
	// line).
	if !(isHan(r) || unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return false
	}
	return strings.ContainsAny(n.fold, "，,、。;")
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// midSentence: punctuation after which a sentence always goes on.
const midSentence = "，,、､"

// conforming reports whether a paragraph ends the way official prose does.
func conforming(n *node) bool {
	if n.kind != kText || n.table != nil || n.title {
		return true
	}
	if informal(n.fold) {
		return false
	}
	return strings.ContainsRune(closers, lastRune(n.text))
}

// dropTail removes the unstructured tail of a document: lines after its
// last proper paragraph that do not end like official prose — readers'
// comments, tag lists and headlines of other articles that a web page
// shows under a document. Missing punctuation alone is no evidence (a list
// of names, a table's header, a short last line are text): the tail goes
// only when one of its lines reads like a comment (informal). An
// attachment (附件) and what follows it are never a page's tail.
func dropTail(ns []*node) ([]*node, []string) {
	k := len(ns)
	for k > 0 {
		n := ns[k-1]
		if n.kind == kAnnex || conforming(n) || utf8.RuneCountInString(n.text) > 200 {
			break
		}
		k--
	}
	for _, n := range ns {
		if n.kind == kAnnex {
			return ns, nil
		}
	}
	comment := false
	for _, n := range ns[k:] {
		comment = comment || informal(n.fold)
	}
	if !comment {
		return ns, nil
	}
	var dropped []string
	for _, n := range ns[k:] {
		dropped = append(dropped, lineRef(n.no)+n.text)
	}
	return ns[:k], dropped
}

// dropTableTrail drops the lines that end the text after its last table
// when no column of the table can hold them (table.splitTrail) and they
// cannot be a document's own text either: short, without sentence
// punctuation or a final stop, not numbered, not a title, naming no organ,
// no date or period. What a web page shows under a document's annex table
// (advertising, link spam) has this form; a note under the table (注：……。),
// a signature or a date does not. They are dropped and reported like
// other page debris. d is the text's last document.
func dropTableTrail(d *document, tables []*table) {
	if len(tables) == 0 {
		return
	}
	t := tables[len(tables)-1]
	if len(t.trail) == 0 {
		return
	}
	for j := t.end; j < len(d.body); j++ {
		if !d.body[j].blank && !slices.Contains(t.trail, j) {
			return // the document goes on after the table
		}
	}
	for _, j := range t.trail {
		if !trailDebris(d.body[j]) {
			return
		}
	}
	for _, j := range t.trail {
		l := d.body[j]
		d.dropped = append(d.dropped, lineRef(l.no)+l.text)
		d.body[j] = newLine("", l.no, l.block)
	}
}

// trailDebris reports whether a line after a table can be no part of the
// document (see dropTableTrail).
func trailDebris(l *line) bool {
	f := compactFold(l.fold)
	if l.kind != kText || f == "" || utf8.RuneCountInString(f) > 40 {
		return false
	}
	if sentencePunct(f) || strings.ContainsAny(f, ":：") || strings.ContainsRune(closers, lastRune(f)) {
		return false
	}
	return !numbered(f) && !titleLike(f) && !namesOrgan(f) && !periodLike(f)
}

// markIssued marks the titles of issued documents and attachments, and
// joins a broken attachment title (落实《…》 / 主要任务明细表).
func markIssued(ns []*node) []*node {
	var out []*node
	for i := 0; i < len(ns); i++ {
		n := ns[i]
		switch {
		case n.kind == kTitle:
			n.title = true
		case n.kind == kAnnex:
			n.title = true
			// The attachment's title: short lines without punctuation.
			var parts []string
			// A 序号 cell begins a table, even one not recognised.
			for i+1 < len(ns) && ns[i+1].table == nil && (ns[i+1].kind == kText || ns[i+1].kind == kTitle) &&
				!sentencePunct(ns[i+1].fold) && utf8.RuneCountInString(ns[i+1].text) <= 40 &&
				columnNames[compactFold(ns[i+1].fold)] != colSeq {
				parts = append(parts, ns[i+1].text)
				i++
			}
			if len(parts) > 0 {
				n.text = strings.TrimSpace(n.text) + "　" + strings.Join(parts, "")
			}
		}
		out = append(out, n)
	}
	return out
}

// render writes the nodes as Markdown. 一、 headings become level-2
// headings; a （一） line of its own that heads the text under it becomes
// a level-3 heading; （一） and 1. items get their lead sentence in bold
// (**（一）指导思想。**以……), or are bold as a whole when they are a short
// line of their own; other paragraphs are escaped text.
func render(ns []*node, structured bool) string {
	var parts []string
	for i, n := range ns {
		if structured && i+1 < len(ns) && subheading(n, ns[i+1]) {
			parts = append(parts, "### "+escapeInline(n.text))
			continue
		}
		parts = append(parts, renderNode(n, structured))
	}
	return strings.Join(parts, "\n\n") + "\n"
}

// subheading reports whether a （一） item is a heading: a short line of its
// own (its lead sentence and nothing after it) followed by what it heads —
// running text or deeper items, not its next sibling.
func subheading(n, next *node) bool {
	if n.kind != kH2 || n.table != nil || n.title || utf8.RuneCountInString(n.text) > leadMax || strings.ContainsAny(n.fold, ",;") {
		return false
	}
	if strings.ContainsAny(strings.TrimRight(n.fold, "。!?:"), "。!?") {
		return false // a lead sentence with text after it
	}
	switch next.kind {
	case kText:
		return next.table == nil && !next.title
	case kH3, kH4:
		return true
	}
	return false
}

func renderNode(n *node, structured bool) string {
	if n.table != nil {
		return n.table.markdown()
	}
	if !structured {
		return escapeText(n.text)
	}
	switch {
	case n.title:
		return "## " + escapeInline(n.text)
	case n.kind == kH1:
		if utf8.RuneCountInString(n.text) <= 60 && !strings.Contains(n.fold, "。") {
			return "## " + escapeInline(n.text)
		}
		return leadIn(n.text)
	case n.kind == kH2 || n.kind == kH3:
		return leadIn(n.text)
	case n.kind == kChapter:
		return "## " + escapeInline(n.text)
	case n.kind == kSection:
		return "### " + escapeInline(n.text)
	case n.kind == kArticle:
		return articleLead(n.text)
	}
	return escapeText(n.text)
}

// leadIn writes a numbered item with its lead sentence in bold.
func leadIn(text string) string {
	rs := []rune(text)
	for i, r := range rs {
		if r == '。' || r == '！' || r == '？' {
			if i+1 > leadMax+4 {
				break
			}
			lead, rest := string(rs[:i+1]), string(rs[i+1:])
			return "**" + escapeInline(lead) + "**" + escapeInline(rest)
		}
	}
	if len(rs) <= leadMax && !strings.ContainsAny(text, "，,；;") {
		return "**" + escapeInline(text) + "**"
	}
	return escapeText(text)
}

// articleLead writes 第一条 in bold, the article's text after it.
func articleLead(text string) string {
	f := foldOf(text)
	loc := articleRe.FindStringIndex(f)
	if loc == nil {
		return escapeText(text)
	}
	n := runeOffset(f, loc[1])
	head, rest := cut(text, 0, n), strings.TrimLeftFunc(cut(text, n, utf8.RuneCountInString(text)), unicode.IsSpace)
	if rest == "" {
		return "**" + escapeInline(head) + "**"
	}
	return "**" + escapeInline(head) + "**　" + escapeInline(rest)
}

// escapeInline escapes the characters Markdown would read as markup inside
// a line. Chinese text rarely holds them, but anonymised names (**市),
// angle-bracketed titles (<…>) and underscores do occur.
func escapeInline(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '`', '[', ']', '<', '>', '|', '~', '&', '#':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeText escapes a whole paragraph: inline markup, and what would start
// a list, a heading, a quote or a rule at the start of the line (1. is an
// ordered list in Markdown; in Chinese documents it is an item number).
func escapeText(s string) string {
	e := escapeInline(s)
	switch {
	case e == "":
		return e
	case strings.ContainsRune("+-=", rune(e[0])):
		return "\\" + e
	}
	i := 0
	for i < len(e) && i < 9 && e[i] >= '0' && e[i] <= '9' {
		i++
	}
	if i > 0 && i < len(e) && (e[i] == '.' || e[i] == ')') {
		return e[:i] + "\\" + e[i:]
	}
	return e
}

// escapeCell escapes a table cell.
func escapeCell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return escapeInline(s)
}

// plainText returns the text of the nodes before any attachment, for the
// validity clauses.
func plainText(ns []*node) string {
	var b strings.Builder
	for _, n := range ns {
		if n.kind == kAnnex {
			break
		}
		if n.table == nil {
			b.WriteString(n.text)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
