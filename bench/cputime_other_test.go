//go:build !unix

package bench

import "time"

// cpuTime is not measured here (share-cpu-% is not reported).
func cpuTime() time.Duration { return 0 }
