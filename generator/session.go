package generator

import (
	"context"
	"maps"

	"gongkai/generator/content"
	"gongkai/generator/publish"
	"gongkai/generator/render"
	"gongkai/generator/resolve"
)

// Session builds one site again and again (gongkai serve). Each build is a
// full build in its logic — the same phases over the same input, so its
// output is byte-identical to `gongkai build` — but the expensive work is
// skipped wherever its input did not change: unchanged files are not parsed
// again, unchanged bodies are not scanned again for citations and tasks,
// and pages whose content is unchanged are not minified again. Caches are
// keyed by content, not by file events; only the content files cache takes
// an unchanged size and modification time for unchanged bytes, and only
// for files the caller did not name as changed (a lost event makes the
// server pass nil, and every file is read again).
type Session struct {
	opt   Options
	docs  content.Cache
	facts resolve.FactCache
	model resolve.Memo
	min   publish.MinifyCache
	pages render.Memo
	scan  ScanCache
	index func(write func(string, []byte) error) error // of the last BuildPages
}

// NewSession prepares a session; opt.Out is ignored (the output is kept in
// memory).
func NewSession(opt Options) *Session { return &Session{opt: opt} }

// Build builds the site. changed lists the site-relative paths that changed
// since the last build (nil: unknown): a content file not listed whose size
// and modification time are unchanged is not read again (content.Cache);
// the other caches check content themselves. Without a fixed AsOf, "today" is
// evaluated at each build (Options.Now), so a server running past midnight
// uses the new date. The map holds every output file, pages packed (see
// publish.File).
func (s *Session) Build(ctx context.Context, changed []string) (*Result, map[string]publish.File, error) {
	res, files, err := s.BuildPages(ctx, changed)
	if err != nil {
		return res, files, err
	}
	idx, err := s.BuildIndex(ctx)
	if err != nil {
		return res, nil, err
	}
	maps.Copy(files, idx)
	return res, files, nil
}

// BuildPages is the first half of Build: every output file but the search
// index's data (search/index.json and the files it names; the search page
// is a page). BuildIndex, called next, returns the index, so that serve
// can show an edit before the index, the slowest part of a rebuild, is
// written again.
func (s *Session) BuildPages(ctx context.Context, changed []string) (*Result, map[string]publish.File, error) {
	return s.BuildPagesEarly(ctx, changed, nil)
}

// BuildPagesEarly is BuildPages that also hands the pages of the edited
// documents (their files named in changed) to early as soon as they are
// written, before the rest of the build (other documents' pages,
// listings, unit pages, exports): serve shows an edited page first. The
// files map early gets is its own; early is not called when the build
// stops before render, when changed is nil, or when the layouts or the
// configuration changed (every page changes then).
func (s *Session) BuildPagesEarly(ctx context.Context, changed []string, early func(files map[string]publish.File)) (*Result, map[string]publish.File, error) {
	s.index = nil
	s.docs.Changed(changed)
	mem := publish.NewHeld()
	o := s.opt
	o.Out = publish.Minifying{M: minifier, Next: mem, Cache: &s.min}
	o.Docs, o.Facts, o.Resolved, o.Pages, o.Scan = &s.docs, &s.facts, &s.model, &s.pages, &s.scan
	o.DeferSearch = true
	if early != nil && changed != nil { // nil: anything may have changed
		o.Edited = make(map[string]bool, len(changed))
		for _, p := range changed {
			o.Edited[p] = true
		}
		o.Early = func(paths []string) {
			files := make(map[string]publish.File, len(paths))
			for _, p := range paths {
				if b, ok := mem.File(p); ok {
					files[p] = b
				}
			}
			early(files)
		}
	}
	res, err := Build(ctx, o)
	if err != nil {
		return res, nil, err
	}
	s.pages.Published() // serve shows a successful build's pages (even when the next build has begun)
	s.index = res.Index
	return res, mem.Files(), nil
}

// BuildIndex writes the search index of the last successful BuildPages
// and returns its files; nil when there is none to write (already written,
// or the site has no index).
func (s *Session) BuildIndex(ctx context.Context) (map[string]publish.File, error) {
	f := s.index
	s.index = nil
	if f == nil {
		return nil, ctx.Err()
	}
	mem := publish.NewHeld()
	out := publish.Minifying{M: minifier, Next: mem, Cache: &s.min}
	// The packs of the index are held as the records they are made of.
	s.pages.Index.WritePieces = func(p string, pieces [][]byte) error { return mem.WritePacked(p, publish.Pieces(pieces)) }
	defer func() { s.pages.Index.WritePieces = nil }()
	if err := f(out.Write); err != nil {
		return nil, err
	}
	return mem.Files(), nil
}

var minifier = publish.NewMinifier()

// Stale lists the content files changed since the last build that no
// caller named (see content.Cache.Stale): serve looks after each build, so
// that a change its watcher missed is still built.
func (s *Session) Stale(ctx context.Context) []string { return s.docs.Stale(ctx, s.opt.Site) }

// Reused returns how many document pages and other pages the last build
// took from the previous one instead of rendering them again.
func (s *Session) Reused() (docs, pages int) { return s.pages.Hits() }

// IndexPatched returns how many documents the last index build patched
// into the index before it (search.Memo): 0 when no document's text
// changed, -1 when the index was made whole.
func (s *Session) IndexPatched() int { return s.pages.Index.Patched }
