//go:build !unix

package generator

import "os"

func readCacheFile(path string) ([]byte, error) { return os.ReadFile(path) }
