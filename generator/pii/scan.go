package pii

import (
	"strings"

	"gongkai/generator/model"
)

// maxChain is the most groups a written number has (a card as 4+4+4+4+3).
const maxChain = 5

// ScanNumbers returns the identity, mobile and card numbers in text, in
// order of position. Numbers may be written with single spaces or hyphens
// between their usual groups (138-1234-5678, +86 138 1234 5678,
// 6222 0212 3456 7890 128, 110101 19900307 1234).
func ScanNumbers(text string) []Hit {
	var hits []Hit
	var chain [maxChain]group
	var bufs [maxChain][]byte
	for i := 0; i < len(text); {
		if !maybeDigit[text[i]] {
			i++
			continue
		}
		if _, w := digitAt(text, i); w == 0 {
			i++
			continue
		}
		g, next, ok := readGroup(text, i, bufs[0])
		bufs[0] = g.digits
		if !ok {
			i = next
			continue
		}
		chain[0] = g
		n := readChain(text, chain[:], bufs[:], next)
		if h, used := classify(text, chain[:n]); used > 0 {
			if !inURL(text, h.Start) {
				hits = append(hits, h)
			}
			i = chain[used-1].end
			continue
		}
		i = chain[0].end
	}
	return hits
}

// maybeDigit marks the bytes that can start a digit: 0–9 and the first byte
// of the full-width forms (U+FF10–FF19 are EF BC 90–99).
var maybeDigit = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t[0xEF] = true
	return t
}()

// readChain reads the groups that follow chain[0], each after exactly one
// separator, and returns how many groups the chain has.
func readChain(text string, chain []group, bufs [][]byte, end int) int {
	n := 1
	for n < len(chain) && !chain[n-1].hasX {
		sw := sepAt(text, end)
		if sw == 0 {
			break
		}
		k := end + sw
		if k >= len(text) {
			break
		}
		if _, w := digitAt(text, k); w == 0 {
			break
		}
		g, next, ok := readGroup(text, k, bufs[n])
		bufs[n] = g.digits
		if !ok {
			break
		}
		chain[n] = g
		n++
		end = next
	}
	return n
}

// classify finds the personal number that starts with chain[0], trying
// the written forms with separators before the single group. used is the
// number of groups the hit spans, 0 for none.
func classify(text string, chain []group) (Hit, int) {
	var d [64]byte
	if g := chain[0]; g.plus && len(chain) > 1 && len(g.digits) == 2 && g.digits[0] == 8 && g.digits[1] == 6 {
		// +86 138 1234 5678 / +86 13812345678
		if k := mobileGroups(chain[1:], d[:0]); k > 0 {
			return hit(text, KindMobile, g.start-plusWidth(text, g.start), chain[k].end), k + 1
		}
	}
	if len(chain) >= 3 && lengths(chain[:3], 6, 8, 4) {
		if v := concat(chain[:3], d[:0]); validID(v) {
			return hit(text, KindID, chain[0].start, chain[2].end), 3
		}
	}
	if k := mobileGroups(chain, d[:0]); k > 1 {
		return hit(text, KindMobile, chain[0].start, chain[k-1].end), k
	}
	for k := len(chain); k >= 2; k-- {
		if cardGroups(chain[:k]) && cardPrefix(chain[0].digits[0]) {
			if v := concat(chain[:k], d[:0]); validCard(v) {
				return hit(text, KindCard, chain[0].start, chain[k-1].end), k
			}
		}
	}
	g := chain[0]
	v := g.digits
	switch {
	case g.plus && len(v) == 13 && v[0] == 8 && v[1] == 6 && validMobile(v[2:]):
		return hit(text, KindMobile, g.start-plusWidth(text, g.start), g.end), 1
	case validID(v):
		return hit(text, KindID, g.start, g.end), 1
	case validCard(v):
		return hit(text, KindCard, g.start, g.end), 1
	case validMobile(v):
		return hit(text, KindMobile, g.start, g.end), 1
	}
	return Hit{}, 0
}

// mobileGroups matches a mobile number as 3-4-4 groups or one group of 11
// at the start of chain and returns how many groups it spans.
func mobileGroups(chain []group, d []byte) int {
	if len(chain) >= 3 && lengths(chain[:3], 3, 4, 4) && validMobile(concat(chain[:3], d)) {
		return 3
	}
	if validMobile(chain[0].digits) {
		return 1
	}
	return 0
}

// cardGroups reports whether chain is written like a card number: groups of
// four with a shorter last one (6222 0212 3456 7890 128), or 6 + the rest
// (622202 1234567890128).
func cardGroups(chain []group) bool {
	total := 0
	for i, g := range chain {
		n := len(g.digits)
		total += n
		if g.hasX || i < len(chain)-1 && n != 4 && !(i == 0 && n == 6 && len(chain) == 2) || n > 13 {
			return false
		}
	}
	return total >= 16 && total <= 19
}

// cardPrefix limits numbers written in groups to the first digits card
// schemes use (3 JCB/Amex, 4 Visa, 5 Mastercard, 6 UnionPay, 8/9 domestic),
// so that years listed in a row (2015 2016 2017 2018) are not a card.
func cardPrefix(d byte) bool { return d >= 3 && d <= 6 || d == 8 || d == 9 }

func lengths(chain []group, ns ...int) bool {
	for i, n := range ns {
		if len(chain[i].digits) != n {
			return false
		}
	}
	return true
}

func concat(chain []group, d []byte) []byte {
	for _, g := range chain {
		d = append(d, g.digits...)
	}
	return d
}

func plusWidth(text string, i int) int {
	if i > 0 && text[i-1] == '+' {
		return 1
	}
	return 3 // ＋
}

func hit(text, kind string, start, end int) Hit {
	t := text[start:end]
	return Hit{Kind: kind, Start: start, End: end, Text: t, Masked: Mask(kind, t)}
}

// inURL reports whether text[i] is inside a URL (https://…/2018/123456…):
// numbers there are page ids, not personal data.
func inURL(text string, i int) bool {
	j := i
	for j > 0 && i-j < 2048 {
		c := text[j-1]
		if c <= ' ' || c >= 0x7F || strings.IndexByte("<>\"'()[]", c) >= 0 {
			break
		}
		j--
	}
	s := text[j:i]
	return strings.Contains(s, "://") || strings.HasPrefix(s, "www.")
}

// provinces are the first two digits of mainland, Taiwan, Hong Kong and
// Macao identity numbers (GB/T 2260 province codes).
var provinces = [100]bool{
	11: true, 12: true, 13: true, 14: true, 15: true,
	21: true, 22: true, 23: true,
	31: true, 32: true, 33: true, 34: true, 35: true, 36: true, 37: true,
	41: true, 42: true, 43: true, 44: true, 45: true, 46: true,
	50: true, 51: true, 52: true, 53: true, 54: true,
	61: true, 62: true, 63: true, 64: true, 65: true,
	71: true, 81: true, 82: true, 83: true,
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// validID checks an 18-character 居民身份证号码 (GB 11643-1999): a known
// province, a birth date between 1900 and 2099 that exists, and the check
// character (weights mod 11, 10 written X).
func validID(v []byte) bool {
	if len(v) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		if v[i] > 9 {
			return false
		}
		sum += int(v[i]) * idWeights[i]
	}
	if !provinces[int(v[0])*10+int(v[1])] {
		return false
	}
	y := int(v[6])*1000 + int(v[7])*100 + int(v[8])*10 + int(v[9])
	m := int(v[10])*10 + int(v[11])
	d := int(v[12])*10 + int(v[13])
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > model.DaysIn(y, m) {
		return false
	}
	check := (12 - sum%11) % 11 // 1-0-X-9-…-2 for sums mod 11 of 0,1,2,…
	return int(v[17]) == check
}

// validMobile checks a mainland mobile number: 11 digits, 1[3-9]….
func validMobile(v []byte) bool {
	if len(v) != 11 || v[0] != 1 || v[1] < 3 || v[1] > 9 {
		return false
	}
	for _, x := range v {
		if x > 9 {
			return false
		}
	}
	return true
}

// validCard checks a bank card number: 16–19 digits, not starting with 0,
// passing the Luhn check, and not an identity number or an all-digit
// 统一社会信用代码 that happens to pass Luhn too.
func validCard(v []byte) bool {
	if len(v) < 16 || len(v) > 19 || v[0] == 0 {
		return false
	}
	sum := 0
	for i := len(v) - 1; i >= 0; i-- {
		x := int(v[i])
		if x > 9 {
			return false
		}
		if (len(v)-1-i)%2 == 1 {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	if sum%10 != 0 {
		return false
	}
	if len(v) == 18 {
		var s [18]byte
		for i, x := range v {
			s[i] = '0' + x
		}
		if validID(v) || ValidCreditCode(string(s[:])) {
			return false
		}
	}
	return true
}

// ScanEmails returns the e-mail addresses in text (local@domain.tld, ASCII),
// in order of position.
func ScanEmails(text string) []Hit {
	var hits []Hit
	for i := 0; i < len(text); {
		k := strings.IndexByte(text[i:], '@')
		if k < 0 {
			break
		}
		at := i + k
		s := at
		for s > 0 && at-s < 64 && localChar(text[s-1]) {
			s--
		}
		for s < at && text[s] == '.' {
			s++
		}
		e := at + 1
		for e < len(text) && e-at < 255 && domainChar(text[e]) {
			e++
		}
		for e > at+1 && (text[e-1] == '.' || text[e-1] == '-') {
			e--
		}
		if s < at && validLocal(text[s:at]) && validDomain(text[at+1:e]) && !inURL(text, s) {
			hits = append(hits, hit(text, KindEmail, s, e))
			i = e
			continue
		}
		i = at + 1
	}
	return hits
}

func localChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._%+-", c) >= 0
}

func domainChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

func validLocal(s string) bool {
	return !strings.HasSuffix(s, ".") && !strings.Contains(s, "..")
}

// validDomain wants at least two labels, none empty or edged with -, and a
// top-level label of two or more letters.
func validDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if c := tld[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
