package web

import "net/http"

// apiOrganisationShow answers one organisation by its id (its slug).
func (s *Server) apiOrganisationShow(w http.ResponseWriter, r *http.Request) error {
	if _, ok, err := s.apiQuery(w, r); !ok {
		return err
	}
	o, err := s.network.Organisation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.apiWrite(w, r, apiItem[apiOrganisation]{newAPIOrganisation(o)}, true)
}
