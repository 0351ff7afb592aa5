package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"gongkai/generator/publish"
)

// memoList gives the bytes a stream gives, and with a Memo makes again only
// the rows whose key changed (or that have no key).
func TestMemoList(t *testing.T) {
	type row struct {
		key  uint64
		text string
	}
	build := func(r *Renderer, rows []row, fp uint64) (string, []int) {
		out := publish.NewMemory()
		r.opt.Out = out
		r.written = map[string]bool{}
		var made []int
		key := func(i int) uint64 { return rows[i].key }
		err := r.writeJSONList("data/x.json", fp, len(rows), key, func(i int) any {
			made = append(made, i)
			return map[string]string{"t": rows[i].text}
		})
		if err != nil {
			t.Fatal(err)
		}
		return string(out.Files["data/x.json"]), made
	}
	rows := []row{{1, "甲"}, {2, "乙<&>"}, {0, "无键"}, {3, "丙"}}
	want, _ := build(&Renderer{}, rows, 0) // no Memo: streamed
	if want != `[{"t":"甲"},{"t":"乙<&>"},{"t":"无键"},{"t":"丙"}]`+"\n" {
		t.Fatalf("streamed = %q", want)
	}
	m := &Memo{}
	r := &Renderer{opt: Options{Memo: m}}
	render := func(rows []row, fp uint64) (string, []int) {
		m.begin(1)
		defer m.end()
		return build(r, rows, fp)
	}
	if got, made := render(rows, 10); got != want || len(made) != 4 {
		t.Fatalf("first render = %q, made %v", got, made)
	}
	if got, made := render(rows, 10); got != want || len(made) != 0 {
		t.Fatalf("unchanged = %q, made %v", got, made)
	}
	// Row 2 edited (new key), a row inserted, the keyless row made again.
	rows2 := []row{{1, "甲"}, {5, "新"}, {4, "乙改"}, {0, "无键"}, {3, "丙"}}
	got, made := render(rows2, 11)
	want2, _ := build(&Renderer{}, rows2, 0)
	if got != want2 || fmt.Sprint(made) != "[1 2 3]" {
		t.Fatalf("edited = %q (want %q), made %v (want [1 2 3])", got, want2, made)
	}
	// Rows reused from a render that itself reused rows.
	rows3 := append(rows2[:0:0], rows2[4], rows2[0], rows2[2])
	got, made = render(rows3, 12)
	want3, _ := build(&Renderer{}, rows3, 0)
	if got != want3 || len(made) != 0 {
		t.Fatalf("reordered = %q (want %q), made %v", got, want3, made)
	}
	// CSV rows likewise, the header written once.
	csvRender := func(rr *Renderer, rows []row, fp uint64) string {
		out := publish.NewMemory()
		rr.opt.Out, rr.written = out, map[string]bool{}
		key := func(i int) uint64 { return rows[i].key }
		if err := rr.writeCSV("data/x.csv", fp, []string{"名称", "说明"}, len(rows), key, func(i int) []string {
			return []string{rows[i].text, "a,\"b\""}
		}); err != nil {
			t.Fatal(err)
		}
		return string(out.Files["data/x.csv"])
	}
	wantCSV := csvRender(&Renderer{}, rows2, 0)
	if !strings.HasPrefix(wantCSV, "\ufeff名称,说明\r\n甲,\"a,\"\"b\"\"\"\r\n") || bytes.Count([]byte(wantCSV), []byte("\r\n")) != 6 {
		t.Fatalf("streamed CSV = %q", wantCSV)
	}
	for _, rs := range [][]row{rows, rows2, rows3} {
		m.begin(1)
		got := csvRender(r, rs, uint64(len(rs))+100)
		m.end()
		if want := csvRender(&Renderer{}, rs, 0); got != want {
			t.Fatalf("CSV = %q, want %q", got, want)
		}
	}
}
