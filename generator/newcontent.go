package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

const archetypesDir = "archetypes"

// NewContentOptions say what "rainmaker new" creates.
type NewContentOptions struct {
	Source  string // the site's folder
	Theme   fs.FS  // built-in archetypes
	Section string // SectionPosts or SectionStories
	Title   string
	Tags    []string
	Now     time.Time
}

// NewContent writes content/SECTION/<slug>.md from the section's
// archetype (the site's archetypes/post.md or story.md, else the built-in
// one) and returns its path. It never overwrites a file.
func NewContent(opts NewContentOptions) (string, error) {
	if opts.Section != SectionPosts && opts.Section != SectionStories {
		return "", fmt.Errorf("new: the kind is %q; use post or story", opts.Section)
	}
	title := strings.TrimSpace(opts.Title)
	slug := Slugify(title)
	if slug == "" {
		return "", fmt.Errorf("new: the title %q has no letters or digits to make a file name from", opts.Title)
	}
	name := map[string]string{SectionPosts: "post.md", SectionStories: "story.md"}[opts.Section]
	text, err := fs.ReadFile(os.DirFS(opts.Source), archetypesDir+"/"+name)
	origin := filepath.Join(opts.Source, archetypesDir, name)
	if errors.Is(err, fs.ErrNotExist) && opts.Theme != nil {
		text, err = fs.ReadFile(opts.Theme, archetypesDir+"/"+name)
		origin = "(built-in) " + archetypesDir + "/" + name
	}
	if err != nil {
		return "", fmt.Errorf("new: read archetype %s: %w", name, err)
	}
	tmpl, err := template.New(name).Funcs(template.FuncMap{
		// quote writes a YAML double-quoted string (JSON's form is one),
		// so any title or tag survives.
		"quote": func(s string) string { b, _ := json.Marshal(s); return string(b) },
	}).Parse(string(text))
	if err != nil {
		return "", fmt.Errorf("new: archetype %s: %w", origin, err)
	}
	var tags []string
	for _, t := range opts.Tags {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	var buf bytes.Buffer
	err = tmpl.Execute(&buf, map[string]any{
		"Title": title, "Tags": tags, "Date": opts.Now.Format(time.RFC3339), "Section": opts.Section,
	})
	if err != nil {
		return "", fmt.Errorf("new: archetype %s: %w", origin, err)
	}
	dir := filepath.Join(opts.Source, contentDir, opts.Section)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, slug+".md")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("new: %s already exists; choose another title or edit that file", path)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		os.Remove(path)
		return "", err
	}
	return path, f.Close()
}
