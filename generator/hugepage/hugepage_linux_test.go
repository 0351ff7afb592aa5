package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// vmFlags returns the VmFlags line of the mapping that holds addr, from
// /proc/self/smaps.
func vmFlags(t *testing.T, addr uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && strings.Contains(line, " ") {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return line
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return ""
}

func needMadvise(t *testing.T) {
	t.Helper()
	if !Advised() {
		t.Skip("transparent huge pages are not in madvise mode on this system (/sys/kernel/mm/transparent_hugepage/enabled): nothing to test")
	}
}

// vmHWM is the process's peak resident memory, from /proc/self/status.
func vmHWM(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		var kb int64
		if n, _ := fmt.Sscanf(line, "VmHWM: %d kB", &kb); n == 1 {
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// TestGrowHeap: after GrowHeap, a large allocation lies in a mapping
// advised for huge pages ("hg" in its VmFlags); GrowHeap never writes its
// range, even when freed memory lies about (it is released first) or when
// it is called again (it acts once).
func TestGrowHeap(t *testing.T) {
	needMadvise(t)
	var si syscall.Sysinfo_t
	if strictOvercommit() || limited() || syscall.Sysinfo(&si) != nil || reservation(uint64(si.Totalram)*uint64(si.Unit), false) == 0 {
		t.Skip("vm.overcommit_memory is 2, memory is limited (ulimit -v/-d) or small: GrowHeap does nothing")
	}
	garbage := make([]byte, 64<<20)
	for i := range garbage {
		garbage[i] = 1
	}
	garbage = nil
	runtime.GC() // freed, not released: the allocation must not land on it
	before := vmHWM(t)
	GrowHeap()
	GrowHeap()
	if grew := vmHWM(t) - before; grew > 128<<20 {
		t.Errorf("GrowHeap raised the peak resident memory by %d MB: its range was written", grew>>20)
	}
	// Larger than the garbage's hole, below the range: the range takes it.
	b := make([]byte, 256<<20)
	if fl := vmFlags(t, uintptr(unsafe.Pointer(&b[128<<20]))); !strings.Contains(fl, " hg") {
		t.Errorf("the heap is not advised for huge pages after GrowHeap: %s", fl)
	}
}

// TestAdvise: a mapped range is advised, and only its whole huge pages.
func TestAdvise(t *testing.T) {
	needMadvise(t)
	b, err := syscall.Mmap(-1, 0, 8<<20, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	defer syscall.Munmap(b)
	if fl := vmFlags(t, uintptr(unsafe.Pointer(&b[4<<20]))); strings.Contains(fl, " hg") {
		t.Fatalf("a fresh mapping is already advised: %s", fl)
	}
	Advise(b[1:]) // not aligned: the first huge page is partial
	start := uintptr(unsafe.Pointer(&b[0]))
	mid := (start/Size + 2) * Size // within the second whole huge page
	if fl := vmFlags(t, mid); !strings.Contains(fl, " hg") {
		t.Errorf("Advise left a whole huge page unadvised: %s", fl)
	}
	// b[1:] leaves out b[0]: the huge page that holds it is partial.
	if fl := vmFlags(t, start); strings.Contains(fl, " hg") {
		t.Errorf("Advise advised a partial huge page: %s", fl)
	}
}

// TestReservation: a quarter of the memory, at most 8 GB; nothing on a
// small machine or under a memory limit (ulimit -v or -d).
func TestReservation(t *testing.T) {
	for _, c := range []struct {
		total   uint64
		limited bool
		want    uint64
	}{
		{24 << 30, false, 6 << 30},
		{64 << 30, false, 8 << 30},
		{1 << 30, false, 256 << 20},
		{256 << 20, false, 0},
		{24 << 30, true, 0},
	} {
		if !wide {
			c.want = 0 // 32-bit: never
		}
		if got := reservation(c.total, c.limited); got != c.want {
			t.Errorf("reservation(%d, %v) = %d, want %d", c.total, c.limited, got, c.want)
		}
	}
}

// TestLimited: a finite RLIMIT_AS counts as limited.
func TestLimited(t *testing.T) {
	if limited() {
		t.Skip("this process already runs under a memory limit")
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &old); err != nil {
		t.Skip(err)
	}
	lim := syscall.Rlimit{Cur: 1 << 44, Max: old.Max}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &lim); err != nil {
		t.Skipf("cannot set RLIMIT_AS: %v", err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_AS, &old)
	if !limited() {
		t.Error("limited() is false under a finite RLIMIT_AS")
	}
}

// TestOff: GONGKAI_HUGEPAGES=0 and GODEBUG=disablethp=1 turn the
// package off.
func TestOff(t *testing.T) {
	for _, env := range [][2]string{{"GONGKAI_HUGEPAGES", "0"}, {"GODEBUG", "madvdontneed=1,disablethp=1"}} {
		t.Run(env[0], func(t *testing.T) {
			t.Setenv(env[0], env[1])
			if Advised() {
				t.Errorf("Advised is true with %s=%s", env[0], env[1])
			}
		})
	}
}

// TestGodebug: a GODEBUG setting counts when its last value is not 0.
func TestGodebug(t *testing.T) {
	for _, c := range []struct {
		env  string
		want bool
	}{
		{"", false},
		{"clobberfree=1", true},
		{"gctrace=1,clobberfree=2", true},
		{"clobberfree=0", false},
		{"clobberfree=1,clobberfree=0", false},
		{"xclobberfree=1", false},
		{"clobberfree", false},
	} {
		t.Setenv("GODEBUG", c.env)
		if got := godebug("clobberfree"); got != c.want {
			t.Errorf("GODEBUG=%q: godebug(clobberfree) = %v, want %v", c.env, got, c.want)
		}
	}
}
