package web

import (
	"net/http"

	"birlik"
)

// needUpdate stores the need form. A focal point changes only their
// municipality's needs; the service's query decides.
func (s *Server) needUpdate(w http.ResponseWriter, r *http.Request) error {
	old, err := s.needOf(r)
	if err != nil {
		return err
	}
	if !s.needs.CanEdit(r.Context(), old) {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.needs.not_yours")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, kept, bad := needFromForm(r.PostForm)
	n.ID = old.ID
	if bad == nil {
		err = s.needs.Update(r.Context(), &n)
		if err == nil {
			return s.redirect(w, r, needLink(n.ID), "flash.needs.updated")
		}
	}
	sp, serr := s.spaces.ByID(r.Context(), old.SpaceID)
	if serr != nil {
		return serr
	}
	f := newForm("needs", kept)
	status, err := f.fail(needFailWith(err, bad), needFormFields...)
	if err != nil {
		return err
	}
	return s.renderNeedForm(w, r, status, sp, old, f)
}
