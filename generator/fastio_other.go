//go:build !unix

package generator

import "os"

func rawReadFile(path string) ([]byte, error)                 { return os.ReadFile(path) }
func rawReadFileInto(path string, buf []byte) ([]byte, error) { return os.ReadFile(path) }
func rawWriteFile(path string, data []byte) error             { return os.WriteFile(path, data, 0o644) }
func rawMkdir(path string) error                              { return os.Mkdir(path, 0o755) }
