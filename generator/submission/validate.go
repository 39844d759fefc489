package submission

import (
	"fmt"
	"net/mail"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rainmaker-blog/rainmaker/generator/images"
	"github.com/rainmaker-blog/rainmaker/generator/slug"
)

// Submission is one reader's story as received.
type Submission struct {
	Name    string   `json:"name"`
	Email   string   `json:"email"`
	Role    string   `json:"role,omitempty"`
	Company string   `json:"company,omitempty"`
	Title   string   `json:"title"`
	Story   string   `json:"story"`
	Result  string   `json:"result,omitempty"`
	Tags    []string `json:"tags,omitempty"` // the site's tag names
	Consent bool     `json:"consent"`
	Website string   `json:"website,omitempty"` // the honeypot
	// Photo is the photo of a multipart post, re-encoded; nil without.
	Photo *images.Upload `json:"-"`
	// FormToken is the one-time token of a form the server showed.
	FormToken string `json:"-"`
	// ConsentVersion is the version of the consent text agreed to; the
	// validator fills in the current one when a client sends none, and
	// ConsentText with the text of that version.
	ConsentVersion string `json:"consent_version,omitempty"`
	ConsentText    string `json:"-"`
}

// IsBot reports whether the honeypot field was filled: such a submission
// is answered as a success and stored nowhere.
func (s *Submission) IsBot() bool { return s.Website != "" }

// FieldError is one problem with one field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"detail"`
	// Pointer is the JSON pointer (RFC 6901, as a URI fragment) of what
	// is wrong; "" means the field of that name.
	Pointer string `json:"-"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// Validator checks submissions against Fields and the site's tags.
type Validator struct {
	tags        map[string]string // tag slug -> the site's name for it
	consentText string            // the consent box's label, as the form shows it
}

// NewValidator makes a validator that accepts the given site tags.
func NewValidator(siteTags []string) *Validator {
	v := &Validator{tags: map[string]string{}, consentText: FieldNamed("consent").Label}
	for _, t := range siteTags {
		if s := slug.Make(t); s != "" {
			v.tags[s] = t
		}
	}
	return v
}

// TagSlugs returns the accepted tag slugs, sorted.
func (v *Validator) TagSlugs() []string {
	out := make([]string, 0, len(v.tags))
	for s := range v.tags {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// TagName returns the site's name of a tag slug.
func (v *Validator) TagName(tagSlug string) string { return v.tags[tagSlug] }

// DecodeForm reads an application/x-www-form-urlencoded submission.
func (v *Validator) DecodeForm(values url.Values) (Submission, []FieldError) {
	var s Submission
	var errs []FieldError
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		vals := values[name]
		f := FieldNamed(name)
		switch {
		case f == nil:
			errs = append(errs, unknownField(name))
		case f.Kind != KindTags && len(vals) > 1:
			errs = append(errs, FieldError{Field: name, Message: "is given more than once"})
		case f.Kind == KindPhoto:
			errs = append(errs, FieldError{Field: name, Message: "can only be sent as a file, in a multipart/form-data body (the form's enctype)"})
		}
	}
	str := func(name string) string { return values.Get(name) }
	s.Name, s.Email, s.Role, s.Company = str("name"), str("email"), str("role"), str("company")
	s.Title, s.Story, s.Result, s.Website = str("title"), str("story"), str("result"), str("website")
	s.ConsentVersion = str("consent_version")
	s.Tags = values["tags"]
	s.FormToken = values.Get("form_token")
	switch c := values.Get("consent"); c {
	case "true", "on":
		s.Consent = true
	case "", "false":
	default:
		errs = append(errs, FieldError{Field: "consent", Message: fmt.Sprintf("must be \"true\", got %q", truncate(c, 20))})
	}
	return v.check(s, errs)
}

// unknownField names a field that is not in the definition.
func unknownField(name string) FieldError {
	label := truncate(name, 40)
	if label == "" {
		label = "(a field without a name)"
	}
	return FieldError{Field: label, Message: "is not a field of a story submission", Pointer: fieldPointer(name)}
}

// bodyError is a problem with the whole body, not with one field.
func bodyError(msg string) FieldError { return FieldError{Field: "body", Message: msg, Pointer: "#"} }

// field returns the string field of a name.
func (s *Submission) field(name string) *string {
	switch name {
	case "name":
		return &s.Name
	case "email":
		return &s.Email
	case "role":
		return &s.Role
	case "company":
		return &s.Company
	case "title":
		return &s.Title
	case "story":
		return &s.Story
	case "result":
		return &s.Result
	case "website":
		return &s.Website
	case "consent_version":
		return &s.ConsentVersion
	}
	panic("submission: no string field " + name)
}

// check normalizes and validates every field, appending to errs (which
// holds decoding errors) at most one error per field, in form order.
func (v *Validator) check(s Submission, decodeErrs []FieldError) (Submission, []FieldError) {
	failed := map[string]bool{}
	for _, e := range decodeErrs {
		failed[e.Field] = true
	}
	var errs []FieldError
	for _, f := range Fields {
		if failed[f.Name] {
			continue
		}
		var msg string
		switch f.Kind {
		case KindText, KindEmail, KindMarkdown:
			p := s.field(f.Name)
			*p, msg = checkText(f, *p)
		case KindTags:
			s.Tags, msg = v.checkTags(f, s.Tags)
		case KindConsent:
			if !s.Consent {
				msg = "must be ticked: we publish stories only with your permission"
			}
		case KindHoneypot:
			// A filled honeypot is not an error the sender should see.
		case KindPhoto, KindToken:
			// Checked by the server: the photo is decoded only once the
			// rest is valid, and a token needs the inbox's key.
		case KindConsentVersion:
			s.ConsentVersion, s.ConsentText, msg = v.checkConsentVersion(s.ConsentVersion)
		}
		if msg != "" {
			errs = append(errs, FieldError{Field: f.Name, Message: msg})
		}
	}
	// Decoding errors first, in the order of the form.
	all := append([]FieldError(nil), decodeErrs...)
	sort.SliceStable(all, func(i, j int) bool { return fieldIndex(all[i].Field) < fieldIndex(all[j].Field) })
	return s, append(all, errs...)
}

func fieldIndex(name string) int {
	for i, f := range Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// checkText trims and checks a text field, returning the value to keep.
func checkText(f Field, value string) (string, string) {
	if !utf8.ValidString(value) {
		return value, "is not valid UTF-8 text"
	}
	if f.Kind == KindMarkdown {
		value = strings.ReplaceAll(value, "\r\n", "\n")
	}
	value = strings.TrimSpace(value)
	for _, r := range value {
		if r == '\n' && f.Kind != KindMarkdown {
			return value, "must be a single line"
		}
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || r == '\u2028' || r == '\u2029' {
			return value, fmt.Sprintf("contains the control character %U", r)
		}
	}
	if msg := checkInvisible(value); msg != "" {
		return value, msg
	}
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0 && f.Required:
		return value, "is required"
	case n == 0:
		return value, ""
	case n < f.MinLength:
		return value, fmt.Sprintf("must be at least %d characters, got %d", f.MinLength, n)
	case n > f.MaxLength:
		return value, fmt.Sprintf("must be at most %d characters, got %d", f.MaxLength, n)
	}
	if f.Kind == KindEmail {
		addr, err := mail.ParseAddress(value)
		at := strings.LastIndexByte(value, '@')
		if err != nil || addr.Address != value || addr.Name != "" || at < 1 || !strings.Contains(value[at:], ".") {
			return value, "must be an email address like name@example.org"
		}
	}
	return value, ""
}

// checkTags keeps the site's names of the chosen tags, each once.
func (v *Validator) checkTags(f Field, tags []string) ([]string, string) {
	var out []string
	seen := map[string]bool{}
	for _, t := range tags {
		s := slug.Make(t)
		name, ok := v.tags[s]
		if !ok {
			return nil, fmt.Sprintf("%q is not one of this site's topics", truncate(t, 40))
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, name)
		}
	}
	if len(out) > f.MaxItems {
		return nil, fmt.Sprintf("choose at most %d topics, got %d", f.MaxItems, len(out))
	}
	return out, ""
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
