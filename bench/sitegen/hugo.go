package sitegen

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// hugoFiles are the Hugo configuration and templates equivalent to
// Rainmaker's: post pages, paginated home, sections and tags, feeds,
// sitemap.
//
//go:embed all:hugo
var hugoFiles embed.FS

// WriteHugoSite lays out the Hugo version of a generated site in dst: the
// same content, the templates of hugo/ and Rainmaker's stylesheet. Run it
// from the repository's root.
func WriteHugoSite(dst, site string) error {
	os.RemoveAll(dst)
	sub, _ := fs.Sub(hugoFiles, "hugo")
	if err := os.CopyFS(dst, sub); err != nil {
		return err
	}
	if err := os.CopyFS(filepath.Join(dst, "content"), os.DirFS(filepath.Join(site, "content"))); err != nil {
		return err
	}
	css, err := os.ReadFile("static/css/main.css")
	if err != nil {
		return fmt.Errorf("run from the repository root: %w", err)
	}
	os.MkdirAll(filepath.Join(dst, "static", "css"), 0o755)
	return os.WriteFile(filepath.Join(dst, "static", "css", "main.css"), css, 0o644)
}

// EnsureHugo installs Hugo from Debian's packages when it is missing.
func EnsureHugo() error {
	if _, err := exec.LookPath("hugo"); err == nil {
		return nil
	}
	fmt.Println("installing hugo (Debian package)…")
	for _, args := range [][]string{{"apt-get", "update", "-qq"}, {"apt-get", "install", "-y", "-qq", "hugo"}} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}
