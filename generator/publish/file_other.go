//go:build !linux

package publish

import "os"

// writeFile creates (or truncates) a file, writes data and returns the
// file's stamp.
func writeFile(path string, data []byte) (Stamp, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return Stamp{}, err
	}
	_, err = f.Write(data)
	var info os.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Stamp{}, err
	}
	return stampOf(info), nil
}
