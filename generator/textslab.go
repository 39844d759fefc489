package generator

import (
	"strings"
	"sync"
	"unsafe"
)

// textSlab keeps short texts that live as long as the build, like the
// pages' cards and paths, in shared blocks instead of one allocation
// each: the collector marks a block once, where it marked every card
// (100,000 at 100,000 pages) in each of its cycles, and no size class
// rounds a text up. A block stays alive while any text in it does.
type textSlab struct {
	mu    sync.Mutex
	block []byte // the current block; its bytes up to len are handed out
}

// Blocks start small and double up to the largest size: a full build
// soon fills blocks of a few hundred cards, while a dev server rebuild
// that makes one card pins a small block, not a large one, for as long
// as that card lives.
const (
	slabFirstBlock = 4 << 10
	slabLargest    = 256 << 10
)

// copy returns b as a string in the slab.
func (s *textSlab) copy(b []byte) string {
	// add copies what it keeps at once: the string view of b does not
	// outlive this call.
	return s.add(unsafe.String(unsafe.SliceData(b), len(b)))
}

// add returns a copy of text in the slab. Texts larger than an eighth of
// the largest block get an allocation of their own, so blocks waste
// little.
func (s *textSlab) add(text string) string {
	if len(text) == 0 || len(text) > slabLargest/8 {
		return strings.Clone(text)
	}
	s.mu.Lock()
	if cap(s.block)-len(s.block) < len(text) {
		size := min(max(2*cap(s.block), slabFirstBlock), slabLargest)
		s.block = make([]byte, 0, max(size, len(text)))
	}
	start := len(s.block)
	s.block = append(s.block, text...)
	kept := s.block[start:]
	s.mu.Unlock()
	// Bytes handed out are never written again: appends only go past them.
	return unsafe.String(unsafe.SliceData(kept), len(kept))
}
