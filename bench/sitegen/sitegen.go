// Package sitegen writes a deterministic synthetic coaching blog for the
// benchmarks: realistic Markdown of 600 to 1,200 words with headings,
// lists, links, tables and code, 2 to 5 tags each from a skewed pool of
// 60, and a quarter of the pages success stories.
package sitegen

import (
	"fmt"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// TagPool is the pool of tags; earlier ones are used far more often.
var TagPool = func() []string {
	base := []string{"Coaching", "Top Performers", "Sales Management", "Leadership", "Retention", "Goal Setting",
		"Time Allocation", "Strengths", "Feedback", "Hiring", "Onboarding", "Forecasting", "Negotiation",
		"Discovery", "Pipeline", "Prospecting", "Enterprise Sales", "Team Culture", "Motivation", "Wellbeing"}
	var out []string
	for i := 0; len(out) < 60; i++ {
		if i < len(base) {
			out = append(out, base[i])
		} else {
			out = append(out, fmt.Sprintf("Topic %d", i))
		}
	}
	return out
}()

var words = strings.Fields(`coaching performer manager quota pipeline deal customer team growth
strength feedback weekly review plan forecast territory account renewal champion budget decision
meeting question listen outcome result quarter target habit focus energy priority calendar mentor
career promotion retention recruiter offer value problem discovery negotiation proposal contract
signal trust conversation practice skill confidence ownership clarity progress momentum insight`)

// Options say what to generate.
type Options struct {
	Pages int
	Seed  int64
	// Images makes that many posts page bundles with a photo beside
	// index.md, shown in the body, ImageWidth pixels wide (default 1600).
	Images, ImageWidth int
	// SocialCards leaves rainmaker's generated social cards on. Off by
	// default: Hugo, which the benchmarks compare against, draws none.
	SocialCards bool
}

// Write generates the site into dir: site.toml and content/.
func Write(dir string, opts Options) error {
	rng := rand.New(rand.NewSource(opts.Seed))
	if err := os.MkdirAll(filepath.Join(dir, "content", "posts"), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "content", "stories"), 0o755); err != nil {
		return err
	}
	cfg := `title = "Benchmark Coaching Blog"
description = "A synthetic site for benchmarks"
base_url = "https://bench.example.org/"
language = "en"
author = "Bench Author"
per_page = 10
social_cards = %t

[[social]]
name = "LinkedIn"
url = "https://www.linkedin.com/in/bench"
`
	cfg = fmt.Sprintf(cfg, opts.SocialCards)
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	// Ten years of pages, all in the past, whatever N.
	start := time.Date(2014, 1, 1, 8, 0, 0, 0, time.UTC)
	step := 10 * 365 * 24 * time.Hour / time.Duration(max(opts.Pages, 1))
	for i := 0; i < opts.Pages; i++ {
		story := i%4 == 3
		section, name := "posts", fmt.Sprintf("post-%06d.md", i)
		if story {
			section, name = "stories", fmt.Sprintf("story-%06d.md", i)
		}
		date := start.Add(time.Duration(i) * step).Truncate(time.Second)
		page := Page(rng, i, story, date)
		if !story && photoOf(i, opts) {
			name = strings.TrimSuffix(name, ".md") + "/index.md"
			page = withPhoto(page, i)
			if err := os.MkdirAll(filepath.Join(dir, "content", section, path.Dir(name)), 0o755); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "content", section, name), []byte(page), 0o644); err != nil {
			return err
		}
	}
	return writePhotos(dir, opts)
}

func sentence(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[rng.Intn(len(words))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

func paragraph(rng *rand.Rand) (string, int) {
	var b strings.Builder
	total := 0
	for s := 0; s < 3+rng.Intn(4); s++ {
		n := 8 + rng.Intn(12)
		total += n
		if s > 0 {
			b.WriteByte(' ')
		}
		text := sentence(rng, n)
		switch rng.Intn(6) {
		case 0:
			text = strings.Replace(text, " ", " **", 1) + "**"
			text = strings.Replace(text, ".**", "**.", 1)
		case 1:
			text += fmt.Sprintf(" See [the %s guide](/posts/post-%06d/).", words[rng.Intn(len(words))], rng.Intn(1000))
		case 2:
			text += " Use `" + words[rng.Intn(len(words))] + "()` daily."
		}
		b.WriteString(text)
	}
	return b.String(), total
}

// Page returns one synthetic page.
func Page(rng *rand.Rand, i int, story bool, date time.Time) string {
	var b strings.Builder
	n := 2 + rng.Intn(4)
	tags := map[string]bool{}
	var tagList []string
	for len(tagList) < n {
		// Skewed: exponential over the pool.
		t := TagPool[int(rng.ExpFloat64()*8)%len(TagPool)]
		if !tags[t] {
			tags[t] = true
			tagList = append(tagList, fmt.Sprintf("%q", t))
		}
	}
	title := sentence(rng, 4+rng.Intn(5))
	title = strings.TrimSuffix(title, ".") + fmt.Sprintf(" (%d)", i)
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\ntags: [%s]\n", title, date.Format(time.RFC3339), strings.Join(tagList, ", "))
	if story {
		fmt.Fprintf(&b, "name: \"Reader %d\"\nrole: \"Account Executive\"\nresult: \"Closed %d%% more in Q%d\"\n", i, 10+rng.Intn(40), 1+rng.Intn(4))
	}
	b.WriteString("---\n\n")
	target := 600 + rng.Intn(601)
	written := 0
	first := true
	for written < target {
		if !first {
			fmt.Fprintf(&b, "## %s\n\n", strings.TrimSuffix(sentence(rng, 3+rng.Intn(4)), "."))
		}
		first = false
		for p := 0; p < 2+rng.Intn(2) && written < target; p++ {
			text, n := paragraph(rng)
			written += n
			b.WriteString(text + "\n\n")
		}
		switch rng.Intn(5) {
		case 0:
			for l := 0; l < 3+rng.Intn(3); l++ {
				fmt.Fprintf(&b, "- %s\n", sentence(rng, 5+rng.Intn(6)))
				written += 7
			}
			b.WriteString("\n")
		case 1:
			b.WriteString("| Metric | Before | After |\n|---|---:|---:|\n")
			for r := 0; r < 3; r++ {
				fmt.Fprintf(&b, "| %s | %d%% | %d%% |\n", words[rng.Intn(len(words))], 10+rng.Intn(30), 20+rng.Intn(50))
			}
			b.WriteString("\n")
			written += 12
		case 2:
			b.WriteString("```go\nfunc weeklyReview(team []Rep) {\n\tfor _, r := range team {\n\t\tcoach(r)\n\t}\n}\n```\n\n")
		case 3:
			fmt.Fprintf(&b, "> %s\n\n", sentence(rng, 12))
			written += 12
		}
	}
	return b.String()
}
