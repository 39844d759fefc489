//go:build !linux

package source

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// readFileInto reads a whole file into buf's memory when it is large
// enough. The stamp is the file's size and time from before the read.
func readFileInto(name string, buf []byte) ([]byte, Stamp, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, Stamp{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, Stamp{}, err
	}
	if info.IsDir() {
		return nil, Stamp{}, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	stamp := Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	// One byte more than the size, so that the first read sees the end
	// of a file that has not grown.
	if need := int(info.Size()) + 1; cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	buf = buf[:0]
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, stamp, nil
		}
		if err != nil {
			return nil, Stamp{}, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}
