// Package admin is the moderation pages of "rainmaker receive", under
// /admin/: sign-in with a password whose argon2id hash is kept in the
// inbox, the waiting stories, a preview of each as it will be published,
// editing, approving and rejecting. Every page works without JavaScript.
package admin

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters of new hashes: OWASP's recommendation of
// 19 MiB of memory, 2 passes, one lane.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Bounds of what a stored hash may ask for: the file is ours, but a
// hand-edited one must not make each sign-in take gigabytes.
const (
	maxArgonMemory = 1 << 20 // KiB: 1 GiB
	maxArgonTime   = 16
)

// MinPasswordLength and MaxPasswordLength bound a password, in
// characters; the upper bound keeps hashing a sign-in attempt cheap.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 1024
)

// CheckPassword says what is wrong with a new password, or nil.
func CheckPassword(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw):
		return errors.New("the password is not valid UTF-8 text")
	case n < MinPasswordLength:
		return fmt.Errorf("the password must be at least %d characters long, got %d", MinPasswordLength, n)
	case n > MaxPasswordLength:
		return fmt.Errorf("the password must be at most %d characters long", MaxPasswordLength)
	case strings.TrimSpace(pw) != pw:
		return errors.New("the password must not start or end with white space")
	}
	return nil
}

// HashPassword returns the argon2id hash of a password as a PHC string,
// $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH, salt and hash in unpadded
// base64.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// phc is a parsed argon2id hash.
type phc struct {
	memory  uint32
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

// parsePHC reads an argon2id PHC string, refusing parameters out of
// bounds.
func parsePHC(s string) (phc, error) {
	var h phc
	parts := strings.Split(strings.TrimSpace(s), "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return h, errors.New("not an argon2id hash ($argon2id$v=19$m=...,t=...,p=...$salt$hash)")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return h, fmt.Errorf("argon2 version %q is not supported", parts[2])
	}
	var m, t, p uint64
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return h, fmt.Errorf("argon2 parameter %q is not a number", kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			p = n
		default:
			return h, fmt.Errorf("unknown argon2 parameter %q", k)
		}
	}
	if m < 8 || m > maxArgonMemory || t < 1 || t > maxArgonTime || p < 1 || p > 16 {
		return h, fmt.Errorf("argon2 parameters m=%d,t=%d,p=%d are out of bounds", m, t, p)
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(salt) > 64 || len(key) < 16 || len(key) > 64 {
		return h, errors.New("the salt or hash of the argon2id hash is malformed")
	}
	return phc{memory: uint32(m), time: uint32(t), threads: uint8(p), salt: salt, key: key}, nil
}

// VerifyPassword reports whether pw matches a PHC hash, comparing in
// constant time. A malformed hash is an error, never a match.
func VerifyPassword(hash, pw string) (bool, error) {
	h, err := parsePHC(hash)
	if err != nil {
		return false, err
	}
	if len(pw) > 4*MaxPasswordLength {
		return false, nil
	}
	got := argon2.IDKey([]byte(pw), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1, nil
}
