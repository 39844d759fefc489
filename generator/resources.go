package generator

import (
	"net/url"
	"path"
	"strings"
)

// resourceOutputs maps each file of content/ that is not Markdown to where
// it is published: a page bundle's files (content/posts/x/index.md and
// photo.jpg beside it) beside the page, whatever its URL; any other file
// at its place under content/. A draft's files are published with it.
func (b *builder) resourceOutputs() map[string]string {
	if len(b.scan.resources) == 0 {
		return nil
	}
	bundles := map[string]*Page{} // folder -> its page, nil when not published
	for _, f := range b.scan.files {
		if base := path.Base(f); strings.TrimSuffix(base, path.Ext(base)) == "index" {
			bundles[path.Dir(f)] = nil
		}
	}
	for _, p := range b.pages {
		if _, ok := bundles[path.Dir(p.SourcePath)]; ok && path.Base(strings.TrimSuffix(p.SourcePath, path.Ext(p.SourcePath))) == "index" {
			bundles[path.Dir(p.SourcePath)] = p
		}
	}
	out := make(map[string]string, len(b.scan.resources))
	for _, res := range b.scan.resources {
		dir, bundled := path.Dir(res), false
		for d := dir; d != contentDir && d != "."; d = path.Dir(d) {
			if p, ok := bundles[d]; ok {
				if p != nil {
					out[res] = strings.TrimPrefix(p.URL, "/") + strings.TrimPrefix(res, d+"/")
				}
				bundled = true
				break
			}
		}
		if !bundled {
			out[res] = strings.TrimPrefix(res, contentDir+"/")
		}
	}
	return out
}

// ctaURL is the call to action's link as pages write it: a site path
// gets base_url's path in front.
func ctaURL(cfg Config) string {
	link := strings.TrimSpace(cfg.CTA.URL)
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
		return link
	}
	root := "/"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Path != "" {
		root = u.Path
	}
	return strings.TrimSuffix(root, "/") + link
}
