package web

import (
	"net/http"
	"net/url"

	"birlik"
)

// tokensCreate makes a personal access token for the signed-in person and
// shows its secret on the page it answers with, this once: only a hash is
// stored, so neither a reload nor a later visit can show it again.
func (s *Server) tokensCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	name, expires := r.PostForm.Get("name"), r.PostForm.Get("expires")
	f := newForm("profile.token", url.Values{"name": {name}, "expires": {expires}})
	var err error
	if ttl, ok := parseExpiry(expires); ok {
		secret, t, cerr := s.accounts.CreateAPIToken(r.Context(), name, ttl)
		if cerr == nil {
			return s.renderProfile(w, r, http.StatusOK, profilePage{Secret: secret, Created: t}, nil)
		}
		err = cerr
	} else {
		var v birlik.Invalid
		if name == "" {
			v.Add("name", "error.required")
		}
		v.Add("expires", "error.token.expiry")
		err = v.Err()
	}
	status, err := f.fail(err, "name", "expires")
	if err != nil {
		return err
	}
	return s.renderProfile(w, r, status, profilePage{Token: f}, f)
}
