package content

import (
	"io/fs"

	"github.com/rainmaker-blog/rainmaker/generator/report"
	"github.com/rainmaker-blog/rainmaker/generator/source"
)

// ReadBody returns the Markdown body of a content file whose metadata was
// read before, read again from disk: holding every body from the front
// matter stage to the rendering costs more (memory is page faults, and
// page faults are dear) than the read. The body is in a recycled buffer:
// release gives it back, after which nothing may refer to it.
func ReadBody(site fs.FS, m *Meta) (body []byte, release func(), err error) {
	raw, _, release, err := source.ReadPooled(site, m.SourcePath)
	if err != nil {
		release()
		return nil, func() {}, &report.FileError{Path: m.SourcePath, Err: err}
	}
	src, err := Normalize(m.SourcePath, raw)
	if err == nil && m.BodyOffset > len(src) {
		err = report.Errorf(m.SourcePath, 0, "changed while the site was being built; build again")
	}
	if err != nil {
		release()
		return nil, func() {}, err
	}
	return src[m.BodyOffset:], release, nil
}
