package tasks

import "strings"

// para is one paragraph of the body: its runes as written (markup removed),
// folded, and the 1-based line and rune column of each rune in the body.
type para struct {
	r, f      []rune
	line, col []int32
}

// paragraphs splits a body into paragraphs. A paragraph ends at a blank
// line, at a Markdown heading or table row, before a line that starts with
// an item number, and after a line that ends a sentence or a bracket — so
// text pasted with one paragraph per line splits per line, while Markdown
// wrapped inside a sentence is joined again (with no space: the text is
// Chinese).
func paragraphs(body string) []para {
	var out []para
	var cur para
	flush := func() {
		if len(cur.r) > 0 {
			cur.f = fold(cur.r)
			out = append(out, cur)
		}
		cur = para{}
	}
	prevComplete := false
	for ln, line := range strings.Split(body, "\n") {
		rs := []rune(strings.TrimRight(line, "\r"))
		kept, cols, block := cleanLine(rs)
		if len(kept) == 0 {
			flush()
			continue
		}
		if block || prevComplete {
			flush()
		} else if _, _, _, ok := matchMarker(fold(kept), 0); ok {
			flush()
		}
		for k, r := range kept {
			cur.r = append(cur.r, r)
			cur.line = append(cur.line, int32(ln+1))
			cur.col = append(cur.col, int32(cols[k]+1))
		}
		last := foldRune(kept[len(kept)-1])
		prevComplete = block || strings.ContainsRune("。!?;:)”\"》", last)
	}
	flush()
	return out
}

// cleanLine strips what Markdown puts around text — indentation, heading
// marks, quote and list marks, and the ** of bold lead-ins — and returns
// the remaining runes with their 0-based columns. block reports a heading
// or a table row, which is a paragraph of its own.
func cleanLine(rs []rune) (kept []rune, cols []int, block bool) {
	i := 0
	skipSpace := func() {
		for i < len(rs) && isBlank(rs[i]) {
			i++
		}
	}
	skipSpace()
	if i < len(rs) && rs[i] == '#' {
		j := i
		for j < len(rs) && rs[j] == '#' {
			j++
		}
		if j-i <= 6 && (j == len(rs) || isBlank(rs[j])) {
			i, block = j, true
			skipSpace()
		}
	}
	for i+1 < len(rs) && (rs[i] == '>' || rs[i] == '-' || rs[i] == '+' || rs[i] == '*' && rs[i+1] != '*') && isBlank(rs[i+1]) {
		i += 2
		skipSpace()
	}
	if i < len(rs) && rs[i] == '|' {
		block = true
	}
	end := len(rs)
	for end > i && isBlank(rs[end-1]) {
		end--
	}
	for j := i; j < end; j++ {
		if j+1 < end && (rs[j] == '*' && rs[j+1] == '*' || rs[j] == '_' && rs[j+1] == '_') &&
			(len(kept) == 0 || j+2 == end || strings.ContainsRune("。：:！？!?；;", kept[len(kept)-1])) {
			j++
			continue
		}
		kept = append(kept, rs[j])
		cols = append(cols, j)
	}
	return kept, cols, block
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
	itemTitle   string
	itemPara    int
	headingOnly bool
	itemUsed    bool

	// The last measure text of the previous paragraph, for an attribution
	// that stands on a line of its own.
	prevTitle    string
	prevR, prevF []rune
}

func (e *extractor) item() string {
	return strings.Join(e.levels[:], "")
}

// paragraph walks one paragraph: item numbers update the numbering, and
// each attribution closes the measure that runs from the previous one.
func (e *extractor) paragraph(p para) {
	r, f := p.r, p.f
	segStart, segLead := 0, -1 // segLead: index of the lead sentence when the measure starts with an item number
	for i := 0; i < len(f); {
		if i == 0 || i == segStart || strings.ContainsRune(" 。;!?", f[i-1]) {
			if lvl, label, end, ok := matchMarker(f, i); ok {
				e.setLevel(lvl, label)
				title, leadEnd := leadSentence(r, f, end)
				e.itemTitle, e.itemPara, e.itemUsed = title, e.paraIdx, false
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
	if t := e.title(r, f, segStart, segLead, len(f)); t != "" {
		e.prevTitle, e.prevR, e.prevF = t, r[segStart:], f[segStart:]
	}
}

// title is the title of the measure in f[from:to] (see segmentTitle), or
// the lead of the current item when that item's number and lead stand alone
// in the paragraph above and no task has used it yet.
func (e *extractor) title(r, f []rune, from, lead, to int) string {
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
	if t.Title = e.title(r, f, segStart, segLead, open); t.Title == "" {
		// The attribution stands on a line of its own after its measure.
		t.Title, segR, segF = e.prevTitle, e.prevR, e.prevF
	}
	e.itemUsed = true
	if a.deadline != "" {
		t.DeadlineText = a.deadline
		t.Deadline, t.Period = ParseDeadline(a.deadline, e.docYear)
	} else {
		t.DeadlineText, t.Deadline = bodyDeadline(segF, segR, e.docYear)
	}
	e.out = append(e.out, t)
}

// matchMarker matches an item number at f[i]: 一、 (level 0), (一) (1),
// 1. or 1、 (2), (1) (3). It returns the level, the label as shown in item
// paths (二, （一）, 3, （1）) and the index after the number.
func matchMarker(f []rune, i int) (lvl int, label string, end int, ok bool) {
	if i >= len(f) {
		return 0, "", 0, false
	}
	if n := cnNumeral(f, i); n > 0 && i+n < len(f) && f[i+n] == '、' {
		return 0, string(f[i : i+n]), i + n + 1, true
	}
	if f[i] == '(' {
		if n := cnNumeral(f, i+1); n > 0 && i+1+n < len(f) && f[i+1+n] == ')' {
			return 1, "（" + string(f[i+1:i+1+n]) + "）", i + n + 2, true
		}
		if n := arabic(f, i+1); n > 0 && i+1+n < len(f) && f[i+1+n] == ')' {
			return 3, "（" + string(f[i+1:i+1+n]) + "）", i + n + 2, true
		}
		return 0, "", 0, false
	}
	if n := arabic(f, i); n > 0 && i+n < len(f) && (f[i+n] == '.' || f[i+n] == '、') &&
		(i+n+1 == len(f) || f[i+n+1] < '0' || f[i+n+1] > '9') {
		return 2, string(f[i : i+n]), i + n + 1, true
	}
	return 0, "", 0, false
}

// cnNumeral returns the length of a run of up to four Chinese numerals.
func cnNumeral(f []rune, i int) int {
	n := 0
	for i+n < len(f) && n < 4 && strings.ContainsRune("一二三四五六七八九十〇百", f[i+n]) {
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
	for k := i; k < len(f) && k-i <= maxContent+1; k++ {
		switch {
		case isOpen(f[k]):
			depth++
		case isClose(f[k]):
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
	for j < len(p.f) && p.line[j] == p.line[c] && strings.ContainsRune(" 。;,.", p.f[j]) {
		j++
	}
	return j == len(p.f) || p.line[j] != p.line[c]
}

const maxTitle = 100

// leadSentence reads an item's lead from f[start]: up to the first 。！？：；,
// a space, or an attribution. It returns the lead and where it stopped.
func leadSentence(r, f []rune, start int) (string, int) {
	k := start
	for k < len(f) && f[k] == ' ' {
		k++
	}
	from := k
	for k < len(f) && !strings.ContainsRune("。!?:; ", f[k]) {
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
	return clip(r[from:k]), k
}

// restIsHeading reports whether nothing but an item number follows the lead
// that ended at k: the lead is a heading and the measure comes after it.
func restIsHeading(f []rune, k int) bool {
	for k < len(f) && strings.ContainsRune("。!?:; ", f[k]) {
		k++
	}
	if k == len(f) {
		return true
	}
	_, _, _, ok := matchMarker(f, k)
	return ok
}

// segmentTitle is the title of the measure in f[from:to]: the lead sentence
// when it starts with an item number, otherwise its first sentence.
func segmentTitle(r, f []rune, from, lead, to int) string {
	if lead >= 0 {
		t, _ := leadSentence(r[:to], f[:to], lead)
		return t
	}
	k := from
	for k < to && strings.ContainsRune(" ,;、。:", f[k]) {
		k++
	}
	start := k
	for k < to && !strings.ContainsRune("。!?", f[k]) {
		k++
	}
	return clip(r[start:k])
}

// clip trims spaces and closing punctuation and caps a title's length.
func clip(r []rune) string {
	lo, hi := 0, len(r)
	for lo < hi && (isBlank(r[lo]) || r[lo] == '*') {
		lo++
	}
	for hi > lo && (isBlank(r[hi-1]) || r[hi-1] == '*' || strings.ContainsRune("，,、；;：:", r[hi-1])) {
		hi--
	}
	if hi-lo > maxTitle {
		return string(r[lo:lo+maxTitle]) + "…"
	}
	return string(r[lo:hi])
}
