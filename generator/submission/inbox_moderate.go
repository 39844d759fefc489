package submission

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rainmaker-blog/rainmaker/generator/slug"
	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// ErrBusy is returned when another process is approving or rejecting the
// same submission at this moment.
var ErrBusy = errors.New("is being approved or rejected by another process right now")

// claim locks a waiting submission for one approval or rejection, so
// that two at once cannot both publish it. The lock goes with the file's
// open handle: a process that dies lets go of it. release must be called.
func (in *Inbox) claim(id string) (release func(), err error) {
	if !ValidID(id) {
		_, err := in.Get(id) // names the expected form
		return nil, err
	}
	path := filepath.Join(in.Dir, id+".md")
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, in.notFound(id)
	}
	if err != nil {
		return nil, err
	}
	ok, err := tryLock(f)
	if err != nil || !ok {
		f.Close()
		if err == nil {
			err = fmt.Errorf("%s %w", id, ErrBusy)
		}
		return nil, err
	}
	// The winner may have moved the file away after we opened it.
	held, _ := f.Stat()
	now, err := os.Stat(path)
	if err != nil || !os.SameFile(held, now) {
		f.Close()
		return nil, in.notFound(id)
	}
	return func() { f.Close() }, nil
}

// notFound says what became of a submission that is not waiting.
func (in *Inbox) notFound(id string) error {
	if _, err := os.Stat(filepath.Join(in.Dir, approvedDir, id+".md")); err == nil {
		return fmt.Errorf("%s: %w: it was approved already", id, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", id, ErrNotFound)
}

// Approve publishes a submission as a story in storiesDir under a slug
// made from its title, unique among existing file names and the taken
// slugs, and moves the inbox file to approved/, where its private data
// stays. It returns the new story's path. Two approvals of one id at once,
// in one process or several, publish it once.
func (in *Inbox) Approve(id, storiesDir string, taken func(slug string) bool) (string, error) {
	release, err := in.claim(id)
	if err != nil {
		return "", err
	}
	defer release()
	s, err := in.Get(id)
	if err != nil {
		return "", err
	}
	path, err := in.publishStory(s, storiesDir, taken)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Join(in.Dir, approvedDir), 0o700); err != nil {
		return path, err
	}
	if err := os.Rename(filepath.Join(in.Dir, id+".md"), filepath.Join(in.Dir, approvedDir, id+".md")); err != nil {
		return path, fmt.Errorf("approve %s: published as %s, but could not move it out of the inbox: %w", id, path, err)
	}
	if err := durable.SyncDir(in.Dir); err != nil {
		return path, err
	}
	// The photo is published; a copy left by a crash here is swept at Open.
	return path, in.removePhoto(id)
}

// slugOf is the slug of a story's title.
func slugOf(title string) string { return slug.Make(title) }

// publishStory writes the public part of a story into storiesDir under
// the first free slug, which neither a story file (SLUG.md) nor a page
// bundle (SLUG/) has: one with a photo as a page bundle, SLUG/index.md
// with the photo beside it, which the site build publishes at its widths.
func (in *Inbox) publishStory(s *Stored, storiesDir string, taken func(slug string) bool) (string, error) {
	base := PublishedSlug(s)
	data, err := in.PublishedFile(s)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(storiesDir, 0o755); err != nil {
		return "", err
	}
	for n := 1; ; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		if taken != nil && taken(name) {
			continue
		}
		path := filepath.Join(storiesDir, name+".md")
		if s.PhotoFile != "" {
			path, err = publishBundle(storiesDir, name, data, filepath.Join(in.Dir, s.PhotoFile))
		} else if _, serr := os.Lstat(filepath.Join(storiesDir, name)); serr == nil {
			err = fs.ErrExist // a page bundle's folder
		} else {
			err = writeNew(storiesDir, path, data)
		}
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("approve %s: %w", s.ID, err)
		}
		return path, nil
	}
}

// Reject removes a waiting submission.
func (in *Inbox) Reject(id string) error {
	release, err := in.claim(id)
	if err != nil {
		return err
	}
	defer release()
	if err := os.Remove(filepath.Join(in.Dir, id+".md")); err != nil {
		return fmt.Errorf("reject %s: %w", id, err)
	}
	if err := durable.SyncDir(in.Dir); err != nil {
		return err
	}
	if err := in.removePhoto(id); err != nil {
		return fmt.Errorf("reject %s: removed, but its photo could not be: %w", id, err)
	}
	return nil
}
