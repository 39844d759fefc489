package generator

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/images"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/render"
	"github.com/rainmaker-blog/rainmaker/internal/parallel"
)

// imageIndexFile, in the image cache, remembers each source image's
// stamp and result, so that a build whose images did not change reads
// none of them: without it every build would hash every photo.
const imageIndexFile = "index.json"

// imageIndex is that file.
type imageIndex struct {
	Settings string                 // the settings and encoders the results were made with
	Entries  map[string]*imageEntry // by source path, like "content/posts/x/photo.jpg"
}

type imageEntry struct {
	Size, ModTime int64
	Result        *images.Result
}

// rasterImage says whether a file is one the build processes.
func rasterImage(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp":
		return true
	}
	return false
}

// processImages makes the published widths of every raster image the
// site publishes: the files of content/ (page bundles') and static/'s.
// An image that cannot be processed is published as it is, with a
// warning naming it.
func (b *builder) processImages() error {
	sources := b.imageSources() // source path -> output path
	if len(sources) == 0 && !b.config.SocialCards {
		return nil
	}
	cacheDir := filepath.Join(b.opts.Source, cacheDirName, "images")
	proc, err := images.New(images.DefaultSettings(), cacheDir)
	if err != nil {
		return err
	}
	b.imageProc = proc
	if b.config.SocialCards {
		b.cards = proc
	}
	if len(sources) == 0 {
		return nil
	}
	settings := fmt.Sprintf("%+v %s", images.DefaultSettings(), images.EncoderVersion())
	old := b.loadImageIndex(cacheDir, settings)
	next := &imageIndex{Settings: settings, Entries: make(map[string]*imageEntry, len(sources))}
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range sources {
			if !yield(name) {
				return
			}
		}
	})
	entries := make([]*imageEntry, len(names))
	var todo []int
	parallel.ForN(len(names), parallel.IOWorkers(), func(i int) {
		entries[i] = old.fresh(b.site, names[i])
	})
	for i, e := range entries {
		if e == nil {
			todo = append(todo, i)
		}
	}
	if len(todo) > 0 {
		b.processStale(proc, names, todo, entries)
		b.imagesEncoded = proc.Stats().Processed
	}
	set := &render.ImageSet{Results: make(map[string]*images.Result, len(names))}
	h := sha256.New()
	for i, name := range names {
		if entries[i] == nil {
			continue
		}
		next.Entries[name] = entries[i]
		set.Results[sources[name]] = entries[i].Result
		h.Write([]byte(sources[name]))
		h.Write(entries[i].Result.Key[:])
	}
	h.Sum(set.Key[:0])
	b.images, b.imageIndex = set, next
	return nil
}

// processStale processes the images whose index entry is not fresh; a
// failure is a warning and leaves the image out.
func (b *builder) processStale(proc *images.Processor, names []string, todo []int, entries []*imageEntry) {
	stale := make([]string, len(todo))
	for j, i := range todo {
		stale[j] = names[i]
	}
	results, errs := proc.ProcessAll(b.site, stale)
	for j, i := range todo {
		if results[j] == nil {
			continue
		}
		info, err := fs.Stat(b.site, names[i])
		if err != nil {
			continue
		}
		entries[i] = &imageEntry{Size: info.Size(), ModTime: info.ModTime().UnixNano(), Result: results[j]}
	}
	for _, err := range errs {
		name := err.Error()
		var ie *images.Error
		if errors.As(err, &ie) {
			name = ie.Name
			err = errors.New(strings.TrimPrefix(err.Error(), ie.Name+": "))
		}
		b.warnings = append(b.warnings, fileErrorf(name, 0, "%v; it is published as it is, at its full size", err))
	}
}

// imageSources maps each raster image the site publishes to its output
// path.
func (b *builder) imageSources() map[string]string {
	out := map[string]string{}
	for src, dst := range b.resources {
		if rasterImage(src) {
			out[src] = dst
		}
	}
	_ = fs.WalkDir(b.site, render.StaticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fs.SkipDir
		}
		if d.Type().IsRegular() && rasterImage(p) {
			out[p] = strings.TrimPrefix(p, render.StaticDir+"/")
		}
		return nil
	})
	return out
}

// loadImageIndex is the last build's index: the dev server's in memory,
// else the cache folder's file; an empty one when it does not apply.
func (b *builder) loadImageIndex(cacheDir, settings string) *imageIndex {
	if d := b.opts.dev; d != nil && d.imageIndex != nil && d.imageIndex.Settings == settings {
		return d.imageIndex
	}
	var idx imageIndex
	if b.opts.Clean {
		return &imageIndex{}
	}
	if data, err := os.ReadFile(filepath.Join(cacheDir, imageIndexFile)); err == nil {
		if json.Unmarshal(data, &idx) == nil && idx.Settings == settings {
			return &idx
		}
	}
	return &imageIndex{}
}

// fresh is name's entry when the file has the stamp it had and the cache
// still holds every variant; else nil.
func (idx *imageIndex) fresh(fsys fs.FS, name string) *imageEntry {
	e := idx.Entries[name]
	if e == nil || e.Result == nil {
		return nil
	}
	info, err := fs.Stat(fsys, name)
	if err != nil || info.Size() != e.Size || info.ModTime().UnixNano() != e.ModTime {
		return nil
	}
	for _, v := range e.Result.Variants {
		if _, err := os.Stat(v.Path); err != nil {
			return nil
		}
	}
	return e
}

// saveImageIndex writes the index for the next build, once this one has
// succeeded; losing it costs the next build a read of every image.
func (b *builder) saveImageIndex() {
	if b.imageIndex == nil {
		return
	}
	if d := b.opts.dev; d != nil {
		d.imageIndex = b.imageIndex
		return
	}
	if data, err := json.Marshal(b.imageIndex); err == nil {
		_ = b.imageProc.WriteCacheFile(imageIndexFile, data)
	}
}

// purge, after a clean build, removes the image cache's variants and
// cards that no page of this build used, or the whole image cache when
// the build processed no image, and the output's standby folder.
func (b *builder) purge() error {
	proc := b.imageProc // the one that processed every image and drew every card
	if proc == nil {
		if err := os.RemoveAll(filepath.Join(b.opts.Source, cacheDirName, "images")); err != nil {
			return err
		}
	} else if _, err := proc.PruneUnused(); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if b.disk == nil {
		return nil
	}
	standby := publish.StandbyPath(b.opts.Output)
	if err := os.RemoveAll(standby); err != nil {
		return err
	}
	return os.RemoveAll(standby + ".dirty")
}
