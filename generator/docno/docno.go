// Package docno reads 发文字号 (document numbers) of Chinese official
// documents: it parses one number written in any usual form (Parse), finds
// every number cited in a text (Find), and gives each number one canonical
// display form (Number.String) and one matching key (Number.Key).
//
// GB/T 9704-2012 §7.2.5 fixes the canonical form: 机关代字, the year in
// 六角括号 〔〕, the serial number without 第 and without leading zeros, and
// 号 — 沈政发〔2017〕45号. Real texts also use [] 【】 （） () ［］ ﹝﹞, spaces,
// 第45号, full-width digits, leading zeros and Traditional characters
// (遼政發〔2017〕19號). All of them give the same Key. Orders (令) carry no
// year: 四川省人民政府令第195号 has Year 0.
package docno

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"gongkai/generator/hanfold"
)

// Year bounds: numbers before the founding of the PRC or far in the future
// are not document numbers (they are usually other bracketed figures).
const (
	MinYear = 1949
	MaxYear = 2100
)

// Agency-length limits, in runes. Real 机关代字 are short abbreviations
// (国发, 川安监函, 发改办财金); a longer run of Han characters before the
// year bracket means a preceding phrase was not recognised, and taking it as
// the agency would create a bogus citation. Orders name the full organ
// (中华人民共和国国务院令), hence the larger limit.
const (
	maxAgency      = 10
	maxOrderAgency = 16
	maxSerialDigit = 6 // serials above 999999 do not occur
)

// Number is one 发文字号.
type Number struct {
	Agency string // 机关代字 as written (script kept), e.g. 沈政发, 瀋政發, 国办发, 成府发
	Year   int    // 0 for an order (令) numbered without a year
	Serial int    // no leading zeros
	Hao    string // "号" or "號" as written (default 号)
}

// String returns the canonical display form, keeping the script of the
// agency and of 号: 遼政發〔2017〕19號, 国务院令第588号.
func (n Number) String() string {
	hao := n.Hao
	if hao == "" {
		hao = "号"
	}
	if n.Year == 0 {
		return n.Agency + "第" + strconv.Itoa(n.Serial) + hao
	}
	return n.Agency + "〔" + strconv.Itoa(n.Year) + "〕" + strconv.Itoa(n.Serial) + hao
}

// Key returns the matching key: the agency folded to Simplified characters,
// then 〔Year〕Serial号. 遼政發〔2017〕19號 and 辽政发〔2017〕19号 share a key.
func (n Number) Key() string {
	return Number{Agency: foldAgency(n.Agency), Year: n.Year, Serial: n.Serial, Hao: "号"}.String()
}

// foldAgency folds an agency code for matching. hanfold covers
// Traditional→Simplified; 発 (the Japanese form of 發, produced by some
// input methods and OCR engines) is not in its table and is folded here.
func foldAgency(s string) string {
	s = hanfold.FoldString(s)
	return strings.ReplaceAll(s, "発", "发")
}

// Parse reads one 发文字号 written in any usual form: 沈政发〔2017〕45号,
// 瀋政發[2017]第045號, 沈政发（２０１７）45号, 沈政发 2017 45号, 沈政发201745号,
// 四川省人民政府令第195号. 号 may be left out (search queries). Errors say in
// Chinese what is wrong.
func Parse(s string) (Number, error) {
	rs := []rune(strings.TrimSpace(s))
	if len(rs) == 0 {
		return Number{}, errors.New("发文字号为空")
	}
	p := parser{rs: rs, i: len(rs)}
	n := Number{Hao: "号"}
	if last := rs[len(rs)-1]; isHao(last) {
		n.Hao = string(last)
		p.i--
	}
	p.skipSpace()
	digits := p.digitsBack()
	if digits == "" {
		return Number{}, fmt.Errorf("“%s”缺少序号：发文字号应写作“机关代字〔年份〕序号号”，如 沈政发〔2017〕45号", s)
	}
	p.skipSpace()
	hasDi := p.i > 0 && rs[p.i-1] == '第'
	if hasDi {
		p.i--
		p.skipSpace()
	}
	year, serialDigits, err := p.year(digits, hasDi)
	if err != nil {
		return Number{}, fmt.Errorf("“%s”%v", s, err)
	}
	serial, err := serialValue(serialDigits)
	if err != nil {
		return Number{}, fmt.Errorf("“%s”%v", s, err)
	}
	n.Year, n.Serial = year, serial
	n.Agency = strings.TrimSpace(string(rs[:p.i]))
	if err := checkAgency(n.Agency, year == 0); err != nil {
		return Number{}, fmt.Errorf("“%s”%v", s, err)
	}
	return n, nil
}

// parser walks a rune slice backwards from the end of a number.
type parser struct {
	rs []rune
	i  int // runes before i are still to be read
}

func (p *parser) skipSpace() {
	for p.i > 0 && unicode.IsSpace(p.rs[p.i-1]) {
		p.i--
	}
}

// digitsBack consumes a run of half- or full-width digits and returns it in
// half-width form.
func (p *parser) digitsBack() string {
	j := p.i
	for j > 0 && isDigit(p.rs[j-1]) {
		j--
	}
	var b strings.Builder
	for _, r := range p.rs[j:p.i] {
		b.WriteByte(byte('0' + digitVal(r)))
	}
	p.i = j
	return b.String()
}

// year reads the year before the serial. serial is the digit run already
// read; when the year has no brackets and no separator (沈政发201745号) the
// run holds both, and the first four digits are the year.
func (p *parser) year(serial string, hasDi bool) (year int, serialDigits string, err error) {
	switch {
	case p.i > 0 && isClose(p.rs[p.i-1]):
		p.i--
		p.skipSpace()
		y := p.digitsBack()
		p.skipSpace()
		if p.i == 0 || !isOpen(p.rs[p.i-1]) {
			return 0, "", errors.New("年份的括号不完整：应写作〔2017〕")
		}
		p.i--
		return checkYear(y, serial)
	case p.i > 0 && isDigit(p.rs[p.i-1]):
		return checkYear(p.digitsBack(), serial)
	case p.i > 0 && p.rs[p.i-1] == '令':
		return 0, serial, nil
	case !hasDi && len(serial) > 4:
		return checkYear(serial[:4], serial[4:])
	}
	return 0, "", errors.New("缺少年份：发文字号应写作“机关代字〔年份〕序号号”，如 沈政发〔2017〕45号")
}

func checkYear(y, serial string) (int, string, error) {
	if len(y) != 4 {
		return 0, "", fmt.Errorf("年份“%s”应为四位数字", y)
	}
	v, _ := strconv.Atoi(y)
	if v < MinYear || v > MaxYear {
		return 0, "", fmt.Errorf("年份 %d 不在 %d—%d 之间", v, MinYear, MaxYear)
	}
	return v, serial, nil
}

func serialValue(d string) (int, error) {
	t := strings.TrimLeft(d, "0")
	if t == "" {
		return 0, errors.New("序号不能为 0")
	}
	if len(t) > maxSerialDigit {
		return 0, fmt.Errorf("序号“%s”过长", d)
	}
	v, _ := strconv.Atoi(t)
	return v, nil
}

// checkAgency accepts 1 to maxAgency Han characters (maxOrderAgency for an
// order, which must end in 令).
func checkAgency(a string, order bool) error {
	if a == "" {
		return errors.New("缺少机关代字（如 沈政发、国办发）")
	}
	n := 0
	for _, r := range a {
		if !isHan(r) {
			return fmt.Errorf("机关代字“%s”只能由汉字组成", a)
		}
		n++
	}
	limit := maxAgency
	if order {
		limit = maxOrderAgency
	}
	if n > limit {
		return fmt.Errorf("机关代字“%s”过长（最多 %d 个字）", a, limit)
	}
	return nil
}

func isHan(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) && r != '〇' }

func isHao(r rune) bool { return r == '号' || r == '號' }

func isDigit(r rune) bool { return ('0' <= r && r <= '9') || ('０' <= r && r <= '９') }

func digitVal(r rune) int {
	if r >= '０' {
		return int(r - '０')
	}
	return int(r - '0')
}

// Year brackets. 〔〕 is the standard; the others are what word processors
// and web editors produce when the 六角括号 is not at hand.
func isOpen(r rune) bool {
	switch r {
	case '〔', '[', '【', '（', '(', '［', '﹝', '〖', '﹙':
		return true
	}
	return false
}

func isClose(r rune) bool {
	switch r {
	case '〕', ']', '】', '）', ')', '］', '﹞', '〗', '﹚':
		return true
	}
	return false
}
