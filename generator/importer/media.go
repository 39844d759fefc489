package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
)

// mediaKind says where an old site keeps its uploaded images.
type mediaKind struct {
	marker string         // the path segment media live under, like "/wp-content/uploads/"
	flag   string         // the flag that names the copy, for messages
	strip  *regexp.Regexp // size variants the copy may not have, or nil
}

var (
	wordpressMedia = mediaKind{marker: "/wp-content/uploads/", flag: "--uploads",
		strip: regexp.MustCompile(`-\d+x\d+(\.[A-Za-z0-9]+)$`)}
	ghostMedia = mediaKind{marker: "/content/images/", flag: "--images"}
	// ghostSize is the resized copy Ghost serves: /content/images/size/w600/...
	ghostSize = regexp.MustCompile(`^(?:size/w\d+(?:h\d+)?/)?(?:format/[a-z]+/)?`)
)

// imageExts are the files copied beside a post.
var imageExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".avif": true, ".svg": true}

// media finds an old site's images in the copy of its media folder.
type media struct {
	kind   mediaKind
	origin string   // the old site, for relative URLs left remote
	dir    string   // the copy, as given
	root   *os.Root // nil when no copy was given
}

func openMedia(dir string, kind mediaKind, origin string) (*media, error) {
	m := &media{kind: kind, origin: origin, dir: dir}
	if dir == "" {
		return m, nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("import: %s %s: %w", kind.flag, dir, err)
	}
	m.root = root
	return m, nil
}

func (m *media) close() {
	if m.root != nil {
		m.root.Close()
	}
}

// resolve tells what an image URL is: a file of the media copy (rel),
// or an image only on the old server (remote, its absolute URL), or
// neither (an image elsewhere, or a data: URL: left as it is). A path
// that leaves the media folder is an error.
func (m *media) resolve(raw string) (rel, remote string, err error) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.HasPrefix(raw, "data:") {
		return "", "", nil
	}
	raw = strings.ReplaceAll(raw, "__GHOST_URL__", m.origin)
	u, perr := url.Parse(raw)
	if perr != nil {
		return "", "", nil
	}
	// Any host: blogs move domains and serve media from CDNs.
	i := strings.Index(u.Path, m.kind.marker)
	if i < 0 {
		return "", "", nil
	}
	abs := raw
	if u.Host == "" && m.origin != "" {
		abs = m.origin + "/" + strings.TrimPrefix(raw, "/")
	}
	rel = u.Path[i+len(m.kind.marker):]
	if m.kind == ghostMedia {
		rel = ghostSize.ReplaceAllString(rel, "")
	}
	if strings.Contains(rel, "..") || strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || path.Clean(rel) != rel {
		return "", abs, fmt.Errorf("the image %s names a path outside %s; left as it is", raw, m.kind.flag)
	}
	if m.root == nil {
		return "", abs, nil
	}
	for _, try := range m.candidates(rel) {
		info, serr := m.root.Stat(try)
		if serr == nil && info.Mode().IsRegular() {
			return try, "", nil
		}
		if serr != nil && !errors.Is(serr, fs.ErrNotExist) {
			return "", abs, fmt.Errorf("the image %s is outside %s %s (%v); left as it is", raw, m.kind.flag, m.dir, serr)
		}
	}
	return "", abs, nil
}

// candidates are the files an image may be in the copy: itself, else the
// original that WordPress resized it from.
func (m *media) candidates(rel string) []string {
	out := []string{rel}
	if m.kind.strip != nil {
		if orig := m.kind.strip.ReplaceAllString(rel, "$1"); orig != rel {
			out = append(out, orig)
		}
	}
	return out
}

// readImage reads a file of the media copy.
func (m *media) readImage(rel string) ([]byte, error) {
	return m.root.ReadFile(rel)
}

// bundleImages names the images copied beside one post.
type bundleImages struct {
	byRel  map[string]string // media path → name beside the post
	byName map[string]string // name → media path
	order  []string          // media paths, in the order met
}

// name gives the media file rel its name beside the post: its own, or,
// when two images share a name, one with their folders in front.
func (b *bundleImages) name(rel string) string {
	if n, ok := b.byRel[rel]; ok {
		return n
	}
	if b.byRel == nil {
		b.byRel, b.byName = map[string]string{}, map[string]string{}
	}
	n := path.Base(rel)
	if strings.EqualFold(n, "index.md") || b.byName[n] != "" {
		n = strings.ReplaceAll(rel, "/", "-")
	}
	for i := 2; b.byName[n] != ""; i++ {
		n = fmt.Sprintf("%d-%s", i, path.Base(rel))
	}
	b.byRel[rel], b.byName[n] = n, rel
	b.order = append(b.order, rel)
	return n
}
