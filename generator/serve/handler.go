// Package serve serves a built site from memory for `gongkai serve`.
package serve

import (
	"bytes"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// Site is a set of output files served over HTTP. Swap replaces the files
// atomically; requests in flight keep the version they started with.
type Site struct {
	mu    sync.RWMutex
	files map[string][]byte
	mod   time.Time
}

// Swap installs a new version of the site.
func (s *Site) Swap(files map[string][]byte) {
	s.mu.Lock()
	s.files, s.mod = files, time.Now()
	s.mu.Unlock()
}

// Files returns the current version.
func (s *Site) Files() map[string][]byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.files
}

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".json": "application/json; charset=utf-8", ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
	".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml", ".pdf": "application/pdf",
}

func contentType(p string) string {
	ext := strings.ToLower(path.Ext(p))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// ServeHTTP serves a file of the site: folders by their index.html, the
// site's 404 page for anything else. Paths are looked up in the in-memory
// file map after cleaning, so nothing outside the output can be reached.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "只支持 GET 和 HEAD 请求", http.StatusMethodNotAllowed)
		return
	}
	files := s.Files()
	p := r.URL.Path
	if strings.Contains(p, "\x00") || strings.Contains(r.URL.RawPath, "%2f") || strings.Contains(r.URL.RawPath, "%2F") || strings.Contains(r.URL.RawPath, "%5c") || strings.Contains(r.URL.RawPath, "%5C") {
		http.Error(w, "无效的路径", http.StatusBadRequest)
		return
	}
	clean := path.Clean("/" + p)
	key := strings.TrimPrefix(clean, "/")
	if strings.HasSuffix(p, "/") || key == "" {
		if key != "" {
			key += "/"
		}
		key += "index.html"
	}
	data, ok := files[key]
	if !ok && !strings.HasSuffix(key, "index.html") {
		if _, isDir := files[key+"/index.html"]; isDir {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusNotFound
		key = "404.html"
		data = files[key]
	}
	w.Header().Set("Content-Type", contentType(key))
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	_, _ = bytes.NewReader(data).WriteTo(w)
}
