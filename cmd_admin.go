package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/rainmaker-blog/rainmaker/generator/submission/admin"
)

const adminUsage = `Usage: rainmaker admin set-password [flags]

Sets the password of the /admin/ pages of "rainmaker receive", where
stories are read, edited, approved and rejected in a browser. The new
password is read from standard input: asked twice on a terminal, one line
when piped. It must be at least 12 characters long. Its argon2id hash is
kept in INBOX/.admin/password (readable by you alone); setting it again
signs everyone out. Without that file, receive serves no /admin/ pages.

Examples:
  rainmaker admin set-password
  rainmaker admin set-password -s blog
  echo "$NEW_PASSWORD" | rainmaker admin set-password --inbox /srv/inbox

Flags:
`

func runAdmin(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("admin", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, adminUsage)
		flags.PrintDefaults()
	}
	source := flags.String("s", ".", "the site's folder (holds site.toml)")
	dir := flags.String("inbox", "", "the inbox folder (default SITE/inbox)")
	rest, err := parseArgs(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if len(rest) == 0 {
		flags.Usage()
		return 2
	}
	if rest[0] != "set-password" {
		fmt.Fprintf(stderr, "admin: unknown action %q\n", rest[0])
		flags.Usage()
		return 2
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "admin set-password takes no arguments: the password is read from standard input")
		return 2
	}
	if *dir == "" {
		*dir = filepath.Join(*source, "inbox")
	}
	pw, err := readNewPassword(stdin, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "admin set-password: %v\n", err)
		return 1
	}
	adminDir := admin.DirOf(*dir)
	if err := admin.SetPassword(adminDir, pw); err != nil {
		fmt.Fprintf(stderr, "admin set-password: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "password set in %s; rainmaker receive serves /admin/ (running servers sign everyone out)\n", admin.PasswordPath(adminDir))
	return 0
}

// readNewPassword reads the password: twice without echo on a terminal,
// else one line.
func readNewPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "New password (at least 12 characters): ")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if err := admin.CheckPassword(string(first)); err != nil {
			return "", err
		}
		fmt.Fprint(stderr, "The same again: ")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if string(first) != string(second) {
			return "", errors.New("the two passwords differ; nothing was changed")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4*admin.MaxPasswordLength+2)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, admin.CheckPassword(line)
}
