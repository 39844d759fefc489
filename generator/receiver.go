package generator

import (
	"errors"
	"io"
	"os"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/content"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/render"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// Receiver is what "rainmaker receive" needs from a site: where the
// endpoint is, which tags a story may carry, and how to show the form
// again with errors.
type Receiver struct {
	Config     Config
	Path       string // the endpoint's path on this server
	ThanksURL  string
	FormAction string
	Validator  *submission.Validator
	OpenAPI    []byte
	RenderForm func(w io.Writer, form *submission.FormView) error
	// EndpointURL is the endpoint's public address, and RenderWithdraw
	// shows the thanks page with the withdraw link, and that link's pages.
	EndpointURL    string
	RenderWithdraw func(w io.Writer, view *submission.WithdrawView) error

	render *render.Renderer // for previews of stories
	rules  *content.Rules
}

// LoadReceiver reads a site's configuration, layouts and tags (front
// matter only) for the receiving server.
func LoadReceiver(opts Options) (*Receiver, error) {
	opts.memory = publish.NewMemory(nil)
	b, err := newBuilder(opts)
	if err != nil {
		return nil, err
	}
	if err := b.run("assemble site"); err != nil {
		return nil, err
	}
	return b.receiver()
}

// receiver describes the submission endpoint of an assembled site.
func (b *builder) receiver() (*Receiver, error) {
	if b.render == nil {
		b.newRenderer() // the form needs the site's tags, not its images
	}
	f, err := b.render.Form()
	if err != nil {
		return nil, err
	}
	return &Receiver{
		Config: b.config, Path: f.Path, ThanksURL: f.ThanksURL, FormAction: f.Action,
		Validator: f.Validator, OpenAPI: f.OpenAPI, RenderForm: f.Render,
		render: b.render, rules: b.rules,
		EndpointURL: f.EndpointURL, RenderWithdraw: f.RenderWithdraw,
	}, nil
}

// StorySlugs returns the slugs the site's stories use, drafts included,
// so that an approved story gets a URL of its own.
func StorySlugs(source string) (map[string]bool, error) {
	site := os.DirFS(source)
	found, errs := scanContent(site)
	if err := errs.ErrOrNil(); err != nil {
		return nil, err
	}
	pages, _, errs := loadPages(site, found.files, true, true, time.Time{}, nil, nil)
	slugs := map[string]bool{}
	for _, p := range pages {
		if p.Section == SectionStories {
			slugs[p.Slug] = true
		}
	}
	if len(errs) > 0 {
		return slugs, errors.Join(errs...)
	}
	return slugs, nil
}
