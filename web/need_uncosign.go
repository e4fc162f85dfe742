package web

import "net/http"

// needUncosign withdraws "we have this need too" for the reader's
// municipality (staff name one).
func (s *Server) needUncosign(w http.ResponseWriter, r *http.Request) error {
	n, err := s.needOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.needs.Uncosign(r.Context(), n.ID, r.PostForm.Get("org_id")); err != nil {
		return err
	}
	return s.redirect(w, r, needLink(n.ID), "flash.needs.uncosigned")
}
