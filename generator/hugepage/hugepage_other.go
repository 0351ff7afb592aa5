//go:build !linux

package hugepage

// Advised is false: huge pages are only asked for on Linux.
func Advised() bool { return false }

// Advise does nothing on this system.
func Advise([]byte) {}

// GrowHeap does nothing on this system.
func GrowHeap() {}
