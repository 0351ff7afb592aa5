package docno

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type found struct {
	written string // text[Start:End]
	agency  string
	year    int
	serial  int
	title   string
}

func collect(text string) []found {
	var out []found
	for _, m := range Find(text) {
		out = append(out, found{text[m.Start:m.End], m.Number.Agency, m.Number.Year, m.Number.Serial, m.Title})
	}
	return out
}

func checkFound(t *testing.T, label, text string, want []found) {
	t.Helper()
	got := collect(text)
	if len(got) != len(want) {
		t.Errorf("%s: found %d numbers, want %d\n got: %+v\nwant: %+v", label, len(got), len(want), got, want)
		return
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: match %d = %+v, want %+v", label, i, got[i], want[i])
		}
	}
}

// The agency must not swallow the words before it.
func TestFindAgencyBoundary(t *testing.T) {
	cases := []struct {
		text string
		want []found
	}{
		{"依据沈政发[2017]45号", []found{{"沈政发[2017]45号", "沈政发", 2017, 45, ""}}},
		{"根据国务院《关于加强政务诚信建设的指导意见》（国发〔2016〕76号）",
			[]found{{"国发〔2016〕76号", "国发", 2016, 76, "关于加强政务诚信建设的指导意见"}}},
		{"按照省政府辽政发〔2017〕19号文件要求", []found{{"辽政发〔2017〕19号", "辽政发", 2017, 19, ""}}},
		{"印发的通知(甘政发〔2017〕48號)精神", []found{{"甘政发〔2017〕48號", "甘政发", 2017, 48, ""}}},
		{"根据国务院国发〔2016〕76号", []found{{"国发〔2016〕76号", "国发", 2016, 76, ""}}},
		{"加强对国发〔2016〕76号文、川府发〔2018〕7号文及本意见的宣传",
			[]found{{"国发〔2016〕76号", "国发", 2016, 76, ""}, {"川府发〔2018〕7号", "川府发", 2018, 7, ""}}},
		{"贯彻落实国办发〔2016〕19号", []found{{"国办发〔2016〕19号", "国办发", 2016, 19, ""}}},
		{"转发国办函〔2019〕1号", []found{{"国办函〔2019〕1号", "国办函", 2019, 1, ""}}},
		{"省政府办公厅川办函〔2006〕206号", []found{{"川办函〔2006〕206号", "川办函", 2006, 206, ""}}},
		{"以及辽政办发〔2016〕23号和沈政办发〔2017〕5号",
			[]found{{"辽政办发〔2016〕23号", "辽政办发", 2016, 23, ""}, {"沈政办发〔2017〕5号", "沈政办发", 2017, 5, ""}}},
		{"与财预〔2017〕87号", []found{{"财预〔2017〕87号", "财预", 2017, 87, ""}}},
		{"(見川安監函〔2017〕162號附件1)", []found{{"川安監函〔2017〕162號", "川安監函", 2017, 162, ""}}},
		{"根據國務院國發〔2016〕76號", []found{{"國發〔2016〕76號", "國發", 2016, 76, ""}}},
		{"发文字号：发改办财金〔2016〕1001号", []found{{"发改办财金〔2016〕1001号", "发改办财金", 2016, 1001, ""}}},
		{"国发明电〔2020〕5号", []found{{"国发明电〔2020〕5号", "国发明电", 2020, 5, ""}}},
		{"关于嘉政发〔2018〕3号的补充", []found{{"嘉政发〔2018〕3号", "嘉政发", 2018, 3, ""}}},
		{"（四川省人民政府令第195号）", []found{{"四川省人民政府令第195号", "四川省人民政府令", 0, 195, ""}}},
		{"按照国务院令第588号规定", []found{{"国务院令第588号", "国务院令", 0, 588, ""}}},
	}
	for _, c := range cases {
		checkFound(t, c.text, c.text, c.want)
	}
}

func TestFindForms(t *testing.T) {
	cases := []struct {
		text string
		want []found
	}{
		{"见沈政发〔 2017 〕 45 号。", []found{{"沈政发〔 2017 〕 45 号", "沈政发", 2017, 45, ""}}},
		{"见沈政发 〔2017〕第045号。", []found{{"沈政发 〔2017〕第045号", "沈政发", 2017, 45, ""}}},
		{"见沈政发【２０１７】４５号。", []found{{"沈政发【２０１７】４５号", "沈政发", 2017, 45, ""}}},
		{"见沈政发（2017）45号。", []found{{"沈政发（2017）45号", "沈政发", 2017, 45, ""}}},
		{"见沈政发［2017］45号。", []found{{"沈政发［2017］45号", "沈政发", 2017, 45, ""}}},
		{"遼政發〔2017〕19號", []found{{"遼政發〔2017〕19號", "遼政發", 2017, 19, ""}}},
		{"《关于印发〈甲〉的通知》 （国发〔2016〕76号）", []found{{"国发〔2016〕76号", "国发", 2016, 76, "关于印发〈甲〉的通知"}}},
		{"《关于印发《甲》的通知》(国发〔2016〕76号)", []found{{"国发〔2016〕76号", "国发", 2016, 76, "关于印发《甲》的通知"}}},
		{"《甲》国发〔2016〕76号", []found{{"国发〔2016〕76号", "国发", 2016, 76, "甲"}}},
		{"《甲》《乙》(国发〔2016〕76号)", []found{{"国发〔2016〕76号", "国发", 2016, 76, "乙"}}},
		{"《甲》的通知(国发〔2016〕76号)", []found{{"国发〔2016〕76号", "国发", 2016, 76, ""}}},
		{"《甲\n乙》(国发〔2016〕76号)", []found{{"国发〔2016〕76号", "国发", 2016, 76, ""}}},
	}
	for _, c := range cases {
		checkFound(t, c.text, c.text, c.want)
	}
}

func TestFindRejects(t *testing.T) {
	texts := []string{
		"2017年〔2017〕5号",                        // no agency: 年 is a date, not a code
		"**〔2017〕109號",                         // redacted agency
		"〔2017〕45号",                            // no agency
		"沈政发〔1900〕45号",                         // year out of range
		"沈政发〔2101〕45号",                         // year out of range
		"沈政发〔17〕45号",                           // two-digit year
		"沈政发〔2017〕0号",                          // serial 0
		"沈政发〔2017〕1234567号",                    // serial too long
		"沈政发2017 45号",                          // bare form: Parse only
		"根據××發20077號文件精神",                      // bracket lost: ambiguous
		"（2018）川01民终123号",                      // court case number
		"第三条第5号",                               // no year, no 令
		"社会信用体系建设领导小组〔2017〕5号",                 // 12 characters, no lead-in: no bogus agency
		"〔牵头单位:市发展改革委〕45号",                     // not a year bracket
		"沈政发〔2017〕45号"[:len("沈政发〔2017〕45号")-1], // cut inside 号
		"号號号",
		"",
	}
	for _, text := range texts {
		if got := collect(text); len(got) != 0 {
			t.Errorf("Find(%q) = %+v, want none", text, got)
		}
	}
}

func TestFindOffsets(t *testing.T) {
	text := "为贯彻落实《国务院关于加强政务诚信建设的指导意见》(国发〔2016〕76号)精神"
	ms := Find(text)
	if len(ms) != 1 {
		t.Fatalf("Find: %d matches, want 1", len(ms))
	}
	m := ms[0]
	wantStart := strings.Index(text, "国发〔")
	wantEnd := strings.Index(text, ")精神")
	if m.Start != wantStart || m.End != wantEnd {
		t.Errorf("offsets %d..%d, want %d..%d", m.Start, m.End, wantStart, wantEnd)
	}
	if m.Title != "国务院关于加强政务诚信建设的指导意见" {
		t.Errorf("title %q", m.Title)
	}
}

// TestFindSeeds checks every number occurrence in the sample texts. The
// expected lists were written by reading the texts (see testdata/seeds).
func TestFindSeeds(t *testing.T) {
	const (
		gov76T  = "國務院關于加強政務誠信建設的指導意見"
		aqFile  = "關于印發<對安全生產領域守信行為開展聯合激勵的實施辦法>的通知"
		sajh17  = "川安監函〔2017〕162號"
		sajh18  = "川安監函〔2018〕100號"
		gov76S  = "国务院关于加强政务诚信建设的指导意见"
		emptyTi = ""
	)
	n := func(written, agency string, year, serial int, title string) found {
		return found{written, agency, year, serial, title}
	}
	want := map[string][]found{
		"000": {
			n("辽政发〔2017〕19号", "辽政发", 2017, 19, ""),
			n("国发〔2016〕76号", "国发", 2016, 76, gov76S),
		},
		"001": {
			n("沈政发〔2017〕45号", "沈政发", 2017, 45, ""),
			n("沈政发〔2017〕45号", "沈政发", 2017, 45, ""),
			n("辽政发〔2017〕19号", "辽政发", 2017, 19, "辽宁省人民政府关于印发〈辽宁省加强政务诚信建设实施方案〉的通知"),
		},
		"002": {
			n("國發〔2016〕76號", "國發", 2016, 76, "關于加強政務誠信建設的指導意見"),
			n("甘政發〔2017〕48號", "甘政發", 2017, 48, ""),
			// (**〔2017〕109號): redacted agency, not a number
			n("國發〔2016〕76號", "國發", 2016, 76, gov76T),
			n("蘇政發〔2018〕23號", "蘇政發", 2018, 23, "江蘇省關于加強政務誠信建設的實施意見"),
			n("川辦函〔2016〕81號", "川辦函", 2016, 81, "四川省人民政府辦公廳關于印發四川省行政許可和行政處罰等信用信息公示工作實施方案的通知"),
			n("安監總辦〔2017〕133號", "安監總辦", 2017, 133, aqFile),
			n("安監總辦〔2017〕133號", "安監總辦", 2017, 133, aqFile),
			n("發改財金〔2016〕1001號", "發改財金", 2016, 1001, "關于印發〈關于對安全生產領域失信生產經營單位及其有關人員開展聯合懲戒的合作備忘錄〉的通知"),
			n("四川省政府令第195號", "四川省政府令", 0, 195, "四川省行政機關征集與披露企業信用信息管理辦法"),
			n("安監總辦〔2017〕49號", "安監總辦", 2017, 49, "對安全生產領域失信行為開展聯合懲戒的實施辦法"),
			n(sajh17, "川安監函", 2017, 162, ""),
			n(sajh17, "川安監函", 2017, 162, ""),
			n(sajh17, "川安監函", 2017, 162, ""),
			n(sajh17, "川安監函", 2017, 162, ""),
			n("發改財金〔2017〕2219號", "發改財金", 2017, 2219, "關于對安全生產領域守信生產經營單位及其有關人員開展聯合激勵的合作備忘錄"),
			n(sajh18, "川安監函", 2018, 100, ""),
			n(sajh18, "川安監函", 2018, 100, ""),
			n(sajh18, "川安監函", 2018, 100, ""),
			n(sajh18, "川安監函", 2018, 100, ""),
			n(sajh18, "川安監函", 2018, 100, ""),
			n(sajh18, "川安監函", 2018, 100, ""),
			n(sajh18, "川安監函", 2018, 100, ""),
			n("川安辦〔2017〕46號", "川安辦", 2017, 46, "四川省政府安委會辦公室關于深入推進安全生產誠信體系建設的意見"),
		},
		"003": {
			n("遼政辦〔2016〕23號", "遼政辦", 2016, 23, ""),
			n("國辦發〔2016〕19號", "國辦發", 2016, 19, "國務院辦公廳關于印發2016年政務公開工作要點的通知"),
		},
		"004": {
			n("国发〔2005〕39号", "国发", 2005, 39, "关于落实科学发展观加强环境保护的决定"),
			n("川府发〔2007〕53号", "川府发", 2007, 53, "关于加强全省城镇污水处理厂建设和管理的通知"),
			n("川办发〔2006〕50号", "川办发", 2006, 50, "印发省建设厅等部门〈关于进一步深化市政公用行业改革的意见〉的通知"),
			n("川办发〔2005〕24号", "川办发", 2005, 24, "印发省物价局等部门〈关于四川省城市生活污水处理费收费管理办法〉的通知"),
			n("川办函〔2006〕206号", "川办函", 2006, 206, "转发省物价局等部门〈关于加快推进城市污水处理收费工作意见〉的通知"),
			n("成府发〔2012〕44号", "成府发", 2012, 44, ""),
			n("国发〔2011〕46号", "国发", 2011, 46, "关于加强和改进消防工作的意见"),
			n("川府发〔2012〕27号", "川府发", 2012, 27, "关于加强和改进消防工作的实施意见"),
			n("成府发〔2018〕12号", "成府发", 2018, 12, ""),
			n("国发〔2016〕76号", "国发", 2016, 76, gov76S),
			n("川府发〔2018〕7号", "川府发", 2018, 7, "四川省人民政府关于加强政务诚信建设的实施意见"),
			n("国发〔2016〕76号", "国发", 2016, 76, emptyTi),
			n("川府发〔2018〕7号", "川府发", 2018, 7, emptyTi),
		},
	}
	files, err := filepath.Glob("../../testdata/seeds/*.txt")
	if err != nil || len(files) != len(want) {
		t.Fatalf("seed files: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := filepath.Base(f)[:3]
		checkFound(t, id, string(b), want[id])
	}
}

// The same number in both scripts gives one key (issue 3).
func TestFindKeysAcrossScripts(t *testing.T) {
	a := Find("依据遼政發〔2017〕19號")
	b := Find("依据辽政发〔2017〕19号")
	if len(a) != 1 || len(b) != 1 || a[0].Number.Key() != b[0].Number.Key() {
		t.Fatalf("keys differ: %+v / %+v", a, b)
	}
}

func BenchmarkFind(b *testing.B) {
	data, err := os.ReadFile("../../testdata/seeds/002_5dced79111b9f870.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Find(text)
	}
}
