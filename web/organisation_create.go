package web

import (
	"net/http"
)

// organisationCreate adds an organisation from the form. A refused form
// comes back with every problem beside its field and everything typed.
func (s *Server) organisationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	o, kept := orgFromForm(r.PostForm)
	o.Version = 0
	err := s.network.CreateOrganisation(r.Context(), &o)
	if err == nil {
		return s.redirect(w, r, "/organisations/"+o.ID, "flash.network.org_created")
	}
	f := newForm("network", kept)
	status, err := f.fail(err, orgFields...)
	if err != nil {
		return err
	}
	return s.renderOrgForm(w, r, status, nil, f, nil)
}
