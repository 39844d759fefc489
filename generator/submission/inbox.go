package submission

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"

	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
	"github.com/rainmaker-blog/rainmaker/generator/words"
)

// Inbox is the folder where accepted submissions wait for an author. Each
// is one Markdown file, ID.md, written whole or not at all; the email
// address lives in its "private" front matter, which nothing published
// reads (the site build rejects the field, so a file copied by hand into
// content/ fails loudly instead of leaking it).
type Inbox struct {
	Dir string
	// Notify, when set, queues the notifications of each story before
	// the story is stored: a story on disk always has them queued.
	Notify *notify.Queue
	// PhotoAlt is the alt text of a published story's photo, in the
	// site's language, with {name} for the storyteller's name; "" is
	// English.
	PhotoAlt string
	// WithdrawURL, when set, makes the absolute withdraw link of a
	// story from its token: with it, and a confirmation destination in
	// Notify, each submitter is sent the link by email.
	WithdrawURL func(token string) string
	// Now is the clock of erasures; nil is time.Now.
	Now func() time.Time

	withdrawKey []byte // signs withdraw links; read by Open
}

const (
	incomingDir = ".incoming" // temporary files, on the inbox's file system
	approvedDir = "approved"  // approved submissions, kept for their private data
	notifyDir   = ".notify"   // the notifications' queue (package notify)
)

var idPattern = regexp.MustCompile(IDPattern)

// ErrNotFound is returned for an id that is not in the inbox.
var ErrNotFound = errors.New("no such submission in the inbox")

// storedStory is the front matter of a story, in the inbox and once
// approved. The YAML encoder keeps this field order.
type storedStory struct {
	Title      string    `yaml:"title"`
	Date       time.Time `yaml:"date"`
	Name       string    `yaml:"name"`
	Role       string    `yaml:"role,omitempty"`
	Company    string    `yaml:"company,omitempty"`
	Result     string    `yaml:"result,omitempty"`
	Tags       []string  `yaml:"tags,omitempty"`
	Image      string    `yaml:"image,omitempty"`     // a published story's photo, beside it
	ImageAlt   string    `yaml:"image_alt,omitempty"` // and what it shows
	Submission string    `yaml:"submission"`
	Draft      bool      `yaml:"draft"`
	Private    *private  `yaml:"private,omitempty"`
}

type private struct {
	Email    string `yaml:"email"`
	Consent  bool   `yaml:"consent"`
	Received string `yaml:"received"`
	// What was agreed to, and when: the version and the exact text, so
	// that the version can be explained after the text changed.
	ConsentVersion string `yaml:"consent_version,omitempty"`
	ConsentText    string `yaml:"consent_text,omitempty"`
	ConsentedAt    string `yaml:"consented_at,omitempty"`
}

// Stored is a submission as kept in the inbox.
type Stored struct {
	ID       string
	Received time.Time
	// PhotoFile is the name of the story's photo in the inbox folder,
	// like ID.photo.jpg; "" when it has none.
	PhotoFile string
	// ConsentedAt is when consent was given ("" in stories stored before
	// consent was versioned, or whose private data is erased).
	ConsentedAt string
	Submission
}

// NewID makes a submission id: the time, then 32 random bits.
func NewID(now time.Time) string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// ValidID reports whether s has the form of a submission id, so that no
// path is ever built from anything else.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// Save writes an accepted submission durably and returns its id. When it
// returns without error the story is on disk and survives a crash.
func (in *Inbox) Save(s Submission, now time.Time) (string, error) {
	for attempt := 0; attempt < 5; attempt++ {
		id := NewID(now)
		err := in.saveAs(id, s, now)
		if errors.Is(err, fs.ErrExist) {
			continue // the same id twice: draw another
		}
		if err != nil {
			return "", err
		}
		return id, nil
	}
	return "", errors.New("save submission: could not find a free id")
}

// saveAs writes a submission under a given id, which must be free: it
// returns fs.ErrExist otherwise.
func (in *Inbox) saveAs(id string, s Submission, now time.Time) error {
	data, err := marshalStory(storedStory{
		Title: s.Title, Date: now.UTC().Truncate(time.Second), Name: s.Name, Role: s.Role, Company: s.Company,
		Result: s.Result, Tags: s.Tags, Submission: id, Draft: true,
		Private: &private{Email: s.Email, Consent: s.Consent, Received: now.UTC().Format(time.RFC3339Nano),
			ConsentVersion: s.ConsentVersion, ConsentText: s.ConsentText, ConsentedAt: now.UTC().Format(time.RFC3339)},
	}, s.Story)
	if err != nil {
		return err
	}
	path := filepath.Join(in.Dir, id+".md")
	if s.Photo != nil {
		if _, err := os.Lstat(path); err == nil {
			return fs.ErrExist // another story's id: leave its photo be
		}
		if err := in.savePhoto(id, s.Photo); err != nil {
			return err
		}
	}
	if in.Notify != nil {
		if _, err := os.Lstat(path); err == nil {
			return fs.ErrExist // another story's id: queue nothing for it
		}
		msg := notify.Message{ID: id, Title: s.Title, Name: s.Name, Result: s.Result}
		if err := in.Notify.Enqueue(msg, now); err != nil {
			return fmt.Errorf("save submission: %w", err)
		}
		if in.WithdrawURL != nil {
			to := notify.Submitter{Email: s.Email, WithdrawURL: in.WithdrawURL(in.WithdrawToken(id))}
			if err := in.Notify.EnqueueConfirmation(msg, to, now); err != nil {
				return fmt.Errorf("save submission: %w", err)
			}
		}
	}
	err = writeNew(filepath.Join(in.Dir, incomingDir), path, data)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("save submission: %w", err)
	}
	return err
}

// marshalStory builds a Markdown file: front matter from the marshaller,
// never from string concatenation of user input, then the body.
func marshalStory(fm storedStory, body string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return nil, fmt.Errorf("marshal front matter: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("marshal front matter: %w", err)
	}
	buf.WriteString("---\n\n")
	buf.WriteString(strings.TrimSpace(body))
	buf.WriteString("\n")
	return buf.Bytes(), nil
}

// UnreadableError names the inbox files that could not be read. List
// returns it together with every story it could read: one bad file does
// not hide the others.
type UnreadableError struct {
	Files []error
}

func (e *UnreadableError) Error() string {
	msgs := make([]string, len(e.Files))
	for i, err := range e.Files {
		msgs[i] = err.Error()
	}
	return fmt.Sprintf("%d %s in the inbox could not be read:\n%s", len(e.Files), words.Plural(len(e.Files), "file", "files"), strings.Join(msgs, "\n"))
}

// List returns the waiting submissions, oldest first. Files that cannot
// be read are skipped and named in an *UnreadableError.
func (in *Inbox) List() ([]Stored, error) {
	entries, err := os.ReadDir(in.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // no story received yet
	}
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	var out []Stored
	var bad []error
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".md")
		if !ok || !ValidID(id) || !e.Type().IsRegular() {
			continue
		}
		s, err := in.Get(id)
		if errors.Is(err, ErrNotFound) {
			continue // approved or rejected meanwhile
		}
		if err != nil {
			bad = append(bad, err)
			continue
		}
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(bad) > 0 {
		return out, &UnreadableError{Files: bad}
	}
	return out, nil
}

// Holds reports whether a story is waiting or approved: one that is
// neither (rejected, or never stored) is not notified.
func (in *Inbox) Holds(id string) bool {
	if !ValidID(id) {
		return false
	}
	for _, path := range []string{filepath.Join(in.Dir, id+".md"), filepath.Join(in.Dir, approvedDir, id+".md")} {
		if _, err := os.Stat(path); err == nil {
			return true
		}
	}
	return false
}

// NotifyDir is where the notification queue of an inbox is kept.
func (in *Inbox) NotifyDir() string { return filepath.Join(in.Dir, notifyDir) }

// Get reads one waiting submission.
func (in *Inbox) Get(id string) (*Stored, error) {
	if !ValidID(id) {
		return nil, fmt.Errorf("%q is not a submission id (like 20261127T093000Z-3f9a1c2b)", id)
	}
	path := filepath.Join(in.Dir, id+".md")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	var fm storedStory
	body, err := frontmatter.MustParse(bytes.NewReader(data), &fm)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s := &Stored{ID: id, Received: fm.Date, PhotoFile: photoOf(in.Dir, id), Submission: Submission{
		Name: fm.Name, Role: fm.Role, Company: fm.Company, Title: fm.Title, Result: fm.Result,
		Tags: fm.Tags, Story: strings.TrimSpace(string(body)),
	}}
	if p := fm.Private; p != nil {
		s.Email, s.Consent = p.Email, p.Consent
		s.ConsentVersion, s.ConsentText, s.ConsentedAt = p.ConsentVersion, p.ConsentText, p.ConsentedAt
	}
	return s, nil
}
