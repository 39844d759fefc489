package submission

import (
	"net/http"
	"net/url"
)

// ProblemTokenReused answers a form token sent again with another story.
const ProblemTokenReused = "urn:rainmaker:problem:form-token-reused"

func isForm(media string) bool { return media == mediaForm || media == mediaMultipart }

// decode reads a body of one of the accepted media types. values are the
// form's fields, to show the form again (nil for JSON). The photo is
// decoded, and the form token checked, only once everything else is
// valid: decoding a photo is the costly part of a request, and a bot's is
// never decoded. err is errTextTooLarge for a body to answer 413.
func (s *server) decode(media string, params map[string]string, body []byte) (Submission, url.Values, []FieldError, error) {
	var sub Submission
	var errs []FieldError
	var values url.Values
	var photo []byte
	switch media {
	case mediaForm:
		var err error
		values, err = url.ParseQuery(string(body))
		if err != nil {
			return sub, nil, []FieldError{bodyError("is not a valid form encoding: " + err.Error())}, nil
		}
		sub, errs = s.opts.Validator.DecodeForm(values)
	case mediaMultipart:
		mp, partErrs, err := decodeMultipart(body, params["boundary"], s.opts.MaxBody)
		if err != nil {
			return sub, nil, nil, err
		}
		if len(partErrs) > 0 && partErrs[0].Pointer == "#" {
			return sub, mp.values, partErrs, nil // not a form: nothing to check field by field
		}
		values, photo = mp.values, mp.photo
		sub, errs = s.opts.Validator.DecodeForm(values)
		errs = mergeErrors(partErrs, errs)
	default:
		sub, errs = s.opts.Validator.DecodeJSON(body)
	}
	if len(errs) > 0 || sub.IsBot() {
		return sub, values, errs, nil
	}
	if sub.FormToken != "" {
		if _, err := s.checkFormToken(sub.FormToken); err != nil {
			errs = append(errs, FieldError{Field: "form_token", Message: err.Error()})
		}
	}
	if photo != nil {
		up, fe := decodePhoto(photo)
		if fe != nil {
			errs = append(errs, *fe)
		}
		sub.Photo = up
	}
	return sub, values, errs, nil
}

// key returns the inbox's key of form tokens, read once; nil when the
// inbox cannot give one (the form then goes without a token, and a
// second post is caught by its content alone).
func (s *server) key() []byte {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.formKey == nil {
		key, err := s.opts.Inbox.FormKey()
		if err != nil {
			s.opts.Log.Printf("form tokens: %v", err)
			return nil
		}
		s.formKey = key
	}
	return s.formKey
}

// checkFormToken returns the nonce of a valid form token.
func (s *server) checkFormToken(token string) (string, error) {
	key := s.key()
	if key == nil {
		return "", errTokenInvalid
	}
	return checkToken(key, token, s.opts.Now())
}

// form is the form shown again, with the sender's values and a token, so
// that a second post of it stores nothing new: the token it was sent
// with while that is valid, else a new one.
func (s *server) form(values url.Values, errs []FieldError) *FormView {
	form := s.opts.Validator.Form(s.opts.FormAction, values, errs)
	token := values.Get("form_token")
	if _, err := s.checkFormToken(token); token == "" || err != nil {
		token = ""
		if key := s.key(); key != nil {
			token = mintToken(key, s.opts.Now())
		}
	}
	form.setToken(token)
	return form
}

// tokenReused refuses a form sent again with other content than the
// first time. A browser gets the form back with what it sent and a new
// token, so that sending it again makes it a story of its own.
func (s *server) tokenReused(w http.ResponseWriter, r *http.Request, values url.Values) {
	const title, detail = "This form was sent before with another story", "the story sent first with it was received; to send this one too, send the form again"
	if s.prefersHTML(r) && values != nil {
		values = cloneValues(values)
		values.Del("form_token")
		form := s.form(values, nil)
		form.Problem = title + ": " + detail + "."
		s.html(w, http.StatusConflict, form)
		return
	}
	s.problem(w, r, http.StatusConflict, ProblemTokenReused, title, detail, nil)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
