package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/diag"
)

// The seed files in ../../testdata/seeds are byte-identical copies of ../shared/seeds.
var seedNames = []string{
	"000_ef4562fd46b84408.txt",
	"001_d2e6f0a5b1b90607.txt",
	"002_5dced79111b9f870.txt",
	"003_8f162a0ca417d789.txt",
	"004_7252d9d53e386a10.txt",
}

func readSeed(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// importSeeds imports every seed text together.
func importSeeds(t testing.TB) []File {
	t.Helper()
	var in []Input
	for _, name := range seedNames {
		in = append(in, Input{Name: name, Data: readSeed(t, name)})
	}
	files, _, err := Import(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func importOne(t testing.TB, name string, data []byte, opt Options) ([]File, FileReport) {
	t.Helper()
	files, reps, err := Import([]Input{{Name: name, Data: data}}, opt)
	if err != nil {
		t.Fatalf("Import(%s): %v", name, err)
	}
	if len(reps) != 1 {
		t.Fatalf("Import(%s): %d reports", name, len(reps))
	}
	return files, reps[0]
}

// frontMatter splits a content file and decodes its TOML front matter.
func decodeFront(t testing.TB, f File) (map[string]any, string) {
	t.Helper()
	s := string(f.Data)
	if !strings.HasPrefix(s, "+++\n") {
		t.Fatalf("%s: does not start with +++", f.Path)
	}
	end := strings.Index(s[4:], "\n+++\n")
	if end < 0 {
		t.Fatalf("%s: front matter not closed", f.Path)
	}
	fm := s[4 : 4+end+1]
	var m map[string]any
	if _, err := toml.Decode(fm, &m); err != nil {
		t.Fatalf("%s: front matter is not valid TOML: %v\n%s", f.Path, err, fm)
	}
	return m, strings.TrimPrefix(s[4+end+5:], "\n")
}

func fileByPath(files []File, p string) (File, bool) {
	for _, f := range files {
		if f.Path == p {
			return f, true
		}
	}
	return File{}, false
}

// want is what reading a seed text by hand says one document must yield.
type want struct {
	kind, title, docNo, organ, signed string
	missing                           []string
}

// TestSeeds checks the documents found in each sample text. The expected
// values were read off the texts, not taken from the importer's output.
func TestSeeds(t *testing.T) {
	news := want{kind: "news", missing: []string{"title", "organ", "published"}}
	cases := map[string][]want{
		"000_ef4562fd46b84408.txt": {
			news, news, news, news, news, news,
			{"policy", "辽宁省人民政府关于印发辽宁省加强政务诚信建设实施方案的通知", "辽政发〔2017〕19号", "辽宁省人民政府", "2017-04-09", []string{"published", "topic"}},
			{"policy", "辽宁省人民政府关于加强诚信政府建设的决定", "", "辽宁省人民政府", "2019-12-12", []string{"doc_number", "published", "topic"}},
			news, news,
		},
		"001_d2e6f0a5b1b90607.txt": {
			// 发布日期 from the page bar on line 3 (浏览量: 时间:2018-07-07 01:35:56).
			{"policy", "沈阳市人民政府关于印发沈阳市加强政务诚信建设工作方案的通知", "沈政发〔2017〕45号", "沈阳市人民政府", "2017-08-25", []string{"topic"}},
		},
		"002_5dced79111b9f870.txt": {
			{"policy", "市關于加強政務誠信建設的實施方案", "", "", "", []string{"doc_number", "organ", "signed", "published", "topic"}},
			{"policy", "**市加強政務誠信建設實施方案", "", "", "", []string{"doc_number", "organ", "signed", "published", "topic"}},
			{"policy", "南京市統計領域政務誠信建設實施方案", "", "", "", []string{"doc_number", "organ", "signed", "published", "topic"}},
			{"policy", "市政務服務中心作風建設年活動實施方案", "", "", "", []string{"doc_number", "organ", "signed", "published", "topic"}},
			{"policy", "中市綿陽市安全生產誠信體系建設實施方案", "", "", "", []string{"doc_number", "organ", "signed", "published", "topic"}},
		},
		"003_8f162a0ca417d789.txt": {
			{"policy", "遼寧省人民政府辦公廳關于貫徹落實國務院辦公廳2016年政務公開工作要點的實施方案", "遼政辦〔2016〕23號", "遼寧省人民政府辦公廳", "2016-06-04", []string{"published", "topic"}},
		},
		"004_7252d9d53e386a10.txt": {
			{"policy", "", "", "", "", []string{"title", "doc_number", "organ", "signed", "published", "topic"}},
			{"policy", "江西省人民政府办公厅转发省环保厅关于城镇污水处理厂与工业园区污水处理厂建设若干意见的通知", "", "江西省人民政府办公厅", "", []string{"doc_number", "signed", "published", "topic"}},
			{"policy", "成都市人民政府关于加强和改进消防工作的实施意见", "成府发〔2012〕44号", "成都市人民政府", "2012-11-20", []string{"published", "topic"}},
			{"policy", "成都市人民政府关于加强政务诚信建设的实施意见", "成府发〔2018〕12号", "成都市人民政府", "2018-10-08", []string{"published", "topic"}},
			// Line 121, a dated brief: 2015年8月21日,成都市人民政府印发《……》。
			news,
		},
	}
	for _, name := range seedNames {
		t.Run(name, func(t *testing.T) {
			files, rep := importOne(t, name, readSeed(t, name), Options{})
			ws := cases[name]
			if len(rep.Documents) != len(ws) {
				for _, d := range rep.Documents {
					t.Logf("found %s %q", d.Kind, d.Title)
				}
				t.Fatalf("found %d documents, want %d", len(rep.Documents), len(ws))
			}
			for i, w := range ws {
				d := rep.Documents[i]
				got := want{d.Kind, d.Title, d.DocNo, d.Organ, d.Signed, d.Missing}
				if !reflect.DeepEqual(got, w) {
					t.Errorf("document %d:\n got %+v\nwant %+v", i+1, got, w)
				}
				f, ok := fileByPath(files, d.Path)
				if !ok {
					t.Fatalf("no file %s", d.Path)
				}
				fm, _ := decodeFront(t, f)
				if w.title != "" && fm["title"] != w.title {
					t.Errorf("%s: title = %v", d.Path, fm["title"])
				}
			}
		})
	}
}

// TestSeedPaths checks the file names: 发文字号 in pinyin where there is one.
func TestSeedPaths(t *testing.T) {
	for name, paths := range map[string][]string{
		"001_d2e6f0a5b1b90607.txt": {"content/policies/shenzhengfa-2017-45.md"},
		"003_8f162a0ca417d789.txt": {"content/tasks/liaozhengban-2016-23.toml", "content/policies/liaozhengban-2016-23.md"},
	} {
		files, _ := importOne(t, name, readSeed(t, name), Options{})
		var got []string
		for _, f := range files {
			got = append(got, f.Path)
		}
		if !reflect.DeepEqual(got, paths) {
			t.Errorf("%s: files %v, want %v", name, got, paths)
		}
	}
	files, _ := importOne(t, "004", readSeed(t, "004_7252d9d53e386a10.txt"), Options{})
	for _, p := range []string{"content/policies/chengfufa-2012-44.md", "content/policies/chengfufa-2018-12.md"} {
		if _, ok := fileByPath(files, p); !ok {
			t.Errorf("004: no %s", p)
		}
	}
}

// TestSeedValidity: 成府发〔2012〕44号 says 本意见自印发之日起施行，有效期5年;
// 成府发〔2018〕12号 has a labelled 生效日期.
func TestSeedValidity(t *testing.T) {
	files, _ := importOne(t, "004", readSeed(t, "004_7252d9d53e386a10.txt"), Options{})
	f, _ := fileByPath(files, "content/policies/chengfufa-2012-44.md")
	fm, _ := decodeFront(t, f)
	if fm["valid_years"] != int64(5) || fmtDate(fm["effective"]) != "2012-11-20" || fmtDate(fm["signed"]) != "2012-11-20" {
		t.Errorf("chengfufa-2012-44: %v", fm)
	}
	f, _ = fileByPath(files, "content/policies/chengfufa-2018-12.md")
	fm, body := decodeFront(t, f)
	if fmtDate(fm["effective"]) != "2018-10-08" || fm["valid_years"] != nil {
		t.Errorf("chengfufa-2018-12: %v", fm)
	}
	// The labelled header lines are metadata, not body.
	if strings.Contains(body, "签发日期") || strings.Contains(body, "文号") {
		t.Errorf("label lines left in the body:\n%s", body[:200])
	}
}

func fmtDate(v any) string {
	if d, ok := v.(time.Time); ok {
		return d.Format("2006-01-02")
	}
	return ""
}

// TestSeedBodies checks the body rules on the seeds: headings, bold
// lead-ins, attributions verbatim, joined paragraphs, the 主送 line first.
func TestSeedBodies(t *testing.T) {
	body := func(name, path string) string {
		files, _ := importOne(t, name, readSeed(t, name), Options{})
		f, ok := fileByPath(files, path)
		if !ok {
			t.Fatalf("%s: no %s", name, path)
		}
		_, b := decodeFront(t, f)
		return b
	}
	b := body("003_8f162a0ca417d789.txt", "content/policies/liaozhengban-2016-23.md")
	for _, s := range []string{
		"\n## 一、圍繞深化改革、經濟發展,推進權力運行全流程公開\n",
		"\n**(一)推進行政決策公開。**凡涉及群眾切身利益",
		"(各市政府、省政府各部門負責落實)",
		"(省審計廳牽頭落實)",
		"\n## 附件　落實《2016年政務公開工作要點》主要任務明細表\n",
		"\n| 牽頭單位 | 序號 | 任務事項 | 工作要求 | 公開載體 | 完成時限 |\n",
		"\n| 省審計廳 | 1 | 推進審計信息公開 | 及時發布可公開的審計公告、報告等,并做好相關解讀。 | 省審計廳網站 | 7月底前啟動年底前完成長期推進 |\n",
	} {
		if !strings.Contains("\n"+b, s) {
			t.Errorf("003 body lacks %q", s)
		}
	}
	if !strings.HasPrefix(b, "各市人民政府,省政府各廳委、各直屬機構:\n") {
		t.Errorf("003 body does not start with the 主送 line: %q", runePrefix(b, 40))
	}

	b = body("001_d2e6f0a5b1b90607.txt", "content/policies/shenzhengfa-2017-45.md")
	for _, s := range []string{
		"〔牵头单位:市发展改革委;配合单位:各区、县(市)政府〕",
		"\n## 沈阳市加强政务诚信建设的工作方案\n",
		"\n### (一)建立健全政务诚信管理体系。\n",
		"\n**1.建立健全政务诚信教育机制。**深入开展",
		"\n沈阳市人民政府\n\n2017年8月25日\n",
	} {
		if !strings.Contains(b, s) {
			t.Errorf("001 body lacks %q", s)
		}
	}
	for _, debris := range []string{"浏览量", "扫描二维码", "本文链接", "公众号", "0798ci"} {
		if strings.Contains(b, debris) {
			t.Errorf("001 body keeps debris %q", debris)
		}
	}

	// A paragraph cut by a page break and a page number (-4-) is joined.
	files, rep := importOne(t, "002", readSeed(t, "002_5dced79111b9f870.txt"), Options{})
	_, b = decodeFront(t, mustFile(t, files, rep.Documents[1].Path))
	if !strings.Contains(b, "建立政府采購方面的政務誠信責任制") || strings.Contains(b, "-4-") {
		t.Errorf("002: paragraph around -4- not joined")
	}
	if !strings.Contains(b, "《\\*\\*省人民政府關于印發\\*\\*省加強政務誠信建設實施方案的通知》") {
		t.Errorf("002: anonymised ** not escaped")
	}
	_, b = decodeFront(t, mustFile(t, files, rep.Documents[3].Path))
	if !strings.Contains(b, "切實加強干部作風和機關作風建設") || !strings.Contains(b, "建立1-2項切實管用的制度。") {
		t.Errorf("002: broken lines of 第四篇 not joined")
	}
	// Items run in after the end of the previous paragraph (lines 85, 200–202).
	_, b = decodeFront(t, mustFile(t, files, rep.Documents[2].Path))
	if !strings.Contains(b, "實行“一票否決”。\n\n**6.健全統計數據真實性責任制。**深化統計管理體制改革,") {
		t.Errorf("002: item 6 of 南京 not split off item 5")
	}
	_, b = decodeFront(t, mustFile(t, files, rep.Documents[4].Path))
	for _, s := range []string{"保障能力。\n\n### (二)加大宣傳力度。\n\n請各鄉鎮", "\n\n### (三)發揮典型示范作用。\n\n各行業部門", "\n\n### (四)加大考核力度。\n\n負有安全生產"} {
		if !strings.Contains(b, s) {
			t.Errorf("002: 綿陽 lacks %q", s)
		}
	}
	if !reflect.DeepEqual(rep.Dropped, []string{"第52行：-4-"}) {
		t.Errorf("002 dropped %v", rep.Dropped)
	}
}

func mustFile(t *testing.T, files []File, p string) File {
	t.Helper()
	f, ok := fileByPath(files, p)
	if !ok {
		t.Fatalf("no file %s", p)
	}
	return f
}

// TestSeedDebris: what is dropped from 001 and 004, by line.
func TestSeedDebris(t *testing.T) {
	_, rep := importOne(t, "001", readSeed(t, "001_d2e6f0a5b1b90607.txt"), Options{})
	wantLines(t, "001", rep.Dropped, []string{"第3行", "第134行", "第136行", "第141行", "第143行"})
	_, rep = importOne(t, "003", readSeed(t, "003_8f162a0ca417d789.txt"), Options{})
	wantLines(t, "003", rep.Dropped, []string{"第875行"})
	_, rep = importOne(t, "004", readSeed(t, "004_7252d9d53e386a10.txt"), Options{})
	wantLines(t, "004", rep.Dropped, []string{"第1行", "第2行", "第3行", "第30行", "第31行", "第33行", "第34行"})
	if a := rep.Documents[4].Attention; len(a) != 1 || a[0] != "正文开头的日期“2015年8月21日”可能就是发布日期，请核对后填写 published" {
		t.Errorf("004 brief: attention %q", a)
	}
}

func wantLines(t *testing.T, name string, dropped, lines []string) {
	t.Helper()
	var got []string
	for _, d := range dropped {
		got = append(got, d[:strings.Index(d, "：")])
	}
	if !reflect.DeepEqual(got, lines) {
		t.Errorf("%s dropped %v, want lines %v", name, dropped, lines)
	}
}

// TestSeedTasks checks the annex table of 遼政辦〔2016〕23號: 11 rows
// assigned to 各市政府、省政府各部門 and 54 rows grouped by 牽頭單位.
func TestSeedTasks(t *testing.T) {
	files, rep := importOne(t, "003", readSeed(t, "003_8f162a0ca417d789.txt"), Options{})
	if rep.Documents[0].Tasks != "content/tasks/liaozhengban-2016-23.toml" {
		t.Fatalf("tasks file %q", rep.Documents[0].Tasks)
	}
	f := mustFile(t, files, rep.Documents[0].Tasks)
	var tt struct {
		Task []struct {
			Document, Item, Requirement, Carrier, Deadline string
			Seq                                            int
			Lead, Resp, Coop                               []string
		}
	}
	md, err := toml.Decode(string(f.Data), &tt)
	if err != nil {
		t.Fatal(err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Errorf("unexpected keys %v", u)
	}
	if len(tt.Task) != 65 {
		t.Fatalf("%d tasks, want 65", len(tt.Task))
	}
	first := tt.Task[0]
	if first.Document != "遼政辦〔2016〕23號" || first.Seq != 1 || first.Item != "落實重大行政決策預公開制度" ||
		first.Carrier != "省政府門戶網站、省政府各部門網站、各市政府門戶網站、新聞媒體等" || first.Deadline != "7月底前啟動長期推進" ||
		!reflect.DeepEqual(first.Resp, []string{"各市政府", "省政府各部門"}) || first.Lead != nil {
		t.Errorf("task 1: %+v", first)
	}
	// Row 2 of part 一: a requirement over three lines, one sub-item each.
	if r := tt.Task[1].Requirement; r != "1.有關會議包括涉及公眾和法人利益的省、市政府常務會議、辦公會議、業務會議及省政府部門相關會議;\n2.通過政府網站或新聞媒體,及時發布會議信息,列明列席會議的社會人員;\n3.省、市政府年內至少5次邀請社會人員列席相關會議。" {
		t.Errorf("task 2 requirement %q", r)
	}
	// Row 11: an empty 公開載體 cell.
	if r := tt.Task[10]; r.Seq != 11 || r.Carrier != "" || r.Deadline != "長期推進" {
		t.Errorf("task 11: %+v", r)
	}
	// Part 二 starts with 省政府辦公廳 1; its row 3 has an empty carrier.
	if r := tt.Task[11]; r.Seq != 1 || !reflect.DeepEqual(r.Lead, []string{"省政府辦公廳"}) || r.Item != "推進、指導、協調、監督全省《2016年政務公開工作要點》落實工作" || r.Deadline != "年底前完成" {
		t.Errorf("task 12: %+v", r)
	}
	if r := tt.Task[13]; r.Seq != 3 || r.Carrier != "" || r.Deadline != "6月底前啟動長期推進" {
		t.Errorf("task 14: %+v", r)
	}
	count := map[string]int{}
	for _, r := range tt.Task[11:] {
		if len(r.Lead) != 1 {
			t.Fatalf("row without a single lead: %+v", r)
		}
		count[r.Lead[0]]++
	}
	for unit, n := range map[string]int{"省政府辦公廳": 5, "省發展改革委": 5, "省民政廳": 3, "省住房城鄉建設廳": 5, "省衛生計生委": 5, "省政務服務管理辦公室": 1} {
		if count[unit] != n {
			t.Errorf("%s leads %d tasks, want %d", unit, count[unit], n)
		}
	}
	last := tt.Task[64]
	if last.Item != "推進省網上審批平臺建設" || last.Carrier != "省政府門戶網站、遼寧政務服務網" || last.Deadline != "年底前完成" {
		t.Errorf("last task: %+v", last)
	}
}

// TestGB18030 imports every seed encoded in GB18030 and expects exactly
// the files of its UTF-8 form.
func TestGB18030(t *testing.T) {
	for _, name := range seedNames {
		data := readSeed(t, name)
		gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes(data)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(gb, data) || utf8.Valid(gb) {
			t.Fatalf("%s: encoding did not change the bytes", name)
		}
		want, wrep := importOne(t, name, data, Options{})
		got, grep := importOne(t, name, gb, Options{})
		if grep.Encoding != EncGB18030 || wrep.Encoding != EncUTF8 {
			t.Errorf("%s: encodings %s / %s", name, wrep.Encoding, grep.Encoding)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: GB18030 import differs from UTF-8 import", name)
		}
		grep.Encoding = wrep.Encoding
		if !reflect.DeepEqual(grep, wrep) {
			t.Errorf("%s: reports differ", name)
		}
	}
}

// TestDeterministic imports all seeds together twice: same files, same
// names, same bytes; and the names stay unique across inputs.
func TestDeterministic(t *testing.T) {
	var in []Input
	for _, name := range seedNames {
		in = append(in, Input{Name: name, Data: readSeed(t, name)})
	}
	a, ra, err := Import(in, Options{Topic: "综合政务/政务公开"})
	if err != nil {
		t.Fatal(err)
	}
	b, rb, _ := Import(in, Options{Topic: "综合政务/政务公开"})
	if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(ra, rb) {
		t.Fatal("two imports of the same input differ")
	}
	seen := map[string]bool{}
	for _, f := range a {
		if seen[f.Path] {
			t.Errorf("path %s used twice", f.Path)
		}
		seen[f.Path] = true
		if strings.HasSuffix(f.Path, ".md") {
			fm, _ := decodeFront(t, f)
			if fm["topic"] != "综合政务/政务公开" && strings.HasPrefix(f.Path, "content/policies/") {
				t.Errorf("%s: topic %v", f.Path, fm["topic"])
			}
		}
	}
}

// TestContentLoads loads the imported seeds with the site's content loader:
// no diagnostics, since every absent required value is named in missing.
func TestContentLoads(t *testing.T) {
	files := importSeeds(t)
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	var diags diag.List
	res := content.Load(fsys, &config.Config{}, &diags, nil)
	for _, d := range diags.Sorted() {
		t.Errorf("%s", d.String())
	}
	if len(res.Docs) != 22 || len(res.Tables) != 65 {
		t.Errorf("loaded %d documents and %d task rows, want 22 and 65", len(res.Docs), len(res.Tables))
	}
}

func TestImportErrors(t *testing.T) {
	if _, _, err := Import(nil, Options{Kind: "notice"}); err == nil || !strings.Contains(err.Error(), "未知的内容类型") {
		t.Errorf("bad kind: %v", err)
	}
	bad := []byte{0xff, 0xff, 0xff, 0x81, 0x20}
	files, reps, err := Import([]Input{{Name: "bad.txt", Data: bad}, {Name: "ok.txt", Data: readSeed(t, seedNames[1])}}, Options{})
	if err == nil || !strings.Contains(err.Error(), "bad.txt") || !strings.Contains(err.Error(), "无法识别文件编码") {
		t.Errorf("err = %v", err)
	}
	if len(files) != 1 || reps[0].Error == "" || len(reps[1].Documents) != 1 {
		t.Errorf("the good input must still be imported: %d files, reports %+v", len(files), reps)
	}
}

// TestForcedKind: --kind news makes every unit a news item.
func TestForcedKind(t *testing.T) {
	files, rep := importOne(t, "004", readSeed(t, "004_7252d9d53e386a10.txt"), Options{Kind: "news"})
	for _, d := range rep.Documents {
		if d.Kind != "news" || !strings.HasPrefix(d.Path, "content/news/") {
			t.Errorf("%s is %s", d.Path, d.Kind)
		}
	}
	for _, f := range files {
		fm, _ := decodeFront(t, f)
		if _, ok := fm["doc_number"]; ok {
			t.Errorf("%s: news with doc_number", f.Path)
		}
	}
}
