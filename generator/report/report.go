// Package report holds the errors of a build: each names a file and a
// line, and one build returns all of them at once.
package report

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// FileError is an error about one place in one input file. Path is relative
// to the site's root and slash-separated; Line is 1-based, or 0 when the
// error concerns the whole file.
type FileError struct {
	Path string
	Line int
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// Errorf builds a FileError with a formatted message.
func Errorf(path string, line int, format string, args ...any) *FileError {
	return &FileError{Path: path, Line: line, Err: fmt.Errorf(format, args...)}
}

// List collects every problem of one build so that an author sees all
// of them at once instead of fixing them one run at a time.
type List []error

func (l List) Error() string {
	lines := make([]string, len(l))
	for i, err := range l {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap lets errors.As find a FileError inside the list.
func (l List) Unwrap() []error { return l }

// Sorted orders errors by file and line, so that output is stable whatever
// order the parallel workers finished in.
func (l List) Sorted() List {
	out := append(List(nil), l...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := Place(out[i]), Place(out[j])
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Line < b.Line
	})
	return out
}

// ErrOrNil returns nil for an empty list, so callers can return it directly.
func (l List) ErrOrNil() error {
	if len(l) == 0 {
		return nil
	}
	return l.Sorted()
}

// Place is the file and line of an error, when it names them.
func Place(err error) FileError {
	var fe *FileError
	if errors.As(err, &fe) {
		return *fe
	}
	return FileError{}
}
