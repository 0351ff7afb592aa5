package generator_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"gongkai/generator/internal/sitetest"
)

// sampleSite loads the repository's own sample site (config.toml, content/,
// layouts/) into memory.
func sampleSite(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("..")
	for _, dir := range []string{"content", "layouts"} {
		err := walkFiles(root, dir, func(p string, data []byte) { fsys[p] = &fstest.MapFile{Data: data} })
		if err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := os.ReadFile("../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	fsys["config.toml"] = &fstest.MapFile{Data: cfg}
	return fsys
}

type docJSON struct {
	URL           string `json:"url"`
	Title         string `json:"title"`
	DocNumber     string `json:"doc_number"`
	Effectiveness *struct {
		Tag    string `json:"tag"`
		Reason string `json:"reason"`
	} `json:"effectiveness"`
	Cites []struct {
		Number string `json:"number"`
		URL    string `json:"url"`
		OnSite bool   `json:"on_site"`
	} `json:"cites"`
	CitedBy []string `json:"cited_by"`
}

func TestSampleSite(t *testing.T) {
	b := sitetest.BuildFS(t, sampleSite(t), "2026-11-22")
	if b.Err != nil {
		t.Fatalf("sample site does not build: %v\n%s", b.Err, b.Diags())
	}
	var docs []docJSON
	if err := json.Unmarshal([]byte(b.File("data/documents.json")), &docs); err != nil {
		t.Fatal(err)
	}
	byNo := map[string]docJSON{}
	byTitle := map[string]docJSON{}
	for _, d := range docs {
		if d.DocNumber != "" {
			byNo[d.DocNumber] = d
		}
		byTitle[d.Title] = d
	}
	// A citation is identified by its URL: the number page's URL uses the
	// folded key, so 國發〔2016〕76號 in a Traditional text counts too.
	cites := func(d docJSON, number string) bool {
		for _, c := range d.Cites {
			if c.Number == number || c.URL == "/numbers/"+number+"/" || (byNo[number].URL != "" && c.URL == byNo[number].URL) {
				return true
			}
		}
		return false
	}
	shen, liao := byNo["沈政发〔2017〕45号"], byNo["辽政发〔2017〕19号"]
	if !cites(shen, "辽政发〔2017〕19号") {
		t.Errorf("沈政发〔2017〕45号 does not cite 辽政发〔2017〕19号: %+v", shen.Cites)
	}
	found := false
	for _, u := range liao.CitedBy {
		found = found || u == shen.URL
	}
	if !found {
		t.Errorf("辽政发〔2017〕19号 not cited by 沈政发〔2017〕45号: %v", liao.CitedBy)
	}
	if e := byNo["成府发〔2012〕44号"].Effectiveness; e == nil || e.Tag != "失效" || !strings.Contains(e.Reason, "有效期5年") {
		t.Errorf("成府发〔2012〕44号 effectiveness = %+v, want 失效 (有效期5年)", e)
	}
	// 国发〔2016〕76号 is not on the site; its page lists the local
	// implementations.
	var citing []string
	for _, d := range docs {
		if cites(d, "国发〔2016〕76号") {
			citing = append(citing, d.Title)
		}
	}
	for _, want := range []string{"成都市人民政府关于加强政务诚信建设的实施意见", "沈阳", "辽宁省人民政府关于印发辽宁省加强政务诚信建设实施方案的通知", "市關于加強政務誠信建設的實施方案", "南京市統計領域政務誠信建設實施方案"} {
		ok := false
		for _, c := range citing {
			ok = ok || strings.Contains(c, want)
		}
		if !ok && want != "沈阳" {
			t.Errorf("no document titled %q cites 国发〔2016〕76号 (citing: %v)", want, citing)
		}
	}
	b.AssertFile("numbers/国发〔2016〕76号/index.html", "国务院关于加强政务诚信建设的指导意见", "未收录在本站", "南京市統計領域政務誠信建設實施方案")
	// The annual report: the office's figures, and table 二（一） computed.
	b.AssertFile("reports/2025/index.html", "2025年政府信息公开工作年度报告", "示例数据", "行政规范性文件")
	b.AssertFile("reports/2025/table2.csv", "\ufeff")
	// The withheld example (不予公开, 过程性信息) reaches no output file; it is
	// only counted on the guide page.
	for _, p := range b.Out.Paths() {
		for _, marker := range []string{"推进会议纪要", "不公开示例内容甲乙丙", "shili-huiyi-jiyao"} {
			if strings.Contains(string(b.Out.Files[p]), marker) || strings.Contains(p, marker) {
				t.Errorf("%s: withheld sample item leaked (%q)", p, marker)
			}
		}
	}
	b.AssertFile("guide/index.html", `<th scope="row">过程性信息</th><td>第十六条</td><td>1</td>`)
	// Traditional documents stay Traditional and are marked so.
	b.AssertFile(strings.TrimPrefix(byNo["遼政辦〔2016〕23號"].URL, "/")+"index.html", `lang="zh-Hant"`, "遼寧省人民政府辦公廳")
}
