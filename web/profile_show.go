package web

import "net/http"

// profileShow is the signed-in person's own page: their account, language,
// password, personal access tokens and open sessions.
func (s *Server) profileShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderProfile(w, r, http.StatusOK, profilePage{}, nil)
}
