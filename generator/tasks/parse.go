package tasks

// An attribution is the bracketed note after a measure that names who does
// it and by when. parseAttribution recognises, in folded text:
//
//	(牵头单位:A;配合单位:B)          role labels, any order, optional 完成时限:
//	(责任单位:A)  (责任部门:A)
//	(A负责落实) (A负责)               → Resp A
//	(A牵头落实) (A牵头) (A牵头,B配合)  → Lead A (Coop B)
//	(A牵头,会同B落实) (A会同B[落实])  → Lead A, Coop B
//	(A,2018年底前) (A,持续推进)       units and a deadline → Resp A
//	(A、B等)                          units alone, only at the end of a line
//	                                  and only organ names → Resp
//
// Any of these may end with deadline clauses (,2018年底前 / ,持续推进).
// Brackets that fit none of them are ordinary brackets.

type attribution struct {
	lead, coop, resp []string
	deadline         string // the deadline as written in the attribution
}

func (a attribution) empty() bool { return len(a.lead)+len(a.coop)+len(a.resp) == 0 }

// Role labels, folded.
var (
	leadLabels     = words("牵头单位", "牵头部门", "主办单位", "主责单位", "牵头")
	coopLabels     = words("配合单位", "配合部门", "协办单位", "参与单位", "协同单位", "协助单位", "配合")
	respLabels     = words("责任单位", "责任部门", "落实单位", "实施单位", "承办单位", "负责单位", "责任主体")
	deadlineLabels = words("完成时限", "完成时间", "时间要求", "时间节点", "时限", "时间")

	// roleLabels lists the label sets in the order labelAt tries them.
	roleLabels = []struct {
		role   string
		labels []word
	}{{"lead", leadLabels}, {"coop", coopLabels}, {"resp", respLabels}, {"deadline", deadlineLabels}}
	labelFirst = firstRunes(leadLabels, coopLabels, respLabels, deadlineLabels)
)

// Verbs after the units, folded; longest first.
var (
	respVerbs  = words("负责落实", "负责实施", "具体落实", "负责", "落实")
	afterCoop  = words("负责落实", "共同落实", "共同推进", "组织实施", "负责实施", "落实", "推进", "实施", "负责", "办理")
	leadEnds   = words("", "落实", "负责", "实施", "推进", "负责落实")
	coopVerbs  = words("配合落实", "配合", "协助", "参与", "协同")
	maxContent = 300 // longer brackets are text, not attributions

	wLead     = word("牵头")
	wTogether = word("会同")
	wPeriod   = word("。")
	leadOnly  = []word{wLead}
)

// parseAttribution reads the content of one bracket pair (r as written, f
// folded). lineFinal says whether the bracket ends its line, which bare unit
// lists need.
func parseAttribution(r, f []rune, lineFinal bool) (attribution, bool) {
	if len(f) == 0 || len(f) > maxContent {
		return attribution{}, false
	}
	r, f, deadline := splitDeadline(r, f)
	var a attribution
	ok := false
	switch {
	case len(f) == 0:
		return attribution{}, false
	case startsWithLabel(f):
		a, ok = parseRoles(r, f)
	default:
		a, ok = parseVerbs(r, f)
		if !ok {
			a, ok = parseBare(r, f, deadline != "", lineFinal)
		}
	}
	if !ok || a.empty() {
		return attribution{}, false
	}
	if deadline != "" {
		a.deadline = joinDeadline(a.deadline, deadline)
	}
	return a, true
}

func joinDeadline(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "，" + b
}

// splitDeadline removes trailing clauses that are only deadlines
// (…会同各有关部门，2018年底前) and returns them as written.
func splitDeadline(r, f []rune) ([]rune, []rune, string) {
	end := len(f)
	for {
		sep := lastTopSep(f[:end])
		if sep < 0 {
			break
		}
		if !isPureDeadline(f[sep+1 : end]) {
			break
		}
		end = sep
	}
	if end == len(f) {
		return r, f, ""
	}
	return r[:end], f[:end], trimPunct(r[end+1:], f[end+1:])
}

// lastTopSep returns the index of the last , ; or 。 outside brackets.
func lastTopSep(f []rune) int {
	depth, last := 0, -1
	for i, c := range f {
		switch {
		case isOpen(c):
			depth++
		case isClose(c):
			if depth > 0 {
				depth--
			}
		case depth == 0 && (c == ',' || c == ';' || c == '。'):
			last = i
		}
	}
	return last
}

func startsWithLabel(f []rune) bool {
	f = trimSpaceF(f)
	_, _, ok := labelAt(f)
	return ok
}

// labelAt matches "label:" at the start of f and returns the role and the
// index after the colon.
func labelAt(f []rune) (role string, end int, ok bool) {
	if len(f) == 0 || !labelFirst.has(f[0]) {
		return "", 0, false
	}
	for _, set := range roleLabels {
		for _, l := range set.labels {
			n := len(l)
			if hasPrefixAt(f, 0, l) {
				k := n
				for k < len(f) && f[k] == ' ' {
					k++
				}
				if k < len(f) && f[k] == ':' {
					return set.role, k + 1, true
				}
			}
		}
	}
	return "", 0, false
}

// parseRoles reads 牵头单位:A;配合单位:B;完成时限:C. Segments are split on ;
// (and 。) outside brackets; a segment without a label continues the
// previous one, unless it is a deadline.
func parseRoles(r, f []rune) (attribution, bool) {
	var a attribution
	role := ""
	for start, end := 0, 0; end < len(f); start = end + 1 {
		end = topSep(f, start)
		sr, sf := r[start:end], f[start:end]
		lo := 0
		for lo < len(sf) && sf[lo] == ' ' {
			lo++
		}
		sr, sf = sr[lo:], sf[lo:]
		if len(sf) == 0 {
			continue
		}
		if ro, after, ok := labelAt(sf); ok {
			role, sr, sf = ro, sr[after:], sf[after:]
		} else if isPureDeadline(sf) {
			a.deadline = joinDeadline(a.deadline, trimPunct(sr, sf))
			continue
		} else if role == "" {
			return attribution{}, false
		}
		switch role {
		case "lead":
			a.lead = append(a.lead, splitUnits(sr, sf)...)
		case "coop":
			a.coop = append(a.coop, splitUnits(sr, sf)...)
		case "resp":
			a.resp = append(a.resp, splitUnits(sr, sf)...)
		case "deadline":
			a.deadline = joinDeadline(a.deadline, trimPunct(sr, sf))
		}
	}
	return a, true
}

// parseVerbs reads the first sentence as units joined by 会同 / 牵头 / 负责落实.
// Every unit must look like one, so (由省政府办公厅负责解释) is not a task.
func parseVerbs(r, f []rune) (attribution, bool) {
	if k := topIndex(f, wPeriod); k >= 0 {
		r, f = r[:k], f[:k]
	}
	var a attribution
	if k := topIndex(f, wTogether); k > 0 {
		left := stripSuffix(f[:k], leadOnly)
		right := stripSuffix(f[k+2:], afterCoop)
		a.lead = splitUnits(r[:left], f[:left])
		a.coop = splitUnits(r[k+2:k+2+right], f[k+2:k+2+right])
	} else if k := topIndex(f, wLead); k > 0 {
		rest := trimSpaceF(f[k+2:])
		restR := r[len(r)-len(rest):]
		switch {
		case oneOf(rest, leadEnds):
		case endsWithWord(rest, coopVerbs) >= 0:
			n := endsWithWord(rest, coopVerbs)
			a.coop = splitUnits(restR[:n], rest[:n])
			if len(a.coop) == 0 {
				return attribution{}, false
			}
		default:
			return attribution{}, false
		}
		a.lead = splitUnits(r[:k], f[:k])
	} else if n := endsWithWord(f, respVerbs); n > 0 {
		a.resp = splitUnits(r[:n], f[:n])
	} else {
		return attribution{}, false
	}
	if len(a.lead)+len(a.resp) == 0 {
		return attribution{}, false
	}
	return a, allUnits(a, looksLikeUnit)
}

// parseBare reads a bracket holding only units. With a deadline it is an
// attribution ((市政府办公室、各有关部门,持续推进)); without one it counts
// only at the end of a line and when every name is an organ's
// ((市人社局、市委组织部等)), so that ordinary brackets are left alone.
func parseBare(r, f []rune, hasDeadline, lineFinal bool) (attribution, bool) {
	if !hasDeadline && !lineFinal {
		return attribution{}, false
	}
	a := attribution{resp: splitUnits(r, f)}
	if len(a.resp) == 0 {
		return attribution{}, false
	}
	if hasDeadline {
		return a, allUnits(a, looksLikeUnit)
	}
	return a, allUnits(a, looksLikeOrgan)
}

func allUnits(a attribution, ok func(string) bool) bool {
	for _, list := range [][]string{a.lead, a.coop, a.resp} {
		for _, u := range list {
			if !ok(u) {
				return false
			}
		}
	}
	return true
}

// stripSuffix trims trailing spaces and punctuation, then one of words, then
// punctuation again, and returns the new length.
func stripSuffix(f []rune, words []word) int {
	n := trimPunctLen(f)
	for _, w := range words {
		if len(w) > 0 && hasSuffix(f[:n], w) {
			n -= len(w)
			break
		}
	}
	return trimPunctLen(f[:n])
}

// endsWithWord returns the length of f without the first of words it ends
// with (after trailing punctuation), or -1.
func endsWithWord(f []rune, words []word) int {
	n := trimPunctLen(f)
	for _, w := range words {
		if hasSuffix(f[:n], w) {
			return n - len(w)
		}
	}
	return -1
}

func oneOf(f []rune, words []word) bool {
	n := trimPunctLen(f)
	for _, w := range words {
		if len(w) == n && hasPrefixAt(f, 0, w) {
			return true
		}
	}
	return false
}

func trimPunctLen(f []rune) int {
	n := len(f)
	for n > 0 && (f[n-1] == ' ' || f[n-1] == ',' || f[n-1] == ';' || f[n-1] == '、' || f[n-1] == '。' || f[n-1] == ':') {
		n--
	}
	return n
}

func trimSpaceF(f []rune) []rune {
	lo := 0
	for lo < len(f) && (f[lo] == ' ' || f[lo] == ',' || f[lo] == '、') {
		lo++
	}
	return f[lo:]
}

// trimPunct trims spaces and punctuation around r (f folded) and returns
// what is left as written.
func trimPunct(r, f []rune) string {
	lo, hi := 0, len(f)
	for lo < hi && (f[lo] == ' ' || f[lo] == ',' || f[lo] == ';' || f[lo] == '、') {
		lo++
	}
	hi = lo + trimPunctLen(f[lo:hi])
	return string(r[lo:hi])
}

// topIndex finds w in f outside brackets.
func topIndex(f []rune, w word) int {
	depth := 0
	for i, c := range f {
		switch {
		case isOpen(c):
			depth++
		case isClose(c):
			if depth > 0 {
				depth--
			}
		case depth == 0 && c == w[0] && hasPrefixAt(f, i, w):
			return i
		}
	}
	return -1
}

// topSep returns the index of the first ; or 。 outside brackets in f at
// or after start, or len(f). Brackets are counted from start: a separator
// is only ever found at depth 0, so splitting at each in turn is splitting
// the whole at once.
func topSep(f []rune, start int) int {
	depth := 0
	for i := start; i < len(f); i++ {
		switch c := f[i]; {
		case isOpen(c):
			depth++
		case isClose(c):
			if depth > 0 {
				depth--
			}
		case depth == 0 && (c == ';' || c == '。'):
			return i
		}
	}
	return len(f)
}
