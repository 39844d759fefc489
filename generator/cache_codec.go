package generator

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
)

// The cache is written in a small binary form of its own: it is read and
// written on every build, and gob took a third of a second for a site of
// 10,000 pages. Strings are length-prefixed; params, rare and of any
// type, are gob-encoded.

var errCacheCorrupt = errors.New("build cache is corrupt")

// cacheWriter streams the cache: one large buffer grown by append cost
// more than the encoding itself.
type cacheWriter struct {
	w       *bufio.Writer
	scratch [binary.MaxVarintLen64]byte
}

func (w *cacheWriter) uint(v uint64) { w.w.Write(binary.AppendUvarint(w.scratch[:0], v)) }
func (w *cacheWriter) int(v int64)   { w.w.Write(binary.AppendVarint(w.scratch[:0], v)) }
func (w *cacheWriter) raw(b []byte)  { w.w.Write(b) }
func (w *cacheWriter) str(s string)  { w.uint(uint64(len(s))); w.w.WriteString(s) }
func (w *cacheWriter) bytes(b []byte) {
	w.uint(uint64(len(b)))
	w.w.Write(b)
}

func (w *cacheWriter) strs(list []string) {
	w.uint(uint64(len(list)))
	for _, s := range list {
		w.str(s)
	}
}
func (w *cacheWriter) notes(list []content.Note) {
	w.uint(uint64(len(list)))
	for _, n := range list {
		w.int(int64(n.Line))
		w.str(n.Msg)
	}
}

func (w *cacheWriter) bool(b bool) {
	if b {
		w.w.WriteByte(1)
	} else {
		w.w.WriteByte(0)
	}
}

func (w *cacheWriter) time(t time.Time) {
	if t.IsZero() {
		w.bool(false)
		return
	}
	w.bool(true)
	_, offset := t.Zone()
	w.int(t.Unix())
	w.uint(uint64(t.Nanosecond()))
	w.int(int64(offset))
}

// cacheReader decodes from one string: the strings it returns are slices
// of it, so decoding allocates almost nothing.
type cacheReader struct {
	data string
	err  error
}

func (r *cacheReader) uvarint() (uint64, int) {
	var v uint64
	for i := 0; i < len(r.data) && i < binary.MaxVarintLen64; i++ {
		b := r.data[i]
		v |= uint64(b&0x7f) << (7 * i)
		if b < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

func (r *cacheReader) uint() uint64 {
	v, n := r.uvarint()
	if n <= 0 {
		r.fail()
		return 0
	}
	r.data = r.data[n:]
	return v
}

func (r *cacheReader) int() int64 {
	u := r.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

func (r *cacheReader) raw(n uint64) string {
	if n > uint64(len(r.data)) {
		r.fail()
		return ""
	}
	b := r.data[:n]
	r.data = r.data[n:]
	return b
}

func (r *cacheReader) str() string { return r.raw(r.uint()) }
func (r *cacheReader) fail()       { r.err, r.data = errCacheCorrupt, "" }

// count reads how many items follow, each at least minSize bytes long: a
// count that the rest of the data cannot hold is corrupt, and is refused
// before anything is allocated for it.
func (r *cacheReader) count(minSize int) int {
	n := r.uint()
	if n > uint64(len(r.data)/minSize) {
		r.fail()
		return 0
	}
	return int(n)
}

// strs reads a list of strings; nil when empty.
func (r *cacheReader) strs() []string {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = r.str()
	}
	return list
}

func (r *cacheReader) notes() []content.Note {
	n := r.count(2)
	if n == 0 {
		return nil
	}
	list := make([]content.Note, n)
	for i := range list {
		list[i] = content.Note{Line: int(r.int()), Msg: r.str()}
	}
	return list
}

func (r *cacheReader) bool() bool {
	b := r.raw(1)
	return len(b) == 1 && b[0] == 1
}

func (r *cacheReader) time() time.Time {
	if !r.bool() {
		return time.Time{}
	}
	sec, nsec, offset := r.int(), r.uint(), r.int()
	loc := time.UTC
	if offset != 0 {
		loc = time.FixedZone("", int(offset))
	}
	return time.Unix(sec, int64(nsec)).In(loc)
}

func newCacheWriter(out io.Writer) *cacheWriter {
	return &cacheWriter{w: bufio.NewWriterSize(out, 256<<10)}
}

func (c *buildCache) encode(out io.Writer) error {
	w := newCacheWriter(out)
	if err := c.encodePages(w); err != nil {
		return err
	}
	return c.encodeRest(w)
}

// encodePages writes the head and every page's record: all of the cache
// that is final once the pages are rendered.
func (c *buildCache) encodePages(w *cacheWriter) error {
	w.str(c.Format)
	w.str(c.Inputs)
	w.str(c.Output)
	w.uint(uint64(c.pageCount()))
	var err error
	c.records(func(p *pageRecord) {
		if err == nil {
			err = w.page(p)
		}
	})
	return err
}

// encodeRest writes the manifest, known when the build is published, and
// flushes.
func (c *buildCache) encodeRest(w *cacheWriter) error {
	w.bytes(c.Outputs.Standby.Encode(c.Outputs.Live.Encode(nil)))
	return w.w.Flush()
}

// page writes one page's record.
func (w *cacheWriter) page(p *pageRecord) error {
	w.int(p.Size)
	w.int(p.ModTime)
	w.raw(p.Hash[:])
	w.raw(p.CardHash[:])
	w.raw(p.ImagesKey[:])
	for _, s := range []string{p.SourcePath, p.Section, p.Title, p.Summary, p.Slug, p.Author, p.Description, p.Image,
		p.Name, p.Role, p.Company, p.Result, p.SubmissionID, p.URL, p.Card, p.FeedContent} {
		w.str(s)
	}
	// The summary is mostly a part of the card (see render's preparePage): then
	// only its place in the card is written, a fifth less to write and read.
	if at, ok := substringAt(p.SummaryHTML, p.Card); ok {
		w.uint(uint64(at) + 1)
		w.uint(uint64(len(p.SummaryHTML)))
	} else {
		w.uint(0)
		w.str(p.SummaryHTML)
	}
	w.time(p.Date)
	w.time(p.Lastmod)
	w.uint(uint64(len(p.Tags)))
	for _, t := range p.Tags {
		w.str(t)
	}
	w.uint(uint64(len(p.Terms)))
	for _, tax := range slices.Sorted(maps.Keys(p.Terms)) {
		w.str(tax)
		w.strs(p.Terms[tax])
	}
	w.strs(p.Aliases)
	w.int(int64(p.AliasLine))
	w.notes(p.Notes)
	w.notes(p.RenderNotes)
	w.strs(p.MissingFiles)
	w.bool(p.Draft)
	w.bool(p.Featured)
	w.uint(uint64(p.TOC))
	w.bool(p.Rendered)
	w.bool(p.HasFeed)
	w.int(int64(p.BodyOffset))
	w.int(int64(p.BodyLine))
	w.int(int64(p.SlugLine))
	w.int(int64(p.WordCount))
	var params []byte
	if p.Params != nil {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(p.Params); err != nil {
			return err
		}
		params = buf.Bytes()
	}
	w.bytes(params)
	return nil
}

// head reads what a cache starts with: its format, which must be this
// program's, the hash of its inputs and the output folder it describes.
func (r *cacheReader) head() (inputs, output string, ok bool) {
	if r.str() != cacheFormat {
		return "", "", false
	}
	inputs, output = r.str(), r.str()
	return inputs, output, r.err == nil
}

// minPageRecordSize is the fewest bytes a page's record is written in:
// its three hashes alone take 96.
const minPageRecordSize = 98

func decodeCache(data []byte) (*buildCache, error) {
	if len(data) == 0 {
		return nil, errCacheCorrupt
	}
	// The strings of the cache are views of data, which is never written
	// again: copying 30 MB cost more than decoding it.
	r := &cacheReader{data: unsafe.String(&data[0], len(data))}
	c := &buildCache{Format: cacheFormat}
	var ok bool
	if c.Inputs, c.Output, ok = r.head(); !ok {
		return nil, errCacheCorrupt
	}
	n := r.count(minPageRecordSize)
	c.Pages = make(map[string]*pageRecord, n)
	for i := 0; i < n && r.err == nil; i++ {
		p := &pageRecord{Size: r.int(), ModTime: r.int()}
		copy(p.Hash[:], r.raw(32))
		copy(p.CardHash[:], r.raw(32))
		copy(p.ImagesKey[:], r.raw(32))
		for _, s := range []*string{&p.SourcePath, &p.Section, &p.Title, &p.Summary, &p.Slug, &p.Author, &p.Description, &p.Image,
			&p.Name, &p.Role, &p.Company, &p.Result, &p.SubmissionID, &p.URL, &p.Card, &p.FeedContent} {
			*s = r.str()
		}
		if at := r.uint(); at == 0 {
			p.SummaryHTML = r.str()
		} else if n, start := r.uint(), at-1; start <= uint64(len(p.Card)) && n <= uint64(len(p.Card))-start {
			p.SummaryHTML = p.Card[start : start+n]
		} else {
			r.fail()
		}
		p.Date, p.Lastmod = r.time(), r.time()
		if tags := r.count(1); tags > 0 {
			p.Tags = make([]string, tags)
			for j := range p.Tags {
				p.Tags[j] = r.str()
			}
		}
		if n := r.count(2); n > 0 {
			p.Terms = make(map[string][]string, n)
			for range n {
				tax := r.str()
				p.Terms[tax] = r.strs()
			}
		}
		p.Aliases = r.strs()
		p.AliasLine = int(r.int())
		p.Notes, p.RenderNotes, p.MissingFiles = r.notes(), r.notes(), r.strs()
		p.Draft, p.Featured, p.TOC = r.bool(), r.bool(), content.TOCMode(r.uint())
		p.Rendered, p.HasFeed = r.bool(), r.bool()
		p.BodyOffset, p.BodyLine, p.SlugLine, p.WordCount = int(r.int()), int(r.int()), int(r.int()), int(r.int())
		if params := r.raw(r.uint()); len(params) > 0 {
			if err := gob.NewDecoder(strings.NewReader(params)).Decode(&p.Params); err != nil {
				return nil, errCacheCorrupt
			}
		}
		c.Pages[p.SourcePath] = p
	}
	live, rest, err := publish.DecodeManifest([]byte(r.raw(r.uint())))
	if err != nil {
		return nil, errCacheCorrupt
	}
	standby, rest, err := publish.DecodeManifest(rest)
	if err != nil || len(rest) != 0 {
		return nil, errCacheCorrupt
	}
	c.Outputs = publish.Previous{Live: live, Standby: standby}
	if r.err != nil || len(r.data) != 0 {
		return nil, errCacheCorrupt
	}
	return c, nil
}

// substringAt reports where s lies inside within's memory, if it does:
// whether s was sliced from within, not merely equal to a part of it.
func substringAt(s, within string) (int, bool) {
	if len(s) == 0 || len(within) == 0 {
		return 0, false
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	base := uintptr(unsafe.Pointer(unsafe.StringData(within)))
	if start < base || start+uintptr(len(s)) > base+uintptr(len(within)) {
		return 0, false
	}
	return int(start - base), true
}
