package tasks

import "strings"

// Unit names end in an organ's generic name (GB/T 9704 uses the organ's full
// or standard short name: 市发展改革委, 省人力资源社会保障厅, 人行嘉峪关市中心支行).
// These suffixes (folded) are what tells a list of units apart from other
// text in brackets. Longer suffixes first.
var orgSuffixes = []string{
	"单位", "部门", "中心", "支行", "分行", "银行", "公司", "集团", "园区", "人行",
	"局", "厅", "委", "办", "部", "院", "署", "府", "室", "处", "会", "组",
	"队", "所", "站", "社", "馆", "司", "庭", "科", "股", "团",
}

// placeSuffixes name administrative areas, which are units too (雄关区,
// 各市) but only count where a role word or a deadline says the bracket is
// an attribution.
var placeSuffixes = []string{"街道", "区", "县", "市", "镇", "乡", "州", "省", "旗", "盟"}

// levelRunes are the characters of bare administrative levels: the 区 and
// 县（市） of 各区、县（市）政府.
const levelRunes = "省市区县乡镇州盟旗街道村"

// trailingQualifiers are words between a unit list and its verb that are
// not part of any unit: 省财政厅、省物价局按职责分工分别牵头落实.
var trailingQualifiers = []string{
	"按照职责分工", "根据职责分工", "按职责分工", "按职能分工", "按照职责", "按职责",
	"依职责", "分别", "共同", "各自", "具体", "负责",
}

// notEtc lists characters before 等 that make it part of a word (高等, 平等).
const notEtc = "高平对同中初特均相"

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
	f := fold(r)
	var pieces [][2][]rune
	var seps []rune
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
		pieces = append(pieces, [2][]rune{r[start:i], f[start:i]})
		if i < len(f) {
			seps = append(seps, r[i])
		} else {
			seps = append(seps, '、')
		}
		start = i + 1
	}
	var units []string
	carry := ""
	for k, p := range pieces {
		for _, u := range splitJoined(p[0], p[1]) {
			u = carry + u
			carry = ""
			if isBareLevel(fold([]rune(u))) && k+1 < len(pieces) {
				carry = u + string(seps[k])
				continue
			}
			units = appendUnit(units, u)
		}
	}
	if carry != "" {
		units = appendUnit(units, strings.TrimRight(carry, "、，,；; "))
	}
	return units
}

func isUnitSep(r rune) bool {
	return r == '、' || r == ',' || r == ';' || r == ' ' || r == '\n' || r == '/'
}

// splitJoined splits one separator-free piece on 和/及/与/以及 and 等, and trims
// what is not part of a name.
func splitJoined(r, f []rune) []string {
	var out []string
	start, depth := 0, 0
scan:
	for i := 0; i < len(f); i++ {
		switch {
		case isOpen(f[i]):
			depth++
		case isClose(f[i]):
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case f[i] == '和' || f[i] == '及' || f[i] == '与':
			end := i
			if f[i] == '及' && i > start && f[i-1] == '以' {
				end = i - 1
			}
			left := f[start:end]
			for len(left) > 0 && isSpace(left[len(left)-1]) {
				left = left[:len(left)-1]
			}
			if len(left) >= 2 && endsWithAny(left, orgSuffixes) && len(f)-i-1 >= 3 {
				out = append(out, string(r[start:end]))
				start = i + 1
			}
		case f[i] == '等' && i > start && !containsRune(notEtc, f[i-1]):
			out = append(out, string(r[start:i]))
			rest := trimUnitF(f[i+1:])
			if len(rest) < 3 || !endsWithAny(rest, orgSuffixes) {
				start = len(f) // X等 or X等部门: the rest names no unit
				break scan
			}
			start = i + 1
		}
	}
	if start < len(f) {
		out = append(out, string(r[start:]))
	}
	var res []string
	for _, u := range out {
		if u = trimUnit(u); u != "" {
			res = append(res, u)
		}
	}
	return res
}

func appendUnit(units []string, u string) []string {
	u = trimUnit(u)
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

// trimUnit removes what surrounds a unit name in running text: spaces,
// quotes, a leading 由, a trailing 等 and qualifiers such as 按职责分工分别;
// it makes brackets inside the name full-width.
func trimUnit(u string) string {
	r := []rune(u)
	f := fold(r)
	lo, hi := 0, len(f)
	for {
		changed := false
		for lo < hi && (isSpace(f[lo]) || strings.ContainsRune("“”\"'‘’《》<>-.,;:、", f[lo]) || f[lo] == '由') {
			lo, changed = lo+1, true
		}
		for lo < hi && (isSpace(f[hi-1]) || strings.ContainsRune("“”\"'‘’《》<>.,;:、。", f[hi-1]) || f[hi-1] == '等') {
			hi, changed = hi-1, true
		}
		for _, c := range []string{"以及", "及"} {
			if hi-lo > runeLen(c) && hasPrefixAt(f[lo:hi], 0, c) {
				lo, changed = lo+runeLen(c), true
			}
		}
		for _, q := range trailingQualifiers {
			if hi-lo > runeLen(q) && hasSuffix(f[lo:hi], q) {
				hi, changed = hi-runeLen(q), true
			}
		}
		if !changed {
			break
		}
	}
	if lo >= hi || isConjunction(f[lo:hi]) {
		return ""
	}
	var b strings.Builder
	for _, c := range r[lo:hi] {
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

func trimUnitF(f []rune) []rune { return fold([]rune(trimUnit(string(f)))) }

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
		case containsRune(levelRunes, r):
			n++
		default:
			return false
		}
	}
	return n > 0
}

func endsWithAny(f []rune, suffixes []string) bool {
	f = stripTrailingBracket(f)
	for _, s := range suffixes {
		if hasSuffix(f, s) {
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

// looksLikeUnit is the test for units named next to a role verb or a
// deadline: 2–40 characters, no sentence punctuation or digits, ending in an
// organ or a place name, or a collective starting with 各.
func looksLikeUnit(u string) bool {
	f := fold([]rune(u))
	if !plainName(f) {
		return false
	}
	return f[0] == '各' || endsWithAny(f, orgSuffixes) || endsWithAny(f, placeSuffixes)
}

// looksLikeOrgan is the stricter test for units in brackets with no role
// word and no deadline: the name must end in an organ's generic name and
// have at least three characters, so (单位), (社区) or (辽宁) never pass.
func looksLikeOrgan(u string) bool {
	f := fold([]rune(u))
	return plainName(f) && len(f) >= 3 && endsWithAny(f, orgSuffixes)
}

func plainName(f []rune) bool {
	if len(f) < 2 || len(f) > 40 {
		return false
	}
	for _, r := range f {
		if r >= '0' && r <= '9' || strings.ContainsRune("。!?:;,“”\"《》=<>#@", r) {
			return false
		}
	}
	return true
}

func isConjunction(f []rune) bool {
	switch string(f) {
	case "和", "及", "与", "以及", "或":
		return true
	}
	return false
}
