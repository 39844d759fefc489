package submission

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A form token is what makes a form the server shows (again, with errors)
// send its story once: "1.TIME.NONCE.MAC", the time it was made, 16
// random bytes, and an HMAC-SHA256 of both with the inbox's key. It is
// recorded on first use in the store of idempotency keys (once.go), so a
// second post of the same form answers as the first and stores nothing.
// Signed, so that only forms this inbox's servers made are taken: several
// processes on one inbox share the key.
const (
	maxTokenLength = 128
	formKeyFile    = ".form-key" // in the inbox, mode 0600
	tokenVersion   = "1"
)

// Why a form token is refused.
var (
	errTokenInvalid = errors.New("is not a token of a form this server showed; send the form again")
	errTokenExpired = errors.New("has expired: the form was shown more than a day ago; send it again")
)

// FormKey returns the inbox's key of form tokens, made on first use: 32
// random bytes, written like a story, so that two processes that make it
// at once end up with the one that was linked first.
func (in *Inbox) FormKey() ([]byte, error) {
	path := filepath.Join(in.Dir, formKeyFile)
	for range 2 {
		key, err := os.ReadFile(path)
		if err == nil && len(key) == 32 {
			return key, nil
		}
		if err == nil {
			return nil, fmt.Errorf("form key %s: it is %d bytes, not 32; remove it to make a new one", path, len(key))
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("form key: %w", err)
		}
		key = make([]byte, 32)
		rand.Read(key)
		err = writeNew(filepath.Join(in.Dir, incomingDir), path, key)
		if err == nil {
			return key, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("form key: %w", err)
		}
	}
	return nil, fmt.Errorf("form key %s: could not be read", path)
}

// mintToken makes a new form token.
func mintToken(key []byte, now time.Time) string {
	nonce := make([]byte, 16)
	rand.Read(nonce)
	payload := tokenVersion + "." + strconv.FormatInt(now.Unix(), 10) + "." + base64.RawURLEncoding.EncodeToString(nonce)
	return payload + "." + tokenMAC(key, payload)
}

func tokenMAC(key []byte, payload string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("rainmaker form token\x00" + payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// checkToken returns the nonce of a token this inbox's key signed within
// KeyLifetime (and not later than a few minutes from now, for clocks of
// several servers that differ).
func checkToken(key []byte, token string, now time.Time) (string, error) {
	if len(token) > maxTokenLength {
		return "", errTokenInvalid
	}
	parts := strings.Split(token, ".")
	if len(parts) != 4 || parts[0] != tokenVersion {
		return "", errTokenInvalid
	}
	payload := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(parts[3]), []byte(tokenMAC(key, payload))) {
		return "", errTokenInvalid
	}
	unix, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "", errTokenInvalid
	}
	made := time.Unix(unix, 0)
	if now.Sub(made) > KeyLifetime || made.Sub(now) > 5*time.Minute {
		return "", errTokenExpired
	}
	return parts[2], nil
}
