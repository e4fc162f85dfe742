package web

import (
	"net/http"
	"net/url"

	"birlik/network"
)

// organisationNew shows the empty organisation form to union staff, with
// the choices most new records need: a municipality, not a member yet.
// ?parent= preselects the municipality above it.
func (s *Server) organisationNew(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"kind": {string(network.Municipality)}, "member_status": {string(network.NotMember)}}
	if parent := r.URL.Query().Get("parent"); parent != "" && len(parent) <= 100 {
		v.Set("parent_id", parent)
	}
	return s.renderOrgForm(w, r, http.StatusOK, nil, newForm("network", v), nil)
}
