// Package parallel runs a loop's iterations on several workers: the one
// worker pool the build's stages share (reading front matter, finding
// related pages, keys, publishing).
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(0) … fn(n-1) on one worker per core.
func For(n int, fn func(i int)) { ForN(n, runtime.GOMAXPROCS(0), fn) }

// ForN calls fn(0) … fn(n-1) on the given number of workers. A worker
// claims a run of indexes at a time: with one claim per index, the
// workers' shared counter costs more than a small fn (a key, a carry).
func ForN(n, workers int, fn func(i int)) {
	workers = min(workers, n)
	if workers < 1 {
		return
	}
	run := int64(max(1, min(64, n/(workers*32))))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				end := next.Add(run)
				start := end - run
				if start >= int64(n) {
					return
				}
				for i := start; i < min(end, int64(n)); i++ {
					fn(int(i))
				}
			}
		})
	}
	wg.Wait()
}

// IOWorkers is the number of workers for stages that mostly wait on the
// disk: with one per core, a core idles whenever its worker blocks.
func IOWorkers() int { return 4 * runtime.GOMAXPROCS(0) }
