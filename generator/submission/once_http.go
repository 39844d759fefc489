package submission

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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

// errTokenReused is a form token sent again with another story.
var errTokenReused = errors.New("the form token was used before for another submission")

// save stores a valid submission once. A request with an Idempotency-Key
// is stored once per key. A form post with a token (a form the server
// showed) is stored once per token; one without (the site's static form,
// which cannot carry a token without scripts) once per content: the same
// fields and photo again within KeyLifetime are a reload or a second
// click on "Send", whatever boundary a multipart body had. Other JSON
// requests are stored each time: the client is told how to retry safely.
func (s *server) save(r *http.Request, media string, body []byte, sub Submission) (string, bool, error) {
	key, _ := idempotencyKey(r) // checked before the body was read
	fp := sha256.New()
	if isForm(media) {
		fp.Write(contentFingerprint(sub))
	} else {
		fp.Write([]byte(media + "\x00"))
		fp.Write(body)
	}
	sum := fp.Sum(nil)
	var nonce string
	switch {
	case key != "":
		key = "key:" + key
	case isForm(media) && sub.FormToken != "":
		nonce, _ = s.checkFormToken(sub.FormToken) // checked when decoded
		key = "token:" + nonce
	case isForm(media):
		key = "form:" + hex.EncodeToString(sum)
	default:
		id, err := s.opts.Inbox.Save(sub, s.opts.Now())
		return id, false, err
	}
	id, replayed, err := s.opts.Inbox.SaveOnce(key, sum, sub, s.opts.Now())
	if nonce != "" && errors.Is(err, ErrKeyReused) {
		err = errTokenReused
	}
	return id, replayed, err
}

// contentFingerprint is a hash of what a story says, once validated and
// normalized, and of its photo's bytes (re-encoded, which is the same for
// the same photo): two posts of one form have the same.
func contentFingerprint(sub Submission) []byte {
	h := sha256.New()
	fields, _ := json.Marshal(sub) // neither the photo nor the token: json:"-"
	h.Write(fields)
	if sub.Photo != nil {
		h.Write([]byte("\x00photo\x00" + string(sub.Photo.Format) + "\x00"))
		h.Write(sub.Photo.Data)
	}
	return h.Sum(nil)
}
