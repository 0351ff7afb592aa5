// Command gongkai builds a 政府信息公开 website from Markdown and TOML files.
//
//	gongkai build  [--site DIR] [--out DIR] [--as-of YYYY-MM-DD] [--verbose] [--profile DIR]
//	gongkai check  [--site DIR] [--as-of YYYY-MM-DD]
//	gongkai serve  [--site DIR] [--bind 127.0.0.1] [--port 1313]
//	gongkai new    KIND NAME
//	gongkai import [--site DIR] [--kind policy|news|interpretation] [--dry-run] [--force] FILE...
//
// Exit status: 0 success, 1 problems in the content, 2 wrong usage.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/generator"
	"gongkai/generator/content"
	"gongkai/generator/diag"
	"gongkai/generator/hugepage"
	"gongkai/generator/model"
	"gongkai/generator/publish"
	"gongkai/generator/resolve"
)

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "build" || os.Args[1] == "check" || os.Args[1] == "serve") {
		hugepage.GrowHeap() // fewer page faults: see the package
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `gongkai：政府信息公开网站生成工具

用法：
  gongkai build  [--site 目录] [--out 目录] [--as-of 日期]   生成网站（默认输出到 站点/public）
  gongkai check  [--site 目录] [--as-of 日期]                只检查内容，不生成
  gongkai serve  [--site 目录] [--bind 地址] [--port 端口]    在本机预览网站
  gongkai new    类型 名称                                 新建内容文件（类型：policy、interpretation、news、credit、commitment）
  gongkai import [--site 目录] [--kind 类型] [--topic 一级/二级] [--dry-run] [--force] [--report 文件] 文件…   导入原始文本

每个命令加 -h 查看选项。
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	switch args[0] {
	case "build":
		return cmdBuild(ctx, args[1:], stdout, stderr)
	case "check":
		return cmdCheck(ctx, args[1:], stdout, stderr)
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "import":
		return cmdImport(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "未知的命令 %q\n\n%s", args[0], usage)
	return 2
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// asOfFlag parses --as-of.
func asOfFlag(s string) (model.Date, error) {
	if s == "" {
		return 0, nil
	}
	d, err := model.ParseISO(s)
	if err != nil {
		return 0, fmt.Errorf("--as-of：%v", err)
	}
	return d, nil
}

// printDiags prints every diagnostic with its context and a count line.
func printDiags(w io.Writer, ds []diag.Diagnostic) (errs, warns int) {
	for _, d := range ds {
		fmt.Fprintln(w, d.Long())
		if d.Severity == diag.Error {
			errs++
		} else {
			warns++
		}
	}
	return
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", stderr)
	site := fs.String("site", ".", "站点目录")
	out := fs.String("out", "", "输出目录（默认：站点目录/public）")
	asOf := fs.String("as-of", "", "按此日期计算有效性、逾期等（YYYY-MM-DD；默认今天，北京时间）")
	verbose := fs.Bool("verbose", false, "显示各阶段耗时")
	profile := fs.String("profile", "", "把剖析文件写到此目录：cpu.pprof（按阶段标注，go tool pprof -tagfocus phase=render）、每个阶段结束时的 heap-阶段.pprof 和内存峰值时的 heap-peak.pprof")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	date, err := asOfFlag(*asOf)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if *out == "" {
		*out = filepath.Join(*site, "public")
	}
	if *profile != "" {
		if err := os.MkdirAll(*profile, 0o755); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		f, err := os.Create(filepath.Join(*profile, "cpu.pprof"))
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		pprof.StartCPUProfile(f)
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
			h, err := os.Create(filepath.Join(*profile, "allocs.pprof"))
			if err == nil {
				pprof.Lookup("allocs").WriteTo(h, 0)
				h.Close()
			}
			fmt.Fprintf(stderr, "剖析文件已写入 %s：go tool pprof -top %s\n", *profile, filepath.Join(*profile, "cpu.pprof"))
		}()
	}
	start := time.Now()
	dir, err := publish.NewDir(*out)
	if err != nil {
		fmt.Fprintf(stderr, "无法创建输出目录：%v\n", err)
		return 1
	}
	mini := publish.Minifying{M: publish.NewMinifier(), Next: dir}
	opt := generator.Options{Site: os.DirFS(*site), Defaults: gongkai.Layouts, Out: mini, AsOf: date, ProfileDir: *profile}
	if *verbose {
		opt.Log = stderr
	} else if f, ok := stderr.(*os.File); ok && isTerminal(f) {
		opt.Log = progressWriter{f}
	}
	res, err := generator.Build(ctx, opt)
	if err != nil {
		dir.Abort()
		var be *diag.BuildError
		if errors.As(err, &be) {
			e, w := printDiags(stderr, be.Diags)
			fmt.Fprintf(stderr, "构建失败：%d 个错误，%d 个警告。%s 保持不变。\n", e, w, *out)
			return 1
		}
		fmt.Fprintf(stderr, "构建失败：%v。%s 保持不变。\n", err, *out)
		return 1
	}
	if err := dir.Commit(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if n, err := updateIndexLock(*site, res.Site); err != nil {
		fmt.Fprintf(stderr, "无法更新 %s：%v\n", content.IndexLockFile, err)
		return 1
	} else if n > 0 {
		fmt.Fprintf(stderr, "已在 %s 中记录 %d 个新索引号，请随内容一并提交（索引号一经公开不应更改）\n", content.IndexLockFile, n)
	}
	_, w := printDiags(stderr, res.Diags)
	fmt.Fprintf(stderr, "已生成 %d 个页面（%d 个文件有变化），%d 个警告，用时 %.2f 秒，输出到 %s\n", res.Pages, dir.Changed, w, time.Since(start).Seconds(), *out)
	return 0
}

// progressWriter shows the current phase on one terminal line.
type progressWriter struct{ f *os.File }

func (p progressWriter) Write(b []byte) (int, error) {
	s := strings.TrimSpace(string(b))
	fmt.Fprintf(p.f, "\r\033[K完成阶段：%s", s)
	return len(b), nil
}

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	site := fs.String("site", ".", "站点目录")
	asOf := fs.String("as-of", "", "按此日期检查（YYYY-MM-DD；默认今天，北京时间）")
	upcoming := fs.String("upcoming", "", "列出此期限内有效性将变化的文件和将到期的失信记录，如 30d")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	date, err := asOfFlag(*asOf)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	res, err := generator.Build(ctx, generator.Options{Site: os.DirFS(*site), Defaults: gongkai.Layouts, AsOf: date})
	var be *diag.BuildError
	if err != nil && !errors.As(err, &be) {
		fmt.Fprintln(stderr, err)
		return 1
	}
	e, w := printDiags(stderr, res.Diags)
	if res.Site != nil {
		printAllowances(stdout, res.Site)
		printRareUnits(stdout, res.Site)
	}
	if *upcoming != "" && res.Site != nil {
		if code := printUpcoming(stdout, res.Site, *upcoming); code != 0 {
			return code
		}
	}
	if e > 0 {
		fmt.Fprintf(stderr, "检查未通过：%d 个错误，%d 个警告\n", e, w)
		return 1
	}
	fmt.Fprintf(stderr, "检查通过：%d 个警告\n", w)
	return 0
}

// printAllowances lists the personal-data allowances (allow_pii) and the
// deliberate references to withheld items (allow_refs), so that reviewers
// see every exception to the rules.
func printAllowances(w io.Writer, site *model.Site) {
	var lines []string
	for _, d := range append(append([]*model.Document(nil), site.Documents...), site.Withheld...) {
		for _, a := range d.AllowPII {
			lines = append(lines, fmt.Sprintf("  %s：allow_pii %q", d.Source, a))
		}
		for _, a := range d.AllowRefs {
			lines = append(lines, fmt.Sprintf("  %s：allow_refs %q", d.Source, a))
		}
	}
	if len(lines) == 0 {
		return
	}
	sort.Strings(lines)
	fmt.Fprintln(w, "例外说明（请确认每一项确有必要）：")
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

// printRareUnits lists unit names that occur in only one task: often a typo
// of a common name, or a new name to add to [units] in config.toml.
func printRareUnits(w io.Writer, site *model.Site) {
	count := map[string]int{}
	where := map[string]string{}
	for _, t := range site.Tasks {
		for _, u := range t.Units {
			count[u]++
			if _, ok := where[u]; !ok {
				where[u] = fmt.Sprintf("%s:%d", t.Pos().File, t.Line)
			}
		}
	}
	var common, rare []string
	for u, n := range count {
		if n == 1 {
			rare = append(rare, u)
		} else {
			common = append(common, u)
		}
	}
	if len(rare) == 0 {
		return
	}
	sort.Strings(rare)
	sort.Strings(common)
	fmt.Fprintln(w, "只出现一次的单位名称（可能是笔误；同一单位的不同写法可在 config.toml 的 [units] 中合并）：")
	for _, u := range rare {
		line := fmt.Sprintf("  %s（%s）", u, where[u])
		if n := diag.Nearest(u, common); n != "" {
			line += fmt.Sprintf("，是否是“%s”？", n)
		}
		fmt.Fprintln(w, line)
	}
}

// updateIndexLock writes indexno.lock when this build assigned 索引号 that
// it does not record yet, and returns how many entries are new.
func updateIndexLock(site string, s *model.Site) (int, error) {
	p := filepath.Join(site, content.IndexLockFile)
	want := resolve.IndexLockText(s.IndexLock, s.IndexGone)
	old, _ := os.ReadFile(p)
	if bytes.Equal(old, want) {
		return 0, nil
	}
	n := 0
	for u := range s.IndexLock {
		if !bytes.Contains(old, []byte(strconv.Quote(u)+" =")) {
			n++
		}
	}
	return n, os.WriteFile(p, want, 0o644)
}

func printUpcoming(w io.Writer, site *model.Site, period string) int {
	days := 0
	if _, err := fmt.Sscanf(strings.TrimSuffix(period, "d"), "%d", &days); err != nil || days <= 0 || !strings.HasSuffix(period, "d") {
		fmt.Fprintf(w, "--upcoming 写成天数，如 30d\n")
		return 2
	}
	until := site.AsOf.AddDays(days)
	fmt.Fprintf(w, "%s 至 %s 期间将发生的变化：\n", site.AsOf.Chinese(), until.Chinese())
	type event struct {
		on   model.Date
		text string
	}
	var events []event
	for _, d := range site.ByKind(model.KindPolicy) {
		if d.Status.Next != "" && d.Status.NextDate <= until {
			events = append(events, event{d.Status.NextDate, fmt.Sprintf("%s %s：%s → %s（%s）", d.DocNo, d.Title, d.Status.Tag, d.Status.Next, d.Source)})
		}
	}
	for _, c := range site.Credit {
		if c.ShowUntil != 0 && c.ShowUntil >= site.AsOf && c.ShowUntil <= until {
			events = append(events, event{c.ShowUntil, fmt.Sprintf("失信记录 %s（%s）公示期满，次日起停止公示（%s）", c.ID, c.DisplaySubject, c.Source)})
		}
		if c.RepairFrom > site.AsOf && c.RepairFrom <= until {
			events = append(events, event{c.RepairFrom, fmt.Sprintf("失信记录 %s（%s）可申请信用修复（%s）", c.ID, c.DisplaySubject, c.Source)})
		}
	}
	// In the order they happen (the lists come in other orders).
	sort.SliceStable(events, func(i, j int) bool { return events[i].on < events[j].on })
	for _, e := range events {
		fmt.Fprintf(w, "  %s  %s\n", e.on.ISO(), e.text)
	}
	if len(events) == 0 {
		fmt.Fprintln(w, "  无")
	}
	return 0
}

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", stderr)
	site := fs.String("site", ".", "站点目录")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(stderr, "用法：gongkai new 类型 名称（类型：policy、interpretation、news、credit、commitment）")
		return 2
	}
	today := model.FromTime(time.Now().In(generator.China)).ISO()
	p, data, err := generator.Scaffold(fs.Arg(0), fs.Arg(1), today)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	full := filepath.Join(*site, filepath.FromSlash(p))
	if _, err := os.Stat(full); err == nil {
		fmt.Fprintf(stderr, "%s 已存在，未覆盖\n", full)
		return 1
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "已创建 %s，请填写其中的各项后运行 gongkai check\n", full)
	return 0
}
