package content

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"gongkai/generator/config"
	"gongkai/generator/diag"
	"gongkai/generator/model"
)

// TestLoadEach: every document reaches the callback with its own body,
// although the loading goroutines read all files into reused buffers (long
// and short files mixed, so that a buffer grows and is then reused for
// shorter ones); the bodies are dropped afterwards and read back through
// Bodies; a file that is not UTF-8 is reported, not handed on.
func TestLoadEach(t *testing.T) {
	fsys := fstest.MapFS{}
	want := map[string]string{}
	for i := range 60 {
		body := strings.Repeat(fmt.Sprintf("第%d条。", i), 1+(i*37)%200) + "\n"
		p := fmt.Sprintf("content/policies/p%02d.md", i)
		fsys[p] = &fstest.MapFile{Data: []byte(fmt.Sprintf("+++\ntitle = \"文件%d\"\norgan = \"示例市人民政府\"\nsigned = 2020-01-02\npublished = 2020-01-03\ntopic = \"综合政务/其他\"\n+++\n%s", i, body))}
		want[p] = body
	}
	fsys["content/policies/bad.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"\xd5\xfe\"\n+++\n")}
	cfg := config.Parse("config.toml", nil, &diag.List{})
	diags := &diag.List{}
	var mu sync.Mutex
	seen := map[string]string{}
	res := LoadEach(fsys, cfg, diags, func(d *model.Document) {
		mu.Lock()
		seen[d.Source] = string(d.Body)
		mu.Unlock()
	})
	if len(seen) != len(want) || len(res.Docs) != len(want) {
		t.Fatalf("%d documents handed on, %d loaded; want %d", len(seen), len(res.Docs), len(want))
	}
	for p, body := range want {
		if seen[p] != body {
			t.Errorf("%s: body handed on %q, want %q", p, seen[p], body)
		}
	}
	for _, d := range res.Docs {
		if d.Body != nil {
			t.Errorf("%s: body kept after loading", d.Source)
		}
		got, err := res.Bodies(d, nil)
		if err != nil || string(got) != want[d.Source] {
			t.Errorf("%s: body read again %q, %v", d.Source, got, err)
		}
	}
	if ds := diags.Sorted(); len(ds) != 1 || ds[0].Pos.File != "content/policies/bad.md" || !strings.Contains(ds[0].Msg, "UTF-8") {
		t.Errorf("diagnostics %v, want one for bad.md (not UTF-8)", ds)
	}
}
