package images

import (
	"crypto/sha256"
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Result is one processed source image.
type Result struct {
	Name   string // as the caller gave it, like "posts/trip/photo.jpg"
	Format Format
	// Width and Height are as shown, EXIF orientation applied; 0 for an
	// SVG that declares no size.
	Width, Height int
	// Passthrough: publish the source as it is (SVG, animated GIF or
	// WebP); there are no Variants.
	Passthrough bool
	// Variants by ascending width; at each width the source's own format
	// first, then WebP.
	Variants []Variant
	// Key is the cache key: the source bytes, settings and encoders.
	Key [32]byte
	// Cached: every variant came from the cache, nothing was encoded.
	Cached bool
}

// Variant is one published file of an image.
type Variant struct {
	// Name is the file name to publish beside the source, like
	// "photo-480w.webp": the same source and settings give the same name.
	Name          string
	Format        Format
	Width, Height int
	// Path is the cache file holding the bytes: copy or link it out.
	Path string
	// Key is a hash of what the bytes are made from, for the publisher's
	// manifest (its first 16 bytes make a publish.Key).
	Key [32]byte
}

// Stats count a Processor's work, for --verbose and for tests.
type Stats struct {
	Encoded     int64 // files encoded
	Processed   int64 // images decoded and encoded
	Cached      int64 // images served whole from the cache
	Passthrough int64 // images published as they are
}

// Processor processes images with one set of settings and one cache
// folder. It is safe for concurrent use.
type Processor struct {
	s      Settings
	cache  cache
	budget *budget

	mu       sync.Mutex
	inflight map[[32]byte]*flight

	usedMu sync.Mutex
	used   map[[32]byte]bool // the cache keys this processor looked up or wrote

	encoded, processed, cached, passthrough atomic.Int64
}

// flight lets two identical sources in one batch share one encoding.
type flight struct {
	done chan struct{}
	err  error
}

// New returns a Processor that keeps its encoded files in cacheDir, a
// folder the caller owns (for example .rainmaker/cache/images); it is
// created if missing.
func New(s Settings, cacheDir string) (*Processor, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if cacheDir == "" {
		return nil, fmt.Errorf("images: no cache folder given")
	}
	p := &Processor{
		s:        s,
		budget:   newBudget(max(s.MaxPixels, 100_000_000)),
		inflight: map[[32]byte]*flight{},
		used:     map[[32]byte]bool{},
	}
	p.cache = cache{dir: cacheDir, used: p.use}
	return p, nil
}

// Stats returns the work done so far.
func (p *Processor) Stats() Stats {
	return Stats{Encoded: p.encoded.Load(), Processed: p.processed.Load(),
		Cached: p.cached.Load(), Passthrough: p.passthrough.Load()}
}

// Process makes the variants of one source image, or finds them in the
// cache. name is the image's path in the site: it names the variants and
// the errors. Errors are *Error.
func (p *Processor) Process(name string, data []byte) (*Result, error) {
	f, ok := sniff(data)
	if !ok {
		return nil, &Error{Name: name, Kind: ErrUnsupported}
	}
	if f == SVG {
		return p.svg(name, data)
	}
	cfg, err := decodeConfig(f, data)
	if err != nil {
		return nil, &Error{Name: name, Kind: ErrUndecodable, Format: string(f), Err: err}
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > p.s.MaxPixels || cfg.Width <= 0 || cfg.Height <= 0 {
		if px == 0 {
			return nil, &Error{Name: name, Kind: ErrUndecodable, Format: string(f), Err: fmt.Errorf("it is %d×%d px", cfg.Width, cfg.Height)}
		}
		return nil, &Error{Name: name, Kind: ErrTooLarge, Format: string(f), Width: cfg.Width, Height: cfg.Height, Limit: p.s.MaxPixels}
	}
	r := &Result{Name: name, Format: f, Width: cfg.Width, Height: cfg.Height}
	if animated(f, data) {
		r.Passthrough, r.Key = true, sha256.Sum256(data)
		p.passthrough.Add(1)
		return r, nil
	}
	orientation := 1
	if f == JPEG {
		orientation = exifOrientation(data)
	}
	if swapsAxes(orientation) {
		r.Width, r.Height = r.Height, r.Width
	}
	r.Key = p.key(data)
	r.Variants = p.plan(r)
	if err := p.fill(r, data, orientation); err != nil {
		return nil, err
	}
	return r, nil
}

func (p *Processor) svg(name string, data []byte) (*Result, error) {
	w, h, isSVG, _ := svgSize(data)
	if !isSVG {
		return nil, &Error{Name: name, Kind: ErrUnsupported}
	}
	p.passthrough.Add(1)
	return &Result{Name: name, Format: SVG, Width: w, Height: h, Passthrough: true, Key: sha256.Sum256(data)}, nil
}

func (p *Processor) key(data []byte) [32]byte {
	h := sha256.New()
	h.Write(data)
	// A separator no source can forge: the lengths fix where each part ends.
	extra := p.s.keyString() + "\x00" + EncoderVersion()
	h.Write([]byte("\x00" + strconv.Itoa(len(data)) + "\x00" + extra))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// plan lists the variants of r, without their bytes.
func (p *Processor) plan(r *Result) []Variant {
	base := path.Base(filepath.ToSlash(r.Name))
	stem := strings.TrimSuffix(base, path.Ext(base))
	own := ownFormat(r.Format)
	var out []Variant
	for _, w := range p.s.WidthsFor(r.Width) {
		h := heightFor(r.Width, r.Height, w)
		formats := []Format{own}
		if p.s.WebP && own != WebP {
			formats = append(formats, WebP)
		}
		for _, f := range formats {
			file := strconv.Itoa(w) + "w" + f.Ext()
			v := Variant{Name: stem + "-" + file, Format: f, Width: w, Height: h,
				Path: filepath.Join(p.cache.folder(r.Key), file)}
			v.Key = sha256.Sum256(append(r.Key[:], file...))
			out = append(out, v)
		}
	}
	return out
}

// cacheFile is a variant's name in its cache folder, without the stem,
// so that two copies of one photo under different names share it.
func cacheFile(v Variant) string { return filepath.Base(v.Path) }

// fill makes sure the cache holds r's variants, encoding them unless it
// does; a second caller with the same key waits for the first.
func (p *Processor) fill(r *Result, data []byte, orientation int) error {
	files := make([]string, len(r.Variants))
	for i, v := range r.Variants {
		files[i] = cacheFile(v)
	}
	for {
		if p.cache.load(r.Key, files) {
			r.Cached = true
			p.cached.Add(1)
			return nil
		}
		p.mu.Lock()
		if fl, busy := p.inflight[r.Key]; busy {
			p.mu.Unlock()
			<-fl.done
			if fl.err != nil {
				return fl.err
			}
			continue // it is in the cache now
		}
		fl := &flight{done: make(chan struct{})}
		p.inflight[r.Key] = fl
		p.mu.Unlock()

		fl.err = p.encodeAll(r, data, orientation)
		if _, ok := fl.err.(*Error); fl.err != nil && !ok {
			fl.err = &Error{Name: r.Name, Format: string(r.Format), Err: fl.err} // the cache's
		}
		p.mu.Lock()
		delete(p.inflight, r.Key)
		p.mu.Unlock()
		close(fl.done)
		return fl.err
	}
}
