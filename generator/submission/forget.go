package submission

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/frontmatter"
)

// Forgotten is what Forget removed.
type Forgotten struct {
	Stories []*Erasure
	// Notifications counts the records that held the address and
	// belonged to no story still kept (a rejected one).
	Notifications int
}

// Empty reports that nothing held the address.
func (f *Forgotten) Empty() bool { return len(f.Stories) == 0 && f.Notifications == 0 }

// Forget erases every record of an email address, compared without
// regard to case: each waiting or approved story sent with it (see
// Erase, which unpublishes it from storiesDir), and the notifications
// that hold it. Rejected stories are deleted when rejected; only their
// notifications can remain.
func (in *Inbox) Forget(email, storiesDir string) (*Forgotten, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return nil, errors.New("give the email address to forget")
	}
	ids, readErr := in.idsOf(email)
	out := &Forgotten{}
	var errs []error
	if readErr != nil {
		errs = append(errs, readErr)
	}
	for _, id := range ids {
		e, err := in.Erase(id, storiesDir)
		if e != nil && !e.Empty() {
			out.Stories = append(out.Stories, e)
		}
		errs = append(errs, err)
	}
	n, err := in.queue().ForgetAddress(email)
	out.Notifications = n
	errs = append(errs, err)
	return out, errors.Join(errs...)
}

// idsOf lists the waiting and approved stories sent with an address.
// Files that cannot be read are named in the error.
func (in *Inbox) idsOf(email string) ([]string, error) {
	var ids []string
	var bad []error
	for _, dir := range []string{in.Dir, filepath.Join(in.Dir, approvedDir)} {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return ids, fmt.Errorf("read inbox: %w", err)
		}
		for _, entry := range entries {
			id, ok := strings.CutSuffix(entry.Name(), ".md")
			if !ok || !ValidID(id) || !entry.Type().IsRegular() {
				continue
			}
			fm, _, err := readStored(filepath.Join(dir, entry.Name()))
			if err != nil {
				bad = append(bad, err)
				continue
			}
			if fm.Private != nil && strings.EqualFold(strings.TrimSpace(fm.Private.Email), email) {
				ids = append(ids, id)
			}
		}
	}
	if len(bad) > 0 {
		return ids, &UnreadableError{Files: bad}
	}
	return ids, nil
}

// readStored reads an inbox file: its front matter and body.
func readStored(path string) (storedStory, []byte, error) {
	var fm storedStory
	data, err := os.ReadFile(path)
	if err != nil {
		return fm, nil, err
	}
	body, err := frontmatter.MustParse(bytes.NewReader(data), &fm)
	if err != nil {
		return fm, nil, fmt.Errorf("%s: %w", path, err)
	}
	return fm, body, nil
}

// ErasePrivate erases the private data (email address, consent record)
// of the approved stories received longer than retain ago, and returns
// their ids. The rest of each record stays, so that an approval can be
// traced to its submission. Each record is rewritten whole: a temporary
// file, flushed, renamed over the old one, the folder flushed.
func (in *Inbox) ErasePrivate(retain time.Duration, now time.Time) ([]string, error) {
	if retain <= 0 {
		return nil, nil
	}
	dir := filepath.Join(in.Dir, approvedDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("erase private data: %w", err)
	}
	var erased []string
	var errs []error
	for _, entry := range entries {
		id, ok := strings.CutSuffix(entry.Name(), ".md")
		if !ok || !ValidID(id) || !entry.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, entry.Name())
		fm, body, err := readStored(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if fm.Private == nil || now.Sub(fm.Date) < retain {
			continue
		}
		fm.Private = nil
		data, err := marshalStory(fm, string(body))
		if err == nil {
			err = in.replace(path, data)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("erase private data of %s: %w", id, err))
			continue
		}
		in.queue().ForgetAddressOf(id)
		erased = append(erased, id)
	}
	return erased, errors.Join(errs...)
}

// replace writes data over path, whole or not at all.
func (in *Inbox) replace(path string, data []byte) error {
	return replaceFile(filepath.Join(in.Dir, incomingDir), path, data)
}
