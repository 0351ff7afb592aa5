package pii

import (
	"fmt"
	"gongkai/generator/model"
	"strings"
	"testing"
)

// rng is a small deterministic generator so that a fuzz input (a seed)
// stands for one generated number.
type rng uint64

func (r *rng) next() uint64 {
	*r ^= *r << 13
	*r ^= *r >> 7
	*r ^= *r << 17
	return uint64(*r)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *rng) digits(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(byte('0' + r.intn(10)))
	}
	return b.String()
}

var provinceList = []string{"11", "12", "13", "21", "31", "32", "33", "37", "41", "44", "50", "51", "53", "61", "65", "81"}

// genID makes a valid identity number: a province, four digits, a real
// birth date, a sequence number and the GB 11643 check character.
func genID(r *rng) string {
	y, m := 1900+r.intn(200), 1+r.intn(12)
	d := 1 + r.intn(model.DaysIn(y, m))
	s := provinceList[r.intn(len(provinceList))] + r.digits(4) + fmt.Sprintf("%04d%02d%02d", y, m, d) + r.digits(3)
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(s[i]-'0') * idWeights[i]
	}
	return s + string("10X98765432"[sum%11])
}

func genMobile(r *rng) string { return "1" + string(byte('3'+r.intn(7))) + r.digits(9) }

// genCard makes a 16–19 digit UnionPay-like number with a Luhn check digit.
func genCard(r *rng) string {
	body := "62" + r.digits(13+r.intn(4))
	for c := byte('0'); c <= '9'; c++ {
		if luhn(body + string(c)) {
			return body + string(c)
		}
	}
	panic("unreachable")
}

func luhn(s string) bool {
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		x := int(s[i] - '0')
		if (len(s)-1-i)%2 == 1 {
			if x *= 2; x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return sum%10 == 0
}

func genCreditCode(r *rng) string {
	var b strings.Builder
	b.WriteString([]string{"91", "12", "11", "51", "52", "93", "Y1"}[r.intn(7)])
	b.WriteString(r.digits(6))
	for i := 0; i < 9; i++ {
		b.WriteByte(creditCharset[r.intn(len(creditCharset))])
	}
	sum := 0
	s := b.String()
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(creditCharset, s[i]) * creditWeights[i]
	}
	return s + string(creditCharset[(31-sum%31)%31])
}

// toFullWidth writes the digits (and X) of s in full width.
func toFullWidth(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' || c == 'X' {
			c += 0xFEE0
		}
		b.WriteRune(c)
	}
	return b.String()
}

// chinese keeps only the Han characters and CJK punctuation of s, so that
// text around a generated number cannot join it.
func chinese(s string) string {
	var b strings.Builder
	for _, c := range strings.ToValidUTF8(s, "") {
		if c >= 0x4E00 && c <= 0x9FFF || c >= 0x3000 && c <= 0x303F {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// FuzzScanFinds: a generated identity, mobile or card number embedded in
// Chinese text is always found, with its exact offsets, in any of its
// written forms.
func FuzzScanFinds(f *testing.F) {
	f.Add(uint64(1), uint8(0), uint8(0), "身份证号码", "，特此公告。")
	f.Add(uint64(7), uint8(1), uint8(1), "联系电话", "")
	f.Add(uint64(42), uint8(2), uint8(2), "", "开户行")
	f.Add(uint64(99), uint8(1), uint8(3), "手机", "。")
	f.Fuzz(func(t *testing.T, seed uint64, kind, form uint8, before, after string) {
		r := rng(seed | 1)
		var num, want string
		switch kind % 3 {
		case 0:
			num, want = genID(&r), KindID
		case 1:
			num, want = genMobile(&r), KindMobile
		default:
			num, want = genCard(&r), KindCard
			if d := []byte(num); len(d) == 18 {
				v := digitsToValues(num)
				if validID(v) || ValidCreditCode(num) {
					return // indistinguishable from those, and reported as such
				}
			}
		}
		switch form % 4 {
		case 1:
			num = toFullWidth(num)
		case 2:
			num = grouped(want, num)
		case 3:
			if want == KindMobile {
				num = "+86 " + num
			}
		}
		prefix := chinese(before) + "："
		text := prefix + num + "。" + chinese(after)
		for _, h := range Scan(text) {
			if h.Start == len(prefix) && h.End == len(prefix)+len(num) && h.Kind == want {
				return
			}
		}
		t.Errorf("%s %q not found in %q: %+v", want, num, text, Scan(text))
	})
}

func digitsToValues(s string) []byte {
	v := make([]byte, len(s))
	for i := range s {
		v[i] = s[i] - '0'
	}
	return v
}

// grouped writes a number in its usual groups: 138-1234-5678,
// 110101 19900307 1233, 6222 0212 3456 7890 128.
func grouped(kind, s string) string {
	switch kind {
	case KindMobile:
		return s[:3] + "-" + s[3:7] + "-" + s[7:]
	case KindID:
		return s[:6] + " " + s[6:14] + " " + s[14:]
	}
	var parts []string
	for len(s) > 4 {
		parts, s = append(parts, s[:4]), s[4:]
	}
	return strings.Join(append(parts, s), " ")
}

// FuzzScanIgnores: 发文字号, dates, 索引号, 统一社会信用代码, hotlines and
// counts in Chinese text are never personal data.
func FuzzScanIgnores(f *testing.F) {
	f.Add(uint64(1), "关于印发", "的通知")
	f.Add(uint64(2018), "", "")
	f.Fuzz(func(t *testing.T, seed uint64, before, after string) {
		r := rng(seed | 1)
		y, m := 1949+r.intn(100), 1+r.intn(12)
		d := 1 + r.intn(28)
		code := genCreditCode(&r)
		if validID(digitsOrNil(code)) {
			return // an all-digit code that is also a valid identity number
		}
		parts := []string{
			fmt.Sprintf("沈政发〔%d〕%d号", y, 1+r.intn(300)),
			fmt.Sprintf("遼政發[%d]%d號", y, 1+r.intn(300)),
			fmt.Sprintf("%04d%02d%02d", y, m, d),
			fmt.Sprintf("%04d-%02d-%02d", y, m, d),
			fmt.Sprintf("%d年%d月%d日", y, m, d),
			fmt.Sprintf("%09d/%04d-%05d", r.intn(1e9), y, r.intn(1e5)),
			code,
			fmt.Sprintf("%d", 12300+r.intn(100)),
			fmt.Sprintf("0%d-%d", 10+r.intn(989), 1000000+r.intn(9000000)),
			fmt.Sprintf("400-%03d-%04d", r.intn(1000), r.intn(10000)),
			fmt.Sprintf("%d名", r.intn(10000000)),
		}
		text := chinese(before) + "，" + strings.Join(parts, "，") + "。" + chinese(after)
		if hits := Scan(text); len(hits) != 0 {
			t.Errorf("Scan(%q) = %+v, want no hits", text, hits)
		}
	})
}

func digitsOrNil(s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return nil
		}
	}
	return digitsToValues(s)
}

// FuzzScanAny: on any text, hits are in order, inside the text and
// consistent with their offsets.
func FuzzScanAny(f *testing.F) {
	for _, s := range []string{"电话：138-1234-5678。", "+86 +86 13812345678@163.com", "１３８１２３４５６７８Ｘ", "6222 0212 3456 7890 128 0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := -1
		for _, h := range Scan(s) {
			if h.Start < last || h.Start < 0 || h.End <= h.Start || h.End > len(s) || s[h.Start:h.End] != h.Text || h.Masked == "" {
				t.Fatalf("Scan(%q): bad hit %+v", s, h)
			}
			last = h.Start
		}
	})
}

// FuzzScanMarkup: any text, no panic, hits within the text in order of
// position; and a generated number broken by a line break, emphasis or a
// character reference at a random place is found.
func FuzzScanMarkup(f *testing.F) {
	for _, s := range []string{"手机138\n12345678。", "138**1234**5678", "&#49;3812345678", "&#x31;38\n> 1234 5678", "1\\*2&#;3"} {
		f.Add(s, uint64(1))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		last := -1
		for _, h := range ScanMarkup(s) {
			if h.Start < last || h.Start < 0 || h.End <= h.Start || h.End > len(s) || h.Masked == "" || h.Text == "" {
				t.Fatalf("ScanMarkup(%q): bad hit %+v", s, h)
			}
			last = h.Start
		}
		r := rng(seed | 1)
		num := genMobile(&r)
		at := 1 + r.intn(len(num)-1)
		piece := []string{"\n", "**", "\n  ", "`"}[r.intn(4)]
		text := "联系人手机" + num[:at] + piece + num[at:] + "。"
		if piece == "`" {
			text = "联系人手机" + num[:at] + "`" + num[at:] + "`。"
		}
		hits := ScanMarkup(text)
		if len(hits) != 1 || hits[0].Kind != KindMobile || hits[0].Masked != Mask(KindMobile, num) {
			t.Errorf("ScanMarkup(%q) = %+v, want the mobile %s", text, hits, num)
		}
	})
}
