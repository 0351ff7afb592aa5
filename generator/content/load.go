// Package content reads a site's content folder through an fs.FS into the
// plain-data model, checking every file against its kind's schema. Every
// problem is reported with its file and line; nothing is dropped silently.
package content

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/generator/config"
	"gongkai/generator/diag"
	"gongkai/generator/hanfold"
	"gongkai/generator/model"
)

// Result is what Load read.
type Result struct {
	Docs        []*model.Document // documents of every kind and disclosure, sorted by Source
	Credit      []*model.CreditRecord
	Commitments []*model.Commitment
	Tables      []*TableTask      // rows of content/tasks/*.toml
	Progress    []*Progress       // entries of content/tasks/progress/*.toml
	Reports     map[string][]byte // content/reports/YEAR.toml, by path
	Static      []string          // files under static/, copied as they are
	Unread      int               // document files that could not be read or parsed (errors reported)
	IndexLock   map[string]string // indexno.lock: URL → 索引号 of earlier builds
	IndexGone   map[string]string // indexno.lock's [removed]: addresses no longer on the site, their numbers kept
	// InputSum hashes what the site model is made of besides the document
	// files' front matter and bodies: the TOML records, task tables and
	// progress, reports, the index lock file, and every document's
	// attachments (serve compares it between builds; see resolve.Memo).
	InputSum uint64
	// Bodies is set by ReadBodies (see model.Site.Bodies).
	Bodies func(*model.Document, []byte) ([]byte, error)

	mu      sync.Mutex
	changed map[string]bool // files whose body read again was not the one loaded
	// shared marks the documents of Docs that are the content cache's own
	// (serve): read them, change them only after Own.
	shared []bool
}

// bySource sorts documents by Source, with their marks (when there are).
type bySource struct {
	docs   []*model.Document
	shared []bool
}

func (s bySource) Len() int           { return len(s.docs) }
func (s bySource) Less(i, j int) bool { return s.docs[i].Source < s.docs[j].Source }
func (s bySource) Swap(i, j int) {
	s.docs[i], s.docs[j] = s.docs[j], s.docs[i]
	if s.shared != nil {
		s.shared[i], s.shared[j] = s.shared[j], s.shared[i]
	}
}

// Own replaces every document of Docs that is the content cache's own with
// a copy, so that resolve may write its derived fields (serve's model is
// resolved again from the loaded documents only when it cannot be kept:
// resolve.Memo; a kept model never reads the others).
func (r *Result) Own() {
	for i, own := range r.shared {
		if own {
			r.Docs[i] = clone(r.Docs[i])
		}
	}
	r.shared = nil
}

// ChangedUnder returns the files (sorted) whose body, read again through
// Bodies, was not the one loaded: they changed during the build.
func (r *Result) ChangedUnder() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(maps.Keys(r.changed))
}

// bodySeed keys BodySum; a body is only ever compared within one process.
var bodySeed = maphash.MakeSeed()

// ReadBodies sets r.Bodies, for the documents whose body is not in memory
// (serve's content cache keeps none).
func (r *Result) ReadBodies(fsys fs.FS) {
	r.Bodies = func(d *model.Document, buf []byte) ([]byte, error) {
		fail := func() ([]byte, error) {
			r.mu.Lock()
			if r.changed == nil {
				r.changed = map[string]bool{}
			}
			r.changed[d.Source] = true
			r.mu.Unlock()
			return nil, fmt.Errorf("%s 在构建过程中被修改或删除：保存好文件后重新构建", d.Source)
		}
		b, err := readInto(fsys, d.Source, buf)
		if err != nil {
			return fail()
		}
		// The body loaded was valid UTF-8: one with its hash is the same
		// bytes, so it is not checked again.
		_, body, _, err := Split(bytes.TrimPrefix(b, []byte("\ufeff")))
		if err != nil || maphash.Bytes(bodySeed, body) != d.BodySum {
			return fail()
		}
		return body, nil
	}
}

// readInto reads the file at p into buf's memory when it fits (else into a
// new slice) and returns its bytes.
func readInto(fsys fs.FS, p string, buf []byte) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && int64(cap(buf)) < fi.Size()+1 {
		buf = make([]byte, 0, fi.Size()+512) // room to see the end
	}
	b := buf[:0]
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow: the file is longer than it said
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// IndexLockFile is the file, at the site root, that records every 索引号
// once it has been published (see package resolve).
const IndexLockFile = "indexno.lock"

// loadIndexLock reads the lock file; with a cache, bytes it decoded before
// are not decoded again (the map is only read).
func loadIndexLock(fsys fs.FS, diags *diag.List, cache *Cache) (lock, gone map[string]string, src []byte) {
	b, err := fs.ReadFile(fsys, IndexLockFile)
	if err != nil {
		return nil, nil, nil // no lock yet
	}
	if cache != nil {
		cache.mu.Lock()
		l := cache.lock
		cache.mu.Unlock()
		if l != nil && bytes.Equal(l.src, b) {
			if l.err != nil {
				diags.Add(*l.err)
			}
			return l.m, l.removed, b
		}
	}
	var raw struct {
		Documents map[string]string `toml:"documents"`
		Removed   map[string]string `toml:"removed"`
	}
	l := &lockFile{src: b}
	if _, err := toml.Decode(string(b), &raw); err != nil {
		d := config.TOMLError(IndexLockFile, 0, b, err)
		l.err = &d
		diags.Add(d)
	} else {
		l.m, l.removed = raw.Documents, raw.Removed
	}
	if cache != nil {
		cache.mu.Lock()
		cache.lock = l
		cache.mu.Unlock()
	}
	return l.m, l.removed, b
}

// TableTask is a row of an explicit task table, with the 发文字号 of its document.
type TableTask struct {
	model.Task
	Document string
	Seq      int
}

// Progress is the progress of one task, keyed by its id.
type Progress struct {
	TaskID      string
	Status      string
	Log         []model.ProgressNote
	Evidence    []model.Link
	Pos         model.Pos
	EvidencePos model.Pos
	AllowPII    []string
}

var kindDirs = map[string]model.Kind{
	"content/policies":        model.KindPolicy,
	"content/interpretations": model.KindInterpretation,
	"content/news":            model.KindNews,
}

// walkFolder hands each file and folder under root (a folder of the
// site: content, static) to each, in lexical order, but for names
// beginning with "." or "_" (editor and version-control files) and what
// such a folder holds, until each returns false; a missing root is no
// error, any other error goes to fail.
func walkFolder(fsys fs.FS, root string, each func(p string, isDir bool) bool, fail func(p string, err error)) {
	_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return fs.SkipDir // the folder is optional
			}
			fail(p, err)
			return nil
		}
		name := d.Name()
		if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !each(p, d.IsDir()) {
			return fs.SkipAll
		}
		return nil
	})
}

// Load reads every content file of the site in fsys. Files are parsed in
// parallel; the result is sorted, so it does not depend on scheduling.
// cache may be nil. With a cache, the unchanged documents of the result may
// be the cache's own: read them, and call Result.Own before changing any.
func Load(fsys fs.FS, cfg *config.Config, diags *diag.List, cache *Cache) *Result {
	return load(fsys, cfg, diags, cache, nil)
}

// LoadEach is Load for a one-off build that does not keep the bodies: each
// document is handed to each (from the loading goroutine, so concurrently)
// as soon as it is parsed, with its body; the body is dropped when each
// returns, and r.Bodies reads it again. A loading goroutine reads every file
// into one buffer of its own, so the site's text is never in memory at once
// and the reads allocate nothing.
func LoadEach(fsys fs.FS, cfg *config.Config, diags *diag.List, each func(*model.Document)) *Result {
	r := load(fsys, cfg, diags, nil, each)
	r.ReadBodies(fsys)
	return r
}

func load(fsys fs.FS, cfg *config.Config, diags *diag.List, cache *Cache, each func(*model.Document)) *Result {
	var sum maphash.Hash
	sum.SetSeed(bodySeed)
	input := func(p string, b []byte) {
		sum.WriteString(p)
		sum.WriteByte(0)
		sum.Write(b)
		sum.WriteByte(0)
	}
	lock, gone, lockSrc := loadIndexLock(fsys, diags, cache)
	input(IndexLockFile, lockSrc)
	res := &Result{Reports: map[string][]byte{}, IndexLock: lock, IndexGone: gone}
	type job struct {
		path string
		kind model.Kind
	}
	var jobs []job
	bundles := map[string]bool{}
	var tomls []string
	var attachments []string
	// The folders' listing is that of the last load when serve named
	// every change and none added, removed or replaced a file (Cache.
	// listing): at 100,000 documents reading the folders again took a
	// third of a rebuild before the edited page was shown.
	reuse := cache.listing(fsys)
	listed := map[string][]walked{}
	walkFailed := false
	walk := func(root string, fn func(p string, dir bool)) {
		if reuse != nil {
			for _, w := range reuse.roots[root] {
				fn(w.path, w.dir)
			}
			return
		}
		listed[root] = listed[root][:0:0] // a folder without files is listed too
		walkFolder(fsys, root, func(p string, isDir bool) bool {
			listed[root] = append(listed[root], walked{p, isDir})
			fn(p, isDir)
			return true
		}, func(p string, err error) {
			walkFailed = true
			diags.Errorf(model.Pos{File: p}, "检查文件权限", "无法读取：%v", err)
		})
	}
	walk("content", func(p string, isDir bool) {
		if isDir {
			return
		}
		dir := path.Dir(p)
		if k, ok := kindDirs[dir]; ok {
			if strings.HasSuffix(p, ".md") {
				jobs = append(jobs, job{p, k})
			} else {
				diags.Errorf(model.Pos{File: p}, "文档写成 .md 文件；附件要放在文档文件夹里（NAME/index.md 旁边）", "无法识别的文件")
			}
			return
		}
		if k, ok := kindDirs[path.Dir(dir)]; ok {
			if path.Base(p) == "index.md" {
				jobs = append(jobs, job{p, k})
				bundles[dir] = true
			} else {
				attachments = append(attachments, p)
			}
			return
		}
		switch {
		case dir == "content/credit" || dir == "content/commitments" || dir == "content/tasks" || dir == "content/tasks/progress":
			if strings.HasSuffix(p, ".toml") {
				tomls = append(tomls, p)
				return
			}
		case dir == "content/reports":
			if strings.HasSuffix(p, ".toml") {
				if b, ok := readText(fsys, p, diags); ok {
					res.Reports[p] = b
					input(p, b)
				}
				return
			}
		}
		diags.Errorf(model.Pos{File: p}, "内容文件放在 content/policies、interpretations、news（.md）或 credit、commitments、tasks、reports（.toml）中",
			"不知道如何处理这个文件")
	})
	walk("static", func(p string, isDir bool) {
		if !isDir {
			res.Static = append(res.Static, p)
		}
	})

	if reuse == nil {
		cache.keepListing(listed, walkFailed)
	}
	docs := make([]*model.Document, len(jobs))
	var shared []bool // docs[i] is the cache's own
	if each == nil {
		shared = make([]bool, len(jobs))
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for i := range next {
				if each == nil {
					docs[i], shared[i] = loadDoc(fsys, jobs[i].path, jobs[i].kind, bundles, diags, cache)
					continue
				}
				var d *model.Document
				d, buf = loadInto(fsys, jobs[i].path, jobs[i].kind, bundles, diags, buf)
				if d != nil {
					each(d)
					d.Body = nil // a view of buf
				}
				docs[i] = d
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, d := range docs {
		if d == nil {
			res.Unread++
			continue
		}
		res.Docs = append(res.Docs, d)
		if shared != nil {
			res.shared = append(res.shared, shared[i])
		}
	}
	sort.Sort(bySource{res.Docs, res.shared})
	byBundle := map[string]*model.Document{}
	for _, d := range res.Docs {
		if d.Bundle != "" {
			byBundle[d.Bundle] = d
		}
	}
	sort.Strings(attachments)
	for _, a := range attachments {
		dir := path.Dir(a)
		d := byBundle[dir]
		if d == nil {
			diags.Errorf(model.Pos{File: a}, "在同一文件夹中放一个 index.md 写明文档信息", "附件所在的文件夹没有 index.md")
			continue
		}
		addAttachment(fsys, d, a, diags)
	}
	for _, d := range res.Docs {
		checkAttachmentList(d, diags)
		for _, a := range d.Attachments {
			input(d.Source, fmt.Appendf(nil, "%#v", a))
		}
	}
	for _, p := range tomls {
		b, ok := readText(fsys, p, diags)
		if !ok {
			continue
		}
		input(p, b)
		switch path.Dir(p) {
		case "content/credit":
			res.Credit = append(res.Credit, loadCredit(p, b, diags)...)
		case "content/commitments":
			res.Commitments = append(res.Commitments, loadCommitments(p, b, diags)...)
		case "content/tasks":
			res.Tables = append(res.Tables, loadTaskTable(p, b, diags)...)
		case "content/tasks/progress":
			res.Progress = append(res.Progress, loadProgress(p, b, diags)...)
		}
	}
	res.InputSum = sum.Sum64()
	cache.finished()
	return res
}

// readText reads a file and checks that it is UTF-8, naming the encoding it
// seems to be in when it is not.
func readText(fsys fs.FS, p string, diags *diag.List) ([]byte, bool) {
	b, err := fs.ReadFile(fsys, p)
	return checkText(p, b, err, diags)
}

// checkText reports a file that could not be read or is not UTF-8, and
// returns its bytes without a byte-order mark.
func checkText(p string, b []byte, err error, diags *diag.List) ([]byte, bool) {
	if err != nil {
		diags.Errorf(model.Pos{File: p}, "检查文件权限", "无法读取：%v", err)
		return nil, false
	}
	if !utf8.Valid(b) {
		line, col := firstInvalid(b)
		enc := "未知编码"
		if looksGB18030(b) {
			enc = "GB18030/GBK"
		}
		diags.Errorf(model.Pos{File: p, Line: line, Col: col},
			"用编辑器“另存为 UTF-8”，或运行 iconv -f GB18030 -t UTF-8 旧文件 > 新文件，或用 gongkai import 导入",
			"文件不是 UTF-8 编码（看起来是 %s）", enc)
		return nil, false
	}
	return bytes.TrimPrefix(b, []byte("\ufeff")), true
}

func firstInvalid(b []byte) (line, col int) {
	line, col = 1, 1
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		b = b[n:]
	}
	return
}

func looksGB18030(b []byte) bool {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil || !utf8.Valid(out) {
		return false
	}
	han := 0
	for _, r := range string(out) {
		if r >= 0x4E00 && r <= 0x9FFF {
			han++
		}
	}
	return han > 0
}

// keyLines maps each top-level key of a TOML text to its 1-based line.
func keyLines(fm []byte) map[string]int {
	m := map[string]int{}
	for i, line := range bytes.Split(fm, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || t[0] == '[' {
			if len(t) > 0 && t[0] == '[' {
				break // keys after a table header belong to that table
			}
			continue
		}
		j := 0
		for j < len(t) && (t[j] == '_' || t[j] == '-' || t[j] >= 'a' && t[j] <= 'z' || t[j] >= 'A' && t[j] <= 'Z' || t[j] >= '0' && t[j] <= '9') {
			j++
		}
		if j == 0 {
			continue
		}
		if rest := bytes.TrimSpace(t[j:]); len(rest) > 0 && rest[0] == '=' {
			k := string(t[:j])
			if _, dup := m[k]; !dup {
				m[k] = i + 1
			}
		}
	}
	return m
}

// loadDoc loads the document at p through the cache; shared: it is the
// cache's own (see Cache.unchanged).
func loadDoc(fsys fs.FS, p string, kind model.Kind, bundles map[string]bool, diags *diag.List, cache *Cache) (_ *model.Document, shared bool) {
	bundle := bundles[path.Dir(p)] && path.Base(p) == "index.md"
	key := p + "|" + strconv.FormatBool(bundle)
	d, fi, ok, shared := cache.unchanged(fsys, key, p, diags)
	if ok {
		return d, shared
	}
	src, ok := readText(fsys, p, diags)
	if !ok {
		return nil, false
	}
	return cache.load(key, src, fi, diags, func(diags *diag.List) *model.Document {
		return parseDoc(p, src, kind, bundle, diags)
	}), false
}

// loadInto is loadDoc without a cache, reading the file into buf's memory
// (grown when the file does not fit): the document's Body is a view of the
// buffer returned, valid until the buffer is used again.
func loadInto(fsys fs.FS, p string, kind model.Kind, bundles map[string]bool, diags *diag.List, buf []byte) (*model.Document, []byte) {
	b, err := readInto(fsys, p, buf)
	if cap(b) > cap(buf) {
		buf = b[:0]
	}
	src, ok := checkText(p, b, err, diags)
	if !ok {
		return nil, buf
	}
	bundle := bundles[path.Dir(p)] && path.Base(p) == "index.md"
	return parseDoc(p, src, kind, bundle, diags), buf
}

func parseDoc(p string, src []byte, kind model.Kind, bundle bool, diags *diag.List) *model.Document {
	fm, body, bodyLine, err := Split(src)
	if err != nil {
		fix := "在文件第一行写 +++，下面写 title = \"…\" 等键，再写一行 +++，然后是正文"
		if err == ErrUnclosed {
			fix = "在前言的最后一个键下面加一行 +++"
		}
		diags.Errorf(model.Pos{File: p, Line: 1, Col: 1}, fix, "%v", err)
		return nil
	}
	var raw map[string]any
	if _, err := toml.Decode(string(fm), &raw); err != nil {
		diags.Add(config.TOMLError(p, 1, fm, err))
		return nil
	}
	lines := keyLines(fm)
	closing := bodyLine - 1
	pos := func(k string) model.Pos {
		if l, ok := lines[k]; ok {
			return model.Pos{File: p, Line: l + 1, Col: 1}
		}
		return model.Pos{File: p, Line: closing, Col: 1}
	}
	what := kind.Label()
	v := decodeTable(raw, Fields(kind), pos, what, diags)
	d := &model.Document{
		Kind:      kind,
		Source:    p,
		Title:     v.str("title"),
		Organs:    v.strs("organ"),
		Published: v.date("published"),
		Keywords:  v.strs("keywords"),
		Summary:   v.str("summary"),
		Aliases:   v.strs("aliases"),
		AllowRefs: v.strs("allow_refs"),
		AllowPII:  v.strs("allow_pii"),
		Topic:     v.str("topic"),
		Body:      body,
		BodyLine:  bodyLine,
		BodySum:   maphash.Bytes(bodySeed, body),
		BodyLen:   len(body),
		CloseLine: closing,
		HeadSum:   maphash.Bytes(bodySeed, fm),
	}
	d.KeyLines = make([]model.KeyLine, 0, len(lines))
	for _, k := range slices.Sorted(maps.Keys(lines)) {
		d.KeyLines = append(d.KeyLines, model.KeyLine{Key: k, Line: lines[k] + 1})
	}
	// The script decides the page's lang (zh-Hans / zh-Hant) for screen
	// readers; the first few thousand bytes are enough to tell.
	sample := body
	if len(sample) > 4096 {
		sample = sample[:4096]
	}
	d.Script = hanfold.ScriptOf(d.Title, sample)
	d.Disclosure = disclosure(v, what, diags)
	dir := path.Dir(p)
	if bundle {
		d.Bundle = dir
		d.Slug = path.Base(dir)
	} else {
		d.Slug = strings.TrimSuffix(path.Base(p), ".md")
	}
	d.URL = "/" + kindFolder(kind) + "/" + d.Slug + "/"
	if strings.ContainsAny(d.Slug, " ?#%\\\"'<>") {
		diags.Errorf(model.Pos{File: p}, "文件名只用字母、数字、连字符（-），如 shenzhengfa-2017-45.md", "文件名 %q 不能用作网址", d.Slug)
	}
	d.IndexNo = v.str("index_no")
	d.IndexNoPrevious = v.str("index_no_previous")
	switch kind {
	case model.KindPolicy:
		d.DocNo = v.str("doc_number")
		d.Signed = v.date("signed")
		d.Category = v.str("category")
		if d.Category == "" {
			d.Category = "其他文件"
		}
		d.Effective = v.date("effective")
		d.Expires = v.date("expires")
		d.ValidYears = v.int("valid_years")
		d.Repeals = v.strs("repeals")
		d.Amends = v.strs("amends")
		d.Repealed = v.date("repealed")
		if v.has("expires") && v.has("valid_years") {
			diags.Errorf(pos("valid_years"), "只保留其中一项", "expires 和 valid_years 不能同时写")
		}
		if d.Topic != "" && strings.Count(d.Topic, "/") > 1 {
			diags.Errorf(pos("topic"), "写成 \"一级/二级\"，如 \"综合政务/政务公开\"", "主题分类最多两级")
		}
	case model.KindInterpretation:
		d.Interprets = v.str("interprets")
		d.Form = v.str("form")
		if d.Form == "" {
			d.Form = "文字解读"
		}
	case model.KindNews:
		d.SourceName = v.str("source")
		if len(d.Organs) == 0 && d.SourceName == "" && !contains(v.strs("missing"), "organ") && !contains(v.strs("missing"), "source") {
			diags.Errorf(pos(""), "添加 organ = \"发布机关\" 或 source = \"来源\"", "政务动态需要写明 organ（发布机关）或 source（来源）")
		}
	}
	if atts, ok := v.m["attachment"].([]map[string]any); ok {
		for i, a := range atts {
			apos := func(string) model.Pos { return pos("") }
			if l := attachmentLine(fm, i); l > 0 {
				apos = func(string) model.Pos { return model.Pos{File: p, Line: l + 1, Col: 1} }
			}
			av := decodeTable(a, attachmentFields, apos, "附件", diags)
			d.Attachments = append(d.Attachments, model.Attachment{
				Name: av.str("file"), Title: av.str("title"),
				Disclosure: disclosure(av, "附件", diags),
			})
		}
	}
	return d
}

func attachmentLine(fm []byte, i int) int {
	n := 0
	for j, line := range bytes.Split(fm, []byte("\n")) {
		if string(bytes.TrimSpace(line)) == "[[attachment]]" {
			if n == i {
				return j + 1
			}
			n++
		}
	}
	return 0
}

func kindFolder(k model.Kind) string {
	switch k {
	case model.KindPolicy:
		return "policies"
	case model.KindInterpretation:
		return "interpretations"
	case model.KindNews:
		return "news"
	}
	return string(k)
}

// KindFolder is the URL folder of a document kind.
func KindFolder(k model.Kind) string { return kindFolder(k) }

// addAttachment attaches the file at p to d. Declared [[attachment]] tables
// (matched by file name) give its title and disclosure.
func addAttachment(fsys fs.FS, d *model.Document, p string, diags *diag.List) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		diags.Errorf(model.Pos{File: p}, "检查文件权限", "无法读取附件：%v", err)
		return
	}
	name := path.Base(p)
	a := model.Attachment{Name: name, Source: p, URL: d.URL + name, Type: fileType(name), Size: info.Size()}
	for i := range d.Attachments {
		if d.Attachments[i].Name == name && d.Attachments[i].Source == "" {
			a.Title = d.Attachments[i].Title
			a.Disclosure = d.Attachments[i].Disclosure
			d.Attachments[i] = a
			return
		}
	}
	d.Attachments = append(d.Attachments, a)
}

func checkAttachmentList(d *model.Document, diags *diag.List) {
	for _, a := range d.Attachments {
		if a.Source == "" {
			diags.Errorf(d.KeyPos(""), "把文件放到 "+path.Dir(d.Source)+"/ 中，或删掉这个 [[attachment]] 表", "附件 %q 不存在", a.Name)
		}
	}
}

func fileType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return "PDF"
	case ".doc", ".docx":
		return "Word 文档"
	case ".xls", ".xlsx":
		return "Excel 表格"
	case ".ofd":
		return "OFD"
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg":
		return "图片"
	case ".zip", ".rar", ".7z":
		return "压缩包"
	}
	return strings.ToUpper(strings.TrimPrefix(path.Ext(name), "."))
}

// tables decodes a TOML file holding an array of tables named name and
// returns each table with a function giving the position of its keys.
func tables(p string, b []byte, name string, diags *diag.List) ([]map[string]any, []func(string) model.Pos) {
	var raw map[string]any
	if _, err := toml.Decode(string(b), &raw); err != nil {
		diags.Add(config.TOMLError(p, 0, b, err))
		return nil, nil
	}
	for k := range raw {
		if k != name {
			diags.Errorf(model.Pos{File: p, Line: config.KeyLine(b, k)}, fmt.Sprintf("这个文件只能包含 [[%s]] 表", name), "不支持的键 %q", k)
		}
	}
	arr, _ := raw[name].([]map[string]any)
	// line of each [[name]] header, and the key lines below it
	lines := bytes.Split(b, []byte("\n"))
	var starts []int
	for i, l := range lines {
		if string(bytes.TrimSpace(l)) == "[["+name+"]]" {
			starts = append(starts, i)
		}
	}
	var pos []func(string) model.Pos
	for i := range arr {
		start, end := 0, len(lines)
		if i < len(starts) {
			start = starts[i]
			if i+1 < len(starts) {
				end = starts[i+1]
			}
		}
		keys := keyLines(bytes.Join(lines[start+1:end], []byte("\n")))
		s := start
		pos = append(pos, func(k string) model.Pos {
			if l, ok := keys[k]; ok {
				return model.Pos{File: p, Line: s + 1 + l, Col: 1}
			}
			return model.Pos{File: p, Line: s + 1, Col: 1}
		})
	}
	return arr, pos
}

func loadCredit(p string, b []byte, diags *diag.List) []*model.CreditRecord {
	arr, pos := tables(p, b, "record", diags)
	var out []*model.CreditRecord
	for i, raw := range arr {
		v := decodeTable(raw, creditFields, pos[i], "失信记录", diags)
		r := &model.CreditRecord{
			ID: v.str("id"), Source: p, Pos: pos[i](""), Subject: v.str("subject"), SubjectType: v.str("subject_type"),
			CreditCode: v.str("credit_code"), Behaviour: v.str("behaviour"), Basis: v.str("basis"), Decided: v.date("decided"),
			Organ: v.str("organ"), Severity: v.str("severity"), RecordStatus: v.str("status"), Minor: v.bool("minor"), AllowPII: v.strs("allow_pii"),
		}
		checkID(r.ID, "失信记录", "sl-2026-001", pos[i]("id"), diags)
		r.Disclosure = disclosure(v, "失信记录", diags)
		r.KeyLines = keyLinesOf(pos[i], "id", "subject", "behaviour", "basis", "organ", "decided")
		out = append(out, r)
	}
	return out
}

func loadCommitments(p string, b []byte, diags *diag.List) []*model.Commitment {
	arr, pos := tables(p, b, "commitment", diags)
	var out []*model.Commitment
	for i, raw := range arr {
		v := decodeTable(raw, commitmentFields, pos[i], "公开承诺", diags)
		links, _ := v.m["evidence"].([]model.Link)
		c := &model.Commitment{
			ID: v.str("id"), Source: p, Pos: pos[i](""), Subject: v.str("subject"), Content: v.str("content"),
			Made: v.date("made"), Due: v.date("due"), State: v.str("status"), Evidence: links, EvidencePos: pos[i]("evidence"), AllowPII: v.strs("allow_pii"),
		}
		checkID(c.ID, "公开承诺", "sc-2026-001", pos[i]("id"), diags)
		c.Disclosure = disclosure(v, "公开承诺", diags)
		c.KeyLines = keyLinesOf(pos[i], "id", "subject", "content", "evidence")
		out = append(out, c)
	}
	return out
}

// checkID reports an id of a credit record or a commitment that is not
// made of ASCII letters, digits and "-" (the id is part of an address:
// /credit/ID/, #c-ID). example is suggested when nothing of the id can be
// kept. The build stops before anything is written.
func checkID(id, what, example string, at model.Pos, diags *diag.List) {
	if id == "" || validID(id) {
		return
	}
	at.Col = 1
	diags.Errorf(at, fmt.Sprintf("编号只能用英文字母、数字和“-”，它是网页地址的一部分，如 id = %q", suggestID(id, example)),
		"%s的编号 id = %q 含有不允许的字符", what, id)
}

// validID reports whether id is ASCII letters, digits and "-" only.
func validID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return id != ""
}

// suggestID makes a valid id of id: each run of other characters becomes
// one "-"; example when no letter or digit is left.
func suggestID(id, example string) string {
	var b strings.Builder
	dash := false
	for _, c := range id {
		if c < utf8.RuneSelf && validID(string(c)) && c != '-' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return example
	}
	return b.String()
}

// keyLinesOf is where the keys of a TOML table are written, for those that
// are (pos gives the table's own line for the others).
func keyLinesOf(pos func(string) model.Pos, keys ...string) []model.KeyLine {
	at := pos("")
	var out []model.KeyLine
	for _, k := range keys {
		if p := pos(k); p != at {
			out = append(out, model.KeyLine{Key: k, Line: p.Line})
		}
	}
	return out
}

var taskTableFields = []field{
	{key: "document", label: "所属文件", typ: tString, required: true},
	{key: "seq", label: "序号", typ: tInt},
	{key: "item", label: "任务事项", typ: tString, required: true},
	{key: "requirement", label: "工作要求", typ: tString},
	{key: "carrier", label: "公开载体", typ: tString},
	{key: "deadline", label: "完成时限", typ: tString},
	{key: "lead", label: "牵头单位", typ: tStringOrList},
	{key: "coop", label: "配合单位", typ: tStringOrList},
	{key: "resp", label: "责任单位", typ: tStringOrList},
	{key: "allow_pii", label: "个人信息豁免", typ: tStrings},
}

func loadTaskTable(p string, b []byte, diags *diag.List) []*TableTask {
	arr, pos := tables(p, b, "task", diags)
	var out []*TableTask
	for i, raw := range arr {
		v := decodeTable(raw, taskTableFields, pos[i], "任务", diags)
		t := &TableTask{Document: v.str("document"), Seq: v.int("seq")}
		t.Title = v.str("item")
		t.Table = &model.TaskRow{Requirement: v.str("requirement"), Carrier: v.str("carrier"), AllowPII: v.strs("allow_pii")}
		t.DeadlineText = v.str("deadline")
		t.SetUnits(v.strs("lead"), v.strs("coop"), v.strs("resp"))
		t.SetPos(pos[i](""))
		if len(t.Lead())+len(t.Resp()) == 0 {
			diags.Errorf(pos[i](""), "添加 lead = [\"牵头单位\"] 或 resp = [\"责任单位\"]", "任务没有写牵头单位或责任单位")
		}
		out = append(out, t)
	}
	return out
}

var progressFields = []field{
	{key: "task", label: "任务编号", typ: tString, required: true},
	{key: "status", label: "进展状态", typ: tString, required: true, choices: TaskStatuses},
	{key: "log", label: "进展记录", typ: tAttachments},
	{key: "evidence", label: "佐证材料", typ: tLinks},
	{key: "allow_pii", label: "个人信息豁免", typ: tStrings},
}

func loadProgress(p string, b []byte, diags *diag.List) []*Progress {
	arr, pos := tables(p, b, "progress", diags)
	var out []*Progress
	for i, raw := range arr {
		if l, ok := raw["log"].([]any); ok { // inline array of tables
			var ms []map[string]any
			for _, e := range l {
				if m, ok := e.(map[string]any); ok {
					ms = append(ms, m)
				}
			}
			raw["log"] = ms
		}
		v := decodeTable(raw, progressFields, pos[i], "任务进展", diags)
		pr := &Progress{TaskID: v.str("task"), Status: v.str("status"), Pos: pos[i](""), EvidencePos: pos[i]("evidence"), AllowPII: v.strs("allow_pii")}
		pr.Evidence, _ = v.m["evidence"].([]model.Link)
		logs, _ := v.m["log"].([]map[string]any)
		for _, l := range logs {
			lv := decodeTable(l, []field{{key: "date", label: "日期", typ: tDate, required: true}, {key: "text", label: "内容", typ: tString, required: true}}, pos[i], "进展记录", diags)
			pr.Log = append(pr.Log, model.ProgressNote{Date: lv.date("date"), Text: lv.str("text")})
		}
		out = append(out, pr)
	}
	return out
}
