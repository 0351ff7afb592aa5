package bench

import (
	"os"
	"testing"

	"gongkai/generator/hugepage"
)

// TestMain prepares the heap as `gongkai build` does (huge pages, see
// package hugepage) when a corpus is set, so that the benchmarks measure
// the build users run.
func TestMain(m *testing.M) {
	if os.Getenv("GONGKAI_CORPUS") != "" {
		hugepage.GrowHeap()
	}
	os.Exit(m.Run())
}
