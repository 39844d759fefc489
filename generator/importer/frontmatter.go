package importer

import (
	"bytes"
	"time"

	"go.yaml.in/yaml/v3"
)

// frontMatter is what an imported file says of itself, in this order.
type frontMatter struct {
	Title      string     `yaml:"title"`
	Date       *time.Time `yaml:"date,omitempty"`
	Draft      bool       `yaml:"draft,omitempty"`
	Author     string     `yaml:"author,omitempty"`
	Tags       []string   `yaml:"tags,omitempty"`
	Categories []string   `yaml:"categories,omitempty"`
	Summary    string     `yaml:"summary,omitempty"`
	Image      string     `yaml:"image,omitempty"`
	Aliases    []string   `yaml:"aliases,omitempty"`
}

// file is the doc's Markdown file: YAML front matter written by the
// marshaller, so any title survives, then the body.
func (d *doc) file() []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(d.fm); err != nil {
		panic(err) // the struct has only strings, lists and a time
	}
	enc.Close()
	b.WriteString("---\n")
	if d.body != "" {
		b.WriteString("\n")
		b.WriteString(d.body)
	}
	return b.Bytes()
}
