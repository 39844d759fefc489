package render

import (
	"fmt"
	"image/color"
	"os"
	"strings"

	"github.com/rainmaker-blog/rainmaker/generator/config"
	"github.com/rainmaker-blog/rainmaker/generator/images"
	"github.com/rainmaker-blog/rainmaker/generator/publish"
	"github.com/rainmaker-blog/rainmaker/generator/site"
)

// cardFile is the name of a page's generated social card, in the page's
// folder; the site's own is at the root, for its lists.
const cardFile = "social-card.png"

// Cards draws social cards; nil when the site has them off.
type Cards interface {
	SocialCardFile(ct images.CardText) (path string, key [32]byte, err error)
}

// cardText is what a page's card shows: the title, a story's result and
// teller, else the page's description; the site's name on its accent.
func (r *Renderer) cardText(p *site.Page) images.CardText {
	ct := images.CardText{Title: p.Title, SiteName: r.site.Config.Title, Accent: r.accent()}
	if p.Section == config.SectionStories && p.Result != "" {
		ct.Subtitle = p.Result
		ct.Person = strings.Join(nonEmpty(p.Name, p.Role, p.Company), ", ")
	} else {
		ct.Subtitle = p.Description
	}
	return ct
}

func (r *Renderer) accent() color.RGBA {
	red, green, blue, ok := r.site.Config.Brand.AccentRGB()
	if !ok {
		return color.RGBA{}
	}
	return color.RGBA{red, green, blue, 0xff}
}

func nonEmpty(list ...string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// hasCard says whether a page gets a generated card: cards are on and
// the page names no image of its own.
func (r *Renderer) hasCard(p *site.Page) bool {
	return r.cards != nil && p.Image == ""
}

// cardJobs draw the card of each page without an image, and the site's.
// A card is keyed by what it shows, so it is drawn again only when that
// changes, and the image cache keeps it across clean builds.
func (r *Renderer) cardJobs(pages []*site.Page) []job {
	if r.cards == nil {
		return nil
	}
	site := images.CardText{Title: r.site.Config.Title, Subtitle: r.site.Config.Description, Accent: r.accent()}
	jobs := []job{r.cardJob(cardFile, site)}
	for _, p := range pages {
		if r.hasCard(p) {
			jobs = append(jobs, r.cardJob(strings.TrimPrefix(p.URL, "/")+cardFile, r.cardText(p)))
		}
	}
	return jobs
}

func (r *Renderer) cardJob(path string, ct images.CardText) job {
	key := images.CardKey(ct)
	return job{path: path, key: publish.Key(key[:16]), make: func() ([]byte, func(), error) {
		file, _, err := r.cards.SocialCardFile(ct)
		if err != nil {
			return nil, nil, fmt.Errorf("social card %s: %w", path, err)
		}
		data, err := os.ReadFile(file)
		return data, nil, err
	}}
}

// cardURL is the absolute URL of a page's card, or of the site's.
func (r *Renderer) cardURL(p *site.Page) string {
	if r.cards == nil {
		return ""
	}
	if p == nil {
		return r.urls.abs("/" + cardFile)
	}
	return r.urls.abs(p.URL + cardFile)
}
