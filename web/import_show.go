package web

import "net/http"

// importShow is the import page: one upload form per kind of record,
// with the columns each file needs and a template to start from.
func (s *Server) importShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderImport(w, r, http.StatusOK, "", nil)
}
