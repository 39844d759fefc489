package markdown

import (
	"reflect"
	"testing"
)

func TestParseShortcode(t *testing.T) {
	tests := []struct {
		line string
		want shortcode
		ok   bool
	}{
		{"{{< youtube dQw4w9WgXcQ >}}", shortcode{Name: "youtube", Args: []string{"dQw4w9WgXcQ"}}, true},
		{"  {{<youtube dQw4w9WgXcQ>}}  ", shortcode{Name: "youtube", Args: []string{"dQw4w9WgXcQ"}}, true},
		{"{{% vimeo 55073825 %}}", shortcode{Name: "vimeo", Args: []string{"55073825"}}, true},
		{`{{< youtube id="dQw4w9WgXcQ" title="A \"good\" talk" start=30 >}}`,
			shortcode{Name: "youtube", Named: map[string]string{"id": "dQw4w9WgXcQ", "title": `A "good" talk`, "start": "30"}}, true},
		{"{{< cta >}}", shortcode{Name: "cta"}, true},
		{`{{< cta "Book a call" >}}`, shortcode{Name: "cta", Args: []string{"Book a call"}}, true},
		{"{{< cta `raw \"text\"` >}}", shortcode{Name: "cta", Args: []string{`raw "text"`}}, true},
		{"{{< CTA />}}", shortcode{Name: "cta"}, true},
		{"{{< figure src=x.jpg >}}", shortcode{Name: "figure", Named: map[string]string{"src": "x.jpg"}}, true},

		{"{{< youtube dQw4w9WgXcQ", shortcode{}, false},
		{"{{< youtube x %}}", shortcode{}, false},
		{"{{< >}}", shortcode{}, false},
		{"{{<>}}", shortcode{}, false},
		{"{{< /youtube >}}", shortcode{}, false},
		{`{{< cta "unclosed >}}`, shortcode{}, false},
		{`{{< cta "a"b >}}`, shortcode{}, false},
		{`{{< cta a"b >}}`, shortcode{}, false},
		{"{{< cta key= >}}", shortcode{}, false},
		{"{{</* youtube x */>}}", shortcode{}, false},
		{"text {{< cta >}}", shortcode{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, ok := parseShortcode(tt.line)
			if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseShortcode(%q) = %#v, %v; want %#v, %v", tt.line, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseCalloutMarker(t *testing.T) {
	tests := []struct {
		line, kind, title string
		isMarker          bool
	}{
		{"[!NOTE]", "note", "", true},
		{"[!tip]\n", "tip", "", true},
		{"  [!Warning] Mind the gap", "warning", "Mind the gap", true},
		{"[!CAUTION]\tHot", "caution", "Hot", true},
		{"[!DANGER]", "danger", "", true},
		{"[!NOTE]text", "", "", false},
		{"[!]", "", "", false},
		{"[!NO TE]", "", "", false},
		{"[NOTE]", "", "", false},
		{"[!NOTE", "", "", false},
		{"Just a quote", "", "", false},
	}
	for _, tt := range tests {
		kind, title, isMarker := parseCalloutMarker(tt.line)
		if kind != tt.kind || title != tt.title || isMarker != tt.isMarker {
			t.Errorf("parseCalloutMarker(%q) = %q, %q, %v; want %q, %q, %v", tt.line, kind, title, isMarker, tt.kind, tt.title, tt.isMarker)
		}
	}
}
