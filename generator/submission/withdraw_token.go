package submission

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// withdrawKeyFile holds the key withdraw links are signed with: 32
// random bytes, hex, made by the first Open of the inbox and shared by
// every process that opens it. Losing it only makes old links invalid.
const withdrawKeyFile = "withdraw"

// WithdrawTokenPattern is the form of a withdraw token: the story's id,
// a dot, and the HMAC-SHA256 of the id, base64url without padding.
const WithdrawTokenPattern = `^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}\.[A-Za-z0-9_-]{43}$`

// withdrawTokenLength is a withdraw token's length: an id, a dot, 43 characters.
const withdrawTokenLength = 25 + 1 + 43

// exampleToken is a token as the OpenAPI document shows one.
const exampleToken = "20261127T093000Z-3f9a1c2b.Yl2xW0c3m0WqkXb4mV9f1sX3d2Qm8h7oP5rTzNwK1aE"

// ErrBadToken is returned for a withdraw token this inbox did not make.
var ErrBadToken = errors.New("this link is not a valid withdraw link: it may be incomplete, or changed")

// loadWithdrawKey reads the inbox's signing key, making it first if no
// process has yet. Two processes making it at once agree: the one whose
// file is linked first wins, and the other reads it.
func (in *Inbox) loadWithdrawKey() error {
	dir := filepath.Join(in.Dir, keysDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("open inbox: %w", err)
	}
	path := filepath.Join(dir, withdrawKeyFile)
	var key [32]byte
	if _, err := rand.Read(key[:]); err != nil {
		return err
	}
	err := writeNew(filepath.Join(in.Dir, incomingDir), path, []byte(hex.EncodeToString(key[:])+"\n"))
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("open inbox: make the key of withdraw links: %w", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("open inbox: %w", err)
	}
	k, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(k) != 32 {
		return fmt.Errorf("open inbox: %s is not a key of withdraw links (64 hex digits); remove it to make a new one, which makes the links sent so far invalid", path)
	}
	in.withdrawKey = k
	return nil
}

func (in *Inbox) sign(id string) []byte {
	mac := hmac.New(sha256.New, in.withdrawKey)
	mac.Write([]byte("rainmaker withdraw\x00" + id))
	return mac.Sum(nil)
}

// WithdrawToken is the private token of a story's withdraw link. The
// inbox must be open.
func (in *Inbox) WithdrawToken(id string) string {
	if len(in.withdrawKey) == 0 {
		panic("submission: WithdrawToken before Open")
	}
	return id + "." + base64.RawURLEncoding.EncodeToString(in.sign(id))
}

// ParseWithdrawToken checks a token and returns the id it was made for.
// Nothing of the token is used unless the signature is right and the id
// is a valid one.
func (in *Inbox) ParseWithdrawToken(token string) (string, error) {
	if len(in.withdrawKey) == 0 || len(token) != withdrawTokenLength {
		return "", ErrBadToken
	}
	id, sig, ok := strings.Cut(token, ".")
	if !ok || !ValidID(id) {
		return "", ErrBadToken
	}
	got, err := base64.RawURLEncoding.Strict().DecodeString(sig)
	if err != nil || !hmac.Equal(got, in.sign(id)) {
		return "", ErrBadToken
	}
	return id, nil
}
