// Package publish puts a build's files in place. A build has one writer
// with two verbs: write new bytes, or carry the file the previous build
// wrote. What each file was made from is its key; the manifest records,
// for every file, its key and (on disk) the stamp it was left with, so
// that the next build carries only files that are still as it left them.
package publish

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// Key is a hash of everything a file's bytes are made from.
type Key [16]byte

// Stamp is how a file on disk is recognised as the one a build wrote:
// its size and modification time in nanoseconds.
type Stamp struct{ Size, ModTime int64 }

// Entry is one file of the manifest.
type Entry struct {
	Key   Key
	Stamp Stamp
}

// Manifest lists the files a build produced, by slash path.
type Manifest map[string]Entry

// Writer is where a build's files go.
type Writer interface {
	// Fresh reports whether the previous build left rel with this key,
	// and it is still as that build left it: then Carry keeps it.
	Fresh(rel string, key Key) bool
	// Write publishes data at rel. With a release function the writer
	// takes data over and calls release once done with it; without one
	// it copies data.
	Write(rel string, key Key, data []byte, release func()) error
	// Carry publishes the file a previous build made at rel with this
	// key, as it is; Fresh says whether there is one.
	Carry(rel string, key Key) error
}

// Stats counts what a build published.
type Stats struct {
	Written, Carried int64
	Bytes            int64 // written
}

// SafeJoin joins a slash path to root, refusing any path that would
// leave it. Output paths come from slugs, which cannot hold "..", but the
// check belongs at the door to the disk.
func SafeJoin(root, rel string) (string, error) {
	clean := filepath.ToSlash(filepath.Clean("/" + rel))
	if clean == "/" || strings.Contains(rel, "\\") || clean != "/"+strings.TrimPrefix(rel, "/") {
		return "", fmt.Errorf("output path %q is not a clean path inside the output folder", rel)
	}
	return filepath.Join(root, filepath.FromSlash(clean)), nil
}

const manifestFormat = 1

var errCorrupt = errors.New("manifest is corrupt")

// Encode appends the manifest to buf.
func (m Manifest) Encode(buf []byte) []byte {
	buf = binary.AppendUvarint(buf, manifestFormat)
	buf = binary.AppendUvarint(buf, uint64(len(m)))
	for p, e := range m {
		buf = binary.AppendUvarint(buf, uint64(len(p)))
		buf = append(buf, p...)
		buf = append(buf, e.Key[:]...)
		buf = binary.AppendVarint(buf, e.Stamp.Size)
		buf = binary.AppendVarint(buf, e.Stamp.ModTime)
	}
	return buf
}

// DecodeManifest reads a manifest that Encode wrote at the start of data
// and returns it with the bytes that follow it.
func DecodeManifest(data []byte) (Manifest, []byte, error) {
	r := reader{data: data}
	if r.uint() != manifestFormat {
		return nil, nil, errCorrupt
	}
	n := r.uint()
	if r.err != nil || n > uint64(len(data)) { // every entry takes more than a byte
		return nil, nil, errCorrupt
	}
	m := make(Manifest, n)
	for range n {
		p := string(r.bytes(r.uint()))
		var e Entry
		copy(e.Key[:], r.bytes(uint64(len(e.Key))))
		e.Stamp = Stamp{Size: r.int(), ModTime: r.int()}
		if r.err != nil {
			return nil, nil, r.err
		}
		m[p] = e
	}
	return m, r.data, nil
}

type reader struct {
	data []byte
	err  error
}

func (r *reader) uint() uint64 {
	v, n := binary.Uvarint(r.data)
	if n <= 0 {
		r.err, r.data = errCorrupt, nil
		return 0
	}
	r.data = r.data[n:]
	return v
}

func (r *reader) int() int64 {
	v, n := binary.Varint(r.data)
	if n <= 0 {
		r.err, r.data = errCorrupt, nil
		return 0
	}
	r.data = r.data[n:]
	return v
}

func (r *reader) bytes(n uint64) []byte {
	if n > uint64(len(r.data)) {
		r.err, r.data = errCorrupt, nil
		return nil
	}
	b := r.data[:n]
	r.data = r.data[n:]
	return b
}

func runtimeCores() int { return runtime.GOMAXPROCS(0) }
