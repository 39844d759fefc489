package content

import (
	"reflect"
	"testing"
)

func TestSimpleYAML(t *testing.T) {
	for _, tc := range []struct {
		text string
		want map[string]any // nil: left to the YAML library
	}{
		{"title: \"Trust renewal (0)\"\ndate: 2014-01-01T08:00:00Z\ntags: [\"Retention\", \"Hiring\", \"Goal Setting\"]\n",
			map[string]any{"title": "Trust renewal (0)", "date": "2014-01-01T08:00:00Z", "tags": []any{"Retention", "Hiring", "Goal Setting"}}},
		{"title: How I doubled my pipeline\ndraft: false\nweight: 10\ndate: 2024-05-01\n",
			map[string]any{"title": "How I doubled my pipeline", "draft": false, "weight": 10, "date": "2024-05-01"}},
		{"# written by hand\ntitle: 'Führung: a story'\ntags:\n  - Coaching\n  - 営業\nimage:\nlastmod: 2024-05-01T08:00:00.5+02:00\n",
			map[string]any{"title": "Führung: a story", "tags": []any{"Coaching", "営業"}, "image": nil, "lastmod": "2024-05-01T08:00:00.5+02:00"}},
		{"tags:\n- a\n- b c\n\nname: Ana\n", map[string]any{"tags": []any{"a", "b c"}, "name": "Ana"}},
		{"tags: []\n", map[string]any{"tags": []any{}}},
		{"title: 2024\nweight: 3\n", map[string]any{"title": "2024", "weight": 3}}, // a text field keeps its text
		{"title: Don't stop, believe\n", nil},                                      // a comma is fine in YAML, but not checked here
		{"title: a: b\n", nil},                                                     // YAML error
		{"title: x # note\n", nil},                                                 // a comment after a value
		{"draft: yes\n", nil},                                                      // YAML 1.1 boolean
		{"draft: True\n", nil},                                                     //
		{"weight: 010\n", nil},                                                     // octal in YAML 1.1
		{"weight: 1_000\n", nil},                                                   //
		{"title: \"a \\\"quoted\\\" word\"\n", nil},                                // escapes
		{"title: 'it''s'\n", nil},                                                  //
		{"params:\n  mood: calm\n", nil},                                           // nested
		{"title: first\n  continued\n", nil},                                       // multi-line plain
		{"title: a\ntitle: b\n", nil},                                              // repeated key
		{"on: x\n", nil},                                                           // a boolean key
		{"title: &a x\n", nil},                                                     // anchor
		{"tags: [a, b,]\n", nil},                                                   //
		{"tags: [1, 2]\n", nil},                                                    // numbers in a list
		{"tags:\n  - a\n   - b\n", nil},                                            // uneven items
		{"title:\tx\n", nil},                                                       // tab
		{"title: \"a\u2028b\"\n", nil},                                             // a YAML 1.1 line break
		{"summary:\n", nil},                                                        // a key with nothing after, at the end
		{"", nil},
	} {
		got, ok := simpleYAML([]byte(tc.text))
		if tc.want == nil {
			if ok {
				t.Errorf("%q: decoded %v, want it left to the YAML library", tc.text, got)
			}
			continue
		}
		if !ok {
			t.Errorf("%q: not decoded, want %v", tc.text, tc.want)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %#v, want %#v", tc.text, got, tc.want)
		}
		var lib map[string]any
		if err := decodeYAML([]byte(tc.text), &lib); err != nil || !reflect.DeepEqual(got, lib) {
			t.Errorf("%q: the YAML library gives %#v (%v), simpleYAML %#v", tc.text, lib, err, got)
		}
	}
}

// FuzzSimpleYAML: whatever simpleYAML decodes, the YAML library decodes
// without error to the same values.
func FuzzSimpleYAML(f *testing.F) {
	for _, s := range []string{
		"title: \"Trust renewal (0)\"\ndate: 2014-01-01T08:00:00Z\ntags: [\"Retention\", \"Hiring\"]\n",
		"title: How I doubled it\ndraft: false\nweight: 10\ndate: 2024-05-01\n",
		"tags:\n  - Coaching\n  - 営業\nimage:\n", "# c\nname: Ana Lee\nrole: VP Sales\nresult: \"+40% quota\"\n",
		"a: 2024-13-45\nb: 2024-01-01T25:61:61Z\n", "t: [a b, 'c d', \"e\"]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		got, ok := simpleYAML(text)
		if !ok {
			return
		}
		var want map[string]any
		if err := decodeYAML(text, &want); err != nil {
			t.Fatalf("simpleYAML decoded %q, the YAML library fails: %v", text, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: simpleYAML %#v, YAML library %#v", text, got, want)
		}
	})
}
