package markdown

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// maxHighlighted is the largest code block that is highlighted; a bigger
// one (a pasted log, a data dump) is shown plain rather than slow a build.
const maxHighlighted = 256 << 10

// codeRenderer writes fenced code with the language's tokens as spans
// with chroma's short class names (blocks.css colours them), not inline
// styles: pages stay free of them for a strict Content-Security-Policy,
// and dark mode is one media query. Unknown languages are plain code.
type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg gmrenderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderFencedCode)
}

func renderFencedCode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(source))
	}
	lang := n.Language(source)
	var tokens []chroma.Token
	if len(lang) > 0 && code.Len() <= maxHighlighted {
		tokens = highlight(string(lang), code.String())
	}
	if tokens != nil {
		_, _ = w.WriteString(`<pre class="highlight"><code`)
	} else {
		_, _ = w.WriteString("<pre><code")
	}
	if len(lang) > 0 {
		_, _ = w.WriteString(` class="language-`)
		_, _ = w.Write(util.EscapeHTML(lang))
		_, _ = w.WriteString(`"`)
	}
	_, _ = w.WriteString(">")
	if tokens == nil {
		_, _ = w.Write(util.EscapeHTML([]byte(code.String())))
	} else {
		writeTokens(w, tokens)
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// highlight splits code into chroma's tokens, or returns nil when the
// language is unknown or the tokens would not give back the code as
// written.
func highlight(lang, code string) []chroma.Token {
	lexer := lexers.Get(lang)
	if lexer == nil {
		return nil
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return nil
	}
	tokens := it.Tokens()
	n := 0
	for _, t := range tokens {
		if !strings.HasPrefix(code[n:], t.Value) {
			return nil
		}
		n += len(t.Value)
	}
	if n != len(code) {
		return nil
	}
	return tokens
}

// writeTokens writes tokens as spans, one span for a run of tokens of the
// same class, none for plain text.
func writeTokens(w util.BufWriter, tokens []chroma.Token) {
	open := ""
	for _, t := range tokens {
		class := tokenClass(t.Type)
		if strings.TrimSpace(t.Value) == "" && open != "" {
			class = open // spaces do not break a run
		}
		if class != open {
			if open != "" {
				_, _ = w.WriteString("</span>")
			}
			if class != "" {
				_, _ = w.WriteString(`<span class="` + class + `">`)
			}
			open = class
		}
		_, _ = w.Write(util.EscapeHTML([]byte(t.Value)))
	}
	if open != "" {
		_, _ = w.WriteString("</span>")
	}
}

// tokenClass is the class of the nearest of a token's type, subcategory
// and category that the stylesheet colours apart from plain text.
func tokenClass(t chroma.TokenType) string {
	for _, c := range []chroma.TokenType{t, t.SubCategory(), t.Category()} {
		if highlightTypes[c] {
			return chroma.StandardTypes[c]
		}
	}
	return ""
}
