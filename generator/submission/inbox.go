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

	"github.com/rainmaker-blog/rainmaker/generator/slug"
	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// Inbox is the folder where accepted submissions wait for an author. Each
// is one Markdown file, ID.md, written whole or not at all; the email
// address lives in its "private" front matter, which nothing published
// reads (the site build rejects the field, so a file copied by hand into
// content/ fails loudly instead of leaking it).
type Inbox struct {
	Dir string
}

const (
	incomingDir = ".incoming" // temporary files, on the inbox's file system
	approvedDir = "approved"  // approved submissions, kept for their private data
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
	Submission string    `yaml:"submission"`
	Draft      bool      `yaml:"draft"`
	Private    *private  `yaml:"private,omitempty"`
}

type private struct {
	Email    string `yaml:"email"`
	Consent  bool   `yaml:"consent"`
	Received string `yaml:"received"`
}

// Stored is a submission as kept in the inbox.
type Stored struct {
	ID       string
	Received time.Time
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

// Open makes sure the inbox folders exist and removes temporary files
// that a crash may have left behind.
func (in *Inbox) Open() error {
	if err := os.MkdirAll(filepath.Join(in.Dir, incomingDir), 0o700); err != nil {
		return fmt.Errorf("open inbox: %w", err)
	}
	entries, err := os.ReadDir(filepath.Join(in.Dir, incomingDir))
	if err != nil {
		return fmt.Errorf("open inbox: %w", err)
	}
	for _, e := range entries {
		os.Remove(filepath.Join(in.Dir, incomingDir, e.Name()))
	}
	return nil
}

// Save writes an accepted submission durably and returns its id. When it
// returns without error the story is on disk and survives a crash.
func (in *Inbox) Save(s Submission, now time.Time) (string, error) {
	for attempt := 0; attempt < 5; attempt++ {
		id := NewID(now)
		data, err := marshalStory(storedStory{
			Title: s.Title, Date: now.UTC().Truncate(time.Second), Name: s.Name, Role: s.Role, Company: s.Company,
			Result: s.Result, Tags: s.Tags, Submission: id, Draft: true,
			Private: &private{Email: s.Email, Consent: s.Consent, Received: now.UTC().Format(time.RFC3339Nano)},
		}, s.Story)
		if err != nil {
			return "", err
		}
		err = writeNew(filepath.Join(in.Dir, incomingDir), filepath.Join(in.Dir, id+".md"), data)
		if errors.Is(err, fs.ErrExist) {
			continue // the same id twice: draw another
		}
		if err != nil {
			return "", fmt.Errorf("save submission: %w", err)
		}
		return id, nil
	}
	return "", errors.New("save submission: could not find a free id")
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

// writeNew writes data to a temporary file in tmpDir, flushes it, and
// links it at path, which must not exist yet: two writers can never
// overwrite each other. The folder is flushed too, so the new name
// survives a crash.
func writeNew(tmpDir, path string, data []byte) error {
	tmp, err := os.CreateTemp(tmpDir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fs.ErrExist
		}
		return err
	}
	return durable.SyncDir(filepath.Dir(path))
}

// List returns the waiting submissions, oldest first.
func (in *Inbox) List() ([]Stored, error) {
	entries, err := os.ReadDir(in.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // no story received yet
	}
	if err != nil {
		return nil, fmt.Errorf("read inbox: %w", err)
	}
	var out []Stored
	for _, e := range entries {
		id, ok := strings.CutSuffix(e.Name(), ".md")
		if !ok || !ValidID(id) || !e.Type().IsRegular() {
			continue
		}
		s, err := in.Get(id)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

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
	s := &Stored{ID: id, Received: fm.Date, Submission: Submission{
		Name: fm.Name, Role: fm.Role, Company: fm.Company, Title: fm.Title, Result: fm.Result,
		Tags: fm.Tags, Story: strings.TrimSpace(string(body)),
	}}
	if fm.Private != nil {
		s.Email, s.Consent = fm.Private.Email, fm.Private.Consent
	}
	return s, nil
}

// Approve publishes a submission as a story in storiesDir under a slug
// made from its title, unique among existing file names and the taken
// slugs, and moves the inbox file to approved/, where its private data
// stays. It returns the new story's path.
func (in *Inbox) Approve(id, storiesDir string, taken func(slug string) bool) (string, error) {
	s, err := in.Get(id)
	if err != nil {
		return "", err
	}
	base := slug.Make(s.Title)
	if base == "" {
		base = "story-" + strings.ToLower(id)
	}
	data, err := marshalStory(storedStory{
		Title: s.Title, Date: s.Received, Name: s.Name, Role: s.Role, Company: s.Company,
		Result: s.Result, Tags: s.Tags, Submission: id, Draft: false,
	}, s.Story)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(storiesDir, 0o755); err != nil {
		return "", err
	}
	var path string
	for n := 1; ; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		if taken != nil && taken(name) {
			continue
		}
		path = filepath.Join(storiesDir, name+".md")
		err = writeNew(storiesDir, path, data)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("approve %s: %w", id, err)
		}
		break
	}
	if err := os.MkdirAll(filepath.Join(in.Dir, approvedDir), 0o700); err != nil {
		return path, err
	}
	if err := os.Rename(filepath.Join(in.Dir, id+".md"), filepath.Join(in.Dir, approvedDir, id+".md")); err != nil {
		return path, fmt.Errorf("approve %s: published as %s, but could not move it out of the inbox: %w", id, path, err)
	}
	return path, durable.SyncDir(in.Dir)
}

// Reject removes a waiting submission.
func (in *Inbox) Reject(id string) error {
	if _, err := in.Get(id); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(in.Dir, id+".md")); err != nil {
		return fmt.Errorf("reject %s: %w", id, err)
	}
	return durable.SyncDir(in.Dir)
}
