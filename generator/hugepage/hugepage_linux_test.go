package hugepage

import (
	"bufio"
	"fmt"
	"os"
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

// TestGrowHeap: after GrowHeap, a large allocation lies in a mapping
// advised for huge pages ("hg" in its VmFlags).
func TestGrowHeap(t *testing.T) {
	needMadvise(t)
	if strictOvercommit() {
		t.Skip("vm.overcommit_memory is 2: GrowHeap does nothing")
	}
	GrowHeap()
	b := make([]byte, 64<<20)
	if fl := vmFlags(t, uintptr(unsafe.Pointer(&b[32<<20]))); !strings.Contains(fl, " hg") {
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
	if start%Size != 0 {
		if fl := vmFlags(t, start); strings.Contains(fl, " hg") {
			t.Errorf("Advise advised a partial huge page: %s", fl)
		}
	}
}

// TestOff: GONGKAI_HUGEPAGES=0 turns the package off.
func TestOff(t *testing.T) {
	t.Setenv("GONGKAI_HUGEPAGES", "0")
	if Advised() {
		t.Error("Advised is true with GONGKAI_HUGEPAGES=0")
	}
}
