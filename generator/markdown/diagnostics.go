package markdown

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// Kinds of Diagnostic, for a caller that treats some as errors.
const (
	// DiagCallout is a blockquote marker of a kind that is not a callout,
	// like [!DANGER]: the blockquote stays a quote.
	DiagCallout = "callout"
	// DiagImageAlt is an image without alt text: a warning from build, an
	// error from check.
	DiagImageAlt = "image-alt"
	// DiagShortcode is a known shortcode that cannot be used: a bad video
	// id, or {{< cta >}} without [cta] in site.toml.
	DiagShortcode = "shortcode"
)

// Diagnostic is a warning about a page body, placed on a line of the
// page's file.
type Diagnostic struct {
	Kind string // DiagCallout, DiagImageAlt or DiagShortcode
	Line int    // 1-based, in the file when RenderOptions.BodyLine is set
	Msg  string
}

func (d Diagnostic) String() string { return fmt.Sprintf("%d: %s", d.Line, d.Msg) }

// diagnostics collects what the transformers of one parse report, with
// byte offsets into the body; Render turns them into lines.
type diagnostics struct {
	list    []Diagnostic
	offsets []int
}

var diagnosticsKey = parser.NewContextKey()

// diagnosticsOf is the collector of a parse, or a throwaway one for a
// context that has none.
func diagnosticsOf(pc parser.Context) *diagnostics {
	if d, ok := pc.Get(diagnosticsKey).(*diagnostics); ok {
		return d
	}
	d := &diagnostics{}
	pc.Set(diagnosticsKey, d)
	return d
}

func (d *diagnostics) add(kind string, offset int, format string, args ...any) {
	d.list = append(d.list, Diagnostic{Kind: kind, Msg: fmt.Sprintf(format, args...)})
	d.offsets = append(d.offsets, offset)
}

// placed returns the diagnostics with their lines: firstLine is the line
// of the file on which body starts.
func (d *diagnostics) placed(body []byte, firstLine int) []Diagnostic {
	if firstLine < 1 {
		firstLine = 1
	}
	out := make([]Diagnostic, len(d.list))
	for i, diag := range d.list {
		off := min(max(d.offsets[i], 0), len(body))
		diag.Line = firstLine + bytes.Count(body[:off], []byte("\n"))
		out[i] = diag
	}
	return out
}

// checkImages reports images without alt text. An image has no position
// of its own: it is placed on the line of its block that names it.
func checkImages(doc ast.Node, source []byte, diags *diagnostics) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if plainText(img, source) == "" {
			diags.add(DiagImageAlt, imageOffset(img, source), "image %s has no alt text; describe it between the brackets: ![what it shows](%s)", img.Destination, img.Destination)
		}
		return ast.WalkSkipChildren, nil
	})
}

func imageOffset(img *ast.Image, source []byte) int {
	block := img.Parent()
	for block != nil && (block.Type() != ast.TypeBlock || block.Lines().Len() == 0) {
		block = block.Parent()
	}
	if block == nil {
		return 0
	}
	lines := block.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if line := seg.Value(source); bytes.Contains(line, []byte("![")) && bytes.Contains(line, img.Destination) {
			return seg.Start
		}
	}
	return lines.At(0).Start
}
