package admin

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// The cookies: the session, and the sign-in form's own.
const (
	sessionCookie = "rainmaker_admin"
	loginCookie   = "rainmaker_login"
)

// hashWait is how long a sign-in waits for a free hashing slot.
const hashWait = 10 * time.Second

func (h *handler) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: Prefix, MaxAge: maxAge,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteStrictMode,
	})
}

// loginPage shows the sign-in form, with a fresh token tied to a cookie.
func (h *handler) loginPage(w http.ResponseWriter, r *http.Request, c *call) {
	h.showLogin(w, r, c, http.StatusOK, "")
}

func (h *handler) showLogin(w http.ResponseWriter, r *http.Request, c *call, status int, problem string) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	nonce := hex.EncodeToString(b)
	h.setCookie(w, r, loginCookie, nonce, 3600)
	next := safeNext(r.FormValue("next"))
	h.render(w, r, status, "login", pageData{Title: "Sign in", CSRF: loginToken(c.key, nonce), Next: next, Problem: problem})
}

// login checks the password, within the lockout, and starts a session.
func (h *handler) login(w http.ResponseWriter, r *http.Request, c *call) {
	client := h.client(r)
	now := h.opts.Now()
	if blocked, wait := h.lockout.blocked(client, now); blocked {
		secs := max(1, int(wait.Seconds()+0.999))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		h.errorPage(w, r, http.StatusTooManyRequests, "Too many failed sign-ins",
			"Sign-in is paused after repeated wrong passwords. Try again in "+strconv.Itoa((secs+59)/60)+" minutes.")
		return
	}
	ok, err := h.checkPassword(r.Context(), r.PostFormValue("password"))
	if err != nil {
		h.opts.Log.Printf("admin: sign-in: %v", err)
		h.errorPage(w, r, http.StatusServiceUnavailable, "Sign-in is not available", "The password cannot be checked now; the server's log says why.")
		return
	}
	if !ok {
		h.lockout.fail(client, now)
		h.opts.Log.Printf("admin: wrong password from %s", client)
		h.showLogin(w, r, c, http.StatusUnauthorized, "That password is not right.")
		return
	}
	h.lockout.succeed(client)
	s := session{id: newSessionID(), expires: now.Add(SessionTTL)}
	h.setCookie(w, r, sessionCookie, encodeSession(c.key, s), int(SessionTTL.Seconds()))
	h.setCookie(w, r, loginCookie, "", -1)
	h.opts.Log.Printf("admin: signed in from %s", client)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// checkPassword compares with the stored hash, a few at a time: each
// hash takes memory, and a flood of sign-ins must not take it all.
func (h *handler) checkPassword(ctx context.Context, pw string) (bool, error) {
	hash, err := readPasswordHash(h.opts.Dir)
	if err != nil {
		return false, err
	}
	if pw == "" || len(pw) > 4*MaxPasswordLength {
		return false, nil
	}
	wait, cancel := context.WithTimeout(ctx, hashWait)
	defer cancel()
	select {
	case h.hashing <- struct{}{}:
		defer func() { <-h.hashing }()
	case <-wait.Done():
		return false, wait.Err()
	}
	return VerifyPassword(hash, pw)
}

// logout ends the session here and in every process sharing the inbox.
func (h *handler) logout(w http.ResponseWriter, r *http.Request, c *call) {
	if err := revoke(h.opts.Dir, c.session.id, h.opts.Now(), SessionTTL); err != nil {
		h.opts.Log.Printf("admin: sign out: %v", err)
		h.errorPage(w, r, http.StatusInternalServerError, "Signing out failed", "The session could not be ended; the server's log says why.")
		return
	}
	h.setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, Prefix+"login", http.StatusSeeOther)
}
