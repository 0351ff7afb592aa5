package report

import "gongkai/generator/model"

// Categories counted in table 二 (一).
const (
	CategoryRule      = "规章"
	CategoryNormative = "行政规范性文件"
)

// Compute fills table 二 (一) from the policy documents published on the
// site (site.Documents; withheld documents are not counted).
//
// A report describes a closed year, while each document's Status is computed
// as of the build date, which is usually a later year. So the figures are not
// read from Status: they are evaluated as of 31 December of the report year
// (D) with the same rules as package resolve (see its documentation), and do
// not change when the site is rebuilt later:
//
//   - 本年制发件数: 成文日期 (signed; published when absent) in the report year.
//   - 本年废止件数: the document's repeal date falls in the report year. The
//     repeal date is the earliest of its own `repealed` date and the effective
//     dates of the documents on the site that repeal it (d.RepealedBy, filled
//     by resolve) — as in resolve, the earliest repeal wins, so a document
//     repealed in an earlier year is not counted again. A document whose
//     validity period ran out (失效) is not 废止 and is not counted here; it
//     only drops out of 现行有效.
//   - 现行有效件数: in force on D: not repealed on or before D, in effect on
//     or before D (a document signed in December that takes effect in January
//     is not yet in force), and its validity period not ended on or before D.
//     Amended documents (已修改) are in force.
//
// Call it after resolve (it reads RepealedBy). A nil site leaves zeros.
func Compute(r *Report, site *model.Site) {
	if r == nil {
		return
	}
	r.Computed = TableTwo{YearEnd: model.MakeDate(r.Year, 12, 31), Done: true}
	if site == nil {
		return
	}
	for _, d := range site.Documents {
		if d.Kind != model.KindPolicy {
			continue
		}
		switch d.Category {
		case CategoryRule:
			r.Computed.Rules.add(d, r.Year)
		case CategoryNormative:
			r.Computed.Normative.add(d, r.Year)
		}
	}
}

// add counts d in the row for year y.
func (c *Counts) add(d *model.Document, y int) {
	end := model.MakeDate(y, 12, 31)
	if issued := signedDate(d); issued != 0 && issued.Year() == y {
		c.Issued++
		c.IssuedDocs = append(c.IssuedDocs, d)
	}
	rep := repealDate(d)
	if rep != 0 && rep.Year() == y {
		c.Repealed++
		c.RepealedDocs = append(c.RepealedDocs, d)
	}
	if inForce(d, rep, end) {
		c.InForce++
	}
}

// signedDate is the date a document was issued (制发): 成文日期, else 发布日期.
func signedDate(d *model.Document) model.Date {
	if d.Signed != 0 {
		return d.Signed
	}
	return d.Published
}

// repealDate is the earliest date a repeal of d takes effect, or 0.
func repealDate(d *model.Document) model.Date {
	first := d.Repealed
	for _, by := range d.RepealedBy {
		if e := by.EffectiveDate(); e != 0 && (first == 0 || e < first) {
			first = e
		}
	}
	return first
}

// expiry is the first day d is no longer valid (resolve's rule 3), or 0.
func expiry(d *model.Document) model.Date {
	if d.Expires != 0 {
		return d.Expires
	}
	if e := d.EffectiveDate(); d.ValidYears > 0 && e != 0 {
		return e.AddYears(d.ValidYears)
	}
	return 0
}

// inForce reports whether d is 有效 or 已修改 on day end, given its repeal date.
func inForce(d *model.Document, repealed, end model.Date) bool {
	if repealed != 0 && repealed <= end {
		return false
	}
	if d.EffectiveDate() > end {
		return false
	}
	if x := expiry(d); x != 0 && x <= end {
		return false
	}
	return true
}
