// Package pii finds unmasked personal data (个人信息) in text that is about to
// be published, and masks it: 18-digit 居民身份证号码, mainland mobile
// numbers, bank card numbers and e-mail addresses.
//
// Disclosure rules (政府信息公开条例 Art 15, and local rules such as
// Zhejiang's) forbid publishing a natural person's 身份证号码, 通信方式 and
// 银行账号. Government text is full of other numbers — 发文字号, dates,
// 索引号, 统一社会信用代码, hotlines — so every detector validates what it
// finds: identity numbers by their GB 11643 check digit, region and birth
// date; card numbers by the Luhn check; mobile numbers by their 1[3-9]
// prefix. A number counts only when it stands alone: a run of digits inside
// a longer run of digits or Latin letters (a credit code, a file name, a
// decimal) is not personal data, and neither are numbers inside URLs.
// ASCII and full-width digits (０-９) count alike.
//
// The scanner walks the bytes once and uses no regular expressions, so it
// is linear in the size of the text.
package pii

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Kinds of personal data, as shown in diagnostics.
const (
	KindID     = "身份证号码"
	KindMobile = "手机号码"
	KindCard   = "银行卡号"
	KindEmail  = "电子邮箱"
)

// Hit is one piece of personal data in a text.
type Hit struct {
	Kind       string // one of the Kind constants
	Start, End int    // byte offsets: text[Start:End] == Text
	Text       string // as written
	Masked     string // the form to publish instead, e.g. 110101********1234
}

// Fix is what a diagnostic about h tells the author to do.
func (h Hit) Fix() string {
	return "公开内容不得含有未遮蔽的个人信息：改写为 " + h.Masked
}

// Scan returns every kind of personal data in text, in order of position:
// identity numbers, mobile numbers, card numbers and e-mail addresses. A
// number that is part of an e-mail address (13812345678@163.com) is reported
// once, as the address. Callers that must allow organisations' e-mail
// addresses in general text (举报邮箱 xxx@gov.cn) use ScanNumbers there and
// ScanEmails only where individuals are named, such as credit records.
func Scan(text string) []Hit {
	emails := ScanEmails(text)
	numbers := ScanNumbers(text)
	if len(emails) == 0 {
		return numbers
	}
	out := emails
	for _, n := range numbers {
		if !inside(n, emails) {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func inside(h Hit, in []Hit) bool {
	k := sort.Search(len(in), func(i int) bool { return in[i].End > h.Start })
	return k < len(in) && in[k].Start <= h.Start && h.End <= in[k].End
}

// Mask returns the form of s to publish instead: for 身份证号码 the first 6
// and last 4 characters (110101********1234), for 手机号码 the first 3 and
// last 4 digits (138****5678), for 银行卡号 the first and last 4 digits
// (6222****0128), for 电子邮箱 the first character of the local part and the
// domain (z***@example.com). Separators and +86 are dropped; full-width
// digits become ASCII.
func Mask(kind, s string) string {
	if kind == KindEmail {
		at := strings.LastIndexByte(s, '@')
		if at <= 0 {
			return "***"
		}
		_, n := utf8.DecodeRuneInString(s)
		return s[:n] + "***" + s[at:]
	}
	d := digitsOf(s)
	switch {
	case kind == KindID && len(d) >= 10:
		return d[:6] + strings.Repeat("*", len(d)-10) + d[len(d)-4:]
	case kind == KindMobile && len(d) >= 11:
		d = d[len(d)-11:]
		return d[:3] + "****" + d[7:]
	case kind == KindCard && len(d) >= 8:
		return d[:4] + "****" + d[len(d)-4:]
	}
	return strings.Repeat("*", len(d))
}

// digitsOf returns the digits (and an identity number's X) of s in ASCII.
func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if v, w := digitAt(s, i); w > 0 {
			b.WriteByte('0' + v)
			i += w
			continue
		}
		if w := xAt(s, i); w > 0 {
			b.WriteByte('X')
			i += w
			continue
		}
		i++
	}
	return b.String()
}

// compoundSurnames are two-character surnames (复姓), Simplified and
// Traditional, which MaskName keeps whole.
var compoundSurnames = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`
		欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐
		澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 轩辕 钟离 闾丘 东郭 南宫 西门
		拓跋 端木 百里 呼延 万俟 独孤 司空 闻人 赫连 乐正 左丘 段干 第五 谷梁
		羊舌 微生 梁丘 公良 漆雕 壤驷 巫马 公西 颛孙 子车 亓官 司寇 鲜于 东里
		歐陽 司馬 諸葛 東方 尉遲 長孫 軒轅 鍾離 閭丘 東郭 南宮 西門 萬俟 獨孤
		聞人 赫連 樂正 穀梁 顓孫 鮮于 公孫 澹臺 濮陽 單于 東里`) {
		compoundSurnames[s] = true
	}
}

// MaskName masks a natural person's name for publication, keeping the
// surname: 张三 → 张*, 欧阳娜娜 → 欧阳**, 李 → 李. Spaces are trimmed;
// the separator · of transcribed names is kept (阿依·买买提 → 阿*·***).
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	if len(r) <= 1 {
		return string(r)
	}
	keep := 1
	if len(r) > 2 && compoundSurnames[string(r[:2])] {
		keep = 2
	}
	out := append([]rune{}, r[:keep]...)
	for _, c := range r[keep:] {
		if c == '·' || c == '•' || c == '・' || c == ' ' {
			out = append(out, c)
		} else {
			out = append(out, '*')
		}
	}
	return string(out)
}

// creditCharset is the character set of 统一社会信用代码 (GB 32100-2015):
// digits and capital letters without I, O, Z, S, V.
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ValidCreditCode reports whether s is an 18-character 统一社会信用代码 with
// a valid check character (GB 32100-2015). Lower-case letters are accepted.
func ValidCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 18; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		v := strings.IndexByte(creditCharset, c)
		if v < 0 {
			return false
		}
		if i == 17 {
			return v == (31-sum%31)%31
		}
		sum += v * creditWeights[i]
	}
	return false
}
