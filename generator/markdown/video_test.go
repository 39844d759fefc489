package markdown

import "testing"

func TestParseVideoURL(t *testing.T) {
	const id = "dQw4w9WgXcQ"
	yt := func(start int) Video { return Video{Provider: YouTube, ID: id, Start: start} }
	tests := []struct {
		url  string
		want Video
		ok   bool
	}{
		{"https://www.youtube.com/watch?v=" + id, yt(0), true},
		{"https://youtube.com/watch?v=" + id + "&list=PL123", yt(0), true},
		{"http://m.youtube.com/watch?v=" + id, yt(0), true},
		{"https://www.youtube.com/watch?v=" + id + "&t=90", yt(90), true},
		{"https://www.youtube.com/watch?v=" + id + "&t=1m30s", yt(90), true},
		{"https://www.youtube.com/watch?v=" + id + "&t=1h2m3s", yt(3723), true},
		{"https://www.youtube.com/watch?v=" + id + "&t=soon", yt(0), true},
		{"https://youtu.be/" + id, yt(0), true},
		{"https://youtu.be/" + id + "?t=42", yt(42), true},
		{"https://youtu.be/" + id + "?si=abc&t=42s", yt(42), true},
		{"https://www.youtube.com/shorts/" + id, Video{Provider: YouTube, ID: id, Portrait: true}, true},
		{"https://www.youtube.com/embed/" + id + "?start=5", yt(5), true},
		{"https://www.youtube-nocookie.com/embed/" + id, yt(0), true},
		{"https://www.youtube.com/live/" + id, yt(0), true},
		{"https://vimeo.com/76979871", Video{Provider: Vimeo, ID: "76979871"}, true},
		{"https://vimeo.com/76979871#t=30s", Video{Provider: Vimeo, ID: "76979871", Start: 30}, true},
		{"https://vimeo.com/76979871/abc123def0", Video{Provider: Vimeo, ID: "76979871", Hash: "abc123def0"}, true},
		{"https://vimeo.com/channels/staffpicks/76979871", Video{Provider: Vimeo, ID: "76979871"}, true},
		{"https://vimeo.com/groups/shortfilms/videos/76979871", Video{Provider: Vimeo, ID: "76979871"}, true},
		{"https://player.vimeo.com/video/76979871?h=abc123", Video{Provider: Vimeo, ID: "76979871", Hash: "abc123"}, true},

		// Invalid ids and other forms stay links.
		{"https://www.youtube.com/watch?v=short", Video{}, false},
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQx", Video{}, false},
		{"https://www.youtube.com/watch?v=dQw4w9WgX%22Q", Video{}, false},
		{"https://youtu.be/dQw4w9WgX<Q", Video{}, false},
		{"https://youtu.be/" + id + "/extra", Video{}, false},
		{"https://www.youtube.com/channel/UCabcdefghijk", Video{}, false},
		{"https://www.youtube.com/", Video{}, false},
		{"https://www.youtube-nocookie.com/watch?v=" + id, Video{}, false},
		{"https://vimeo.com/about", Video{}, false},
		{"https://vimeo.com/1234567890123", Video{}, false},
		{"https://vimeo.com/76979871/bad-hash!", Video{}, false},
		{"https://player.vimeo.com/76979871", Video{}, false},

		// Other hosts, schemes and tricks stay links.
		{"https://example.org/watch?v=" + id, Video{}, false},
		{"https://youtube.com.evil.example/watch?v=" + id, Video{}, false},
		{"https://user@www.youtube.com/watch?v=" + id, Video{}, false},
		{"https://www.youtube.com:8443/watch?v=" + id, Video{}, false},
		{"javascript://www.youtube.com/watch?v=" + id, Video{}, false},
		{"ftp://youtu.be/" + id, Video{}, false},
		{"//youtu.be/" + id, Video{}, false},
		{"youtu.be/" + id, Video{}, false},
		{"", Video{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, ok := ParseVideoURL(tt.url)
			if ok != tt.ok || got != tt.want {
				t.Errorf("ParseVideoURL(%q) = %+v, %v; want %+v, %v", tt.url, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestVideoURLs(t *testing.T) {
	tests := []struct {
		v            Video
		embed, watch string
	}{
		{Video{Provider: YouTube, ID: "dQw4w9WgXcQ"}, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
		{Video{Provider: YouTube, ID: "dQw4w9WgXcQ", Start: 90}, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s"},
		{Video{Provider: YouTube, ID: "dQw4w9WgXcQ", Portrait: true}, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/shorts/dQw4w9WgXcQ"},
		{Video{Provider: Vimeo, ID: "1"}, "https://player.vimeo.com/video/1?dnt=1", "https://vimeo.com/1"},
		{Video{Provider: Vimeo, ID: "1", Hash: "ab", Start: 5}, "https://player.vimeo.com/video/1?dnt=1&h=ab#t=5s", "https://vimeo.com/1/ab#t=5s"},
	}
	for _, tt := range tests {
		if got := tt.v.EmbedURL(); got != tt.embed {
			t.Errorf("%+v: EmbedURL = %q, want %q", tt.v, got, tt.embed)
		}
		if got := tt.v.WatchURL(); got != tt.watch {
			t.Errorf("%+v: WatchURL = %q, want %q", tt.v, got, tt.watch)
		}
	}
}

func TestParseStart(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true}, {"90", 90, true}, {"90s", 90, true}, {"2m", 120, true}, {"1h", 3600, true},
		{"1h0m5s", 3605, true}, {"86400", 86400, true},
		{"", 0, false}, {"86401", 0, false}, {"s", 0, false}, {"5x", 0, false}, {"1s2m", 0, false},
		{"1m1m", 0, false}, {"1m5", 0, false}, {"-5", 0, false}, {"99999999999999999", 0, false}, {"9999999999h", 0, false},
	}
	for _, tt := range tests {
		if got, ok := parseStart(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("parseStart(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
