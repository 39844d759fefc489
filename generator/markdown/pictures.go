package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// ImageUse is what the caller's ImageHook decides for one image of a
// body.
type ImageUse struct {
	// HTML, when not empty, is written in place of the image: responsive
	// markup such as a <picture>. It must be safe HTML.
	HTML string
	// Dest, when not empty (and HTML is), replaces the image's address:
	// a site path with base_url's prefix, for example.
	Dest string
	// Problem, when not empty, is reported as a DiagImage diagnostic on
	// the image's line: a missing file, say.
	Problem string
}

// ImageHook is called for each image of a body, in order: dest as the
// author wrote it, alt its text, first whether it is the body's first
// image.
type ImageHook func(dest, alt string, first bool) ImageUse

// DiagImage is an image the build cannot publish as written: a missing
// file, a file that does not decode.
const DiagImage = "image"

// KindPicture is an image the caller rendered itself (ImageUse.HTML).
var KindPicture = ast.NewNodeKind("Picture")

// Picture holds an image's replacement markup and the image it replaced,
// so that the feed, rendered from the same parse, gets the plain image.
type Picture struct {
	ast.BaseInline
	HTML  string
	Image *ast.Image
}

func (n *Picture) Kind() ast.NodeKind { return KindPicture }

func (n *Picture) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"HTML": n.HTML}, nil)
}

// applyImageHook asks hook about every image of doc and replaces those it
// renders itself with a Picture.
func applyImageHook(doc ast.Node, source []byte, hook ImageHook, diags *diagnostics) (replaced []*Picture) {
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			images = append(images, img)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for i, img := range images {
		use := hook(string(img.Destination), plainText(img, source), i == 0)
		if use.Problem != "" {
			diags.add(DiagImage, imageOffset(img, source), "%s", use.Problem)
		}
		switch {
		case use.HTML != "":
			pic := &Picture{HTML: use.HTML, Image: img}
			img.Parent().ReplaceChild(img.Parent(), img, pic)
			replaced = append(replaced, pic)
		case use.Dest != "":
			img.Destination = []byte(use.Dest)
		}
	}
	return replaced
}

// restoreImages puts the plain images back in place of pictures.
func restoreImages(pictures []*Picture) {
	for _, pic := range pictures {
		pic.Parent().ReplaceChild(pic.Parent(), pic, pic.Image)
	}
}

func (r *blockRenderer) renderPicture(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(node.(*Picture).HTML)
	}
	return ast.WalkSkipChildren, nil
}

// usesBlocks says whether a body has what css/blocks.css styles.
func usesBlocks(doc ast.Node) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.Kind() {
		case KindCallout, KindEmbed, KindCTA, ast.KindFencedCodeBlock, ast.KindCodeBlock:
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}
