package submission

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"io"
	"net/http"
	"strings"
)

// WithdrawView is a page of the withdraw link, as a layout shows it.
type WithdrawView struct {
	// Step is "thanks" (after a form post: the link is given), "confirm"
	// (the link was opened: one button withdraws), "done" (withdrawn) or
	// "error" (the link is not valid, or used already).
	Step string
	URL  string // the withdraw link, and the confirm form's action
	// Removed says what was erased; Unpublished that the story was taken
	// off the site, and RebuildFailed that the site still shows it until
	// its next build.
	Removed       []string
	Unpublished   bool
	RebuildFailed bool
	Problem       string // on "error": what is wrong
	Status        int    // the answer's status code
}

// thanksPath and withdrawPath are where the endpoint's own pages are,
// under its path: a proxy that forwards the endpoint forwards them too.
func (s *server) thanksPath() string   { return s.opts.Path + "/thanks/" }
func (s *server) withdrawPath() string { return s.opts.Path + "/withdraw/" }

// linkURL is an absolute link to one of the endpoint's pages, or a
// root-relative one when the endpoint's public URL is not known.
func (s *server) linkURL(path string) string {
	if s.opts.EndpointURL == "" {
		return path
	}
	return strings.TrimSuffix(s.opts.EndpointURL, "/") + strings.TrimPrefix(path, s.opts.Path)
}

// WithdrawURL is the withdraw link of a story on this endpoint.
func WithdrawURL(endpointURL, token string) string {
	return strings.TrimSuffix(endpointURL, "/") + "/withdraw/" + token
}

func (s *server) routeWithdraw(mux *http.ServeMux) {
	mux.HandleFunc("GET "+s.thanksPath()+"{token}", s.thanks)
	mux.HandleFunc("GET "+s.withdrawPath()+"{token}", s.confirmWithdraw)
	mux.HandleFunc("POST "+s.withdrawPath()+"{token}", s.withdraw)
	for path, allowed := range map[string]string{s.thanksPath(): "GET, HEAD", s.withdrawPath(): "GET, HEAD, POST"} {
		mux.HandleFunc(path+"{token}", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allowed)
			s.problem(w, r, http.StatusMethodNotAllowed, ProblemMethod, "Method not allowed", "use "+allowed, nil)
		})
	}
}

// thanks is the page a form post is sent to: it gives the withdraw link.
// Reloading it stores nothing.
func (s *server) thanks(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if _, err := s.opts.Inbox.ParseWithdrawToken(token); err != nil {
		s.badLink(w, r)
		return
	}
	s.withdrawPage(w, r, &WithdrawView{Step: "thanks", URL: s.linkURL(s.withdrawPath() + token), Status: http.StatusOK})
}

// confirmWithdraw shows what the link does, with one button: opening a
// link (a mail scanner does) never withdraws anything.
func (s *server) confirmWithdraw(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	id, err := s.opts.Inbox.ParseWithdrawToken(token)
	if err != nil {
		s.badLink(w, r)
		return
	}
	if !s.opts.Inbox.Has(id, s.opts.StoriesDir) {
		s.goneLink(w, r)
		return
	}
	s.withdrawPage(w, r, &WithdrawView{Step: "confirm", URL: s.linkURL(s.withdrawPath() + token), Status: http.StatusOK})
}

// withdraw erases the story of a link and takes it off the site.
func (s *server) withdraw(w http.ResponseWriter, r *http.Request) {
	id, err := s.opts.Inbox.ParseWithdrawToken(r.PathValue("token"))
	if err != nil {
		s.badLink(w, r)
		return
	}
	e, err := s.opts.Inbox.Erase(id, s.opts.StoriesDir)
	// What left content/stories/ leaves the site, even if a later part
	// of the erasure failed: a second try finds it gone already.
	AwaitPublishing(w)
	rebuilt := s.rebuildWithout(r, e)
	switch {
	case errors.Is(err, ErrBusy):
		s.opts.Log.Printf("withdraw %s: %v", id, err)
		w.Header().Set("Retry-After", "5")
		s.withdrawError(w, r, http.StatusServiceUnavailable, ProblemBusy, "The story could not be withdrawn right now",
			"an editor is working on it at this moment; please try again in a minute")
		return
	case err != nil:
		s.opts.Log.Printf("withdraw %s: %v", id, err)
		s.withdrawError(w, r, http.StatusInternalServerError, ProblemStorage, "The story could not be withdrawn completely",
			"part of it may be erased; please use the link again in a minute to erase the rest")
		return
	case e.Empty():
		s.goneLink(w, r)
		return
	}
	view := &WithdrawView{Step: "done", Removed: e.Removed, Unpublished: len(e.Published) > 0, RebuildFailed: !rebuilt, Status: http.StatusOK}
	s.opts.Log.Printf("withdrawn by its submitter: %s (%d published files removed)", id, len(e.Published))
	if !s.prefersHTMLPage(r) {
		writeJSON(w, http.StatusOK, "application/json", map[string]any{
			"id": id, "status": "withdrawn", "removed": e.Removed, "unpublished": view.Unpublished, "site_rebuilt": view.Unpublished && !view.RebuildFailed,
		})
		return
	}
	s.withdrawPage(w, r, view)
}

// rebuildWithout builds the site again if the erasure took files out of
// it, and reports whether the site no longer shows them.
func (s *server) rebuildWithout(r *http.Request, e *Erasure) bool {
	if e == nil || len(e.Published) == 0 || s.opts.Rebuild == nil {
		return e == nil || len(e.Published) == 0
	}
	if err := s.opts.Rebuild(context.WithoutCancel(r.Context())); err != nil {
		s.opts.Log.Printf("withdraw %s: rebuild: %v", e.ID, err)
		return false
	}
	return true
}

func (s *server) badLink(w http.ResponseWriter, r *http.Request) {
	s.withdrawError(w, r, http.StatusNotFound, ProblemBadLink, "This link is not valid",
		"it may be incomplete or changed: copy the whole link from the thanks page or the email")
}

func (s *server) goneLink(w http.ResponseWriter, r *http.Request) {
	s.withdrawError(w, r, http.StatusGone, ProblemGone, "There is nothing left to withdraw",
		"the story was withdrawn already, or erased: nothing of it is kept")
}

func (s *server) withdrawError(w http.ResponseWriter, r *http.Request, status int, typ, title, detail string) {
	privatePage(w)
	if !s.prefersHTMLPage(r) {
		s.problem(w, r, status, typ, title, detail, nil)
		return
	}
	s.withdrawPage(w, r, &WithdrawView{Step: "error", Problem: title + ": " + detail + ".", Status: status})
}

// prefersHTMLPage reports a browser: the link is opened from a page or
// an email; scripts ask for JSON.
func (s *server) prefersHTMLPage(r *http.Request) bool { return acceptsHTML(r) }

// privatePage keeps a page whose address is a secret out of caches,
// search engines, frames and other sites' Referer headers.
func privatePage(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("Content-Security-Policy", "frame-ancestors 'none'")
	h.Set("X-Frame-Options", "DENY")
}

func (s *server) withdrawPage(w http.ResponseWriter, r *http.Request, view *WithdrawView) {
	privatePage(w)
	if !s.prefersHTMLPage(r) && view.Step != "error" {
		writeJSON(w, view.Status, "application/json", map[string]any{"step": view.Step, "withdraw_url": view.URL})
		return
	}
	render := s.opts.RenderWithdraw
	if render == nil {
		render = renderPlainWithdraw
	}
	var buf bytes.Buffer
	if err := render(&buf, view); err != nil {
		s.opts.Log.Printf("render withdraw page: %v", err)
		writeJSON(w, http.StatusInternalServerError, "application/problem+json", problemDetails{
			Type: ProblemServer, Title: "Internal server error", Status: http.StatusInternalServerError, Detail: "the page could not be shown"})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(view.Status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// plainWithdraw is the page without a site's layouts (a server made
// without them, as in tests).
var plainWithdraw = template.Must(template.New("withdraw").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>
{{- if eq .Step "error"}}Error: {{end}}Your story</title></head><body><main>
{{- if eq .Step "thanks"}}<h1>Thank you</h1><p>Your story has reached us. Changed your mind? <a href="{{.URL}}">Withdraw your story</a> with this private link.</p>
{{- else if eq .Step "confirm"}}<h1>Withdraw your story?</h1><form method="post" action="{{.URL}}"><button type="submit">Withdraw my story and erase my data</button></form>
{{- else if eq .Step "done"}}<h1>Your story is withdrawn</h1><ul>{{range .Removed}}<li>{{.}}</li>{{end}}</ul>
{{- else}}<h1>{{.Problem}}</h1>{{end}}
</main></body></html>
`))

func renderPlainWithdraw(w io.Writer, view *WithdrawView) error {
	return plainWithdraw.Execute(w, view)
}
