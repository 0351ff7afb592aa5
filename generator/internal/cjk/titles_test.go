package cjk

import (
	"slices"
	"strings"
	"testing"
)

func TestTitles(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []string
	}{
		{"按照《关于印发《沈阳市政务诚信管理办法》的通知》执行", []string{"关于印发《沈阳市政务诚信管理办法》的通知"}},
		{"《甲》和《乙》", []string{"甲", "乙"}},
		{"《甲《乙》", []string{"乙"}}, // the first 《 is never closed
		{"《》", []string{""}},
		{"《" + strings.Repeat("长", 201) + "》《短》", []string{"短"}},
		{"》《", nil},
		{"", nil},
	} {
		var got []string
		for i, j := range Titles(c.s) {
			got = append(got, c.s[i:j])
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Titles(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}
