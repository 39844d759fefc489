package render

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/permalink"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// endpoint places the story submission endpoint of a site: the server
// URL and path of the OpenAPI document, and the full URL.
type endpoint struct {
	serverURL string // like "https://example.org/blog"
	path      string // like "/api/stories"
	fullURL   string // like "https://example.org/blog/api/stories"
}

func submissionEndpoint(cfg config.Config) endpoint {
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

func (r *Renderer) validator() *submission.Validator {
	names := make([]string, len(r.site.Tags))
	for i, t := range r.site.Tags {
		names[i] = t.Name
	}
	return submission.NewValidator(names)
}

// formJobs render the form, its thanks page and the OpenAPI document.
func (r *Renderer) formJobs() []job {
	v := r.validator()
	action := r.siteView.SubmitURL
	tags := r.site.Tags
	return []job{
		{path: permalink.File(formPath), key: r.keys.form("submit", tags), make: func() ([]byte, func(), error) {
			return r.renderLayout(r.formPage(v.Form(action, nil, nil)), "")
		}},
		{path: permalink.File(thanksPath), key: r.keys.form("thanks", tags), make: func() ([]byte, func(), error) {
			return r.renderLayout(&layouts.PageData{
				Kind: "thanks", Site: r.siteView, Title: r.site.Config.Text("thanks"),
				Description: r.site.Config.Text("thanks_description"),
				URL:         r.urls.rel(thanksPath), Permalink: r.urls.abs(thanksPath), NoIndex: true,
			}, "")
		}},
		{path: strings.TrimPrefix(openAPIPath, "/"), key: r.keys.form("openapi", tags), make: func() ([]byte, func(), error) {
			spec, err := r.openAPI(v)
			return spec, nil, err
		}},
	}
}

func (r *Renderer) openAPI(v *submission.Validator) ([]byte, error) {
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

func (r *Renderer) formPage(form *submission.FormView) *layouts.PageData {
	return &layouts.PageData{
		Kind: "submit", Site: r.siteView, Title: r.site.Config.Text("form_title"),
		Description: r.site.Config.Text("form_description"),
		URL:         r.urls.rel(formPath), Permalink: r.urls.abs(formPath), Form: form,
	}
}

// Form is what the story endpoint serves beside the site's files: where
// it is, which tags a story may carry, its OpenAPI document, and the form
// again, with errors, for a submission it turns down: generator's
// Receiver, for "rainmaker receive" and the dev server.
type Form struct {
	Path      string // the endpoint's path on its server
	ThanksURL string
	Action    string // the form's action, as the site's form page has it
	Validator *submission.Validator
	OpenAPI   []byte
	Render    func(w io.Writer, form *submission.FormView) error
	// EndpointURL is the endpoint's absolute address; RenderWithdraw
	// shows the pages of the withdraw link under it.
	EndpointURL    string
	RenderWithdraw func(w io.Writer, view *submission.WithdrawView) error
}

// Form describes the submission endpoint of the site.
func (r *Renderer) Form() (*Form, error) {
	v := r.validator()
	spec, err := r.openAPI(v)
	if err != nil {
		return nil, err
	}
	ep := submissionEndpoint(r.site.Config)
	u, _ := url.Parse(ep.fullURL)
	return &Form{
		Path: u.EscapedPath(), ThanksURL: r.urls.abs(thanksPath), Action: r.siteView.SubmitURL,
		Validator: v, OpenAPI: spec, EndpointURL: ep.fullURL, RenderWithdraw: r.renderWithdraw,
		Render: func(w io.Writer, form *submission.FormView) error {
			var buf bytes.Buffer
			if err := r.layouts.Execute(&buf, "submit", r.formPage(form)); err != nil {
				return err
			}
			_, err := w.Write(buf.Bytes())
			return err
		},
	}, nil
}
