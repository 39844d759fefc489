//go:build !linux

package publish

import (
	"io/fs"
	"os"
	"path/filepath"
)

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

// regularStamp is the stamp of a regular file.
func regularStamp(path string) (Stamp, bool) {
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() {
		return Stamp{}, false
	}
	return stampOf(info), true
}

// listFiles lists the files below root, as slash paths.
func listFiles(root string) []string {
	var files []string
	filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	return files
}
