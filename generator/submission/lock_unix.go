//go:build unix

package submission

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive lock on an open file without waiting, and
// reports whether it got it. The lock lives as long as the open file, so
// a process that dies lets go of it.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}

// abandoned reports whether a temporary file belongs to no live writer:
// each writer holds a lock on its file until it is linked into place.
func abandoned(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	ok, err := tryLock(f)
	return ok && err == nil
}
