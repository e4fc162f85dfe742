package web

import (
	"net/http"
)

// followButton is what the "notify-follow" partial renders: a form with
// one button to follow or stop following a thing, coming back to the
// page it is on. Build it with Server.followButton in a page's handler:
//
//	d.Follow = s.followButton(r, notify.Space, sp.ID)
//
// and include it in the template: {{template "notify-follow" .Data.Follow}}.
type followButton struct {
	Kind      string
	ID        int64
	Following bool
	Next      string // the page to come back to
	Show      bool   // false for the public: following needs an account
}

// followButton returns the follow button of a thing for the request's
// account. A failure to read the follow shows the button as not
// following, rather than failing the page.
func (s *Server) followButton(r *http.Request, kind string, id int64) followButton {
	b := followButton{Kind: kind, ID: id, Next: r.URL.RequestURI(), Show: reqInfo(r).user != nil}
	if b.Show {
		ok, err := s.notify.Following(r.Context(), kind, id)
		if err != nil {
			s.log.WarnContext(r.Context(), "follow button", "error", err)
		}
		b.Following = ok
	}
	return b
}
