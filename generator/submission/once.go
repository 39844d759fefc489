package submission

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// keysDir holds one record per idempotency key: the id the key's story
// has, or will have, and a fingerprint of the request that first used it.
// The records hold no private data.
const keysDir = ".keys"

// KeyLifetime is how long a key is remembered: a retry later than that
// is a new submission.
const KeyLifetime = 24 * time.Hour

// ErrKeyReused is returned for a key sent again with another request.
var ErrKeyReused = errors.New("the Idempotency-Key was used before for another submission")

type keyRecord struct {
	ID          string    `json:"id"`
	Fingerprint string    `json:"fingerprint"`
	Created     time.Time `json:"created"`
}

// SaveOnce saves a submission once per key: a retry of the same request
// (same key, same fingerprint) returns the first id and stores nothing
// new, even when the first attempt's process died half-way. The record of
// the key is written before the story, durably, and names the id the
// story gets; a retry that finds the record and no story stores it under
// that id, so two attempts can never both create a story. replayed reports
// an answer given before.
func (in *Inbox) SaveOnce(key string, fingerprint []byte, s Submission, now time.Time) (id string, replayed bool, err error) {
	rec, existed, err := in.reserve(key, fingerprint, now)
	if err != nil {
		return "", false, err
	}
	if existed && in.stored(key, rec.ID) {
		return rec.ID, true, nil
	}
	err = in.saveAs(rec.ID, s, now)
	if errors.Is(err, fs.ErrExist) {
		return rec.ID, true, nil // a twin request stored it a moment ago
	}
	if err != nil {
		return "", false, err
	}
	// The story is safe; the marker only saves a later retry the search.
	in.markStored(key)
	return rec.ID, existed, nil
}

func (in *Inbox) keyPath(key, ext string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(in.Dir, keysDir, hex.EncodeToString(sum[:])+ext)
}

// reserve writes the key's record, or reads the one written before.
func (in *Inbox) reserve(key string, fingerprint []byte, now time.Time) (keyRecord, bool, error) {
	fp := hex.EncodeToString(fingerprint)
	rec := keyRecord{ID: NewID(now), Fingerprint: fp, Created: now.UTC()}
	data, _ := json.Marshal(rec)
	if err := os.MkdirAll(filepath.Join(in.Dir, keysDir), 0o700); err != nil {
		return rec, false, fmt.Errorf("save submission: %w", err)
	}
	err := writeNew(filepath.Join(in.Dir, incomingDir), in.keyPath(key, ".json"), data)
	if err == nil {
		return rec, false, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return rec, false, fmt.Errorf("save submission: %w", err)
	}
	// Records are linked whole, so one that exists is complete.
	data, err = os.ReadFile(in.keyPath(key, ".json"))
	if err == nil {
		err = json.Unmarshal(data, &rec)
	}
	if err != nil || !ValidID(rec.ID) {
		return rec, false, fmt.Errorf("save submission: the record of an idempotency key is unreadable: %v", err)
	}
	if rec.Fingerprint != fp {
		return rec, false, ErrKeyReused
	}
	return rec, true, nil
}

// stored reports whether the story of a key was stored: it is marked so,
// or it is waiting or approved.
func (in *Inbox) stored(key, id string) bool {
	for _, path := range []string{in.keyPath(key, ".done"), filepath.Join(in.Dir, id+".md"), filepath.Join(in.Dir, approvedDir, id+".md")} {
		if _, err := os.Stat(path); err == nil {
			return true
		}
	}
	return false
}

func (in *Inbox) markStored(key string) {
	writeNew(filepath.Join(in.Dir, incomingDir), in.keyPath(key, ".done"), nil)
}

// sweepKeys forgets keys older than KeyLifetime.
func (in *Inbox) sweepKeys(now time.Time) {
	entries, _ := os.ReadDir(filepath.Join(in.Dir, keysDir))
	for _, e := range entries {
		if e.Name() == withdrawKeyFile {
			continue // not an idempotency key: it is kept for good
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > KeyLifetime {
			os.Remove(filepath.Join(in.Dir, keysDir, e.Name()))
		}
	}
}
