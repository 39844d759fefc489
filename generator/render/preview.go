package render

import (
	"io/fs"

	"github.com/rainmaker-blog/rainmaker/generator/site"
)

// Preview renders the file of a page that is not part of the site yet
// (a reader's story waiting for approval) exactly as its page would be
// published: the same layouts and Markdown rules. p's Meta is read from
// the file, which src holds at p.SourcePath. siteRoot, when not empty,
// replaces the site's root path in the links the layouts make (the
// stylesheet, the menu), so that the preview can be served from another
// place, such as the receive server's /admin/site/.
func (r *Renderer) Preview(p *site.Page, src fs.FS, siteRoot string) ([]byte, error) {
	body := r.bufs.get()
	defer r.bufs.put(body)
	extras, err := r.renderBodyFrom(src, p, body)
	if err != nil {
		return nil, err
	}
	u := r.urls
	if siteRoot != "" {
		u.root = siteRoot
	}
	data := r.pageData(p, body, extras, newSiteView(r.site.Config, u, r.now))
	out, release, err := r.renderLayout(data, p.SourcePath)
	if err != nil {
		return nil, err
	}
	defer release()
	return append([]byte(nil), out...), nil
}
