package web

import (
	"net/http"

	"birlik"
)

// importCheckUpload checks an uploaded file whole and writes nothing: a
// file with problems gets a report of every bad row (line, column,
// reason); a clean one is kept for confirmation and gets a summary of
// what saving it would create, update and leave unchanged.
func (s *Server) importCheckUpload(w http.ResponseWriter, r *http.Request) error {
	kind, err := importKind(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	name, data, err := readUpload(w, r)
	if err == nil {
		var c *importCheck
		if c, err = s.checkImport(ctx, kind, data); err == nil {
			uploadID := ""
			if len(c.Errors) == 0 && c.Creates+c.Updates > 0 {
				u, err := s.staging().Put(ctx, sessionKey(r), kind, name, data)
				if err != nil {
					return err
				}
				uploadID = u.ID
			}
			return s.renderImportReport(w, r, kind, name, c, uploadID)
		}
	}
	if birlik.ErrorCode(err) != birlik.EINVALID {
		return err
	}
	return s.renderImport(w, r, statusOf(err), kind, err)
}
