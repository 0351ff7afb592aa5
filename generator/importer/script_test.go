package importer

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRemoveImported: scripts/remove-imported.sh, which the sample's
// regeneration (scripts/import-sample.sh) runs before copying a new import
// into content/, removes exactly the files the importer writes and keeps
// hand-written ones, such as the sample's withheld example.
func TestRemoveImported(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "remove-imported.sh"))
	if err != nil {
		t.Fatal(err)
	}
	files := importSeeds(t)
	site := t.TempDir()
	write := func(p string, data []byte) {
		t.Helper()
		p = filepath.Join(site, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var imported []string
	for _, f := range files {
		write(f.Path, f.Data)
		imported = append(imported, f.Path)
	}
	if !slices.ContainsFunc(imported, func(p string) bool { return strings.HasSuffix(p, ".toml") }) {
		t.Fatal("the seeds gave no task table")
	}
	withheld, err := os.ReadFile(filepath.Join("..", "..", "content", "policies", "shili-huiyi-jiyao-taolungao.md"))
	if err != nil {
		t.Fatal(err)
	}
	hand := map[string]string{
		"content/policies/shili-huiyi-jiyao-taolungao.md": string(withheld),
		"content/news/shougong.md":                        "+++\ntitle = \"手写\"\n# 由 gongkai import 从 a.txt 第1行起导入（抄来的注释，不在开头）\n+++\n\n正文。\n",
		"content/tasks/shougong.toml":                     "# 手写的任务表\n[[task]]\ndocument = \"某政发〔2019〕1号\"\n",
		"content/tasks/progress/x.toml":                   "# 任务分工表：由 gongkai import 从附件表格导入（子文件夹不动）\n",
	}
	for p, s := range hand {
		write(p, []byte(s))
	}
	dirs := []string{"content/policies", "content/interpretations", "content/news", "content/tasks"}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(sh, append([]string{script}, args...)...)
		cmd.Dir = site
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	got := strings.Fields(run(append([]string{"-l"}, dirs...)...))
	want := []string{"content/news/shougong.md", "content/policies/shili-huiyi-jiyao-taolungao.md", "content/tasks/shougong.toml"}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("-l listed %q, want %q", got, want)
	}
	for _, p := range imported {
		if _, err := os.Stat(filepath.Join(site, p)); err != nil {
			t.Errorf("-l removed %s", p)
		}
	}
	run(dirs...)
	for _, p := range imported {
		if _, err := os.Stat(filepath.Join(site, p)); err == nil {
			t.Errorf("%s, written by the importer, is still there", p)
		}
	}
	for p, s := range hand {
		if data, err := os.ReadFile(filepath.Join(site, p)); err != nil || string(data) != s {
			t.Errorf("hand-written %s removed or changed: %v", p, err)
		}
	}
}
