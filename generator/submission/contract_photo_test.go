package submission_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// TestContractOfPhotos checks the form's multipart posts, its token and
// their answers against the document: a story with a photo, a refused
// photo, a form token used twice and for another story, too large a body.
func TestContractOfPhotos(t *testing.T) {
	v := openAPIValidator(t, spec(t))
	s := newTestServer(t, func(o *submission.ServerOptions) { o.MaxBody = maxBody; o.RenderForm = renderToken })
	send := func(media, body string, checkRequest bool, want int) {
		t.Helper()
		if resp := exchange(t, v, s.handler, newRequest(media, body), checkRequest); resp.StatusCode != want {
			t.Errorf("status %d, want %d", resp.StatusCode, want)
		}
	}
	// Tags by slug, as the document's enum has them (the server takes names too).
	formFields := func() map[string]any {
		f := formFields()
		f["tags"] = []string{"coaching"}
		return f
	}
	validStory := func() url.Values {
		v := validStory()
		v.Set("tags", "coaching")
		return v
	}
	body, ct := multipartBody(t, formFields(), []part{{name: "photo", filename: "me.jpg", data: jpegWithGPS(t, 20, 20)}})
	send(ct, body, true, http.StatusSeeOther)
	body, ct = multipartBody(t, formFields(), []part{{name: "photo", filename: "me.jpg", data: []byte("GIF89a not really")}})
	send(ct, body, true, http.StatusBadRequest)

	// A token from the form shown again, used once, again, and for another story.
	bad := validStory()
	bad.Set("title", "Hi")
	r := formRequest(bad)
	r.Header.Set("Accept", "text/html")
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, r)
	m := tokenInput.FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no token: %s", w.Body)
	}
	story := validStory()
	story.Set("form_token", m[1])
	story.Set("title", "A story sent with its token")
	send("application/x-www-form-urlencoded", story.Encode(), true, http.StatusSeeOther)
	send("application/x-www-form-urlencoded", story.Encode(), true, http.StatusSeeOther)
	story.Set("title", "Another story with the same token")
	send("application/x-www-form-urlencoded", story.Encode(), true, http.StatusConflict)
	fields := formFields()
	fields["form_token"] = "1.2.3.4"
	body, ct = multipartBody(t, fields, nil)
	send(ct, body, false, http.StatusBadRequest)

	huge := strings.Repeat("x", maxBody+submission.MaxPhotoBytes+(64<<10))
	body, ct = multipartBody(t, formFields(), []part{{name: "photo", filename: "me.jpg", data: []byte(huge)}})
	send(ct, body, false, http.StatusRequestEntityTooLarge)
	send("application/x-www-form-urlencoded", url.Values{"photo": {"me.jpg"}}.Encode(), false, http.StatusBadRequest)
}
