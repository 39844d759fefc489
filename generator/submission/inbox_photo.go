package submission

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/images"
	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// A story's photo waits beside it in the inbox as ID.photo.jpg (or .png,
// .webp), re-encoded, written before the story: a story on disk always
// has its photo. The name comes from the id alone, never from the file
// name the sender gave.
const photoInfix = ".photo"

// orphanAge is how old a photo without its story must be to be removed:
// older than any save still between writing the two.
const orphanAge = time.Hour

// photoFile is the name of a story's photo in the inbox.
func photoFile(id string, f images.Format) string { return id + photoInfix + f.Ext() }

// photoOf finds the photo of a story in dir: its file name, or "".
func photoOf(dir, id string) string {
	for _, f := range images.UploadFormats {
		name := photoFile(id, f)
		if info, err := os.Lstat(filepath.Join(dir, name)); err == nil && info.Mode().IsRegular() {
			return name
		}
	}
	return ""
}

// savePhoto writes a story's photo durably. A photo already there with
// the same bytes is a retry of the same save (SaveOnce after a crash, or
// a twin request) and is fine; other bytes mean the id is taken.
func (in *Inbox) savePhoto(id string, up *images.Upload) error {
	path := filepath.Join(in.Dir, photoFile(id, up.Format))
	err := writeNew(filepath.Join(in.Dir, incomingDir), path, up.Data)
	if errors.Is(err, fs.ErrExist) {
		if old, rerr := os.ReadFile(path); rerr == nil && bytes.Equal(old, up.Data) {
			return nil
		}
		return fs.ErrExist
	}
	if err != nil {
		return fmt.Errorf("save submission: photo: %w", err)
	}
	return nil
}

// removePhoto removes a story's photo from the inbox, if it has one.
func (in *Inbox) removePhoto(id string) error {
	name := photoOf(in.Dir, id)
	if name == "" {
		return nil
	}
	if err := os.Remove(filepath.Join(in.Dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return durable.SyncDir(in.Dir)
}

// sweepPhotos removes photos whose story is not waiting: a crash between
// the two writes of a save, or after an approval or rejection, leaves one.
func (in *Inbox) sweepPhotos(now time.Time) {
	entries, _ := os.ReadDir(in.Dir)
	for _, e := range entries {
		id, _, ok := strings.Cut(e.Name(), photoInfix+".")
		if !ok || !ValidID(id) || !e.Type().IsRegular() {
			continue
		}
		if _, err := os.Lstat(filepath.Join(in.Dir, id+".md")); err == nil {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > orphanAge {
			os.Remove(filepath.Join(in.Dir, e.Name()))
		}
	}
}

// publishBundle publishes a story with a photo as a page bundle,
// storiesDir/NAME/index.md with photo.EXT beside it, made in a hidden
// folder (which builds skip) and renamed into place whole. It returns
// fs.ErrExist when NAME is taken.
func publishBundle(storiesDir, name string, story []byte, photoPath string) (string, error) {
	photo, err := os.ReadFile(photoPath)
	if err != nil {
		return "", err
	}
	ext := filepath.Ext(photoPath)
	final := filepath.Join(storiesDir, name)
	if _, err := os.Lstat(final + ".md"); err == nil {
		return "", fs.ErrExist
	}
	if _, err := os.Lstat(final); err == nil {
		return "", fs.ErrExist
	}
	tmp, err := os.MkdirTemp(storiesDir, ".bundle-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for file, data := range map[string][]byte{"photo" + ext: photo, "index.md": story} {
		if err := writeNew(tmp, filepath.Join(tmp, file), data); err != nil {
			return "", err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	// rename(2) of a folder onto an existing one fails unless that is
	// empty; the checks above leave only that race, which loses nothing.
	if err := os.Rename(tmp, final); err != nil {
		if errors.Is(err, fs.ErrExist) || errors.Is(err, syscall.ENOTEMPTY) {
			return "", fs.ErrExist
		}
		return "", err
	}
	if err := durable.SyncDir(storiesDir); err != nil {
		return "", err
	}
	return filepath.Join(final, "index.md"), nil
}
