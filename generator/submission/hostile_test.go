package submission_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// jsonWith returns a valid JSON submission with raw text spliced in
// place of the value of title.
func jsonWith(title string) []byte {
	obj := validJSON()
	obj["title"] = "TITLE"
	data, _ := json.Marshal(obj)
	return []byte(strings.Replace(string(data), `"TITLE"`, title, 1))
}

// TestJSONIsAsStrictAsTheForm: bytes the form refuses are refused as
// JSON too, instead of being repaired into U+FFFD by encoding/json, and a
// key given twice is an error, not "the last one wins".
func TestJSONIsAsStrictAsTheForm(t *testing.T) {
	v := submission.NewValidator(siteTags)
	tests := []struct {
		name, body, field, msg string
	}{
		{"invalid UTF-8", string(jsonWith("\"Bad \xff bytes here\"")), "body", "not valid UTF-8"},
		{"lone high surrogate", string(jsonWith(`"Lone \ud800 here"`)), "body", `lone UTF-16 surrogate \uD800`},
		{"lone low surrogate", string(jsonWith(`"Lone \uDC00 here"`)), "body", `surrogate \uDC00`},
		{"high then not low", string(jsonWith(`"Lone \ud83d\u0041 here"`)), "body", "surrogate"},
		{"high at the end", `{"title": "x\ud83d"}`, "body", "surrogate"},
		{"consent false then true", strings.Replace(string(jsonWith(`"A good title"`)), `"consent":true`, `"consent":false,"consent":true`, 1), "consent", "more than once"},
		{"title twice", strings.Replace(string(jsonWith(`"A good title"`)), `{`, `{"title":"Another title",`, 1), "title", "more than once"},
		{"data after", string(jsonWith(`"A good title"`)) + ` {}`, "body", "after the JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := v.DecodeJSON([]byte(tt.body))
			if len(errs) == 0 || errs[0].Field != tt.field || !strings.Contains(errs[0].Message, tt.msg) {
				t.Errorf("errors = %v, want %s: %s", errs, tt.field, tt.msg)
			}
		})
	}
	// A surrogate pair, escaped, is a character like any other.
	s, errs := v.DecodeJSON(jsonWith(`"Coaching \ud83d\ude80 took off"`))
	if len(errs) > 0 || s.Title != "Coaching 🚀 took off" {
		t.Errorf("a surrogate pair: %q %v", s.Title, errs)
	}
	// Escapes that only look like surrogates, and a backslash before a
	// quote, are no surrogates.
	if _, errs := v.DecodeJSON(jsonWith(`"Quote \" and \\ud800 text"`)); len(errs) > 0 {
		t.Errorf("escaped backslash: %v", errs)
	}
}

// TestInvisibleAndBidiCharactersAreRefused: a title can be neither
// invisible nor reversed, in both encodings; emoji and scripts that need
// joiners still work.
func TestInvisibleAndBidiCharactersAreRefused(t *testing.T) {
	v := submission.NewValidator(siteTags)
	bad := map[string]string{
		"right-to-left override":  "Great \u202Eretrauq\u202C results",
		"left-to-right embedding": "Great \u202Aquarter\u202C results",
		"right-to-left isolate":   "Great \u2067quarter\u2069 results",
		"first strong isolate":    "Great \u2068quarter\u2069 results",
		"right-to-left mark":      "Great quarter\u200F results",
		"arabic letter mark":      "Great quarter\u061C results",
		"zero-width space":        "Great\u200Bquarter results",
		"zero-width only":         "\u200B\u200B\u200B\u200B\u200B",
		"joiners only":            "\u200D\u200D\u200D\u200D\u200D",
		"leading joiner":          "\u200DGreat quarter",
		"word joiner":             "Great\u2060quarter",
		"byte order mark":         "\uFEFFGreat quarter",
		"hangul filler":           "\u3164\u3164\u3164\u3164\u3164",
		"soft hyphen":             "Great\u00ADquarter",
		"tag without emoji":       "Great \U000E0067\U000E0062 quarter",
	}
	for name, title := range bad {
		t.Run(name, func(t *testing.T) {
			values := validStory()
			values.Set("title", title)
			if _, errs := v.DecodeForm(values); len(errs) != 1 || errs[0].Field != "title" || !strings.Contains(errs[0].Message, "invisible") {
				t.Errorf("form: %v", errs)
			}
			data, _ := json.Marshal(title)
			if _, errs := v.DecodeJSON(jsonWith(string(data))); len(errs) != 1 || errs[0].Field != "title" {
				t.Errorf("JSON: %v", errs)
			}
			values = validStory()
			values.Set("story", values.Get("story")+title)
			if _, errs := v.DecodeForm(values); len(errs) != 1 || errs[0].Field != "story" {
				t.Errorf("in the story: %v", errs)
			}
		})
	}
	for _, title := range []string{
		"Coding 👩‍💻 at last",            // ZWJ sequence
		"Love it ❤️‍🔥 every day",        // after a variation selector
		"Skin tone 👩🏽‍💻 works",          // after a modifier
		"Scotland 🏴󠁧󠁢󠁳󠁣󠁴󠁿 won the deal", // tag sequence
		"می‌خواهم فروش کنم",             // Persian ZWNJ
		"क्‌ष Hindi half form",          // ZWNJ after a virama
		"שלום עולם and Arabic مرحبا",    // right-to-left letters, no controls
	} {
		values := validStory()
		values.Set("title", title)
		if _, errs := v.DecodeForm(values); len(errs) > 0 {
			t.Errorf("%q: %v", title, errs)
		}
	}
}

func TestFieldErrorsHaveNoPathFromUserInputButAPointer(t *testing.T) {
	v := submission.NewValidator(siteTags)
	_, errs := v.DecodeForm(url.Values{"a/b~c d": {"x"}})
	if len(errs) == 0 || errs[0].Pointer != "#/a~1b~0c%20d" {
		t.Errorf("errors = %#v", errs)
	}
}

// TestManyUnknownKeysGetAShortAnswer: 256 KiB of unknown keys once made
// a 2.6 MB answer.
func TestManyUnknownKeysGetAShortAnswer(t *testing.T) {
	s := newTestServer(t, nil)
	var b strings.Builder
	b.WriteString("{")
	for i := 0; b.Len() < 250<<10; i++ {
		fmt.Fprintf(&b, `"k%d":0,`, i)
	}
	b.WriteString(`"z":0}`)
	w := s.do(jsonRequest(b.String()))
	var p struct {
		Detail string
		Errors []struct{ Field, Pointer string }
	}
	json.Unmarshal(w.Body.Bytes(), &p)
	if w.Code != 400 || w.Body.Len() > 8<<10 || len(p.Errors) != submission.MaxProblems || !strings.Contains(p.Detail, "more not listed") {
		t.Errorf("%d, %d bytes, %d errors, %q", w.Code, w.Body.Len(), len(p.Errors), p.Detail[:min(200, len(p.Detail))])
	}
	// The form page lists no more either.
	form := newTestServer(t, func(o *submission.ServerOptions) { o.RenderForm = renderErrorCount })
	values := validStory()
	for i := range 500 {
		values.Set(fmt.Sprint("k", i), "x")
	}
	r := formRequest(values)
	r.Header.Set("Accept", "text/html")
	if w := form.do(r); w.Code != 400 || w.Body.String() != fmt.Sprint(submission.MaxProblems) {
		t.Errorf("the form lists %s errors (status %d)", w.Body.String(), w.Code)
	}
}

func renderErrorCount(w io.Writer, form *submission.FormView) error {
	_, err := fmt.Fprint(w, len(form.Errors))
	return err
}

// TestPointersFollowRFC6901: "~" and "/" are escaped, the pointer is a
// URI fragment, and a problem with the whole body points at the root.
func TestPointersFollowRFC6901(t *testing.T) {
	s := newTestServer(t, nil)
	for body, want := range map[string]string{
		`{"a/b": 1, "title": 3}`: "#/a~1b",
		`{"m~n": 1}`:             "#/m~0n",
		`{"ü x": 1}`:             "#/%C3%BC%20x",
		`{"title": 3}`:           "#/title",
		`[]`:                     "#",
	} {
		w := s.do(jsonRequest(body))
		var p struct {
			Errors []struct{ Field, Pointer string }
		}
		json.Unmarshal(w.Body.Bytes(), &p)
		if len(p.Errors) == 0 || p.Errors[0].Pointer != want {
			t.Errorf("%s: %+v, want pointer %s", body, p.Errors, want)
		}
	}
}
