//go:build !linux

package search

// adviseHuge does nothing here: transparent huge pages are Linux's.
func adviseHuge([]byte) {}
