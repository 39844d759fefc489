package submission_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// submitForm posts a valid story from the form and returns its id and
// the thanks page it was sent to.
func submitForm(t *testing.T, s *testServer) (string, string) {
	t.Helper()
	w := s.do(formRequest(validStory()))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("form post: %d %s", w.Code, w.Body)
	}
	list := s.stored(t)
	return list[len(list)-1].ID, w.Header().Get("Location")
}

func browserGet(url string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, url, nil)
	r.Header.Set("Accept", "text/html,application/xhtml+xml")
	return r
}

func browserPost(url string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, url, nil)
	r.Header.Set("Accept", "text/html,application/xhtml+xml")
	return r
}

// TestHostileWithdrawTokens: every token the inbox did not make for a
// story is refused, none names a file, and a used link says so.
func TestHostileWithdrawTokens(t *testing.T) {
	s := newTestServer(t, nil)
	id, _ := submitForm(t, s)
	data, _ := json.Marshal(validJSON())
	var second struct{ ID string }
	json.Unmarshal(s.do(jsonRequest(string(data))).Body.Bytes(), &second)
	other := second.ID
	token := s.inbox.WithdrawToken(id)
	sig := token[strings.IndexByte(token, '.')+1:]
	foreign := &submission.Inbox{Dir: t.TempDir()}
	if err := foreign.Open(); err != nil {
		t.Fatal(err)
	}
	flipped := []byte(sig)
	flipped[0] ^= 1
	if flipped[0] == sig[0] {
		flipped[0]++
	}
	for name, tok := range map[string]string{
		"tampered signature":     id + "." + string(flipped),
		"signature of other id":  other + "." + sig,
		"truncated":              token[:len(token)-1],
		"extended":               token + "A",
		"huge":                   token + strings.Repeat("A", 1<<16),
		"no signature":           id,
		"empty signature":        id + ".",
		"non-ASCII":              strings.Replace(token, sig[:2], "é", 1),
		"path traversal in id":   "../../../etc/passwd." + sig,
		"dots":                   "20261127T093000Z-3f9a1c2b/../x." + sig,
		"padded base64":          id + "." + base64.URLEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))[:43],
		"another inbox's token":  foreign.WithdrawToken(id),
		"standard base64":        id + ".+" + sig[1:],
		"upper-case id":          strings.ToUpper(id) + "." + sig,
		"empty":                  "",
		"NUL":                    id + "\x00" + sig,
		"signature bytes zeroed": id + "." + base64.RawURLEncoding.EncodeToString(make([]byte, 32)),
	} {
		if got, err := s.inbox.ParseWithdrawToken(tok); !errors.Is(err, submission.ErrBadToken) {
			t.Errorf("%s: parsed as %q, %v", name, got, err)
		}
		for _, r := range []*http.Request{browserGet("http://example.test/api/stories/withdraw/x"), browserPost("http://example.test/api/stories/withdraw/x")} {
			r.URL.Path = "/api/stories/withdraw/" + tok
			// A path with dots is cleaned by the mux first (a redirect).
			if w := s.do(r); w.Code != http.StatusNotFound && !(strings.Contains(tok, "/") && w.Code == http.StatusTemporaryRedirect) {
				t.Errorf("%s: %s answered %d", name, r.Method, w.Code)
			}
		}
	}
	if len(s.stored(t)) != 2 {
		t.Fatal("a hostile token removed a story")
	}
	// The real link works once; a replay finds nothing.
	if got, err := s.inbox.ParseWithdrawToken(token); err != nil || got != id {
		t.Fatalf("the real token: %q, %v", got, err)
	}
	url := "http://example.test/api/stories/withdraw/" + token
	if w := s.do(browserPost(url)); w.Code != http.StatusOK {
		t.Fatalf("withdraw: %d %s", w.Code, w.Body)
	}
	for _, r := range []*http.Request{browserPost(url), browserGet(url)} {
		w := s.do(r)
		if w.Code != http.StatusGone || !strings.Contains(w.Body.String(), "nothing left to withdraw") {
			t.Errorf("replayed %s: %d %s", r.Method, w.Code, w.Body)
		}
	}
	jsonReplay := httptest.NewRequest(http.MethodPost, url, nil)
	if w := s.do(jsonReplay); w.Code != http.StatusGone || w.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("replay from a script: %d %s %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
}

// FuzzWithdrawToken: the parser never panics and accepts only the
// tokens the inbox makes, whose id is valid.
func FuzzWithdrawToken(f *testing.F) {
	in := &submission.Inbox{Dir: f.TempDir()}
	if err := in.Open(); err != nil {
		f.Fatal(err)
	}
	good := in.WithdrawToken("20261127T093000Z-3f9a1c2b")
	for _, seed := range []string{good, good[:30], "", ".", "..", "../x.y", good + "=", strings.Repeat("a", 69), "20261127T093000Z-3f9a1c2b." + strings.Repeat("_", 43)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		id, err := in.ParseWithdrawToken(token)
		if err != nil {
			return
		}
		if !submission.ValidID(id) || in.WithdrawToken(id) != token {
			t.Fatalf("accepted %q as %q", token, id)
		}
	})
}

// TestWithdrawFlow: the thanks page gives the link, opening it asks,
// the button erases the story and says what it removed.
func TestWithdrawFlow(t *testing.T) {
	s := newTestServer(t, nil)
	id, thanks := submitForm(t, s)
	w := s.do(browserGet(thanks))
	link := "http://example.test/api/stories/withdraw/" + s.inbox.WithdrawToken(id)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `href="`+link+`"`) {
		t.Fatalf("thanks page: %d %s", w.Code, w.Body)
	}
	for header, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
		if got := w.Header().Get(header); got != want {
			t.Errorf("thanks page %s = %q, want %q", header, got, want)
		}
	}
	// Reloading the thanks page stores nothing.
	s.do(browserGet(thanks))
	if len(s.stored(t)) != 1 {
		t.Fatal("reloading the thanks page stored a story")
	}
	w = s.do(browserGet(link))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `<form method="post" action="`+link+`">`) {
		t.Fatalf("confirm page: %d %s", w.Code, w.Body)
	}
	if len(s.stored(t)) != 1 {
		t.Fatal("opening the link withdrew the story")
	}
	w = s.do(browserPost(link))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "the story waiting for review") {
		t.Fatalf("withdraw: %d %s", w.Code, w.Body)
	}
	if len(s.stored(t)) != 0 {
		t.Error("the story is still in the inbox")
	}
	assertNowhere(t, "priya@example.org", s.inbox.Dir)
}

// TestWithdrawPublishedStory: a story approved into a page bundle is
// taken out of the site, the rebuild hook runs once, and the answer to a
// script is JSON.
func TestWithdrawPublishedStory(t *testing.T) {
	stories := filepath.Join(t.TempDir(), "content", "stories")
	rebuilds := 0
	var rebuildErr error
	s := newTestServer(t, func(o *submission.ServerOptions) {
		o.StoriesDir = stories
		o.Rebuild = func(context.Context) error { rebuilds++; return rebuildErr }
	})
	data, _ := json.Marshal(validJSON())
	w := s.do(jsonRequest(string(data)))
	var got struct {
		ID          string
		WithdrawURL string `json:"withdraw_url"`
	}
	json.Unmarshal(w.Body.Bytes(), &got)
	if w.Code != http.StatusCreated || got.WithdrawURL != "http://example.test/api/stories/withdraw/"+s.inbox.WithdrawToken(got.ID) {
		t.Fatalf("201 answer: %d %s", w.Code, w.Body)
	}
	path, err := s.inbox.Approve(got.ID, stories, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Another helper publishes with a photo as a page bundle.
	bundle := filepath.Join(stories, "from-burnout")
	os.MkdirAll(bundle, 0o755)
	os.Rename(path, filepath.Join(bundle, "index.md"))
	os.WriteFile(filepath.Join(bundle, "photo.jpg"), []byte("jpeg"), 0o644)
	os.WriteFile(filepath.Join(stories, "other.md"), []byte("---\ntitle: Other\nsubmission: 20261127T093000Z-00000000\n---\nx\n"), 0o644)
	os.WriteFile(filepath.Join(s.inbox.Dir, "approved", got.ID+".photo.jpg"), []byte("jpeg"), 0o600)

	rebuildErr = errors.New("the build failed")
	w = s.do(httptest.NewRequest(http.MethodPost, got.WithdrawURL, nil))
	var answer struct {
		Status      string
		Removed     []string
		Unpublished bool
		SiteRebuilt bool `json:"site_rebuilt"`
	}
	json.Unmarshal(w.Body.Bytes(), &answer)
	if w.Code != http.StatusOK || answer.Status != "withdrawn" || !answer.Unpublished || answer.SiteRebuilt || rebuilds != 1 {
		t.Fatalf("withdraw: %d %s (rebuilds %d)", w.Code, w.Body, rebuilds)
	}
	if _, err := os.Stat(bundle); !os.IsNotExist(err) {
		t.Error("the page bundle is still in content/stories/")
	}
	if _, err := os.Stat(filepath.Join(stories, "other.md")); err != nil {
		t.Error("another story was removed")
	}
	if s.inbox.Has(got.ID, stories) {
		t.Error("the inbox still has the story")
	}
	assertNowhere(t, "priya@example.org", s.inbox.Dir, stories)
	assertNowhere(t, got.ID, s.inbox.Dir)
}

// TestConsentVersion: the form carries the current version, each story
// records what was agreed to and when, an older version is refused 422.
func TestConsentVersion(t *testing.T) {
	v := submission.NewValidator(siteTags)
	current := v.ConsentVersion()
	if current != submission.ConsentVersion(submission.FieldNamed("consent").Label) || len(current) != 12 {
		t.Fatalf("version %q", current)
	}
	if submission.ConsentVersion(submission.FieldNamed("consent").Label+" ") == current {
		t.Fatal("a changed text has the same version")
	}
	var hidden *submission.FieldView
	for _, f := range v.Form("/api/stories", nil, nil).Fields {
		if f.Name == "consent_version" {
			hidden = &f
		}
	}
	if hidden == nil || hidden.InputType != "hidden" || hidden.Value != current {
		t.Fatalf("the form's version field: %+v", hidden)
	}

	s := newTestServer(t, nil)
	form := validStory()
	form.Set("consent_version", current)
	submitWith(t, s, formRequest(form), http.StatusSeeOther)
	body := validJSON() // no version: the current text is agreed to
	data, _ := json.Marshal(body)
	submitWith(t, s, jsonRequest(string(data)), http.StatusCreated)
	for _, st := range s.stored(t) {
		if st.ConsentVersion != current || st.ConsentText != submission.FieldNamed("consent").Label || !strings.HasPrefix(st.ConsentedAt, "2026-11-27T09:30:00") {
			t.Errorf("stored consent: %q %q %q", st.ConsentVersion, st.ConsentText, st.ConsentedAt)
		}
	}

	for _, old := range []string{"000000000000", strings.Repeat("f", 5000), "'; DROP", current + "0"} {
		body["consent_version"] = old
		data, _ := json.Marshal(body)
		w := submitWith(t, s, jsonRequest(string(data)), http.StatusUnprocessableEntity)
		if !strings.Contains(w.Body.String(), submission.ProblemConsentOutdated) || !strings.Contains(w.Body.String(), `"field":"consent_version"`) ||
			!strings.Contains(w.Body.String(), "reload the form") || strings.Contains(w.Body.String(), "DROP") {
			t.Errorf("outdated version %.20q: %s", old, w.Body)
		}
		form.Set("consent_version", old)
		submitWith(t, s, formRequest(form), http.StatusUnprocessableEntity)
	}
	if len(s.stored(t)) != 2 {
		t.Errorf("%d stories stored, want 2", len(s.stored(t)))
	}
	// A browser gets the form again, with the new text's version, the
	// box unticked and the error on it.
	shown := v.Form("/api/stories", form, []submission.FieldError{{Field: "consent_version", Message: submission.ConsentOutdated}})
	for _, f := range shown.Fields {
		if (f.Name == "consent" && (f.Checked || f.Error != submission.ConsentOutdated)) || (f.Name == "consent_version" && f.Value != current) {
			t.Errorf("form shown again: %+v", f)
		}
	}
	if len(shown.Errors) != 1 || shown.Errors[0].FieldID != "field-consent" {
		t.Errorf("error summary: %+v", shown.Errors)
	}
}

func submitWith(t *testing.T, s *testServer, r *http.Request, want int) *httptest.ResponseRecorder {
	t.Helper()
	w := s.do(r)
	if w.Code != want {
		t.Fatalf("status %d, want %d: %s", w.Code, want, w.Body)
	}
	return w
}

// assertNowhere fails if any file under the folders holds text.
func assertNowhere(t *testing.T, text string, dirs ...string) {
	t.Helper()
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("%s: %v", path, err)
			} else if strings.Contains(strings.ToLower(string(data)), strings.ToLower(text)) {
				t.Errorf("%s still holds %q", path, text)
			}
			return nil
		})
	}
}
