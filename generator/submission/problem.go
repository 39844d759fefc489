package submission

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/words"
)

// MaxProblems bounds the fields listed in one answer: a body of
// thousands of unknown keys gets a short answer, not one ten times its
// size.
const MaxProblems = 20

// invalidDetail names the invalid fields, the first MaxProblems of them.
func invalidDetail(errs []FieldError) string {
	names := make([]string, 0, min(len(errs), MaxProblems))
	for _, e := range errs[:min(len(errs), MaxProblems)] {
		names = append(names, e.Field)
	}
	detail := fmt.Sprintf("%d %s invalid: %s", len(errs), words.Plural(len(errs), "field is", "fields are"), strings.Join(names, ", "))
	if len(errs) > MaxProblems {
		detail += fmt.Sprintf(", and %d more not listed", len(errs)-MaxProblems)
	}
	return detail
}

func (s *server) tooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	s.problem(w, r, http.StatusRequestEntityTooLarge, ProblemTooLarge, "The submission is too large",
		fmt.Sprintf("the body may be at most %d bytes", limit), nil)
}

func (s *server) invalid(w http.ResponseWriter, r *http.Request, values url.Values, errs []FieldError) {
	detail := invalidDetail(errs)
	if len(errs) > MaxProblems {
		errs = errs[:MaxProblems]
	}
	status, typ, title := http.StatusBadRequest, ProblemInvalid, "The submission has invalid fields"
	if consentOutdated(errs) {
		// Not a mistake in what was typed: the text agreed to is gone.
		status, typ, title = http.StatusUnprocessableEntity, ProblemConsentOutdated, "The consent text has changed"
	}
	if s.prefersHTML(r) && values != nil {
		s.html(w, status, s.form(values, errs))
		return
	}
	s.problem(w, r, status, typ, title, detail, errs)
}

// prefersHTML reports a browser's form post, which should get a page back.
func (s *server) prefersHTML(r *http.Request) bool {
	return s.opts.RenderForm != nil && acceptsHTML(r)
}

func acceptsHTML(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "text/html") && !strings.HasPrefix(accept, "application/")
}

type problemDetails struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail,omitempty"`
	Errors []problemField `json:"errors,omitempty"`
}

type problemField struct {
	Field   string `json:"field"`
	Pointer string `json:"pointer"`
	Detail  string `json:"detail"`
}

// problem answers with RFC 9457 problem details, or the form page with the
// problem shown when a browser asked.
func (s *server) problem(w http.ResponseWriter, r *http.Request, status int, typ, title, detail string, errs []FieldError) {
	if s.prefersHTML(r) && r.Method == http.MethodPost && r.URL.Path == s.opts.Path {
		form := s.form(nil, nil)
		form.Problem = title + ": " + detail + "."
		s.html(w, status, form)
		return
	}
	p := problemDetails{Type: typ, Title: title, Status: status, Detail: detail}
	for _, e := range errs {
		ptr := e.Pointer
		if ptr == "" {
			ptr = fieldPointer(e.Field)
		}
		p.Errors = append(p.Errors, problemField{Field: e.Field, Pointer: ptr, Detail: e.Message})
	}
	writeJSON(w, status, "application/problem+json", p)
}

func (s *server) html(w http.ResponseWriter, status int, form *FormView) {
	var buf bytes.Buffer
	if err := s.opts.RenderForm(&buf, form); err != nil {
		s.opts.Log.Printf("render form: %v", err)
		writeJSON(w, http.StatusInternalServerError, "application/problem+json", problemDetails{
			Type: ProblemServer, Title: "Internal server error", Status: http.StatusInternalServerError,
			Detail: "the form could not be shown"})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, contentType = http.StatusInternalServerError, "application/problem+json"
		data = []byte(`{"type":"` + ProblemServer + `","title":"Internal server error","status":500}`)
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(data, '\n'))
}
