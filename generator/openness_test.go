package generator_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing"

	"gongkai/generator/internal/sitetest"
)

// withheldSite has withheld items of every kind; every field of every one of
// them carries a marker string that must never reach the output.
func withheldSite() (string, []string) {
	var markers []string
	m := func(field string) string {
		s := fmt.Sprintf("密%s%d记", field, len(markers))
		markers = append(markers, s)
		return s
	}
	// ids are ASCII letters, digits and "-" only
	id := func(field string) string {
		s := fmt.Sprintf("mi-%s%d-ji", field, len(markers))
		markers = append(markers, s)
		return s
	}
	site := config + `
-- content/policies/pub.md --
+++
title = "公开的文件"
doc_number = "测政发〔2020〕1号"
organ = "测试市人民政府"
signed = 2020-01-01
published = 2020-01-02
topic = "综合政务/其他"
+++
本文件依据测政办〔2019〕9号制定。
-- content/policies/secret/index.md --
+++
title = "` + m("title") + `"
doc_number = "测政办〔2019〕9号"
organ = "` + m("organ") + `"
signed = 2019-03-01
published = 2019-03-02
topic = "` + m("topic") + `/` + m("topic2") + `"
keywords = ["` + m("kw") + `"]
summary = "` + m("summary") + `"
index_no = "` + m("index") + `"
aliases = ["/` + m("alias") + `/"]
disclosure = "不予公开"
exemption = "过程性信息"
reason = "` + m("reason") + `"
review_by = 2027-01-01
+++
` + m("body") + `正文，引用国发〔2016〕76号。
-- content/policies/secret/` + m("file") + `.pdf --
%PDF-1.4 ` + m("pdfdata") + `
-- content/policies/withatt/index.md --
+++
title = "带附件的公开文件"
organ = "测试市人民政府"
signed = 2020-02-01
published = 2020-02-02
topic = "综合政务/其他"

[[attachment]]
file = "` + m("attfile") + `.pdf"
title = "` + m("atttitle") + `"
disclosure = "依申请公开"
exemption = "个人隐私"
reason = "涉及个人信息"
review_by = 2027-01-01
+++
正文。
-- content/policies/withatt/` + markers[len(markers)-2] + `.pdf --
%PDF-1.4 ` + m("attdata") + `
-- content/interpretations/secret.md --
+++
title = "` + m("ititle") + `"
published = 2019-03-05
organ = "测试市人民政府"
interprets = "测政办〔2019〕9号"
disclosure = "不予公开"
exemption = "内部事务信息"
reason = "内部"
review_by = 2027-01-01
+++
` + m("ibody") + `
-- content/news/secret.md --
+++
title = "` + m("ntitle") + `"
published = 2019-03-05
source = "` + m("nsource") + `"
disclosure = "依申请公开"
exemption = "第三方合法权益"
reason = "涉及第三方"
review_by = 2027-01-01
+++
` + m("nbody") + `
-- content/credit/r.toml --
[[record]]
id = "` + id("cid") + `"
subject = "` + m("csubject") + `"
subject_type = "企业"
behaviour = "` + m("cbehaviour") + `"
basis = "示裁〔2025〕1号"
decided = 2025-06-01
organ = "` + m("corgan") + `"
severity = "严重"
status = "公示中"
disclosure = "不予公开"
exemption = "商业秘密"
reason = "商业秘密"
review_by = 2027-01-01
-- content/commitments/c.toml --
[[commitment]]
id = "` + id("mid") + `"
subject = "` + m("msubject") + `"
content = "` + m("mcontent") + `"
made = 2025-01-01
status = "履行中"
disclosure = "不予公开"
exemption = "内部事务信息"
reason = "内部"
review_by = 2027-01-01
`
	return site, markers
}

// TestWithheldNeverLeaks scans every byte of every output file (gzip
// members decompressed) for the markers of withheld items.
func TestWithheldNeverLeaks(t *testing.T) {
	site, markers := withheldSite()
	b := sitetest.Build(t, site, "2026-01-01")
	for _, p := range b.Out.Paths() {
		data := b.Out.Files[p]
		if strings.HasSuffix(p, ".gz") || bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			if r, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
				if plain, err := io.ReadAll(r); err == nil {
					data = plain
				}
			}
		}
		for _, m := range markers {
			if bytes.Contains(data, []byte(m)) || strings.Contains(p, m) {
				t.Errorf("%s: withheld marker %q leaked", p, m)
			}
		}
	}
	// The citation of the withheld document's number stays plain text.
	b.AssertFile("policies/pub/index.html", "测政办〔2019〕9号", `! href="/numbers/测政办`, "! /policies/secret/")
	b.AssertNoFile("numbers/测政办〔2019〕9号/index.html")
	b.AssertNoFile("policies/secret/index.html")
	b.AssertFile("guide/index.html", "过程性信息")
	if len(b.Out.Paths()) < 20 {
		t.Fatalf("suspiciously few output files: %d", len(b.Out.Paths()))
	}
}

func TestWithheldNeedsGround(t *testing.T) {
	b := sitetest.TryBuild(t, config+`
-- content/news/a.md --
+++
title = "t"
published = 2020-01-01
source = "s"
disclosure = "不予公开"
exemption = "不想公开"
+++
`, "2026-01-01")
	if b.Err == nil {
		t.Fatal("withheld item without ground accepted")
	}
	b.AssertDiag("content/news/a.md:6:", "不想公开", "第十四至十六条")
	b.AssertDiag("content/news/a.md:5:", "reason")
	b.AssertDiag("content/news/a.md:5:", "review_by")
}

func TestReviewDatePassed(t *testing.T) {
	site := config + `
-- content/news/a.md --
+++
title = "t"
published = 2020-01-01
source = "s"
disclosure = "不予公开"
exemption = "过程性信息"
reason = "讨论稿"
review_by = 2025-01-01
+++
`
	b := sitetest.Build(t, site, "2026-01-01")
	b.AssertDiag("警告", "复核日期", "2025年1月1日")
	strict := sitetest.TryBuild(t, strings.Replace(site, "[organ_codes]", "[disclosure]\nenforce_review = true\n[organ_codes]", 1), "2026-01-01")
	if strict.Err == nil {
		t.Fatal("enforce_review did not turn the warning into an error")
	}
}

func TestPublishedPointingAtWithheld(t *testing.T) {
	withheld := `
-- content/policies/secret.md --
+++
title = "内部文件"
doc_number = "测政办〔2019〕9号"
organ = "测试市人民政府"
signed = 2019-03-01
published = 2019-03-02
topic = "a/b"
disclosure = "不予公开"
exemption = "过程性信息"
reason = "过程稿"
review_by = 2027-01-01
+++
`
	interp := `
-- content/interpretations/i.md --
+++
title = "解读"
published = 2019-03-05
organ = "测试市人民政府"
interprets = "测政办〔2019〕9号"
%s
+++
`
	b := sitetest.TryBuild(t, config+withheld+fmt.Sprintf(interp, ""), "2026-01-01")
	if b.Err == nil {
		t.Fatal("interpretation of a withheld document accepted")
	}
	b.AssertDiag("content/interpretations/i.md:5:", "不公开的文件", "allow_refs")
	// Marked deliberate: the build goes on (the interpretation then has no target on the site).
	b = sitetest.TryBuild(t, config+withheld+fmt.Sprintf(interp, `allow_refs = ["测政办〔2019〕9号"]`), "2026-01-01")
	for _, l := range strings.Split(b.Diags(), "\n") {
		if strings.Contains(l, "不公开的文件") {
			t.Errorf("deliberate reference still reported: %s", l)
		}
	}
}

func TestPersonalDataStopsTheBuild(t *testing.T) {
	b := sitetest.TryBuild(t, config+`
-- content/news/a.md --
+++
title = "t"
published = 2020-01-01
source = "s"
+++
联系人手机 13812345678，身份证号 11010519491231002X。
服务热线 12345，统一社会信用代码 91350100M000100Y43。
`, "2026-01-01")
	if b.Err == nil {
		t.Fatal("personal data published")
	}
	b.AssertDiag("content/news/a.md:6:7:", "手机号码", "138****5678")
	b.AssertDiag("content/news/a.md:6:24:", "身份证号码", "110105********002X")
	if strings.Contains(b.Diags(), "12345 ") || strings.Contains(b.Diags(), "91350100M000100Y43") {
		t.Errorf("hotline or credit code reported:\n%s", b.Diags())
	}
	ok := sitetest.Build(t, config+`
-- content/news/a.md --
+++
title = "t"
published = 2020-01-01
source = "s"
allow_pii = ["13812345678"]
+++
热线 13812345678 是单位总机。
`, "2026-01-01")
	ok.AssertFile("news/a/index.html", "13812345678")
}

func TestMinorsRefusedAndNamesMasked(t *testing.T) {
	b := sitetest.TryBuild(t, config+"\n"+creditRecord("r1", "欧阳小明", "其他", "x", "示例法院", "minor = true"), "2026-01-01")
	if b.Err == nil {
		t.Fatal("minor's case published")
	}
	b.AssertDiag("content/credit/r.toml:1:", "未成年人")
}

// TestPersonalDataEverywherePublished: every text that reaches a page or an
// export is checked, not only bodies and titles, and numbers written in
// pieces in the Markdown are checked as the pages show them.
func TestPersonalDataEverywherePublished(t *testing.T) {
	b := sitetest.TryBuild(t, config+`
-- content/news/kw.md --
+++
title = "t"
published = 2020-01-01
source = "来源13812345671"
keywords = ["手机13912345678"]
+++
正文。
-- content/news/wrapped.md --
+++
title = "折行"
published = 2020-01-01
source = "s"
+++
联系人手机138
12345678，身份证44030119900
3071230。

手机139**1234**5678，又及&#49;3712345678。
-- content/policies/bundle/index.md --
+++
title = "带附件"
organ = "测试市人民政府"
signed = 2020-02-01
published = 2020-02-02
topic = "综合政务/其他"

[[attachment]]
file = "张三440301199003071230.pdf"
title = "附件"
+++
正文。
-- content/policies/bundle/张三440301199003071230.pdf --
%PDF-1.4
-- content/tasks/t.toml --
[[task]]
document = "测政发〔2020〕1号"
item = "联系人王五13612345678负责"
requirement = "身份证11010519491231002X"
lead = ["测试市发展改革委"]
-- content/policies/p.md --
+++
title = "有任务表的文件"
doc_number = "测政发〔2020〕1号"
organ = "测试市人民政府"
signed = 2020-01-01
published = 2020-01-02
topic = "综合政务/其他"
+++
正文。
`+creditRecord("r-13512345678", "某公司", "企业", "x", "示例法院"), "2026-01-01")
	if b.Err == nil {
		t.Fatal("personal data published")
	}
	b.AssertDiag("content/news/kw.md:4:", "138****5671")
	b.AssertDiag("content/news/kw.md:5:", "139****5678")
	b.AssertDiag("content/news/wrapped.md:6:6:", "手机号码", "138****5678")
	b.AssertDiag("content/news/wrapped.md:7:", "身份证号码", "440301********1230")
	b.AssertDiag("content/news/wrapped.md:10:3:", "139****5678")
	b.AssertDiag("content/news/wrapped.md:10:", "137****5678")
	b.AssertDiag("content/policies/bundle/张三440301199003071230.pdf", "附件", "440301********1230")
	b.AssertDiag("content/tasks/t.toml:1:", "任务表", "136****5678")
	b.AssertDiag("content/tasks/t.toml:1:", "任务表", "110105********002X")
	b.AssertDiag("content/credit/r.toml:2:", "r-13512345678", "135****5678") // at the id key
}

func TestPersonalDataInConfig(t *testing.T) {
	site := strings.Replace(config, "\n[organ_codes]", "\ncontact = \"联系人张三，手机13812345678\"\n[organ_codes]", 1)
	if site == config {
		t.Fatal("the test config has no [organ_codes] to add the contact line before")
	}
	b := sitetest.TryBuild(t, site, "2026-01-01")
	if b.Err == nil {
		t.Fatal("a mobile number in the contact line was published")
	}
	b.AssertDiag("config.toml:", "contact", "138****5678", "allow_pii")
	ok := sitetest.Build(t, strings.Replace(site, "contact =", "allow_pii = [\"13812345678\"]\ncontact =", 1), "2026-01-01")
	ok.AssertFile("index.html", "13812345678")
}

// A link from a published page to a withheld item would publish its
// address: an error, not a missing-page warning.
func TestEvidenceLinkToWithheld(t *testing.T) {
	b := sitetest.TryBuild(t, config+`
-- content/policies/secret.md --
+++
title = "内部文件"
organ = "测试市人民政府"
signed = 2019-03-01
published = 2019-03-02
topic = "a/b"
disclosure = "不予公开"
exemption = "过程性信息"
reason = "过程稿"
review_by = 2027-01-01
+++
正文
-- content/commitments/c.toml --
[[commitment]]
id = "c1"
subject = "测试市人民政府"
content = "承诺"
made = 2025-01-01
status = "履行中"
evidence = [{ title = "证据", url = "/policies/secret/" }]
`, "2026-01-01")
	if b.Err == nil {
		t.Fatal("a link to a withheld document was published")
	}
	b.AssertDiag("content/commitments/c.toml:7:", "不公开的内容")
}

// A record may allow a number that only looks personal (a contract or
// account number of an organisation), as a document may.
func TestRecordsAllowPII(t *testing.T) {
	record := "\n" + creditRecord("r1", "某公司", "企业", "拖欠合同 6222021234567890128 的款项", "示例法院")
	b := sitetest.TryBuild(t, config+record, "2026-01-01")
	b.AssertDiag("content/credit/r.toml:5:", "银行卡号", `allow_pii = ["6222021234567890128"]`) // at the behaviour key
	ok := sitetest.Build(t, config+record+`allow_pii = ["6222021234567890128"]
`, "2026-01-01")
	ok.AssertFile("credit/r1/index.html", "6222021234567890128")
}

// The page's text is checked too: a number that markup splits in a way the
// source scans do not read (here a character reference for a separator)
// still stops the build.
func TestPersonalDataSplitByMarkup(t *testing.T) {
	b := sitetest.TryBuild(t, config+`
-- content/news/a.md --
+++
title = "t"
published = 2020-01-01
source = "s"
+++
手机 138&#x20;1234 5678。
`, "2026-01-01")
	if b.Err == nil {
		t.Fatal("a number split by markup was published")
	}
	b.AssertDiag("content/news/a.md:6:", "被标记拆开", "138****5678")
	// Raw HTML and link syntax are read by the source scan, with columns.
	b = sitetest.TryBuild(t, config+`
-- content/news/a.md --
+++
title = "t"
published = 2020-01-01
source = "s"
+++
又及139<span>1234</span>5678，再及[137](x)12345678。
`, "2026-01-01")
	b.AssertDiag("content/news/a.md:6:3:", "139****5678")
	b.AssertDiag("content/news/a.md:6:", "137****5678")
}
