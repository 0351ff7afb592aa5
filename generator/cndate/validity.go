package cndate

import (
	"sort"
	"strings"
	"unicode/utf8"

	"gongkai/generator/hanfold"
	"gongkai/generator/internal/cjk"
	"gongkai/generator/model"
)

// Clause kinds.
const (
	ValidYears = "valid_years" // 有效期5年
	Expires    = "expires"     // 有效期至2020年12月31日
	Effective  = "effective"   // 自2018年1月1日起施行 / 自印发之日起施行
)

// Relative starts of an effective clause without a date.
const (
	Signed    = "signed"    // 自印发之日起 / 自发文之日起 / 自签发之日起
	Published = "published" // 自发布之日起 / 自公布之日起
)

// Clause is one validity clause found in a text.
type Clause struct {
	Kind     string     // ValidYears, Expires or Effective
	Years    int        // for ValidYears
	Date     model.Date // for Expires, and Effective with an explicit date
	Relative string     // for Effective without a date: Signed or Published
	Start    int        // byte offsets of the clause in text
	End      int
	Text     string // the clause as written
}

// FindValidity returns the validity clauses of text in order of position.
//
// Recognised (Simplified or Traditional, half- or full-width):
//
//	有效期5年, 有效期为五年, 有效期限3年, 有效期暂定两年       → valid_years
//	有效期至2020年12月31日(止), 有效期到…止, 有效期截至…      → expires
//	有效期自2018年1月1日起至2022年12月31日止                  → effective + expires
//	自2018年1月1日起施行/执行/实施/生效/试行, 从…起…           → effective, Date
//	自印发之日起施行 (发文/签发/下发/成文)                    → effective, signed
//	自发布之日起施行 (公布/颁布/公告)                        → effective, published
//
// Phrases that only shift the start (自印发之日起30日后施行) are not
// clauses: the date they imply cannot be read off the text.
func FindValidity(text string) []Clause {
	var out []Clause
	// The clauses start at 有, 自, 从 or 從: the text is searched for those
	// (cjk.Index, vectorised) rather than decoded rune by rune. On
	// UTF-8 text a match always starts a character; on invalid bytes too,
	// as a decoding loop would reach it (a lead byte never continues a
	// character).
	var next [len(triggers)]int // next occurrence of each trigger at or after i (-1: none)
	for k := range next {
		next[k] = -2 // not searched yet
	}
	for i := 0; i < len(text); {
		at := -1
		for k, t := range triggers {
			if next[k] == -1 {
				continue
			}
			if next[k] < i {
				if j := cjk.Index(text[i:], t); j >= 0 {
					next[k] = i + j
				} else {
					next[k] = -1
					continue
				}
			}
			if at < 0 || next[k] < at {
				at = next[k]
			}
		}
		if at < 0 {
			break
		}
		i = at
		if text[i:i+3] == "有" {
			if cs, end := validityAt(text, i); len(cs) > 0 {
				out = append(out, cs...)
				i = end
				continue
			}
		} else if cl, ok := effectiveAt(text, i); ok {
			out = append(out, cl)
			i = cl.End
			continue
		}
		i += 3 // every trigger is three bytes long
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	return out
}

// triggers are the characters a clause of FindValidity starts with.
var triggers = [...]string{"有", "自", "从", "從"}

// validityAt reads a clause starting with 有效期 at byte i.
func validityAt(text string, i int) ([]Clause, int) {
	c := cursor{s: text, i: i}
	if !c.word("有效期") {
		return nil, 0
	}
	c.word("限")
	c.spaces()
	c.word("为", "是", "暂定", ":", "：")
	c.spaces()
	mk := func(cl Clause) Clause {
		cl.Start, cl.End, cl.Text = i, c.i, text[i:c.i]
		return cl
	}
	switch {
	case c.word("截止到", "截止至", "截至", "截止", "至", "到"):
		c.spaces()
		d, ok := c.date()
		if !ok {
			return nil, 0
		}
		c.untilMark()
		return []Clause{mk(Clause{Kind: Expires, Date: d})}, c.i
	case c.word("自", "从"):
		from := c.i - len("自") // 自, 从 and 從 are all three bytes
		fromDate, ok := c.date()
		if !ok {
			return nil, 0
		}
		c.spaces()
		c.word("起")
		eff := Clause{Kind: Effective, Date: fromDate, Start: from, End: c.i, Text: text[from:c.i]}
		c.spaces()
		if !c.word("至", "到") {
			return nil, 0
		}
		c.spaces()
		to, ok := c.date()
		if !ok {
			return nil, 0
		}
		c.untilMark()
		return []Clause{mk(Clause{Kind: Expires, Date: to}), eff}, c.i
	}
	// 有效期2020年12月31日 (至 left out) is a date, not 2020 years.
	if d, ok := c.date(); ok {
		c.untilMark()
		return []Clause{mk(Clause{Kind: Expires, Date: d})}, c.i
	}
	n, ok := c.count()
	if !ok {
		return nil, 0
	}
	c.spaces()
	if !c.eat('年') {
		return nil, 0
	}
	return []Clause{mk(Clause{Kind: ValidYears, Years: n})}, c.i
}

// untilMark consumes the 止 / 为止 that may close an end date.
func (c *cursor) untilMark() {
	save := c.i
	c.spaces()
	if !c.word("为止", "止") {
		c.i = save
	}
}

// date reads a full date at the cursor.
func (c *cursor) date() (model.Date, bool) {
	y, m, d, end, ok := parseAt(c.s, c.i)
	if !ok || !model.ValidDate(y, m, d) {
		return 0, false
	}
	c.i = end
	return model.MakeDate(y, m, d), true
}

// count reads a number of years: 1–3 Arabic digits or 一…十, 两, 十一…九十九.
func (c *cursor) count() (int, bool) {
	if v, n := c.digits(3); n > 0 {
		return v, v > 0 && !c.nextIsDigit()
	}
	if c.word("两") {
		return 2, true
	}
	return c.cnSmall()
}

// maxInside bounds the text between 自 and 起 (in runes): a date or
// 本通知印发之日 is short, and the bound keeps the scan linear.
const maxInside = 30

// effectiveAt reads 自…起施行 starting at byte i (on 自, 从 or 從).
func effectiveAt(text string, i int) (Clause, bool) {
	_, sz := utf8.DecodeRuneInString(text[i:])
	from := i + sz
	qi := -1
	n := 0
	for j := from; j < len(text) && n < maxInside; n++ {
		r, s := utf8.DecodeRuneInString(text[j:])
		if r == '起' {
			qi = j
			break
		}
		if strings.ContainsRune("。；;，,！!？?\n\r", r) {
			return Clause{}, false
		}
		j += s
	}
	if qi < 0 {
		return Clause{}, false
	}
	c := cursor{s: text, i: qi + len("起")}
	c.spaces()
	c.word("开始", "正式")
	if !c.word("施行", "执行", "实施", "生效", "试行") {
		return Clause{}, false
	}
	cl := Clause{Kind: Effective, Start: i, End: c.i, Text: text[i:c.i]}
	inside := strings.TrimSpace(text[from:qi])
	if d, err := Parse(inside); err == nil {
		cl.Date = d
		return cl, true
	}
	if cl.Relative = relative(inside); cl.Relative == "" {
		return Clause{}, false
	}
	return cl, true
}

// relative classifies 印发之日 (signed) and 发布之日 (published). The words
// are checked after folding to Simplified.
func relative(inside string) string {
	f := hanfold.SimplifyString(inside)
	if !strings.HasSuffix(f, "之日") && !strings.HasSuffix(f, "日") {
		return ""
	}
	for _, w := range []string{"印发", "发文", "签发", "下发", "成文", "发出"} {
		if strings.Contains(f, w) {
			return Signed
		}
	}
	for _, w := range []string{"发布", "公布", "颁布", "公告"} {
		if strings.Contains(f, w) {
			return Published
		}
	}
	return ""
}

// foldedPrefix reports how many bytes of s spell w once each rune of s is
// folded to Simplified (0 when s does not start with w).
func foldedPrefix(s, w string) int {
	i := 0
	for _, want := range w {
		if i >= len(s) {
			return 0
		}
		r, sz := utf8.DecodeRuneInString(s[i:])
		if hanfold.Simplify(r) != want {
			return 0
		}
		i += sz
	}
	return i
}

// Line returns the 1-based line and 1-based rune column of byte offset in
// text (an offset out of range is clamped to it).
func Line(text string, offset int) (line, col int) {
	offset = max(0, min(offset, len(text)))
	head := text[:offset]
	line = 1 + strings.Count(head, "\n")
	lineStart := strings.LastIndexByte(head, '\n') + 1
	return line, 1 + utf8.RuneCountInString(head[lineStart:])
}
