//go:build !linux

package hugeheap

import "time"

func enable(int, time.Duration) (stop func()) { return func() {} }

func systemMemory() uint64 { return 0 }
