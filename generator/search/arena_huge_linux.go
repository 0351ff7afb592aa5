package search

import "syscall"

// adviseHuge asks for transparent huge pages for a chunk (where the
// system grants them on request, the usual "madvise" setting). Postings
// are appended all over the arena, one cache line here and one there:
// with 4 KB pages nearly every such access also missed the TLB, and every
// 4 KB of a new chunk took a page fault. A refusal changes nothing.
func adviseHuge(b []byte) { syscall.Madvise(b, syscall.MADV_HUGEPAGE) }
