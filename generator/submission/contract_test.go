package submission_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/content"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

const maxBody = 64 << 10

func spec(t *testing.T) []byte {
	t.Helper()
	data, err := submission.NewValidator(siteTags).OpenAPI(submission.SpecOptions{
		SiteTitle: "Test site", ServerURL: "http://example.test", Path: "/api/stories",
		ThanksURL: "https://example.test/submit/thanks/", MaxBody: maxBody,
	})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func openAPIValidator(t *testing.T, data []byte) validator.Validator {
	t.Helper()
	doc, err := libopenapi.NewDocument(data)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions(), config.WithURLEncodedBodyValidation(),
		config.WithBodyDecoder("multipart/form-data", content.MultipartDecoder()))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return v
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	data := spec(t)
	v := openAPIValidator(t, data)
	if ok, errs := v.ValidateDocument(); !ok {
		for _, e := range errs {
			t.Errorf("%s: %s (%s)", e.ValidationType, e.Message, e.Reason)
		}
	}
	var doc map[string]any
	json.Unmarshal(data, &doc)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", doc["openapi"])
	}
	// Every field of the definition is in the schemas of the encodings
	// that carry it, with its limits: the photo in the multipart form's
	// only, the form token in the forms'.
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range []string{"Story", "StoryForm", "StoryMultipart"} {
		props := schemas[name].(map[string]any)["properties"].(map[string]any)
		for _, f := range submission.Fields {
			p, ok := props[f.Name].(map[string]any)
			carried := (f.Kind != submission.KindPhoto || name == "StoryMultipart") && (f.Kind != submission.KindToken || name != "Story")
			if ok != carried {
				t.Errorf("%s has %s: %t, want %t", name, f.Name, ok, carried)
			}
			if f.Kind == submission.KindPhoto && ok && p["x-max-bytes"] != float64(f.MaxBytes) {
				t.Errorf("%s.photo x-max-bytes = %v", name, p["x-max-bytes"])
			}
			if !ok {
				continue
			}
			if f.MaxLength > 0 && p["maxLength"] != float64(f.MaxLength) {
				t.Errorf("%s.%s maxLength = %v, want %d", name, f.Name, p["maxLength"], f.MaxLength)
			}
		}
	}
	// Every answer the server gives is documented.
	responses := doc["paths"].(map[string]any)["/api/stories"].(map[string]any)["post"].(map[string]any)["responses"].(map[string]any)
	for _, code := range []string{"201", "303", "400", "405", "408", "409", "413", "415", "422", "429", "431", "500", "default"} {
		if _, ok := responses[code]; !ok {
			t.Errorf("response %s is not documented", code)
		}
	}
}

// exchange sends a request to the server and checks both the request and
// the answer against the document. It returns the answer.
func exchange(t *testing.T, v validator.Validator, h http.Handler, r *http.Request, checkRequest bool) *http.Response {
	t.Helper()
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if checkRequest {
		vr := r.Clone(r.Context())
		vr.Body = io.NopCloser(bytes.NewReader(body))
		if ok, errs := v.ValidateHttpRequest(vr); !ok {
			for _, e := range errs {
				t.Errorf("request does not match the document: %s: %s %s", e.ValidationType, e.Message, e.Reason)
				for _, se := range e.SchemaValidationErrors {
					t.Errorf("  %s: %s", se.FieldPath, se.Reason)
				}
			}
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	resp := w.Result()
	respBody, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	vr := r.Clone(r.Context())
	vr.Body = io.NopCloser(bytes.NewReader(body))
	if ok, errs := v.ValidateHttpResponse(vr, resp); !ok {
		for _, e := range errs {
			t.Errorf("%d answer does not match the document: %s: %s %s\n%s", resp.StatusCode, e.ValidationType, e.Message, e.Reason, respBody)
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	return resp
}

// requestExamples reads every request example of the document, by media type.
func requestExamples(t *testing.T, data []byte) map[string][]any {
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Examples map[string]struct{ Value any }
				}
			}
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]any{}
	for media, c := range doc.Paths["/api/stories"]["post"].RequestBody.Content {
		for _, ex := range c.Examples {
			out[media] = append(out[media], ex.Value)
		}
	}
	return out
}

func formEncode(obj map[string]any) string {
	values := url.Values{}
	for k, v := range obj {
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				values.Add(k, fmt.Sprint(x))
			}
		default:
			values.Set(k, fmt.Sprint(v))
		}
	}
	return values.Encode()
}

func newRequest(media, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://example.test/api/stories", strings.NewReader(body))
	r.Header.Set("Content-Type", media)
	return r
}

// TestContract sends every example of the document, then invalid variants
// of each field, and checks every answer against the document.
func TestContract(t *testing.T) {
	data := spec(t)
	v := openAPIValidator(t, data)
	s := newTestServer(t, func(o *submission.ServerOptions) { o.MaxBody = maxBody })
	examples := requestExamples(t, data)
	if len(examples["application/json"]) == 0 || len(examples["application/x-www-form-urlencoded"]) == 0 || len(examples["multipart/form-data"]) == 0 {
		t.Fatalf("the document has no request examples: %v", examples)
	}
	for media, list := range examples {
		for _, ex := range list {
			obj := ex.(map[string]any)
			body := formEncode(obj)
			want := http.StatusSeeOther
			switch media {
			case "application/json":
				b, _ := json.Marshal(obj)
				body, want = string(b), http.StatusCreated
			case "multipart/form-data":
				body, media = multipartBody(t, obj, nil)
			}
			resp := exchange(t, v, s.handler, newRequest(media, body), true)
			if resp.StatusCode != want {
				b, _ := io.ReadAll(resp.Body)
				t.Errorf("%s example: status %d, want %d: %s", media, resp.StatusCode, want, b)
			}
		}
	}

	// One invalid variant per field, in both encodings.
	invalid := map[string]any{
		"name": strings.Repeat("n", 81), "email": "not an address", "role": strings.Repeat("r", 81),
		"company": strings.Repeat("c", 81), "title": "abc", "story": "short", "result": "two\nlines",
		"tags": []any{"no-such-topic"}, "consent": false,
	}
	fields := make([]string, 0, len(invalid))
	for f := range invalid {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, field := range fields {
		for _, media := range []string{"application/json", "application/x-www-form-urlencoded"} {
			obj := validJSON()
			obj[field] = invalid[field]
			var body string
			if media == "application/json" {
				b, _ := json.Marshal(obj)
				body = string(b)
			} else {
				if field == "consent" {
					delete(obj, "consent")
				}
				body = formEncode(obj)
			}
			resp := exchange(t, v, s.handler, newRequest(media, body), false)
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"field":"`+field+`"`) {
				t.Errorf("%s with bad %s: status %d: %s", media, field, resp.StatusCode, b)
			}
		}
	}

	// The other documented answers.
	if resp := exchange(t, v, s.handler, newRequest("text/plain", "hello"), false); resp.StatusCode != 415 {
		t.Errorf("text/plain: %d", resp.StatusCode)
	}
	big := validJSON()
	big["story"] = strings.Repeat("x", maxBody)
	b, _ := json.Marshal(big)
	if resp := exchange(t, v, s.handler, newRequest("application/json", string(b)), false); resp.StatusCode != 413 {
		t.Errorf("oversize: %d", resp.StatusCode)
	}
	limited := newTestServer(t, func(o *submission.ServerOptions) { o.RateLimit = 1 })
	b, _ = json.Marshal(validJSON())
	exchange(t, v, limited.handler, newRequest("application/json", string(b)), false)
	if resp := exchange(t, v, limited.handler, newRequest("application/json", string(b)), false); resp.StatusCode != 429 {
		t.Errorf("second submission at 1/minute: %d", resp.StatusCode)
	}
}

// TestContractOfErrors checks the answers added with exactly-once and
// problem JSON everywhere against the document: reused and invalid keys,
// storage failures, health, and the answers given before the handler
// (checked as answers to the endpoint, which the document's default and
// 408/431 describe).
func TestContractOfErrors(t *testing.T) {
	v := openAPIValidator(t, spec(t))
	s := newTestServer(t, func(o *submission.ServerOptions) { o.MaxBody = maxBody })
	data, _ := json.Marshal(validJSON())
	withKey := func(body, key string) *http.Request {
		r := newRequest("application/json", body)
		r.Header.Set("Idempotency-Key", key)
		return r
	}
	if resp := exchange(t, v, s.handler, withKey(string(data), `"k-1"`), true); resp.StatusCode != 201 {
		t.Errorf("keyed: %d", resp.StatusCode)
	}
	if resp := exchange(t, v, s.handler, withKey(string(data), `"k-1"`), true); resp.StatusCode != 201 {
		t.Errorf("retry: %d", resp.StatusCode)
	}
	other := validJSON()
	other["title"] = "Another story entirely"
	b, _ := json.Marshal(other)
	if resp := exchange(t, v, s.handler, withKey(string(b), `"k-1"`), true); resp.StatusCode != 422 {
		t.Errorf("reused key: %d", resp.StatusCode)
	}
	if resp := exchange(t, v, s.handler, withKey(string(data), "a b"), false); resp.StatusCode != 400 {
		t.Errorf("bad key: %d", resp.StatusCode)
	}
	// The document has no GET on the endpoint, so its 405 is checked as
	// the POST operation's, which documents it.
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://example.test/api/stories", nil))
	if ok, errs := v.ValidateHttpResponse(newRequest("application/json", "{}"), w.Result()); !ok || w.Code != 405 {
		t.Errorf("GET: %d %v", w.Code, errs)
	}
	health := func() *http.Request { return httptest.NewRequest(http.MethodGet, "http://example.test/healthz", nil) }
	if resp := exchange(t, v, s.handler, health(), true); resp.StatusCode != 200 {
		t.Errorf("healthz: %d", resp.StatusCode)
	}
	incoming := s.inbox.Dir + "/.incoming"
	os.RemoveAll(incoming)
	os.WriteFile(incoming, nil, 0o600)
	if resp := exchange(t, v, s.handler, health(), true); resp.StatusCode != 503 {
		t.Errorf("healthz, unwritable: %d", resp.StatusCode)
	}
	if resp := exchange(t, v, s.handler, newRequest("application/json", string(data)), false); resp.StatusCode != 500 {
		t.Errorf("unwritable: %d", resp.StatusCode)
	}

	srv, _ := startServer(t, nil)
	for name, tt := range map[string]struct {
		request string
		status  int
	}{
		"unknown path": {"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404},
		"slow body":    {"POST /api/stories HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{", 408},
		"slow headers": {"POST /api/stories HTTP/1.1\r\nHost: x\r\n", 408},
		"big headers":  {"GET / HTTP/1.1\r\nHost: x\r\nX: " + strings.Repeat("a", 8<<10) + "\r\n\r\n", 431},
		"bad request":  {"GET / HTTP/1.1\r\n\r\n", 400},
	} {
		resp, body := raw(t, srv, tt.request)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %d", name, resp.StatusCode)
		}
		if ok, errs := v.ValidateHttpResponse(newRequest("application/json", "{}"), resp); !ok {
			for _, e := range errs {
				t.Errorf("%s: %d answer does not match the document: %s %s\n%s", name, resp.StatusCode, e.Message, e.Reason, body)
			}
		}
	}
}
