package generator

import (
	"fmt"
	"path"
	"testing/fstest"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/report"
)

// RenderStoryPreview renders a story that is not in the site yet as its
// page will be published: file is the Markdown that approving it writes
// as content/stories/SLUG.md (see submission.PublishedFile). siteRoot,
// when not empty, is where the layouts' links to the site's own files
// (stylesheets, menu) point instead of the site's root path, like
// "/admin/site/". The page is returned whole.
func (r *Receiver) RenderStoryPreview(slug string, file []byte, siteRoot string) ([]byte, error) {
	if r.render == nil {
		return nil, fmt.Errorf("preview: the site was not loaded for previews")
	}
	sourcePath := path.Join("content", SectionStories, slug+".md")
	page := &Page{}
	var errs report.List
	page.Meta, errs = content.Parse(sourcePath, file, r.rules)
	if err := errs.ErrOrNil(); err != nil {
		return nil, err
	}
	page.Draft = false
	return r.render.Preview(page, fstest.MapFS{sourcePath: {Data: file}}, siteRoot)
}
