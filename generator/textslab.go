package generator

import (
	"sync"
	"unsafe"
)

// textSlab keeps short texts that live as long as the build, like the
// pages' cards, in shared blocks instead of one allocation each: the
// collector marks a block once, where it marked every card (100,000 at
// 100,000 pages) in each of its cycles, and no size class rounds a card
// up. A block stays alive while any text in it does.
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

// copy returns b as a string in the slab. Texts larger than an eighth of
// the largest block get an allocation of their own, so blocks waste
// little.
func (s *textSlab) copy(b []byte) string {
	if len(b) == 0 || len(b) > slabLargest/8 {
		return string(b)
	}
	s.mu.Lock()
	if cap(s.block)-len(s.block) < len(b) {
		size := min(max(2*cap(s.block), slabFirstBlock), slabLargest)
		s.block = make([]byte, 0, max(size, len(b)))
	}
	start := len(s.block)
	s.block = append(s.block, b...)
	text := s.block[start:]
	s.mu.Unlock()
	// Bytes handed out are never written again: appends only go past them.
	return unsafe.String(unsafe.SliceData(text), len(text))
}
