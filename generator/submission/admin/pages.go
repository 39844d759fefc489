package admin

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

//go:embed assets
var assets embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"iso":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"when": func(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04 UTC") },
	"label": func(field string) string {
		if f := submission.FieldNamed(field); f != nil && field != "story" {
			return f.Label
		}
		return strings.ToUpper(field[:1]) + field[1:]
	},
	"errorOf": func(d pageData, field string) string {
		for _, e := range d.Errors {
			if e.Field == field {
				return e.Message
			}
		}
		return ""
	},
}).ParseFS(assets, "assets/pages.html"))

// pageData is what every admin page is rendered with.
type pageData struct {
	Title     string
	SignedIn  bool
	CSRF      string
	Next      string
	Notice    string
	Problem   string
	Detail    string
	Stories   []submission.Stored
	Story     *submission.Stored
	Edit      submission.Edit
	Tags      []tagChoice
	Errors    []submission.FieldError
	Published *Published
}

type tagChoice struct {
	Name    string
	Checked bool
}

// render writes a page, or a plain 500 if the page cannot be made.
func (h *handler) render(w http.ResponseWriter, r *http.Request, status int, page string, d pageData) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, page, d); err != nil {
		h.opts.Log.Printf("admin: render %s: %v", page, err)
		http.Error(w, "the page could not be shown", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// errorPage answers an error: an HTML page for browsers, RFC 9457 problem
// details for other clients.
func (h *handler) errorPage(w http.ResponseWriter, r *http.Request, status int, title, detail string) {
	if !strings.Contains(r.Header.Get("Accept"), "text/html") && r.Header.Get("Accept") != "" {
		data, _ := json.Marshal(map[string]any{"type": "about:blank", "title": title, "status": status, "detail": detail})
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		w.Write(append(data, '\n'))
		return
	}
	h.render(w, r, status, "error", pageData{Title: title, Detail: detail})
}

// stylesheet serves the admin pages' own additions to the site's CSS.
func (h *handler) stylesheet(w http.ResponseWriter, r *http.Request, c *call) {
	css, _ := assets.ReadFile("assets/admin.css")
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=300")
	w.Write(css)
}

// siteStylesheet serves the site's main stylesheet.
func (h *handler) siteStylesheet(w http.ResponseWriter, r *http.Request, c *call) {
	var css []byte
	if h.opts.Site != nil {
		css, _ = readSiteFile(h.opts.Site, "css/main.css")
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=300")
	w.Write(css)
}

// siteFile serves the built site under /admin/site/, for the previews'
// stylesheets, images and links.
func (h *handler) siteFile(w http.ResponseWriter, r *http.Request, c *call) {
	if h.opts.Site == nil {
		h.errorPage(w, r, http.StatusNotFound, "Not found", "The site's files are not served here.")
		return
	}
	name := strings.TrimPrefix(r.URL.Path, Prefix+"site/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if strings.Contains(name, "..") || strings.Contains(name, "//") || strings.ContainsRune(name, 0) {
		h.errorPage(w, r, http.StatusNotFound, "Not found", "There is no such file in the site.")
		return
	}
	data, err := readSiteFile(h.opts.Site, name)
	if err != nil {
		h.errorPage(w, r, http.StatusNotFound, "Not found", "There is no such file in the site.")
		return
	}
	w.Header().Set("Content-Security-Policy", previewCSP)
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// previewCSP lets a page of the site (a preview) show as published,
// inside the story's page, and nothing more.
const previewCSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; form-action 'none'; frame-ancestors 'self'; base-uri 'none'"
