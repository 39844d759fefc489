package submission

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DecodeJSON reads an application/json submission. It is stricter than
// encoding/json, which would replace invalid UTF-8 and lone surrogates
// with U+FFFD and let the last of two equal keys win: the form refuses
// the same bytes, and "consent": false then true must not read as true.
func (v *Validator) DecodeJSON(data []byte) (Submission, []FieldError) {
	var s Submission
	if !utf8.Valid(data) {
		return s, []FieldError{bodyError("is not valid UTF-8")}
	}
	if err := checkSurrogates(data); err != nil {
		return s, []FieldError{bodyError(err.Error())}
	}
	raw, errs, err := readObject(data)
	if err != nil {
		return s, []FieldError{bodyError(err.Error())}
	}
	names := make([]string, 0, len(raw))
	for name := range raw {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f := FieldNamed(name)
		if f == nil {
			errs = append(errs, unknownField(name))
			continue
		}
		if f.Kind == KindPhoto || f.Kind == KindToken {
			errs = append(errs, FieldError{Field: name, Message: formOnly(f)})
			continue
		}
		if msg := decodeValue(&s, f, raw[name]); msg != "" {
			errs = append(errs, FieldError{Field: name, Message: msg})
		}
	}
	return v.check(s, errs)
}

// formOnly says why a field of the form is not taken as JSON.
func formOnly(f *Field) string {
	if f.Kind == KindPhoto {
		return "cannot be sent as JSON; send the story as multipart/form-data with the photo as a file"
	}
	return "is for the form only; JSON clients send an Idempotency-Key header instead"
}

// readObject reads one JSON object and nothing after it; a key given
// twice is an error of that field.
func readObject(data []byte) (map[string]json.RawMessage, []FieldError, error) {
	const notObject = "the body is not a JSON object"
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", notObject, err)
	}
	if tok != json.Delim('{') {
		return nil, nil, errors.New(notObject)
	}
	raw := map[string]json.RawMessage{}
	var errs []FieldError
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", notObject, err)
		}
		name, _ := tok.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", notObject, err)
		}
		if _, dup := raw[name]; dup {
			if f := FieldNamed(name); f != nil && !hasError(errs, name) {
				errs = append(errs, FieldError{Field: name, Message: "is given more than once"})
			}
			continue
		}
		raw[name] = value
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", notObject, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errors.New("has data after the JSON object")
	}
	return raw, errs, nil
}

func hasError(errs []FieldError, field string) bool {
	for _, e := range errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// decodeValue sets one known field from its JSON value, or says what is
// wrong with it.
func decodeValue(s *Submission, f *Field, raw json.RawMessage) string {
	switch f.Kind {
	case KindTags:
		if json.Unmarshal(raw, &s.Tags) != nil {
			return "must be a list of strings"
		}
	case KindConsent:
		if json.Unmarshal(raw, &s.Consent) != nil {
			return "must be true or false"
		}
	default:
		var text *string
		if json.Unmarshal(raw, &text) != nil || text == nil {
			return "must be a string"
		}
		*s.field(f.Name) = *text
	}
	return ""
}

// checkSurrogates finds a \u escape of half a UTF-16 surrogate pair,
// which encoding/json would turn into U+FFFD. data is valid UTF-8.
func checkSurrogates(data []byte) error {
	inString := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString && i+1 < len(data):
			i++
			if data[i] != 'u' {
				continue
			}
			r, ok := hex4(data, i+1)
			if !ok {
				continue // the decoder names the bad escape
			}
			i += 4
			switch {
			case r >= 0xDC00 && r <= 0xDFFF:
				return fmt.Errorf("has a lone UTF-16 surrogate \\u%04X", r)
			case r >= 0xD800 && r <= 0xDBFF:
				low, ok := rune(0), i+2 < len(data) && data[i+1] == '\\' && data[i+2] == 'u'
				if ok {
					low, ok = hex4(data, i+3)
				}
				if !ok || low < 0xDC00 || low > 0xDFFF {
					return fmt.Errorf("has a lone UTF-16 surrogate \\u%04X", r)
				}
				i += 6
			}
		}
	}
	return nil
}

func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(data[at:at+4]), 16, 32)
	return rune(n), err == nil
}

// fieldPointer is the JSON pointer of a top-level key, as a URI fragment
// (RFC 6901 sections 4 and 6). A name too long to repeat points at the
// whole body.
func fieldPointer(name string) string {
	if len(name) > 200 {
		return "#"
	}
	escaped := strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
	return "#" + (&url.URL{Fragment: "/" + escaped}).EscapedFragment()
}
