package htmlmd

import (
	"net/url"
	"regexp"
	"strings"
)

var (
	youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{6,20}$`)
	vimeoID   = regexp.MustCompile(`^[0-9]{3,12}$`)
)

// VideoURL returns the canonical watch URL of a YouTube or Vimeo video
// given by any of the URLs those sites use (watch, youtu.be, embed,
// player), or "" for anything else.
func VideoURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "") {
		return ""
	}
	if u.Scheme == "" && strings.HasPrefix(raw, "//") {
		u.Scheme = "https"
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	switch host {
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com":
		var vid string
		switch {
		case len(segs) == 1 && segs[0] == "watch":
			vid = u.Query().Get("v")
		case len(segs) == 2 && (segs[0] == "embed" || segs[0] == "shorts" || segs[0] == "v" || segs[0] == "live"):
			vid = segs[1]
		}
		if youtubeID.MatchString(vid) {
			return "https://www.youtube.com/watch?v=" + vid
		}
	case "youtu.be":
		if len(segs) == 1 && youtubeID.MatchString(segs[0]) {
			return "https://www.youtube.com/watch?v=" + segs[0]
		}
	case "vimeo.com", "player.vimeo.com":
		last := segs[len(segs)-1]
		if (host == "vimeo.com" && len(segs) == 1 || host == "player.vimeo.com" && len(segs) == 2 && segs[0] == "video") && vimeoID.MatchString(last) {
			return "https://vimeo.com/" + last
		}
	}
	return ""
}
