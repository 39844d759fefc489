package main

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rainmaker-blog/rainmaker/generator/submission/admin"
)

func TestAdminSetPassword(t *testing.T) {
	inbox := filepath.Join(t.TempDir(), "inbox")
	var stdout, stderr bytes.Buffer
	if code := runAdmin([]string{"set-password", "--inbox", inbox}, strings.NewReader("too short\n"), &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "at least 12 characters") {
		t.Errorf("a short password: %d %q", code, stderr.String())
	}
	if admin.HasPassword(admin.DirOf(inbox)) {
		t.Fatal("a refused password was stored")
	}
	stderr.Reset()
	if code := runAdmin([]string{"set-password", "--inbox", inbox}, strings.NewReader(""), &stdout, &stderr); code != 1 {
		t.Errorf("no password: %d", code)
	}
	if code := runAdmin([]string{"set-password", "extra", "--inbox", inbox}, strings.NewReader("long enough password\n"), &stdout, &stderr); code != 2 {
		t.Errorf("an extra argument: %d", code)
	}
	if code := runAdmin([]string{"set-password", "--inbox", inbox}, strings.NewReader("long enough password\r\n"), &stdout, &stderr); code != 0 {
		t.Fatalf("%d %q", code, stderr.String())
	}
	path := admin.PasswordPath(admin.DirOf(inbox))
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("%v %v", info, err)
	}
	hash, _ := os.ReadFile(path)
	if ok, err := admin.VerifyPassword(string(bytes.TrimSpace(hash)), "long enough password"); !ok || err != nil {
		t.Errorf("stored hash %q does not match: %v", hash, err)
	}
	stdout.Reset()
	if code := runAdmin([]string{"--help"}, nil, &stdout, &stderr); code != 0 {
		t.Errorf("--help: %d", code)
	}
}

// TestReceiveServesAdminOnlyWithAPassword: without a password /admin/
// is off and says how to turn it on; with one it asks to sign in.
func TestReceiveServesAdminOnlyWithAPassword(t *testing.T) {
	site := copySampleSite(t, "")
	inbox := filepath.Join(site, "inbox")
	var logs bytes.Buffer
	rf := receiveFlags{inbox: inbox}
	h, _, err := rf.handler(site, log.New(&logs, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/admin/", nil))
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "rainmaker admin set-password") ||
		!strings.Contains(logs.String(), "no admin password") {
		t.Errorf("without a password: %d %s; log %s", rec.Code, rec.Body, logs.String())
	}
	if err := admin.SetPassword(admin.DirOf(inbox), "long enough password"); err != nil {
		t.Fatal(err)
	}
	logs.Reset()
	rf = receiveFlags{inbox: inbox}
	h, _, err = rf.handler(site, log.New(&logs, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/admin/stories/20261127T093000Z-3f9a1c2b", nil))
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/admin/login?next=") ||
		!strings.Contains(logs.String(), "admin pages at /admin/") {
		t.Errorf("with a password: %d %v; log %s", rec.Code, rec.Header(), logs.String())
	}
	// The endpoint is still served beside it.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("healthz: %d", rec.Code)
	}
	io.Copy(io.Discard, rec.Body)
}
