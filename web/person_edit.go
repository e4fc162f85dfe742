package web

import "net/http"

// personEdit shows the form for a person's own details; their
// affiliations change on their page.
func (s *Server) personEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathPersonID(r)
	if err != nil {
		return err
	}
	p, err := s.network.Person(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderPersonForm(w, r, http.StatusOK, p, newForm("network", personValues(p)), nil)
}
