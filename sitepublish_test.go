package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// publishFixture is the sample site with one story waiting in its inbox
// and on_publish set to command ("" for none).
func publishFixture(t *testing.T, command string) (site string, inbox *submission.Inbox, id string) {
	t.Helper()
	site = copySampleSite(t, "https://coach.example.org/")
	if command != "" {
		cfg, _ := os.ReadFile(filepath.Join(site, "site.toml"))
		// A top-level key goes before the first table.
		cfg = []byte("on_publish = " + strconvQuote(command) + "\n" + string(cfg))
		os.WriteFile(filepath.Join(site, "site.toml"), cfg, 0o644)
	}
	inbox = &submission.Inbox{Dir: filepath.Join(site, "inbox")}
	if err := inbox.Open(); err != nil {
		t.Fatal(err)
	}
	id, err := inbox.Save(submission.Submission{Name: "Ana", Email: "ana@example.org", Title: "Publishing in one step",
		Story: strings.Repeat("Coaching made my quarter. ", 10), Consent: true}, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return site, inbox, id
}

func strconvQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestApproveBuildsAndDeploys: approving writes the story, builds the
// site with it, runs on_publish in the site's folder, and reports the
// URL the build gave the story.
func TestApproveBuildsAndDeploys(t *testing.T) {
	site, inbox, id := publishFixture(t, `touch deployed; echo "to $RAINMAKER_OUTPUT"`)
	pub := &sitePublisher{Source: site, Inbox: inbox}
	report, err := pub.Approve(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if report.URL != "https://coach.example.org/stories/publishing-in-one-step/" {
		t.Errorf("URL = %q", report.URL)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "stories", "publishing-in-one-step", "index.html")); err != nil {
		t.Errorf("the site was not built with the story: %v", err)
	}
	if _, err := os.Stat(filepath.Join(site, "deployed")); err != nil || !report.Deployed {
		t.Errorf("on_publish did not run in the site's folder: %v", err)
	}
	if !strings.Contains(report.DeployOutput, "to "+filepath.Join(site, "public")) {
		t.Errorf("deploy output %q", report.DeployOutput)
	}
	if page, _ := os.ReadFile(filepath.Join(site, "public", "stories", "publishing-in-one-step", "index.html")); strings.Contains(string(page), "ana@example.org") {
		t.Error("the published page shows the email")
	}
}

// TestFailedDeployLeavesTheStoryApproved: a deploy that fails is
// reported with its output and status; the story stays approved.
func TestFailedDeployLeavesTheStoryApproved(t *testing.T) {
	site, inbox, id := publishFixture(t, "echo rsync: connection refused >&2; exit 3")
	pub := &sitePublisher{Source: site, Inbox: inbox}
	report, err := pub.Approve(context.Background(), id)
	var pe *publishError
	if !errors.As(err, &pe) || pe.Stage != "deploy" || !strings.Contains(err.Error(), "status 3") ||
		!strings.Contains(pe.Output, "rsync: connection refused") {
		t.Fatalf("err = %v", err)
	}
	if report.StoryPath == "" || report.URL == "" {
		t.Errorf("report %+v", report)
	}
	if inbox.Holds(id) == false || func() bool { _, err := inbox.Get(id); return err == nil }() {
		t.Error("the story is not approved")
	}
}

// TestFailedBuildKeepsThePreviousSite: a build error is reported, the
// story is approved, the public folder is the one before, and the
// deploy does not run.
func TestFailedBuildKeepsThePreviousSite(t *testing.T) {
	site, inbox, id := publishFixture(t, "touch deployed")
	if code, _, stderr := runCLI("build", "-s", site); code != 0 {
		t.Fatal(stderr)
	}
	index := filepath.Join(site, "public", "index.html")
	before, _ := os.ReadFile(index)
	// A broken layout: the content is fine, the build is not.
	os.MkdirAll(filepath.Join(site, "layouts"), 0o755)
	os.WriteFile(filepath.Join(site, "layouts", "single.html"), []byte("{{define \"main\"}}{{if}}{{end}}\n"), 0o644)
	pub := &sitePublisher{Source: site, Inbox: inbox}
	report, err := pub.Approve(context.Background(), id)
	var pe *publishError
	if !errors.As(err, &pe) || pe.Stage != "build" || !strings.Contains(err.Error(), "single.html") {
		t.Fatalf("err = %v", err)
	}
	if report.StoryPath == "" {
		t.Error("the story was not approved")
	}
	if after, _ := os.ReadFile(index); string(after) != string(before) {
		t.Error("the failed build changed the previous site")
	}
	if _, err := os.Stat(filepath.Join(site, "public", "stories", "publishing-in-one-step")); err == nil {
		t.Error("the failed build published the story")
	}
	if _, err := os.Stat(filepath.Join(site, "deployed")); err == nil {
		t.Error("on_publish ran after a failed build")
	}
}

func TestDeployTimeout(t *testing.T) {
	site, inbox, _ := publishFixture(t, "")
	pub := &sitePublisher{Source: site, Inbox: inbox, Timeout: 300 * time.Millisecond}
	start := time.Now()
	_, err := pub.deploy(context.Background(), "sleep 30 & sleep 30")
	if err == nil || !strings.Contains(err.Error(), "stopped after") || time.Since(start) > 10*time.Second {
		t.Errorf("err = %v after %s", err, time.Since(start))
	}
}

// TestInboxApprovePublishes: the command approves, builds and says
// where the story is; --no-build only writes it.
func TestInboxApprovePublishes(t *testing.T) {
	site, inbox, id := publishFixture(t, "echo deployed > deployed.txt")
	code, stdout, stderr := runCLI("inbox", "approve", id, "-s", site)
	if code != 0 || !strings.Contains(stdout, "published at https://coach.example.org/stories/publishing-in-one-step/") ||
		!strings.Contains(stdout, "on_publish ran") {
		t.Fatalf("%d %q %q", code, stdout, stderr)
	}
	id2, err := inbox.Save(submission.Submission{Name: "Bo", Email: "bo@example.org", Title: "Only written, not built",
		Story: strings.Repeat("Coaching made my quarter. ", 10), Consent: true}, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCLI("inbox", "approve", id2, "--no-build", "-s", site)
	if code != 0 || strings.Contains(stdout, "published at") {
		t.Fatalf("--no-build: %d %q %q", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "stories", "only-written-not-built")); err == nil {
		t.Error("--no-build built the site")
	}
	site, _, id = publishFixture(t, "exit 3")
	code, stdout, stderr = runCLI("inbox", "approve", id, "-s", site)
	if code != 1 || !strings.Contains(stdout, "approved "+id) || !strings.Contains(stderr, "status 3") || !strings.Contains(stderr, "the story is approved") {
		t.Errorf("failed deploy: %d %q %q", code, stdout, stderr)
	}
}
