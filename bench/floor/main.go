// Command floor is the lower bound of a build: it reads every Markdown
// file under a folder, converts it with goldmark (the same extensions as
// Rainmaker) on every core, and writes the HTML. No templates, no lists,
// no feeds. Rainmaker's full build is reported as a ratio to this.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

func main() {
	in := flag.String("in", "content", "folder of Markdown files")
	out := flag.String("out", "floor-out", "output folder")
	flag.Parse()
	var files []string
	filepath.WalkDir(*in, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	jobs := make(chan string)
	var wg sync.WaitGroup
	var failed sync.Once
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for p := range jobs {
				src, err := os.ReadFile(p)
				if err != nil {
					failed.Do(func() { fmt.Fprintln(os.Stderr, err); os.Exit(1) })
				}
				// Skip the front matter: the second "---" line.
				if i := bytes.Index(src[3:], []byte("\n---\n")); bytes.HasPrefix(src, []byte("---\n")) && i >= 0 {
					src = src[3+i+5:]
				}
				buf.Reset()
				if err := md.Convert(src, &buf); err != nil {
					failed.Do(func() { fmt.Fprintln(os.Stderr, err); os.Exit(1) })
				}
				rel, _ := filepath.Rel(*in, p)
				dst := filepath.Join(*out, strings.TrimSuffix(rel, ".md"), "index.html")
				os.MkdirAll(filepath.Dir(dst), 0o755)
				if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
					failed.Do(func() { fmt.Fprintln(os.Stderr, err); os.Exit(1) })
				}
			}
		})
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
}
