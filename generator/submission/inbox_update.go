package submission

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/adrg/frontmatter"
)

// Edit is what an author may change in a waiting story before approving
// it: the rest (name, email, consent) is the storyteller's own word.
type Edit struct {
	Title  string
	Result string
	Story  string
	Tags   []string
}

// EditFields are the names of the fields an Edit changes, in form order.
var EditFields = []string{"title", "story", "result", "tags"}

// EditOf returns a story's editable fields.
func EditOf(s *Stored) Edit {
	return Edit{Title: s.Title, Result: s.Result, Story: s.Story, Tags: slices.Clone(s.Tags)}
}

// DecodeEdit reads an edit form (title, story, result, tags) and checks it
// with the rules of a submission, so that an edited story is as valid as
// a received one. Any other field is an error.
func (v *Validator) DecodeEdit(values url.Values) (Edit, []FieldError) {
	var errs []FieldError
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch {
		case !slices.Contains(EditFields, name):
			errs = append(errs, FieldError{Field: truncate(name, 40), Message: "is not a field of the edit form"})
		case name != "tags" && len(values[name]) > 1:
			errs = append(errs, FieldError{Field: name, Message: "is given more than once"})
		}
	}
	return v.CheckEdit(Edit{Title: values.Get("title"), Result: values.Get("result"),
		Story: values.Get("story"), Tags: values["tags"]}, errs)
}

// CheckEdit normalizes an edit and checks each of its fields as
// submissions are checked, after decodeErrs (problems found decoding).
func (v *Validator) CheckEdit(e Edit, decodeErrs []FieldError) (Edit, []FieldError) {
	// The other fields take valid values, so that only the edit's own
	// problems are reported.
	s := Submission{Name: "x", Email: "x@example.org", Consent: true,
		Title: e.Title, Result: e.Result, Story: e.Story, Tags: e.Tags}
	s, checked := v.check(s, nil)
	errs := slices.Clone(decodeErrs)
	for _, err := range checked {
		failed := slices.ContainsFunc(decodeErrs, func(d FieldError) bool { return d.Field == err.Field })
		if slices.Contains(EditFields, err.Field) && !failed {
			errs = append(errs, err)
		}
	}
	return Edit{Title: s.Title, Result: s.Result, Story: s.Story, Tags: s.Tags}, errs
}

// Update changes the editable fields of a waiting story, durably: the
// new file replaces the old one whole (temporary file, fsync, rename),
// and everything else in it, its private data included, stays as it
// was. The edit must have been checked (CheckEdit).
func (in *Inbox) Update(id string, e Edit) error {
	release, err := in.claim(id)
	if err != nil {
		return err
	}
	defer release()
	path := filepath.Join(in.Dir, id+".md")
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("update %s: %w", id, err)
	}
	var fm storedStory
	if _, err := frontmatter.MustParse(bytes.NewReader(data), &fm); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fm.Title, fm.Result, fm.Tags = e.Title, e.Result, e.Tags
	out, err := marshalStory(fm, e.Story)
	if err != nil {
		return err
	}
	if err := replaceFile(filepath.Join(in.Dir, incomingDir), path, out); err != nil {
		return fmt.Errorf("update %s: %w", id, err)
	}
	return nil
}

// PublishedFile is the Markdown file approving a story writes into
// content/stories/: its public part only, never the private data.
func (in *Inbox) PublishedFile(s *Stored) ([]byte, error) {
	fm := storedStory{
		Title: s.Title, Date: s.Received, Name: s.Name, Role: s.Role, Company: s.Company,
		Result: s.Result, Tags: s.Tags, Submission: s.ID, Draft: false,
	}
	if s.PhotoFile != "" { // published beside it, in its page bundle
		alt := in.PhotoAlt
		if !strings.Contains(alt, "{name}") {
			alt = "Photo of {name}"
		}
		fm.Image, fm.ImageAlt = "photo"+filepath.Ext(s.PhotoFile), strings.ReplaceAll(alt, "{name}", s.Name)
	}
	return marshalStory(fm, s.Story)
}

// PublishedSlug is the slug approving a story starts from (a number is
// added when another story has it).
func PublishedSlug(s *Stored) string {
	if base := slugOf(s.Title); base != "" {
		return base
	}
	return "story-" + strings.ToLower(s.ID)
}
