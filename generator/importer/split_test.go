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
