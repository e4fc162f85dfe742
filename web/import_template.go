package web

import (
	"encoding/csv"
	"net/http"
)

// importTemplate serves an empty CSV file with the header an import of
// the kind expects, to fill in a spreadsheet.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	kind, err := importKind(r)
	if err != nil {
		return err
	}
	download(w, kind+"-template", "csv", "text/csv; charset=utf-8")
	cw := csv.NewWriter(w)
	if _, err := w.Write([]byte("\xef\xbb\xbf")); err != nil {
		return s.downloaded(r, err)
	}
	if err := cw.Write(importColumns(kind)); err != nil {
		return s.downloaded(r, err)
	}
	cw.Flush()
	return s.downloaded(r, cw.Error())
}
