package web

import (
	"net/http"

	"birlik/network"
)

// peopleExport writes every person the reader may see who matches the
// list's filters, in its order, as CSV (the import's columns) or JSON:
// one row per person with their main current affiliation.
func (s *Server) peopleExport(w http.ResponseWriter, r *http.Request) error {
	f := network.ParsePeopleFilter(r.URL.Query())
	people, err := s.network.ExportPeople(r.Context(), f)
	if err != nil {
		return err
	}
	if exportFormat(r) == "json" {
		download(w, "people", "json", "application/json; charset=utf-8")
		return s.downloaded(r, network.WritePeopleJSON(w, people))
	}
	download(w, "people", "csv", "text/csv; charset=utf-8")
	if _, err := w.Write([]byte("\xef\xbb\xbf")); err != nil {
		return s.downloaded(r, err)
	}
	return s.downloaded(r, network.WritePeopleCSV(w, people))
}
