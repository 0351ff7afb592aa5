package tasks

import "gongkai/generator/model"

// Periods of a task that has no single due date.
const (
	PeriodOngoing   = model.PeriodOngoing   // 长期推进 / 持续推进 / 长期坚持
	PeriodRecurring = model.PeriodRecurring // 每季度 / 每月 / 每年 …
)

// Keywords are folded (Simplified, half-width); longer ones come first so
// that 长期推进 is consumed whole before 长期.
var recurringWords = newWordList(
	"每两个月", "每半年", "每季度", "每个月", "每季", "每月", "每年", "每周",
	"每日", "每天", "每旬", "按季度", "按季", "按月", "按年", "逐月", "逐季", "定期",
)

var ongoingWords = newWordList(
	"长期推进", "持续推进", "长期坚持", "持续开展", "长期开展", "常态化",
	"长期", "持续", "长效",
)

// startWords after a date make it the date by which a task is to start,
// not to be done: 7月底前启动. Traditional forms the folding leaves (開,
// 著) are listed as they are: the folding also makes task ids, and must
// not change.
var startWords = newWordList("启动", "开始", "開始", "着手", "著手", "开工", "開工", "动工")

// fillerRunes may surround a deadline without changing it: 2018年底前完成,
// 7月底前启动, 到2020年底.
var fillerRunes = newRuneSet("前以之完成启动推进开展发布公布实现到至于在并和及开始全面基本 ,;.、。:")

// ParseDeadline reads a deadline as written in a task attribution or an
// annex table cell (Simplified or Traditional, Arabic or Chinese numerals,
// full- or half-width) and returns its date and period:
//
//	2018年底前        → 2018-12-31, PeriodNone
//	2018年6月底前     → 2018-06-30, PeriodNone
//	7月底前启动       → 31 July of docYear, PeriodNone, start
//	年底前 / 年内     → 31 December of docYear, PeriodNone
//	上半年 / 一季度末 → 30 June / 31 March of docYear
//	长期推进 持续推进 → 0, PeriodOngoing
//	每季度发布        → 0, PeriodRecurring
//
// When the text names several dates (7月底前启动年底前完成长期推进) the
// latest is returned, as the date by which the whole task is done, together
// with the period if one is named too. start reports that the date returned
// is one by which the task is to start (启动, 开始, 着手 …), not to be done:
// 7月底前啟動長期推進 is a task started by 31 July and carried on after. A
// date without a year needs docYear; when docYear is 0 it comes back as the
// zero Date. Text with no recognisable deadline returns (0, PeriodNone,
// false).
func ParseDeadline(text string, docYear int) (d model.Date, period model.Period, start bool) {
	var buf [64]rune // deadlines are short: fold on the stack
	f := appendFold(buf[:0], text)
	d, period, start, _ = scanDeadline(f, docYear)
	return d, period, start
}

// scanDeadline finds every date phrase and period keyword in f. It returns
// the latest date, the period, whether the latest date is a start date
// (see ParseDeadline) and whether f holds nothing but deadline phrases and
// filler (so that a clause such as "2018年底前" or "持续推进" can be told
// apart from a clause naming units).
func scanDeadline(f []rune, docYear int) (latest model.Date, period model.Period, start, pure bool) {
	found := false
	pure = true
	for i := 0; i < len(f); {
		if w := recurringWords.match(f, i); w > 0 {
			period, found = PeriodRecurring, true
			i += w
			continue
		}
		if w := ongoingWords.match(f, i); w > 0 {
			if period == model.PeriodNone {
				period = PeriodOngoing
			}
			found = true
			i += w
			continue
		}
		if i == 0 || !isDigitLike(f[i-1]) {
			if m, ok := matchDate(f, i, docYear); ok {
				found = true
				st := startsAt(f, m.end)
				switch {
				case m.date > latest:
					latest, start = m.date, st
				case m.date == latest && !st:
					start = false // 7月底前启动，7月底前完成: to be done by then
				}
				i = m.end
				continue
			}
		}
		if !fillerRunes.has(f[i]) {
			pure = false
		}
		i++
	}
	return latest, period, start && latest != 0, pure && found
}

// startsAt reports whether a start word follows a date phrase ending at
// f[i], after 前 / 以前 / 之前 and a comma: 7月底前启动, 2018年6月底前，开始….
func startsAt(f []rune, i int) bool {
	switch {
	case i < len(f) && f[i] == '前':
		i++
	case i+1 < len(f) && (f[i] == '以' || f[i] == '之') && f[i+1] == '前':
		i += 2
	}
	if i < len(f) && (f[i] == ',' || f[i] == '、') {
		i++
	}
	return startWords.match(f, i) > 0
}

// isPureDeadline is scanDeadline's third result, without scanning past the
// first rune that is neither a deadline phrase nor filler.
func isPureDeadline(f []rune) bool {
	found := false
	for i := 0; i < len(f); {
		if w := recurringWords.match(f, i); w > 0 {
			found = true
			i += w
			continue
		}
		if w := ongoingWords.match(f, i); w > 0 {
			found = true
			i += w
			continue
		}
		if i == 0 || !isDigitLike(f[i-1]) {
			if m, ok := matchDate(f, i, 0); ok {
				found = true
				i = m.end
				continue
			}
		}
		if !fillerRunes.has(f[i]) {
			return false
		}
		i++
	}
	return found
}

// dateMatch is a date phrase found at some index of a folded text.
type dateMatch struct {
	end     int        // index just past the phrase
	date    model.Date // zero when the phrase needs a year and none is known
	hasYear bool
	endWord bool // the phrase names an end (底, 末, 年内, 下旬, a day)
}

// matchDate matches a date phrase starting at f[i]: an optional year
// (2018年, 二〇一八年) followed by 底/末/内/上半年/下半年/a quarter/a month
// with an optional day or 底/末/旬; or a yearless 年底/年内/7月底/6月30日;
// or 2018-06-30. A bare year (2018年) matches as its last day.
func matchDate(f []rune, i, docYear int) (dateMatch, bool) {
	if i >= len(f) || !canStartDate(f[i]) {
		return dateMatch{}, false
	}
	if m, ok := matchNumericDate(f, i); ok {
		return m, true
	}
	y, j, hasYear := matchYear(f, i)
	if !hasYear {
		y, j = docYear, i
	}
	if m, ok := matchYearEnd(f, j, y, hasYear); ok {
		return m, true
	}
	if m, ok := matchHalfOrQuarter(f, j, y, hasYear); ok {
		return m, true
	}
	if m, ok := matchMonth(f, j, y, hasYear); ok {
		return m, true
	}
	if hasYear && (j == len(f) || !isDigitLike(f[j])) {
		// A bare year (2018年完成) is due at its end; 2018年13月 is no date.
		return dateMatch{end: j, date: mkDate(y, 12, 31), hasYear: true}, true
	}
	return dateMatch{}, false
}

// canStartDate reports whether a date phrase can start with r: a digit
// (of a year, month or quarter), 十 (十二月), 年 (年底), 上/下 (上半年) or
// 第 (第三季度). matchDate fails at once on any other rune.
func canStartDate(r rune) bool { return class(r)&clsDateStart != 0 }

// matchYear matches 2018年 or 二〇一八年 and returns the year and the index
// after 年.
func matchYear(f []rune, i int) (year, end int, ok bool) {
	if i+4 < len(f) && f[i+4] == '年' {
		y := 0
		for k := 0; k < 4; k++ {
			d := digitValue(f[i+k])
			if d < 0 {
				return 0, 0, false
			}
			y = y*10 + d
		}
		return y, i + 5, true
	}
	return 0, 0, false
}

var (
	yearEndWords       = newWordList("年底", "年末", "年内")
	yearEndWordsOfYear = newWordList("年底", "年末", "年内", "底", "末", "内")
	wFirstHalf         = word("上半年")
	wSecondHalf        = word("下半年")
)

// matchYearEnd matches, after a year (or at a yearless start), 底 / 末 /
// 年底 / 年末 / 内 / 年内.
func matchYearEnd(f []rune, j, y int, hasYear bool) (dateMatch, bool) {
	words := yearEndWords
	if hasYear {
		words = yearEndWordsOfYear
	}
	if w := words.match(f, j); w > 0 {
		return dateMatch{end: j + w, date: mkDate(y, 12, 31), hasYear: hasYear, endWord: true}, true
	}
	return dateMatch{}, false
}

// matchHalfOrQuarter matches 上半年 / 下半年 / (第)一季度(末).
func matchHalfOrQuarter(f []rune, j, y int, hasYear bool) (dateMatch, bool) {
	switch {
	case hasPrefixAt(f, j, wFirstHalf):
		return dateMatch{end: j + 3, date: mkDate(y, 6, 30), hasYear: hasYear, endWord: true}, true
	case hasPrefixAt(f, j, wSecondHalf):
		return dateMatch{end: j + 3, date: mkDate(y, 12, 31), hasYear: hasYear, endWord: true}, true
	}
	k := j
	if k < len(f) && f[k] == '第' {
		k++
	}
	if k+2 < len(f) && f[k+1] == '季' && f[k+2] == '度' {
		q := digitValue(f[k])
		if q >= 1 && q <= 4 {
			end := k + 3
			if end < len(f) && (f[end] == '末' || f[end] == '底') {
				end++
			}
			m := q * 3
			return dateMatch{end: end, date: mkDate(y, m, lastDay(y, m)), hasYear: hasYear, endWord: true}, true
		}
	}
	return dateMatch{}, false
}

// matchMonth matches 6月 / 十二月 followed by 底/末/份/上旬/中旬/下旬/30日/30号
// or nothing (the end of the month).
func matchMonth(f []rune, j, y int, hasYear bool) (dateMatch, bool) {
	mo, k := matchSmallNumber(f, j)
	if k == j || k >= len(f) || f[k] != '月' || mo < 1 || mo > 12 {
		return dateMatch{}, false
	}
	k++
	m := dateMatch{end: k, hasYear: hasYear}
	day := lastDay(y, mo)
	switch {
	case k < len(f) && (f[k] == '底' || f[k] == '末'):
		m.end, m.endWord = k+1, true
	case k+1 < len(f) && f[k] == '上' && f[k+1] == '旬':
		day, m.end, m.endWord = 10, k+2, true
	case k+1 < len(f) && f[k] == '中' && f[k+1] == '旬':
		day, m.end, m.endWord = 20, k+2, true
	case k+1 < len(f) && f[k] == '下' && f[k+1] == '旬':
		m.end, m.endWord = k+2, true
	case k < len(f) && f[k] == '份':
		m.end = k + 1
	default:
		if d, e := matchSmallNumber(f, k); e > k && e < len(f) && (f[e] == '日' || f[e] == '号') {
			if d < 1 || d > 31 || (y != 0 && d > lastDay(y, mo)) {
				return dateMatch{}, false
			}
			day, m.end, m.endWord = d, e+1, true
		}
	}
	m.date = mkDate(y, mo, day)
	return m, true
}

// matchNumericDate matches 2018-06-30, 2018/6/30 and 2018.6.30.
func matchNumericDate(f []rune, i int) (dateMatch, bool) {
	var parts [3]int
	k := i
	for p := 0; p < 3; p++ {
		n, e := 0, k
		for e < len(f) && e-k < 4 && f[e] >= '0' && f[e] <= '9' {
			n = n*10 + int(f[e]-'0')
			e++
		}
		if (p == 0 && e-k != 4) || (p > 0 && (e-k < 1 || e-k > 2)) {
			return dateMatch{}, false
		}
		parts[p], k = n, e
		if p < 2 {
			if k >= len(f) || (f[k] != '-' && f[k] != '/' && f[k] != '.') || (p == 1 && f[k] != f[i+4]) {
				return dateMatch{}, false
			}
			k++
		}
	}
	if k < len(f) && f[k] >= '0' && f[k] <= '9' {
		return dateMatch{}, false
	}
	if !model.ValidDate(parts[0], parts[1], parts[2]) {
		return dateMatch{}, false
	}
	return dateMatch{end: k, date: model.MakeDate(parts[0], parts[1], parts[2]), hasYear: true, endWord: true}, true
}

// matchSmallNumber reads 1–2 Arabic digits or a Chinese numeral up to 三十一
// (一, 十, 十二, 二十五, 三十一).
func matchSmallNumber(f []rune, j int) (int, int) {
	if j < len(f) && f[j] >= '0' && f[j] <= '9' {
		n, k := 0, j
		for k < len(f) && k-j < 2 && f[k] >= '0' && f[k] <= '9' {
			n = n*10 + int(f[k]-'0')
			k++
		}
		if k < len(f) && f[k] >= '0' && f[k] <= '9' {
			return 0, j
		}
		return n, k
	}
	n, k, tens := 0, j, false
	for k < len(f) && k-j < 3 {
		if f[k] == '十' {
			if tens {
				break
			}
			if n == 0 {
				n = 1
			}
			n *= 10
			tens = true
		} else if d := digitValue(f[k]); d >= 1 && f[k] > '9' {
			if tens {
				n += d
				k++
				break
			}
			if n != 0 {
				break
			}
			n = d
		} else {
			break
		}
		k++
	}
	return n, k
}

// digitValue maps 0-9 and 〇一二…九 to their values, anything else to -1.
func digitValue(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	switch r {
	case '〇':
		return 0
	case '一':
		return 1
	case '二':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return -1
}

func isDigitLike(r rune) bool { return class(r)&clsDigitLike != 0 }

// lastDay returns the number of days of month m (1–12) of year y in the
// proleptic Gregorian calendar, as time.Date does.
func lastDay(y, m int) int {
	if y == 0 {
		y = 2001 // a common year: only used when the year is unknown anyway
	}
	return model.DaysIn(y, m)
}

// mkDate returns the date, or zero when the year is unknown or the date is
// not a real one.
func mkDate(y, m, d int) model.Date {
	if !model.ValidDate(y, m, d) {
		return 0
	}
	return model.MakeDate(y, m, d)
}

// bodyDeadline finds the deadline written in a task's own text when its
// attribution has none: 2017年底前，开展…; 2018年6月底前，建立…; 到2010年底，实现….
// Only phrases that clearly state a due date count — followed by 前, or
// introduced by 到/至 and naming an end (底/末) — so that ordinary dates in
// the text (2017年8月25日印发) are not read as deadlines. Of several, the
// latest wins: the task is due when its last step is.
func bodyDeadline(f, r []rune, docYear int) (text string, best model.Date, start bool) {
	for i := 0; i < len(f); i++ {
		if !canStartDate(f[i]) || i > 0 && isDigitLike(f[i-1]) {
			continue
		}
		m, ok := matchDate(f, i, docYear)
		if !ok || !(m.endWord || hasMonth(f[i:m.end])) {
			continue
		}
		end := m.end
		switch {
		case end < len(f) && f[end] == '前':
			end++
		case end+1 < len(f) && (f[end] == '以' || f[end] == '之') && f[end+1] == '前':
			end += 2
		case i > 0 && (f[i-1] == '到' || f[i-1] == '至') && m.endWord:
		default:
			continue
		}
		st := startsAt(f, m.end)
		switch {
		case text == "" || m.date > best:
			text, best, start = string(r[i:end]), m.date, st
		case m.date == best && !st:
			start = false
		}
		i = end - 1
	}
	return text, best, start && best != 0
}

func hasMonth(f []rune) bool {
	for _, r := range f {
		if r == '月' {
			return true
		}
	}
	return false
}
