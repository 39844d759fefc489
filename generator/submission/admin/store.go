package admin

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/internal/durable"
)

// The files of an inbox's .admin folder.
const (
	passwordFile = "password" // the argon2id hash
	keyFile      = "key"      // signs sessions and CSRF tokens
	revokedDir   = "revoked"  // one empty file per session signed out
)

// DirOf is the folder of the admin files of an inbox folder.
func DirOf(inboxDir string) string { return filepath.Join(inboxDir, ".admin") }

// PasswordPath is where the password hash of an admin folder is kept.
func PasswordPath(dir string) string { return filepath.Join(dir, passwordFile) }

// HasPassword reports whether a password was set, so that /admin/ is on.
func HasPassword(dir string) bool {
	info, err := os.Stat(PasswordPath(dir))
	return err == nil && info.Mode().IsRegular()
}

// SetPassword stores the hash of a new password durably, readable by
// its owner alone, and draws a new signing key: every session signed in
// with the old password ends.
func SetPassword(dir, pw string) error {
	if err := CheckPassword(pw); err != nil {
		return err
	}
	hash, err := HashPassword(pw)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := writeFile(dir, passwordFile, []byte(hash+"\n"), true); err != nil {
		return fmt.Errorf("store the password: %w", err)
	}
	if err := writeFile(dir, keyFile, newKey(), true); err != nil {
		return fmt.Errorf("store the session key: %w", err)
	}
	return nil
}

// readPasswordHash reads the stored hash.
func readPasswordHash(dir string) (string, error) {
	data, err := readSmall(PasswordPath(dir), 4096)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(data)), nil
}

func newKey() []byte {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return []byte(hex.EncodeToString(b) + "\n")
}

// loadKey returns the signing key, making it when there is none yet.
// Processes sharing the inbox read the same file; the first to make it
// wins, the others read it.
func loadKey(dir string) ([]byte, error) {
	for range 3 {
		data, err := readSmall(filepath.Join(dir, keyFile), 256)
		if errors.Is(err, fs.ErrNotExist) {
			if err := writeFile(dir, keyFile, newKey(), false); err != nil && !errors.Is(err, fs.ErrExist) {
				return nil, fmt.Errorf("make the session key: %w", err)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		key, err := hex.DecodeString(strings.TrimSpace(string(data)))
		if err != nil || len(key) < 32 {
			return nil, fmt.Errorf("%s is not a key; remove it and a new one is made (everyone signs in again)", filepath.Join(dir, keyFile))
		}
		return key, nil
	}
	return nil, errors.New("the session key could not be made")
}

// readSmall reads a file of at most max bytes.
func readSmall(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, max+1)
	n, err := f.Read(buf)
	if n > int(max) {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, max)
	}
	if n == 0 && err != nil {
		return nil, err
	}
	return buf[:n], nil
}

// writeFile writes a file durably with mode 0600: a temporary file,
// fsynced, then renamed over the old one (replace) or linked where none
// is (fs.ErrExist otherwise).
func writeFile(dir, name string, data []byte, replace bool) error {
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	path := filepath.Join(dir, name)
	if replace {
		err = os.Rename(tmp.Name(), path)
	} else {
		err = os.Link(tmp.Name(), path)
	}
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fs.ErrExist
		}
		return err
	}
	return durable.SyncDir(dir)
}

// revoke records that a session is signed out, for every process that
// shares the inbox, and forgets the records of sessions expired anyway.
func revoke(dir, sid string, now time.Time, ttl time.Duration) error {
	rdir := filepath.Join(dir, revokedDir)
	if err := os.MkdirAll(rdir, 0o700); err != nil {
		return err
	}
	if entries, err := os.ReadDir(rdir); err == nil {
		for _, e := range entries {
			if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > ttl+time.Hour {
				os.Remove(filepath.Join(rdir, e.Name()))
			}
		}
	}
	if err := writeFile(rdir, sid, nil, false); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// revoked reports whether a session was signed out. sid has been checked
// to be hex. A record that cannot be looked up counts as signed out.
func revoked(dir, sid string) bool {
	_, err := os.Lstat(filepath.Join(dir, revokedDir, sid))
	return !errors.Is(err, fs.ErrNotExist)
}
