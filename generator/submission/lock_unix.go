//go:build unix

package submission

import (
	"errors"
	"os"
	"syscall"
	"time"
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

// lock waits for an exclusive lock on an open file.
func lock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }

// started is when this process began: a temporary file older than that
// is from another process.
var started = time.Now()

// abandoned reports whether a temporary file belongs to no live writer:
// each writer locks its file before writing and holds the lock until the
// file is linked into place. A file still empty may be one whose writer
// has created it and not locked it yet, so it must also predate this
// process: a live writer is never that slow between the two steps.
func abandoned(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if ok, err := tryLock(f); !ok || err != nil {
		return false
	}
	info, err := f.Stat()
	return err == nil && (info.Size() > 0 || info.ModTime().Before(started))
}
