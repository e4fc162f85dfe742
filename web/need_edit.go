package web

import (
	"net/http"

	"birlik"
)

// needEdit shows a need's form to those who may change it: staff, and
// the focal point of the municipality that raised it, while it is open.
func (s *Server) needEdit(w http.ResponseWriter, r *http.Request) error {
	n, err := s.needOf(r)
	if err != nil {
		return err
	}
	if !s.needs.CanEdit(r.Context(), n) {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.needs.not_yours")
	}
	if !n.Status.Open() {
		return birlik.Errorf(birlik.ECONFLICT, "error.needs.not_open")
	}
	sp, err := s.spaces.ByID(r.Context(), n.SpaceID)
	if err != nil {
		return err
	}
	return s.renderNeedForm(w, r, http.StatusOK, sp, n, newForm("needs", needValues(n)))
}
