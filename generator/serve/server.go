// Package serve is the live preview of `gongkai serve`: it builds the site
// into memory, serves it over HTTP, watches the site folder and rebuilds
// after every change (debounced, passing the changed paths to the Builder
// so that it can work incrementally), reloads every open page through
// Server-Sent Events, and shows build errors on the page, over the last
// good version, until they are fixed. With an EarlyBuilder (the default),
// a rebuild is served in stages: the pages of the documents that changed
// as soon as they are built (an edited page shows before the listings,
// unit pages and exports that also show it are done), then every page,
// then the search index, while search answers from the previous index (the
// index is patched with the changed documents' records, search.Memo, not
// made whole). Each build event names the pages whose bytes changed,
// and only those reload (any page reloads when style sheets or scripts
// changed, after a failed build, or when it missed a version).
//
// The builder trusts the watcher's list of changed paths (it does not look
// at the files no event named); after each build, while idle, the server
// asks a Sweeper builder for files whose size or time changed anyway (an
// event lost or never sent, as on some network file systems) and builds
// them. A build that files changed under (generator.ChangedError) shows
// no error and is made again with them. Pages, open data and page texts
// are kept packed in memory (publish.File) and unpacked when requested.
//
// Nothing outside the in-memory output can be served: requests are looked
// up in the map of output files, and paths with "..", encoded slashes,
// backslashes or control characters are refused with 400. The reload script
// and the error overlay are added by the handler to HTML responses only, so
// they never reach the output of `gongkai build`.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"path"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gongkai/generator"
	"gongkai/generator/diag"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

// Config of a Server.
type Config struct {
	Dir      string           // the site folder: config.toml, content/, layouts/, static/
	Defaults fs.FS            // built-in layouts, for the default Builder
	Builder  Builder          // nil: NewBuilder(os.DirFS(Dir), Defaults, Clock)
	Log      io.Writer        // terminal messages; nil discards them
	Debounce time.Duration    // quiet time after the last change before a rebuild; 0: DefaultDebounce
	Clock    func() time.Time // the date of builds and the midnight rebuild; nil: time.Now
	// Idle is how long the server waits after its last build, with no
	// change, before it returns the memory the builds left free to the
	// system (0: DefaultIdle; negative: never). The Go runtime otherwise
	// keeps up to the size of the held heap again, so a 10,000-document
	// preview would show twice the memory it holds.
	Idle    time.Duration
	release func() // returns free memory (debug.FreeOSMemory; tests count calls)
	// What decides and runs a collection while idle (collectAhead):
	// readHeap and runtime.GC; tests replace them.
	heap    func() heapStats
	collect func()
}

// DefaultIdle is long enough that an author editing and reading in turn is
// not kept waiting: memory returned to the system is faulted in again by
// the build after it (at 10,000 documents the edited page then comes
// about 80 ms later; the server holds 0.9 GB instead of 1.9 GB).
const DefaultIdle = time.Minute

// DefaultDebounce is long enough to gather the several events of one
// editor save (write, rename, chmod: they come within a few milliseconds)
// and short enough to feel instant. A save split over two rebuilds costs a
// second rebuild, never a stale page: each build reads what changed.
const DefaultDebounce = 50 * time.Millisecond

// maxDelay bounds the wait when changes keep arriving (a copy of many
// files), so the preview still updates while they do.
const maxDelay = time.Second

// Server is the live preview. Create it with New and start it with Run.
type Server struct {
	cfg     Config
	st      atomic.Pointer[state]
	hub     hub
	buildMu sync.Mutex // one build at a time
	closing chan struct{}
	once    sync.Once
	// collecting: a collection started by collectAhead is running.
	collecting atomic.Bool
	id         string // this process's: versions start again at 1 after a restart
}

// state is one served version; it is never modified once stored, so a
// request keeps a consistent site even while a rebuild swaps in another.
type state struct {
	version uint64                  // 0 until the first build ends
	files   map[string]publish.File // last good output; nil before the first success
	base    string                  // the site's base path: "/" or "/xxgk/"
	abs     string                  // the site's address (base_url), as alias pages give it
	diags   []diag.Diagnostic       // problems of the last build when it failed
	failure string                  // a failure without diagnostics
	day     model.Date              // today in China when the last build started
	// withdrawn: the build failed and withholds something the last good
	// build published, so that version is not served (files is nil).
	withdrawn bool
	index     uint64 // generation of the search index served
	// hist is what the last versions changed, oldest first, this one's
	// last (see change), so that an event stream that missed versions can
	// send each.
	hist []change
}

// change is what one version changed from the version before (from): the
// output files of the pages whose bytes changed, or all when that is not
// a short list of pages (style sheets or scripts changed, or hundreds of
// pages). Open pages not listed do not reload.
type change struct {
	version, from uint64
	ok            bool
	changed       []string
	all           bool
}

// maxHist is how many versions a state remembers the changes of.
const maxHist = 16

func (st *state) failed() bool { return len(st.diags) > 0 || st.failure != "" }

// New returns a server for cfg.
func New(cfg Config) *Server {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = DefaultDebounce
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Idle == 0 {
		cfg.Idle = DefaultIdle
	}
	if cfg.release == nil {
		cfg.release = debug.FreeOSMemory
	}
	if cfg.heap == nil {
		cfg.heap = readHeap
	}
	if cfg.collect == nil {
		cfg.collect = runtime.GC
	}
	if cfg.Builder == nil {
		cfg.Builder = NewBuilder(os.DirFS(cfg.Dir), cfg.Defaults, cfg.Clock)
	}
	s := &Server{cfg: cfg, closing: make(chan struct{}), id: strconv.FormatInt(time.Now().UnixNano(), 36)}
	s.st.Store(&state{base: "/"})
	return s
}

func (s *Server) current() *state { return s.st.Load() }

// Version is the number of builds finished so far, failed ones included.
// Pages and the events stream carry it.
func (s *Server) Version() uint64 { return s.current().version }

// BasePath is the path the site is served under ("/" or "/xxgk/").
func (s *Server) BasePath() string { return s.current().base }

// Run serves on ln until ctx ends: it starts watching, builds the site,
// rebuilds after changes and at midnight (China time), and finally shuts
// the HTTP server down gracefully, closing the event streams.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	w, err := newWatcher(s.cfg.Dir)
	if err != nil {
		ln.Close()
		return err
	}
	defer w.close()
	if w.blind {
		fmt.Fprintln(s.cfg.Log, "注意：有的文件夹无法监视（可能达到了系统的监视数量上限，可调大 fs.inotify.max_user_watches），每次改动都将重新读取全部文件")
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	// Event streams never end by themselves; Shutdown waits for them.
	srv.RegisterOnShutdown(s.stopStreams)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	start := time.Now()
	if s.Rebuild(ctx, nil) == nil {
		fmt.Fprintf(s.cfg.Log, "已生成网站，用时 %.2f 秒。预览地址：http://%s%s（按 Ctrl+C 停止）\n",
			time.Since(start).Seconds(), ln.Addr(), s.BasePath())
	} else if ctx.Err() == nil {
		fmt.Fprintf(s.cfg.Log, "预览地址：http://%s%s（改正错误并保存后自动重新生成；按 Ctrl+C 停止）\n", ln.Addr(), s.BasePath())
	}
	loopErr := s.loop(ctx, w, served)

	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.stopStreams()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) && loopErr == nil {
		loopErr = err
	}
	return loopErr
}

func (s *Server) stopStreams() { s.once.Do(func() { close(s.closing) }) }

// loop gathers changes until they settle, then rebuilds with them; it also
// rebuilds when the date changes in China, since effectiveness tags, overdue
// tasks and credit-record periods depend on it.
func (s *Server) loop(ctx context.Context, w *watcher, served <-chan error) error {
	var (
		pending = map[string]bool{}
		all     bool
		first   time.Time
		quiet   = time.NewTimer(time.Hour)
	)
	quiet.Stop()
	midnight := time.NewTimer(s.untilMidnight())
	defer midnight.Stop()
	idle := time.NewTimer(time.Hour)
	idle.Stop()
	defer idle.Stop()
	rested := func() { // after each build
		if s.cfg.Idle > 0 {
			idle.Reset(s.cfg.Idle)
		}
	}
	changed := func(paths []string, everything bool) {
		if len(paths) == 0 && !everything {
			return
		}
		for _, p := range paths {
			pending[p] = true
		}
		all = all || everything
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		quiet.Reset(min(s.cfg.Debounce, max(0, maxDelay-now.Sub(first))))
	}
	// A build that files changed under is made again with them.
	again := func(err error) {
		var ce *generator.ChangedError
		if errors.As(err, &ce) {
			changed(ce.Paths, w.blind)
		}
	}
	// After each build, while the server is idle: changes made since the
	// files were read (their events may still be on the way, or lost).
	// The sweep (a stat of every content file, a listing of the folders)
	// runs beside the loop, so that an edit's event is taken at once
	// rather than after it; a build stops a sweep in flight and takes what
	// it found so far (at 100,000 documents a whole sweep takes about a
	// second), so the two never overlap, and sweeps again when it is done.
	swept := make(chan []string, 1)
	sweeping := false
	stopSweep := func() {}
	sweep := func() {
		if sw, ok := s.cfg.Builder.(Sweeper); ok {
			sweeping = true
			sctx, cancel := context.WithCancel(ctx)
			stopSweep = cancel
			go func() { swept <- sw.Stale(sctx) }()
		}
	}
	defer func() { stopSweep() }()
	// unheard is what a sweep found that no event has told of yet (an
	// edit's event often comes before the sweep that also sees it).
	unheard := func(stale []string) []string {
		stale = slices.DeleteFunc(stale, func(p string) bool { return pending[p] })
		if len(stale) > 0 {
			fmt.Fprintf(s.cfg.Log, "%d 个文件在读取后又有改动，重新生成\n", len(stale))
		}
		return stale
	}
	found := func(stale []string) {
		sweeping = false
		stopSweep()
		if stale = unheard(stale); len(stale) > 0 {
			changed(stale, w.blind)
		}
	}
	// settle waits for a sweep in flight and adds what it found to the
	// build about to start.
	settle := func() {
		if !sweeping {
			return
		}
		sweeping = false
		stopSweep()
		for _, p := range unheard(<-swept) {
			pending[p] = true
			all = all || w.blind
		}
	}
	sweep()
	rested()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-served:
			return err
		case ev, ok := <-w.fw.Events:
			if !ok {
				return nil
			}
			changed(w.handle(ev))
		case err, ok := <-w.fw.Errors:
			if !ok {
				return nil
			}
			// A lost event (queue overflow) means the list of changes is
			// incomplete: rebuild everything.
			fmt.Fprintf(s.cfg.Log, "监视文件时出错：%v，将全部重新生成\n", err)
			changed(nil, true)
		case stale := <-swept:
			found(stale)
		case <-quiet.C:
			settle()
			batch := sortedKeys(pending)
			if all {
				batch = nil
			}
			pending, all, first = map[string]bool{}, false, time.Time{}
			s.logChange(batch)
			again(s.Rebuild(ctx, batch))
			sweep()
			rested()
		case <-idle.C:
			if len(pending) == 0 && !all {
				s.cfg.release()
			}
		case <-midnight.C:
			// Timers run on the machine's clock, the date on the configured
			// one; rebuild only when the date really changed.
			if Today(s.cfg.Clock()) == s.current().day {
				midnight.Reset(s.untilMidnight())
				continue
			}
			fmt.Fprintf(s.cfg.Log, "日期已变为 %s，重新生成网站（有效性、逾期等按新日期计算）\n", Today(s.cfg.Clock()).Chinese())
			if sweeping { // the whole rebuild reads everything it may find
				stopSweep()
				<-swept
				sweeping = false
			}
			again(s.Rebuild(ctx, nil))
			sweep()
			rested()
			midnight.Reset(s.untilMidnight())
		}
	}
}

// untilMidnight is the wait until one second past the next midnight in
// China, by the configured clock; none when the date has already changed
// since the last build began (a long build across midnight).
// The wait is at most dateCheck: timers do not count the time a machine
// sleeps (a laptop closed overnight), so the date is looked at again every
// minute rather than trusted to one long timer.
func (s *Server) untilMidnight() time.Duration {
	now := s.cfg.Clock()
	if st := s.current(); st.version > 0 && Today(now) != st.day {
		return 0
	}
	return min(nextMidnight(now).Sub(now)+time.Second, dateCheck)
}

// dateCheck is the longest wait before the date is looked at again.
const dateCheck = time.Minute

// Rebuild builds the site with the given changed paths (nil: everything),
// serves the result if the build succeeded and tells every open page. A
// failed build keeps the previous files and shows its errors on every page
// and in the log. It returns the build's error.
func (s *Server) Rebuild(ctx context.Context, changed []string) error {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	before := s.cfg.heap()
	err := s.rebuild(ctx, changed)
	var changedUnder *generator.ChangedError
	if ctx.Err() == nil && !errors.As(err, &changedUnder) { // else the server stops, or builds again at once
		s.collectAhead(before)
	}
	return err
}

// rebuild is Rebuild, with buildMu held.
func (s *Server) rebuild(ctx context.Context, changed []string) error {
	start := time.Now()
	day := Today(s.cfg.Clock())
	staged, isStaged := s.cfg.Builder.(StagedBuilder)
	var res *generator.Result
	var files map[string]publish.File
	var err error
	good := s.current() // what a failed build leaves served
	switch eb, isEarly := s.cfg.Builder.(EarlyBuilder); {
	case isEarly:
		res, files, err = eb.BuildPagesEarly(ctx, changed, func(pages map[string]publish.File) { s.early(good, day, pages) })
	case isStaged:
		res, files, err = staged.BuildPages(ctx, changed)
	default:
		res, files, err = s.cfg.Builder.Build(ctx, changed)
	}
	var changedUnder *generator.ChangedError
	if err != nil && (ctx.Err() != nil || errors.As(err, &changedUnder)) {
		if cur := s.current(); cur != good {
			// Shutting down, or building again, after the edited pages
			// were shown: show the last good build again.
			s.publish(&state{version: cur.version + 1, files: good.files, base: good.base, abs: good.abs, day: good.day, index: good.index, diags: good.diags, failure: good.failure, withdrawn: good.withdrawn})
		}
		if changedUnder != nil {
			fmt.Fprintf(s.cfg.Log, "%v，重新生成……\n", err)
		}
		return err // keep what is served; the loop builds the changed files again
	}
	old := s.current()
	next := &state{version: old.version + 1, files: good.files, base: good.base, abs: good.abs, day: day, index: old.index}
	if err != nil {
		var be *diag.BuildError
		if errors.As(err, &be) && len(be.Diags) > 0 {
			next.diags = be.Diags
		} else {
			next.failure = err.Error()
		}
		next.withdrawn = good.withdrawn
		if res != nil && withholdsServed(res.Site, good.files) {
			// The failed build withholds a document or attachment the
			// last good one published: that version, its pages, lists,
			// exports and index, is not served any more.
			next.files, next.withdrawn = nil, true
		}
		s.logFailure(next, next.files != nil)
	} else {
		next.files = files
		if isStaged && !(res != nil && withholdsServed(res.Site, old.files)) {
			// Until the new index is written, search the previous one
			// (not when it holds a document now withheld: then search
			// waits for the new index).
			next.files = withIndex(files, old.files)
		} else if !isStaged {
			next.index++
		}
		if res != nil && res.Config != nil && res.Config.BasePath != "" {
			next.base = res.Config.BasePath
			next.abs = res.Config.AbsURL("/")
		}
		s.logSuccess(res, old.version == 0, time.Since(start))
	}
	s.publish(next)
	if isStaged && err == nil {
		// The index follows the pages. Only an open search page reloads
		// (an "index" event): it holds the previous manifest, whose
		// files are gone now.
		idx, ierr := staged.BuildIndex(ctx)
		if ierr != nil {
			if ctx.Err() == nil {
				fmt.Fprintf(s.cfg.Log, "搜索索引生成失败：%v（搜索仍使用上一次的索引）\n", ierr)
			}
			return nil
		}
		done := *next
		done.files = maps.Clone(files)
		maps.Copy(done.files, idx)
		done.index++
		s.publish(&done)
	}
	return err
}

// maxEarly is the most document pages shown ahead of the rest of a build
// (serve.early): an edit changes one or a few; a change that touches many
// is shown when the whole build is done.
const maxEarly = 64

// early serves, while a build goes on, the pages of the documents it found
// changed, over the last good build (good), and reloads them in the
// browser. It does nothing after a failed build (the overlay stays until
// the build is done) or when the pages are many.
func (s *Server) early(good *state, day model.Date, pages map[string]publish.File) {
	if good.files == nil || good.failed() || len(pages) == 0 || len(pages) > maxEarly {
		return
	}
	cur := s.current()
	files := maps.Clone(cur.files)
	maps.Copy(files, pages)
	s.publishOver(&state{version: cur.version + 1, files: files, base: cur.base, abs: cur.abs, day: day, index: cur.index}, pages)
}

// publish serves st, which says what changed from the version served
// before it, and tells the open pages.
func (s *Server) publish(st *state) { s.publishOver(st, nil) }

// publishOver is publish when st's files are those served with over laid
// on them (early pages): only over is compared with what was served, not
// every file of a large site (two lookups for each of its 200,000 files).
func (s *Server) publishOver(st *state, over map[string]publish.File) {
	prev := s.current()
	if st.version == prev.version {
		st.hist = prev.hist // the index of the same build: the pages' changes stand
	} else {
		c := change{version: st.version, from: prev.version, ok: !st.failed()}
		if over != nil && prev.files != nil {
			c.changed, c.all = changedAmong(prev.files, over, false)
		} else {
			c.changed, c.all = changedPages(prev.files, st.files)
		}
		h := prev.hist[max(0, len(prev.hist)-(maxHist-1)):]
		st.hist = append(slices.Clip(h), c)
	}
	s.st.Store(st)
	s.hub.notify()
}

// maxChanged is the longest list of changed pages a build event carries;
// beyond it, every page reloads.
const maxChanged = 256

// changedPages lists the pages (output files served as HTML) whose bytes
// differ between two versions of the output, or reports all when every
// open page should reload: no previous version, the 404 page, more than
// maxChanged pages, or any other changed file except those no page shows
// (notShown: open data, feeds, the search index's data — the search page
// reloads on its own event —, documents to download). A file of a kind not known here counts
// as shown (a style sheet, an image, a font). Unchanged files are mostly
// the same slices from one version to the next, so most comparisons are
// of pointers.
func changedPages(prev, next map[string]publish.File) (pages []string, all bool) {
	if prev == nil || next == nil {
		return nil, true
	}
	return changedAmong(prev, next, true)
}

// changedAmong is changedPages over the files of next; the files of prev
// that next lacks count as changed when gone is set.
func changedAmong(prev, next map[string]publish.File, gone bool) (pages []string, all bool) {
	note := func(p string) bool {
		switch {
		case p == "404.html":
			return false
		case strings.HasPrefix(contentType(p), "text/html"):
			pages = append(pages, p)
			return len(pages) <= maxChanged
		case notShown[strings.ToLower(path.Ext(p))]:
			return true
		}
		return false
	}
	for p, b := range next {
		if pb, ok := prev[p]; !ok || !pb.Same(b) {
			if !note(p) {
				return nil, true
			}
		}
	}
	if gone {
		for p := range prev {
			if _, ok := next[p]; !ok && !note(p) {
				return nil, true
			}
		}
	}
	sort.Strings(pages)
	return pages, false
}

// notShown are the kinds of files that pages link to or fetch but do not
// show (open data, feeds, the search index's data, documents to download),
// so a change of one reloads no page. Folders do not count: a site's
// static/ files may put an image anywhere.
var notShown = map[string]bool{
	".bin": true, ".json": true, ".csv": true, ".xml": true, ".atom": true, ".rss": true, ".txt": true, ".md": true,
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".wps": true, ".et": true, ".ofd": true, ".odt": true, ".ods": true, ".zip": true, ".rar": true, ".7z": true,
}

// withholdsServed reports whether site withholds a document or an
// attachment whose page or file is among files (served from an earlier
// build).
func withholdsServed(site *model.Site, files map[string]publish.File) bool {
	if site == nil || files == nil {
		return false
	}
	for _, u := range site.WithheldURLs {
		if _, ok := files[model.OutPath(u)]; ok {
			return true
		}
	}
	return false
}

// withIndex is the pages of a new build with the search index's data of
// the previous one (files under search/ that the new build has not
// written).
func withIndex(pages, prev map[string]publish.File) map[string]publish.File {
	out := maps.Clone(pages)
	for p, b := range prev {
		if strings.HasPrefix(p, "search/") {
			if _, ok := out[p]; !ok {
				out[p] = b
			}
		}
	}
	return out
}

func (s *Server) logChange(batch []string) {
	if batch == nil {
		fmt.Fprintln(s.cfg.Log, "站点配置或文件夹有改动，全部重新生成……")
		return
	}
	shown := batch
	if len(shown) > 3 {
		shown = shown[:3]
	}
	parts := make([]string, len(shown))
	for i, p := range shown {
		parts[i] = p + "（" + Classify(p).String() + "）"
	}
	more := ""
	if len(batch) > len(shown) {
		more = fmt.Sprintf(" 等 %d 个文件", len(batch))
	}
	fmt.Fprintf(s.cfg.Log, "有改动：%s%s，重新生成……\n", strings.Join(parts, "、"), more)
}

// logFailure prints the errors of a failed build as `gongkai build` does;
// warnings are only counted, as they do not stop the build.
func (s *Server) logFailure(st *state, haveGood bool) {
	warns := 0
	for _, d := range st.diags {
		if d.Severity == diag.Error {
			fmt.Fprintln(s.cfg.Log, d.Long())
		} else {
			warns++
		}
	}
	if warns > 0 {
		fmt.Fprintf(s.cfg.Log, "（另有 %d 个警告）\n", warns)
	}
	if st.failure != "" {
		fmt.Fprintln(s.cfg.Log, st.failure)
	}
	if haveGood {
		fmt.Fprintln(s.cfg.Log, "生成失败：浏览器中仍显示上一次成功生成的版本，并在页面上列出这些错误。改正后保存即可。")
	} else if st.withdrawn {
		fmt.Fprintln(s.cfg.Log, "生成失败：有文件改为不公开，上一次成功生成的版本仍公开它，因此不再显示；改正上面的错误并保存后会自动重新生成。")
	} else {
		fmt.Fprintln(s.cfg.Log, "生成失败：改正上面的错误并保存后会自动重新生成。")
	}
}

// logSuccess prints every warning after the first build; later builds only
// count them, so that a site with many warnings does not flood the terminal.
func (s *Server) logSuccess(r *generator.Result, first bool, took time.Duration) {
	warns := 0
	if r != nil {
		for _, d := range r.Diags {
			if first {
				fmt.Fprintln(s.cfg.Log, d.Long())
			}
			warns++
		}
	}
	if first {
		return
	}
	pages := 0
	if r != nil {
		pages = r.Pages
	}
	msg := fmt.Sprintf("已重新生成（%d 个页面，用时 %d 毫秒", pages, took.Milliseconds())
	if warns > 0 {
		msg += fmt.Sprintf("，%d 个警告", warns)
	}
	fmt.Fprintln(s.cfg.Log, msg+"）")
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
