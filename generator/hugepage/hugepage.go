// Package hugepage asks the operating system for transparent huge pages
// (2 MB instead of 4 KB, on x86-64 and on arm64 with 4 KB pages) for the
// memory a build fills.
//
// A build writes most of its memory once: the loaded site, the rendered
// pages in flight, the search postings. With 4 KB pages a 10,000-document
// build takes about 190,000 page faults; on a virtual machine each costs
// several microseconds (about 1.5 CPU-seconds in all on the benchmark
// machine, plus TLB misses). With 2 MB pages it takes about 8,000 and the
// build is 15–20% faster, for about 20 MB more peak memory at 10,000
// documents (bench/RESULTS.md, session 13; the 0.8 GB more it measured at
// 100,000 is gone since the search postings go to temporary files:
// session 18 measured the same peak either way; session 9 had tried huge
// pages for the search postings alone, where the gain was lost in the
// noise).
//
// Linux gives huge pages to every range (THP "always"), to none ("never"),
// or, the usual default, only to ranges advised with madvise(2)
// (MADV_HUGEPAGE). This package only acts in that last mode and only where
// a huge page is 2 MB (elsewhere, as on arm64 with 64 KB pages, they are
// 512 MB: far too coarse for this); on other systems it does nothing.
// GONGKAI_HUGEPAGES=0 turns it off.
package hugepage

// Size is the size of a huge page where the package acts.
const Size = 2 << 20
