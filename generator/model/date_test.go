package model

import (
	"fmt"
	"testing"
)

// FuzzDateForms: ISO and Chinese write what fmt writes for every Date,
// valid or not (negative, years past 9999, months and days out of range).
func FuzzDateForms(f *testing.F) {
	for _, d := range []int32{0, 20170825, 19000101, 22001231, 99991231, 100000101, -20170825, 20171399, 1, -1, 2147483647, -2147483648} {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, v int32) {
		d := Date(v)
		wantISO, wantCN := "", ""
		if d != 0 {
			wantISO = fmt.Sprintf("%04d-%02d-%02d", d.Year(), d.Month(), d.Day())
			wantCN = fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
		}
		if got := d.ISO(); got != wantISO {
			t.Errorf("ISO(%d) = %q, want %q", v, got, wantISO)
		}
		if got := d.Chinese(); got != wantCN {
			t.Errorf("Chinese(%d) = %q, want %q", v, got, wantCN)
		}
		if got := string(d.AppendChinese([]byte("x"))); got != "x"+wantCN {
			t.Errorf("AppendChinese(x, %d) = %q", v, got)
		}
	})
}
