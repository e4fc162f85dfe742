package web

import (
	"net/http"

	"birlik"
)

// recommendationUpdate stores the recommendation form.
func (s *Server) recommendationUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.recOf(r)
	if err != nil {
		return err
	}
	if !s.needs.MayEditRec(r.Context(), old) {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.needs.not_drafter")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	rec, kept, bad := recFromForm(r.PostForm)
	rec.ID = old.ID
	if bad == nil {
		err = s.needs.UpdateRecommendation(r.Context(), &rec)
		if err == nil {
			if rec.Revision > old.Revision {
				s.tellRec(r, "recommendation.updated", "notify.event.recommendation_updated", &rec, "")
			}
			return s.redirect(w, r, recLink(rec.ID), "flash.recs.updated")
		}
	}
	sp, serr := s.spaces.ByID(r.Context(), old.SpaceID)
	if serr != nil {
		return serr
	}
	f := newForm("recs", kept)
	status, err := f.fail(needFailWith(err, bad), recFormFields...)
	if err != nil {
		return err
	}
	return s.renderRecForm(w, r, status, sp, old, f)
}
