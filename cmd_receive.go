package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
	"github.com/rainmaker-blog/rainmaker/generator/submission/notify"
)

const receiveUsage = `Usage: rainmaker receive [flags]

Receives readers' success stories: the server of the site's story form and
of /api/openapi.json. Accepted stories wait in the inbox until an author
approves them with "rainmaker inbox". With [notify] in site.toml, each
story is also sent to webhooks and by email, signed with the secret in
RAINMAKER_WEBHOOK_SECRET (SMTP password: RAINMAKER_SMTP_PASSWORD); the
notifications are queued in the inbox and retried for a day.

After a form post the reader sees a private link that withdraws the story:
it is taken out of content/stories/, the site is built again into public/,
and the reader's data is erased. With retain_private_days in site.toml,
the email and consent of approved stories older than that are erased at
start and hourly.

Examples:
  rainmaker receive                                   listen on 127.0.0.1:8081, inbox in ./inbox
  rainmaker receive --addr :8081 --trust-proxy        behind a reverse proxy
  rainmaker receive --allow-origin https://example.org --rate-limit 3

Flags:
`

// bodyTimeout is how long a request body may take to arrive.
const bodyTimeout = 15 * time.Second

// receiveFlags are shared by receive and serve, which mounts the endpoint.
type receiveFlags struct {
	inbox       string
	allowOrigin string
	rateLimit   int
	trustProxy  bool

	// dispatcher sends the notifications of [notify]; nil without.
	dispatcher *notify.Dispatcher
	// retention erases private data past retain_private_days; nil without.
	retention func(context.Context)
}

func (f *receiveFlags) register(flags *flag.FlagSet, defaultInbox string) {
	flags.StringVar(&f.inbox, "inbox", defaultInbox, "folder where accepted stories wait (default SITE/inbox)")
	flags.StringVar(&f.allowOrigin, "allow-origin", "", "the one origin allowed to post from scripts (CORS)")
	flags.IntVar(&f.rateLimit, "rate-limit", 5, "accepted submissions per client per minute; 0 turns it off")
	flags.BoolVar(&f.trustProxy, "trust-proxy", false, "identify clients by the X-Forwarded-For entry of the proxy in front")
}

// handler builds the submission endpoint of a site.
func (f *receiveFlags) handler(source string, logger *log.Logger) (http.Handler, *generator.Receiver, error) {
	recv, err := generator.LoadReceiver(generator.Options{Source: source, Theme: themeFS()})
	if err != nil {
		return nil, nil, err
	}
	if f.inbox == "" {
		f.inbox = filepath.Join(source, "inbox")
	}
	inbox := &submission.Inbox{Dir: f.inbox, PhotoAlt: recv.Config.Text("photo_alt")}
	if err := inbox.Open(); err != nil {
		return nil, nil, err
	}
	if err := f.setUpNotify(recv, inbox, logger); err != nil {
		return nil, nil, err
	}
	f.retention = retentionLoop(inbox, recv.Config.RetainPrivate(), logger)
	if f.rateLimit < 0 {
		return nil, nil, fmt.Errorf("--rate-limit must be 0 (off) or more, got %d", f.rateLimit)
	}
	// One publisher for the process: approving and withdrawing rebuild the
	// site one at a time, and both run on_publish.
	pub := &sitePublisher{Source: source, Inbox: inbox}
	api := submission.NewHandler(submission.ServerOptions{
		Inbox: inbox, Validator: recv.Validator, Path: recv.Path, ThanksURL: recv.ThanksURL,
		FormAction: recv.FormAction, AllowOrigin: f.allowOrigin, RateLimit: f.rateLimit,
		TrustProxy: f.trustProxy, OpenAPI: recv.OpenAPI, RenderForm: recv.RenderForm, Log: logger,
		BodyTimeout: bodyTimeout, FormURL: strings.TrimSuffix(recv.Config.BaseURL, "/") + "/submit/",
		EndpointURL: recv.EndpointURL, RenderWithdraw: recv.RenderWithdraw,
		StoriesDir: filepath.Join(source, "content", "stories"),
		Rebuild: func(ctx context.Context) error {
			_, err := pub.RebuildPurging(ctx)
			if err == nil {
				logger.Printf("site rebuilt after a withdrawal")
			}
			return err
		},
	})
	return f.withAdmin(api, pub, recv, inbox, logger), recv, nil
}

// setUpNotify makes the inbox queue a notification per destination of
// site.toml [notify] with each story, and the dispatcher that sends them.
// It refuses to start without the secrets the destinations need.
func (f *receiveFlags) setUpNotify(recv *generator.Receiver, inbox *submission.Inbox, logger *log.Logger) error {
	cfg := recv.Config.Notify
	if !cfg.Enabled() {
		return nil
	}
	dests, err := notify.FromConfig(cfg, os.Getenv)
	if err != nil {
		return fmt.Errorf("receive: %w", err)
	}
	queue := notify.NewQueue(inbox.NotifyDir(), dests, recv.Config.ReviewBase())
	if err := queue.Open(); err != nil {
		return err
	}
	queue.Confirm = notify.ConfirmationFromConfig(cfg, os.Getenv)
	inbox.WithdrawURL = func(token string) string { return submission.WithdrawURL(recv.EndpointURL, token) }
	inbox.Notify = queue
	f.dispatcher = &notify.Dispatcher{Queue: queue, StoryExists: inbox.Holds, Log: logger}
	return nil
}

func runReceive(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("receive", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, receiveUsage)
		flags.PrintDefaults()
	}
	source := flags.String("s", ".", "the site's folder (holds site.toml)")
	addr := flags.String("addr", "127.0.0.1:8081", "address to listen on")
	var rf receiveFlags
	rf.register(flags, "")
	rest, err := parseArgs(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "receive: unexpected argument %q\n", rest[0])
		return 2
	}
	logger := log.New(stderr, "receive: ", log.LstdFlags)
	handler, recv, err := rf.handler(*source, logger)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "receive: %v\n", err)
		return 1
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       bodyTimeout + 5*time.Second, // the handler answers a slow body first, with a 408
		WriteTimeout:      20 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          logger,
	}
	fmt.Fprintf(stdout, "receiving stories at http://%s%s (inbox %s)\n", ln.Addr(), recv.Path, rf.inbox)
	var dispatch func(context.Context)
	if rf.dispatcher != nil {
		dispatch = rf.dispatcher.Run
		for _, d := range rf.dispatcher.Queue.Destinations {
			logger.Printf("notifying %s of each story", d)
		}
		if c := rf.dispatcher.Queue.Confirm; c != nil {
			logger.Printf("sending each submitter a %s, with their withdraw link", c)
		}
	}
	return serveUntilSignal(srv, submission.ProblemListener(ln), stderr, together(dispatch, rf.retention))
}

// serveUntilSignal serves until SIGINT or SIGTERM, then lets requests in
// flight finish: a story being written is never cut off half-way.
// background, if not nil, runs beside the server and is stopped after
// it, so that what the last requests queued is in its hands.
func serveUntilSignal(srv *http.Server, ln net.Listener, stderr io.Writer, background func(context.Context)) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	bgCtx, stopBackground := context.WithCancel(context.Background())
	bgDone := make(chan struct{})
	go func() {
		defer close(bgDone)
		if background != nil {
			background(bgCtx)
		}
	}()
	defer func() { stopBackground(); <-bgDone }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, err)
		return 1
	case <-ctx.Done():
	}
	stop()
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "shutdown: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "stopped")
	return 0
}
