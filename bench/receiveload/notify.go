package main

import (
	"os"
	"path/filepath"

	"github.com/rainmaker-blog/rainmaker/internal/notifytest"
)

// siteWithNotify copies the site's site.toml and sources into dir with a
// [notify] table pointing at the receivers.
func siteWithNotify(r *notifytest.Receivers, site, dir string) error {
	for _, sub := range []string{"content", "static", "layouts"} {
		if _, err := os.Stat(filepath.Join(site, sub)); err != nil {
			continue
		}
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join(site, sub))); err != nil {
			return err
		}
	}
	cfg, err := os.ReadFile(filepath.Join(site, "site.toml"))
	if err != nil {
		return err
	}
	cfg = append(cfg, r.Notify()...)
	return os.WriteFile(filepath.Join(dir, "site.toml"), cfg, 0o644)
}
