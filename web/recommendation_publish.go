package web

import (
	"net/http"

	"birlik/needs"
)

// recommendationPublish publishes a recommendation to members or to the
// public; the needs it answers become answered.
func (s *Server) recommendationPublish(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.recOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.needs.Publish(r.Context(), rec.ID, needs.Publication(r.PostForm.Get("publication")), formVersion(r.PostForm)); err != nil {
		return err
	}
	return s.redirect(w, r, recLink(rec.ID), "flash.recs.published")
}
