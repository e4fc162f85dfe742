package web

import "net/http"

// spaceEdit shows the form that edits a space, to those who manage it.
func (s *Server) spaceEdit(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.editableSpace(r)
	if err != nil {
		return err
	}
	return s.renderSpaceForm(w, r, http.StatusOK, sp, newForm("spaces", spaceValues(sp)), nil)
}
