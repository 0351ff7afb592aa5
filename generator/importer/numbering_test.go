package importer

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// longLine is one paragraph of n sentences, as a whole document pasted
// without line breaks.
func longLine(n int) string {
	return strings.Repeat("各部门要加强政务公开工作，确保信息及时准确发布。", n)
}

// TestRunInLongLine: looking for run-in items in a long line costs work in
// proportion to its length. Counted in bytes allocated, not in time: the
// earlier search copied the rest of the line at every sentence end, about
// 1,000 bytes per byte of a 144 KB line, growing with the line.
func TestRunInLongLine(t *testing.T) {
	var nb numbering
	nb.see(3, 5)
	for _, n := range []int{500, 2000} {
		f := foldOf(longLine(n))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		at := nb.runIn(f)
		runtime.ReadMemStats(&after)
		if at != -1 {
			t.Errorf("%d sentences: run-in item at %d, want none", n, at)
		}
		if per := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(f)); per > 64 {
			t.Errorf("%d sentences: runIn allocated %.0f bytes per byte of the line; want a bounded amount", n, per)
		}
	}
	// The item is still found at the end of a long line, and an
	// enumeration is still recognised far from the item.
	f := foldOf(longLine(3000) + "6.健全统计数据真实性责任制。")
	if at, want := nb.runIn(f), 3000*24; at != want {
		t.Errorf("run-in item at %d, want %d", at, want)
	}
	f = foldOf("主要包括：5.建立制度。" + longLine(3000) + "6.健全统计数据真实性责任制。")
	if at := nb.runIn(f); at != -1 {
		t.Errorf("enumeration within a paragraph split at %d", at)
	}
}

// BenchmarkRunIn: the time per byte stays the same as the line grows
// (go test -bench RunIn -run '^$' ./generator/importer/).
func BenchmarkRunIn(b *testing.B) {
	for _, n := range []int{2000, 8000, 32000} {
		f := foldOf(longLine(n))
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var nb numbering
			nb.see(3, 5)
			b.SetBytes(int64(len(f)))
			for b.Loop() {
				nb.runIn(f)
			}
		})
	}
}

// BenchmarkImportLongLine: a whole import of one long line.
func BenchmarkImportLongLine(b *testing.B) {
	for _, n := range []int{2000, 8000, 32000} {
		data := []byte(longLine(n))
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := Import([]Input{{Name: "long.txt", Data: data}}, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
