package model

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a civil date (no time zone) packed as YYYYMMDD, so that dates
// compare with < and ==. The zero Date means "absent".
type Date int32

// MakeDate builds a Date; it does not check validity (use ValidDate).
func MakeDate(y, m, d int) Date { return Date(y*10000 + m*100 + d) }

// ValidDate reports whether y-m-d is a real calendar date in a plausible range.
func ValidDate(y, m, d int) bool {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= DaysIn(y, m)
}

// DaysIn is the number of days of month m of year y (proleptic Gregorian).
func DaysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func (d Date) Year() int    { return int(d) / 10000 }
func (d Date) Month() int   { return int(d) / 100 % 100 }
func (d Date) Day() int     { return int(d) % 100 }
func (d Date) IsZero() bool { return d == 0 }

// ISO returns 2006-01-02, or "" for the zero date.
func (d Date) ISO() string {
	var a [10]byte
	return string(d.AppendISO(a[:0]))
}

// AppendISO appends ISO's form of d to b (pages write dates by the
// thousand: no formatting machinery, no garbage).
func (d Date) AppendISO(b []byte) []byte {
	if d == 0 {
		return b
	}
	y, m, dd := d.Year(), d.Month(), d.Day()
	if d < 0 || y > 9999 {
		return fmt.Appendf(b, "%04d-%02d-%02d", y, m, dd)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
}

// Chinese returns the form used on pages: 2017年8月25日 (no zero padding).
func (d Date) Chinese() string {
	var a [24]byte
	return string(d.AppendChinese(a[:0]))
}

// AppendChinese appends Chinese's form of d to b.
func (d Date) AppendChinese(b []byte) []byte {
	if d == 0 {
		return b
	}
	if d < 0 {
		return fmt.Appendf(b, "%d年%d月%d日", d.Year(), d.Month(), d.Day())
	}
	b = strconv.AppendInt(b, int64(d.Year()), 10)
	b = append(b, "年"...)
	b = strconv.AppendInt(b, int64(d.Month()), 10)
	b = append(b, "月"...)
	b = strconv.AppendInt(b, int64(d.Day()), 10)
	return append(b, "日"...)
}

// Time returns midnight of the date in UTC (for feeds and sitemaps).
func (d Date) Time() time.Time {
	return time.Date(d.Year(), time.Month(d.Month()), d.Day(), 0, 0, 0, 0, time.UTC)
}

// FromTime takes the civil date of t in t's location.
func FromTime(t time.Time) Date { return MakeDate(t.Year(), int(t.Month()), t.Day()) }

// AddYears adds n years; 29 February becomes 28 February in a common year.
func (d Date) AddYears(n int) Date {
	y, m, day := d.Year()+n, d.Month(), d.Day()
	if day > DaysIn(y, m) {
		day = DaysIn(y, m)
	}
	return MakeDate(y, m, day)
}

// AddMonths adds n months, clamping the day to the end of the month.
func (d Date) AddMonths(n int) Date {
	t := d.Year()*12 + d.Month() - 1 + n
	y, m, day := t/12, t%12+1, d.Day()
	if day > DaysIn(y, m) {
		day = DaysIn(y, m)
	}
	return MakeDate(y, m, day)
}

// AddDays adds n days (n may be negative).
func (d Date) AddDays(n int) Date { return FromTime(d.Time().AddDate(0, 0, n)) }

// ParseISO parses YYYY-MM-DD strictly.
func ParseISO(s string) (Date, error) {
	var y, m, d int
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, fmt.Errorf("日期格式应为 YYYY-MM-DD")
	}
	if _, err := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); err != nil {
		return 0, fmt.Errorf("日期格式应为 YYYY-MM-DD")
	}
	if !ValidDate(y, m, d) {
		return 0, fmt.Errorf("%s 不是有效的日期", s)
	}
	return MakeDate(y, m, d), nil
}
