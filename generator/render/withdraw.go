package render

import (
	"bytes"
	"io"

	"github.com/rainmaker-blog/rainmaker/generator/layouts"
	"github.com/rainmaker-blog/rainmaker/generator/submission"
)

// renderWithdraw writes the thanks page the receive server shows after a
// form post, with the withdraw link, or a page of that link, with the
// site's layouts. Their addresses are secrets: search engines are kept
// away.
func (r *Renderer) renderWithdraw(w io.Writer, view *submission.WithdrawView) error {
	data := &layouts.PageData{
		Kind: "withdraw", Site: r.siteView, Title: r.site.Config.Text("withdraw_title"),
		URL: r.urls.rel(thanksPath), Permalink: r.urls.abs(thanksPath), NoIndex: true, Withdraw: view,
	}
	switch view.Step {
	case "thanks":
		data.Kind, data.Title, data.Description = "thanks", r.site.Config.Text("thanks"), "Your story has reached us."
	case "done":
		data.Title = r.site.Config.Text("withdrawn_title")
	case "error":
		data.Title = r.site.Config.Text("withdraw_error")
	}
	var buf bytes.Buffer
	if err := r.layouts.Execute(&buf, data.Kind, data); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
