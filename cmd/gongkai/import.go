package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing/fstest"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/diag"
	"gongkai/generator/importer"
)

// Write actions, as the JSON report names them.
const (
	actCreate    = "created"     // new file written
	actOverwrite = "overwritten" // existing file replaced (--force)
	actSame      = "unchanged"   // existing file already holds these bytes
	actSkip      = "skipped"     // existing file differs; kept without --force
)

// importOutput is one content file of the import and what became of it.
type importOutput struct {
	Path   string `json:"path"`
	Action string `json:"action"`
}

// importCheck is the result of checking the site after the import.
type importCheck struct {
	Ran      bool     `json:"ran"`
	Errors   int      `json:"errors"`
	Warnings int      `json:"warnings"`
	Problems []string `json:"problems,omitempty"` // those in the imported files
	Other    int      `json:"other_problems,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// importReport is what --report writes.
type importReport struct {
	Site    string                `json:"site"`
	DryRun  bool                  `json:"dry_run"`
	Inputs  []importer.FileReport `json:"inputs"`
	Outputs []importOutput        `json:"outputs"`
	Check   importCheck           `json:"check"`
}

func cmdImport(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("import", stderr)
	site := fl.String("site", ".", "站点目录（文件写到 站点/content/ 下）")
	kind := fl.String("kind", "", "把每个文件都当作此类内容：policy、news 或 interpretation（默认逐篇判断）")
	topic := fl.String("topic", "", "为导入的每个文件填写主题分类，如 综合政务/政务公开（默认留空，列为待补充）")
	dryRun := fl.Bool("dry-run", false, "只显示将导入什么，不写任何文件")
	force := fl.Bool("force", false, "覆盖已存在且内容不同的文件")
	reportPath := fl.String("report", "", "把导入报告另存为 JSON 文件")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "用法：gongkai import [--site 目录] [--kind 类型] [--topic 一级/二级] [--dry-run] [--force] [--report 文件] 文件…")
		fmt.Fprintln(stderr, "读取 UTF-8、带 BOM 的 UTF-8 或 GB18030/GBK 编码的文本（自动识别），逐篇写成站点的内容文件。")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() == 0 {
		fmt.Fprintln(stderr, "请给出要导入的文本文件")
		fl.Usage()
		return 2
	}
	if *kind != "" && !contains(importer.Kinds, *kind) {
		fmt.Fprintf(stderr, "--kind 的值 %q 无效：应为 policy、news 或 interpretation\n", *kind)
		return 2
	}
	if msg := topicProblem(*topic); msg != "" {
		fmt.Fprintln(stderr, "--topic："+msg)
		return 2
	}
	if fi, err := os.Stat(*site); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "站点目录 %s 不存在\n", *site)
		return 2
	}

	problems := false
	var inputs []importer.Input
	for _, name := range fl.Args() {
		b, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "无法读取 %s：%v\n", name, err)
			problems = true
			continue
		}
		// The base name keeps the files' comments the same wherever the
		// import is run from.
		inputs = append(inputs, importer.Input{Name: filepath.Base(name), Data: b})
	}
	files, reports, err := importer.Import(inputs, importer.Options{Kind: *kind, Topic: *topic})
	if err != nil {
		problems = true // each undecodable input is named in its report
	}

	rep := importReport{Site: *site, DryRun: *dryRun, Inputs: reports, Outputs: []importOutput{}}
	written := map[string][]byte{}
	for _, f := range files {
		act, err := placeFile(*site, f, *force, *dryRun)
		if err != nil {
			fmt.Fprintln(stderr, err)
			problems = true
			continue
		}
		rep.Outputs = append(rep.Outputs, importOutput{f.Path, act})
		if act == actCreate || act == actOverwrite {
			written[f.Path] = f.Data
		}
	}

	printImport(stdout, rep)
	rep.Check = checkImported(*site, files, written, *dryRun)
	printCheck(stdout, rep.Check, *dryRun)
	if rep.Check.Errors > 0 && len(rep.Check.Problems) > 0 {
		problems = true
	}
	if *reportPath != "" {
		if err := writeReport(*reportPath, rep); err != nil {
			fmt.Fprintln(stderr, err)
			problems = true
		} else {
			fmt.Fprintf(stdout, "报告已写入 %s\n", *reportPath)
		}
	}
	if problems {
		return 1
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// topicProblem checks a --topic value the way the policy schema does.
func topicProblem(t string) string {
	if t == "" {
		return ""
	}
	parts := strings.Split(t, "/")
	if len(parts) > 2 {
		return fmt.Sprintf("主题分类 %q 最多两级，写成 一级/二级，如 综合政务/政务公开", t)
	}
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			return fmt.Sprintf("主题分类 %q 有空的一级，写成 一级/二级，如 综合政务/政务公开", t)
		}
	}
	return ""
}

// placeFile writes one content file unless that would overwrite a different
// file without force; it returns what it did (or, in a dry run, would do).
func placeFile(site string, f importer.File, force, dryRun bool) (string, error) {
	full := filepath.Join(site, filepath.FromSlash(f.Path))
	old, err := os.ReadFile(full)
	act := actCreate
	switch {
	case err == nil && bytes.Equal(old, f.Data):
		return actSame, nil
	case err == nil && !force:
		return actSkip, nil
	case err == nil:
		act = actOverwrite
	case !errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("无法读取已有文件 %s：%v", full, err)
	}
	if dryRun {
		return act, nil
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", fmt.Errorf("无法创建目录：%v", err)
	}
	// Write beside and rename, so an interrupted import never leaves a
	// half-written content file.
	tmp := full + ".import-tmp"
	if err := os.WriteFile(tmp, f.Data, 0o644); err != nil {
		return "", fmt.Errorf("无法写入 %s：%v", full, err)
	}
	if err := os.Rename(tmp, full); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("无法写入 %s：%v", full, err)
	}
	return act, nil
}

var actionLabels = map[string]string{
	actCreate:    "新建",
	actOverwrite: "覆盖",
	actSame:      "未变（已有相同文件）",
	actSkip:      "跳过（已有内容不同的文件，加 --force 才覆盖）",
}

// printImport prints the human report: per input the documents with their
// metadata, what was dropped, and what needs a person's attention.
func printImport(w io.Writer, rep importReport) {
	actions := map[string]string{}
	for _, o := range rep.Outputs {
		actions[o.Path] = o.Action
	}
	verb := func(p string) string {
		a, ok := actions[p]
		if !ok {
			return "未写入"
		}
		l := actionLabels[a]
		if rep.DryRun && (a == actCreate || a == actOverwrite) {
			l = "将" + l
		}
		return l
	}
	for _, in := range rep.Inputs {
		fmt.Fprintf(w, "== %s", in.Input)
		if in.Encoding != "" {
			fmt.Fprintf(w, "（编码：%s）", in.Encoding)
		}
		fmt.Fprintln(w)
		if in.Error != "" {
			fmt.Fprintf(w, "  无法导入：%s\n", in.Error)
			continue
		}
		fmt.Fprintf(w, "  找到 %d 篇\n", len(in.Documents))
		for i, d := range in.Documents {
			printDoc(w, i+1, d, verb)
		}
		if len(in.Dropped) > 0 {
			fmt.Fprintf(w, "  已删除的网页杂项 %d 行：\n", len(in.Dropped))
			for _, s := range in.Dropped {
				fmt.Fprintf(w, "    %s\n", s)
			}
		}
		for _, a := range in.Attention {
			fmt.Fprintf(w, "  请注意：%s\n", a)
		}
	}
	counts := map[string]int{}
	for _, o := range rep.Outputs {
		counts[o.Action]++
	}
	prefix := "已"
	if rep.DryRun {
		prefix = "试运行，未写任何文件。将"
	}
	fmt.Fprintf(w, "%s新建 %d 个、覆盖 %d 个文件；%d 个未变，%d 个跳过\n", prefix, counts[actCreate], counts[actOverwrite], counts[actSame], counts[actSkip])
	for _, o := range rep.Outputs {
		if o.Action == actSkip {
			fmt.Fprintf(w, "  跳过 %s：已存在且内容不同，未覆盖（确认要覆盖时加 --force）\n", o.Path)
		}
	}
}

func printDoc(w io.Writer, n int, d importer.DocReport, verb func(string) string) {
	title := d.Title
	if title == "" {
		title = "（无标题）"
	}
	fmt.Fprintf(w, "  %d. [%s] %s（原文第%d行起）\n", n, kindLabel(d.Kind), title, d.Line)
	fmt.Fprintf(w, "     → %s  %s\n", d.Path, verb(d.Path))
	if d.Tasks != "" {
		fmt.Fprintf(w, "     → %s  %s（任务分工表）\n", d.Tasks, verb(d.Tasks))
	}
	var meta []string
	if d.DocNo != "" {
		meta = append(meta, "发文字号 "+d.DocNo)
	}
	if d.Organ != "" {
		meta = append(meta, "发文机关 "+d.Organ)
	}
	if d.Signed != "" {
		meta = append(meta, "成文日期 "+d.Signed)
	}
	if d.Addressee != "" {
		meta = append(meta, "主送 "+d.Addressee)
	}
	if len(meta) > 0 {
		fmt.Fprintf(w, "     %s\n", strings.Join(meta, "；"))
	}
	if len(d.Missing) > 0 {
		fmt.Fprintf(w, "     原文未载明，需人工补充：%s\n", strings.Join(d.Missing, "、"))
	}
	for _, a := range d.Attention {
		fmt.Fprintf(w, "     请核对：%s\n", a)
	}
}

func kindLabel(k string) string {
	switch k {
	case "policy":
		return "政策文件"
	case "interpretation":
		return "政策解读"
	case "news":
		return "政务动态"
	}
	return k
}

// checkImported runs the site's check (a build without output) over the
// site as it is after the import — in a dry run, over the site with the
// files that would be written laid over it — and keeps the problems found
// in the import's own files. Values listed in `missing` are not problems:
// the schema accepts them, and the report above names them.
func checkImported(site string, files []importer.File, written map[string][]byte, dryRun bool) importCheck {
	var c importCheck
	if _, err := os.Stat(filepath.Join(site, "config.toml")); err != nil {
		c.Note = "站点目录中没有 config.toml，未运行检查；把文件放进站点后运行 gongkai check"
		return c
	}
	var fsys fs.FS = os.DirFS(site)
	if dryRun && len(written) > 0 {
		fsys = overlay(fsys, written)
	}
	res, err := generator.Build(context.Background(), generator.Options{Site: fsys, Defaults: gongkai.Layouts})
	var be *diag.BuildError
	if err != nil && !errors.As(err, &be) {
		c.Note = "检查未能运行：" + err.Error()
		return c
	}
	c.Ran = true
	ours := map[string]bool{}
	for _, f := range files {
		ours[f.Path] = true
	}
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			c.Errors++
		} else {
			c.Warnings++
		}
		if ours[d.Pos.File] {
			c.Problems = append(c.Problems, d.String())
		} else {
			c.Other++
		}
	}
	return c
}

func printCheck(w io.Writer, c importCheck, dryRun bool) {
	if !c.Ran {
		fmt.Fprintln(w, c.Note)
		return
	}
	what := "导入后检查站点"
	if dryRun {
		what = "假设写入后检查站点"
	}
	if c.Errors == 0 && c.Warnings == 0 {
		fmt.Fprintf(w, "%s：通过，没有问题（原文未载明的项已在上面列出）\n", what)
		return
	}
	fmt.Fprintf(w, "%s：%d 个错误，%d 个警告\n", what, c.Errors, c.Warnings)
	for _, p := range c.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	if c.Other > 0 {
		fmt.Fprintf(w, "  另有 %d 个问题在本次导入以外的文件中，运行 gongkai check 查看\n", c.Other)
	}
}

func writeReport(p string, rep importReport) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("无法写入报告 %s：%v", p, err)
	}
	return nil
}

// overlayFS shows the files of over on top of base; directories list the
// entries of both.
type overlayFS struct {
	base fs.FS
	over fstest.MapFS
}

func overlay(base fs.FS, files map[string][]byte) fs.FS {
	m := fstest.MapFS{}
	for p, b := range files {
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return overlayFS{base, m}
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if f, ok := o.over[name]; ok && !f.Mode.IsDir() {
		return o.over.Open(name)
	}
	if f, err := o.base.Open(name); err == nil {
		return f, nil
	}
	return o.over.Open(name)
}

func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	a, errA := fs.ReadDir(o.base, name)
	b, errB := fs.ReadDir(o.over, name)
	if errA != nil && errB != nil {
		return nil, errA
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range b {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range a {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (o overlayFS) ReadFile(name string) ([]byte, error) {
	if f, ok := o.over[name]; ok && !f.Mode.IsDir() {
		return f.Data, nil
	}
	return fs.ReadFile(o.base, name)
}

func (o overlayFS) Stat(name string) (fs.FileInfo, error) {
	if f, ok := o.over[name]; ok && !f.Mode.IsDir() {
		return fs.Stat(o.over, name)
	}
	if fi, err := fs.Stat(o.base, name); err == nil {
		return fi, nil
	}
	return fs.Stat(o.over, path.Clean(name))
}
