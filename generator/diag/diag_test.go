package diag

import (
	"reflect"
	"strings"
	"testing"

	"gongkai/generator/model"
)

// attachBySplit is the plain statement of AttachContext: split the whole
// file into lines and take radius lines on each side.
func attachBySplit(ds []Diagnostic, file string, src []byte, radius int) {
	lines := strings.Split(string(src), "\n")
	for i := range ds {
		d := &ds[i]
		if d.Pos.File != file || d.Pos.Line <= 0 || len(d.Context) > 0 {
			continue
		}
		lo, hi := max(d.Pos.Line-radius, 1), min(d.Pos.Line+radius, len(lines))
		if lo > hi {
			continue
		}
		d.CtxStart = lo
		d.Context = append([]string(nil), lines[lo-1:hi]...)
	}
}

func checkAttach(t *testing.T, src string, lines []int) {
	t.Helper()
	var got, want []Diagnostic
	for _, l := range lines {
		d := Diagnostic{Pos: model.Pos{File: "a.md", Line: l}}
		got, want = append(got, d), append(want, d)
	}
	got = append(got, Diagnostic{Pos: model.Pos{File: "b.md", Line: 1}}, Diagnostic{Pos: model.Pos{File: "a.md", Line: 1}, Context: []string{"kept"}})
	want = append(want, got[len(got)-2:]...)
	AttachContext(got, "a.md", []byte(src), 2)
	attachBySplit(want, "a.md", []byte(src), 2)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AttachContext(%q, lines %v):\n got %+v\nwant %+v", src, lines, got, want)
	}
}

func TestAttachContext(t *testing.T) {
	src := "+++\ntitle = \"甲\"\n+++\n\n正文第一段。\n正文第二段。"
	checkAttach(t, src, []int{1, 2, 6, 7, 9, 3})
	checkAttach(t, src+"\n", []int{6, 7, 8, 9})
	checkAttach(t, "", []int{1, 2, 3})
	checkAttach(t, "\n\n", []int{1, 3, 4, 5})
}

func FuzzAttachContext(f *testing.F) {
	f.Add("a\nb\nc", 2, 5)
	f.Add("+++\nx = 1\n+++\n正文\n", 4, 1)
	f.Fuzz(func(t *testing.T, src string, l1, l2 int) {
		checkAttach(t, src, []int{l1%50 + 1, l2%50 + 1})
	})
}
