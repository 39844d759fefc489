//go:build unix

package generator

import (
	"syscall"
	"time"
)

// processCPUTime is the CPU time (user and system) this process has used,
// for the stage timings of --verbose.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
