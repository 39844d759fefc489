package submission

import (
	"net/url"
	"strconv"
)

// FormView is the story form as a layout renders it: the fields of the
// definition, with the reader's values and errors when it is shown again.
type FormView struct {
	Action  string
	Enctype string // multipart/form-data when the form has a file field
	Fields  []FieldView
	Errors  []ErrorView // every problem, for the summary above the form
	Problem string      // a problem with the whole request (too large, too many)
}

// FieldView is one field of the form.
type FieldView struct {
	Name         string
	ID           string // the input's id
	Label        string
	Hint         string
	HintID       string
	Kind         string // text, email, markdown, tags, consent, honeypot, photo, token
	InputType    string // the <input type>
	Accept       string // for a photo: the file input's accept
	Required     bool
	MinLength    int
	MaxLength    int
	MaxItems     int
	Autocomplete string
	Value        string
	Checked      bool
	Options      []OptionView // for tags
	Error        string
	ErrorID      string
}

// OptionView is one choice of a tags field.
type OptionView struct {
	ID, Value, Label string
	Checked          bool
}

// ErrorView is one error, linked to its field.
type ErrorView struct {
	FieldID string
	Label   string
	Message string
}

// Form builds the form view. values and errs are those of a rejected
// submission, or nil for an empty form.
func (v *Validator) Form(action string, values url.Values, errs []FieldError) *FormView {
	form := &FormView{Action: action}
	byField := map[string]string{}
	for _, e := range errs {
		field := e.Field
		if field == "consent_version" {
			// A hidden field: the box the submitter ticks shows it.
			field = "consent"
		}
		if _, dup := byField[field]; !dup {
			byField[field] = e.Message
		}
	}
	for _, f := range Fields {
		fv := FieldView{
			Name: f.Name, ID: "field-" + f.Name, Label: f.Label, Hint: f.Hint, HintID: "hint-" + f.Name,
			Kind: string(f.Kind), Required: f.Required, MinLength: f.MinLength, MaxLength: f.MaxLength,
			MaxItems: f.MaxItems, Autocomplete: f.Autocomplete, Value: values.Get(f.Name),
			Error: byField[f.Name], ErrorID: "error-" + f.Name,
		}
		switch f.Kind {
		case KindEmail:
			fv.InputType = "email"
		case KindPhoto:
			// A browser cannot be given a file back: say so when the
			// form comes back with errors.
			fv.InputType, fv.Accept, fv.Value = "file", f.Accept, ""
			form.Enctype = mediaMultipart
			if len(errs) > 0 {
				fv.Hint += " If you had chosen a photo, choose it again: a form shown again cannot keep it."
			}
		case KindToken:
			fv.InputType = "hidden"
		case KindConsent:
			fv.InputType = "checkbox"
			fv.Label = v.consentText
			// Agreeing to an older text is no agreement to this one.
			fv.Checked = (fv.Value == "true" || fv.Value == "on") && !consentOutdated(errs)
		case KindConsentVersion:
			fv.InputType = "hidden"
			fv.Value = v.ConsentVersion()
		case KindTags:
			chosen := map[string]bool{}
			for _, t := range values[f.Name] {
				chosen[t] = true
			}
			for i, s := range v.TagSlugs() {
				fv.Options = append(fv.Options, OptionView{
					ID: "field-tags-" + strconv.Itoa(i), Value: s, Label: v.tags[s], Checked: chosen[s],
				})
			}
		default:
			fv.InputType = "text"
		}
		switch {
		case fv.Error != "" && f.Kind == KindToken:
			form.Errors = append(form.Errors, ErrorView{Label: "The form", Message: fv.Error})
		case fv.Error != "":
			form.Errors = append(form.Errors, ErrorView{FieldID: fv.ID, Label: fv.Label, Message: fv.Error})
		}
		form.Fields = append(form.Fields, fv)
	}
	for _, e := range errs {
		if FieldNamed(e.Field) == nil {
			form.Errors = append(form.Errors, ErrorView{Label: e.Field, Message: e.Message})
		}
	}
	return form
}

// setToken sets the form's one-time token ("" for none).
func (form *FormView) setToken(token string) {
	for i := range form.Fields {
		if form.Fields[i].Kind == string(KindToken) {
			form.Fields[i].Value = token
		}
	}
}
