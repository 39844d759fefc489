package render

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/images"
	"github.com/rainmaker-blog/rainmaker/generator/markdown"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/site"
)

// ImageSet is the site's processed raster images.
type ImageSet struct {
	// Results are by output path, like "posts/trip/photo.jpg" (a page
	// bundle's) or "images/me.jpg" (static/'s); an image that could not
	// be processed is missing and published as it is.
	Results map[string]*images.Result
	// Key fingerprints every result. Pages show their images' sizes, so
	// every key takes it: a changed image renders the site again, but an
	// unchanged one is never encoded again, and text edits leave it be.
	Key [32]byte
}

// contentSizes is how wide an image in an article shows: the column
// (main.css --measure, 42rem) or the screen less the page's margins.
const contentSizes = "(min-width: 45rem) 42rem, calc(100vw - 2.5rem)"

// imageJobs publish every variant of every processed image beside its
// source, which the static jobs copy.
func (r *Renderer) imageJobs() []job {
	if r.images == nil {
		return nil
	}
	names := make([]string, 0, len(r.images.Results))
	for name := range r.images.Results {
		names = append(names, name)
	}
	sort.Strings(names)
	var jobs []job
	for _, name := range names {
		res := r.images.Results[name]
		dir := path.Dir(name)
		for _, v := range res.Variants {
			out := v.Name
			if dir != "." {
				out = dir + "/" + v.Name
			}
			cached := v.Path
			jobs = append(jobs, job{path: out, key: publish.Key(v.Key[:16]), make: func() ([]byte, func(), error) {
				data, err := os.ReadFile(cached)
				if err != nil {
					return nil, nil, fmt.Errorf("image %s: its %s is gone from the image cache (%v); build again", name, v.Name, err)
				}
				return data, nil, nil
			}})
		}
	}
	return jobs
}

// imageOutput resolves an image address as a page's author wrote it to
// the output path it names, or "" when it is not a file of this site.
func imageOutput(p *site.Page, dest string) string {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return ""
	}
	if strings.HasPrefix(u.Path, "/") {
		return strings.TrimPrefix(path.Clean(u.Path), "/")
	}
	out := path.Join(strings.TrimPrefix(p.URL, "/"), u.Path)
	if strings.HasPrefix(out, "../") || out == ".." {
		return ""
	}
	return out
}

// imageHook writes each local image of p's body: a processed one as a
// responsive <picture>, any other with its address resolved against the
// site (so that it works in summaries on other pages, and below a
// base_url path); a file the site does not have is a warning.
func (r *Renderer) imageHook(p *site.Page) markdown.ImageHook {
	return func(dest, alt string, first bool) markdown.ImageUse {
		out := imageOutput(p, dest)
		if out == "" {
			return markdown.ImageUse{}
		}
		if res := r.imageResult(out); res != nil {
			return markdown.ImageUse{HTML: images.Picture(res, images.PictureOptions{
				// Below a hero image, none of the body's is the first paint.
				Prefix: r.urls.rel(outDir(out)), Alt: alt, Sizes: contentSizes, First: first && p.Image == ""})}
		}
		use := markdown.ImageUse{Dest: r.urls.rel("/" + out)}
		if !r.published[out] {
			p.MissingFiles = append(p.MissingFiles, out)
			use.Problem = fmt.Sprintf("image %s: no such file; put it beside the page (a page bundle: a folder with index.md) or in static/", dest)
		}
		return use
	}
}

func (r *Renderer) imageResult(out string) *images.Result {
	if r.images == nil {
		return nil
	}
	if res := r.images.Results[out]; res != nil && !res.Passthrough {
		return res
	}
	return nil
}

// pageImage is a page's front matter image: its absolute URL for social
// cards (the largest published variant) and its markup for the page.
func (r *Renderer) pageImage(p *site.Page) (absURL string, markup string) {
	if p.Image == "" {
		return "", ""
	}
	out := imageOutput(p, p.Image)
	res := r.imageResult(out)
	if res == nil {
		if out != "" {
			return r.urls.abs("/" + out), ""
		}
		return r.urls.image(p.Image), ""
	}
	dir := outDir(out)
	// Social networks read JPEG and PNG everywhere, WebP not: the largest
	// variant in another format than WebP.
	best := res.Variants[0]
	for _, v := range res.Variants {
		if (v.Format != images.WebP && (best.Format == images.WebP || v.Width > best.Width)) ||
			(v.Format == best.Format && v.Width > best.Width) {
			best = v
		}
	}
	alt, _ := p.Params["image_alt"].(string) // else decorative: the title beside it says what the page is
	return r.urls.abs(dir + best.Name), images.Picture(res, images.PictureOptions{
		Prefix: r.urls.rel(dir), Alt: alt, Sizes: contentSizes, First: true})
}

// outDir is the site path of the folder an output file is in.
func outDir(out string) string {
	if dir := path.Dir(out); dir != "." {
		return "/" + dir + "/"
	}
	return "/"
}
