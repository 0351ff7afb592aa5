package importer

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/docno"
	"gongkai/generator/model"
	"gongkai/generator/resolve"
)

func TestDecode(t *testing.T) {
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("遼政辦〔2016〕23號")
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("沈政发〔2017〕45号")
	for _, c := range []struct {
		in, text, enc string
	}{
		{"沈政发〔2017〕45号", "沈政发〔2017〕45号", EncUTF8},
		{"\xEF\xBB\xBF沈政发", "沈政发", EncUTF8BOM},
		{utf16, "遼政辦〔2016〕23號", EncUTF16LE},
		{gbk, "沈政发〔2017〕45号", EncGB18030},
	} {
		text, enc, err := Decode([]byte(c.in))
		if err != nil || text != c.text || enc != c.enc {
			t.Errorf("Decode(%q) = %q, %s, %v; want %q, %s", c.in, text, enc, err, c.text, c.enc)
		}
	}
	for _, bad := range []string{"\xEF\xBB\xBF\xff\xfe\xfd", "\x81\x20\xff"} {
		if _, _, err := Decode([]byte(bad)); err == nil || !strings.Contains(err.Error(), "UTF-8") {
			t.Errorf("Decode(%q): err = %v", bad, err)
		}
	}
}

// TestDecodeBinary: a binary file is refused, whatever encoding its bytes
// happen to fit, and a U+FFFD that the source encodes does not excuse bytes
// the decoder could not read.
func TestDecodeBinary(t *testing.T) {
	gbk := func(s string) string { e, _ := simplifiedchinese.GB18030.NewEncoder().String(s); return e }
	fffd := "\x84\x31\xA4\x37" // U+FFFD in GB18030
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("沈政发\x00号")
	for _, c := range []struct{ name, in, msg string }{
		{"encoded U+FFFD and an unreadable byte", gbk("沈政发") + fffd + "\x81\x20" + gbk("号"), "无法识别文件编码"},
		{"unreadable bytes before an encoded U+FFFD", "abc\x81\x20\xff\xfe" + fffd, "无法识别文件编码"},
		{"UTF-8 with NUL", "沈政发\x00〔2017〕45号", "控制字符"},
		{"GB18030 with NUL", gbk("沈政发\x00〔2017〕45号"), "控制字符"},
		{"UTF-16 with NUL", utf16, "控制字符"},
		{"executable header", "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "控制字符"},
		{"escape character", "沈政发\x1b[0m", "控制字符"},
	} {
		if _, _, err := Decode([]byte(c.in)); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err = %v, want one saying %s", c.name, err, c.msg)
		}
	}
	// Plain text: tabs, form feeds, CR LF, and U+FFFD the source encodes.
	for _, c := range []struct{ in, text string }{
		{"第一页\t正文\r\n\f第二页\n", "第一页\t正文\r\n\f第二页\n"},
		{gbk("沈政发") + fffd + gbk("号") + fffd, "沈政发\uFFFD号\uFFFD"},
		{"沈政发\uFFFD号", "沈政发\uFFFD号"},
	} {
		if text, _, err := Decode([]byte(c.in)); err != nil || text != c.text {
			t.Errorf("Decode(%q) = %q, %v; want %q", c.in, text, err, c.text)
		}
	}
}

func TestDebris(t *testing.T) {
	// Lines from the seeds (001, 004) and from common CMS pages. (Spam under
	// an annex table, as 003's last line, is found by its place: TestTableTrail.)
	for _, s := range []string{
		"浏览量:          时间:2018-07-07 01:35:56",
		"郑州外资企业服务中心微信公众号",
		"扫描二维码 关注我们",
		"本文链接://www.0798ci.com/rule/37489.html",
		"本文关键词: 沈阳市, 政策法规, 规范性文件",
		"选择特殊符号", "选择搜索类型", "请输入搜索",
		"【打印】【关闭】", "上一篇：某某市召开安全生产会议", "责任编辑：张三", "首页 > 政府信息公开 > 政策文件",
		"http://www.gov.cn/zhengce/content/2016-12/30/content_5154830.htm",
		"第 3 页 共 10 页", "阅读次数：1024",
	} {
		if debrisReason(s) == "" {
			t.Errorf("%q not recognised as debris", s)
		}
	}
	// Policy sentences that mention the same words stay.
	for _, s := range []string{
		"推广使用二维码查询办事进度，群众可通过政府网站搜索相关信息。",
		"国务院关于加强政务微博微信公众号建设的通知",
		"（一）加强政府网站建设。加快政府网站数据库建设，着力完善搜索查询功能。",
		"各级政府要在本级政府网站公开预决算信息，浏览量较大的栏目要优先保障。",
	} {
		if r := debrisReason(s); r != "" {
			t.Errorf("%q taken for debris (%s)", s, r)
		}
	}
}

func TestSplitFlattened(t *testing.T) {
	// Seed 000 line 7: a whole document on one line.
	got := splitFlattened("辽宁省人民政府关于印发辽宁省加强政务诚信建设实施方案的通知 辽政发〔2017〕19号 各市人民政府,省政府各厅委、各直属机构: 现将《辽宁省加强政务诚信建设的实施方案》印发给你们,请认真贯彻执行。 辽宁省人民政府 2017年4月9日 辽宁省加强政务诚信建设的实施方案")
	want := []string{"辽宁省人民政府关于印发辽宁省加强政务诚信建设实施方案的通知", "辽政发〔2017〕19号", "各市人民政府,省政府各厅委、各直属机构:",
		"现将《辽宁省加强政务诚信建设的实施方案》印发给你们,请认真贯彻执行。", "辽宁省人民政府", "2017年4月9日", "辽宁省加强政务诚信建设的实施方案"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("flattened document:\n got %q\nwant %q", got, want)
	}
	// Seed 000 line 1: a news item of two paragraphs.
	if got := splitFlattened("治愈出院。 据辽宁支援武汉医疗队总联络人梁宏军介绍"); len(got) != 2 {
		t.Errorf("news paragraphs: %q", got)
	}
	// Seed 004 line 80: a stray space after a lead-in is not a paragraph break.
	for _, s := range []string{"(三)工作目标。 到2020年,建成覆盖全市的政务信用信息征集", "签发日期 2018年 10月 8日", "达到 75%以上的管网建设目标。"} {
		if got := splitFlattened(s); len(got) != 1 {
			t.Errorf("%q split into %q", s, got)
		}
	}
}

func TestCleanSpaces(t *testing.T) {
	for in, want := range map[string]string{
		"(三)工作目標。 到2020年":    "(三)工作目標。到2020年",
		"政協民主監督, 發揮社會的監督作用。": "政協民主監督,發揮社會的監督作用。",
		"辽宁省人民政府 辽宁省军区":      "辽宁省人民政府 辽宁省军区", // joint signature: names stay apart
		"第一章　总则":             "第一章 总则",
	} {
		if got := cleanSpaces(in); got != want {
			t.Errorf("cleanSpaces(%q) = %q, want %q", in, got, want)
		}
	}
}

func classOf(s string) kind {
	l := newLine(s, 1, 0)
	return classifyOne(l)
}

func TestClassify(t *testing.T) {
	for s, k := range map[string]kind{
		"第二篇:A市加強政務誠信建設實施方案——地方規范性文件": kMarker,
		"遼政辦〔2016〕23號": kDocNo,
		"沈政发〔2017〕45号《沈阳市人民政府关于印发沈阳市加强政务诚信建设工作方案的通知》": kDocNoHead,
		"文号:成府发〔2018〕12号":                kLabel,
		"签发日期:2018-10-08":                kLabel,
		"成都市人民政府关于加强和改进消防工作的实施意见":        kTitle,
		"工作要點的實施方案":                      kTitle,
		"国务院关于加强政务诚信建设的指导意见（试行）":         kTitle,
		"辽宁省人民政府文件":                      kBanner,
		"各市人民政府,省政府各廳委、各直屬機構:":           kAddressee,
		"各区(市)县政府,市政府有关部门,有关单位:":         kAddressee,
		"各省、自治区、直辖市人民政府，国务院各部委、各直属机构：":   kAddressee,
		"一、總體要求":                         kH1,
		"(一)指導思想。全面貫徹落實黨的十九大精神":          kH2,
		"（二）基本原则。":                       kH2,
		"1.建立健全政务诚信教育机制。":                kH3,
		"1、領導班子有新形象。":                    kH3,
		"(1)未按規定取得安全生產許可,擅自開展生產經營建設活動的;": kH4,
		"遼寧省人民政府辦公廳":                     kSigOrgan,
		"2016年6月4日":                      kDate,
		"二〇一六年六月四日":                      kDate,
		"附件:落實《2016年政務公開工作要點》主要任務明細表":    kAnnexNote,
		"附件":  kAnnex,
		"附件2": kAnnex,
		"抄送:市委有關部門,市人大常委會辦公室,市政協辦公室。": kCC,
		"辽宁省人民政府办公厅 2016年6月5日印发":      kCC,
		"（此件公开发布）":                    kNote,
		"第一章 总则":                      kChapter,
		"第十二条 本办法自发布之日起施行。":           kArticle,
		"為充分發揮政府在社會信用體系建設中的示范、引領和表率作用,制定本實施方案。": kText,
		"第一階段:“以案學紀、廉潔從政”專題教育活動(4-5月)":          kSection,
		"重點承諾內容:一是嚴格執行安全生產法律法規":                 kText,
		"小城镇污水处理厂建设走向何方":                        kText,
	} {
		if got := classOf(s); got != k {
			t.Errorf("classify(%q) = %d, want %d", s, got, k)
		}
	}
}

func TestTitleAcrossLines(t *testing.T) {
	// Seed 003's header: number, then the title over three lines.
	text := "遼政辦〔2016〕23號\n遼寧省人民政府辦公廳關于\n貫徹落實國務院辦公廳2016年政務公開\n工作要點的實施方案\n各市人民政府,省政府各廳委、各直屬機構:\n　　為貫徹落實有關精神,現提出如下實施方案。\n"
	docs, _, _ := parseText(text, Options{})
	if len(docs) != 1 || docs[0].title != "遼寧省人民政府辦公廳關于貫徹落實國務院辦公廳2016年政務公開工作要點的實施方案" {
		t.Fatalf("docs %+v", docs)
	}
	if !reflect.DeepEqual(docs[0].organs, []string{"遼寧省人民政府辦公廳"}) {
		t.Errorf("organ from title: %v", docs[0].organs)
	}
}

func TestOrgansFromTitle(t *testing.T) {
	for title, want := range map[string][]string{
		"辽宁省人民政府关于加强诚信政府建设的决定":               {"辽宁省人民政府"},
		"江西省人民政府办公厅转发省环保厅关于城镇污水处理厂建设若干意见的通知": {"江西省人民政府办公厅"},
		"中共某某市委 某某市人民政府关于加强基层治理的意见":          {"中共某某市委", "某某市人民政府"},
		"市關于加強政務誠信建設的實施方案":                   nil, // 市 alone names no organ
		"南京市統計領域政務誠信建設實施方案":                  nil,
	} {
		if got := organsFromTitle(title); !reflect.DeepEqual(got, want) {
			t.Errorf("organsFromTitle(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestSignatureAndDates(t *testing.T) {
	text := "某某县人民政府关于做好春耕生产工作的通知\n各乡镇人民政府：\n现将有关事项通知如下。\n某某县人民政府\n二〇一九年三月十日\n"
	docs, _, _ := parseText(text, Options{})
	if len(docs) != 1 || docs[0].signed.ISO() != "2019-03-10" || !reflect.DeepEqual(docs[0].organs, []string{"某某县人民政府"}) {
		t.Fatalf("%+v", docs[0])
	}
	// Organ and date on one line, joint signature.
	text = "关于加强安全生产的意见\n各有关单位：\n为加强安全生产，提出如下意见。\n某某市应急管理局 某某市交通运输局\n2021年5月6日\n"
	docs, _, _ = parseText(text, Options{})
	if docs[0].signed.ISO() != "2021-05-06" || !reflect.DeepEqual(docs[0].organs, []string{"某某市应急管理局", "某某市交通运输局"}) {
		t.Errorf("joint: %v %v", docs[0].signed, docs[0].organs)
	}
	text = "关于加强安全生产的意见\n各有关单位：\n为加强安全生产，提出如下意见。\n某某市应急管理局　　2021年5月6日\n"
	docs, _, _ = parseText(text, Options{})
	if docs[0].signed.ISO() != "2021-05-06" || !reflect.DeepEqual(docs[0].organs, []string{"某某市应急管理局"}) {
		t.Errorf("one line: %v %v", docs[0].signed, docs[0].organs)
	}
}

func TestLabels(t *testing.T) {
	// A national-portal metadata block, two fields to a line.
	text := "索  引  号：000014349/2016-00253\t主题分类：综合政务\\其他\n发文机关：国务院\t成文日期：2016年12月22日\n标　　题：国务院关于加强政务诚信建设的指导意见\n发文字号：国发〔2016〕76号\t发布日期：2016年12月30日\n国务院关于加强政务诚信建设的指导意见\n国发〔2016〕76号\n各省、自治区、直辖市人民政府：\n现提出以下意见。\n"
	docs, _, _ := parseText(text, Options{})
	d := docs[0]
	if d.title != "国务院关于加强政务诚信建设的指导意见" || d.number.String() != "国发〔2016〕76号" || d.indexNo != "000014349/2016-00253" ||
		d.topic != "综合政务/其他" || d.published.ISO() != "2016-12-30" || d.signed.ISO() != "2016-12-22" || !reflect.DeepEqual(d.organs, []string{"国务院"}) {
		t.Errorf("%+v", d)
	}
	if strings.Contains(d.markdown, "索引号") || !strings.HasPrefix(d.markdown, "各省、自治区、直辖市人民政府：") {
		t.Errorf("body %q", d.markdown)
	}
}

func TestValidity(t *testing.T) {
	for _, c := range []struct {
		clause         string
		years          int
		effective, exp string
	}{
		{"本意见自印发之日起施行,有效期5年。", 5, "2012-11-20", ""},
		// expires is the first day no longer in force: the day after the
		// last day a 有效期至 clause names.
		{"本办法自2013年1月1日起施行,有效期至2017年12月31日。", 0, "2013-01-01", "2018-01-01"},
		{"本办法自2020年1月1日起施行，有效期至2024年2月28日。", 0, "2020-01-01", "2024-02-29"},
		{"有效期自2018年1月1日起至2022年12月31日止。", 0, "2018-01-01", "2023-01-01"},
		{"本通知自发布之日起施行。", 0, "", ""}, // 发布日期 unknown
	} {
		text := "某某市人民政府关于某事的意见\n各有关单位：\n一、总体要求\n请认真执行。\n" + c.clause + "\n某某市人民政府\n2012年11月20日\n"
		docs, _, _ := parseText(text, Options{})
		d := docs[0]
		if d.validYears != c.years || d.effective.ISO() != c.effective || d.expires.ISO() != c.exp {
			t.Errorf("%s: years %d effective %s expires %s", c.clause, d.validYears, d.effective.ISO(), d.expires.ISO())
		}
	}
}

// TestValidityLabels: a 有效期至 label names the last day in force, a 失效日期
// label the first day no longer in force, which is what expires holds.
func TestValidityLabels(t *testing.T) {
	for label, want := range map[string]string{
		"有效期至：2024年12月31日": "2025-01-01",
		"有效期：至2024年12月31日": "2025-01-01",
		"失效日期：2025年1月1日":   "2025-01-01",
		"失效日期：2024年12月31日": "2024-12-31",
	} {
		text := "发文字号：某政发〔2019〕201号\n" + label + "\n某某市人民政府关于某事的意见\n各有关单位：\n一、总体要求\n请认真执行。\n某某市人民政府\n2019年12月1日\n"
		docs, _, _ := parseText(text, Options{})
		if len(docs) != 1 {
			t.Errorf("%s: %d documents", label, len(docs))
		} else if got := docs[0].expires.ISO(); got != want {
			t.Errorf("%s: expires %s, want %s", label, got, want)
		}
	}
}

// TestValidityAgreesWithBuild: the build's own check of validity clauses
// finds nothing to correct in what the importer wrote.
func TestValidityAgreesWithBuild(t *testing.T) {
	text := "某政发〔2019〕203号\n某某市人民政府关于印发某某市测试管理办法的通知\n各区人民政府，市政府各部门：\n为加强管理，制定本办法。\n一、总则\n各部门要加强管理。\n" +
		"本办法自2020年1月1日起施行，有效期至2024年12月31日。\n某某市人民政府\n2019年12月1日\n"
	files, _, err := Import([]Input{{Name: "v.txt", Data: []byte(text)}}, Options{})
	if err != nil || len(files) != 1 {
		t.Fatalf("%d files, %v", len(files), err)
	}
	if !strings.Contains(string(files[0].Data), "expires = 2025-01-01\n") {
		t.Errorf("front matter:\n%s", files[0].Data)
	}
	fsys := fstest.MapFS{files[0].Path: &fstest.MapFile{Data: files[0].Data}}
	var diags diag.List
	cfg := &config.Config{}
	res := content.Load(fsys, cfg, &diags, nil)
	asOf, _ := model.ParseISO("2021-01-01")
	resolve.Resolve(res, cfg, asOf, &diags, nil, nil)
	for _, d := range diags.Sorted() {
		if strings.Contains(d.String(), "expires") || strings.Contains(d.String(), "有效期") {
			t.Errorf("%s", d.String())
		}
	}
}

func TestRender(t *testing.T) {
	for in, want := range map[*node]string{
		{kind: kH1, text: "一、总体要求", fold: "一、总体要求"}: "## 一、总体要求",
		{kind: kH2, text: "（一）指导思想。以习近平新时代中国特色社会主义思想为指导。", fold: "(一)指导思想。以习近平新时代中国特色社会主义思想为指导。"}: "**（一）指导思想。**以习近平新时代中国特色社会主义思想为指导。",
		{kind: kH2, text: "(一)堅持依法統計", fold: "(一)坚持依法统计"}:                                     "**(一)堅持依法統計**",
		{kind: kH3, text: "1.建立健全政务诚信教育机制。深入开展公务员诚信教育。", fold: "1.建立健全政务诚信教育机制。深入开展公务员诚信教育。"}: "**1.建立健全政务诚信教育机制。**深入开展公务员诚信教育。",
		{kind: kH4, text: "(1)信息采集。", fold: "(1)信息采集。"}:                                       "(1)信息采集。",
		{kind: kText, text: "1.有關會議包括省政府常務會議;", fold: "1.有关会议包括省政府常务会议;"}:                     "1\\.有關會議包括省政府常務會議;",
		{kind: kText, text: "《**省人民政府關于印發<實施辦法>的通知》", fold: ""}:                               "《\\*\\*省人民政府關于印發\\<實施辦法\\>的通知》",
		{kind: kArticle, text: "第一条为了规范政府信息公开工作,制定本办法。", fold: "第一条为了规范政府信息公开工作,制定本办法。"}:      "**第一条**　为了规范政府信息公开工作,制定本办法。",
	} {
		if got := renderNode(in, true); got != want {
			t.Errorf("render %q = %q, want %q", in.text, got, want)
		}
	}
}

func TestJoinBrokenParagraphs(t *testing.T) {
	// Seed 002 lines 51–52: a page break with its page number inside a paragraph.
	text := "第二篇:某市實施方案\n一、總體要求\n(九)加強政府采購領域政務誠信建設。建立政府采購方面\n-4-的政務誠信責任制,加強對采購人的監督。\n(十)加強政府和社會資本合作領域政務誠信建設。\n"
	docs, dropped, _ := parseText(text, Options{})
	if !strings.Contains(docs[0].markdown, "**(九)加強政府采購領域政務誠信建設。**建立政府采購方面的政務誠信責任制,加強對采購人的監督。\n") {
		t.Errorf("not joined:\n%s", docs[0].markdown)
	}
	if len(dropped) != 1 || dropped[0].text != "-4-" {
		t.Errorf("dropped %v", dropped)
	}
	// A heading line is never joined with the paragraph under it.
	text = "第一篇:某方案\n五、明確職責,落實責任\n市政府有關部門要按照職能認真履行職責。\n"
	docs, _, _ = parseText(text, Options{})
	if !strings.Contains(docs[0].markdown, "## 五、明確職責,落實責任\n\n市政府") {
		t.Errorf("heading joined:\n%s", docs[0].markdown)
	}
}

// TestJoinAfterComma: a line hard-wrapped after a comma or an enumeration
// comma continues its sentence on the next line; a heading or a numbered
// item after it, and a line after a semicolon, start anew.
func TestJoinAfterComma(t *testing.T) {
	text := "某某市人民政府关于加强城市管理工作的通知\n各区人民政府，市政府各部门：\n" +
		"为进一步加强城市管理工作，提升城市精细化管理水平，\n营造整洁有序的城市环境，现就有关事项通知如下。\n" +
		"一、明确工作目标\n到2022年底，城市环境卫生、市容秩序、交通秩序、\n园林绿化明显改善,群众满意度明显提升,\nthe rest in English.\n" +
		"二、落实工作责任\n各区要建立健全工作机制，加强统筹协调，\n（一）压实属地责任。各区人民政府是责任主体。\n" +
		"各部门要建立健全联席会议制度；\n定期研究解决城市管理中的重大问题。\n" +
		"各部门要切实加强组织领导，明确责任分工，\n三、强化督促检查\n市政府督查室要加强督查。\n" +
		"某某市人民政府\n2021年3月1日\n"
	docs, _, _ := parseText(text, Options{})
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	md := docs[0].markdown
	for _, want := range []string{
		"\n为进一步加强城市管理工作，提升城市精细化管理水平，营造整洁有序的城市环境，现就有关事项通知如下。\n",
		"\n到2022年底，城市环境卫生、市容秩序、交通秩序、园林绿化明显改善,群众满意度明显提升, the rest in English.\n",
		"\n各区要建立健全工作机制，加强统筹协调，\n\n**（一）压实属地责任。**",
		"\n各部门要建立健全联席会议制度；\n\n定期研究",
		"\n各部门要切实加强组织领导，明确责任分工，\n\n## 三、强化督促检查\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("want %q in\n%s", want, md)
		}
	}
}

func TestSplitting(t *testing.T) {
	// A new title with its header after a document without signature, and
	// a new title after a signature: three documents.
	text := "甲市人民政府关于甲事的意见\n甲府发〔2019〕1号\n各区政府：\n一、总体要求\n做好甲事。\n乙市人民政府关于乙事的通知\n乙府发〔2019〕2号\n各区政府：\n做好乙事。\n乙市人民政府\n2019年2月1日\n丙市人民政府关于丙事的决定\n各区政府：\n做好丙事。\n"
	docs, _, _ := parseText(text, Options{})
	var titles []string
	for _, d := range docs {
		titles = append(titles, d.title)
	}
	want := []string{"甲市人民政府关于甲事的意见", "乙市人民政府关于乙事的通知", "丙市人民政府关于丙事的决定"}
	if !reflect.DeepEqual(titles, want) {
		t.Errorf("titles %q", titles)
	}
	// A notice that issues a plan keeps the plan (seed 001's form).
	text = "某市人民政府关于印发某市工作方案的通知\n某政发〔2017〕45号\n各区政府：\n现将《某市工作方案》印发给你们，请认真贯彻落实。\n某市人民政府\n2017年8月25日\n某市工作方案\n一、总体要求\n做好工作。\n"
	docs, _, _ = parseText(text, Options{})
	if len(docs) != 1 || !strings.Contains(docs[0].markdown, "\n## 某市工作方案\n\n## 一、总体要求\n") {
		t.Errorf("issued plan split off: %d docs\n%s", len(docs), docs[0].markdown)
	}
}

func TestNews(t *testing.T) {
	text := "某某市召开政务公开工作会议\n发布时间：2021-03-02 10:30　来源：某某日报\n　　3月1日，某某市召开政务公开工作会议，部署全年重点任务。\n　　会议强调，要加强政策解读和回应关切。\n责任编辑：张三\n"
	docs, dropped, _ := parseText(text, Options{})
	if len(docs) != 1 {
		t.Fatalf("%d docs", len(docs))
	}
	d := docs[0]
	if d.kind != "news" || d.title != "某某市召开政务公开工作会议" || d.source != "某某日报" || d.published.ISO() != "2021-03-02" {
		t.Errorf("%+v", d)
	}
	if d.markdown != "3月1日，某某市召开政务公开工作会议，部署全年重点任务。\n\n会议强调，要加强政策解读和回应关切。\n" {
		t.Errorf("body %q", d.markdown)
	}
	if len(dropped) != 1 {
		t.Errorf("dropped %v", dropped)
	}
}

func TestTableWithoutUnits(t *testing.T) {
	// A table with 序号 but no units: Markdown only, no task file.
	text := "某某方案\n各有关单位：\n现印发如下。\n附件\n序号\n工作内容\n完成时限\n1\n开展调查\n6月底前完成\n2\n形成报告\n年底前完成\n"
	docs, _, _ := parseText(text, Options{})
	d := docs[0]
	if len(d.tables) != 1 || d.tables[0].isTaskTable() {
		t.Fatalf("tables %+v", d.tables)
	}
	if !strings.Contains(d.markdown, "| 序号 | 工作内容 | 完成时限 |\n| --- | --- | --- |\n| 1 | 开展调查 | 6月底前完成 |\n| 2 | 形成报告 | 年底前完成 |") {
		t.Errorf("markdown:\n%s", d.markdown)
	}
}

func TestSlugs(t *testing.T) {
	for in, want := range map[string]string{
		"遼政辦〔2016〕23號":   "liaozhengban-2016-23",
		"沈政发〔2017〕45号":   "shenzhengfa-2017-45",
		"成府发〔2012〕44号":   "chengfufa-2012-44",
		"国办发〔2016〕19号":   "guobanfa-2016-19",
		"川安监函〔2017〕162号": "chuananjianhan-2017-162",
	} {
		n, err := parseNumber(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := numberSlug(n); got != want {
			t.Errorf("numberSlug(%s) = %s, want %s", in, got, want)
		}
	}
	n, _ := parseNumber("某府办发〔2020〕8号") // 某 is no agency character: hash-based
	if got := numberSlug(n); !strings.HasPrefix(got, "doc-") || !strings.HasSuffix(got, "-2020-8") || got != numberSlug(n) {
		t.Errorf("fallback slug %s", got)
	}
}

func TestHTMLRemnants(t *testing.T) {
	text := "<p>各有关单位：</p><p>&nbsp;&nbsp;为做好工作，现通知如下。</p>一、总体要求<br/>请认真执行。"
	docs, _, _ := parseText(text, Options{Kind: "policy"})
	if len(docs) != 1 || strings.Contains(docs[0].markdown, "<p>") || strings.Contains(docs[0].markdown, "nbsp") ||
		!strings.Contains(docs[0].markdown, "## 一、总体要求") {
		t.Errorf("%+v", docs)
	}
}

func parseNumber(s string) (docnoNumber, error) { return docno.Parse(s) }

type docnoNumber = docno.Number

// Run-in items: seed 002 line 85 (南京, …“一票否決”。6.健全統計數據真實性責任制。)
// and lines 199–202 (綿陽, headings at the ends of the paragraphs before them).
func TestRunInItems(t *testing.T) {
	text := "第一篇:某方案\n四、重點工作任務\n5.完善統計守信踐諾制度。開展統計誠信承諾活動。實行“一票否決”。6.健全統計數據真實性責任制。深化統計管理體制改革。\n" +
		"五、保障措施\n(一)加強組織領導。\n各部門要明確具體負責人。(二)加大宣傳力度。\n請各鄉鎮迅速轉發。(三)發揮典型示范作用。\n各行業部門要充分發揮示范引領作用。\n"
	docs, _, _ := parseText(text, Options{})
	want := "## 四、重點工作任務\n\n" +
		"**5.完善統計守信踐諾制度。**開展統計誠信承諾活動。實行“一票否決”。\n\n" +
		"**6.健全統計數據真實性責任制。**深化統計管理體制改革。\n\n" +
		"## 五、保障措施\n\n" +
		"### (一)加強組織領導。\n\n各部門要明確具體負責人。\n\n" +
		"### (二)加大宣傳力度。\n\n請各鄉鎮迅速轉發。\n\n" +
		"### (三)發揮典型示范作用。\n\n各行業部門要充分發揮示范引領作用。\n"
	if len(docs) != 1 || docs[0].markdown != want {
		t.Errorf("got\n%s\nwant\n%s", docs[0].markdown, want)
	}
	// Not split: an enumeration inside one paragraph, a number that is not
	// the next one, a decimal.
	var nb numbering
	nb.see(2, 1)
	for _, s := range []string{
		"主要包括:(一)建立制度。(二)完善機制。",
		"已完成。(三)加強領導。",
		"增長1。2.5億元用于建設。",
	} {
		if got := nb.split(s); len(got) != 1 {
			t.Errorf("split(%q) = %q", s, got)
		}
	}
}

func TestChineseNumber(t *testing.T) {
	for s, n := range map[string]int{"一": 1, "九": 9, "十": 10, "十二": 12, "二十": 20, "二十三": 23, "一百零五": 0, "百": 100, "甲": 0} {
		if got := chineseNumber(s); got != n {
			t.Errorf("chineseNumber(%q) = %d, want %d", s, got, n)
		}
	}
}

// A （一） line of its own is a heading when text or deeper items follow,
// a bold item when its next sibling follows (seed 002, 作風建設年: 第二階段,
// then (二)…黨課。 (三)…測試。).
func TestSubheadings(t *testing.T) {
	text := "第一篇:某方案\n三、活動安排\n第一階段:“以案學紀、廉潔從政”專題教育活動(4-5月)\n(一)組織一次集中學習。\n(二)上一堂廉政黨課。\n四、保障措施\n(一)統一思想\n1.加強學習。認真學習有關規定。\n"
	docs, _, _ := parseText(text, Options{})
	want := "## 三、活動安排\n\n### 第一階段:“以案學紀、廉潔從政”專題教育活動(4-5月)\n\n**(一)組織一次集中學習。**\n\n**(二)上一堂廉政黨課。**\n\n" +
		"## 四、保障措施\n\n### (一)統一思想\n\n**1.加強學習。**認真學習有關規定。\n"
	if docs[0].markdown != want {
		t.Errorf("got\n%s\nwant\n%s", docs[0].markdown, want)
	}
}

// The date in a page's counter bar (seed 001 line 3) is the 发布日期 of the
// document next to it; the bar itself is dropped.
func TestPageDate(t *testing.T) {
	text := "《某某市人民政府关于印发某某方案的通知》\n浏览量:          时间:2018-07-07 01:35:56\n某政发〔2017〕45号\n各区人民政府:\n现将《某某方案》印发给你们,请认真贯彻落实。\n某某市人民政府\n2017年8月25日\n"
	docs, dropped, _ := parseText(text, Options{})
	if len(docs) != 1 || docs[0].published.ISO() != "2018-07-07" {
		t.Fatalf("docs %+v", docs)
	}
	if len(dropped) != 1 || !strings.HasPrefix(dropped[0].text, "浏览量") {
		t.Errorf("dropped %v", dropped)
	}
	// A 时间 written in the text, not in a page bar, is not a 发布日期.
	docs, _, _ = parseText("某政发〔2017〕46号\n各区人民政府:\n会议时间:2018-07-07。请准时参加。\n某某市人民政府\n2017年8月25日\n", Options{})
	if !docs[0].published.IsZero() {
		t.Errorf("published %s", docs[0].published.ISO())
	}
}

// Sub-items of a table cell keep their lines, written as a multi-line
// TOML string (seed 003, 主要任務明細表 row 2).
func TestCellLines(t *testing.T) {
	cells := []tcell{
		{text: "1.有關會議包括省政府常務會議;", fold: "1.有关会议包括省政府常务会议;"},
		{text: "2.通過政府網站發布會議信息,列明", fold: "2.通过政府网站发布会议信息,列明"},
		{text: "列席會議的社會人員;", fold: "列席会议的社会人员;"},
		{text: "3.省、市政府年內至少5次邀請社會人員列席相關會議。", fold: "3.省、市政府年内至少5次邀请社会人员列席相关会议。"},
	}
	got := joinCells(cells)
	want := "1.有關會議包括省政府常務會議;\n2.通過政府網站發布會議信息,列明列席會議的社會人員;\n3.省、市政府年內至少5次邀請社會人員列席相關會議。"
	if got != want {
		t.Errorf("joinCells = %q", got)
	}
	var w tomlWriter
	w.str("requirement", "甲“乙”\\丙\n丁")
	if w.b.String() != "requirement = \"\"\"\n甲“乙”\\\\丙\n丁\"\"\"\n" {
		t.Errorf("toml %q", w.b.String())
	}
	var v struct{ Requirement string }
	if _, err := toml.Decode(w.b.String(), &v); err != nil || v.Requirement != "甲“乙”\\丙\n丁" {
		t.Errorf("decoded %q, %v", v.Requirement, err)
	}
}

func TestCorrect(t *testing.T) {
	in := "+++\n# 由 gongkai import 从 x.txt 第1行起导入；各项取自原文，未作推断\ntitle = \"旧标题\"\norgan = \"某某市人民政府\"\n" +
		"# 原文未载明，需人工补充：发布日期（published）、主题分类（topic）\nmissing = [\"published\", \"topic\"]\n# 请核对：某事\n+++\n\n正文。\n"
	out, err := Correct([]byte(in), map[string]any{
		"title":    "新标题",
		"topic":    "综合政务/政务公开",
		"keywords": []any{"政务公开", "政策解读"},
	}, "标题据正文拟定")
	if err != nil {
		t.Fatal(err)
	}
	want := "+++\n# 由 gongkai import 从 x.txt 第1行起导入；各项取自原文，未作推断\n# 人工校正：keywords、title、topic。标题据正文拟定\ntitle = \"新标题\"\norgan = \"某某市人民政府\"\n" +
		"topic = \"综合政务/政务公开\"\nkeywords = [\"政务公开\", \"政策解读\"]\n" +
		"# 原文未载明，需人工补充：发布日期（published）\nmissing = [\"published\"]\n# 请核对：某事\n+++\n\n正文。\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	// Setting the last missing key removes the list and its comment.
	out, err = Correct(out, map[string]any{"published": time.Date(2018, 7, 7, 0, 0, 0, 0, time.UTC)}, "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "missing") || strings.Contains(string(out), "原文未载明") || !strings.Contains(string(out), "\npublished = 2018-07-07\n") {
		t.Errorf("got\n%s", out)
	}
	// A title for a text without one goes first, in the importer's order.
	out, err = Correct([]byte("+++\n# 导入\norgan = \"某局\"\nmissing = [\"title\"]\n+++\n正文\n"), map[string]any{"title": "标题"}, "")
	if err != nil || string(out) != "+++\n# 导入\n# 人工校正：title\ntitle = \"标题\"\norgan = \"某局\"\n+++\n正文\n" {
		t.Errorf("got %q, %v", out, err)
	}
	if _, err := Correct([]byte("正文"), map[string]any{"title": "x"}, ""); err == nil {
		t.Error("no error for a file without front matter")
	}
	if _, err := Correct([]byte(in), map[string]any{"title": 1.5}, ""); err == nil {
		t.Error("no error for a float")
	}
}

// A one-sentence brief is news when it opens with its full date (seed 004
// line 121); without the date it is a stray line.
func TestDatedBrief(t *testing.T) {
	docs, _, _ := parseText("2015年8月21日，某某市人民政府印发《关于加强住宅电梯安全管理工作的意见》。\n", Options{})
	if len(docs) != 1 || docs[0].kind != "news" || !docs[0].published.IsZero() || len(docs[0].attention) != 1 {
		t.Fatalf("docs %+v", docs)
	}
	docs, dropped, _ := parseText("某某市人民政府印发《关于加强住宅电梯安全管理工作的意见》。\n", Options{})
	if len(docs) != 0 || len(dropped) != 1 {
		t.Errorf("docs %d, dropped %v", len(docs), dropped)
	}
}

func TestTableTrail(t *testing.T) {
	// A web page's line pasted under a document's annex table (link spam):
	// no time limit and no unit, so no cell of the last column; at the end
	// of the text it is page debris, dropped and reported. No keyword list
	// knows its words.
	head := "某某县人民政府办公室关于印发某某县政务公开工作任务分工的通知\n某政办发〔2021〕7号\n各乡镇人民政府，县政府各部门：\n现将任务分工印发给你们，请认真落实。\n某某县人民政府办公室\n2021年3月2日\n附件\n某某县政务公开工作任务分工\n"
	table := "序号\n工作任务\n责任单位\n完成时限\n1\n公开财政预决算\n县财政局\n9月底前完成\n2\n公开重大项目进展\n县发展改革局\n长期推进\n"
	const spam = "幸运飞艇稳赢计划群"
	text := head + table + "\n" + spam + "\n\n"
	files, rep := importOne(t, "trail", []byte(text), Options{})
	wantLines(t, "trail", rep.Dropped, []string{"第22行"})
	if len(rep.Documents) != 1 || rep.Documents[0].Tasks == "" {
		t.Fatalf("documents %+v", rep.Documents)
	}
	for _, f := range files {
		if strings.Contains(string(f.Data), spam) {
			t.Errorf("%s keeps the spam line:\n%s", f.Path, f.Data)
		}
	}
	docs, _, _ := parseText(text, Options{})
	tb := docs[0].tables[0]
	if last := tb.rows[len(tb.rows)-1]; tb.cellOf(last, colDeadline) != "长期推进" || tb.cellOf(last, colResp) != "县发展改革局" {
		t.Errorf("last row %q", last)
	}

	// A note under the table is the document's text, after the table.
	const note = "注：各单位每季度末报送进展情况。"
	docs, dropped, _ := parseText(head+table+note+"\n", Options{})
	tb = docs[0].tables[0]
	if last := tb.rows[len(tb.rows)-1]; tb.cellOf(last, colDeadline) != "长期推进" || len(dropped) != 0 {
		t.Errorf("with a note: last row %q, dropped %v", last, dropped)
	}
	if !strings.Contains(docs[0].markdown, "| 2 | 公开重大项目进展 | 县发展改革局 | 长期推进 |\n\n"+note) {
		t.Errorf("with a note: markdown\n%s", docs[0].markdown)
	}

	// The same line with the document going on after it is not dropped.
	docs, dropped, _ = parseText(head+table+spam+"\n附件2\n某某县政务公开联络员名单\n", Options{})
	if len(dropped) != 0 || !strings.Contains(docs[0].markdown, spam) {
		t.Errorf("inside the document: dropped %v, markdown\n%s", dropped, docs[0].markdown)
	}

	// A unit as the last column: a line naming no organ after it.
	table = "序号\n工作任务\n完成时限\n责任单位\n1\n公开财政预决算\n9月底前完成\n县财政局\n2\n公开重大项目进展\n长期推进\n县发展改革局\n"
	docs, dropped, _ = parseText(head+table+spam+"\n", Options{})
	tb = docs[0].tables[0]
	if last := tb.rows[len(tb.rows)-1]; tb.cellOf(last, colResp) != "县发展改革局" || len(dropped) != 1 || dropped[0].text != spam {
		t.Errorf("unit column: last row %q, dropped %v", last, dropped)
	}

	// A time limit over two lines stays whole.
	table = "序号\n工作任务\n责任单位\n完成时限\n1\n公开财政预决算\n县财政局\n9月底前完成\n2\n公开重大项目进展\n县发展改革局\n2021年底前\n完成\n"
	docs, dropped, _ = parseText(head+table, Options{})
	tb = docs[0].tables[0]
	if last := tb.rows[len(tb.rows)-1]; tb.cellOf(last, colDeadline) != "2021年底前完成" || len(dropped) != 0 {
		t.Errorf("two-line time limit: last row %q, dropped %v", last, dropped)
	}
}
