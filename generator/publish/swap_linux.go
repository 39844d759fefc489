package publish

import (
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps two folders in one atomic step (renameat2 with
// RENAME_EXCHANGE), so that the target is never missing.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// syncTree makes every file written below dir durable with one syncfs
// call instead of an fsync per file.
func syncTree(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
