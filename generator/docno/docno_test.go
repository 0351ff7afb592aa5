package docno

import (
	"strings"
	"testing"
)

func TestParseForms(t *testing.T) {
	cases := []struct {
		in   string
		want Number
	}{
		{"沈政发〔2017〕45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发[2017]45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发【2017】45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发（2017）45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发(2017)45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发［2017］45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发﹝2017﹞45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发 〔 2017 〕 45 号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发〔2017〕第45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发〔2017〕045号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发〔２０１７〕４５号", Number{"沈政发", 2017, 45, "号"}},
		{"瀋政發〔2017〕45號", Number{"瀋政發", 2017, 45, "號"}},
		{"遼政發〔2017〕19號", Number{"遼政發", 2017, 19, "號"}},
		{"国発〔2016〕76号", Number{"国発", 2016, 76, "号"}},
		{"沈政发2017 45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发 2017 45号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发201745号", Number{"沈政发", 2017, 45, "号"}},
		{"沈政发〔2017〕45", Number{"沈政发", 2017, 45, "号"}},
		{"  国办发〔2016〕19号\n", Number{"国办发", 2016, 19, "号"}},
		{"发改办财金〔2016〕1001号", Number{"发改办财金", 2016, 1001, "号"}},
		{"国发明电〔2020〕5号", Number{"国发明电", 2020, 5, "号"}},
		{"四川省政府令第195號", Number{"四川省政府令", 0, 195, "號"}},
		{"国务院令第588号", Number{"国务院令", 0, 588, "号"}},
		{"国务院令588号", Number{"国务院令", 0, 588, "号"}},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("Parse(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ in, wantSub string }{
		{"", "为空"},
		{"   ", "为空"},
		{"沈政发〔2017〕号", "缺少序号"},
		{"沈政发45号", "缺少年份"},
		{"沈政发〔1900〕45号", "年份 1900"},
		{"沈政发〔2101〕45号", "年份 2101"},
		{"沈政发〔17〕45号", "四位数字"},
		{"沈政发2017〕45号", "括号不完整"},
		{"〔2017〕45号", "缺少机关代字"},
		{"2017年〔2017〕45号", "只能由汉字组成"},
		{"**〔2017〕109號", "只能由汉字组成"},
		{"沈政发〔2017〕0号", "不能为 0"},
		{"沈政发〔2017〕0000号", "不能为 0"},
		{"沈政发〔2017〕1234567号", "过长"},
		{"这是一个很长的不像机关代字的短语〔2017〕5号", "过长"},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q): no error, want one containing %q", c.in, c.wantSub)
			continue
		}
		if !strings.Contains(err.Error(), c.wantSub) {
			t.Errorf("Parse(%q) error %q, want it to contain %q", c.in, err, c.wantSub)
		}
	}
}

func TestStringAndKey(t *testing.T) {
	cases := []struct {
		n        Number
		str, key string
	}{
		{Number{"遼政發", 2017, 19, "號"}, "遼政發〔2017〕19號", "辽政发〔2017〕19号"},
		{Number{"辽政发", 2017, 19, "号"}, "辽政发〔2017〕19号", "辽政发〔2017〕19号"},
		{Number{"沈政发", 2017, 45, ""}, "沈政发〔2017〕45号", "沈政发〔2017〕45号"},
		{Number{"瀋政發", 2017, 45, "號"}, "瀋政發〔2017〕45號", "沈政发〔2017〕45号"},
		{Number{"国発", 2016, 76, "号"}, "国発〔2016〕76号", "国发〔2016〕76号"},
		{Number{"四川省政府令", 0, 195, "號"}, "四川省政府令第195號", "四川省政府令第195号"},
	}
	for _, c := range cases {
		if got := c.n.String(); got != c.str {
			t.Errorf("%+v.String() = %q, want %q", c.n, got, c.str)
		}
		if got := c.n.Key(); got != c.key {
			t.Errorf("%+v.Key() = %q, want %q", c.n, got, c.key)
		}
	}
}

// Every written variant of one number must give one key.
func TestKeyVariants(t *testing.T) {
	variants := []string{
		"辽政发〔2017〕19号", "遼政發〔2017〕19號", "辽政发[2017]19号", "遼政發【2017】第19號",
		"辽政发（２０１７）０１９号", "辽政发 2017 19号", "辽政发(2017)19号", "遼政發［2017］19号",
	}
	for _, v := range variants {
		n, err := Parse(v)
		if err != nil {
			t.Errorf("Parse(%q): %v", v, err)
			continue
		}
		if got := n.Key(); got != "辽政发〔2017〕19号" {
			t.Errorf("Parse(%q).Key() = %q", v, got)
		}
	}
}
