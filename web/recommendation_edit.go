package web

import (
	"net/http"

	"birlik"
)

// recommendationEdit shows a recommendation's form to staff and the
// space's experts. Saving a published one makes a new version.
func (s *Server) recommendationEdit(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.recOf(r)
	if err != nil {
		return err
	}
	if !s.needs.MayEditRec(r.Context(), rec) {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.needs.not_drafter")
	}
	sp, err := s.spaces.ByID(r.Context(), rec.SpaceID)
	if err != nil {
		return err
	}
	return s.renderRecForm(w, r, http.StatusOK, sp, rec, newForm("recs", recValues(rec)))
}
