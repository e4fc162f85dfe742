package web

import (
	"net/http"

	"birlik"
)

// importCheckUpload checks an uploaded file whole and writes nothing: a
// file with problems gets a report of every bad row (line, column,
// reason); a clean one is kept for confirmation and gets a summary of
// what saving it would create, update and leave unchanged. A large file
// is kept and checked in the background instead: the answer is a
// redirect to the page that follows the check and then shows the same
// report.
func (s *Server) importCheckUpload(w http.ResponseWriter, r *http.Request) error {
	kind, err := importKind(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	name, data, err := readUpload(w, r)
	switch {
	case err == nil && inBackground(data):
		var id string
		if id, err = s.checkInBackground(r, kind, name, data); err == nil {
			return s.redirect(w, r, jobPath(kind, id), "")
		}
	case err == nil:
		var c *importCheck
		if c, err = s.checkImport(ctx, kind, data, nil); err == nil {
			uploadID := ""
			if c.confirmable() {
				u, err := s.stage.Put(ctx, sessionKey(r), kind, name, data)
				if err != nil {
					return err
				}
				uploadID = u.ID
			}
			return s.renderImportReport(w, r, 0, kind, name, c, uploadID)
		}
	}
	if code := birlik.ErrorCode(err); code != birlik.EINVALID && code != birlik.ETHROTTLED {
		return err
	}
	return s.renderImport(w, r, statusOf(err), kind, err)
}
