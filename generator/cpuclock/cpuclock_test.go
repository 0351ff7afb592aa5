package cpuclock

import (
	"testing"
	"time"
)

// TestProcess: CPU time grows while the process works, and never goes back.
func TestProcess(t *testing.T) {
	if !Supported() {
		if Process() != 0 {
			t.Fatal("Process measures something where it is not supported")
		}
		t.Skip("no process CPU clock on this platform")
	}
	t0 := Process()
	x := uint64(1)
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		for i := 0; i < 1000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	if x == 0 {
		t.Log(x)
	}
	t1 := Process()
	if t1 < t0+10*time.Millisecond {
		t.Errorf("Process went from %v to %v over 50 ms of work", t0, t1)
	}
}
