package submission

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// Open makes sure the inbox folders exist and can be written, and removes
// temporary files that a crash left behind. Several processes may share
// one inbox: a temporary file another one is still writing is left alone.
func (in *Inbox) Open() error {
	if err := os.MkdirAll(filepath.Join(in.Dir, incomingDir), 0o700); err != nil {
		return fmt.Errorf("open inbox: %w", err)
	}
	entries, err := os.ReadDir(filepath.Join(in.Dir, incomingDir))
	if err != nil {
		return fmt.Errorf("open inbox: %w", err)
	}
	for _, e := range entries {
		if path := filepath.Join(in.Dir, incomingDir, e.Name()); abandoned(path) {
			os.Remove(path)
		}
	}
	in.sweepKeys(time.Now())
	in.sweepPhotos(time.Now())
	if err := in.Writable(); err != nil {
		return err
	}
	return in.loadWithdrawKey()
}

// Writable checks that a story can be stored now: it writes, flushes and
// links a small file the way Save does, then removes it.
func (in *Inbox) Writable() error {
	probe := filepath.Join(in.Dir, ".probe-"+NewID(time.Now()))
	err := writeNew(filepath.Join(in.Dir, incomingDir), probe, []byte("probe\n"))
	os.Remove(probe)
	if err != nil {
		return fmt.Errorf("the inbox %s cannot be written: %w", in.Dir, err)
	}
	return nil
}

// writeNew writes data to a temporary file in tmpDir, flushes it, and
// links it at path, which must not exist yet: two writers can never
// overwrite each other (fs.ErrExist). The folder is flushed too, so the
// new name survives a crash.
func writeNew(tmpDir, path string, data []byte) error {
	return writeDurably(tmpDir, path, data, os.Link)
}

// replaceFile writes data over path the same way, renamed into place:
// readers see the old file or the new one, never a part.
func replaceFile(tmpDir, path string, data []byte) error {
	return writeDurably(tmpDir, path, data, os.Rename)
}

// writeDurably writes data to a temporary file in tmpDir, flushes it,
// puts it at path with place (a link or a rename), and flushes path's
// folder. The temporary file is locked until it is placed, so that Open
// in another process leaves it alone.
func writeDurably(tmpDir, path string, data []byte, place func(tmp, path string) error) error {
	tmp, err := os.CreateTemp(tmpDir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := lock(tmp); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := place(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fs.ErrExist
		}
		return err
	}
	return durable.SyncDir(filepath.Dir(path))
}
