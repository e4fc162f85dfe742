package web

import "net/http"

// needReview takes a submitted need under review (staff).
func (s *Server) needReview(w http.ResponseWriter, r *http.Request) error {
	n, err := s.needOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.needs.Review(r.Context(), n.ID, formVersion(r.PostForm)); err != nil {
		return err
	}
	s.tellNeed(r, "need.under_review", "notify.event.need_under_review", n, "")
	return s.redirect(w, r, needLink(n.ID), "flash.needs.reviewing")
}
