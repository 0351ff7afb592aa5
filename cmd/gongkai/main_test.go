package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSite writes files (path → content) under a temporary site folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

const cfg = "title = \"测试站\"\nbase_url = \"https://example.gov.cn/\"\n"

func TestNewScaffoldsBuild(t *testing.T) {
	site := writeSite(t, map[string]string{"config.toml": cfg})
	for _, kind := range []string{"policy", "interpretation", "news", "credit", "commitment"} {
		code, out, errs := runCLI("new", "--site", site, kind, "demo-"+kind)
		if code != 0 {
			t.Fatalf("new %s: %d %s", kind, code, errs)
		}
		if !strings.Contains(out, "已创建") {
			t.Errorf("new %s: %q", kind, out)
		}
	}
	// The scaffolds name every key; unfilled required values are reported
	// with their file and line, in Chinese.
	code, _, errs := runCLI("check", "--site", site, "--as-of", "2026-01-01")
	if code != 1 || !strings.Contains(errs, "content/policies/demo-policy.md:") {
		t.Fatalf("check of empty scaffolds: code %d\n%s", code, errs)
	}
	// A second `new` with the same name does not overwrite.
	if code, _, errs := runCLI("new", "--site", site, "policy", "demo-policy"); code != 1 || !strings.Contains(errs, "已存在") {
		t.Errorf("overwrite: %d %s", code, errs)
	}
	if code, _, _ := runCLI("new", "--site", site, "memo", "x"); code != 2 {
		t.Errorf("unknown kind accepted")
	}
}

const policy = `+++
title = "测试市人民政府关于某事的通知"
doc_number = "测政发〔2020〕1号"
organ = "测试市人民政府"
signed = 2020-01-01
published = 2020-01-02
topic = "综合政务/其他"
valid_years = 2
+++
正文。
`

func TestBuildAndCheck(t *testing.T) {
	site := writeSite(t, map[string]string{"config.toml": cfg, "content/policies/a.md": policy})
	out := filepath.Join(t.TempDir(), "public")
	code, _, errs := runCLI("build", "--site", site, "--out", out, "--as-of", "2021-06-01")
	if code != 0 {
		t.Fatalf("build: %d\n%s", code, errs)
	}
	if !strings.Contains(errs, "已生成") {
		t.Errorf("no summary line: %s", errs)
	}
	page, err := os.ReadFile(filepath.Join(out, "policies", "a", "index.html"))
	if err != nil || !strings.Contains(string(page), "测政发〔2020〕1号") {
		t.Fatalf("page: %v", err)
	}
	// --upcoming lists the change of tag on 2022-01-01 (valid for 2 years).
	code, stdout, errs := runCLI("check", "--site", site, "--as-of", "2021-12-15", "--upcoming", "30d")
	if code != 0 || !strings.Contains(stdout, "2022-01-01") || !strings.Contains(stdout, "有效 → 失效") {
		t.Errorf("check --upcoming: %d\n%s\n%s", code, stdout, errs)
	}
	// Bad content: exit 1, the previous output untouched.
	os.WriteFile(filepath.Join(site, "content", "policies", "b.md"), []byte("+++\ntitle = \"x\n+++\n"), 0o644)
	code, _, errs = runCLI("build", "--site", site, "--out", out, "--as-of", "2021-06-01")
	if code != 1 || !strings.Contains(errs, "content/policies/b.md:2:") || !strings.Contains(errs, "保持不变") {
		t.Errorf("bad build: %d\n%s", code, errs)
	}
	if again, _ := os.ReadFile(filepath.Join(out, "policies", "a", "index.html")); !bytes.Equal(again, page) {
		t.Errorf("failed build changed the output")
	}
	if code, _, _ := runCLI("build", "--as-of", "2021-13-01"); code != 2 {
		t.Errorf("bad --as-of accepted")
	}
	if code, _, _ := runCLI("frobnicate"); code != 2 {
		t.Errorf("unknown command accepted")
	}
}

// TestUpcomingCreditDates: check --upcoming names the day a record may be
// repaired and the last day it is shown (一般: 3 and 12 months from 认定).
func TestUpcomingCreditDates(t *testing.T) {
	record := func(id, basis, decided string) string {
		return fmt.Sprintf(`
[[record]]
id = %q
subject = "示例市示例区人民政府"
subject_type = "政府机构"
behaviour = "拖欠账款"
basis = %q
decided = %s
organ = "示例市中级人民法院"
severity = "一般"
status = "公示中"
`, id, basis, decided)
	}
	site := writeSite(t, map[string]string{"config.toml": cfg, "content/credit/r.toml": record("r1", "示裁〔2025〕1号", "2025-06-01")})
	for _, tc := range []struct{ asOf, want string }{
		{"2025-08-20", "2025-09-01  失信记录 r1（示例市示例区人民政府）可申请信用修复"},
		{"2026-05-10", "2026-05-31  失信记录 r1（示例市示例区人民政府）公示期满"},
	} {
		code, stdout, errs := runCLI("check", "--site", site, "--as-of", tc.asOf, "--upcoming", "30d")
		if code != 0 || !strings.Contains(stdout, tc.want) {
			t.Errorf("as of %s: code %d, want %q in\n%s%s", tc.asOf, code, tc.want, stdout, errs)
		}
	}
	// Events come in the order they happen, whatever the records' order
	// (newest first): r1 may be repaired from 2025-09-01, r2 from
	// 2025-11-20.
	two := writeSite(t, map[string]string{"config.toml": cfg,
		"content/credit/r.toml": record("r1", "示裁〔2025〕1号", "2025-06-01") + record("r2", "示裁〔2025〕2号", "2025-08-20")})
	code, stdout, errs := runCLI("check", "--site", two, "--as-of", "2025-08-25", "--upcoming", "120d")
	i, j := strings.Index(stdout, "r1（"), strings.Index(stdout, "r2（")
	if code != 0 || i < 0 || j < 0 || i > j {
		t.Errorf("two records: code %d, want r1's repair (2025-09-01) before r2's (2025-11-20) in\n%s%s", code, stdout, errs)
	}
}

func TestServeExposed(t *testing.T) {
	for bind, want := range map[string]bool{"127.0.0.1": false, "::1": false, "localhost": false, "0.0.0.0": true, "192.168.1.5": true, "example.com": true} {
		if got := exposed(bind); got != want {
			t.Errorf("exposed(%q) = %v, want %v", bind, got, want)
		}
	}
}
