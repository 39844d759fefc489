package submission_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

func TestValidFormAndJSON(t *testing.T) {
	v := submission.NewValidator(siteTags)
	s, errs := v.DecodeForm(validStory())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if s.Name != "Priya N." || s.Email != "priya@example.org" || !s.Consent || s.IsBot() {
		t.Errorf("form: %+v", s)
	}
	if strings.Join(s.Tags, "|") != "Coaching|Top Performers" {
		t.Errorf("tags are kept under the site's names: %v", s.Tags)
	}
	data, _ := json.Marshal(validJSON())
	s, errs = v.DecodeJSON(data)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if s.Title != "From burnout to my best quarter" || len(s.Tags) != 1 {
		t.Errorf("json: %+v", s)
	}
}

// TestInvalidFields changes one field of a valid submission at a time and
// checks that exactly that field is named.
func TestInvalidFields(t *testing.T) {
	tests := []struct {
		field string
		value any    // a string for both encodings; other types JSON only
		only  string // "form" or "json" when the case exists in one encoding
		want  string
	}{
		{"name", "", "", "is required"},
		{"name", "   ", "", "is required"},
		{"name", strings.Repeat("n", 81), "", "at most 80 characters, got 81"},
		{"name", "Priya\nN.", "", "single line"},
		{"name", "Pri\x00ya", "", "control character"},
		{"email", "", "", "is required"},
		{"email", "not-an-email", "", "email address"},
		{"email", "Priya <priya@example.org>", "", "email address"},
		{"email", "priya@localhost", "", "email address"},
		{"email", strings.Repeat("a", 250) + "@example.org", "", "at most 254"},
		{"role", strings.Repeat("r", 81), "", "at most 80"},
		{"company", strings.Repeat("c", 81), "", "at most 80"},
		{"title", "Win", "", "at least 5 characters, got 3"},
		{"title", strings.Repeat("t", 121), "", "at most 120"},
		{"story", "Too short.", "", "at least 200 characters"},
		{"story", strings.Repeat("s", 20001), "", "at most 20000"},
		{"result", strings.Repeat("r", 201), "", "at most 200"},
		{"result", "one\ntwo", "", "single line"},
		{"consent", "false", "form", "must be ticked"},
		{"consent", false, "json", "must be ticked"},
		{"consent", "yes please", "form", `must be "true"`},
		{"consent", "true", "json", "must be true or false"},
		{"tags", []string{"Unknown topic"}, "json", "is not one of this site's topics"},
		{"tags", "Unknown topic", "form", "is not one of this site's topics"},
		{"tags", "coaching", "json", "must be a list of strings"},
		{"name", 42, "json", "must be a string"},
		{"title", nil, "json", "must be a string"},
	}
	v := submission.NewValidator(siteTags)
	for _, tt := range tests {
		t.Run(tt.field+" "+truncate(tt.want), func(t *testing.T) {
			for _, enc := range []string{"form", "json"} {
				if tt.only != "" && tt.only != enc {
					continue
				}
				var errs []submission.FieldError
				if enc == "form" {
					values := validStory()
					values.Set(tt.field, tt.value.(string))
					_, errs = v.DecodeForm(values)
				} else {
					obj := validJSON()
					obj[tt.field] = tt.value
					data, _ := json.Marshal(obj)
					_, errs = v.DecodeJSON(data)
				}
				if len(errs) != 1 || errs[0].Field != tt.field || !strings.Contains(errs[0].Message, tt.want) {
					t.Errorf("%s: errors = %v, want one for %s containing %q", enc, errs, tt.field, tt.want)
				}
			}
		})
	}
}

func truncate(s string) string {
	if len(s) > 24 {
		return s[:24]
	}
	return s
}

func TestEveryBadFieldIsNamed(t *testing.T) {
	v := submission.NewValidator(siteTags)
	_, errs := v.DecodeForm(url.Values{"title": {"abc"}, "bogus": {"x"}, "name": {"a", "b"}})
	var fields []string
	for _, e := range errs {
		fields = append(fields, e.Field)
	}
	want := "bogus name email title story consent"
	if strings.Join(fields, " ") != want {
		t.Errorf("fields = %q, want %q", strings.Join(fields, " "), want)
	}
}

func TestHoneypotAndTagLimits(t *testing.T) {
	v := submission.NewValidator([]string{"a", "b", "c", "d", "e", "f"})
	values := validStory()
	values["tags"] = []string{"a", "b", "c", "d", "e", "f"}
	if _, errs := v.DecodeForm(values); len(errs) != 1 || !strings.Contains(errs[0].Message, "at most 5 topics") {
		t.Errorf("six tags: %v", errs)
	}
	values["tags"] = []string{"a", "A", " a "}
	if s, errs := v.DecodeForm(values); len(errs) > 0 || len(s.Tags) != 1 {
		t.Errorf("the same tag thrice is one tag: %v %v", s.Tags, errs)
	}
	values.Set("website", "http://spam.example")
	if s, errs := v.DecodeForm(values); len(errs) > 0 || !s.IsBot() {
		t.Errorf("a filled honeypot is no error but marks a bot: %v %v", s.IsBot(), errs)
	}
}

func TestJSONBodyErrors(t *testing.T) {
	v := submission.NewValidator(siteTags)
	for _, body := range []string{"", "[]", "null", "{", `{"name": "x"} {}`, `"text"`} {
		_, errs := v.DecodeJSON([]byte(body))
		if len(errs) != 1 || errs[0].Field != "body" {
			t.Errorf("%q: %v", body, errs)
		}
	}
}

func TestMarkdownStoryKeepsLinesAndNormalizesCRLF(t *testing.T) {
	v := submission.NewValidator(siteTags)
	values := validStory()
	values.Set("story", "  "+strings.Repeat("Line one.\r\nLine two.\r\n", 12)+"  ")
	s, errs := v.DecodeForm(values)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if strings.Contains(s.Story, "\r") || !strings.HasPrefix(s.Story, "Line one.\nLine two.") || strings.HasSuffix(s.Story, " ") {
		t.Errorf("story = %q", s.Story[:40])
	}
}

func FuzzDecodeForm(f *testing.F) {
	f.Add(validStory().Encode())
	f.Add("name=%ff&email=a%40b.c&consent=on&tags=coaching&tags=x")
	f.Add("website=x&" + validStory().Encode())
	v := submission.NewValidator(siteTags)
	f.Fuzz(func(t *testing.T, body string) {
		values, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		s, errs := v.DecodeForm(values)
		checkDecoded(t, s, errs)
	})
}

func FuzzDecodeJSON(f *testing.F) {
	data, _ := json.Marshal(validJSON())
	f.Add(data)
	f.Add([]byte(`{"name": 1, "tags": [1], "consent": "true"}`))
	f.Add([]byte(`{"story": "\u0000", "title": null}`))
	f.Add([]byte(`{"title": "\ud800", "consent": false, "consent": true}`))
	f.Add([]byte(`{"title": "\ud83d\ude80 \u202e", "name": "\u200d"}`))
	f.Add([]byte("{\"title\": \"\xff\xfe\"}"))
	f.Add([]byte(`{"title": "\ufffd"}`))
	f.Add(bytes.Replace(data, []byte(`"consent":true`), []byte(`"consent":false,"consent":true`), 1))
	v := submission.NewValidator(siteTags)
	f.Fuzz(func(t *testing.T, body []byte) {
		s, errs := v.DecodeJSON(body)
		checkDecoded(t, s, errs)
		if len(errs) > 0 {
			return
		}
		// What is accepted is valid JSON and UTF-8, with every key once,
		// and nothing was repaired: U+FFFD only where it was sent.
		if !utf8.Valid(body) || !json.Valid(body) {
			t.Fatalf("accepted invalid JSON or UTF-8: %q", body)
		}
		var keys map[string]json.RawMessage
		json.Unmarshal(body, &keys)
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.Token()
		n := 0
		for dec.More() {
			dec.Token()
			var skip json.RawMessage
			dec.Decode(&skip)
			n++
		}
		if n != len(keys) {
			t.Fatalf("accepted a key given twice: %q", body)
		}
		sent := strings.Count(string(body), "\uFFFD") + strings.Count(strings.ToLower(string(body)), `\ufffd`)
		got := 0
		for _, one := range []string{s.Name, s.Email, s.Role, s.Company, s.Title, s.Story, s.Result} {
			got += strings.Count(one, "\uFFFD")
		}
		if got > sent {
			t.Fatalf("a character was repaired into U+FFFD: %q", body)
		}
	})
}

// checkDecoded asserts what every accepted submission must satisfy.
func checkDecoded(t *testing.T, s submission.Submission, errs []submission.FieldError) {
	for _, e := range errs {
		if e.Field == "" || e.Message == "" {
			t.Fatalf("an error without field or message: %+v", e)
		}
	}
	if len(errs) > 0 {
		return
	}
	if !s.Consent || s.Name == "" || s.Email == "" || len([]rune(s.Title)) < 5 || len([]rune(s.Story)) < 200 || len(s.Tags) > 5 {
		t.Fatalf("accepted an invalid submission: %+v", s)
	}
	for _, one := range []string{s.Name, s.Email, s.Role, s.Company, s.Title, s.Result} {
		if strings.ContainsAny(one, "\n\r\x00") {
			t.Fatalf("accepted a line break or NUL in a one-line field: %q", one)
		}
	}
	for _, one := range []string{s.Name, s.Email, s.Role, s.Company, s.Title, s.Story, s.Result} {
		if strings.ContainsAny(one, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200e\u200f\ufeff") {
			t.Fatalf("accepted a bidi control or zero-width space: %q", one)
		}
	}
}

func TestFieldsWithoutNames(t *testing.T) {
	v := submission.NewValidator(siteTags)
	_, formErrs := v.DecodeForm(url.Values{"": {"x"}})
	_, jsonErrs := v.DecodeJSON([]byte(`{"": 1}`))
	for _, errs := range [][]submission.FieldError{formErrs, jsonErrs} {
		if len(errs) == 0 || errs[0].Field != "(a field without a name)" {
			t.Errorf("errors = %v", errs)
		}
	}
}
