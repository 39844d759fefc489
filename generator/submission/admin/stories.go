package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// list shows the waiting stories; one unreadable file does not hide the
// others.
func (h *handler) list(w http.ResponseWriter, r *http.Request, c *call) {
	stories, err := h.opts.Inbox.List()
	d := pageData{Title: "Stories waiting", SignedIn: true, CSRF: c.csrf, Stories: stories}
	var unreadable *submission.UnreadableError
	switch {
	case errors.As(err, &unreadable):
		h.opts.Log.Printf("admin: %v", err)
		d.Problem = "Some files in the inbox could not be read; the server's log names them."
	case err != nil:
		h.opts.Log.Printf("admin: %v", err)
		h.errorPage(w, r, http.StatusInternalServerError, "The inbox cannot be read", "The server's log says why.")
		return
	}
	if id := r.URL.Query().Get("rejected"); submission.ValidID(id) {
		d.Notice = "Rejected " + id + "."
	}
	h.render(w, r, http.StatusOK, "list", d)
}

// waiting reads the story of the request, or answers why not.
func (h *handler) waiting(w http.ResponseWriter, r *http.Request, c *call) (*submission.Stored, bool) {
	if !submission.ValidID(c.id) {
		h.errorPage(w, r, http.StatusNotFound, "No such story", "That is not the address of a story.")
		return nil, false
	}
	s, err := h.opts.Inbox.Get(c.id)
	if err != nil {
		h.storyError(w, r, err)
		return nil, false
	}
	return s, true
}

// storyError answers an error of the inbox about one story.
func (h *handler) storyError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, submission.ErrNotFound):
		h.errorPage(w, r, http.StatusNotFound, "This story is not waiting", "It was approved or rejected already, or never received.")
	case errors.Is(err, submission.ErrBusy):
		h.errorPage(w, r, http.StatusConflict, "This story is being changed", "Someone is approving or rejecting it right now. Open the list again in a moment.")
	default:
		h.opts.Log.Printf("admin: %v", err)
		h.errorPage(w, r, http.StatusInternalServerError, "The story cannot be read", "The server's log says why.")
	}
}

func (h *handler) story(w http.ResponseWriter, r *http.Request, c *call) {
	s, ok := h.waiting(w, r, c)
	if !ok {
		return
	}
	d := pageData{Title: s.Title, SignedIn: true, CSRF: c.csrf, Story: s}
	if r.URL.Query().Get("saved") == "1" {
		d.Notice = "Your changes are saved."
	}
	h.render(w, r, http.StatusOK, "story", d)
}

// preview shows the page the story will be, with the site's layouts.
func (h *handler) preview(w http.ResponseWriter, r *http.Request, c *call) {
	s, ok := h.waiting(w, r, c)
	if !ok {
		return
	}
	if h.opts.Preview == nil {
		h.errorPage(w, r, http.StatusNotFound, "No preview", "Previews are not available on this server.")
		return
	}
	page, err := h.opts.Preview(s, Prefix+"site/")
	if err != nil {
		h.opts.Log.Printf("admin: preview %s: %v", s.ID, err)
		h.errorPage(w, r, http.StatusInternalServerError, "The preview cannot be shown", "The site's layouts failed on this story; the server's log says why.")
		return
	}
	w.Header().Set("Content-Security-Policy", previewCSP)
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}

func (h *handler) editPage(w http.ResponseWriter, r *http.Request, c *call) {
	s, ok := h.waiting(w, r, c)
	if !ok {
		return
	}
	h.showEdit(w, r, c, http.StatusOK, s, submission.EditOf(s), nil)
}

func (h *handler) showEdit(w http.ResponseWriter, r *http.Request, c *call, status int, s *submission.Stored, e submission.Edit, errs []submission.FieldError) {
	var tags []tagChoice
	for _, slug := range h.opts.Validator.TagSlugs() {
		name := h.opts.Validator.TagName(slug)
		tags = append(tags, tagChoice{Name: name, Checked: slices.Contains(e.Tags, name)})
	}
	if len(errs) > submission.MaxProblems {
		errs = errs[:submission.MaxProblems]
	}
	h.render(w, r, status, "edit", pageData{Title: "Edit " + s.Title, SignedIn: true, CSRF: c.csrf, Story: s,
		Edit: e, Tags: tags, Errors: errs})
}

// edit saves an edit checked as a submission is.
func (h *handler) edit(w http.ResponseWriter, r *http.Request, c *call) {
	s, ok := h.waiting(w, r, c)
	if !ok {
		return
	}
	e, errs := h.opts.Validator.DecodeEdit(r.PostForm)
	if len(errs) > 0 {
		h.showEdit(w, r, c, http.StatusBadRequest, s, e, errs)
		return
	}
	if err := h.opts.Inbox.Update(s.ID, e); err != nil {
		h.storyError(w, r, err)
		return
	}
	h.opts.Log.Printf("admin: edited %s", s.ID)
	http.Redirect(w, r, Prefix+"stories/"+s.ID+"?saved=1", http.StatusSeeOther)
}

// approve publishes the story and shows where, or what went wrong.
func (h *handler) approve(w http.ResponseWriter, r *http.Request, c *call) {
	if !submission.ValidID(c.id) {
		h.errorPage(w, r, http.StatusNotFound, "No such story", "That is not the address of a story.")
		return
	}
	// The story is approved whatever the browser does now: the build and
	// the deploy go on to the end, and the answer waits for them.
	submission.AwaitPublishing(w)
	p, err := h.opts.Approve(context.WithoutCancel(r.Context()), c.id)
	if !p.Approved {
		if err == nil {
			err = errors.New("not approved")
		}
		if errors.Is(err, submission.ErrNotFound) || errors.Is(err, submission.ErrBusy) {
			h.storyError(w, r, err)
			return
		}
		h.opts.Log.Printf("admin: approve %s: %v", c.id, err)
		h.errorPage(w, r, http.StatusInternalServerError, "The story could not be approved", err.Error())
		return
	}
	h.opts.Log.Printf("admin: approved %s: %s", c.id, p.StoryPath)
	d := pageData{Title: "Story published", SignedIn: true, CSRF: c.csrf, Published: &p}
	status := http.StatusOK
	switch {
	case p.Problem != "":
		status = http.StatusInternalServerError
		d.Title = "Approved, but not published"
		d.Problem = "The story is approved and in content/stories/, but the site was not updated. Fix the problem below, then build (or approve another story)."
	case p.URL == "":
		d.Notice = "The story is approved; the build did not publish a page for it."
	}
	h.render(w, r, status, "published", d)
}

func (h *handler) reject(w http.ResponseWriter, r *http.Request, c *call) {
	if !submission.ValidID(c.id) {
		h.errorPage(w, r, http.StatusNotFound, "No such story", "That is not the address of a story.")
		return
	}
	if err := h.opts.Inbox.Reject(c.id); err != nil {
		h.storyError(w, r, err)
		return
	}
	h.opts.Log.Printf("admin: rejected %s", c.id)
	http.Redirect(w, r, Prefix+"?rejected="+url.QueryEscape(c.id), http.StatusSeeOther)
}
