package main

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

func TestParseArgsTakesFlagsAnywhere(t *testing.T) {
	tests := []struct {
		args []string
		want []string
		s    string
		v    bool
	}{
		{[]string{"list"}, []string{"list"}, ".", false},
		{[]string{"-s", "blog", "list"}, []string{"list"}, "blog", false},
		{[]string{"list", "-s", "blog"}, []string{"list"}, "blog", false},
		{[]string{"approve", "ID", "-s", "blog", "-v"}, []string{"approve", "ID"}, "blog", true},
		{[]string{"approve", "-v", "ID", "--s=blog"}, []string{"approve", "ID"}, "blog", true},
		{[]string{"new", "--", "-s", "x"}, []string{"new", "-s", "x"}, ".", false},
		{[]string{"-", "-v"}, []string{"-"}, ".", true},
		{nil, nil, ".", false},
	}
	for _, tt := range tests {
		flags := flag.NewFlagSet("t", flag.ContinueOnError)
		s := flags.String("s", ".", "")
		v := flags.Bool("v", false, "")
		got, err := parseArgs(flags, tt.args)
		if err != nil || !slices.Equal(got, tt.want) || *s != tt.s || *v != tt.v {
			t.Errorf("%q: %q, -s %q, -v %v, %v; want %q, -s %q, -v %v", tt.args, got, *s, *v, err, tt.want, tt.s, tt.v)
		}
	}
	flags := flag.NewFlagSet("t", flag.ContinueOnError)
	flags.SetOutput(new(strings.Builder))
	if _, err := parseArgs(flags, []string{"list", "--nope"}); err == nil {
		t.Error("an unknown flag after an argument was accepted")
	}
}

// TestEveryCommandTakesFlagsAfterArguments runs the binary, as the defect
// was reported: "inbox list --inbox DIR" and "inbox approve ID -s SITE"
// were refused.
func TestEveryCommandTakesFlagsAfterArguments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	site := copySampleSite(t, "")
	inbox := filepath.Join(t.TempDir(), "box")
	box := &submission.Inbox{Dir: inbox}
	if err := box.Open(); err != nil {
		t.Fatal(err)
	}
	id, err := box.Save(submission.Submission{Name: "Ana", Email: "ana@example.org", Title: "Flags anywhere",
		Story: strings.Repeat("It works. ", 30), Consent: true}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	for _, args := range [][]string{
		{"inbox", "list", "--inbox", inbox},
		{"inbox", "show", id, "--inbox", inbox},
		{"inbox", "approve", id, "-s", site, "--inbox", inbox},
		{"new", "post", "Flags After", "-s", site, "--tags", "coaching"},
		{"build", "-s", site, "-o", out},
		{"check", "-s", site, "--format", "json"},
		{"version", "--help"},
	} {
		cmd := exec.Command(bin, args...)
		if output, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%q: %v\n%s", args, err, output)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "content", "stories", "flags-anywhere.md")); err != nil {
		t.Errorf("approve with -s after the id did not publish into the site: %v", err)
	}
	for _, args := range [][]string{{"build", "extra", "-s", site}, {"receive", "-s", site, "extra"}, {"inbox", "list", "--nope"}} {
		if err := exec.Command(bin, args...).Run(); err == nil {
			t.Errorf("%q was accepted", args)
		}
	}
}
