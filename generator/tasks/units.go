package tasks

import "strings"

// Unit names end in an organ's generic name (GB/T 9704 uses the organ's full
// or standard short name: 市发展改革委, 省人力资源社会保障厅, 人行嘉峪关市中心支行).
// These suffixes (folded) are what tells a list of units apart from other
// text in brackets. Longer suffixes first.
var orgSuffixes = words(
	"单位", "部门", "中心", "支行", "分行", "银行", "公司", "集团", "园区", "人行",
	"局", "厅", "委", "办", "部", "院", "署", "府", "室", "处", "会", "组",
	"队", "所", "站", "社", "馆", "司", "庭", "科", "股", "团",
)

// placeSuffixes name administrative areas, which are units too (雄关区,
// 各市) but only count where a role word or a deadline says the bracket is
// an attribution.
var placeSuffixes = words("街道", "区", "县", "市", "镇", "乡", "州", "省", "旗", "盟")

// levelRunes are the characters of bare administrative levels: the 区 and
// 县（市） of 各区、县（市）政府.
var levelRunes = newRuneSet("省市区县乡镇州盟旗街道村")

// trailingQualifiers are words between a unit list and its verb that are
// not part of any unit: 省财政厅、省物价局按职责分工分别牵头落实.
var trailingQualifiers = words(
	"按照职责分工", "根据职责分工", "按职责分工", "按职能分工", "按照职责", "按职责",
	"依职责", "分别", "共同", "各自", "具体", "负责",
)

// leadingConjunctions are dropped from the start of a unit name.
var leadingConjunctions = words("以及", "及")

// notEtc lists characters before 等 that make it part of a word (高等, 平等).
var notEtc = newRuneSet("高平对同中初特均相")

// SplitUnits splits a list of units as written in an attribution into unit
// names. Separators are 、，,；; and whitespace outside brackets, and 和/及/与
// where the words before them already end in an organ name (so 省人力资源和
// 社会保障厅 stays whole). Collective units stay whole: in 各区、县（市）政府
// the bare levels 各区 are joined to what follows. A trailing 等 is dropped;
// in X等有关部门 the collective 有关部门 is kept as a unit of its own. Half-width
// brackets inside a name become full-width. No returned name is empty, and
// each appears once.
func SplitUnits(s string) []string {
	r := []rune(s)
	return splitUnits(r, fold(r))
}

// span is a trimmed unit name r[lo:hi] of a list.
type span struct{ lo, hi int }

// splitUnits is SplitUnits of r, with f its folded copy.
func splitUnits(r, f []rune) []string {
	var units []string
	var names [8]span
	carry := ""
	start, depth := 0, 0
	for i := 0; i <= len(f); i++ {
		if i < len(f) {
			switch {
			case isOpen(f[i]):
				depth++
				continue
			case isClose(f[i]):
				if depth > 0 {
					depth--
				}
				continue
			case depth > 0 || !isUnitSep(f[i]):
				continue
			}
		}
		// r[start:i] is a piece between separators; more pieces follow
		// when it ends at a separator.
		more := i < len(f)
		for _, n := range splitJoined(r, f, start, i, names[:0]) {
			if carry == "" {
				// n is trimmed already, and trimming again changes nothing.
				if more && isBareLevel(f[n.lo:n.hi]) {
					carry = unitString(r[n.lo:n.hi]) + string(r[i])
					continue
				}
				units = appendName(units, unitString(r[n.lo:n.hi]))
				continue
			}
			u := carry + unitString(r[n.lo:n.hi])
			carry = ""
			if more && isBareLevel(foldString(u)) {
				carry = u + string(r[i])
				continue
			}
			units = appendUnit(units, u)
		}
		start = i + 1
	}
	if carry != "" {
		units = appendUnit(units, strings.TrimRight(carry, "、，,；; "))
	}
	return units
}

func isUnitSep(r rune) bool {
	return r == '、' || r == ',' || r == ';' || r == ' ' || r == '\n' || r == '/'
}

// splitJoined splits the separator-free piece r[from:to] on 和/及/与/以及 and
// 等, trims what is not part of a name, and appends the names to out.
func splitJoined(r, f []rune, from, to int, out []span) []span {
	f = f[:to]
	add := func(lo, hi int) {
		if a, b, ok := trimUnitBounds(f[lo:hi]); ok {
			out = append(out, span{lo + a, lo + b})
		}
	}
	start, depth := from, 0
scan:
	for i := from; i < len(f); i++ {
		switch c := f[i]; {
		case isOpen(c):
			depth++
		case isClose(c):
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case c == '和' || c == '及' || c == '与':
			end := i
			if c == '及' && i > start && f[i-1] == '以' {
				end = i - 1
			}
			left := f[start:end]
			for len(left) > 0 && isSpace(left[len(left)-1]) {
				left = left[:len(left)-1]
			}
			if len(left) >= 2 && endsWithAny(left, orgSuffixes) && len(f)-i-1 >= 3 {
				add(start, end)
				start = i + 1
			}
		case c == '等' && i > start && !notEtc.has(f[i-1]):
			add(start, i)
			lo, hi, ok := trimUnitBounds(f[i+1:])
			if !ok || hi-lo < 3 || !endsWithAny(f[i+1+lo:i+1+hi], orgSuffixes) {
				start = len(f) // X等 or X等部门: the rest names no unit
				break scan
			}
			start = i + 1
		}
	}
	if start < len(f) {
		add(start, len(f))
	}
	return out
}

// appendUnit appends u, trimmed, unless it is empty or there already.
func appendUnit(units []string, u string) []string {
	return appendName(units, trimUnit(u))
}

// appendName appends the trimmed name u unless it is empty or there
// already.
func appendName(units []string, u string) []string {
	if u == "" {
		return units
	}
	for _, x := range units {
		if x == u {
			return units
		}
	}
	return append(units, u)
}

var (
	unitLeadTrim  = newRuneSet("“”\"'‘’《》<>-.,;:、由")
	unitTrailTrim = newRuneSet("“”\"'‘’《》<>.,;:、。等")
)

// trimUnit removes what surrounds a unit name in running text: spaces,
// quotes, a leading 由, a trailing 等 and qualifiers such as 按职责分工分别;
// it makes brackets inside the name full-width.
func trimUnit(u string) string {
	r := []rune(u)
	lo, hi, ok := trimUnitBounds(fold(r))
	if !ok {
		return ""
	}
	return unitString(r[lo:hi])
}

// trimUnitBounds returns the bounds of the name in the folded text f, and
// false when nothing but a conjunction is left.
func trimUnitBounds(f []rune) (lo, hi int, ok bool) {
	lo, hi = 0, len(f)
	for {
		changed := false
		for lo < hi && (unitLeadTrim.has(f[lo]) || isSpace(f[lo])) {
			lo, changed = lo+1, true
		}
		for lo < hi && (unitTrailTrim.has(f[hi-1]) || isSpace(f[hi-1])) {
			hi, changed = hi-1, true
		}
		for _, c := range leadingConjunctions {
			if hi-lo > len(c) && hasPrefixAt(f[lo:hi], 0, c) {
				lo, changed = lo+len(c), true
			}
		}
		for _, q := range trailingQualifiers {
			if hi-lo > len(q) && hasSuffix(f[lo:hi], q) {
				hi, changed = hi-len(q), true
			}
		}
		if !changed {
			break
		}
	}
	if lo >= hi || isConjunction(f[lo:hi]) {
		return 0, 0, false
	}
	return lo, hi, true
}

// unitString returns a trimmed name as written, with brackets made
// full-width.
func unitString(r []rune) string {
	half := false
	for _, c := range r {
		if c == '(' || c == ')' {
			half = true
			break
		}
	}
	if !half {
		return string(r)
	}
	var b strings.Builder
	for _, c := range r {
		switch c {
		case '(':
			c = '（'
		case ')':
			c = '）'
		}
		b.WriteRune(c)
	}
	return b.String()
}

// isBareLevel reports whether f is only administrative levels, such as 各区
// or 县（市）: a piece that names no unit by itself and belongs to the next.
func isBareLevel(f []rune) bool {
	if len(f) > 0 && f[0] == '各' {
		f = f[1:]
	}
	n := 0
	for _, r := range f {
		switch {
		case r == '(' || r == ')' || r == '（' || r == '）' || r == '、':
		case levelRunes.has(r):
			n++
		default:
			return false
		}
	}
	return n > 0
}

func endsWithAny(f []rune, suffixes []word) bool {
	f = stripTrailingBracket(f)
	if len(f) == 0 {
		return false
	}
	last := f[len(f)-1]
	for _, s := range suffixes {
		if s[len(s)-1] == last && hasSuffix(f, s) {
			return true
		}
	}
	return false
}

// stripTrailingBracket drops a bracketed note at the end of a name, as in
// 市发展改革委（信用中心）, so the suffix test sees 委.
func stripTrailingBracket(f []rune) []rune {
	n := len(f)
	if n == 0 || (f[n-1] != ')' && f[n-1] != '）') {
		return f
	}
	depth := 0
	for i := n - 1; i >= 0; i-- {
		switch f[i] {
		case ')', '）':
			depth++
		case '(', '（':
			depth--
			if depth == 0 {
				return f[:i]
			}
		}
	}
	return f
}

// maxName is the longest unit name, in runes.
const maxName = 40

// foldName folds a unit name into buf, or returns nil when the name is
// longer than any unit name can be.
func foldName(u string, buf []rune) []rune {
	f := buf[:0]
	for _, c := range u {
		if len(f) == maxName {
			return nil
		}
		f = append(f, foldRune(c))
	}
	return f
}

// looksLikeUnit is the test for units named next to a role verb or a
// deadline: 2–40 characters, no sentence punctuation or digits, ending in an
// organ or a place name, or a collective starting with 各.
func looksLikeUnit(u string) bool {
	var buf [maxName]rune
	f := foldName(u, buf[:])
	if !plainName(f) {
		return false
	}
	return f[0] == '各' || endsWithAny(f, orgSuffixes) || endsWithAny(f, placeSuffixes)
}

// looksLikeOrgan is the stricter test for units in brackets with no role
// word and no deadline: the name must end in an organ's generic name and
// have at least three characters, so (单位), (社区) or (辽宁) never pass.
func looksLikeOrgan(u string) bool {
	var buf [maxName]rune
	f := foldName(u, buf[:])
	return plainName(f) && len(f) >= 3 && endsWithAny(f, orgSuffixes)
}

var notInName = newRuneSet("。!?:;,“”\"《》=<>#@")

func plainName(f []rune) bool {
	if len(f) < 2 || len(f) > maxName {
		return false
	}
	for _, r := range f {
		if r >= '0' && r <= '9' || notInName.has(r) {
			return false
		}
	}
	return true
}

func isConjunction(f []rune) bool {
	switch len(f) {
	case 1:
		return f[0] == '和' || f[0] == '及' || f[0] == '与' || f[0] == '或'
	case 2:
		return f[0] == '以' && f[1] == '及'
	}
	return false
}
