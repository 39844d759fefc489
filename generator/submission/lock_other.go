//go:build !unix

package submission

import (
	"os"
	"time"
)

// tryLock does not lock where flock(2) is missing: two approvals of one
// story at once are not prevented there.
func tryLock(f *os.File) (bool, error) { return true, nil }

func lock(f *os.File) error { return nil }

// abandoned treats a temporary file as left behind once it is an hour
// old: far longer than any request may take.
func abandoned(path string) bool {
	info, err := os.Stat(path)
	return err == nil && time.Since(info.ModTime()) > time.Hour
}
