package submission_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// TestContractOfWithdraw checks the answers of consent versions, the
// thanks page and the withdraw link against the document.
func TestContractOfWithdraw(t *testing.T) {
	v := openAPIValidator(t, spec(t))
	s := newTestServer(t, func(o *submission.ServerOptions) { o.MaxBody = maxBody })
	body := validJSON()
	body["consent_version"] = "000000000000"
	data, _ := json.Marshal(body)
	if resp := exchange(t, v, s.handler, newRequest("application/json", string(data)), true); resp.StatusCode != 422 {
		t.Errorf("outdated consent: %d", resp.StatusCode)
	}
	form := validStory()
	form.Set("consent_version", "000000000000")
	if resp := exchange(t, v, s.handler, newRequest("application/x-www-form-urlencoded", form.Encode()), false); resp.StatusCode != 422 {
		t.Errorf("outdated consent from a form: %d", resp.StatusCode)
	}
	body["consent_version"] = submission.NewValidator(siteTags).ConsentVersion()
	data, _ = json.Marshal(body)
	resp := exchange(t, v, s.handler, newRequest("application/json", string(data)), true)
	var got struct {
		ID          string
		WithdrawURL string `json:"withdraw_url"`
	}
	json.NewDecoder(resp.Body).Decode(&got)
	if resp.StatusCode != 201 || got.WithdrawURL == "" {
		t.Fatalf("current consent: %d %+v", resp.StatusCode, got)
	}
	thanksURL := strings.Replace(got.WithdrawURL, "/withdraw/", "/thanks/", 1)
	bad := "http://example.test/api/stories/withdraw/" + got.ID + "." + strings.Repeat("A", 43)
	for _, tt := range []struct {
		method, url string
		html        bool
		status      int
	}{
		{"GET", thanksURL, true, 200},
		{"GET", thanksURL, false, 200},
		{"GET", strings.Replace(bad, "/withdraw/", "/thanks/", 1), true, 404},
		{"GET", got.WithdrawURL, true, 200},
		{"GET", got.WithdrawURL, false, 200},
		{"GET", bad, false, 404},
		{"POST", bad, true, 404},
		{"POST", got.WithdrawURL, false, 200},
		{"POST", got.WithdrawURL, false, 410},
		{"POST", got.WithdrawURL, true, 410},
		{"GET", got.WithdrawURL, false, 410},
	} {
		r := httptest.NewRequest(tt.method, tt.url, nil)
		if tt.html {
			r.Header.Set("Accept", "text/html")
		}
		if resp := exchange(t, v, s.handler, r, true); resp.StatusCode != tt.status {
			t.Errorf("%s %s (html %v): %d, want %d", tt.method, tt.url, tt.html, resp.StatusCode, tt.status)
		}
	}
	// Another method: the document's default answer of the operation.
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, httptest.NewRequest(http.MethodPut, got.WithdrawURL, nil))
	if ok, errs := v.ValidateHttpResponse(httptest.NewRequest(http.MethodGet, got.WithdrawURL, nil), w.Result()); !ok || w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("PUT: %d %v", w.Code, errs)
	}
}
