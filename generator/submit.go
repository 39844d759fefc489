package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// endpoint places the story submission endpoint of a site: the server
// URL and path of the OpenAPI document, and the full URL.
type endpoint struct {
	serverURL string // like "https://example.org/blog"
	path      string // like "/api/stories"
	fullURL   string // like "https://example.org/blog/api/stories"
}

func submissionEndpoint(cfg Config) endpoint {
	if u, err := url.Parse(cfg.SubmitEndpoint); err == nil && u.IsAbs() {
		path := u.EscapedPath()
		if path == "" {
			path = "/"
		}
		return endpoint{serverURL: u.Scheme + "://" + u.Host, path: path, fullURL: cfg.SubmitEndpoint}
	}
	base := strings.TrimSuffix(cfg.BaseURL, "/")
	path := "/" + strings.TrimPrefix(cfg.SubmitEndpoint, "/")
	return endpoint{serverURL: base, path: path, fullURL: base + path}
}

// thanksPath and formPath are where the form and its confirmation live.
const (
	formPath    = "/submit/"
	thanksPath  = "/submit/thanks/"
	openAPIPath = "/api/openapi.json"
)

func (r *renderer) validator() *submission.Validator {
	names := make([]string, len(r.site.Tags))
	for i, t := range r.site.Tags {
		names[i] = t.Name
	}
	return submission.NewValidator(names)
}

// formJobs render the form, its thanks page and the OpenAPI document.
func (r *renderer) formJobs() []job {
	v := r.validator()
	action := r.siteView.SubmitURL
	tags := r.site.Tags
	return []job{
		{path: permalink.File(formPath), key: r.keys.form("submit", tags), make: func() ([]byte, func(), error) {
			return r.renderLayout(r.formPage(v.Form(action, nil, nil)), "")
		}},
		{path: permalink.File(thanksPath), key: r.keys.form("thanks", tags), make: func() ([]byte, func(), error) {
			return r.renderLayout(&layouts.PageData{
				Kind: "thanks", Site: r.siteView, Title: "Thank you",
				Description: "Your story has reached us.",
				URL:         r.urls.rel(thanksPath), Permalink: r.urls.abs(thanksPath), NoIndex: true,
			}, "")
		}},
		{path: strings.TrimPrefix(openAPIPath, "/"), key: r.keys.form("openapi", tags), make: func() ([]byte, func(), error) {
			spec, err := r.openAPI(v)
			return spec, nil, err
		}},
	}
}

func (r *renderer) openAPI(v *submission.Validator) ([]byte, error) {
	ep := submissionEndpoint(r.site.Config)
	spec, err := v.OpenAPI(submission.SpecOptions{
		SiteTitle: r.site.Config.Title, ServerURL: ep.serverURL, Path: ep.path,
		ThanksURL: r.urls.abs(thanksPath), MaxBody: submission.DefaultMaxBody,
	})
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	return append(spec, '\n'), nil
}

func (r *renderer) formPage(form *submission.FormView) *layouts.PageData {
	return &layouts.PageData{
		Kind: "submit", Site: r.siteView, Title: "Share your results",
		Description: "Tell us how coaching changed your results. We publish stories with your permission.",
		URL:         r.urls.rel(formPath), Permalink: r.urls.abs(formPath), Form: form,
	}
}

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
	r := b.render
	v := r.validator()
	spec, err := r.openAPI(v)
	if err != nil {
		return nil, err
	}
	ep := submissionEndpoint(b.config)
	u, _ := url.Parse(ep.fullURL)
	return &Receiver{
		Config: b.config, Path: u.EscapedPath(), ThanksURL: r.urls.abs(thanksPath), FormAction: r.siteView.SubmitURL,
		Validator: v, OpenAPI: spec,
		RenderForm: func(w io.Writer, form *submission.FormView) error {
			var buf bytes.Buffer
			if err := r.layouts.Execute(&buf, "submit", r.formPage(form)); err != nil {
				return err
			}
			_, err := w.Write(buf.Bytes())
			return err
		},
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
