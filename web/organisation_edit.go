package web

import "net/http"

// organisationEdit shows an organisation's form: every field to union
// staff, the contact details to the organisation's own focal point.
func (s *Server) organisationEdit(w http.ResponseWriter, r *http.Request) error {
	o, err := s.loadEditableOrg(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderOrgForm(w, r, http.StatusOK, o, newForm("network", orgValues(o)), nil)
}
