package images

import (
	"encoding/hex"
	"maps"
	"os"
	"path/filepath"
)

// use records that this processor's build needs key's cache folder.
func (p *Processor) use(key [32]byte) {
	p.usedMu.Lock()
	defer p.usedMu.Unlock()
	p.used[key] = true
}

// PruneUnused removes every cache folder of variants or cards that this
// processor did not look up or write, and returns how many it removed.
// Only a build that processed every image and drew every card (a clean
// one) may call it: after a story is withdrawn, no copy of its photo or
// of a card with its name may stay behind in the cache.
func (p *Processor) PruneUnused() (int, error) {
	p.usedMu.Lock()
	used := maps.Clone(p.used)
	p.usedMu.Unlock()
	shards, err := os.ReadDir(p.cache.dir)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, shard := range shards {
		if !shard.IsDir() || len(shard.Name()) != 2 {
			continue
		}
		folders, err := os.ReadDir(filepath.Join(p.cache.dir, shard.Name()))
		if err != nil {
			return removed, err
		}
		for _, f := range folders {
			var key [32]byte
			if n, err := hex.Decode(key[:], []byte(f.Name())); err != nil || n != len(key) || used[key] {
				continue
			}
			if err := os.RemoveAll(filepath.Join(p.cache.dir, shard.Name(), f.Name())); err != nil {
				return removed, err
			}
			removed++
		}
	}
	return removed, nil
}
