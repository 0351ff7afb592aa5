package cpuclock

import (
	"testing"
	"time"
)

// TestProcess: CPU time grows while the process works (it is given up to
// 10 s of wall time for 20 ms of CPU: the machine may be busy).
func TestProcess(t *testing.T) {
	if !Supported() {
		if Process() != 0 {
			t.Fatal("Process measures something where it is not supported")
		}
		t.Skip("no process CPU clock on this platform")
	}
	t0 := Process()
	x := uint64(1)
	for start := time.Now(); Process()-t0 < 20*time.Millisecond && time.Since(start) < 10*time.Second; {
		for range 100000 {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	if got := Process() - t0; got < 20*time.Millisecond {
		t.Errorf("Process grew by %v over 10 s of work (%d)", got, x)
	}
}
