package submission_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

func keyed(body, key string) *http.Request {
	r := jsonRequest(body)
	r.Header.Set("Idempotency-Key", key)
	return r
}

func answerID(t *testing.T, body []byte) string {
	t.Helper()
	var got struct{ ID string }
	json.Unmarshal(body, &got)
	return got.ID
}

// TestIdempotencyKeyStoresOnce: a retry with the same key and body gets
// the first answer; eight at once store one story; the key with another
// body is refused.
func TestIdempotencyKeyStoresOnce(t *testing.T) {
	s := newTestServer(t, nil)
	data, _ := json.Marshal(validJSON())
	first := s.do(keyed(string(data), `"8e03978e-40d5-43e8-bc93-6894a57f9324"`))
	again := s.do(keyed(string(data), `8e03978e-40d5-43e8-bc93-6894a57f9324`))
	if first.Code != 201 || again.Code != 201 || answerID(t, first.Body.Bytes()) != answerID(t, again.Body.Bytes()) {
		t.Errorf("first %d %s, retry %d %s", first.Code, first.Body, again.Code, again.Body)
	}
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Go(func() {
			w := s.do(keyed(string(data), "concurrent-key"))
			if w.Code != 201 {
				t.Errorf("concurrent: %d %s", w.Code, w.Body)
			}
			ids[i] = answerID(t, w.Body.Bytes())
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Errorf("concurrent retries got ids %v", ids)
			break
		}
	}
	if n := len(s.stored(t)); n != 2 {
		t.Errorf("%d stories stored for two keys", n)
	}
	other := validJSON()
	other["title"] = "Another story entirely"
	data, _ = json.Marshal(other)
	w := s.do(keyed(string(data), "concurrent-key"))
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), submission.ProblemKeyReused) {
		t.Errorf("reused key: %d %s", w.Code, w.Body)
	}
	// Without a key a JSON client stores each time, as it asked.
	s.do(jsonRequest(string(data)))
	s.do(jsonRequest(string(data)))
	if n := len(s.stored(t)); n != 4 {
		t.Errorf("%d stored, want 4", n)
	}
}

func TestFormPostedTwiceIsStoredOnce(t *testing.T) {
	s := newTestServer(t, nil)
	for range 3 { // a double click, then a reload that posts again
		if w := s.do(formRequest(validStory())); w.Code != http.StatusSeeOther {
			t.Errorf("%d %s", w.Code, w.Body)
		}
	}
	if n := len(s.stored(t)); n != 1 {
		t.Errorf("%d stored, want 1", n)
	}
}

func TestInvalidIdempotencyKeys(t *testing.T) {
	s := newTestServer(t, nil)
	data, _ := json.Marshal(validJSON())
	for name, key := range map[string]string{
		"empty":        `""`,
		"too long":     strings.Repeat("k", 256),
		"space inside": "a b",
		"non-ASCII":    "schlüssel",
		"quote inside": `"a"b"`,
		"backslash":    `a\b`,
		"control":      "a\x01b",
	} {
		w := s.do(keyed(string(data), key))
		if w.Code != 400 || !strings.Contains(w.Body.String(), "Idempotency-Key") {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
	}
	r := jsonRequest(string(data))
	r.Header.Add("Idempotency-Key", "one")
	r.Header.Add("Idempotency-Key", "two")
	if w := s.do(r); w.Code != 400 {
		t.Errorf("two keys: %d", w.Code)
	}
	if n := len(s.stored(t)); n != 0 {
		t.Errorf("%d stored by invalid keys", n)
	}
}
