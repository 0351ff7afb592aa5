package serve

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// EventsPath is the Server-Sent Events endpoint the reload script listens
// to. It sits at the root of the host, outside any base path, so that it
// cannot collide with a page of the site.
const EventsPath = "/__gongkai/events"

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
	".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
	".json": "application/json; charset=utf-8", ".webmanifest": "application/manifest+json; charset=utf-8",
	".xml": "application/xml; charset=utf-8", ".atom": "application/atom+xml; charset=utf-8", ".rss": "application/rss+xml; charset=utf-8",
	".txt": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
	".svg": "image/svg+xml; charset=utf-8", ".pdf": "application/pdf", ".woff2": "font/woff2", ".woff": "font/woff",
	".ico": "image/x-icon", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
}

// contentType gives the media type of an output path, with charset=utf-8
// for every text type so Chinese text is never decoded as Latin-1 or GBK.
func contentType(p string) string {
	ext := strings.ToLower(path.Ext(p))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		if strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "charset") {
			ct += "; charset=utf-8"
		}
		return ct
	}
	return "application/octet-stream"
}

// ServeHTTP serves the events stream and the current version of the site.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == EventsPath {
		s.serveEvents(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "只支持 GET 和 HEAD 请求", http.StatusMethodNotAllowed)
		return
	}
	if !validPath(r) {
		http.Error(w, "无效的路径", http.StatusBadRequest)
		return
	}
	st := s.current()
	h := w.Header()
	// A preview must always show the latest build.
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if st.files == nil {
		s.writePlaceholder(w, r, st)
		return
	}
	p := r.URL.Path
	if p+"/" == st.base {
		redirect(w, r, st.base)
		return
	}
	if p == "/" && st.base != "/" {
		redirect(w, r, st.base) // the site lives under a sub-path
		return
	}
	if !strings.HasPrefix(p, st.base) {
		s.writeNotFound(w, r, st)
		return
	}
	rel := p[len(st.base):]
	key := rel
	if rel == "" || strings.HasSuffix(rel, "/") {
		key = rel + "index.html"
	}
	f, ok := st.files[key]
	if !ok {
		if _, dir := st.files[rel+"/index.html"]; dir && !strings.HasSuffix(rel, "/") {
			redirect(w, r, st.base+rel+"/")
			return
		}
		s.writeNotFound(w, r, st)
		return
	}
	ct := contentType(key)
	h.Set("Content-Type", ct)
	var body io.ReadSeeker
	if strings.HasPrefix(ct, "text/html") {
		data, err := f.Bytes()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if st.abs != "" && st.abs != st.base && bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			// An old address's page sends the browser on to the new one
			// at the published site's address: in the preview, to the
			// preview's.
			data = bytes.ReplaceAll(data, []byte(st.abs), []byte(st.base))
		}
		body = bytes.NewReader(inject(data, s.liveHTML(st, key)))
	} else {
		// A search pack is read where it lies (File.Reader): the search
		// page asks for a few kilobytes of a pack of megabytes at a time.
		var err error
		if body, err = f.Reader(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
	}
	// ServeContent answers HEAD and Range requests; the zero time leaves
	// out Last-Modified, so no stale 304 can hide a rebuild.
	http.ServeContent(w, r, key, time.Time{}, body)
}

// validPath rejects request paths that try to leave the output or that no
// output file can have: NUL and control characters, backslashes, encoded
// slashes and backslashes, and "." or ".." segments (also when written
// %2e%2e, which r.URL.Path has already decoded).
func validPath(r *http.Request) bool {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") || strings.ContainsRune(p, '\\') {
		return false
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	raw := strings.ToLower(r.URL.RawPath + " " + r.URL.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// redirect sends a folder's address without its slash to the folder.
// target is built from the validated path, so it always starts with a
// single "/" and cannot point to another host.
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	u := url.URL{Path: target, RawQuery: r.URL.RawQuery}
	w.Header().Set("Location", u.String())
	w.WriteHeader(http.StatusMovedPermanently)
}

// writeNotFound answers 404 with the site's own 404 page.
func (s *Server) writeNotFound(w http.ResponseWriter, r *http.Request, st *state) {
	f, ok := st.files["404.html"]
	data, err := f.Bytes()
	if !ok || err != nil {
		data = []byte(`<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>页面不存在</title><body><h1>页面不存在</h1></body></html>`)
	}
	writeStatus(w, r, http.StatusNotFound, inject(data, s.liveHTML(st, "")))
}

// writePlaceholder answers every request while no build has succeeded yet:
// a page that says so, shows the errors if there are any, and reloads when
// a build succeeds.
func (s *Server) writePlaceholder(w http.ResponseWriter, r *http.Request, st *state) {
	msg := "正在生成网站，请稍候……"
	switch {
	case st.withdrawn:
		msg = "有文件改为不公开，但网站未能重新生成；上一次生成的版本仍公开它，所以不再显示。请按提示改正错误并保存，页面会自动刷新。"
	case st.failed():
		msg = "网站还没有成功生成过。请按提示改正错误并保存，页面会自动刷新。"
	}
	page := `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>gongkai 预览</title></head><body><main><h1>gongkai 预览</h1><p>` + msg + `</p></main></body></html>`
	writeStatus(w, r, http.StatusServiceUnavailable, inject([]byte(page), s.liveHTML(st, "")))
}

func writeStatus(w http.ResponseWriter, r *http.Request, status int, data []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// inject puts the live-reload snippet before the page's last </body>, or at
// the end when the page has none (browsers still run it).
func inject(page []byte, snippet string) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(snippet))
	out = append(out, page[:i]...)
	out = append(out, snippet...)
	return append(out, page[i:]...)
}
