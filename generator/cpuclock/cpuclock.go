// Package cpuclock reads the CPU time the process has used, for reports of
// where a build's time goes (gongkai build --verbose, the benchmarks).
package cpuclock

import "time"

// Process is the user and system CPU time of the whole process so far
// (every thread), or 0 where the platform does not report it (Supported).
func Process() time.Duration { return process() }

// Supported reports whether Process measures anything here.
func Supported() bool { return supported }
