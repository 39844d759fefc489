package render

import "bytes"

// bufferPool recycles the buffers of rendered pages.
type bufferPool struct{ free chan *bytes.Buffer }

func newBufferPool(n int) *bufferPool { return &bufferPool{free: make(chan *bytes.Buffer, n)} }

func (p *bufferPool) get() *bytes.Buffer {
	select {
	case b := <-p.free:
		b.Reset()
		return b
	default:
		return new(bytes.Buffer)
	}
}

func (p *bufferPool) put(b *bytes.Buffer) {
	if b.Cap() > 4<<20 {
		return // don't keep a huge buffer alive for ordinary pages
	}
	select {
	case p.free <- b:
	default:
	}
}
