package markdown

import (
	"net/url"
	"strconv"
	"strings"
)

// Video providers an embed may load.
const (
	YouTube = "youtube"
	Vimeo   = "vimeo"
)

// Video is a YouTube or Vimeo video named by a link or a shortcode.
type Video struct {
	Provider string // YouTube or Vimeo
	ID       string
	// Hash is the key of an unlisted Vimeo video, without which the
	// player refuses to play it.
	Hash string
	// Start is where playback starts, in seconds.
	Start int
	// Portrait is set for YouTube Shorts, which are 9:16.
	Portrait bool
}

// ParseVideoURL recognises the URL forms authors paste: youtube.com/watch?v=,
// youtu.be/, youtube.com/shorts/, /embed/ and /live/, vimeo.com/ID and the
// player's own URLs. Anything else, including a URL of those hosts with a
// malformed id, is not a video: it stays a link.
func ParseVideoURL(raw string) (Video, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || u.Port() != "" {
		return Video{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	parts := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	q := u.Query()
	var v Video
	switch host {
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com":
		v = youTubePath(host, parts, q)
	case "youtu.be":
		if len(parts) == 1 {
			v = Video{Provider: YouTube, ID: parts[0]}
		}
	case "vimeo.com", "player.vimeo.com":
		v = vimeoPath(host, parts, q)
		if t := strings.TrimPrefix(u.Fragment, "t="); t != u.Fragment {
			v.Start, _ = parseStart(t)
		}
	}
	if !v.valid() {
		return Video{}, false
	}
	if v.Provider == YouTube {
		for _, key := range []string{"t", "start"} {
			if s, ok := parseStart(q.Get(key)); ok {
				v.Start = s
				break
			}
		}
	}
	return v, true
}

func youTubePath(host string, parts []string, q url.Values) Video {
	switch {
	case host != "youtube-nocookie.com" && len(parts) == 1 && parts[0] == "watch":
		return Video{Provider: YouTube, ID: q.Get("v")}
	case len(parts) == 2 && parts[0] == "embed":
		return Video{Provider: YouTube, ID: parts[1]}
	case host != "youtube-nocookie.com" && len(parts) == 2 && parts[0] == "shorts":
		return Video{Provider: YouTube, ID: parts[1], Portrait: true}
	case host != "youtube-nocookie.com" && len(parts) == 2 && parts[0] == "live":
		return Video{Provider: YouTube, ID: parts[1]}
	}
	return Video{}
}

func vimeoPath(host string, parts []string, q url.Values) Video {
	if host == "player.vimeo.com" {
		if len(parts) == 2 && parts[0] == "video" {
			return Video{Provider: Vimeo, ID: parts[1], Hash: q.Get("h")}
		}
		return Video{}
	}
	switch {
	case len(parts) == 1:
		return Video{Provider: Vimeo, ID: parts[0]}
	case len(parts) == 2 && isDigits(parts[0]):
		return Video{Provider: Vimeo, ID: parts[0], Hash: parts[1]}
	case len(parts) == 3 && parts[0] == "channels":
		return Video{Provider: Vimeo, ID: parts[2]}
	case len(parts) == 4 && parts[0] == "groups" && parts[2] == "videos":
		return Video{Provider: Vimeo, ID: parts[3]}
	}
	return Video{}
}

// valid checks the id's form, so that nothing an author wrote reaches the
// embed's URL unchecked.
func (v Video) valid() bool {
	switch v.Provider {
	case YouTube:
		if len(v.ID) != 11 {
			return false
		}
		for _, c := range v.ID {
			if !isAlnum(c) && c != '-' && c != '_' {
				return false
			}
		}
		return v.Hash == ""
	case Vimeo:
		if len(v.ID) == 0 || len(v.ID) > 12 || !isDigits(v.ID) || len(v.Hash) > 32 {
			return false
		}
		for _, c := range v.Hash {
			if !isAlnum(c) {
				return false
			}
		}
		return true
	}
	return false
}

// EmbedURL is the player's address: YouTube's no-cookie domain, and
// Vimeo's player with do-not-track, so a reader is not profiled for
// watching.
func (v Video) EmbedURL() string {
	if v.Provider == Vimeo {
		s := "https://player.vimeo.com/video/" + v.ID + "?dnt=1"
		if v.Hash != "" {
			s += "&h=" + v.Hash
		}
		if v.Start > 0 {
			s += "#t=" + strconv.Itoa(v.Start) + "s"
		}
		return s
	}
	s := "https://www.youtube-nocookie.com/embed/" + v.ID
	if v.Start > 0 {
		s += "?start=" + strconv.Itoa(v.Start)
	}
	return s
}

// WatchURL is the video's page on its provider's site, for the link card
// and for feeds.
func (v Video) WatchURL() string {
	if v.Provider == Vimeo {
		s := "https://vimeo.com/" + v.ID
		if v.Hash != "" {
			s += "/" + v.Hash
		}
		if v.Start > 0 {
			s += "#t=" + strconv.Itoa(v.Start) + "s"
		}
		return s
	}
	if v.Portrait {
		return "https://www.youtube.com/shorts/" + v.ID
	}
	s := "https://www.youtube.com/watch?v=" + v.ID
	if v.Start > 0 {
		s += "&t=" + strconv.Itoa(v.Start) + "s"
	}
	return s
}

// maxStart bounds a start time (a day), so that no number overflows.
const maxStart = 24 * 60 * 60

// parseStart reads a start time as YouTube and Vimeo write it: "90",
// "90s", "1m30s", "1h2m3s".
func parseStart(s string) (int, bool) {
	if s == "" || len(s) > 16 {
		return 0, false
	}
	if isDigits(s) {
		if n, err := strconv.Atoi(s); err == nil && n <= maxStart {
			return n, true
		}
		return 0, false
	}
	total, num, digits, lastUnit := 0, 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			num, digits = num*10+int(c-'0'), digits+1
			if num > maxStart {
				return 0, false
			}
			continue
		}
		unit := unitSeconds(c)
		// Units come once each, largest first, each after a number.
		if unit == 0 || digits == 0 || (lastUnit != 0 && unit >= lastUnit) {
			return 0, false
		}
		total += num * unit
		num, digits, lastUnit = 0, 0, unit
	}
	if digits > 0 || total > maxStart {
		return 0, false
	}
	return total, true
}

func unitSeconds(c byte) int {
	switch c {
	case 'h':
		return 3600
	case 'm':
		return 60
	case 's':
		return 1
	}
	return 0
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func isAlnum(c rune) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
