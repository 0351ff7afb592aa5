package tasks

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"gongkai/generator/model"
)

var fuzzSnippets = []string{
	"（一）加强组织领导。各地区要加强领导。（牵头单位：市发展改革委；配合单位：各有关部门，各区、县（市）政府）",
	"〔责任单位：各区、县(市)政府〕",
	"1.建立机制。(市放管服辦公室、市審改辦會同各有關部門,2018年底前)",
	"（省環保廳牽頭,會同省住房城鄉建設廳、省衛生計生委落實）（省財政廳、省地稅局按職責分工分別牽頭落實）",
	"## 二、任务\n\n**（二）完善制度。**内容。\n（市财政局负责落实）\n",
	"(牵头单位:)(责任单位:、、，)(会同)(负责落实)(牵头,会同落实)（，2018年底前）",
	"((((((牵头单位:市发改委",
	"〔牵头单位：市发改委；完成时限：7月底前启动长期推进〕\r\n(市有關單位)\n",
}

// FuzzExtract: no panics, no empty unit names, positions inside the body
// and pointing at the attribution.
func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSnippets {
		f.Add(s, 2018)
	}
	for _, name := range []string{"001_d2e6f0a5b1b90607.txt", "003_8f162a0ca417d789.txt"} {
		b, err := os.ReadFile("../../testdata/seeds/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b[:min(len(b), 4000)]), 2016)
	}
	f.Fuzz(func(t *testing.T, body string, year int) {
		if !utf8.ValidString(body) {
			return // bodies are checked to be UTF-8 before extraction
		}
		got := Extract(body, year%3000)
		checkInvariants(t, body, got)
		for _, x := range got {
			if x.Deadline != 0 && !model.ValidDate(x.Deadline.Year(), x.Deadline.Month(), x.Deadline.Day()) {
				t.Errorf("invalid deadline %v from %q", x.Deadline, x.DeadlineText)
			}
		}
	})
}

func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{"2018年底前", "7月底前啟動長期推進", "二〇一八年十二月底前", "６月３０日前",
		"2017年第三季度末", "2018-02-30", "每季度", "9月底前启动每季度发布长期推进", "十二月三十一日", "年底前"} {
		f.Add(s, 2016)
	}
	f.Fuzz(func(t *testing.T, text string, year int) {
		d, p, st := ParseDeadline(text, year)
		if d != 0 && !model.ValidDate(d.Year(), d.Month(), d.Day()) {
			t.Errorf("ParseDeadline(%q, %d) = invalid date %v", text, year, d)
		}
		if p != model.PeriodNone && p != PeriodOngoing && p != PeriodRecurring {
			t.Errorf("ParseDeadline(%q) period %d", text, p)
		}
		if st && d == 0 {
			t.Errorf("ParseDeadline(%q, %d): a start without a date", text, year)
		}
		if d2, p2, st2 := ParseDeadline(text, year); d2 != d || p2 != p || st2 != st {
			t.Errorf("ParseDeadline(%q) is not deterministic", text)
		}
	})
}

func FuzzSplitUnits(f *testing.F) {
	for _, s := range []string{"各有关部门，各区、县（市）政府", "省法院等有关部门", "市发改委和市大数据和电子政务办",
		"各區、(縣)市政府", "、等和及", "(((", "按职责分工分别"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, u := range SplitUnits(s) {
			if strings.TrimSpace(u) == "" {
				t.Errorf("SplitUnits(%q) gave an empty unit", s)
			}
		}
	})
}

// FuzzID checks ID against its first form: each part folded as runes,
// whitespace dropped, written in turn to a SHA-256, the first 10 hex
// digits of the digest.
func FuzzID(f *testing.F) {
	for _, s := range [][3]string{
		{"shen-2017-45", "牵头单位：市发展改革委；配合单位：各区县人民政府", "加快推进政务诚信建设"},
		{"", "　ＡＢＣ〔1〕 \t", "【一】，；"},
		{"k", "\xff\xfe", "\u200b\u00a0x"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, key, text, title string) {
		idText := func(s string) string {
			f := fold([]rune(s))
			out := f[:0]
			for _, r := range f {
				if !isSpace(r) {
					out = append(out, r)
				}
			}
			return string(out)
		}
		h := sha256.New()
		h.Write([]byte(key))
		h.Write([]byte{0})
		h.Write([]byte(idText(text)))
		h.Write([]byte{0})
		h.Write([]byte(idText(title)))
		want := hex.EncodeToString(h.Sum(nil))[:10]
		if got := ID(key, Task{Text: text, Title: title}); got != want {
			t.Fatalf("ID(%q, %q, %q) = %s, want %s", key, text, title, got, want)
		}
	})
}
