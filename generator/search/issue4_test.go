package search

import (
	"slices"
	"strings"
	"testing"
)

// auditDocs are the cases of the audit of issue 4: a jointly issued
// policy, and 发文字号 cited by other documents (the citing documents carry
// the number in their title, so that only the 发文字号 match puts the
// document itself first).
var auditDocs = []Doc{
	{URL: "/policies/p15/", Title: "关于联合治理扬尘污染的通知", DocNo: "测环发〔2022〕15号",
		Organs: []string{"测试市人民政府", "测试市生态环境局"}, Kind: "policy", KindLabel: "政策文件",
		Topic: "城乡建设", Date: "2022-03-01", Year: 2022, Text: "联合开展扬尘污染治理行动。"},
	{URL: "/policies/p16/", Title: "关于扬尘监测的通知", DocNo: "测环发〔2022〕16号",
		Organs: []string{"测试市生态环境局"}, Kind: "policy", KindLabel: "政策文件",
		Topic: "城乡建设", Date: "2022-04-01", Year: 2022, Text: "扬尘污染监测。"},
	{URL: "/policies/p17/", Title: "关于噪声治理的通知", DocNo: "测环发〔2022〕17号",
		Organs: []string{"测试市生态环境局"}, Kind: "policy", KindLabel: "政策文件",
		Topic: "城乡建设", Date: "2022-05-01", Year: 2022, Text: "噪声治理。"},
	{URL: "/policies/p18/", Title: "转发测环发〔2022〕17号测环发2022年17号文件的通知", DocNo: "测环发〔2022〕18号",
		Organs: []string{"测试市生态环境局"}, Kind: "policy", KindLabel: "政策文件",
		Topic: "城乡建设", Date: "2022-06-01", Year: 2022, Text: "转发测环发〔2022〕17号，测环发〔2022〕17号。"},
	{URL: "/policies/p19/", Title: "测试市扬尘管理办法", DocNo: "测试市人民政府令第195号",
		Organs: []string{"测试市人民政府"}, Kind: "policy", KindLabel: "政策文件",
		Topic: "城乡建设", Date: "2022-07-01", Year: 2022, Text: "管理办法正文。"},
	{URL: "/policies/p20/", Title: "关于贯彻测试市人民政府令第195号的通知", DocNo: "测环发〔2022〕20号",
		Organs: []string{"测试市生态环境局"}, Kind: "policy", KindLabel: "政策文件",
		Topic: "城乡建设", Date: "2022-08-01", Year: 2022, Text: "贯彻测试市人民政府令第195号，测试市人民政府令第195号。"},
	{URL: "/policies/p21/", Title: "關於加強噪聲管理的通知", DocNo: "測環發〔2021〕9號",
		Organs: []string{"测试市生态环境局"}, Kind: "policy", KindLabel: "政策文件",
		Topic: "城乡建设", Date: "2021-05-01", Year: 2021, Text: "噪聲管理。", Lang: "zh-Hant"},
	{URL: "/policies/p22/", Title: "转发測環發〔2021〕9號的通知", DocNo: "测环发〔2021〕22号",
		Organs: []string{"测试市生态环境局"}, Kind: "policy", KindLabel: "政策文件",
		Topic: "城乡建设", Date: "2021-09-01", Year: 2021, Text: "转发测环发〔2021〕9号。"},
}

// A jointly issued document is found under each of its organs, and each
// organ is counted on its own: no made-up organ "甲、乙".
func TestSearchJointOrgans(t *testing.T) {
	ix, _ := buildIndex(t, auditDocs, 0)
	for _, o := range ix.Manifest().Organs {
		if strings.Contains(o, "、") {
			t.Errorf("manifest organ %q joins several organs", o)
		}
	}
	for _, c := range []struct {
		organ string
		want  []string
	}{
		{"测试市生态环境局", []string{"/policies/p16/", "/policies/p15/"}},
		{"测试市人民政府", []string{"/policies/p19/", "/policies/p15/"}},
		{"测试市人民政府、测试市生态环境局", nil},
	} {
		res, err := ix.Search("扬尘", Filter{Organ: c.organ})
		if err != nil {
			t.Fatal(err)
		}
		got := urls(t, ix, res.Hits)
		slices.Sort(got)
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("扬尘, organ %s: %v, want %v", c.organ, got, c.want)
		}
		// The organ facet ignores its own filter: always both organs, the
		// joint document counted under each.
		want := []FacetCount{{"测试市人民政府", 2}, {"测试市生态环境局", 2}}
		if !slices.Equal(res.Facets["organ"], want) {
			t.Errorf("扬尘, organ %s: organ facet %v, want %v", c.organ, res.Facets["organ"], want)
		}
	}
	// Another facet's counts under an organ filter count the joint document once.
	res, _ := ix.Search("扬尘", Filter{Organ: "测试市人民政府"})
	if want := []FacetCount{{"policy", 2}}; !slices.Equal(res.Facets["kind"], want) {
		t.Errorf("kind facet under an organ filter: %v, want %v", res.Facets["kind"], want)
	}
}

// A 发文字号 typed in any usual form puts its document first.
func TestSearchDocNoForms(t *testing.T) {
	ix, _ := buildIndex(t, auditDocs, 0)
	for q, want := range docNoForms {
		res, err := ix.Search(q, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := urls(t, ix, res.Hits)
		if len(got) == 0 || got[0] != want || res.Hits[0].Tier != 2 {
			t.Errorf("%s: %v, want %s first (as a 发文字号 match)", q, got, want)
		}
	}
}

// docNoForms maps queries to the document whose 发文字号 they are.
var docNoForms = map[string]string{
	"测环发〔2022〕17号":   "/policies/p17/",
	"测环发〔2022〕017号":  "/policies/p17/",
	"测环发[2022]017号":  "/policies/p17/",
	"测环发﹝2022﹞17号":   "/policies/p17/",
	"测环发〖2022〗17号":   "/policies/p17/",
	"测环发【2022】17号":   "/policies/p17/",
	"测环发（2022）第17号":  "/policies/p17/",
	"测环发(2022)17":    "/policies/p17/",
	"测环发2022 17号":    "/policies/p17/",
	"测环发202217号":     "/policies/p17/",
	"測環發〔2022〕17號":   "/policies/p17/",
	"测环発〔2022〕17号":   "/policies/p17/",
	"测环发 〔２０２２〕１７号":  "/policies/p17/",
	"测试市人民政府令第195号":  "/policies/p19/",
	"测试市人民政府令195号":   "/policies/p19/",
	"测试市人民政府令第0195号": "/policies/p19/",
	"測試市人民政府令第195號":  "/policies/p19/",
	"测环发〔2021〕9号":    "/policies/p21/",
	"测环发〔2021〕09号":   "/policies/p21/",
	"测环発﹝2021﹞9号":    "/policies/p21/",
	"《测环发〔2021〕9号》":  "/policies/p21/",
	"测环发2021-9号":     "/policies/p21/",
}

func TestNormDocNoForms(t *testing.T) {
	for q, url := range docNoForms {
		var docNo string
		for _, d := range auditDocs {
			if d.URL == url {
				docNo = d.DocNo
			}
		}
		if k, want := NormDocNo(q), NormDocNo(docNo); k == "" || k != want {
			t.Errorf("NormDocNo(%q) = %q, NormDocNo(%q) = %q", q, k, docNo, want)
		}
	}
	for _, s := range []string{"", "政务诚信", "2017", "第45号", "政务诚信2017", "一网通办"} {
		if k := NormDocNo(s); k != "" {
			t.Errorf("NormDocNo(%q) = %q, want none", s, k)
		}
	}
}
