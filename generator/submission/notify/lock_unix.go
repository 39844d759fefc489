//go:build unix

package notify

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive lock on an open file without waiting, and
// reports whether it got it. The lock lives as long as the open file, so
// a process that dies (even by SIGKILL) lets go of it: a delivery it was
// sending is claimed by the next process that looks.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
