// Package durable holds the one step every durable write of Rainmaker
// ends with: flushing a folder, so that a new or renamed name in it
// survives a crash.
package durable

import (
	"errors"
	"os"
)

// SyncDir fsyncs a folder. File systems that cannot (some report
// EINVAL) are taken as done.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
