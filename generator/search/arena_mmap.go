//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package search

import (
	"syscall"

	"gongkai/generator/hugepage"
)

// mapChunk maps n bytes of anonymous memory, or falls back to the heap.
// The postings fill a chunk from start to end, so it asks for huge pages.
func mapChunk(n int) ([]byte, bool) {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]byte, n), false
	}
	hugepage.Advise(b)
	return b, true
}

func unmapChunk(b []byte) { syscall.Munmap(b) }
