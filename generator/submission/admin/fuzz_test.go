package admin

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzSessionCookie: no cookie value but one this key signed is a
// session, and decoding never panics.
func FuzzSessionCookie(f *testing.F) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Unix(1_800_000_000, 0)
	good := encodeSession(key, session{id: strings.Repeat("ab", 16), expires: now.Add(time.Hour)})
	for _, seed := range []string{good, "", "v1...", "v1." + strings.Repeat("a", 32) + ".1.x", good + ".x", strings.ToUpper(good),
		"v1." + strings.Repeat("a", 32) + ".01800003600." + strings.Split(good, ".")[3]} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		s, ok := decodeSession(key, value, now, SessionTTL)
		if !ok {
			return
		}
		if encodeSession(key, s) != value {
			t.Fatalf("%q decoded to %+v, which encodes differently", value, s)
		}
		if !s.expires.After(now) || !isHex(s.id, 32) {
			t.Fatalf("%q: %+v", value, s)
		}
	})
}

// FuzzCSRFToken: only the token of the session matches.
func FuzzCSRFToken(f *testing.F) {
	key := []byte("0123456789abcdef0123456789abcdef")
	sid := strings.Repeat("cd", 16)
	want := csrfToken(key, sid)
	f.Add(want)
	f.Add("")
	f.Add(want + "=")
	f.Add(csrfToken(key, strings.Repeat("ce", 16)))
	f.Fuzz(func(t *testing.T, sent string) {
		if tokenMatches(sent, want) != (sent == want) {
			t.Fatalf("%q: match is wrong", sent)
		}
	})
}

// FuzzNext: whatever next says, sign-in goes to a path of /admin/.
func FuzzNext(f *testing.F) {
	for _, seed := range []string{"/admin/", "//evil.example", "/admin/../x", "https://evil.example", "/admin/\\\\evil", "/admin/%0d%0a"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(got, "/admin/") || strings.HasPrefix(got, "//") ||
			strings.ContainsAny(got, "\\\r\n") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
	})
}

// FuzzPHC: a hash string never panics the parser, and anything it
// accepts is within the bounds.
func FuzzPHC(f *testing.F) {
	h, _ := HashPassword("a long enough password")
	f.Add(h)
	f.Add("$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")
	f.Add("$argon2i$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePHC(s)
		if err == nil && (p.memory > maxArgonMemory || p.time > maxArgonTime || len(p.key) < 16) {
			t.Fatalf("%q accepted: %+v", s, p)
		}
	})
}

func TestPasswords(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("%q %v", h, err)
	}
	if ok, err := VerifyPassword(h, "correct horse battery staple"); !ok || err != nil {
		t.Error("the right password does not match")
	}
	if ok, _ := VerifyPassword(h, "correct horse battery stapl"); ok {
		t.Error("a wrong password matches")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=18$m=19456,t=2,p=1$AAAAAAAAAAA$" + strings.Repeat("A", 43),
		strings.Replace(h, "m=19456", "m=999999999", 1), strings.Replace(h, "t=2", "t=0", 1), strings.Replace(h, "argon2id", "argon2i", 1)} {
		if ok, err := VerifyPassword(bad, "x"); ok || err == nil {
			t.Errorf("hash %q: %v %v", bad, ok, err)
		}
	}
	for pw, ok := range map[string]bool{"short": false, "exactly12chr": true, " padded password ": false, strings.Repeat("x", 1025): false, "\xff\xfe long enough here": false} {
		if (CheckPassword(pw) == nil) != ok {
			t.Errorf("CheckPassword(%q) = %v", pw, CheckPassword(pw))
		}
	}
}
