package submission

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
)

// MaxKeyLength bounds an Idempotency-Key.
const MaxKeyLength = 255

// idempotencyKey reads the Idempotency-Key header (an sf-string, as in
// draft-ietf-httpapi-idempotency-key; a bare token is taken too): at most
// one, of 1 to MaxKeyLength printable ASCII characters.
func idempotencyKey(r *http.Request) (string, error) {
	values := r.Header.Values("Idempotency-Key")
	if len(values) == 0 {
		return "", nil
	}
	if len(values) > 1 {
		return "", errors.New("send the header once")
	}
	key := strings.TrimSpace(values[0])
	if len(key) >= 2 && key[0] == '"' && key[len(key)-1] == '"' {
		key = key[1 : len(key)-1]
	}
	if key == "" || len(key) > MaxKeyLength {
		return "", errors.New("the key must be 1 to 255 characters, like a UUID")
	}
	for _, c := range []byte(key) {
		if c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return "", errors.New("the key may hold only printable ASCII characters, without quotes or backslashes")
		}
	}
	return key, nil
}

// save stores a valid submission once. A request with an Idempotency-Key
// is stored once per key; a form post without one once per body, so a
// reload or a second click on "Send" stores nothing new (a static page
// cannot carry a one-time token without scripts, and the body, with the
// submitter's email and story, is as good as one). Other JSON requests
// are stored each time: the client is told how to retry safely.
func (s *server) save(r *http.Request, media string, body []byte, sub Submission) (string, bool, error) {
	key, _ := idempotencyKey(r) // checked before the body was read
	switch {
	case key != "":
		key = "key:" + key
	case media == mediaForm:
		sum := sha256.Sum256(body)
		key = "form:" + hex.EncodeToString(sum[:])
	default:
		id, err := s.opts.Inbox.Save(sub, s.opts.Now())
		return id, false, err
	}
	fp := sha256.New()
	fp.Write([]byte(media + "\x00"))
	fp.Write(body)
	return s.opts.Inbox.SaveOnce(key, fp.Sum(nil), sub, s.opts.Now())
}
