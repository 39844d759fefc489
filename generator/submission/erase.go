package submission

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/adrg/frontmatter"

	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
	"github.com/rainmaker-blog/rainmaker/generator/words"
	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// Erasure says what was removed of one story.
type Erasure struct {
	ID string
	// Published are the files and folders taken out of content/stories/:
	// the site must be built again for the story to leave it.
	Published []string
	// Removed describes everything else, for people.
	Removed []string
}

// Empty reports that nothing of the story was found.
func (e *Erasure) Empty() bool { return len(e.Published) == 0 && len(e.Removed) == 0 }

// Erase removes every record of a story: the waiting or approved inbox
// file with its private data, its photos and other files in the inbox,
// the records of its idempotency key and of its notifications, and the
// published story in storiesDir ("" leaves the site alone). What was
// already gone is not an error; an Erasure that is Empty says nothing was
// found. A story being approved at this moment is ErrBusy: try again.
func (in *Inbox) Erase(id, storiesDir string) (*Erasure, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("%q is not a submission id (like 20261127T093000Z-3f9a1c2b)", id)
	}
	e := &Erasure{ID: id}
	release, err := in.claim(id)
	switch {
	case err == nil:
		defer release()
	case errors.Is(err, ErrBusy):
		return nil, err
	case !errors.Is(err, ErrNotFound):
		return nil, err
	}
	if storiesDir != "" {
		published, err := findPublished(storiesDir, id)
		if err != nil {
			return e, err
		}
		for _, path := range published {
			if err := os.RemoveAll(path); err != nil {
				return e, fmt.Errorf("erase %s: %w", id, err)
			}
			e.Published = append(e.Published, path)
			durable.SyncDir(filepath.Dir(path))
		}
	}
	for _, part := range []struct{ path, what string }{
		{filepath.Join(in.Dir, id+".md"), "the story waiting for review, with the email address and consent"},
		{filepath.Join(in.Dir, approvedDir, id+".md"), "the record of the approved story, with the email address and consent"},
	} {
		if err := removeFile(part.path); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return e, fmt.Errorf("erase %s: %w", id, err)
		}
		e.Removed = append(e.Removed, part.what)
	}
	return e, in.eraseTraces(e)
}

// Has reports whether anything of a story is kept: in the inbox, or
// published in storiesDir ("" looks in the inbox only).
func (in *Inbox) Has(id, storiesDir string) bool {
	if in.Holds(id) {
		return true
	}
	if storiesDir == "" || !ValidID(id) {
		return false
	}
	found, _ := findPublished(storiesDir, id)
	return len(found) > 0
}

// eraseTraces removes what else the inbox keeps of a story: files named
// after it (photos), idempotency records and notifications.
func (in *Inbox) eraseTraces(e *Erasure) error {
	var errs []error
	files := 0
	for _, dir := range []string{in.Dir, filepath.Join(in.Dir, approvedDir), filepath.Join(in.Dir, photosDir), filepath.Join(in.Dir, approvedDir, photosDir)} {
		n, err := removeNamedAfter(dir, e.ID)
		files += n
		errs = append(errs, err)
	}
	if files > 0 {
		e.Removed = append(e.Removed, fmt.Sprintf("%d %s kept with the story (its photo)", files, words.Plural(files, "file", "files")))
	}
	if n := in.forgetKeys(e.ID); n > 0 {
		e.Removed = append(e.Removed, "the record that a retry of the submission is answered from")
	}
	n, err := in.queue().Forget(e.ID)
	errs = append(errs, err)
	if n > 0 {
		e.Removed = append(e.Removed, fmt.Sprintf("%d %s of the story", n, words.Plural(n, "notification", "notifications")))
	}
	return errors.Join(errs...)
}

// photosDir is where photos may be kept beside the stories.
const photosDir = "photos"

// queue is the inbox's notification queue, configured or not: records
// written by another process with notifications on are erased too.
func (in *Inbox) queue() *notify.Queue {
	if in.Notify != nil {
		return in.Notify
	}
	return notify.NewQueue(in.NotifyDir(), nil, "")
}

// removeNamedAfter removes the entries of dir named id or id.something:
// ids are checked, so nothing else can match.
func removeNamedAfter(dir, id string) (int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, entry := range entries {
		if name := entry.Name(); name == id || strings.HasPrefix(name, id+".") {
			if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
				return n, err
			}
			n++
		}
	}
	if n > 0 {
		return n, durable.SyncDir(dir)
	}
	return 0, nil
}

// forgetKeys removes the idempotency records that name a story.
func (in *Inbox) forgetKeys(id string) int {
	dir := filepath.Join(in.Dir, keysDir)
	entries, _ := os.ReadDir(dir)
	n := 0
	for _, entry := range entries {
		base, ok := strings.CutSuffix(entry.Name(), ".json")
		if !ok {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, entry.Name()))
		var rec keyRecord
		if err != nil || json.Unmarshal(data, &rec) != nil || rec.ID != id {
			continue
		}
		os.Remove(filepath.Join(dir, base+".done"))
		if os.Remove(filepath.Join(dir, entry.Name())) == nil {
			n++
		}
	}
	if n > 0 {
		durable.SyncDir(dir)
	}
	return n
}

// removeFile removes a file and flushes its folder, so the removal
// survives a crash.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil {
		return err
	}
	return durable.SyncDir(filepath.Dir(path))
}

// findPublished finds the published files of a story in storiesDir: a
// Markdown file whose front matter's submission is the id, or the page
// bundle (a folder with index.md, and its photo) it is the index of.
func findPublished(storiesDir, id string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(storiesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == storiesDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".md") || !publishedAs(path, id) {
			return nil
		}
		if d.Name() == "index.md" && filepath.Dir(path) != storiesDir {
			found = append(found, filepath.Dir(path))
			return fs.SkipDir
		}
		found = append(found, path)
		return nil
	})
	if err != nil {
		return found, fmt.Errorf("look for the published story %s: %w", id, err)
	}
	return found, nil
}

// publishedAs reports whether a story file was published from a
// submission: its front matter (YAML, TOML or JSON) says so.
func publishedAs(path, id string) bool {
	data, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(data, []byte(id)) {
		return false
	}
	var fm struct {
		Submission string `yaml:"submission" toml:"submission" json:"submission"`
	}
	if _, err := frontmatter.Parse(bytes.NewReader(data), &fm); err != nil {
		return false
	}
	return fm.Submission == id
}
