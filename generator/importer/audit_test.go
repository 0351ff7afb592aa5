package importer

import (
	"strings"
	"testing"
)

// A document's headings and items are never page debris, whatever words
// they hold (技术支持, 二维码, 相关文件), and a short line between its own
// paragraphs is its text; the same words at the document's edge are debris.
func TestDebrisKeepsDocumentStructure(t *testing.T) {
	text := "某财发〔2021〕6号\n某某市财政局关于加强市场管理的通知\n各区财政局，市有关单位：\n为规范市场秩序，现就有关事项通知如下。\n" +
		"一、强化技术支持\n市中心要完善销售系统，提升技术保障能力。\n二、推广二维码缴费\n各单位要推广使用二维码缴费，方便群众办事。\n" +
		"（一）完善相关链接管理\n每期结果要及时向社会公布。\n相关文件\n《某某管理条例》及其实施细则。\n三、相关文件\n某某市财政局\n2021年5月10日\n扫一扫 关注我们\n"
	docs, dropped, _ := parseText(text, Options{})
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	for _, want := range []string{"一、强化技术支持", "二、推广二维码缴费", "（一）完善相关链接管理", "相关文件", "三、相关文件"} {
		if !strings.Contains(docs[0].markdown, want) {
			t.Errorf("%q lost:\n%s", want, docs[0].markdown)
		}
	}
	if len(dropped) != 1 || dropped[0].text != "扫一扫 关注我们" {
		t.Errorf("dropped %v, want only the QR prompt", dropped)
	}
}

// Lines without closing punctuation at a document's end are its text
// (an annex listing members, a table's cells) unless one of them reads like
// a reader's comment.
func TestDropTailNeedsComment(t *testing.T) {
	text := "某政办发〔2021〕31号\n某某市人民政府办公室关于调整某某市安全生产委员会组成人员的通知\n各区人民政府，市政府各部门：\n" +
		"因人事变动，市政府决定对市安全生产委员会组成人员进行调整，现将调整后的名单印发给你们。\n附件：某某市安全生产委员会组成人员名单\n" +
		"某某市人民政府办公室\n2021年7月2日\n附件\n某某市安全生产委员会组成人员名单\n主　任：王某某　市长\n副主任：李某某　副市长\n委　员：赵某某　市应急局局长\n"
	docs, dropped, _ := parseText(text, Options{})
	if len(docs) != 1 || len(dropped) != 0 {
		t.Fatalf("%d documents, dropped %v", len(docs), dropped)
	}
	for _, want := range []string{"组成人员名单", "王某某", "李某某", "赵某某"} {
		if !strings.Contains(docs[0].markdown, want) {
			t.Errorf("%q lost:\n%s", want, docs[0].markdown)
		}
	}
	// Without an attachment: a short unpunctuated last line stays …
	base := "某政发〔2021〕3号\n某某市人民政府关于加强安全生产工作的通知\n各区人民政府：\n现就加强安全生产工作通知如下。\n一、压实责任\n各区要落实属地管理责任，加强日常检查，及时消除隐患。\n"
	docs, dropped, _ = parseText(base+"联系人及电话另行通知\n", Options{})
	if len(dropped) != 0 || !strings.Contains(docs[0].markdown, "联系人及电话另行通知") {
		t.Errorf("plain last line dropped: %v", dropped)
	}
	// … and a comment area goes, with the lines around the comment.
	docs, dropped, _ = parseText(base+"安全生产许可证\n写得好啊，支持一下~\n", Options{})
	if len(dropped) != 2 || strings.Contains(docs[0].markdown, "许可证") {
		t.Errorf("comment tail kept: dropped %v\n%s", dropped, docs[0].markdown)
	}
}

// A news headline followed by its dateline: the dateline is not a second
// headline; its date and source fill published and source.
func TestNewsDatelineAfterHeadline(t *testing.T) {
	body := "3月4日，某某区召开安全生产工作会议，部署今年重点工作。会议要求各部门压实责任，坚决防范重特大事故发生，确保全区安全生产形势稳定。\n"
	for _, tc := range []struct{ dateline, published, source string }{
		{"2021-03-05 10:30 来源：某某日报", "2021-03-05", "某某日报"},
		{"2021年3月5日　来源：某某区应急局", "2021-03-05", "某某区应急局"},
		{"2021-03-05 10:30:12", "2021-03-05", ""},
	} {
		docs, dropped, _ := parseText("某某区召开安全生产工作会议\n"+tc.dateline+"\n"+body, Options{})
		if len(docs) != 1 || len(dropped) != 0 {
			t.Fatalf("%s: %d documents, dropped %v", tc.dateline, len(docs), dropped)
		}
		d := docs[0]
		if d.title != "某某区召开安全生产工作会议" || d.published.ISO() != tc.published || d.source != tc.source {
			t.Errorf("%s: title %q, published %s, source %q", tc.dateline, d.title, d.published.ISO(), d.source)
		}
	}
}

// The document an interpretation explains is the one its title names, not
// the first number its text cites; unknown, it stays missing.
func TestInterpretsNamedInTitle(t *testing.T) {
	policy := "某政办发〔2019〕7号\n某某市人民政府办公室关于印发某某市政务公开工作实施办法的通知\n各县（区）人民政府，市政府各部门：\n" +
		"《某某市政务公开工作实施办法》已经市政府同意，现印发给你们，请认真贯彻执行。\n某某市人民政府办公室\n2019年3月15日\n"
	interp := "《某某市政务公开工作实施办法》政策解读\n一、制定背景\n为贯彻落实《国务院办公厅关于全面推进政务公开工作的意见》（国办发〔2016〕8号）精神，" +
		"市政府办公室研究制定了《某某市政务公开工作实施办法》%s。\n二、主要内容\n《实施办法》共五章二十条，明确了公开内容、公开方式和监督保障。\n"
	interpFile := func(cite string) Input {
		return Input{"o.txt", []byte(strings.Replace(interp, "%s", cite, 1))}
	}
	get := func(in ...Input) (string, DocReport) {
		files, reps, err := Import(in, Options{Kind: ""})
		if err != nil {
			t.Fatal(err)
		}
		last := reps[len(reps)-1].Documents[0]
		for _, f := range files {
			if f.Path == last.Path {
				return string(f.Data), last
			}
		}
		t.Fatal("no file")
		return "", last
	}
	data, _ := get(interpFile("（某政办发〔2019〕7号）"))
	if !strings.Contains(data, `interprets = "某政办发〔2019〕7号"`) {
		t.Errorf("cited number not taken:\n%s", data)
	}
	data, rep := get(interpFile(""))
	if strings.Contains(data, "interprets =") || !contains(rep.Missing, "interprets") || !strings.Contains(data, "请核对后填写 interprets") {
		t.Errorf("interprets guessed:\n%s", data)
	}
	data, _ = get(Input{"d.txt", []byte(policy)}, interpFile(""))
	if !strings.Contains(data, `interprets = "某政办发〔2019〕7号"`) || !strings.Contains(data, "同批导入") {
		t.Errorf("document of the same run not matched:\n%s", data)
	}
}

// TestAddresseeReported: the 主送机关 line is reported (it stays the first
// line of the body); a document without one reports none.
func TestAddresseeReported(t *testing.T) {
	text := "某某市人民政府关于加强政务公开工作的通知\n某政发〔2023〕8号\n各区县人民政府，市政府各部门：\n为加强政务公开工作，现通知如下。\n某某市人民政府\n2023年3月1日\n"
	_, rep := importOne(t, "a.txt", []byte(text), Options{})
	if len(rep.Documents) != 1 || rep.Documents[0].Addressee != "各区县人民政府，市政府各部门" {
		t.Errorf("documents = %+v; want one, addressed to 各区县人民政府，市政府各部门", rep.Documents)
	}
	_, rep = importOne(t, "b.txt", []byte("某某市人民政府关于加强政务公开工作的通知\n某政发〔2023〕9号\n为加强政务公开工作，现通知如下。\n某某市人民政府\n2023年3月1日\n"), Options{})
	if len(rep.Documents) != 1 || rep.Documents[0].Addressee != "" {
		t.Errorf("documents = %+v; want one, without an addressee", rep.Documents)
	}
}
