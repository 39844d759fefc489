package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// retentionEvery is how often receive erases private data past
// retain_private_days.
const retentionEvery = time.Hour

// erasePrivate erases the private data of the approved stories older
// than retain, and logs what it erased.
func erasePrivate(inbox *submission.Inbox, retain time.Duration, now time.Time, logger *log.Logger) {
	ids, err := inbox.ErasePrivate(retain, now)
	for _, id := range ids {
		logger.Printf("erased the private data of %s (retain_private_days)", id)
	}
	if err != nil {
		logger.Printf("retain_private_days: %v", err)
	}
}

// retentionLoop erases private data at start and then hourly, until ctx
// ends; nil when nothing is to be erased.
func retentionLoop(inbox *submission.Inbox, retain time.Duration, logger *log.Logger) func(context.Context) {
	if retain <= 0 {
		return nil
	}
	erasePrivate(inbox, retain, time.Now(), logger)
	return func(ctx context.Context) {
		tick := time.NewTicker(retentionEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-tick.C:
				erasePrivate(inbox, retain, now, logger)
			}
		}
	}
}

// together runs the given background jobs (nil ones left out) side by
// side until ctx ends, and returns when all have.
func together(jobs ...func(context.Context)) func(context.Context) {
	return func(ctx context.Context) {
		var wg sync.WaitGroup
		for _, job := range jobs {
			if job != nil {
				wg.Go(func() { job(ctx) })
			}
		}
		wg.Wait()
	}
}

// siteConfig reads and checks the site's site.toml; nil when it has none.
func siteConfig(source string) (*config.Config, error) {
	path := filepath.Join(source, config.File)
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cfg, err := config.Parse(bytes.NewReader(src), path)
	if err == nil {
		err = cfg.Validate(path, string(src))
	}
	if err != nil {
		return nil, err
	}
	return &cfg, nil
}

// inboxForget erases every record of an email address and says what it
// removed; nothing found is an error.
func inboxForget(inbox *submission.Inbox, email, source string, stdout io.Writer) error {
	storiesDir := filepath.Join(source, "content", "stories")
	got, err := inbox.Forget(email, storiesDir)
	if got == nil {
		return err
	}
	if got.Empty() {
		if err != nil {
			return err
		}
		return fmt.Errorf("inbox forget: nothing in %s or %s holds %q", inbox.Dir, storiesDir, email)
	}
	unpublished := false
	for _, e := range got.Stories {
		fmt.Fprintf(stdout, "%s:\n", e.ID)
		for _, path := range e.Published {
			fmt.Fprintf(stdout, "  unpublished: removed %s\n", path)
			unpublished = true
		}
		for _, what := range e.Removed {
			fmt.Fprintf(stdout, "  removed %s\n", what)
		}
	}
	if got.Notifications > 0 {
		fmt.Fprintf(stdout, "removed %d notification records that held the address\n", got.Notifications)
	}
	if unpublished && err == nil {
		err = errUnpublished
	}
	return err
}

// errUnpublished says that forgetting took stories out of content/.
var errUnpublished = errors.New("stories unpublished")

// inboxForgetAndPublish forgets an address; when that took stories out
// of the site, it rebuilds the site leaving no copy of them in the
// build's caches, and runs on_publish, as withdrawing does.
func inboxForgetAndPublish(inbox *submission.Inbox, email, source string, build bool, stdout, stderr io.Writer) int {
	err := inboxForget(inbox, email, source, stdout)
	if errors.Is(err, errUnpublished) {
		if !build {
			fmt.Fprintf(stdout, "build the site (rainmaker build -s %s) to take the unpublished stories off it\n", source)
			return 0
		}
		pub := &sitePublisher{Source: source, Inbox: inbox}
		report, err := pub.RebuildPurging(context.Background())
		if err != nil {
			fmt.Fprintf(stderr, "inbox forget: the address is forgotten, but publishing the site failed: %v\n", err)
			return 1
		}
		printPublished(stdout, report)
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// applyRetention erases, before a listing, the private data that
// retain_private_days says is kept no longer.
func applyRetention(inbox *submission.Inbox, cfg *config.Config, cfgErr error, stderr io.Writer) {
	if cfgErr != nil {
		fmt.Fprintf(stderr, "retain_private_days not applied: %v\n", cfgErr)
		return
	}
	if cfg != nil && cfg.RetainPrivate() > 0 {
		erasePrivate(inbox, cfg.RetainPrivate(), time.Now(), log.New(stderr, "", 0))
	}
}

// showConsent prints what a story's submitter agreed to, and when.
func showConsent(s *submission.Stored, stdout io.Writer) {
	switch {
	case !s.Consent:
		fmt.Fprintln(stdout, "Consent:  none recorded")
	case s.ConsentVersion == "":
		fmt.Fprintln(stdout, "Consent:  given (before consent texts had versions)")
	default:
		fmt.Fprintf(stdout, "Consent:  version %s, given %s\n          %q\n", s.ConsentVersion, s.ConsentedAt, s.ConsentText)
	}
}
