package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// archive is an office's pasted text: page debris, a policy document with
// its number, organ, signature date and a validity clause, then a news item.
const archive = `首页 > 政府信息公开 > 政策文件
示例市人民政府关于加强政务公开工作的通知
市政发〔2023〕7号
各区人民政府，市政府各部门：
　　为进一步做好政务公开工作，现就有关事项通知如下。
一、加强组织领导
　　各单位要明确分管负责人，健全工作机制。〔牵头单位：市政府办公室；配合单位：各有关部门〕
二、做好政策解读
　　本通知自印发之日起施行，有效期5年。
示例市人民政府
2023年3月1日

扫一扫在手机打开当前页

示例市召开政务公开工作会议
　　3月2日，示例市召开政务公开工作会议，部署全年政务公开重点任务，要求各单位把政策解读与文件发布同步推进，及时回应群众关切。会议强调，要以公开为常态、不公开为例外。
`

const policyPath = "content/policies/shizhengfa-2023-7.md"

// importSite writes a site with config.toml and the archive beside it
// (in/archive.txt, and in GB18030 as in/gbk/archive.txt), and returns the
// site folder and the input folder.
func importSite(t *testing.T) (site, in string) {
	dir := writeSite(t, map[string]string{
		"site/config.toml": "title = \"示例站\"\nbase_url = \"https://www.example.gov.cn/\"\n",
		"in/archive.txt":   archive,
	})
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(archive))
	if err != nil {
		t.Fatal(err)
	}
	// The same name in another folder: the name is part of the files' comments.
	if err := os.Mkdir(filepath.Join(dir, "in", "gbk"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "in", "gbk", "archive.txt"), gbk, 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "site"), filepath.Join(dir, "in")
}

// wantLines fails unless every pattern matches a line of out.
func wantLines(t *testing.T, step, out string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		if !regexp.MustCompile(`(?m)` + p).MatchString(out) {
			t.Errorf("%s: output lacks /%s/:\n%s", step, p, out)
		}
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportDryRunAndImport(t *testing.T) {
	site, in := importSite(t)
	src := filepath.Join(in, "archive.txt")

	// A dry run reports what it found and would write, and writes nothing.
	code, out, errs := runCLI("import", "--site", site, "--dry-run", src)
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errs)
	}
	wantLines(t, "dry run", out,
		`^== archive.txt（编码：UTF-8）$`,
		`^  找到 2 篇$`,
		`^  1\. \[政策文件\] 示例市人民政府关于加强政务公开工作的通知（原文第2行起）$`,
		`^     → content/policies/shizhengfa-2023-7\.md  将新建$`,
		`^     发文字号 市政发〔2023〕7号；发文机关 示例市人民政府；成文日期 2023-03-01；主送 各区人民政府，市政府各部门$`,
		`^     原文未载明，需人工补充：published、topic$`,
		`^  2\. \[政务动态\] 示例市召开政务公开工作会议（原文第15行起）$`,
		`^  已删除的网页杂项 2 行：$`,
		`^    第1行：首页 > 政府信息公开 > 政策文件$`,
		`^    第13行：扫一扫在手机打开当前页$`,
		`^试运行，未写任何文件。将新建 2 个、覆盖 0 个文件；0 个未变，0 个跳过$`,
		`^假设写入后检查站点：通过`,
	)
	if _, err := os.Stat(filepath.Join(site, "content")); !os.IsNotExist(err) {
		t.Errorf("dry run wrote content/ (%v)", err)
	}

	// The import writes the files; they pass the check, the values the text
	// lacks being listed in the files rather than reported as errors.
	report := filepath.Join(t.TempDir(), "report.json")
	code, out, errs = runCLI("import", "--site", site, "--topic", "综合政务/政务公开", "--report", report, src)
	if code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	wantLines(t, "import", out,
		`^     → content/policies/shizhengfa-2023-7\.md  新建$`,
		`^     原文未载明，需人工补充：published$`,
		`^已新建 2 个、覆盖 0 个文件；0 个未变，0 个跳过$`,
		`^导入后检查站点：通过`,
		`^报告已写入 .*report\.json$`,
	)
	first := readFile(t, filepath.Join(site, policyPath))
	wantLines(t, policyPath, first,
		`^title = "示例市人民政府关于加强政务公开工作的通知"$`,
		`^doc_number = "市政发〔2023〕7号"$`,
		`^organ = "示例市人民政府"$`,
		`^signed = 2023-03-01$`,
		`^topic = "综合政务/政务公开"$`,
		`^valid_years = 5$`,
		`^missing = \["published"\]$`,
		`^## 一、加强组织领导$`,
		`〔牵头单位：市政府办公室；配合单位：各有关部门〕$`,
	)
	if strings.Contains(first, "扫一扫") || strings.Contains(first, "首页") {
		t.Errorf("debris kept:\n%s", first)
	}

	// The JSON report: each input with its documents, each output with what
	// became of it, and the check.
	var rep struct {
		DryRun bool `json:"dry_run"`
		Inputs []struct {
			Input, Encoding string
			Documents       []struct {
				Path, Kind, Title, Organ, Signed string
				DocNo                            string `json:"doc_number"`
				Missing                          []string
			}
			Dropped []string
		}
		Outputs []struct{ Path, Action string }
		Check   struct {
			Ran           bool
			Errors, Warns int
			OtherProblems int `json:"other_problems"`
		}
	}
	if err := json.Unmarshal([]byte(readFile(t, report)), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Inputs) != 1 || rep.Inputs[0].Input != "archive.txt" || rep.Inputs[0].Encoding != "UTF-8" || len(rep.Inputs[0].Documents) != 2 {
		t.Fatalf("report inputs %+v", rep.Inputs)
	}
	d := rep.Inputs[0].Documents[0]
	if d.Path != policyPath || d.Kind != "policy" || d.DocNo != "市政发〔2023〕7号" || d.Organ != "示例市人民政府" || d.Signed != "2023-03-01" || strings.Join(d.Missing, ",") != "published" {
		t.Errorf("report document %+v", d)
	}
	if n := rep.Inputs[0].Documents[1]; n.Kind != "news" || n.Title != "示例市召开政务公开工作会议" {
		t.Errorf("report news %+v", n)
	}
	if strings.Join(rep.Inputs[0].Dropped, "|") != "第1行：首页 > 政府信息公开 > 政策文件|第13行：扫一扫在手机打开当前页" {
		t.Errorf("report dropped %q", rep.Inputs[0].Dropped)
	}
	if len(rep.Outputs) != 2 || rep.Outputs[0].Action != "created" || rep.Outputs[1].Action != "created" || !rep.Check.Ran || rep.Check.Errors != 0 || rep.DryRun {
		t.Errorf("report outputs %+v check %+v", rep.Outputs, rep.Check)
	}

	// Importing again changes nothing.
	code, out, _ = runCLI("import", "--site", site, "--topic", "综合政务/政务公开", src)
	wantLines(t, "re-import", out, `  未变（已有相同文件）$`, `^已新建 0 个、覆盖 0 个文件；2 个未变，0 个跳过$`)
	if code != 0 || readFile(t, filepath.Join(site, policyPath)) != first {
		t.Errorf("re-import: exit %d, file changed", code)
	}

	// A file a person corrected is kept without --force, and said so.
	corrected := strings.Replace(first, "missing = [\"published\"]", "published = 2023-03-02", 1)
	if err := os.WriteFile(filepath.Join(site, policyPath), []byte(corrected), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI("import", "--site", site, "--topic", "综合政务/政务公开", src)
	wantLines(t, "re-import over a correction", out,
		`^  跳过 content/policies/shizhengfa-2023-7\.md：已存在且内容不同，未覆盖（确认要覆盖时加 --force）$`,
		`^已新建 0 个、覆盖 0 个文件；1 个未变，1 个跳过$`)
	if code != 0 || readFile(t, filepath.Join(site, policyPath)) != corrected {
		t.Errorf("re-import without --force: exit %d, correction lost", code)
	}

	// With --force it is overwritten, with the bytes of the first import.
	code, out, _ = runCLI("import", "--site", site, "--topic", "综合政务/政务公开", "--force", src)
	wantLines(t, "--force", out, `→ content/policies/shizhengfa-2023-7\.md  覆盖$`, `^已新建 0 个、覆盖 1 个文件；1 个未变，0 个跳过$`)
	if code != 0 || readFile(t, filepath.Join(site, policyPath)) != first {
		t.Errorf("--force: exit %d, bytes differ from the first import", code)
	}

	// The GB18030 copy is detected and gives the same files.
	code, out, _ = runCLI("import", "--site", site, "--topic", "综合政务/政务公开", filepath.Join(in, "gbk", "archive.txt"))
	wantLines(t, "GB18030", out, `^== archive\.txt（编码：GB18030）$`, `^已新建 0 个、覆盖 0 个文件；2 个未变，0 个跳过$`)
	if code != 0 {
		t.Errorf("GB18030: exit %d", code)
	}
}

// After an import, the check shows the problems of the imported files one
// by one and counts the others; a dry run checks the site as it would be.
func TestImportCheck(t *testing.T) {
	site, in := importSite(t)
	src := filepath.Join(in, "archive.txt")
	broken := "+++\ntitle = \"缺少发布日期的动态\"\nsource = \"示例日报\"\n+++\n\n正文。\n"
	if err := os.MkdirAll(filepath.Join(site, "content", "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "content", "news", "broken.md"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI("import", "--site", site, "--dry-run", src)
	wantLines(t, "dry run", out, `^假设写入后检查站点：1 个错误，0 个警告$`, `^  另有 1 个问题在本次导入以外的文件中，运行 gongkai check 查看$`)
	if code != 0 {
		t.Errorf("a problem outside the import is not the import's failure: exit %d", code)
	}
	// An imported file that clashes with the site: the same 发文字号 twice.
	clash := "+++\ntitle = \"另一份文件\"\ndoc_number = \"市政发〔2023〕7号\"\norgan = \"示例市人民政府\"\nsigned = 2023-01-01\npublished = 2023-01-02\ntopic = \"综合政务\"\n+++\n\n正文。\n"
	os.Remove(filepath.Join(site, "content", "news", "broken.md"))
	if err := os.MkdirAll(filepath.Join(site, "content", "policies"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "content", "policies", "other.md"), []byte(clash), 0o644); err != nil {
		t.Fatal(err)
	}
	// A dry run checks the files it would write, laid over the site.
	code, out, _ = runCLI("import", "--site", site, "--dry-run", src)
	wantLines(t, "clash, dry run", out, `^假设写入后检查站点：[1-9]\d* 个错误`, `^  content/policies/shizhengfa-2023-7\.md:\d+:\d+: .*市政发〔2023〕7号`)
	if _, err := os.Stat(filepath.Join(site, policyPath)); code != 1 || !os.IsNotExist(err) {
		t.Errorf("clash, dry run: exit %d, stat %v", code, err)
	}
	code, out, _ = runCLI("import", "--site", site, src)
	wantLines(t, "clash", out, `^导入后检查站点：[1-9]\d* 个错误`, `^  content/policies/shizhengfa-2023-7\.md:\d+:\d+: .*市政发〔2023〕7号`)
	if code != 1 {
		t.Errorf("clash: exit %d, want 1", code)
	}
}

// A site without config.toml gets the files and a note instead of a check.
func TestImportWithoutConfig(t *testing.T) {
	dir := writeSite(t, map[string]string{"in/a.txt": archive})
	site := filepath.Join(dir, "site")
	if err := os.Mkdir(site, 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI("import", "--site", site, filepath.Join(dir, "in", "a.txt"))
	wantLines(t, "no config", out, `^站点目录中没有 config\.toml，未运行检查`)
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(site, policyPath)); err != nil {
		t.Error(err)
	}
}

func TestImportUsage(t *testing.T) {
	site, in := importSite(t)
	src := filepath.Join(in, "archive.txt")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--site", site}, 2, "请给出要导入的文本文件"},
		{[]string{"--site", site, "--kind", "memo", src}, 2, `--kind 的值 "memo" 无效`},
		{[]string{"--site", site, "--topic", "一/二/三", src}, 2, "最多两级"},
		{[]string{"--site", site, "--topic", "/二", src}, 2, "有空的一级"},
		{[]string{"--site", filepath.Join(site, "none"), src}, 2, "不存在"},
		{[]string{"--site", site, "--nosuchflag", src}, 2, "nosuchflag"},
		{[]string{"--site", site, filepath.Join(in, "none.txt")}, 1, "无法读取"},
	} {
		code, _, errs := runCLI(append([]string{"import"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("import %v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
}
