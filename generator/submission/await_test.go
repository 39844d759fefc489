package submission_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// An answer that waits on a build and a deploy outlives the server's
// write deadline: the author still sees it.
func TestAwaitPublishingOutlivesTheWriteDeadline(t *testing.T) {
	for _, await := range []bool{false, true} {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if await {
				submission.AwaitPublishing(w)
			}
			time.Sleep(300 * time.Millisecond) // the build and on_publish
			io.WriteString(w, "published")
		}))
		srv.Config.WriteTimeout = 100 * time.Millisecond
		srv.Start()
		resp, err := http.Get(srv.URL)
		var body []byte
		if err == nil {
			body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		srv.Close()
		if got := err == nil && string(body) == "published"; got != await {
			t.Errorf("await %v: answered %v (%q, %v)", await, got, body, err)
		}
	}
}
