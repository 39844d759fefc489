package generator

import "github.com/rainmaker-blog/rainmaker/generator/report"

// FileError and ErrorList are the build's errors (package report), named
// here too for the callers of Build.
type (
	FileError = report.FileError
	ErrorList = report.List
)

var fileErrorf = report.Errorf
