//go:build linux

package hugeheap

import (
	"bytes"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// heapSpan bounds the advised range above the heap's start; the runtime
// grows its heap upward from there.
const heapSpan = 64 << 30

// arenaAlign is the alignment of the runtime's heap arenas on 64-bit
// Linux; the first arena begins the heap.
const arenaAlign = 64 << 20

// early is a heap object made before any reserve, to find the heap's start.
var early = new([64]byte)

func enable(reserve int, tick time.Duration) (stop func()) {
	if reserve <= 0 || !available() {
		return func() {}
	}
	grown := make([]byte, reserve)
	start := min(uintptr(unsafe.Pointer(early)), uintptr(unsafe.Pointer(&grown[0]))) &^ (arenaAlign - 1)
	if err := advise(start); err != nil {
		return func() {}
	}
	grown = nil
	// Collect the reserve and hand its pages back, so that it neither
	// counts toward the heap's size nor toward the memory limit; the
	// mapping and its advice stay.
	debug.FreeOSMemory()

	done := make(chan struct{})
	var once sync.Once
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				advise(start)
			}
		}
	}()
	return func() {
		once.Do(func() { close(done) })
		<-stopped
	}
}

// systemMemory is the machine's memory in bytes, or 0 when it is not
// known or when the kernel refuses mappings beyond what it can commit
// (overcommit mode 2), where a reserve would take memory from others.
func systemMemory() uint64 {
	mode, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	if err != nil || string(bytes.TrimSpace(mode)) == "2" {
		return 0
	}
	info, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	return memTotal(info)
}

// memTotal reads MemTotal, in kB, from the text of /proc/meminfo.
func memTotal(meminfo []byte) uint64 {
	for line := range bytes.Lines(meminfo) {
		rest, ok := bytes.CutPrefix(line, []byte("MemTotal:"))
		if !ok {
			continue
		}
		kb, ok := bytes.CutSuffix(bytes.TrimSpace(rest), []byte(" kB"))
		if !ok {
			return 0
		}
		n, err := strconv.ParseUint(string(bytes.TrimSpace(kb)), 10, 64)
		if err != nil {
			return 0
		}
		return n << 10
	}
	return 0
}

// available reports whether the kernel honours MADV_HUGEPAGE: its
// transparent huge pages are in "always" or "madvise" mode.
func available() bool {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && !bytes.Contains(mode, []byte("[never]"))
}

// advise marks every mapping in [start, start+heapSpan) for huge pages.
// The range has holes where nothing is mapped yet: the kernel advises
// what is mapped and reports ENOMEM for the holes, which is expected.
func advise(start uintptr) error {
	_, _, errno := unix.Syscall(unix.SYS_MADVISE, start, heapSpan, unix.MADV_HUGEPAGE)
	if errno != 0 && errno != unix.ENOMEM {
		return errno
	}
	return nil
}
