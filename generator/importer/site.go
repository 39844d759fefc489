package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/content"
)

// site is the site imported into: its configuration, and the change to
// site.toml the import makes, if any.
type site struct {
	dir     string
	cfg     config.Config
	rules   *content.Rules
	toml    string // site.toml as read
	exists  bool   // site.toml was there
	newTOML string // what site.toml becomes; "" for no change
}

// loadSite reads the site's site.toml; a site without one gets one made
// from the old site's title and address.
func loadSite(dir string, src *source) (*site, error) {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("import: the site folder %s does not exist; create it, or name another with -s", dir)
	}
	s := &site{dir: dir}
	data, err := os.ReadFile(filepath.Join(dir, config.File))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		title := src.title
		if strings.TrimSpace(title) == "" {
			title = "My blog"
		}
		base := "https://example.org/"
		if src.origin != "" {
			base = src.origin + "/"
		}
		s.newTOML = fmt.Sprintf("title = %s\nbase_url = %s\n", strconv.Quote(title), strconv.Quote(base))
		return s, s.setTOML(s.newTOML)
	case err != nil:
		return nil, fmt.Errorf("import: %w", err)
	}
	s.exists, s.toml = true, string(data)
	if err := s.setTOML(s.toml); err != nil {
		return nil, fmt.Errorf("import: %s must build before posts are imported into it: %w", filepath.Join(dir, config.File), err)
	}
	return s, nil
}

// setTOML reads text as the site's configuration.
func (s *site) setTOML(text string) error {
	cfg, err := config.Parse(bytes.NewReader([]byte(text)), config.File)
	if err != nil {
		return err
	}
	if err := cfg.Validate(config.File, text); err != nil {
		return err
	}
	s.cfg, s.rules = cfg, content.NewRules(&cfg)
	return nil
}

var permalinksHeader = regexp.MustCompile(`(?m)^[ \t]*\[permalinks\][ \t]*(?:#.*)?$`)

// setPostsPattern writes [permalinks] posts = pattern into site.toml,
// and reports whether it could: not when site.toml sets permalinks in a
// form other than a [permalinks] table.
func (s *site) setPostsPattern(pattern string) bool {
	text := s.toml
	if s.newTOML != "" {
		text = s.newTOML
	}
	line := "posts = " + strconv.Quote(pattern) + " # set by rainmaker import: the old blog's URLs\n"
	switch loc := permalinksHeader.FindStringIndex(text); {
	case loc != nil:
		text = text[:loc[1]] + "\n" + line + strings.TrimPrefix(text[loc[1]:], "\n")
	case strings.Contains(text, "permalinks"):
		return false
	default:
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		text += "\n[permalinks]\n" + line
	}
	if err := s.setTOML(text); err != nil {
		return false
	}
	s.newTOML = text
	return true
}
