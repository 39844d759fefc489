package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

const inboxUsage = `Usage: rainmaker inbox list | show ID | approve ID | reject ID | forget EMAIL [flags]

Reviews readers' stories waiting in the inbox. "approve" publishes one as
content/stories/<slug>.md (with its photo: content/stories/<slug>/index.md
and photo.jpg), builds the site, runs site.toml's on_publish command (a
deploy step) and prints the story's URL; a failed build or deploy leaves
the story approved and the previous site in place. --no-build only writes
the story. "reject" deletes it and its photo. The same is done in a
browser at the /admin/ pages of "rainmaker receive".
The submitter's email address stays in the inbox and is never published.
"list" also shows the notifications (site.toml [notify]) not delivered yet
and those that failed, and erases the private data of approved stories
older than site.toml's retain_private_days. "forget" erases every record
of an email address, waiting, approved or rejected, unpublishes its
stories, says what it removed, and then rebuilds the site (no copy of
the stories left in the build's caches) and runs on_publish.

Examples:
  rainmaker inbox list
  rainmaker inbox show 20261127T093000Z-3f9a1c2b
  rainmaker inbox approve 20261127T093000Z-3f9a1c2b -s blog
  rainmaker inbox approve 20261127T093000Z-3f9a1c2b --no-build
  rainmaker inbox -s blog approve 20261127T093000Z-3f9a1c2b
  rainmaker inbox forget priya@example.org -s blog

Flags:
`

func runInbox(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("inbox", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, inboxUsage)
		flags.PrintDefaults()
	}
	source := flags.String("s", ".", "the site's folder (holds site.toml)")
	dir := flags.String("inbox", "", "the inbox folder (default SITE/inbox)")
	noBuild := flags.Bool("no-build", false, "approve, forget: only change content/stories/; no build, no on_publish")
	rest, err := parseArgs(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *dir == "" {
		*dir = filepath.Join(*source, "inbox")
	}
	inbox := &submission.Inbox{Dir: *dir}
	cfg, cfgErr := siteConfig(*source) // nil without a site.toml (an inbox kept elsewhere)
	if cfg != nil {
		inbox.PhotoAlt = cfg.Text("photo_alt")
	}
	if len(rest) == 0 {
		flags.Usage()
		return 2
	}
	switch rest[0] {
	case "list":
		if len(rest) != 1 {
			fmt.Fprintln(stderr, "inbox list takes no arguments")
			return 2
		}
		applyRetention(inbox, cfg, cfgErr, stderr)
		return inboxList(inbox, stdout, stderr)
	case "show", "approve", "reject", "forget":
		if len(rest) != 2 {
			what := "one submission ID (see \"rainmaker inbox list\")"
			if rest[0] == "forget" {
				what = "one email address"
			}
			fmt.Fprintf(stderr, "inbox %s: give exactly %s\n", rest[0], what)
			return 2
		}
		if rest[0] == "approve" && !*noBuild {
			return inboxApproveAndPublish(inbox, rest[1], *source, stdout, stderr)
		}
		if rest[0] == "forget" {
			return inboxForgetAndPublish(inbox, rest[1], *source, !*noBuild, stdout, stderr)
		}
		return inboxAction(rest[0], inbox, rest[1], *source, stdout, stderr)
	}
	fmt.Fprintf(stderr, "inbox: unknown action %q\n", rest[0])
	flags.Usage()
	return 2
}

// inboxAction runs one of the actions that take a submission ID.
func inboxAction(action string, inbox *submission.Inbox, id, source string, stdout, stderr io.Writer) int {
	var err error
	switch action {
	case "show":
		err = inboxShow(inbox, id, stdout)
	case "approve":
		err = inboxApprove(inbox, id, source, stdout)
	case "reject":
		err = inboxReject(inbox, id, stdout)
	case "forget":
		err = inboxForget(inbox, id, source, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

func inboxList(inbox *submission.Inbox, stdout, stderr io.Writer) int {
	stories, err := inbox.List()
	var unreadable *submission.UnreadableError
	if err != nil && !errors.As(err, &unreadable) {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, s := range stories {
		fmt.Fprintf(stdout, "%s  %s  (%s)\n", s.ID, s.Title, s.Name)
	}
	status := 0
	if unreadable != nil {
		// The others are listed; the status still says something is wrong.
		fmt.Fprintln(stderr, unreadable)
		status = 1
	}
	if len(stories) == 0 && unreadable == nil {
		fmt.Fprintf(stderr, "the inbox %s is empty\n", inbox.Dir)
	}
	if !listNotifications(inbox, stdout, stderr) {
		status = 1
	}
	return status
}

// listNotifications shows the notifications not delivered: those still
// being tried, then those given up. It reports false if a record could
// not be read.
func listNotifications(inbox *submission.Inbox, stdout, stderr io.Writer) bool {
	queue := notify.NewQueue(inbox.NotifyDir(), nil, "")
	ok := true
	for _, part := range []struct {
		title string
		list  func() ([]notify.Delivery, error)
	}{
		{"notifications not delivered yet", queue.Pending},
		{"notifications that failed (kept in " + filepath.Join(queue.Dir, "failed") + ")", queue.Failed},
	} {
		deliveries, err := part.list()
		if err != nil {
			fmt.Fprintln(stderr, err)
			ok = false
		}
		if len(deliveries) == 0 {
			continue
		}
		fmt.Fprintf(stdout, "\n%s: %d\n", part.title, len(deliveries))
		for _, d := range deliveries {
			fmt.Fprintf(stdout, "  %s\n", notify.Describe(d))
		}
	}
	return ok
}

func inboxShow(inbox *submission.Inbox, id string, stdout io.Writer) error {
	s, err := inbox.Get(id)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ID:       %s\nReceived: %s\nTitle:    %s\nName:     %s\nEmail:    %s (private)\n", s.ID, s.Received.Format("2006-01-02 15:04 MST"), s.Title, s.Name, s.Email)
	for _, kv := range [][2]string{{"Role", s.Role}, {"Company", s.Company}, {"Result", s.Result}, {"Tags", strings.Join(s.Tags, ", ")}} {
		if kv[1] != "" {
			fmt.Fprintf(stdout, "%-9s %s\n", kv[0]+":", kv[1])
		}
	}
	if s.PhotoFile != "" {
		fmt.Fprintf(stdout, "%-9s %s (published beside the story on approval)\n", "Photo:", filepath.Join(inbox.Dir, s.PhotoFile))
	}
	showConsent(s, stdout)
	fmt.Fprintf(stdout, "\n%s\n", s.Story)
	return nil
}

// inboxApprove publishes the story under a slug no existing story uses, so
// the site's content has to be readable first.
func inboxApprove(inbox *submission.Inbox, id, source string, stdout io.Writer) error {
	slugs, err := generator.StorySlugs(source)
	if err != nil {
		return fmt.Errorf("inbox approve: the site's content has errors; fix them first:\n%v", err)
	}
	path, err := inbox.Approve(id, filepath.Join(source, "content", "stories"), func(s string) bool { return slugs[s] })
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "approved %s: %s\n", id, path)
	return nil
}

// inboxApproveAndPublish approves a story and publishes the site with it,
// as the /admin/ pages do.
func inboxApproveAndPublish(inbox *submission.Inbox, id, source string, stdout, stderr io.Writer) int {
	pub := &sitePublisher{Source: source, Inbox: inbox}
	report, err := pub.Approve(context.Background(), id)
	if report.StoryPath != "" {
		fmt.Fprintf(stdout, "approved %s: %s\n", id, report.StoryPath)
	}
	if err != nil {
		fmt.Fprintf(stderr, "inbox approve: %v\n", err)
		var pe *publishError
		if errors.As(err, &pe) && pe.Output != "" {
			fmt.Fprintf(stderr, "on_publish output:\n%s\n", strings.TrimRight(pe.Output, "\n"))
		}
		if report.StoryPath != "" {
			fmt.Fprintln(stderr, "the story is approved; fix the problem and run \"rainmaker build\" (and your deploy step)")
		}
		return 1
	}
	printPublished(stdout, report)
	return 0
}

// printPublished says what a publication did.
func printPublished(stdout io.Writer, report publishReport) {
	if b := report.Build; b != nil {
		fmt.Fprintf(stdout, "built %d pages in %s\n", b.Pages, b.Duration.Round(1e6))
	}
	if report.Deployed {
		fmt.Fprintln(stdout, "on_publish ran")
	}
	if report.URL != "" {
		fmt.Fprintf(stdout, "published at %s\n", report.URL)
	}
}

func inboxReject(inbox *submission.Inbox, id string, stdout io.Writer) error {
	if err := inbox.Reject(id); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rejected %s\n", id)
	return nil
}
