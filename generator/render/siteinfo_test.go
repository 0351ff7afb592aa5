package render

import (
	"reflect"
	"testing"

	"gongkai/generator/config"
	"gongkai/generator/model"
)

// TestSiteInfoShadows: every field SiteInfo copies from the configuration
// holds the configuration's value, so .Site.X reads the same either way.
func TestSiteInfoShadows(t *testing.T) {
	c := &config.Config{Title: "某市人民政府", Domain: "example.gov.cn", SiteIDCode: "1234000001", ICP: "京ICP备1号",
		PoliceRecord: "京公网安备1号", Organ: "某市人民政府办公室", Contact: "电话 12345"}
	info := reflect.ValueOf(newSiteInfo(c, model.MakeDate(2026, 11, 22))).Elem()
	cv := reflect.ValueOf(c).Elem()
	n := 0
	for i := range info.NumField() {
		f := info.Type().Field(i)
		if f.Anonymous || f.Name == "AsOf" {
			continue
		}
		cf := cv.FieldByName(f.Name)
		if !cf.IsValid() {
			t.Errorf("SiteInfo.%s is not a configuration field", f.Name)
			continue
		}
		if got, want := info.Field(i).Interface(), cf.Interface(); got != want {
			t.Errorf("SiteInfo.%s = %v, configuration has %v", f.Name, got, want)
		}
		if cf.String() == "" {
			t.Errorf("the test leaves config %s empty: it would not catch a missing copy", f.Name)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no shadowing fields checked")
	}
}
