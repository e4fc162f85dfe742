package web

import (
	"net/http"

	"birlik/network"
)

// apiOrganisationsList lists organisations with the filters, search and
// orders of the organisations page (network.ParseOrgFilter), once the
// query string has passed the API's strict check.
func (s *Server) apiOrganisationsList(w http.ResponseWriter, r *http.Request) error {
	q, ok, err := s.apiQuery(w, r)
	if !ok {
		return err
	}
	f := network.ParseOrgFilter(q)
	orgs, total, err := s.network.Organisations(r.Context(), f)
	if err != nil {
		return err
	}
	data := make([]apiOrganisation, 0, len(orgs))
	for i := range orgs {
		data = append(data, newAPIOrganisation(&orgs[i]))
	}
	page, perPage := apiPaging(q)
	return s.apiWrite(w, r, newAPIList(r, q, data, total, page, perPage), true)
}
