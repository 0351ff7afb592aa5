package cjk

import (
	"strings"
	"testing"
)

func TestIndex(t *testing.T) {
	for _, c := range []struct{ s, sub string }{
		{"", ""}, {"", "号"}, {"号", ""}, {"号", "号"}, {"沈政发〔2017〕45号", "号"},
		{"第45號文", "號"}, {"有效期5年，有效期", "有效期"}, {"abc", "c"}, {"ab", "abc"},
		{"\xb7\x8f\xe5\x8f\xb7", "号"}, {"号号", "号号"}, {"x号y號z", "號"},
	} {
		if got, want := Index(c.s, c.sub), strings.Index(c.s, c.sub); got != want {
			t.Errorf("Index(%q, %q) = %d, strings.Index %d", c.s, c.sub, got, want)
		}
	}
}

func FuzzIndex(f *testing.F) {
	f.Add("沈阳市人民政府关于印发（沈政发〔2017〕45号）的通知", "号")
	f.Add("本意见自印发之日起施行，有效期5年。", "有效期")
	f.Add("\xe5\x8f\xe5\x8f\xb7", "号")
	f.Fuzz(func(t *testing.T, s, sub string) {
		if got, want := Index(s, sub), strings.Index(s, sub); got != want {
			t.Fatalf("Index(%q, %q) = %d, strings.Index %d", s, sub, got, want)
		}
	})
}

func BenchmarkIndex(b *testing.B) {
	text := strings.Repeat("各区、县（市）人民政府，市政府各部门、各直属单位：现将《沈阳市加强政务诚信建设的工作方案》印发给你们，请结合实际，认真贯彻落实。", 200) + "沈政发〔2017〕45号"
	b.SetBytes(int64(len(text)))
	b.Run("cjk", func(b *testing.B) {
		for b.Loop() {
			Index(text, "号")
		}
	})
	b.Run("strings", func(b *testing.B) {
		for b.Loop() {
			strings.Index(text, "号")
		}
	})
}
