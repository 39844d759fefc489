package admin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// A session is a cookie signed with the key of the inbox's .admin
// folder, so that every process sharing the inbox knows it, with no
// session table: "v1.SID.EXPIRES.MAC", where SID is 32 hex digits drawn
// at sign-in, EXPIRES the end in Unix seconds, and MAC the unpadded
// base64url HMAC-SHA256 of "session|SID|EXPIRES". Signing out records
// SID in .admin/revoked/.
const (
	sessionVersion = "v1"
	// maxTokenLen bounds what is decoded of a cookie or form value.
	maxTokenLen = 160
)

// session is a decoded, valid session.
type session struct {
	id      string
	expires time.Time
}

func newSessionID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func mac(key []byte, parts ...string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.Join(parts, "|")))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// encodeSession makes the cookie value of a session.
func encodeSession(key []byte, s session) string {
	exp := strconv.FormatInt(s.expires.Unix(), 10)
	return sessionVersion + "." + s.id + "." + exp + "." + mac(key, "session", s.id, exp)
}

// decodeSession checks a cookie value: its form, its signature (in
// constant time), and that it has not expired and does not last longer
// than ttl from now. It does not look at revocations.
func decodeSession(key []byte, value string, now time.Time, ttl time.Duration) (session, bool) {
	if len(value) > maxTokenLen {
		return session{}, false
	}
	parts := strings.Split(value, ".")
	if len(parts) != 4 || parts[0] != sessionVersion || !isHex(parts[1], 32) {
		return session{}, false
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || exp <= 0 || strconv.FormatInt(exp, 10) != parts[2] {
		return session{}, false
	}
	if !hmac.Equal([]byte(parts[3]), []byte(mac(key, "session", parts[1], parts[2]))) {
		return session{}, false
	}
	expires := time.Unix(exp, 0)
	if !now.Before(expires) || expires.After(now.Add(ttl)) {
		return session{}, false
	}
	return session{id: parts[1], expires: expires}, true
}

// csrfToken is the token every form of a session carries.
func csrfToken(key []byte, sid string) string { return mac(key, "csrf", sid) }

// loginToken is the token of the sign-in form, tied to the random
// value of its cookie, so that another site cannot sign a browser in.
func loginToken(key []byte, nonce string) string { return mac(key, "login", nonce) }

// tokenMatches compares a token sent with the one expected, in constant
// time.
func tokenMatches(sent, want string) bool {
	return len(sent) <= maxTokenLen && hmac.Equal([]byte(sent), []byte(want))
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
