package submission_test

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// renderToken is a form page that shows what a test needs: the token and
// the problem.
func renderToken(w io.Writer, form *submission.FormView) error {
	token := ""
	for _, f := range form.Fields {
		if f.Kind == "token" {
			token = f.Value
		}
	}
	_, err := fmt.Fprintf(w, "<form enctype=%q><input type=hidden name=form_token value=%q></form><p>%s</p><p>%d errors</p>",
		form.Enctype, token, form.Problem, len(form.Errors))
	return err
}

var tokenInput = regexp.MustCompile(`name=form_token value="([^"]*)"`)

func htmlPost(r *http.Request) *http.Request {
	r.Header.Set("Accept", "text/html")
	return r
}

// tokenFrom shows the form again (an invalid post) and reads its token.
func tokenFrom(t *testing.T, s *testServer) string {
	t.Helper()
	v := validStory()
	v.Set("title", "Hi")
	w := s.do(htmlPost(formRequest(v)))
	m := tokenInput.FindStringSubmatch(w.Body.String())
	if w.Code != 400 || m == nil || m[1] == "" {
		t.Fatalf("no token in the form shown again: %d %s", w.Code, w.Body)
	}
	return m[1]
}

var clock = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

func tokenServer(t *testing.T, now *time.Time) *testServer {
	return newTestServer(t, func(o *submission.ServerOptions) {
		o.RenderForm = renderToken
		o.Now = func() time.Time { return *now }
	})
}

// TestFormTokenStoresOnce: the form shown again carries a token; posting
// it twice (a double click, a reload), even at once, stores one story and
// answers both alike; another story with the same token is refused 409.
func TestFormTokenStoresOnce(t *testing.T) {
	now := clock
	s := tokenServer(t, &now)
	token := tokenFrom(t, s)
	if again := tokenFrom(t, s); again == token {
		t.Error("two forms got the same token")
	}
	v := validStory()
	v.Set("form_token", token)
	var wg sync.WaitGroup
	var mu sync.Mutex
	thanks := map[string]bool{} // one story: one thanks page, with its withdraw link
	for range 4 {
		wg.Go(func() {
			w := s.do(htmlPost(formRequest(v)))
			if w.Code != http.StatusSeeOther || !strings.Contains(w.Header().Get("Location"), "/thanks/") {
				t.Errorf("%d %s", w.Code, w.Body)
			}
			mu.Lock()
			thanks[w.Header().Get("Location")] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(thanks) != 1 {
		t.Errorf("four posts of one form were sent to %d thanks pages: %v", len(thanks), thanks)
	}
	// The same content with a multipart body (the form's enctype) is the same post.
	fields := formFields()
	fields["form_token"] = token
	if w := s.do(multipartRequest(t, fields)); w.Code != http.StatusSeeOther {
		t.Errorf("multipart retry: %d %s", w.Code, w.Body)
	}
	if n := len(s.stored(t)); n != 1 {
		t.Errorf("%d stories stored for one token", n)
	}

	v.Set("title", "Another story entirely")
	w := s.do(formRequest(v))
	if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), submission.ProblemTokenReused) {
		t.Errorf("reused token, JSON answer: %d %s", w.Code, w.Body)
	}
	// A browser gets the form back with a new token, which sends it.
	w = s.do(htmlPost(formRequest(v)))
	m := tokenInput.FindStringSubmatch(w.Body.String())
	if w.Code != http.StatusConflict || m == nil || m[1] == token || !strings.Contains(w.Body.String(), "sent before") {
		t.Fatalf("reused token, HTML answer: %d %s", w.Code, w.Body)
	}
	v.Set("form_token", m[1])
	if w := s.do(formRequest(v)); w.Code != http.StatusSeeOther {
		t.Errorf("with the new token: %d %s", w.Code, w.Body)
	}
	if n := len(s.stored(t)); n != 2 {
		t.Errorf("%d stored, want 2", n)
	}
}

// TestHostileFormTokens: a token this inbox did not sign, or one too old,
// is refused with a field error and the form comes back with a new one.
func TestHostileFormTokens(t *testing.T) {
	now := clock
	s := tokenServer(t, &now)
	good := tokenFrom(t, s)
	parts := strings.Split(good, ".")
	other := tokenServer(t, &now) // another inbox, another key
	foreign := tokenFrom(t, other)
	for name, token := range map[string]string{
		"tampered time":      strings.Join([]string{parts[0], "9999999999", parts[2], parts[3]}, "."),
		"tampered nonce":     strings.Join([]string{parts[0], parts[1], "AAAAAAAAAAAAAAAAAAAAAA", parts[3]}, "."),
		"no signature":       strings.Join(parts[:3], "."),
		"another inbox's":    foreign,
		"version 2":          "2" + good[1:],
		"huge":               good + strings.Repeat("A", 200),
		"not ASCII":          good[:len(good)-2] + "é",
		"path traversal":     "1.1.../../../etc/passwd.x",
		"empty parts":        "...",
		"a newline in it":    good + "\n",
		"a signature of NUL": strings.Join([]string{parts[0], parts[1], parts[2], strings.Repeat("\x00", 43)}, "."),
	} {
		v := validStory()
		v.Set("form_token", token)
		w := s.do(formRequest(v))
		if w.Code != 400 || !strings.Contains(w.Body.String(), `"field":"form_token"`) {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
		w = s.do(htmlPost(formRequest(v)))
		if m := tokenInput.FindStringSubmatch(w.Body.String()); w.Code != 400 || m == nil || m[1] == token || m[1] == "" {
			t.Errorf("%s: the form shown again has no new token: %d %s", name, w.Code, w.Body)
		}
	}
	now = clock.Add(submission.KeyLifetime + time.Minute)
	v := validStory()
	v.Set("form_token", good)
	if w := s.do(formRequest(v)); w.Code != 400 || !strings.Contains(w.Body.String(), "expired") {
		t.Errorf("expired: %d %s", w.Code, w.Body)
	}
	if n := len(s.stored(t)); n != 0 {
		t.Errorf("%d stored with bad tokens", n)
	}
}

// TestStaticFormStoredOncePerContent: the site's form has no token; the
// same fields and photo again, in another multipart body (a new boundary,
// parts in another order), are one story. Another photo is another story.
func TestStaticFormStoredOncePerContent(t *testing.T) {
	s := newTestServer(t, nil)
	photo := part{name: "photo", filename: "me.jpg", data: jpegOf(t, 32, 32)}
	var first string
	for i := range 3 {
		w := s.do(multipartRequest(t, formFields(), photo))
		if w.Code != http.StatusSeeOther {
			t.Fatalf("post %d: %d %s", i, w.Code, w.Body)
		}
		if i == 0 {
			first = w.Header().Get("Location")
		} else if w.Header().Get("Location") != first {
			t.Errorf("a retry was answered otherwise: %s", w.Header().Get("Location"))
		}
	}
	// The urlencoded post of the same fields (a form without its photo) is another story.
	s.do(formRequest(validStory()))
	s.do(multipartRequest(t, formFields(), part{name: "photo", filename: "me.jpg", data: jpegOf(t, 32, 33)}))
	if n := len(s.stored(t)); n != 3 {
		t.Errorf("%d stored, want 3 (one per content)", n)
	}
	if n := len(photosIn(t, s.inbox.Dir)); n != 2 {
		t.Errorf("%d photos kept, want 2", n)
	}
}
