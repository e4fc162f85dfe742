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
	// The needs still open are answered by publishing: their followers
	// hear of it.
	var open []*needs.Need
	for _, id := range rec.NeedIDs {
		if n, err := s.needs.Need(r.Context(), id); err == nil && n.Status.Open() {
			open = append(open, n)
		}
	}
	if err := s.needs.Publish(r.Context(), rec.ID, needs.Publication(r.PostForm.Get("publication")), formVersion(r.PostForm)); err != nil {
		return err
	}
	if rec.Publication == needs.Draft {
		s.tellRec(r, "recommendation.published", "notify.event.recommendation_published", rec, "")
		for _, n := range open {
			s.tellNeed(r, "need.answered", "notify.event.need_answered", n, "")
		}
	}
	return s.redirect(w, r, recLink(rec.ID), "flash.recs.published")
}
