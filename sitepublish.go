package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// defaultDeployTimeout bounds site.toml's on_publish: a deploy that hangs
// (a password prompt, a dead network) must not hold the next one forever.
const defaultDeployTimeout = 10 * time.Minute

// maxDeployOutput is how much of on_publish's output is kept: its end,
// where the error usually is.
const maxDeployOutput = 16 << 10

// sitePublisher makes approved stories public: it rebuilds the site and
// runs site.toml's on_publish. "rainmaker inbox approve", the /admin/
// pages and the withdrawal of a story all go through it, so they publish
// the same way. One rebuild runs at a time in a process, and processes
// sharing an inbox take turns through a lock file in it.
type sitePublisher struct {
	Source  string
	Inbox   *submission.Inbox
	Timeout time.Duration // of on_publish; 0 is defaultDeployTimeout

	mu sync.Mutex
}

// publishReport tells what publishing did.
type publishReport struct {
	StoryPath string // the approved story's file in content/stories/; "" for a Rebuild alone
	// URL is the published story's address, as the build made it; ""
	// when the build failed or the story is not published (a draft).
	URL          string
	Build        *generator.Result // nil when the build failed
	Deployed     bool              // on_publish ran and succeeded
	DeployOutput string            // on_publish's output (its last part)
}

// publishError is a failed build or deploy. The story stays approved and
// the previous site stays in place: a build that fails writes nothing,
// and a failed deploy leaves what it deploys to as the command left it.
type publishError struct {
	Stage  string // "build" or "deploy"
	Err    error
	Output string // of on_publish
}

func (e *publishError) Error() string {
	if e.Stage == "deploy" {
		return fmt.Sprintf("on_publish failed: %v", e.Err)
	}
	return fmt.Sprintf("the site could not be built, so the previous site stays in place:\n%v", e.Err)
}

func (e *publishError) Unwrap() error { return e.Err }

// Approve publishes a waiting story into content/stories/, then
// rebuilds and deploys the site. An error with a report whose StoryPath
// is set is a *publishError: the story is approved, the site is not
// updated.
func (p *sitePublisher) Approve(ctx context.Context, id string) (publishReport, error) {
	slugs, err := generator.StorySlugs(p.Source)
	if err != nil {
		return publishReport{}, fmt.Errorf("the site's content has errors; fix them first:\n%v", err)
	}
	path, err := p.Inbox.Approve(id, filepath.Join(p.Source, "content", "stories"), func(s string) bool { return slugs[s] })
	if err != nil {
		return publishReport{StoryPath: path}, err
	}
	rel, err := filepath.Rel(p.Source, path)
	if err != nil {
		rel = path
	}
	report, err := p.Rebuild(ctx, filepath.ToSlash(rel))
	report.StoryPath = path
	return report, err
}

// Rebuild builds the site and runs on_publish. The report's URL is that
// of the first of pages (site-relative content files, like
// "content/stories/x.md") that the build published. Another feature that
// changes content/ (withdrawing a story) calls it after its change.
func (p *sitePublisher) Rebuild(ctx context.Context, pages ...string) (publishReport, error) {
	return p.rebuild(ctx, false, pages)
}

// RebuildPurging rebuilds after a story was taken out of the site: a
// clean build that leaves no copy of it (its photo's variants, its
// social card, the previous output) in the build's caches.
func (p *sitePublisher) RebuildPurging(ctx context.Context) (publishReport, error) {
	return p.rebuild(ctx, true, nil)
}

func (p *sitePublisher) rebuild(ctx context.Context, purge bool, pages []string) (publishReport, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	unlock, err := lockFile(filepath.Join(p.Inbox.Dir, ".publish.lock"))
	if err != nil {
		return publishReport{}, &publishError{Stage: "build", Err: err}
	}
	defer unlock()
	res, err := generator.Build(generator.Options{Source: p.Source, Theme: themeFS(), URLsOf: pages, Purge: purge})
	if err != nil {
		return publishReport{}, &publishError{Stage: "build", Err: err}
	}
	report := publishReport{Build: res}
	if len(pages) > 0 {
		report.URL = res.URLs[pages[0]]
	}
	if res.OnPublish == "" {
		return report, nil
	}
	out, err := p.deploy(ctx, res.OnPublish)
	report.DeployOutput = out
	if err != nil {
		return report, &publishError{Stage: "deploy", Err: err, Output: out}
	}
	report.Deployed = true
	return report, nil
}

// deploy runs on_publish with sh -c in the site's folder, within the
// timeout, and returns the end of its output.
func (p *sitePublisher) deploy(ctx context.Context, command string) (string, error) {
	timeout := p.Timeout
	if timeout == 0 {
		timeout = defaultDeployTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Dir = p.Source
	cmd.Env = append(os.Environ(), "RAINMAKER_SITE="+p.Source, "RAINMAKER_OUTPUT="+filepath.Join(p.Source, "public"))
	out := &tailBuffer{max: maxDeployOutput}
	cmd.Stdout, cmd.Stderr = out, out
	killGroup(cmd)
	cmd.WaitDelay = 5 * time.Second // a child left holding the output must not hold us
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		err = fmt.Errorf("stopped after %s (the limit)", timeout)
	} else if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
		err = fmt.Errorf("%q exited with status %d", command, exit.ExitCode())
	}
	return out.String(), err
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	max     int
	dropped bool
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if extra := t.buf.Len() - t.max; extra > 0 {
		t.buf.Next(extra)
		t.dropped = true
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dropped {
		return "…" + t.buf.String()
	}
	return t.buf.String()
}
