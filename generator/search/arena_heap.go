//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package search

// mapChunk allocates on the heap where anonymous mappings are not used.
func mapChunk(n int) ([]byte, bool) { return make([]byte, n), false }

func unmapChunk([]byte) {}
