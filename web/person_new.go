package web

import (
	"net/http"
	"net/url"

	"birlik/locale"
	"birlik/network"
)

// personNew shows the form for a new person and their first affiliation.
// A focal point's organisation is preselected and locked; staff may come
// from an organisation's page with it preselected (?org=).
func (s *Server) personNew(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"lang": {locale.Default}, "affiliation_kind": {string(network.Staff)}}
	if org := r.URL.Query().Get("org"); org != "" && len(org) <= 100 {
		v.Set("org_id", org)
	}
	return s.renderPersonForm(w, r, http.StatusOK, nil, newForm("network", v), nil)
}
