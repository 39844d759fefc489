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
	"syscall"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator"
	"github.com/rainmaker-blog/rainmaker/generator/devserver"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

const serveUsage = `Usage: rainmaker serve [flags]

Builds the site into memory, serves it, and rebuilds what changed when a
file under content/, layouts/ or static/, or site.toml, is saved. Open
pages reload by themselves; a build error is shown over the page, and the
last good site stays served until it is fixed. The story form works too:
stories go to a temporary inbox unless --inbox is given.

Examples:
  rainmaker serve                       http://127.0.0.1:1313/
  rainmaker serve --drafts --future     preview unpublished pages
  rainmaker serve -s blog --addr 127.0.0.1:8080 --inbox blog/inbox

Flags:
`

func runServe(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		flags.PrintDefaults()
	}
	source := flags.String("s", ".", "the site's folder (holds site.toml)")
	addr := flags.String("addr", "127.0.0.1:1313", "address to listen on")
	drafts := flags.Bool("drafts", false, "include pages marked draft")
	future := flags.Bool("future", false, "include pages dated in the future")
	inbox := flags.String("inbox", "", "where stories sent from the form go (default: a temporary folder)")
	rest, err := parseArgs(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "serve: unexpected argument %q\n", rest[0])
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	if *inbox == "" {
		dir, err := os.MkdirTemp("", "rainmaker-inbox-")
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		*inbox = dir
	}
	baseURL := "http://" + ln.Addr().String() + "/"
	site := generator.NewDevSite(generator.Options{Source: *source, Theme: themeFS(), Drafts: *drafts, Future: *future, BaseURL: baseURL})
	srv := devserver.New(site, stdout)
	box := &submission.Inbox{Dir: *inbox}
	if err := box.Open(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	logger := log.New(stdout, "story form: ", 0)
	srv.Submissions = func(recv *generator.Receiver) (http.Handler, error) {
		return submission.NewHandler(submission.ServerOptions{
			Inbox: box, Validator: recv.Validator, Path: recv.Path, ThanksURL: recv.ThanksURL,
			FormAction: recv.FormAction, RateLimit: 0, OpenAPI: recv.OpenAPI, RenderForm: recv.RenderForm, Log: logger,
		}), nil
	}
	watcher, err := devserver.NewWatcher(*source)
	if err != nil {
		fmt.Fprintf(stderr, "serve: watch %s: %v\n", *source, err)
		return 1
	}
	defer watcher.Close()
	srv.Build("first build")
	fmt.Fprintf(stdout, "serving %s at %s (stories go to %s); Ctrl-C stops\n", *source, baseURL, *inbox)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go srv.Watch(ctx, watcher)
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintln(stderr, err)
		return 1
	case <-ctx.Done():
	}
	srv.Close() // end the browsers' event streams
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	httpSrv.Shutdown(shutdown)
	fmt.Fprintln(stdout, "stopped")
	return 0
}
