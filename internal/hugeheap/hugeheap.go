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

// reserve is how much heap Enable maps and advises up front: enough for
// a site of some 20,000 pages.
const reserve = 512 << 20

// tick is how often growth beyond the reserve is advised.
const tick = 10 * time.Millisecond

// Enable advises the heap and keeps advising its growth until stop is
// called. Where the system has no transparent huge pages it does nothing.
func Enable() (stop func()) {
	return enable(reserve, tick)
}
