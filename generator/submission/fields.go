// Package submission holds readers' story submissions: the one definition
// of their fields, from which the form, the OpenAPI document and the
// validation of the receiving server are all derived; the inbox they are
// kept in; and the HTTP server that receives them.
package submission

// Kind is how a field is entered and checked.
type Kind string

const (
	KindText     Kind = "text"     // one line of text
	KindEmail    Kind = "email"    // an email address
	KindMarkdown Kind = "markdown" // several lines of Markdown
	KindTags     Kind = "tags"     // a few of the site's tags
	KindConsent  Kind = "consent"  // a box that must be ticked
	KindHoneypot Kind = "honeypot" // must stay empty; only bots fill it
	KindPhoto    Kind = "photo"    // an image file, sent only as multipart/form-data
	KindToken    Kind = "token"    // a hidden one-time token of a form the server showed
	// KindConsentVersion is a hidden field: the version of the consent
	// text the form showed (see ConsentVersion).
	KindConsentVersion Kind = "consent_version"
)

// Field describes one field of a submission. Lengths count characters
// (Unicode code points), after leading and trailing space is trimmed.
type Field struct {
	Name         string
	Label        string
	Hint         string
	Kind         Kind
	Required     bool
	MinLength    int
	MaxLength    int
	MaxItems     int    // for KindTags
	Autocomplete string // the form's autocomplete token
	Private      bool   // kept out of everything that is published
	Example      string
	MaxBytes     int64  // for KindPhoto: the file's size
	MaxPixels    int64  // for KindPhoto: width × height
	Accept       string // for KindPhoto: the media types, as the file input's accept
}

// Fields is the definition of a story submission, in form order.
var Fields = []Field{
	{Name: "name", Label: "Your name", Hint: "As you would like it shown with your story, for example “Priya N.”.",
		Kind: KindText, Required: true, MinLength: 1, MaxLength: 80, Autocomplete: "name", Example: "Priya N."},
	{Name: "email", Label: "Email", Hint: "So we can confirm details with you. Never published.",
		Kind: KindEmail, Required: true, MaxLength: 254, Autocomplete: "email", Private: true, Example: "priya@example.org"},
	{Name: "role", Label: "Role", Hint: "Optional, for example “Account Executive”.",
		Kind: KindText, MaxLength: 80, Autocomplete: "organization-title", Example: "Account Executive"},
	{Name: "company", Label: "Company", Hint: "Optional; a description such as “a logistics software firm” is fine.",
		Kind: KindText, MaxLength: 80, Autocomplete: "organization", Example: "a logistics software company"},
	{Name: "title", Label: "Title of your story", Hint: "5 to 120 characters.",
		Kind: KindText, Required: true, MinLength: 5, MaxLength: 120, Example: "From burnout to my best quarter"},
	{Name: "story", Label: "Your story", Hint: "What was the situation, what changed, what happened? 200 to 20,000 characters; Markdown works (**bold**, lists, links).",
		Kind: KindMarkdown, Required: true, MinLength: 200, MaxLength: 20000,
		Example: "I had been the top seller in my region for two years running, and I was exhausted. My manager noticed before I did. " +
			"Instead of another pipeline review, she asked me what a good week would look like if the number took care of itself. " +
			"We moved proposal formatting to sales operations and I kept two afternoons a week free for my biggest accounts."},
	{Name: "result", Label: "The result, in one line", Hint: "Optional, for example “Closed 30% more in Q3”.",
		Kind: KindText, MaxLength: 200, Example: "Closed 30% more in Q3"},
	{Name: "tags", Label: "Topics", Hint: "Optional: up to 5 topics your story is about.",
		Kind: KindTags, MaxItems: 5},
	{Name: "photo", Label: "A photo of you", Hint: "Optional: a JPEG, PNG or WebP photo of up to 5 MB, shown with your story. Its location and camera data are removed.",
		Kind: KindPhoto, MaxBytes: MaxPhotoBytes, MaxPixels: MaxPhotoPixels, Accept: "image/jpeg,image/png,image/webp"},
	{Name: "consent", Label: "I agree that my story, name, role, company, result and photo may be published on this site.",
		Kind: KindConsent, Required: true},
	{Name: "consent_version", Label: "Version of the consent text",
		Hint: "Sent by the form: the version of the consent text it showed. Left out, the current text is agreed to; an older version is refused, so that nobody agrees to a text they did not see.",
		Kind: KindConsentVersion, MaxLength: ConsentVersionLength},
	{Name: "website", Label: "Leave this field empty", Kind: KindHoneypot, MaxLength: 0},
	{Name: "form_token", Label: "Form token", Kind: KindToken, MaxLength: maxTokenLength},
}

// The limits of a photo: a phone's photo fits, a poster does not.
const (
	MaxPhotoBytes  = 5 << 20
	MaxPhotoPixels = 25_000_000
)

// FieldNamed returns the definition of a field, or nil.
func FieldNamed(name string) *Field {
	for i := range Fields {
		if Fields[i].Name == name {
			return &Fields[i]
		}
	}
	return nil
}
