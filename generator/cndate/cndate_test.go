package cndate

import (
	"strings"
	"testing"

	"gongkai/generator/model"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want model.Date
	}{
		{"2017-08-25", 20170825},
		{"2017-8-25", 20170825},
		{"2017/8/25", 20170825},
		{"2017.8.25", 20170825},
		{"２０１７－０８－２５", 20170825},
		{"2017年8月25日", 20170825},
		{"2017年08月05日", 20170805},
		{" 2017 年 8 月 25 日 ", 20170825},
		{"２０１７年８月２５日", 20170825},
		{"2017年8月25号", 20170825},
		{"二〇一七年八月二十五日", 20170825},
		{"二○一七年八月二十五日", 20170825},
		{"二零一七年八月二十五日", 20170825},
		{"二〇一二年十一月二十日", 20121120},
		{"二〇一九年十二月三十一日", 20191231},
		{"二〇二〇年十月十日", 20201010},
		{"二〇二〇年一月一日", 20200101},
		{"二〇一六年六月四日", 20160604},
		{"二O一六年六月四日", 20160604},
		{"二〇一六年元月廿一日", 20160121},
		{"2016年2月29日", 20160229},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("Parse(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ in, wantSub string }{
		{"2017年2月30日", "2017年2月没有30日"},
		{"2017年2月29日", "2017年2月没有29日"},
		{"二〇一七年二月三十日", "2017年2月没有30日"},
		{"2017-13-01", "2017年没有13月"},
		{"2017-00-10", "2017年没有0月"},
		{"1800-01-01", "年份 1800"},
		{"", "无法识别"},
		{"2017年8月", "无法识别"},
		{"8月25日", "无法识别"},
		{"2017-08/25", "无法识别"},
		{"2017-08-25 10:00", "无法识别"},
		{"20170825", "无法识别"},
		{"O二〇一七年八月二十五日", "无法识别"},
		{"二〇一七年八月二十五", "无法识别"},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q): no error", c.in)
			continue
		}
		if !strings.Contains(err.Error(), c.wantSub) {
			t.Errorf("Parse(%q) error %q, want it to contain %q", c.in, err, c.wantSub)
		}
	}
}

func TestFindDates(t *testing.T) {
	text := "成都市人民政府\n2012年11月20日\n签发日期:2018-10-08\n截至2月9日19时，" +
		"二〇一七年八月二十五日印发；12017年1月1日；2017年2月30日；2019年12月12日"
	type dm struct {
		written string
		date    model.Date
	}
	want := []dm{
		{"2012年11月20日", 20121120},
		{"2018-10-08", 20181008},
		{"二〇一七年八月二十五日", 20170825},
		{"2019年12月12日", 20191212},
	}
	got := FindDates(text)
	if len(got) != len(want) {
		t.Fatalf("FindDates: %d dates, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if text[g.Start:g.End] != w.written || g.Date != w.date {
			t.Errorf("date %d: %q = %d, want %q = %d", i, text[g.Start:g.End], g.Date, w.written, w.date)
		}
	}
}

func TestLine(t *testing.T) {
	text := "第一行\n第二行abc\r\nx"
	cases := []struct{ off, line, col int }{
		{0, 1, 1},
		{3, 1, 2},
		{len("第一行"), 1, 4},
		{len("第一行\n"), 2, 1},
		{len("第一行\n第二行a"), 2, 5},
		{len(text) - 1, 3, 1},
		{len(text), 3, 2},
		{-5, 1, 1},
		{len(text) + 10, 3, 2},
	}
	for _, c := range cases {
		if l, col := Line(text, c.off); l != c.line || col != c.col {
			t.Errorf("Line(%d) = %d:%d, want %d:%d", c.off, l, col, c.line, c.col)
		}
	}
}
