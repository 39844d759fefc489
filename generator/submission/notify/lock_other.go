//go:build !unix

package notify

import "os"

// tryLock does not lock where flock(2) is missing: there, one inbox must
// have one receive process, or a notification may be sent twice.
func tryLock(f *os.File) (bool, error) { return true, nil }
