package publish

import (
	"bytes"
	"errors"
	"sort"
	"sync"
)

// File is one file of a site kept in memory.
type File struct {
	Key  Key
	Data []byte
}

// Memory keeps a built site in memory, for the dev server, which serves
// from it, and for tests. Carrying a file keeps the previous site's bytes.
type Memory struct {
	prev    map[string]File
	mu      sync.Mutex
	files   map[string]File
	stats   Stats
	changed []string // written with bytes the previous site did not have there
	added   int      // of them, paths the previous site did not have
}

// NewMemory starts a site in memory; prev is the previous build's, or nil.
func NewMemory(prev map[string]File) *Memory {
	return &Memory{prev: prev, files: make(map[string]File, len(prev))}
}

func (m *Memory) Fresh(rel string, key Key) bool {
	f, ok := m.prev[rel]
	return ok && key != Key{} && f.Key == key
}

func (m *Memory) Write(rel string, key Key, data []byte, release func()) error {
	f := File{Key: key, Data: append([]byte(nil), data...)}
	if release != nil {
		release()
	}
	old, had := m.prev[rel]
	differs := !had || !bytes.Equal(old.Data, f.Data)
	m.mu.Lock()
	m.files[rel] = f
	if differs {
		m.changed = append(m.changed, rel)
	}
	if !had {
		m.added++
	}
	m.stats.Written++
	m.stats.Bytes += int64(len(f.Data))
	m.mu.Unlock()
	return nil
}

var errNotBuilt = errors.New("not in the previous build")

func (m *Memory) Carry(rel string, key Key) error {
	f, ok := m.prev[rel]
	if !ok || f.Key != key {
		return errNotBuilt
	}
	m.mu.Lock()
	m.files[rel] = f
	m.stats.Carried++
	m.mu.Unlock()
	return nil
}

// Files returns the site built so far, by slash path.
func (m *Memory) Files() map[string]File {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files
}

// Changes returns, sorted, the paths whose bytes are new or different
// from the previous site's, and the previous site's paths this one lacks.
func (m *Memory) Changes() (changed, removed []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	changed = append([]string(nil), m.changed...)
	sort.Strings(changed)
	// Every path of this site is either new or one of the previous
	// site's: only when fewer of those were kept than it had is one gone.
	if len(m.files)-m.added < len(m.prev) {
		for rel := range m.prev {
			if _, ok := m.files[rel]; !ok {
				removed = append(removed, rel)
			}
		}
		sort.Strings(removed)
	}
	return changed, removed
}

func (m *Memory) Stats() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stats
}
