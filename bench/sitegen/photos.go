package sitegen

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// photoEvery spreads opts.Images photos evenly over the site's posts
// (three in four pages are posts).
func photoEvery(opts Options) int {
	posts := opts.Pages - opts.Pages/4
	if opts.Images <= 0 || posts == 0 {
		return 0
	}
	return max(posts/opts.Images, 1)
}

// photoOf reports whether post i (a post's index among all pages) is a
// bundle with a photo.
func photoOf(i int, opts Options) bool {
	every := photoEvery(opts)
	if every == 0 {
		return false
	}
	post := i - i/4 // the posts before i
	return post%every == 0 && post/every < opts.Images
}

// withPhoto puts the photo after the page's first paragraph.
func withPhoto(page string, i int) string {
	body := strings.Index(page, "\n---\n\n") + len("\n---\n\n")
	para := body + strings.Index(page[body:], "\n\n") + 2
	return page[:para] + fmt.Sprintf("![The view from the coaching retreat, day %d](photo.jpg)\n\n", i) + page[para:]
}

// writePhotos writes the JPEG of every bundle, on every core: distinct
// pictures (no two share bytes, so the image cache cannot merge them).
func writePhotos(dir string, opts Options) error {
	width := opts.ImageWidth
	if width == 0 {
		width = 1600
	}
	var folders []string
	for i := 0; i < opts.Pages; i++ {
		if i%4 != 3 && photoOf(i, opts) {
			folders = append(folders, filepath.Join(dir, "content", "posts", fmt.Sprintf("post-%06d", i)))
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, runtime.NumCPU())
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range next {
				if err := writePhoto(filepath.Join(folders[n], "photo.jpg"), width, width*2/3, n); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for n := range folders {
		next <- n
	}
	close(next)
	wg.Wait()
	close(errs)
	return <-errs
}

// writePhoto draws smooth gradients with fine texture, varied by seed,
// so that the scaler and encoders work as on a photo, not flat colour.
func writePhoto(file string, w, h, seed int) error {
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := range h {
		for x := range w {
			m.Y[y*m.YStride+x] = uint8((x*255/w+y*128/h+seed)&0xff) ^ uint8((x*y>>7)&0x1f)
		}
	}
	for y := range h / 2 {
		for x := range w / 2 {
			r := color.RGBA{uint8(x * 255 / (w / 2)), uint8(seed * 37), uint8(y * 255 / (h / 2)), 255}
			_, cb, cr := color.RGBToYCbCr(r.R, r.G, r.B)
			m.Cb[y*m.CStride+x], m.Cr[y*m.CStride+x] = cb, cr
		}
	}
	for k := range 16 { // the seed's bits along the top edge: no two photos alike
		m.Y[k] = uint8(seed>>k&1) * 255
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 85}); err != nil {
		return err
	}
	return os.WriteFile(file, buf.Bytes(), 0o644)
}
