// Package hugeheap asks the kernel to back the Go heap with huge pages.
//
// A build touches a few hundred megabytes of fresh heap. Each first touch
// of a 4 KiB page is a page fault, and on the virtual machines builds run
// on a fault costs ~20 µs: a 10,000-page build took ~50,000 of them, a
// second of CPU. With transparent huge pages in "madvise" mode (the usual
// default), memory advised MADV_HUGEPAGE faults in 2 MiB at a time,
// about 25 times cheaper per byte here.
//
// The runtime maps heap memory as the heap grows, and a new mapping does
// not inherit the advice. So Enable first grows the heap in one step
// (memory that is never touched costs nothing) and advises it, and then
// advises again on a short tick for as long as the build runs, for growth
// beyond that.
package hugeheap

import "time"

// maxReserve is the most heap Enable maps and advises up front. It is
// above the soft memory limit of a 100,000-page build (512 MiB, see
// memoryLimit in the rainmaker command), so that its heap stays inside
// it: the runtime grows the heap a few megabytes at a time and uses new
// memory at once, before the tick can advise it, and a 100,000-page
// build that outgrew a reserve of 512 MiB took some 150,000 faults more.
const maxReserve = 1536 << 20

// tick is how often growth beyond the reserve is advised.
const tick = 10 * time.Millisecond

// Enable advises the heap and keeps advising its growth until stop is
// called. Where the system has no transparent huge pages, or accounts
// for every mapped byte (strict overcommit), it does nothing.
func Enable() (stop func()) {
	return enable(reserveSize(systemMemory()), tick)
}

// reserveSize is the reserve for a machine with total bytes of memory: a
// quarter of it, at most maxReserve, so that the mapping never looks like
// an overcommit. Zero when the memory is not known.
func reserveSize(total uint64) int {
	return int(min(total/4, maxReserve))
}
