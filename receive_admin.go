package main

import (
	"context"
	"errors"
	"io/fs"
	"log"
	"net/http"
	"os"
	"path/filepath"

	"github.com/rainmaker-blog/rainmaker/generator"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/generator/submission/admin"
)

// withAdmin mounts the /admin/ pages beside the submission endpoint when
// a password is set (rainmaker admin set-password); without one, /admin/
// says how to turn them on.
func (f *receiveFlags) withAdmin(api http.Handler, pub *sitePublisher, recv *generator.Receiver, inbox *submission.Inbox, logger *log.Logger) http.Handler {
	dir := admin.DirOf(inbox.Dir)
	var pages http.Handler
	if admin.HasPassword(dir) {
		logger.Printf("admin pages at %s (password in %s)", admin.Prefix, admin.PasswordPath(dir))
		pages = admin.New(admin.Options{
			Dir: dir, Inbox: inbox, Validator: recv.Validator, TrustProxy: f.trustProxy, Log: logger,
			Preview: func(s *submission.Stored, siteRoot string) ([]byte, error) {
				file, err := inbox.PublishedFile(s)
				if err != nil {
					return nil, err
				}
				return recv.RenderStoryPreview(submission.PublishedSlug(s), file, siteRoot)
			},
			Approve: func(ctx context.Context, id string) (admin.Published, error) {
				return publishedOf(pub.Approve(ctx, id))
			},
			Site: siteFiles(pub.Source),
		})
	} else {
		logger.Printf("no admin password: %s is off (rainmaker admin set-password turns it on)", admin.Prefix)
		pages = http.HandlerFunc(adminOff)
	}
	mux := http.NewServeMux()
	mux.Handle(admin.Prefix, pages)
	mux.Handle("/", api)
	return mux
}

// adminOff answers /admin/ when no password is set.
func adminOff(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte(`{"type":"about:blank","title":"The admin pages are off","status":404,` +
		`"detail":"no admin password is set; run: rainmaker admin set-password, then restart rainmaker receive"}` + "\n"))
}

// publishedOf turns what the publisher did into what the admin pages show.
func publishedOf(report publishReport, err error) (admin.Published, error) {
	p := admin.Published{Approved: report.StoryPath != "", StoryPath: report.StoryPath, URL: report.URL}
	var pe *publishError
	if p.Approved && errors.As(err, &pe) {
		p.Problem, p.Output = pe.Error(), pe.Output
		return p, nil
	}
	return p, err
}

// siteFiles are the files the previews link to: the built site, over the
// site's static files and the theme's, each confined to its folder.
func siteFiles(source string) fs.FS {
	layers := admin.Layers{confinedDir(filepath.Join(source, "public")), confinedDir(filepath.Join(source, "static"))}
	if theme, err := fs.Sub(themeFS(), "static"); err == nil {
		layers = append(layers, theme)
	}
	return layers
}

// confinedDir is a folder as a file system that nothing (a symbolic
// link, "..") leads out of. It is opened for each file, so a folder made
// later (the first build's public/) is found.
type confinedDir string

func (d confinedDir) Open(name string) (fs.File, error) {
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.FS().Open(name)
}
