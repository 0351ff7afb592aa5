package generator

import (
	"context"

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
// keyed by content, not by file events, so a missed or coalesced event can
// never leave stale output.
type Session struct {
	opt   Options
	docs  content.Cache
	facts resolve.FactCache
	min   publish.MinifyCache
	pages render.Memo
}

// NewSession prepares a session; opt.Out is ignored (the output is kept in
// memory).
func NewSession(opt Options) *Session { return &Session{opt: opt} }

// Build builds the site. changed lists the site-relative paths that changed
// since the last build (nil: unknown); it is informational, since the
// caches check content themselves. Without a fixed AsOf, "today" is
// evaluated at each build (Options.Now), so a server running past midnight
// uses the new date. The map holds every output file.
func (s *Session) Build(ctx context.Context, changed []string) (*Result, map[string][]byte, error) {
	mem := publish.NewMemory()
	o := s.opt
	o.Out = publish.Minifying{M: minifier, Next: mem, Cache: &s.min}
	o.Docs, o.Facts, o.Pages = &s.docs, &s.facts, &s.pages
	res, err := Build(ctx, o)
	if err != nil {
		return res, nil, err
	}
	return res, mem.Files, nil
}

var minifier = publish.NewMinifier()

// Reused returns how many document pages and other pages the last build
// took from the previous one instead of rendering them again.
func (s *Session) Reused() (docs, pages int) { return s.pages.Hits() }
