package generator

import "path/filepath"

// urlsOf finds the absolute URLs of the pages built from the given
// content files.
func (b *builder) urlsOf(files []string) map[string]string {
	if len(files) == 0 || b.render == nil {
		return nil
	}
	want := make(map[string]bool, len(files))
	for _, f := range files {
		want[filepath.ToSlash(f)] = true
	}
	urls := map[string]string{}
	for _, p := range b.pages {
		if want[p.SourcePath] {
			urls[p.SourcePath] = b.render.Permalink(p.URL)
		}
	}
	return urls
}
