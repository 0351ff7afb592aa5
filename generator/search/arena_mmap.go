//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package search

import "syscall"

// mapChunk maps n bytes of anonymous memory, or falls back to the heap.
func mapChunk(n int) ([]byte, bool) {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]byte, n), false
	}
	return b, true
}

func unmapChunk(b []byte) { syscall.Munmap(b) }
