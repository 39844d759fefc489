package generator

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

func TestTextSlab(t *testing.T) {
	var s textSlab
	var got []string
	var want []string
	for i := range 2000 {
		text := bytes.Repeat([]byte{byte('a' + i%26)}, 1+i%700)
		got = append(got, s.copy(text))
		want = append(want, string(text))
		text[0] = '!' // the slab holds a copy, not the caller's bytes
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("text %d changed: %.20q..., want %.20q...", i, got[i], want[i])
		}
	}
	if cap(s.block) != slabLargest {
		t.Errorf("block size %d after 700 KB of texts, want %d", cap(s.block), slabLargest)
	}
	if big := bytes.Repeat([]byte("x"), slabLargest); s.copy(big) != string(big) {
		t.Error("a text larger than a block was not kept whole")
	}
}

func TestTextSlabFirstBlockIsSmall(t *testing.T) {
	var s textSlab
	s.copy([]byte("<article>one card</article>"))
	if cap(s.block) != slabFirstBlock {
		t.Errorf("first block %d bytes, want %d", cap(s.block), slabFirstBlock)
	}
}

func TestTextSlabConcurrent(t *testing.T) {
	var s textSlab
	var wg sync.WaitGroup
	results := make([][]string, 4)
	for w := range results {
		wg.Go(func() {
			for i := range 500 {
				results[w] = append(results[w], s.copy(fmt.Appendf(nil, "worker %d card %d", w, i)))
			}
		})
	}
	wg.Wait()
	for w, texts := range results {
		for i, text := range texts {
			if want := fmt.Sprintf("worker %d card %d", w, i); text != want {
				t.Fatalf("got %q, want %q", text, want)
			}
		}
	}
}
