// Package resolve derives what the authors do not write: each document's
// 发文字号 key, its 索引号, its effectiveness tag, the citation graph between
// documents, interpretations, task tables and the display state of credit
// records and commitments — all as of one date.
//
// # Effectiveness (有效性)
//
// Every policy document gets exactly one tag as of the as-of date A. Let
// E be its effective date (effective, else signed, else published). The
// rules, in order of precedence — the first that holds gives the tag:
//
//  1. 废止 — a repeal has taken effect: the document's own `repealed` date is
//     ≤ A, or a published document on the site lists its 发文字号 in `repeals`,
//     came into force, and its effective date is ≤ A. The earliest such date
//     is the date shown ("2020年3月1日起废止"); every repealing document is
//     listed. A repeal comes first because a repealed document never comes
//     (back) into force: a document repealed before its effective date is 废止,
//     not 尚未生效.
//  2. 尚未生效 — E is after A.
//  3. 失效 — its validity period ran out: `expires` ≤ A, or E plus
//     `valid_years` years ≤ A. (成府发〔2012〕44号, signed 2012-11-20 and valid
//     for 5 years, is 失效 from 2017-11-20.)
//  4. 已修改 — in force, and a published document listing it in `amends`
//     came into force, with its effective date ≤ A; the amending documents
//     are linked.
//  5. 有效 — otherwise.
//
// A document comes into force when, on its effective date, it is neither
// repealed (its `repealed` date or a repeal by a document that itself came
// into force) nor past its validity period. One that never comes into force
// repeals and amends nothing, ever: its repeals and amendments would take
// effect with it.
//
// Edge cases:
//   - A document repealed before it takes effect: Q (effective 2025) repeals
//     P and amends S, R repeals Q from 2021. Q is 废止 from 2021 and never in
//     force, so P and S keep their tags, and no change is announced for 2025.
//     Chains follow the same rule: if T keeps R from coming into force, Q
//     does, and P is 废止 from 2025.
//   - A repeal or amendment dated after A (the repealing document is itself
//     尚未生效, or `repealed` is in the future) does not count yet; it is the
//     document's next change of tag, which `gongkai check --upcoming` lists.
//   - A document that repeals or amends a number not on the site changes
//     nothing on the site; `gongkai check` warns that the entry points nowhere.
//   - An amendment of an amendment marks only its direct target: if B amends
//     A and C amends B, A and B are both 已修改 (by B and by C respectively).
//   - Two documents repealing the same one: the earlier effective date wins,
//     both are listed.
//   - Withheld documents are not on the site: they repeal and amend nothing.
//   - Cycles in repeals/amends (A repeals B, B repeals A) are errors, and so
//     is a document that repeals or amends itself (its own 发文字号, in any
//     written form), reported at the key.
//   - Interpretations and news carry no tag.
package resolve

import (
	"fmt"
	"sort"

	"gongkai/generator/model"
)

// expiry returns the first day the document is no longer valid, and the
// reason, or 0.
func expiry(d *model.Document) (model.Date, string) {
	if d.Expires != 0 {
		return d.Expires, "有效期至" + d.Expires.AddDays(-1).Chinese()
	}
	if d.ValidYears > 0 {
		if e := d.EffectiveDate(); e != 0 {
			return e.AddYears(d.ValidYears), fmt.Sprintf("有效期%d年", d.ValidYears)
		}
	}
	return 0, ""
}

// graph holds, for each document, the documents that repeal and amend it.
type graph struct {
	repealers map[*model.Document][]*model.Document
	amenders  map[*model.Document][]*model.Document
}

// prune drops the repealers and amenders that never come into force (see
// the package documentation). Whether a document comes into force does not
// depend on the as-of date; it is computed once per document, following
// repealers only (memoised: linear in the graph). A cycle (an error
// reported by cycles) is cut where it closes: the document met again is
// taken to come into force.
func (g *graph) prune() {
	const (
		unknown = iota
		visiting
		yes
		no
	)
	state := map[*model.Document]int{}
	var inForce func(d *model.Document) bool
	inForce = func(d *model.Document) bool {
		switch state[d] {
		case visiting, yes:
			return true
		case no:
			return false
		}
		state[d] = visiting
		e := d.EffectiveDate()
		ok := e != 0 && (d.Repealed == 0 || d.Repealed > e)
		if x, _ := expiry(d); x != 0 && x <= e {
			ok = false
		}
		for _, r := range g.repealers[d] {
			if !ok {
				break
			}
			if re := r.EffectiveDate(); re != 0 && re <= e && inForce(r) {
				ok = false
			}
		}
		state[d] = no
		if ok {
			state[d] = yes
		}
		return ok
	}
	maps := []map[*model.Document][]*model.Document{g.repealers, g.amenders}
	for _, m := range maps { // settle every state before any list changes
		for _, by := range m {
			for _, d := range by {
				inForce(d)
			}
		}
	}
	for _, m := range maps {
		for t, by := range m {
			kept := by[:0]
			for _, d := range by {
				if inForce(d) {
					kept = append(kept, d)
				}
			}
			if len(kept) == 0 {
				delete(m, t)
			} else {
				m[t] = kept
			}
		}
	}
}

// statusAt computes the tag of d as of date a.
func (g *graph) statusAt(d *model.Document, a model.Date) model.Status {
	// 1. repeal
	var by []*model.Document
	var rdate model.Date
	var rreason string
	if d.Repealed != 0 && d.Repealed <= a {
		rdate, rreason = d.Repealed, "已废止"
	}
	for _, r := range g.repealers[d] {
		if e := r.EffectiveDate(); e != 0 && e <= a {
			by = append(by, r)
			if rdate == 0 || e < rdate {
				rdate, rreason = e, "被"+label(r)+"废止"
			}
		}
	}
	if rdate != 0 {
		return model.Status{Tag: model.EffectRepealed, Since: rdate, Reason: rreason, By: by}
	}
	e := d.EffectiveDate()
	if e > a {
		return model.Status{Tag: model.EffectPending, Reason: e.Chinese() + "起施行"}
	}
	if x, why := expiry(d); x != 0 && x <= a {
		return model.Status{Tag: model.EffectExpired, Since: x, Reason: why}
	}
	var adate model.Date
	for _, m := range g.amenders[d] {
		if me := m.EffectiveDate(); me != 0 && me <= a {
			by = append(by, m)
			if adate == 0 || me < adate {
				adate = me
			}
		}
	}
	if len(by) > 0 {
		reason := "被"
		for i, m := range by {
			if i > 0 {
				reason += "、"
			}
			reason += label(m)
		}
		return model.Status{Tag: model.EffectAmended, Since: adate, Reason: reason + "修改", By: by}
	}
	return model.Status{Tag: model.EffectValid, Since: e}
}

// label names a document in reasons: its 发文字号, else its title.
func label(d *model.Document) string {
	if d.DocNo != "" {
		return d.DocNo
	}
	return "《" + d.Title + "》"
}

// status computes the tag as of a, and the next change after a.
func (g *graph) status(d *model.Document, a model.Date) model.Status {
	s := g.statusAt(d, a)
	// Candidate dates of change, after a.
	var cands []model.Date
	add := func(x model.Date) {
		if x > a {
			cands = append(cands, x)
		}
	}
	add(d.EffectiveDate())
	add(d.Repealed)
	if x, _ := expiry(d); x != 0 {
		add(x)
	}
	for _, r := range g.repealers[d] {
		add(r.EffectiveDate())
	}
	for _, m := range g.amenders[d] {
		add(m.EffectiveDate())
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i] < cands[j] })
	for _, c := range cands {
		if n := g.statusAt(d, c); n.Tag != s.Tag {
			s.Next, s.NextDate = n.Tag, c
			break
		}
	}
	return s
}

// Describe is the sentence shown on a document page, e.g.
// "2017年11月20日起失效（有效期5年）" or "被成府发〔2020〕3号废止".
func Describe(s model.Status) string {
	switch s.Tag {
	case model.EffectPending:
		return s.Reason
	case model.EffectExpired:
		return s.Since.Chinese() + "起失效（" + s.Reason + "）"
	case model.EffectRepealed:
		if s.Reason == "已废止" {
			return s.Since.Chinese() + "起废止"
		}
		return s.Since.Chinese() + "起废止（" + s.Reason + "）"
	case model.EffectAmended:
		return s.Reason
	case model.EffectValid:
		if s.Since != 0 {
			return s.Since.Chinese() + "起施行"
		}
	}
	return ""
}
