package admin

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEditIsCheckedAndDurable: a valid edit is saved into the inbox file
// with its private data kept; an invalid one changes nothing and shows
// each problem at its field.
func TestEditIsCheckedAndDurable(t *testing.T) {
	ta := newTestAdmin(t)
	c, _ := ta.signIn(t)
	editURL := ta.srv.URL + "/admin/stories/" + ta.id + "/edit"
	_, page, csrf := get(t, c, editURL)
	if !strings.Contains(page, `id="field-title"`) || !strings.Contains(page, `value="Coaching" checked`) {
		t.Fatalf("edit form: %s", page)
	}
	path := filepath.Join(ta.inbox.Dir, ta.id+".md")
	before, _ := os.ReadFile(path)
	story := strings.Repeat("An edited story, long enough to be one. ", 6)
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
	}{
		{"short title", url.Values{"title": {"Hi"}, "story": {story}}, "title"},
		{"bidi override in the title", url.Values{"title": {"Quarter \u202eruob"}, "story": {story}}, "title"},
		{"zero-width title", url.Values{"title": {"Best\u200b quarter"}, "story": {story}}, "title"},
		{"two-line result", url.Values{"title": {"A fine title"}, "result": {"a\nb"}, "story": {story}}, "result"},
		{"short story", url.Values{"title": {"A fine title"}, "story": {"short"}}, "story"},
		{"unknown tag", url.Values{"title": {"A fine title"}, "story": {story}, "tags": {"Crypto"}}, "tags"},
		{"unknown field", url.Values{"title": {"A fine title"}, "story": {story}, "email": {"x@evil.example"}}, "email"},
		{"title twice", url.Values{"title": {"A fine title", "Another title"}, "story": {story}}, "title"},
		{"invalid UTF-8", url.Values{"title": {"A fine \xff title"}, "story": {story}}, "title"},
	} {
		tc.form.Set("csrf", csrf)
		resp, body := post(t, c, editURL, tc.form)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `href="#field-`+tc.field+`"`) || !strings.Contains(body, "<title>Error:") {
			t.Errorf("%s: %d %s", tc.name, resp.StatusCode, body)
		}
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Fatalf("%s: the invalid edit changed the file", tc.name)
		}
	}
	resp, _ := post(t, c, editURL, url.Values{"csrf": {csrf}, "title": {"  A better title  "}, "result": {"Closed 40% more"},
		"story": {story}, "tags": {"top performers", "Coaching"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/stories/"+ta.id+"?saved=1" {
		t.Fatalf("valid edit: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	s, err := ta.inbox.Get(ta.id)
	if err != nil {
		t.Fatal(err)
	}
	if s.Title != "A better title" || s.Result != "Closed 40% more" || s.Story != strings.TrimSpace(story) ||
		strings.Join(s.Tags, ",") != "Top Performers,Coaching" || s.Email != "priya@example.org" || !s.Consent || s.Name != "Priya N." {
		t.Errorf("after the edit: %+v", s)
	}
	entries, _ := os.ReadDir(filepath.Join(ta.inbox.Dir, ".incoming"))
	if len(entries) != 0 {
		t.Errorf("temporary files left: %v", entries)
	}
	_, page, _ = get(t, c, ta.srv.URL+"/admin/stories/"+ta.id+"?saved=1")
	if !strings.Contains(page, "Your changes are saved") || !strings.Contains(page, "A better title") {
		t.Errorf("story page after saving: %s", page)
	}
}

// TestApproveShowsTheURLOrTheError.
func TestApproveShowsTheURLOrTheError(t *testing.T) {
	ta := newTestAdmin(t)
	c, csrf := ta.signIn(t)
	resp, body := post(t, c, ta.srv.URL+"/admin/stories/"+ta.id+"/approve", url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="published-url"`) || !strings.Contains(body, ta.publish.URL) {
		t.Fatalf("approve: %d %s", resp.StatusCode, body)
	}
	// Again (a reload of the answer): not waiting any more.
	resp, body = post(t, c, ta.srv.URL+"/admin/stories/"+ta.id+"/approve", url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusNotFound || len(ta.approved) != 1 {
		t.Errorf("second approve: %d, approved %v", resp.StatusCode, ta.approved)
	}

	ta = newTestAdmin(t)
	ta.publish = Published{Problem: "the site could not be built:\ncontent/posts/x.md:2: title is required", Output: "rsync: <b>refused</b>"}
	c, csrf = ta.signIn(t)
	resp, body = post(t, c, ta.srv.URL+"/admin/stories/"+ta.id+"/approve", url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "content/posts/x.md:2: title is required") ||
		!strings.Contains(body, "rsync: &lt;b&gt;refused&lt;/b&gt;") || !strings.Contains(body, "Approved, but not published") {
		t.Errorf("failed build: %d %s", resp.StatusCode, body)
	}
}

func TestPreviewAndSiteFiles(t *testing.T) {
	ta := newTestAdmin(t)
	c, _ := ta.signIn(t)
	resp, body, _ := get(t, c, ta.srv.URL+"/admin/stories/"+ta.id+"/preview")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "href=/admin/site/css/main.css") ||
		resp.Header.Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("preview: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	resp, body, _ = get(t, c, ta.srv.URL+"/admin/site/css/main.css")
	if resp.StatusCode != http.StatusOK || body != "body{}" {
		t.Errorf("site css: %d %q", resp.StatusCode, body)
	}
	for _, p := range []string{"/admin/site/../password", "/admin/site/%2e%2e/key", "/admin/site/nope.css"} {
		if resp, _, _ := get(t, c, ta.srv.URL+p); resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
}

func TestErrorsForOtherClientsAreProblemJSON(t *testing.T) {
	ta := newTestAdmin(t)
	c, _ := ta.signIn(t)
	req, _ := http.NewRequest("GET", ta.srv.URL+"/admin/stories/nope", nil)
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
