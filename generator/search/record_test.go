package search

// postingStats reads the statistics of an intermediate posting; the build
// takes them from counts kept while indexing (TestCountsMatchPostings).
func postingStats(typ byte, ps []piece) recStats {
	var s recStats
	var gap, tf uint32
	atGap := true
	for v := range varints(ps) {
		switch {
		case atGap:
			gap, tf, atGap = v, 0, false
		case typ == recDocs:
			s.add(gap, v>>1)
			atGap = true
		case v == 0:
			s.add(gap, tf)
			s.npos += uint64(tf)
			atGap = true
		default:
			s.sumPos += uint64(v) - 1
			tf++
		}
	}
	return s
}
