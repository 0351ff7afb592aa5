package tasks

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// para is one paragraph of the body: its runes as written (markup removed),
// folded, and the 1-based line and rune column of each rune in the body.
type para struct {
	r, f      []rune
	line, col []int32
}

// buffers hold the runes of a whole body (as written and folded) with
// their positions, paragraph after paragraph. Paragraphs are slices of
// them, so the measure text and titles kept from one paragraph for the next
// stay valid. They are pooled: an extraction allocates little more than
// what it returns.
type buffers struct {
	r, f      []rune
	line, col []int32
	tasks     []Task // the tasks found (copied out at the end)
}

var bufPool = sync.Pool{New: func() any { return new(buffers) }}

// maxPooled is the largest body (in runes) whose buffers go back to the
// pool; a huge one-off body should not pin its memory.
const maxPooled = 1 << 20

// run splits a body into paragraphs and walks each in turn. A paragraph
// ends at a blank line, at a Markdown heading or table row, before a line
// that starts with an item number, and after a line that ends a sentence or
// a bracket — so text pasted with one paragraph per line splits per line,
// while Markdown wrapped inside a sentence is joined again (with no space:
// the text is Chinese).
func (e *extractor) run(body string) {
	b := bufPool.Get().(*buffers)
	e.out = b.tasks[:0]
	defer func() {
		// A body's tasks grow a slice of large structs: they are found
		// in the pooled one and copied out once, into a slice of about
		// their size.
		found := e.out
		e.out = nil
		if len(found) > 0 {
			e.out = slices.Clone(found)
		}
		clear(found) // the pool must not keep the strings alive
		b.tasks = found[:0]
		if cap(b.r) <= maxPooled && cap(b.tasks) <= maxPooled/64 {
			bufPool.Put(b)
		}
	}()
	b.r, b.f, b.line, b.col = b.r[:0], b.f[:0], b.line[:0], b.col[:0]

	start := 0 // of the current paragraph in b.r
	flush := func(end int) {
		if end > start {
			e.paragraph(para{
				r: b.r[start:end:end], f: b.f[start:end:end],
				line: b.line[start:end:end], col: b.col[start:end:end],
			})
			e.paraIdx++
			start = end
		}
	}
	prevComplete := false
	for ln, rest := 1, body; ; ln++ {
		line := rest
		nl := strings.IndexByte(rest, '\n')
		if nl >= 0 {
			line, rest = rest[:nl], rest[nl+1:]
		}
		for len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		lineStart := len(b.r)
		block := b.appendLine(line, int32(ln))
		keptF := b.f[lineStart:]
		switch {
		case len(keptF) == 0:
			flush(lineStart)
		case block || prevComplete:
			flush(lineStart)
		default:
			if _, _, ok := markerAt(keptF, 0); ok {
				flush(lineStart)
			}
		}
		if len(keptF) > 0 {
			prevComplete = block || paraEnders.has(keptF[len(keptF)-1])
		}
		if nl < 0 {
			break
		}
	}
	flush(len(b.r))
}

// blankAt returns the size of the blank rune (space, tab, ideographic space,
// no-break space) at s[i], or 0.
func blankAt(s string, i int) int {
	switch {
	case i >= len(s):
		return 0
	case s[i] == ' ' || s[i] == '\t':
		return 1
	case s[i] == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0:
		return 2
	case s[i] == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80:
		return 3
	}
	return 0
}

// blankBefore returns the size of the blank rune that ends s[:i], or 0. A
// blank's encoding starts with a byte that cannot continue another rune, so
// it is found from the end as decoding from the start would find it.
func blankBefore(s string, i int) int {
	switch {
	case i >= 1 && (s[i-1] == ' ' || s[i-1] == '\t'):
		return 1
	case i >= 2 && s[i-2] == 0xC2 && s[i-1] == 0xA0:
		return 2
	case i >= 3 && s[i-3] == 0xE3 && s[i-2] == 0x80 && s[i-1] == 0x80:
		return 3
	}
	return 0
}

var (
	paraEnders = newRuneSet("。!?;:)”\"》")
	boldBefore = newRuneSet("。：:！？!?；;")
)

// appendLine strips what Markdown puts around the text of a line —
// indentation, heading marks, quote and list marks, and the ** of bold
// lead-ins — and appends the remaining runes, folded runes, line number ln
// and 1-based rune columns to the paragraph buffers. block reports a
// heading or a table row, which is a paragraph of its own. It works on the
// UTF-8 bytes: every mark it strips is ASCII or a blank.
func (b *buffers) appendLine(line string, ln int32) (block bool) {
	i, col := 0, 0 // byte and rune index
	skipBlank := func() {
		for n := blankAt(line, i); n > 0; n = blankAt(line, i) {
			i, col = i+n, col+1
		}
	}
	skipBlank()
	if i < len(line) && line[i] == '#' {
		j := i
		for j < len(line) && line[j] == '#' {
			j++
		}
		if j-i <= 6 && (j == len(line) || blankAt(line, j) > 0) {
			i, col, block = j, col+j-i, true
			skipBlank()
		}
	}
	for i+1 < len(line) && (line[i] == '>' || line[i] == '-' || line[i] == '+' || line[i] == '*') {
		n := blankAt(line, i+1)
		if n == 0 {
			break
		}
		i, col = i+1+n, col+2
		skipBlank()
	}
	if i < len(line) && line[i] == '|' {
		block = true
	}
	end := len(line)
	for end > i {
		n := blankBefore(line, end)
		if n == 0 {
			break
		}
		end -= n
	}
	// The line adds at most one rune per byte: make room once, then
	// store by index.
	lineStart := len(b.r)
	b.grow(end - i)
	rs, fs := b.r[:cap(b.r)], b.f[:cap(b.f)]
	lines, cols := b.line[:cap(b.line)], b.col[:cap(b.col)]
	k := lineStart
	for i < end {
		var c rune
		n := 1
		switch x := line[i]; {
		case x < utf8.RuneSelf:
			c = rune(x)
			if (x == '*' || x == '_') && i+1 < end && line[i+1] == x &&
				(k == lineStart || i+2 == end || boldBefore.has(rs[k-1])) {
				i, col = i+2, col+2
				continue
			}
		case x&0xF0 == 0xE0 && i+2 < len(line) && line[i+1]&0xC0 == 0x80 && line[i+2]&0xC0 == 0x80:
			c = rune(x&0x0F)<<12 | rune(line[i+1]&0x3F)<<6 | rune(line[i+2]&0x3F)
			n = 3
			if c < 0x800 || c >= 0xD800 && c <= 0xDFFF {
				c, n = utf8.DecodeRuneInString(line[i:])
			}
		default:
			c, n = utf8.DecodeRuneInString(line[i:])
		}
		col++
		rs[k], fs[k], lines[k], cols[k] = c, foldRune(c), ln, int32(col)
		k++
		i += n
	}
	b.r, b.f, b.line, b.col = rs[:k], fs[:k], lines[:k], cols[:k]
	return block
}

// grow makes room for n more runes in the paragraph buffers.
func (b *buffers) grow(n int) {
	if len(b.r)+n <= cap(b.r) {
		return
	}
	size := max(2*cap(b.r), len(b.r)+n, 4096)
	b.r = append(make([]rune, 0, size), b.r...)
	b.f = append(make([]rune, 0, size), b.f...)
	b.line = append(make([]int32, 0, size), b.line...)
	b.col = append(make([]int32, 0, size), b.col...)
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == 0x3000 || r == 0xA0 }

// extractor carries the numbering state across paragraphs.
type extractor struct {
	docYear int
	out     []Task
	paraIdx int

	levels [4]string // 一 / （一） / 1 / （1）

	// The most recent numbered item: its lead sentence, the paragraph it
	// stands in, whether that paragraph is only the lead (a heading), and
	// whether a task has taken the lead as its title.
	itemTitle   title
	itemPara    int
	headingOnly bool
	itemUsed    bool

	// The last measure text of the previous paragraph, for an attribution
	// that stands on a line of its own.
	prevTitle    title
	prevR, prevF []rune
}

// title is a title as the runes r[lo:hi], turned into a string only when a
// task takes it: most paragraphs have a title and no task.
type title struct {
	r      []rune
	lo, hi int
}

func (t title) empty() bool { return t.hi <= t.lo }

func (t title) String() string {
	if t.hi-t.lo > maxTitle {
		return string(t.r[t.lo:t.lo+maxTitle]) + "…"
	}
	return string(t.r[t.lo:t.hi])
}

func (e *extractor) item() string {
	return strings.Join(e.levels[:], "")
}

// sentenceEnds are the folded runes after which an item number may start.
var sentenceEnds = newRuneSet(" 。;!?")

// paragraph walks one paragraph: item numbers update the numbering, and
// each attribution closes the measure that runs from the previous one.
func (e *extractor) paragraph(p para) {
	r, f := p.r, p.f
	segStart, segLead := 0, -1 // segLead: index of the lead sentence when the measure starts with an item number
	for i := 0; i < len(f); {
		k := class(f[i])
		if k&clsMarkerStart == 0 {
			i++ // neither an item number nor a bracket
			continue
		}
		if i == 0 || i == segStart || class(f[i-1])&clsSentenceEnd != 0 {
			if lvl, end, ok := markerAt(f, i); ok {
				e.setLevel(lvl, markerLabel(f, i, lvl, end))
				t, leadEnd := leadSentence(r, f, end)
				e.itemTitle, e.itemPara, e.itemUsed = t, e.paraIdx, false
				e.headingOnly = restIsHeading(f, leadEnd)
				segStart, segLead = i, end
				i = end
				continue
			}
		}
		if !isOpen(f[i]) {
			i++
			continue
		}
		c := matchClose(f, i)
		if c < 0 {
			i++
			continue
		}
		if a, ok := parseAttribution(r[i+1:c], f[i+1:c], lineFinal(p, c)); ok {
			e.add(p, a, i, c, segStart, segLead)
			segStart, segLead = c+1, -1
		}
		i = c + 1
	}
	if t := e.title(r, f, segStart, segLead, len(f)); !t.empty() {
		e.prevTitle, e.prevR, e.prevF = t, r[segStart:], f[segStart:]
	}
}

// title is the title of the measure in f[from:to] (see segmentTitle), or
// the lead of the current item when that item's number and lead stand alone
// in the paragraph above and no task has used it yet.
func (e *extractor) title(r, f []rune, from, lead, to int) title {
	if lead < 0 && from == 0 && !e.itemUsed && e.headingOnly && e.paraIdx == e.itemPara+1 {
		return e.itemTitle
	}
	return segmentTitle(r, f, from, lead, to)
}

func (e *extractor) setLevel(lvl int, label string) {
	e.levels[lvl] = label
	for k := lvl + 1; k < len(e.levels); k++ {
		e.levels[k] = ""
	}
}

// add records the task closed by the attribution at f[open..close].
func (e *extractor) add(p para, a attribution, open, close, segStart, segLead int) {
	r, f := p.r, p.f
	t := Task{
		Item: e.item(),
		Text: string(r[open : close+1]),
		Lead: a.lead, Coop: a.coop, Resp: a.resp,
		Line: int(p.line[open]), Col: int(p.col[open]),
	}
	segR, segF := r[segStart:open], f[segStart:open]
	if ti := e.title(r, f, segStart, segLead, open); !ti.empty() {
		t.Title = ti.String()
	} else {
		// The attribution stands on a line of its own after its measure.
		t.Title, segR, segF = e.prevTitle.String(), e.prevR, e.prevF
	}
	e.itemUsed = true
	if a.deadline != "" {
		t.DeadlineText = a.deadline
		t.Deadline, t.Period, t.Start = ParseDeadline(a.deadline, e.docYear)
	} else {
		t.DeadlineText, t.Deadline, t.Start = bodyDeadline(segF, segR, e.docYear)
	}
	e.out = append(e.out, t)
}

// markerAt matches an item number at f[i]: 一、 (level 0), (一) (1), 1. or
// 1、 (2), (1) (3). It returns the level and the index after the number.
func markerAt(f []rune, i int) (lvl int, end int, ok bool) {
	if i >= len(f) {
		return 0, 0, false
	}
	switch c := f[i]; {
	case c == '(':
		if n := cnNumeral(f, i+1); n > 0 && i+1+n < len(f) && f[i+1+n] == ')' {
			return 1, i + n + 2, true
		}
		if n := arabic(f, i+1); n > 0 && i+1+n < len(f) && f[i+1+n] == ')' {
			return 3, i + n + 2, true
		}
	case c >= '0' && c <= '9':
		if n := arabic(f, i); n > 0 && i+n < len(f) && (f[i+n] == '.' || f[i+n] == '、') &&
			(i+n+1 == len(f) || f[i+n+1] < '0' || f[i+n+1] > '9') {
			return 2, i + n + 1, true
		}
	case isCNNumeral(c):
		if n := cnNumeral(f, i); i+n < len(f) && f[i+n] == '、' {
			return 0, i + n + 1, true
		}
	}
	return 0, 0, false
}

// markerLabel is the label of the item number f[i:end] of level lvl as
// shown in item paths: 二, （一）, 3, （1）.
func markerLabel(f []rune, i, lvl, end int) string {
	switch lvl {
	case 0, 2:
		return string(f[i : end-1])
	}
	return "（" + string(f[i+1:end-1]) + "）"
}

func isCNNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '〇', '百':
		return true
	}
	return false
}

// cnNumeral returns the length of a run of up to four Chinese numerals.
func cnNumeral(f []rune, i int) int {
	n := 0
	for i+n < len(f) && n < 4 && isCNNumeral(f[i+n]) {
		n++
	}
	return n
}

// arabic returns the length of a run of one to three ASCII digits (a longer
// run is a year or a number, not an item).
func arabic(f []rune, i int) int {
	n := 0
	for i+n < len(f) && f[i+n] >= '0' && f[i+n] <= '9' {
		n++
	}
	if n > 3 {
		return 0
	}
	return n
}

// matchClose returns the index of the bracket closing f[i], or -1 when none
// is found within the length an attribution can have.
func matchClose(f []rune, i int) int {
	depth := 0
	end := min(len(f), i+maxContent+2)
	for k := i; k < end; k++ {
		switch f[k] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// lineFinal reports whether only closing punctuation follows f[c] on its
// line.
func lineFinal(p para, c int) bool {
	j := c + 1
	for j < len(p.f) && p.line[j] == p.line[c] && lineTrailers.has(p.f[j]) {
		j++
	}
	return j == len(p.f) || p.line[j] != p.line[c]
}

const maxTitle = 100

var (
	lineTrailers = newRuneSet(" 。;,.")
	leadEnders   = newRuneSet("。!?:; ")
	titleSkip    = newRuneSet(" ,;、。:")
	titleEnders  = newRuneSet("。!?")
	clipTrailers = newRuneSet("，,、；;：:")
)

// leadSentence reads an item's lead from f[start]: up to the first 。！？：；,
// a space, or an attribution. It returns the lead and where it stopped.
func leadSentence(r, f []rune, start int) (title, int) {
	k := start
	for k < len(f) && f[k] == ' ' {
		k++
	}
	from := k
	for k < len(f) && !leadEnders.has(f[k]) {
		if isOpen(f[k]) {
			if c := matchClose(f, k); c > 0 {
				if _, ok := parseAttribution(r[k+1:c], f[k+1:c], false); ok {
					break
				}
				k = c + 1
				continue
			}
		}
		k++
	}
	return clip(r, from, k), k
}

// restIsHeading reports whether nothing but an item number follows the lead
// that ended at k: the lead is a heading and the measure comes after it.
func restIsHeading(f []rune, k int) bool {
	for k < len(f) && leadEnders.has(f[k]) {
		k++
	}
	if k == len(f) {
		return true
	}
	_, _, ok := markerAt(f, k)
	return ok
}

// segmentTitle is the title of the measure in f[from:to]: the lead sentence
// when it starts with an item number, otherwise its first sentence.
func segmentTitle(r, f []rune, from, lead, to int) title {
	if lead >= 0 {
		t, _ := leadSentence(r[:to], f[:to], lead)
		return t
	}
	k := from
	for k < to && titleSkip.has(f[k]) {
		k++
	}
	start := k
	for k < to && !titleEnders.has(f[k]) {
		k++
	}
	return clip(r, start, k)
}

// clip trims spaces and closing punctuation from r[lo:hi]; the title caps
// its length.
func clip(r []rune, lo, hi int) title {
	for lo < hi && (isBlank(r[lo]) || r[lo] == '*') {
		lo++
	}
	for hi > lo && (isBlank(r[hi-1]) || r[hi-1] == '*' || clipTrailers.has(r[hi-1])) {
		hi--
	}
	return title{r, lo, hi}
}
