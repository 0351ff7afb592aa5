package importer

import (
	"reflect"
	"strings"
	"testing"
)

// titles lists the titles of the documents parsed from a text.
func titlesOf(docs []*document) []string {
	var ts []string
	for _, d := range docs {
		ts = append(ts, d.title)
	}
	return ts
}

// A date on its own line inside the body (a meeting's date under 一、会议时间)
// is not the 成文日期 and does not end the document; the date under the
// signing organ is.
func TestBodyDateIsNotSignature(t *testing.T) {
	text := "某政办发〔2021〕40号\n某某市人民政府办公室关于召开全市政务公开工作会议的通知\n各区人民政府，市政府各部门：\n" +
		"经市政府同意，定于近期召开全市政务公开工作会议，现将有关事项通知如下。\n一、会议时间\n2021年7月10日\n二、会议地点\n" +
		"市政府三楼第一会议室\n三、有关要求\n请各单位于7月8日前将参会人员名单报市政府办公室。\n某某市人民政府办公室\n2021年7月5日\n"
	docs, _, _ := parseText(text, Options{})
	if len(docs) != 1 {
		t.Fatalf("%d documents: %q", len(docs), titlesOf(docs))
	}
	d := docs[0]
	if d.signed.ISO() != "2021-07-05" || !reflect.DeepEqual(d.organs, []string{"某某市人民政府办公室"}) {
		t.Errorf("signed %s, organs %v", d.signed.ISO(), d.organs)
	}
	if !strings.Contains(d.markdown, "2021年7月10日") || !strings.Contains(d.markdown, "二、会议地点") {
		t.Errorf("body:\n%s", d.markdown)
	}
	// Without an organ line, the last date before 附件 is the signature.
	text = "关于开展安全检查的通知\n各有关单位：\n现将有关事项通知如下。\n一、检查时间\n2021年7月10日\n二、检查内容\n消防设施。\n2021年7月5日\n附件\n检查表\n"
	docs, _, _ = parseText(text, Options{})
	if len(docs) != 1 || docs[0].signed.ISO() != "2021-07-05" {
		t.Errorf("%d documents, signed %s", len(docs), docs[0].signed.ISO())
	}
}

// A 发文字号 cited on a line of its own (after a list item, in a table row,
// after a colon) stays in the text and begins no document; a number heads a
// document when a title, 主送 line or banner follows it.
func TestCitedNumberLines(t *testing.T) {
	text := "某政发〔2023〕5号\n某某市人民政府关于宣布失效一批行政规范性文件的决定\n各区人民政府，市政府各部门：\n" +
		"经清理，市政府决定宣布下列行政规范性文件失效：\n1.某某市城市管理办法\n某政发〔2015〕3号\n2.某某市户外广告管理规定\n某政发〔2016〕8号\n" +
		"本决定自公布之日起施行。\n某某市人民政府\n2023年3月1日\n"
	docs, _, _ := parseText(text, Options{})
	if len(docs) != 1 {
		t.Fatalf("list: %d documents %q", len(docs), titlesOf(docs))
	}
	if d := docs[0]; d.signed.ISO() != "2023-03-01" || !strings.Contains(d.markdown, "某政发〔2015〕3号") || !strings.Contains(d.markdown, "某政发〔2016〕8号") {
		t.Errorf("list: signed %s\n%s", d.signed.ISO(), d.markdown)
	}
	text = "各单位：\n现将下列文件废止：\n某政发〔2015〕3号\n"
	if docs, _, _ := parseText("某某市人民政府关于废止文件的通知\n"+text, Options{}); len(docs) != 1 {
		t.Errorf("after a colon: %d documents", len(docs))
	}
	// An annex listing documents as a flattened table.
	text = "某政办发〔2022〕12号\n某某市人民政府办公室关于公布2022年度行政规范性文件清理结果的通知\n各区人民政府，市政府各部门：\n" +
		"经清理，现将结果公布如下。\n某某市人民政府办公室\n2022年5月8日\n附件\n继续有效的行政规范性文件目录\n序号\n文件名称\n文号\n备注\n" +
		"1\n某某市城市管理办法\n某政发〔2015〕3号\n2\n某某市户外广告管理规定\n某政发〔2016〕8号\n"
	docs, dropped, _ := parseText(text, Options{})
	if len(docs) != 1 {
		t.Fatalf("annex table: %d documents %q", len(docs), titlesOf(docs))
	}
	for _, s := range []string{"某某市城市管理办法", "某政发〔2015〕3号", "某某市户外广告管理规定", "某政发〔2016〕8号"} {
		if !strings.Contains(docs[0].markdown, s) {
			t.Errorf("annex table: %s lost (dropped %v)\n%s", s, dropped, docs[0].markdown)
		}
	}
	// Two documents: a number followed by a title begins the second one.
	text = "甲府发〔2019〕1号\n甲市人民政府关于甲事的通知\n各区政府：\n做好甲事。\n甲府发〔2019〕2号\n甲市人民政府关于乙事的通知\n各区政府：\n做好乙事。\n"
	if docs, _, _ := parseText(text, Options{}); len(docs) != 2 || docs[1].number.String() != "甲府发〔2019〕2号" {
		t.Errorf("two documents: %q", titlesOf(docs))
	}
}

// Header lines that go neither into the title, the metadata nor the body
// are reported.
func TestUnusedHeaderLinesReported(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"某政发〔2020〕1号\n某某市人民政府关于做好防汛工作的通知\n某政发〔2020〕2号\n各区人民政府：\n现将有关事项通知如下。\n", "第3行：“某政发〔2020〕2号”"},
		{"标题：某某市人民政府关于做好防汛工作的通知\n发文字号：某政发〔2020〕1号\n某某市防汛抗旱指挥部办公室\n防汛工作通知\n各区人民政府：\n现将有关事项通知如下。\n", "第4行：“防汛工作通知”"},
	} {
		docs, _, _ := parseText(c.text, Options{})
		if len(docs) != 1 {
			t.Fatalf("%d documents %q", len(docs), titlesOf(docs))
		}
		if att := strings.Join(docs[0].attention, "\n"); !strings.Contains(att, c.want) {
			t.Errorf("%s not reported:\n%s", c.want, att)
		}
	}
}

// A 印发 notice whose title is broken over lines, or whose body names the
// issued document before the verb (《X》已经市政府同意，现印发给你们), keeps
// the document it issues.
func TestBrokenNoticeTitle(t *testing.T) {
	issued := "某某市政务公开工作实施办法\n第一章　总则\n第一条　为推进政务公开工作，结合本市实际，制定本办法。\n第二条　本办法自2019年4月1日起施行，有效期5年。\n"
	for name, text := range map[string]string{
		"broken title": "某政办发〔2019〕9号\n某某市人民政府办公室\n关于印发某某市政务公开工作\n实施办法的通知\n各县（区）人民政府，市政府各部门：\n" +
			"经市政府同意，现将实施办法印发给你们，请认真贯彻执行。\n某某市人民政府办公室\n2019年3月15日\n" + issued,
		"name before verb": "某政办发〔2019〕9号\n某某市人民政府办公室关于推进政务公开工作的通知\n各县（区）人民政府，市政府各部门：\n" +
			"《某某市政务公开工作实施办法》已经市政府同意，现印发给你们，请认真贯彻执行。\n某某市人民政府办公室\n2019年3月15日\n" + issued,
	} {
		docs, _, _ := parseText(text, Options{})
		if len(docs) != 1 {
			t.Errorf("%s: %d documents %q", name, len(docs), titlesOf(docs))
			continue
		}
		d := docs[0]
		if d.validYears != 5 || d.effective.ISO() != "2019-04-01" || d.signed.ISO() != "2019-03-15" || !strings.Contains(d.markdown, "第一条") {
			t.Errorf("%s: valid %d, effective %s, signed %s\n%s", name, d.validYears, d.effective.ISO(), d.signed.ISO(), d.markdown)
		}
	}
}

// A flattened annex table is recognised by 序号 and one known column; its
// other header cells, whatever they say, are kept as columns.
func TestTableUnknownColumns(t *testing.T) {
	text := "某政办发〔2022〕13号\n某某市人民政府办公室关于印发某某市优化营商环境重点任务清单的通知\n各区人民政府，市政府各部门：\n" +
		"现将《某某市优化营商环境重点任务清单》印发给你们，请认真抓好落实。\n某某市人民政府办公室\n2022年6月8日\n附件\n某某市优化营商环境重点任务清单\n" +
		"序号\n任务类别\n具体任务\n责任单位\n完成时限\n1\n政务服务\n推行企业开办一日办结\n市市场监管局\n2022年底前\n2\n要素保障\n建立用地保障机制\n市自然资源局\n长期推进\n"
	docs, _, _ := parseText(text, Options{})
	if len(docs) != 1 || len(docs[0].tables) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	d := docs[0]
	tb := d.tables[0]
	if !tb.isTaskTable() || !reflect.DeepEqual(tb.header, []string{"序号", "任务类别", "具体任务", "责任单位", "完成时限"}) {
		t.Errorf("table %+v", tb)
	}
	for _, s := range []string{
		"## 附件　某某市优化营商环境重点任务清单\n",
		"| 1 | 政务服务 | 推行企业开办一日办结 | 市市场监管局 | 2022年底前 |",
		"| 2 | 要素保障 | 建立用地保障机制 | 市自然资源局 | 长期推进 |",
	} {
		if !strings.Contains(d.markdown, s) {
			t.Errorf("no %q in\n%s", s, d.markdown)
		}
	}
	// A list of documents: 文件名称 and 文号 columns, an empty 备注.
	text = "关于公布清理结果的通知\n各有关单位：\n现将结果公布如下。\n某某市人民政府办公室\n2022年5月8日\n附件\n继续有效的文件目录\n" +
		"序号\n文件名称\n文号\n备注\n1\n某某市城市管理办法\n某政发〔2015〕3号\n2\n某某市户外广告管理规定\n某政发〔2016〕8号\n"
	docs, _, _ = parseText(text, Options{})
	if len(docs) != 1 || !strings.Contains(docs[0].markdown, "| 1 | 某某市城市管理办法 | 某政发〔2015〕3号 |  |") {
		t.Errorf("document list: %d documents\n%s", len(docs), docs[0].markdown)
	}
	// Without a first row, unknown cells are not a header; the annex
	// title stops at 序号.
	docs, _, _ = parseText("关于做好统计工作的通知\n各有关单位：\n现将有关事项通知如下。\n某某市统计局\n2022年5月8日\n附件\n统计清单\n序号\n填报口径\n以上内容请于5月底前报送市统计局。\n", Options{})
	if len(docs) != 1 || len(docs[0].tables) != 0 || !strings.Contains(docs[0].markdown, "## 附件　统计清单\n\n序号") {
		t.Errorf("no rows: %+v\n%s", docs[0].tables, docs[0].markdown)
	}
}
