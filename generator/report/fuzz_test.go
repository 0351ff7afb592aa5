package report

import (
	"testing"

	"gongkai/generator/diag"
)

// FuzzParse feeds Parse arbitrary bytes: it must never panic, every
// diagnostic must name the file and a line, and a report that validates must
// really balance (each row's 总计 is its sum, 一 + 二 = 三 + 四 per column).
func FuzzParse(f *testing.F) {
	// Seeds stay small: the fuzzer minimises every new input it finds, and
	// minimising a whole sample report takes longer than a short fuzz run.
	// TestParseSample covers the full sample file.
	f.Add([]byte(good))
	f.Add([]byte(edit(16, 16, "total = [5, 1, 0, 0, 0, 1]\ncarried_forward = [1, 0, 0, 0, 0, 0]")))
	f.Add([]byte(edit(14, 14, "granted = [3, [1, {a = 2}], \"x\", -1, 1e400, 0, 0, 0]")))
	f.Add([]byte("applications.withheld = 1\n[appeals]\nreview = [\n1, # c\n2]\n"))
	f.Add([]byte("a = \"\"\"\n[x]\n\"\"\"\n['q.\"r\"'.s]\nt = '''a'''''\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "content/reports/2025.toml"
		var l diag.List
		r := Parse(path, data, &l)
		if r == nil {
			t.Fatal("nil report")
		}
		for _, d := range l.Sorted() {
			if d.Pos.File != path || d.Pos.Line < 1 {
				t.Fatalf("diagnostic without file:line: %s", d)
			}
		}
		Compute(r, site())
		_ = r.CSV()
		_ = r.TableThree()
		if l.HasErrors() {
			return
		}
		a := r.Applications
		for i, row := range a {
			var s int64
			for _, x := range row[:ColTotal] {
				s += x
			}
			if s != row[ColTotal] {
				t.Fatalf("row %d total %d != %d", i, row[ColTotal], s)
			}
		}
		for c := range NumCols3 {
			if a[Received][c]+a[CarriedOver][c] != a[Total][c]+a[CarriedForward][c] {
				t.Fatalf("column %d does not balance", c)
			}
		}
	})
}
