package serve

import (
	"runtime"
	"runtime/metrics"
)

// heapStats is what decides an idle collection (see collectAhead).
type heapStats struct {
	allocs uint64 // bytes allocated since the program started
	heap   uint64 // bytes of heap objects now, live or not yet swept
	goal   uint64 // heap size at which the runtime starts the next collection
}

var heapSamples = []string{"/gc/heap/allocs:bytes", "/memory/classes/heap/objects:bytes", "/gc/heap/goal:bytes"}

// readHeap reads the runtime's figures.
func readHeap() heapStats {
	s := make([]metrics.Sample, len(heapSamples))
	for i, n := range heapSamples {
		s[i].Name = n
	}
	metrics.Read(s)
	v := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[i].Value.Uint64()
	}
	return heapStats{allocs: v(0), heap: v(1), goal: v(2)}
}

// collectDue reports whether the next rebuild would likely start a garbage
// collection: after a rebuild that allocated as much as the last one
// (before → after), the heap would reach the runtime's goal.
func collectDue(before, after heapStats) bool {
	if after.goal == 0 || after.allocs < before.allocs {
		return false
	}
	return after.heap+(after.allocs-before.allocs) >= after.goal
}

// collectAhead runs, beside the idle server, the garbage collection that
// the next rebuild would likely start (collectDue; before is the heap as
// the rebuild that just ended began). A collection of a large preview's
// heap takes seconds of marking beside the program, and a rebuild that
// meets one runs at half speed: at 100,000 documents (a 7.5 GB live heap,
// 2.6 GB allocated per rebuild) every third edited page came after 0.7 s
// instead of 0.3 s. Run while the author reads the page, it is usually
// over before the next save, and it is a collection the runtime would
// have run anyway. One runs at a time.
func (s *Server) collectAhead(before heapStats) {
	if !collectDue(before, s.cfg.heap()) || !s.collecting.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.collecting.Store(false)
		s.cfg.collect()
	}()
}

// defaultCollect is runtime.GC (a variable only so that the default
// Config reads alike).
var defaultCollect = runtime.GC
