package web

import (
	"net/http"

	"birlik/network"
)

// organisationsExport writes every organisation that matches the list's
// filters, in its order, as CSV (the import's columns, so the file can be
// edited and imported back) or JSON. Organisations carry no geometry, so
// the boundaries' licence notice is not needed here; /places.geojson
// carries it.
func (s *Server) organisationsExport(w http.ResponseWriter, r *http.Request) error {
	f := network.ParseOrgFilter(r.URL.Query())
	orgs, err := s.network.ExportOrganisations(r.Context(), f)
	if err != nil {
		return err
	}
	if exportFormat(r) == "json" {
		download(w, "organisations", "json", "application/json; charset=utf-8")
		return s.downloaded(r, network.WriteOrganisationsJSON(w, orgs))
	}
	download(w, "organisations", "csv", "text/csv; charset=utf-8")
	// A byte-order mark, so that spreadsheets open the file as UTF-8 and
	// show İ, ş and ğ; the importer skips it.
	if _, err := w.Write([]byte("\xef\xbb\xbf")); err != nil {
		return s.downloaded(r, err)
	}
	return s.downloaded(r, network.WriteOrganisationsCSV(w, orgs))
}
