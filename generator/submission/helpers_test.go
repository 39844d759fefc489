package submission_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

var siteTags = []string{"Coaching", "Top Performers", "Führung"}

// validStory returns the fields of a valid submission as form values.
func validStory() url.Values {
	return url.Values{
		"name":    {"Priya N."},
		"email":   {"priya@example.org"},
		"role":    {"Account Executive"},
		"company": {"Acme"},
		"title":   {"From burnout to my best quarter"},
		"story":   {strings.Repeat("Coaching changed how I plan my week. ", 8)},
		"result":  {"Closed 30% more in Q3"},
		"tags":    {"coaching", "Top Performers"},
		"consent": {"true"},
	}
}

// validJSON returns a valid submission as a JSON object.
func validJSON() map[string]any {
	v := validStory()
	return map[string]any{
		"name": v.Get("name"), "email": v.Get("email"), "role": v.Get("role"), "company": v.Get("company"),
		"title": v.Get("title"), "story": v.Get("story"), "result": v.Get("result"),
		"tags": []string{"coaching"}, "consent": true,
	}
}

type testServer struct {
	handler http.Handler
	inbox   *submission.Inbox
}

func newTestServer(t testing.TB, mutate func(*submission.ServerOptions)) *testServer {
	t.Helper()
	inbox := &submission.Inbox{Dir: t.TempDir()}
	if err := inbox.Open(); err != nil {
		t.Fatal(err)
	}
	opts := submission.ServerOptions{
		Inbox: inbox, Validator: submission.NewValidator(siteTags), Path: "/api/stories",
		ThanksURL: "https://example.test/submit/thanks/", FormAction: "/api/stories", EndpointURL: "http://example.test/api/stories",
		Now: func() time.Time { return time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC) },
	}
	if mutate != nil {
		mutate(&opts)
	}
	return &testServer{handler: submission.NewHandler(opts), inbox: inbox}
}

func (s *testServer) do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, r)
	return w
}

func formRequest(values url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://example.test/api/stories", strings.NewReader(values.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func jsonRequest(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://example.test/api/stories", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func (s *testServer) stored(t testing.TB) []submission.Stored {
	t.Helper()
	list, err := s.inbox.List()
	if err != nil {
		t.Fatal(err)
	}
	return list
}
