package render

import (
	"html/template"
	"sync"

	"gongkai/generator/config"
)

// urlFunc returns the template func `url`: the site path under the base
// path, percent-encoded once and cached. html/template would otherwise
// re-encode every non-ASCII byte of every link (Chinese paths) with fmt, a
// large share of the render time on a big site.
func urlFunc(cfg *config.Config) func(string) template.URL {
	var cache sync.Map
	return func(p string) template.URL {
		if v, ok := cache.Load(p); ok {
			return v.(template.URL)
		}
		u := template.URL(encodePath(cfg.URL(p)))
		cache.Store(p, u)
		return u
	}
}

const hexDigits = "0123456789ABCDEF"

// encodePath percent-encodes the bytes of p that may not stand in a URL
// path, keeping "/", unreserved characters and existing escapes.
func encodePath(p string) string {
	need := false
	for i := 0; i < len(p); i++ {
		if !pathSafe(p[i]) {
			need = true
			break
		}
	}
	if !need {
		return p
	}
	b := make([]byte, 0, len(p)*3)
	for i := 0; i < len(p); i++ {
		c := p[i]
		if pathSafe(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	return string(b)
}

func pathSafe(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '_', '~', '/', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '#', '?', '%':
		return c != '\'' && c != '(' && c != ')' // html/template would escape these
	}
	return false
}
