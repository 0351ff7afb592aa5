package generator

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gongkai/generator/cndate"
	"gongkai/generator/config"
	"gongkai/generator/content"
	"gongkai/generator/cpuclock"
	"gongkai/generator/diag"
	"gongkai/generator/model"
	"gongkai/generator/publish"
	"gongkai/generator/render"
	"gongkai/generator/report"
	"gongkai/generator/resolve"
)

func init() {
	// Front matter may write dates as strings in any form the parser reads
	// (2017-08-25, 2017年8月25日, 二〇一七年八月二十五日).
	content.ParseDate = cndate.Parse
}

// Options of a build.
type Options struct {
	Site     fs.FS          // the site folder: config.toml, content/, layouts/, static/
	Defaults fs.FS          // built-in layouts (the gongkai package's Layouts)
	Out      publish.Output // where files go; nil for a check
	AsOf     model.Date     // "today"; 0: config's as_of, else the date in China now
	Extra    template.HTML  // appended to every page (serve's live reload)
	Log      io.Writer      // phase timings (--verbose); nil for none
	Now      func() time.Time
	Facts    *resolve.FactCache // kept between builds by serve; nil for one-off builds
	Resolved *resolve.Memo      // the last resolution, kept by serve (needs Docs and Facts); nil for one-off builds
	Docs     *content.Cache     // likewise, parsed content files
	Pages    *render.Memo       // likewise, rendered document pages
	Scan     *ScanCache         // likewise, what the personal-data scan found
	// ProfileDir, when set, receives a heap profile after each phase
	// (--profile); the CPU profile is the caller's, labelled by phase.
	ProfileDir string
	// NoSearch skips the search index (its folding and postings). Only for
	// measuring what the index costs (bench): the site's search then finds
	// nothing.
	NoSearch bool
	// DeferSearch leaves the search index out of the build and returns a
	// function that writes it in Result.Index (serve: a page shows an edit
	// without waiting for the index).
	DeferSearch bool
	// Early, with Pages and DeferSearch, is called during render with the
	// output paths of the pages of the edited documents (those whose
	// source file is in Edited) that changed since the last build, once
	// they are written and before anything else is (see
	// render.Options.Early).
	Early  func(paths []string)
	Edited map[string]bool
}

func writeHeapProfile(p string) {
	runtime.GC()
	writeHeap(p)
}

func writeHeap(p string) {
	f, err := os.Create(p)
	if err != nil {
		return
	}
	defer f.Close()
	pprof.Lookup("heap").WriteTo(f, 0)
}

// watchPeak writes a heap profile whenever the live heap (as of the last
// garbage collection) reaches a new high, so that heap-peak.pprof shows
// what was alive at the build's peak, which is usually inside a phase.
func watchPeak(p string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak+peak/20 {
				peak = v
				writeHeap(p)
			}
		}
	}()
	return func() { close(done); <-finished }
}

// Result of a build.
type Result struct {
	Config *config.Config
	Site   *model.Site
	Diags  []diag.Diagnostic
	Pages  int
	Phases []Phase
	// ModelKept: the site model is the last build's with new bodies, not
	// resolved again (serve; see resolve.Memo).
	ModelKept bool
	// Index writes the search index's files (search/…) through write, with
	// Options.DeferSearch; nil otherwise.
	Index func(write func(path string, data []byte) error) error
}

// Phase is a named step of the build with its duration.
type Phase struct {
	Name string
	Time time.Duration
}

// China is the time zone of "today" (UTC+8, no daylight saving).
var China = time.FixedZone("CST", 8*3600)

// Build runs the phases of a build in order:
//
//	config   read config.toml
//	load     read and check every content file (parallel)
//	resolve  numbers, 索引号, effectiveness, citations, tasks, records
//	scan     personal data and withheld-item checks over all published text
//	render   pages, search index, open data, feeds, sitemap (parallel)
//
// Every phase adds its problems to one list; a phase that found errors stops
// the build after it, and all problems are returned together in a
// *diag.BuildError. Nothing is written when a problem is found before render;
// Out decides what a failed render leaves behind (publish.Dir leaves the
// previous output untouched).
func Build(ctx context.Context, opt Options) (_ *Result, err error) {
	res := &Result{}
	diags := &diag.List{}
	var mark time.Time        // start of the current (sub-)phase
	var cpuMark time.Duration // the process's CPU time then (with Log)
	// done records a finished (sub-)phase: its time, and with ProfileDir a
	// heap profile of what it left alive (heap-NAME.pprof). With Log, the
	// line also gives the CPU time the process used meanwhile (every
	// thread, the collector's included) and the cores that makes: on two
	// cores, a phase far below 2 has work that does not run in parallel.
	done := func(name string) {
		d := time.Since(mark)
		res.Phases = append(res.Phases, Phase{name, d})
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, "  %-16s %8.1f ms", name, float64(d.Microseconds())/1000)
			if cpu := cpuclock.Process() - cpuMark; cpuclock.Supported() && d > 0 {
				fmt.Fprintf(opt.Log, "  CPU %8.1f ms（%.2f 核）", float64(cpu.Microseconds())/1000, float64(cpu)/float64(d))
			}
			fmt.Fprintln(opt.Log)
		}
		if opt.ProfileDir != "" {
			writeHeapProfile(filepath.Join(opt.ProfileDir, "heap-"+strings.ReplaceAll(name, "/", "-")+".pprof"))
		}
		mark = time.Now()
		if opt.Log != nil {
			cpuMark = cpuclock.Process()
		}
	}
	// timed runs a phase with the pprof label phase=NAME, so that a CPU
	// profile can be split by phase: go tool pprof -tagfocus phase=render.
	timed := func(name string, f func()) {
		start := time.Now()
		mark = start
		var cpuStart time.Duration
		if opt.Log != nil {
			cpuStart = cpuclock.Process()
			cpuMark = cpuStart
		}
		pprof.Do(ctx, pprof.Labels("phase", name), func(context.Context) { f() })
		if !mark.Equal(start) { // sub-phases were reported: report the total
			mark, cpuMark = start, cpuStart
		}
		done(name)
	}
	if opt.ProfileDir != "" {
		stop := watchPeak(filepath.Join(opt.ProfileDir, "heap-peak.pprof"))
		defer stop()
	}
	fail := func() (*Result, error) {
		res.Diags = withContext(opt.Site, opt.Docs, diags.Sorted())
		return res, &diag.BuildError{Diags: res.Diags}
	}
	var cfg *config.Config
	var cfgSum uint64
	timed("config", func() {
		b, err := fs.ReadFile(opt.Site, "config.toml")
		cfgSum = maphash.Bytes(configSeed, b)
		if err != nil {
			diags.Errorf(model.Pos{File: "config.toml"}, "在站点根目录创建 config.toml，至少写 title = \"网站名称\"", "找不到站点配置文件")
			cfg = config.Parse("config.toml", nil, diags)
			return
		}
		cfg = config.Parse("config.toml", b, diags)
	})
	res.Config = cfg
	if diags.HasErrors() {
		return fail()
	}
	asOf := opt.AsOf
	if asOf == 0 {
		asOf = cfg.AsOfDate
	}
	if asOf == 0 {
		now := time.Now
		if opt.Now != nil {
			now = opt.Now
		}
		asOf = model.FromTime(now().In(China))
	}
	var loaded *content.Result
	defer func() {
		// serve: a body read again no longer the one loaded means the
		// file changed under the build, not an error of its author.
		if err != nil && opt.Docs != nil && loaded != nil {
			if paths := loaded.ChangedUnder(); len(paths) > 0 {
				err = &ChangedError{Paths: paths}
			}
		}
	}()
	var reports []*report.Report
	var pre *prepared
	timed("load", func() {
		if opt.Docs == nil {
			// A one-off build does not hold the bodies: what resolve and
			// scan read from a body is taken as it is loaded, and render
			// reads the body again (serve's cache keeps them).
			pre = newPrepared()
			loaded = content.LoadEach(opt.Site, cfg, diags, pre.add)
		} else {
			loaded = content.Load(opt.Site, cfg, diags, opt.Docs)
			loaded.ReadBodies(opt.Site)
		}
		for _, p := range slices.Sorted(maps.Keys(loaded.Reports)) {
			reports = append(reports, report.Parse(p, loaded.Reports[p], diags))
		}
		sort.SliceStable(reports, func(i, j int) bool { return reports[i].Year > reports[j].Year })
	})
	if err := ctx.Err(); err != nil {
		return res, err
	}
	var site *model.Site
	timed("resolve", func() {
		site, res.ModelKept = resolveSite(opt, loaded, cfg, cfgSum, asOf, diags, pre)
		if pre != nil {
			pre.facts = nil // resolve has taken what it needs: the rest can go
		}
		for _, r := range reports {
			report.Compute(r, site)
		}
		if pre != nil {
			settle()
		}
	})
	res.Site = site
	timed("scan", func() { scan(site, diags, opt.Scan, pre.foundOrNil()) })
	if diags.HasErrors() {
		return fail()
	}
	if opt.Out == nil {
		res.Diags = withContext(opt.Site, opt.Docs, diags.Sorted())
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	var rerr error
	timed("render", func() {
		r, err := render.New(site, render.Options{Config: cfg, SiteFS: opt.Site, Defaults: opt.Defaults, Out: opt.Out, Diags: diags, Extra: opt.Extra, Reports: reports,
			Step: func(name string) {
				if name == "search" && pre != nil {
					settle()
				}
				done("render/" + name)
			}, Memo: opt.Pages, NoSearch: opt.NoSearch, DeferSearch: opt.DeferSearch, Early: opt.Early, Edited: opt.Edited})
		if err != nil {
			rerr = err
			return
		}
		rerr = r.Run()
		res.Pages = r.Pages()
		if opt.DeferSearch && !opt.NoSearch {
			res.Index = r.DeferredIndex()
		}
	})
	res.Diags = withContext(opt.Site, opt.Docs, diags.Sorted())
	if rerr == nil && diags.HasErrors() {
		return res, &diag.BuildError{Diags: res.Diags}
	}
	if rerr != nil {
		var be *diag.BuildError
		if errors.As(rerr, &be) {
			return res, rerr
		}
		res.Diags = append(res.Diags, withContext(opt.Site, opt.Docs, []diag.Diagnostic{templateDiag(rerr)})...)
		return res, &diag.BuildError{Diags: res.Diags}
	}
	return res, nil
}

// ChangedError is the error of a serve build (Options.Docs) during which
// content files changed on disk: a body read again was not the one loaded,
// so the output would mix two versions of the file. Serve builds again
// with Paths named as changed.
type ChangedError struct {
	Paths []string
}

func (e *ChangedError) Error() string {
	return fmt.Sprintf("文件在生成过程中有改动：%s", strings.Join(e.Paths, "、"))
}

// configSeed keys the hash of config.toml's bytes (resolve.Memo).
var configSeed = maphash.MakeSeed()

// resolveSite is the resolve phase: with serve's memo, the last
// resolution when only bodies changed and their facts did not (see
// resolve.Memo), else a resolution of the whole site, kept for the next.
func resolveSite(opt Options, loaded *content.Result, cfg *config.Config, cfgSum uint64, asOf model.Date, diags *diag.List, pre *prepared) (site *model.Site, kept bool) {
	if opt.Resolved == nil || opt.Docs == nil || opt.Facts == nil {
		loaded.Own()
		return resolve.Resolve(loaded, cfg, asOf, diags, opt.Facts, pre.factsOrNil()), false
	}
	gen := opt.Docs.Generation()
	if edits, only := opt.Docs.BodyEdits(); only {
		if site, ok := opt.Resolved.Again(loaded, gen, edits, cfgSum, asOf, opt.Facts, diags); ok {
			return site, true
		}
	}
	loaded.Own() // resolve writes into the documents
	local := &diag.List{}
	site = resolve.Resolve(loaded, cfg, asOf, local, opt.Facts, nil)
	ds := local.Sorted()
	for _, d := range ds {
		diags.Add(d)
	}
	opt.Resolved.Keep(site, gen, cfgSum, loaded.InputSum, asOf, ds)
	return site, false
}

// withContext adds the source lines around each diagnostic's position.
// Diagnostics are grouped by file first: an imported archive can carry a
// warning in each of tens of thousands of files.
// A content file that docs (serve's cache) holds is not read again.
func withContext(fsys fs.FS, docs *content.Cache, ds []diag.Diagnostic) []diag.Diagnostic {
	byFile := map[string][]int{}
	for i, d := range ds {
		if d.Pos.Line > 0 && len(d.Context) == 0 {
			byFile[d.Pos.File] = append(byFile[d.Pos.File], i)
		}
	}
	files := slices.Sorted(maps.Keys(byFile))
	// The next build's diagnostics are mostly these again.
	defer docs.KeepSources(files)
	for _, f := range files {
		b, ok := docs.Source(f)
		if !ok {
			var err error
			if b, err = fs.ReadFile(fsys, f); err != nil {
				continue
			}
		}
		group := make([]diag.Diagnostic, len(byFile[f]))
		for j, i := range byFile[f] {
			group[j] = ds[i]
		}
		diag.AttachContext(group, f, b, 2)
		for j, i := range byFile[f] {
			ds[i] = group[j]
		}
	}
	return ds
}

// settle collects the garbage of a one-off build's phase that has just
// dropped much of what it held (load's facts once resolve has taken what it
// needs; the encoded search index once written). The collector paces its
// next cycle by the live heap it last found, which was then far larger:
// without it, the next phase fills twice that before a collection (at
// 100,000 documents the pages after the index grew the heap from 2.3 to
// 4.4 GB). The freed memory is kept for the next phase to reuse, not
// given back (debug.FreeOSMemory returns it, and the next phase faults it
// in again, in small pages where the heap had huge ones). serve does not
// settle: its rebuilds are small and hold their data between builds.
func settle() { runtime.GC() }

// templateError is how text/template and html/template begin an error:
// "template: NAME:LINE[:COL]: message".
var templateError = regexp.MustCompile(`^template: ([^:\s]+):(\d+):(?:(\d+):)? (.*)$`)

// templateDiag is the diagnostic of a layout's error, at the file, line
// and column the template package names when it does.
func templateDiag(err error) diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error, Pos: model.Pos{File: "layouts"}, Msg: "模板错误：" + err.Error(), Fix: "检查模板语法和模板中用到的字段"}
	m := templateError.FindStringSubmatch(err.Error())
	if m == nil {
		return d
	}
	file := m[1]
	if !strings.HasPrefix(file, "layouts/") {
		file = "layouts/" + file
	}
	d.Pos.File = file
	d.Pos.Line, _ = strconv.Atoi(m[2])
	d.Pos.Col, _ = strconv.Atoi(m[3])
	d.Msg = "模板错误：" + m[4]
	return d
}
