package serve

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// Kind is what a changed file is to the build.
type Kind int

const (
	KindOther   Kind = iota // not an input of the build
	KindContent             // content/…: a document, record, task list
	KindLayout              // layouts/…: a template or asset of the theme
	KindStatic              // static/…: copied as is
	KindConfig              // config.toml: everything depends on it
)

func (k Kind) String() string {
	return [...]string{"其他", "内容", "模板", "静态文件", "站点配置"}[k]
}

// watchedDirs are the folders of the site whose files are build inputs.
var watchedDirs = []string{"content", "layouts", "static"}

// Classify tells what the site-relative slash path p is to the build.
func Classify(p string) Kind {
	switch {
	case p == "config.toml":
		return KindConfig
	case strings.HasPrefix(p, "content/"):
		return KindContent
	case strings.HasPrefix(p, "layouts/"):
		return KindLayout
	case strings.HasPrefix(p, "static/"):
		return KindStatic
	}
	return KindOther
}

// editorScratch reports names editors write beside the file they save
// (Vim swap and backup files and its 4913 probe, Emacs locks and backups,
// temporary files), which are not inputs and would only cause extra builds.
func editorScratch(name string) bool {
	switch {
	case name == "4913", strings.HasPrefix(name, ".#"), strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload":
		return true
	}
	return false
}

// watcher turns fsnotify events under the site folder into changed
// site-relative paths. It watches the site folder itself (for config.toml,
// which editors often replace by renaming, and for content/, layouts/ and
// static/ created after start) and every folder below the watched ones,
// adding folders as they appear.
type watcher struct {
	root  string
	fw    *fsnotify.Watcher
	known map[string]bool // files below the watched folders, site-relative
	// blind is set when a folder could not be watched (the system's limit
	// of watches, say): changes in it would go unseen, so every change is
	// then taken as a change of everything, and every file is read again.
	blind bool
}

func newWatcher(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, fw: fw, known: map[string]bool{}}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		w.addTree(d)
	}
	return w, nil
}

func (w *watcher) close() { w.fw.Close() }

// addTree watches the folder rel and every folder below it, records its
// files and returns them (they may have been written before the watch
// existed).
func (w *watcher) addTree(rel string) []string {
	var files []string
	filepath.WalkDir(filepath.Join(w.root, filepath.FromSlash(rel)), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // vanished meanwhile; its events tell the rest
		}
		r := w.rel(p)
		if d.IsDir() {
			if w.fw.Add(p) != nil {
				w.blind = true
			}
			return nil
		}
		if !editorScratch(d.Name()) {
			w.known[r] = true
			files = append(files, r)
		}
		return nil
	})
	return files
}

func (w *watcher) rel(abs string) string {
	r, err := filepath.Rel(w.root, abs)
	if err != nil {
		return ""
	}
	return filepath.ToSlash(r)
}

// handle translates one event into changed paths, or into "everything"
// when the config changed or a watched top folder appeared or went away.
func (w *watcher) handle(ev fsnotify.Event) (changed []string, all bool) {
	changed, all = w.translate(ev)
	return changed, all || w.blind && len(changed) > 0
}

func (w *watcher) translate(ev fsnotify.Event) (changed []string, all bool) {
	if ev.Op == fsnotify.Chmod {
		return nil, false // attributes only: not a change of content
	}
	rel := w.rel(ev.Name)
	if rel == "" || rel == "." || strings.HasPrefix(rel, "../") || editorScratch(path.Base(rel)) {
		return nil, false
	}
	top, _, nested := strings.Cut(rel, "/")
	if !nested {
		return w.handleTop(rel, ev)
	}
	if Classify(rel) == KindOther || top == "config.toml" {
		return nil, false
	}
	switch {
	case ev.Has(fsnotify.Create):
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			return w.addTree(rel), false
		}
		w.known[rel] = true
		return []string{rel}, false
	case ev.Has(fsnotify.Write):
		w.known[rel] = true
		return []string{rel}, false
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		return w.forget(rel, ev.Name), false
	}
	return nil, false
}

// handleTop handles events on the site folder's own entries.
func (w *watcher) handleTop(name string, ev fsnotify.Event) ([]string, bool) {
	if name == "config.toml" {
		return nil, true
	}
	for _, d := range watchedDirs {
		if name != d {
			continue
		}
		if ev.Has(fsnotify.Create) {
			w.addTree(d)
		} else {
			w.forget(d, ev.Name)
		}
		return nil, true
	}
	return nil, false
}

// forget drops a removed or renamed-away file, or every known file below a
// removed folder, and returns what was dropped.
func (w *watcher) forget(rel, abs string) []string {
	if w.known[rel] {
		delete(w.known, rel)
		return []string{rel}
	}
	// A folder: stop watching it (a renamed folder keeps its watch under
	// the old name) and report the files it held.
	w.fw.Remove(abs)
	var gone []string
	for k := range w.known {
		if strings.HasPrefix(k, rel+"/") {
			delete(w.known, k)
			gone = append(gone, k)
		}
	}
	for _, p := range w.fw.WatchList() {
		if strings.HasPrefix(p, abs+string(filepath.Separator)) {
			w.fw.Remove(p)
		}
	}
	if len(gone) == 0 {
		// Unknown: a file that was never recorded; report it anyway.
		return []string{rel}
	}
	return gone
}
