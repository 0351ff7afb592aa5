//go:build ignore

// Command sample-corrections applies scripts/sample-corrections.toml to the
// files that `gongkai import` wrote into a site: for each [[fix]] it finds
// the imported file through the import's JSON report (by input file and
// the line where the document starts), sets the listed front-matter keys
// with importer.Correct, and moves the file to the given path.
//
//	go run scripts/sample-corrections.go -site DIR -report REPORT.json scripts/sample-corrections.toml
//
// Every fix must match a document of the report, and every document of
// the report must have a fix: when a change of the importer moves a
// document or finds a new one, this fails instead of silently leaving a
// file uncorrected. scripts/import-sample.sh runs it.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"gongkai/generator/importer"
)

type fix struct {
	Input string         // seed file name, as the report names it
	Line  int            // line where the document starts, as the report gives it
	Path  string         // where the file goes (content/…); "" keeps the imported name
	Note  string         // why, written into the file's comment
	Set   map[string]any // front-matter keys to set
}

func main() {
	site := flag.String("site", ".", "site folder the import wrote into")
	report := flag.String("report", "", "the import's --report file")
	flag.Parse()
	if flag.NArg() != 1 || *report == "" {
		fmt.Fprintln(os.Stderr, "用法：go run scripts/sample-corrections.go -site 目录 -report 报告.json 校正文件.toml")
		os.Exit(2)
	}
	if err := apply(*site, *report, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "sample-corrections：", err)
		os.Exit(1)
	}
}

func apply(site, reportPath, fixesPath string) error {
	var fixes struct{ Fix []fix }
	if _, err := toml.DecodeFile(fixesPath, &fixes); err != nil {
		return err
	}
	b, err := os.ReadFile(reportPath)
	if err != nil {
		return err
	}
	var rep struct{ Inputs []importer.FileReport }
	if err := json.Unmarshal(b, &rep); err != nil {
		return err
	}
	imported := map[string]string{} // "input:line" → path
	for _, in := range rep.Inputs {
		for _, d := range in.Documents {
			imported[fmt.Sprintf("%s:%d", in.Input, d.Line)] = d.Path
		}
	}
	used := map[string]bool{}
	for _, f := range fixes.Fix {
		key := fmt.Sprintf("%s:%d", f.Input, f.Line)
		from, ok := imported[key]
		if !ok {
			return fmt.Errorf("%s：报告中没有从这一行开始的文件（导入结果变了？请核对校正文件）", key)
		}
		used[key] = true
		if err := applyOne(site, from, f); err != nil {
			return fmt.Errorf("%s（%s）：%v", key, from, err)
		}
	}
	var left []string
	for key, p := range imported {
		if !used[key] {
			left = append(left, key+" → "+p)
		}
	}
	if len(left) > 0 {
		return fmt.Errorf("这些导入的文件没有校正项，请在校正文件中补上：%s", strings.Join(left, "；"))
	}
	return nil
}

func applyOne(site, from string, f fix) error {
	src := filepath.Join(site, filepath.FromSlash(from))
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if len(f.Set) > 0 {
		if data, err = importer.Correct(data, f.Set, f.Note); err != nil {
			return err
		}
	}
	to := src
	if f.Path != "" {
		to = filepath.Join(site, filepath.FromSlash(f.Path))
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		return err
	}
	if to != src {
		return os.Remove(src)
	}
	return nil
}
