package hugepage

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unsafe"
)

// Advised reports whether the system gives huge pages of Size to the
// ranges that ask for them and only to those (THP "madvise" mode), and the
// package is not turned off (GONGKAI_HUGEPAGES=0, or GODEBUG's
// disablethp=1, which asks the Go runtime for no huge pages).
func Advised() bool {
	if os.Getenv("GONGKAI_HUGEPAGES") == "0" || godebug("disablethp") {
		return false
	}
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(b), "[madvise]") {
		return false
	}
	b, err = os.ReadFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size")
	return err == nil && strings.TrimSpace(string(b)) == strconv.Itoa(Size)
}

// godebug reports whether GODEBUG sets the runtime setting key to a value
// other than 0.
func godebug(key string) bool {
	v := ""
	for _, kv := range strings.Split(os.Getenv("GODEBUG"), ",") {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val // the last one counts, as for the runtime
		}
	}
	return v != "" && v != "0"
}

// Advise asks for huge pages for the whole huge pages within b, which
// must be memory gongkai mapped itself (not the Go heap's).
func Advise(b []byte) {
	if advised() {
		adviseWhole(b)
	}
}

// adviseWhole advises the whole huge pages within b.
func adviseWhole(b []byte) {
	if len(b) < Size {
		return
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := (Size - start%Size) % Size
	if n := (uintptr(len(b)) - lo) / Size * Size; n > 0 {
		_ = syscall.Madvise(b[lo:lo+n], syscall.MADV_HUGEPAGE)
	}
}

// advised is Advised, read once.
var advised = sync.OnceValue(Advised)

// GrowHeap makes the Go heap's next gigabytes huge-page backed. The Go
// runtime does not advise its heap itself, so GrowHeap grows the heap
// once with a large allocation that it never touches, advises that range,
// and frees the allocation. Later allocations reuse the range, lowest
// addresses first, and keep the advice: the runtime gives memory back
// with MADV_DONTNEED, which keeps it, and avoids splitting a huge page
// that is wholly free.
//
// The allocation is not written to: it is placed on memory fresh from the
// system or released to it, which the runtime knows to be zero, because
// every freed page is released first (debug.FreeOSMemory); the runtime
// only fills in its metadata for the range (about 1 MB per GB). Memory
// freed but not released would be cleared by hand, all of it: so GrowHeap
// acts once per process, and not under GODEBUG settings that write to or
// remap freed memory (clobberfree, harddecommit).
//
// The range is a quarter of the machine's memory, at most 8 GB (the heap
// of a 100,000-document build): address space costs nothing until it is
// touched, and the heap grows past it with ordinary pages. GrowHeap does
// nothing when Advised is false, when the kernel refuses to overcommit
// (vm.overcommit_memory = 2) or when the process's address space or data
// size is limited (ulimit -v, ulimit -d): there the allocation could
// fail, and a failed allocation ends a Go program. It takes about 20 ms;
// call it first thing in a command that builds (memory the heap held
// before stays unadvised).
func GrowHeap() { growOnce() }

var growOnce = sync.OnceFunc(func() {
	if !advised() || strictOvercommit() || godebug("clobberfree") || godebug("harddecommit") {
		return
	}
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) != nil {
		return
	}
	if n := reservation(uint64(si.Totalram)*uint64(si.Unit), limited()); n > 0 {
		debug.FreeOSMemory()
		adviseWhole(make([]byte, n))
		runtime.GC()
	}
})

// reservation is how much heap GrowHeap advises on a machine with total
// bytes of memory: none when the process's memory is limited, the machine
// is small (under 128 MB to spare) or the address space is 32-bit.
func reservation(total uint64, limited bool) uint64 {
	n := min(total/4, 8<<30)
	if limited || n < 64*Size || !wide {
		return 0
	}
	return n
}

// limited reports whether the address space or the data size of the
// process is limited (Linux counts private anonymous mappings as data).
func limited() bool {
	for _, res := range []int{syscall.RLIMIT_AS, syscall.RLIMIT_DATA} {
		var l syscall.Rlimit
		if syscall.Getrlimit(res, &l) != nil || l.Cur != rlimInfinity {
			return true
		}
	}
	return false
}

// strictOvercommit reports whether the kernel refuses allocations beyond
// its commit limit (vm.overcommit_memory = 2), or whether that is unknown.
func strictOvercommit() bool {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err != nil || strings.TrimSpace(string(b)) == "2"
}

// wide: pointers are 64 bits, so a reservation of gigabytes fits.
const wide = ^uint(0)>>63 == 1

// rlimInfinity is RLIM_INFINITY as a Rlimit field holds it.
const rlimInfinity = ^uint64(0)
