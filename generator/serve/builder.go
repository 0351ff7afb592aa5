package serve

import (
	"context"
	"io/fs"
	"time"

	"gongkai/generator"
	"gongkai/generator/model"
	"gongkai/generator/publish"
)

// Builder produces the complete output of the site. changed lists the
// site-relative paths ("content/policies/a.md", "layouts/base.html") that
// changed since the previous call; nil means everything. The map holds every
// output file by its output path ("policies/a/index.html").
// *generator.Session is the Builder of `gongkai serve`; tests wrap it.
type Builder interface {
	Build(ctx context.Context, changed []string) (*generator.Result, map[string]publish.File, error)
}

// StagedBuilder is a Builder that can return the pages before the search
// index (generator.Session): BuildPages gives every output file but the
// index's data, BuildIndex then gives the index. The server shows the
// pages, and reloads the browser, as soon as they are ready.
type StagedBuilder interface {
	Builder
	BuildPages(ctx context.Context, changed []string) (*generator.Result, map[string]publish.File, error)
	BuildIndex(ctx context.Context) (map[string]publish.File, error)
}

// EarlyBuilder is a StagedBuilder that can also hand over the pages of the
// documents that changed as soon as they are built, before the rest of the
// build (generator.Session): the server shows an edited page first.
type EarlyBuilder interface {
	StagedBuilder
	BuildPagesEarly(ctx context.Context, changed []string, early func(pages map[string]publish.File)) (*generator.Result, map[string]publish.File, error)
}

// Sweeper is a Builder that can list the input files changed since its
// last build that no one named (generator.Session): the server asks after
// each build and rebuilds with them, so that a change the watcher did not
// report (a network file system, say) is still shown. The sweep stops
// early, with what it found so far, when ctx is done: an edit's event does
// not wait for it.
type Sweeper interface {
	Stale(ctx context.Context) []string
}

// NewBuilder returns the builder `gongkai serve` uses: an incremental
// generator.Session over site with the built-in layouts defaults, whose
// output is byte-identical to `gongkai build`. "Today" is evaluated from
// clock (time.Now when nil) at every build, in China time, unless
// config.toml fixes as_of, so a server running past midnight rebuilds with
// the new date.
func NewBuilder(site, defaults fs.FS, clock func() time.Time) Builder {
	if clock == nil {
		clock = time.Now
	}
	return generator.NewSession(generator.Options{Site: site, Defaults: defaults, Now: clock})
}

// Today is the date of t in China (UTC+8).
func Today(t time.Time) model.Date { return model.FromTime(t.In(generator.China)) }

// nextMidnight is the first instant of the day after t's day in China.
func nextMidnight(t time.Time) time.Time {
	c := t.In(generator.China)
	return time.Date(c.Year(), c.Month(), c.Day()+1, 0, 0, 0, 0, generator.China)
}
