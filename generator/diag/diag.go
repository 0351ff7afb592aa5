// Package diag holds the build's diagnostics: a problem at a position in a
// source file, what is wrong and how to fix it, in Chinese, formatted as
// `file:line:column: 问题 — 怎么改`. A build collects all of them and fails
// at the end if any is an error.
package diag

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"gongkai/generator/model"
)

// Severity of a diagnostic.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Severity Severity
	Pos      model.Pos
	Msg      string   // what is wrong
	Fix      string   // how to fix it ("" when obvious)
	Context  []string // source lines around the position, for display ("" when unknown)
	CtxStart int      // line number of Context[0]
}

// String formats the diagnostic on one line: file:line:column: 问题 — 怎么改.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.File)
	if d.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Pos.Line)
		if d.Pos.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Pos.Col)
		}
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("警告：")
	}
	b.WriteString(d.Msg)
	if d.Fix != "" {
		b.WriteString(" — ")
		b.WriteString(d.Fix)
	}
	return b.String()
}

// Long formats the diagnostic with its context lines and a caret under the
// column, as the terminal and the serve overlay show it.
func (d Diagnostic) Long() string {
	s := d.String()
	if len(d.Context) == 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s)
	b.WriteByte('\n')
	for i, line := range d.Context {
		n := d.CtxStart + i
		mark := "  "
		if n == d.Pos.Line {
			mark = "> "
		}
		fmt.Fprintf(&b, "%s%4d | %s\n", mark, n, line)
		if n == d.Pos.Line && d.Pos.Col > 0 {
			pad := 0
			for j, r := range []rune(line) {
				if j >= d.Pos.Col-1 {
					break
				}
				if r > 0x2E80 { // wide (CJK) characters take two cells
					pad += 2
				} else {
					pad++
				}
			}
			fmt.Fprintf(&b, "       | %s^\n", strings.Repeat(" ", pad))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// List collects diagnostics; it is safe for concurrent use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add records a diagnostic.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf records an error at pos.
func (l *List) Errorf(pos model.Pos, fix string, format string, args ...any) {
	l.Add(Diagnostic{Severity: Error, Pos: pos, Msg: fmt.Sprintf(format, args...), Fix: fix})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos model.Pos, fix string, format string, args ...any) {
	l.Add(Diagnostic{Severity: Warning, Pos: pos, Msg: fmt.Sprintf(format, args...), Fix: fix})
}

// Sorted returns the diagnostics sorted by file, line, column and message,
// so that output is the same whatever order the workers ran in.
func (l *List) Sorted() []Diagnostic {
	l.mu.Lock()
	out := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Msg < b.Msg
	})
	// The same finding reached by two phases (a file that changed during
	// the build fails every re-read of it) is shown once.
	return slices.CompactFunc(out, func(a, b Diagnostic) bool {
		return a.Severity == b.Severity && a.Pos == b.Pos && a.Msg == b.Msg && a.Fix == b.Fix
	})
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (l *List) Count() (errors, warnings int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// BuildError is returned by a build that found errors in its input.
type BuildError struct {
	Diags []Diagnostic
}

func (e *BuildError) Error() string {
	n := 0
	for _, d := range e.Diags {
		if d.Severity == Error {
			n++
		}
	}
	return fmt.Sprintf("构建失败：发现 %d 个错误", n)
}

// AttachContext fills each diagnostic's context lines from src (the file's
// text) for diagnostics in file. radius lines are kept on each side.
func AttachContext(ds []Diagnostic, file string, src []byte, radius int) {
	// Lines are found only as far as the diagnostics need them: a file may
	// be long, and its diagnostics few and near its top.
	starts := []int{0}                   // offsets of the lines found so far, then of the next
	line := func(n int) (string, bool) { // line n (1-based), as strings.Split numbers them
		for len(starts) <= n {
			last := starts[len(starts)-1]
			if last > len(src) {
				return "", false
			}
			if i := bytes.IndexByte(src[last:], '\n'); i >= 0 {
				starts = append(starts, last+i+1)
			} else {
				starts = append(starts, len(src)+1)
			}
		}
		if starts[n-1] > len(src) {
			return "", false
		}
		// A copy: a view would keep the whole file alive with the diagnostic.
		return string(src[starts[n-1] : starts[n]-1]), true
	}
	for i := range ds {
		d := &ds[i]
		if d.Pos.File != file || d.Pos.Line <= 0 || len(d.Context) > 0 {
			continue
		}
		lo := max(d.Pos.Line-radius, 1)
		var ctx []string
		for n := lo; n <= d.Pos.Line+radius; n++ {
			l, ok := line(n)
			if !ok {
				break
			}
			ctx = append(ctx, l)
		}
		if len(ctx) > 0 {
			d.CtxStart, d.Context = lo, ctx
		}
	}
}

// Nearest returns the candidate closest to s by edit distance, or "" when
// none is close enough to be a likely typo.
func Nearest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := editDistance(s, c)
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	limit := len([]rune(s))/2 + 1
	if bestD > limit {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
