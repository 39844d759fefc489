package htmlmd

import (
	"slices"
	"testing"
)

func TestConvert(t *testing.T) {
	cases := []struct {
		name, in, want string
		wp             bool
		unconverted    []string
	}{
		{"gutenberg comments go", "<!-- wp:paragraph {\"align\":\"center\"} -->\n<p>Hi</p>\n<!-- /wp:paragraph -->", "Hi\n", true, nil},
		{"wpautop", "One\ntwo\n\nThree", "One  \ntwo\n\nThree\n", true, nil},
		{"more stays", "<p>a</p><!--more--><p>b</p>", "a\n\n<!--more-->\n\nb\n", false, nil},
		{"caption shortcode", `[caption id="a" width="5"]<img src="x.jpg" alt="Alt"> Cap[/caption]`, "![Alt](x.jpg)\n\n*Cap*\n", true, nil},
		{"caption with link", `[caption]<a href="big.jpg"><img src="x.jpg" alt="A"></a> Cap[/caption]`, "[![A](x.jpg)](big.jpg)\n\n*Cap*\n", true, nil},
		{"embed shortcode youtu.be", "[embed]https://youtu.be/dQw4w9WgXcQ[/embed]", "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n", true, nil},
		{"bare video URL line", "<p>https://vimeo.com/76979871</p>", "https://vimeo.com/76979871\n", false, nil},
		{"linked video URL", `<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></p>`, "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n", false, nil},
		{"youtube iframe", `<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0"></iframe>`, "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n", false, nil},
		{"vimeo player", `<figure class="kg-card kg-embed-card"><iframe src="https://player.vimeo.com/video/76979871"></iframe></figure>`, "https://vimeo.com/76979871\n", false, nil},
		{"gutenberg embed", "<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>", "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n", true, nil},
		{"other iframe kept", `<iframe src="https://maps.example/x"></iframe>`, "<iframe src=\"https://maps.example/x\"></iframe>\n", false, []string{"<iframe> from maps.example (kept as raw HTML)"}},
		{"script removed", "<p>a</p><script>x()</script>", "a\n", false, []string{"<script> (removed)"}},
		{"unknown shortcode", "[contact-form-7 id=\"1\"]", "\\[contact-form-7 id=\"1\"]\n", true, []string{"shortcode [contact-form-7]"}},
		{"bracketed prose is no shortcode", "He said [sic] it.", "He said \\[sic] it.\n", true, nil},
		{"table", "<table><tr><th>a</th></tr><tr><td>1</td></tr></table>", "| a |\n|---|\n| 1 |\n", false, nil},
		{"srcset dropped", `<img src="a.jpg" srcset="a-300.jpg 300w" alt="A">`, "![A](a.jpg)\n", false, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Convert(c.in, Options{WordPress: c.wp})
			if err != nil {
				t.Fatal(err)
			}
			if res.Markdown != c.want {
				t.Errorf("got %q, want %q", res.Markdown, c.want)
			}
			if !slices.Equal(res.Unconverted, c.unconverted) {
				t.Errorf("unconverted %q, want %q", res.Unconverted, c.unconverted)
			}
		})
	}
}

func TestVideoURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://youtu.be/dQw4w9WgXcQ":                     "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"//www.youtube.com/embed/dQw4w9WgXcQ":              "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://www.youtube.com/shorts/dQw4w9WgXcQ":       "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
		"https://vimeo.com/76979871":                       "https://vimeo.com/76979871",
		"https://player.vimeo.com/video/76979871?h=1":      "https://vimeo.com/76979871",
		"https://vimeo.com/channels/staff":                 "",
		"https://www.youtube.com/@example":                 "",
		"https://example.org/watch?v=dQw4w9WgXcQ":          "",
		"javascript:alert(1)":                              "",
	} {
		if got := VideoURL(in); got != want {
			t.Errorf("VideoURL(%q) = %q, want %q", in, got, want)
		}
	}
}
