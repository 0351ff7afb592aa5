package sitecheck

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"

	"gongkai/generator/diag"
)

// The sample site is built once per base URL and shared by the tests, which
// only read it.
var (
	sampleMu    sync.Mutex
	sampleCache = map[string]map[string][]byte{}
)

// sample returns the output of the repository's sample site built with
// base_url replaced by baseURL ("" keeps config.toml's).
func sample(t testing.TB, baseURL string) map[string][]byte {
	t.Helper()
	sampleMu.Lock()
	defer sampleMu.Unlock()
	if files, ok := sampleCache[baseURL]; ok {
		return files
	}
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := SiteFS(root, baseURL)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Build(context.Background(), fsys)
	if err != nil {
		var be *diag.BuildError
		if errors.As(err, &be) {
			for _, d := range be.Diags {
				t.Log(d.String())
			}
		}
		t.Fatalf("building the sample site: %v", err)
	}
	sampleCache[baseURL] = files
	return files
}

// serveSample serves the sample site at the root of a test server.
func serveSample(t testing.TB) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(FileServer(sample(t, "")))
	t.Cleanup(ts.Close)
	return ts
}
