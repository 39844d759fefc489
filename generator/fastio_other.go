//go:build !linux

package generator

import "os"

func rawReadFile(path string) ([]byte, error) { return os.ReadFile(path) }
func rawReadFileInto(path string, buf []byte) ([]byte, fileStamp, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fileStamp{}, err
	}
	data, err := os.ReadFile(path)
	return data, fileStamp{size: info.Size(), modTime: info.ModTime().UnixNano()}, err
}
func rawWriteFile(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }
func rawMkdir(path string) error                  { return os.Mkdir(path, 0o755) }
