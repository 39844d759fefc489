package images

import (
	"image"
	"slices"
	"sync"
)

// encodeAll decodes the source and encodes every variant into the cache. It
// scales from the largest width down, each width from the one above: a
// kernel's cost follows its source's size, and the next width up is
// close enough that no detail is lost.
func (p *Processor) encodeAll(r *Result, data []byte, orientation int) error {
	pixels := int64(r.Width) * int64(r.Height)
	p.budget.acquire(pixels)
	defer p.budget.release(pixels)

	src, err := decode(r.Format, data)
	if err != nil {
		return &Error{Name: r.Name, Kind: ErrUndecodable, Format: string(r.Format), Err: err}
	}
	cw, err := p.cache.writer(r.Key)
	if err != nil {
		return err
	}
	var from image.Image = src
	for _, v := range slices.Backward(r.Variants) {
		if v.Format == WebP && ownFormat(r.Format) != WebP {
			continue // made with the own format's pixels, below
		}
		// Scaled as stored, turned after: turning the small image is cheaper.
		sw, sh := v.Width, v.Height
		if swapsAxes(orientation) {
			sw, sh = sh, sw
		}
		scaled := scaleTo(from, sw, sh, p.s.Scaler)
		from = scaled
		shown := orient(scaled, orientation)
		for _, u := range r.Variants {
			if u.Width != v.Width {
				continue
			}
			if err := p.encodeInto(cw, u, shown); err != nil {
				return &Error{Name: r.Name, Format: string(r.Format), Err: err}
			}
		}
	}
	p.processed.Add(1)
	return cw.seal()
}

func (p *Processor) encodeInto(cw *cacheWriter, v Variant, m *image.RGBA) error {
	b, err := encode(v.Format, m, p.s)
	if err != nil {
		return err
	}
	p.encoded.Add(1)
	return cw.put(cacheFile(v), b)
}

// budget bounds the pixels decoded at once, so that every core working
// on a large photo at the same time cannot take all memory. One image
// always gets through, however large, so none waits forever.
type budget struct {
	mu         sync.Mutex
	cond       *sync.Cond
	used, most int64
}

func newBudget(most int64) *budget {
	b := &budget{most: most}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *budget) acquire(n int64) {
	b.mu.Lock()
	for b.used > 0 && b.used+n > b.most {
		b.cond.Wait()
	}
	b.used += n
	b.mu.Unlock()
}

func (b *budget) release(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
	b.cond.Broadcast()
}
