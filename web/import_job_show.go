package web

import (
	"encoding/json"
	"fmt"
	"net/http"

	"birlik/staging"
)

// importJobShow is the status page of a large import's background work.
// While the work runs it shows what is being done and how far it has
// gone; once the check has ended, the check's report as importCheckUpload
// shows it; once the save has ended, it leads to the import page with the
// counts, as importConfirm does; and if the work stopped, why.
func (s *Server) importJobShow(w http.ResponseWriter, r *http.Request) error {
	kind, u, err := s.importJob(r)
	if err != nil {
		return err
	}
	switch u.State {
	case staging.Checked:
		var c importCheck
		if err := json.Unmarshal(u.Result, &c); err != nil {
			return fmt.Errorf("import job %s: report: %w", u.ID, err)
		}
		uploadID := ""
		if c.confirmable() {
			uploadID = u.ID
		}
		// The page answers 200 even for a file with errors: the request
		// for it is fine; the report says what is wrong with the file.
		return s.renderImportReport(w, r, http.StatusOK, kind, u.Name, &c, uploadID)
	case staging.Saved:
		var res savedImport
		if err := json.Unmarshal(u.Result, &res); err != nil {
			return fmt.Errorf("import job %s: result: %w", u.ID, err)
		}
		// Cookies only: the job stays as it is, so this GET changes no
		// record, and coming back here leads to the same page.
		s.setImportResult(w, kind, res.Created, res.Updated)
		return s.redirect(w, r, "/import", "flash.network.import_saved")
	}
	v := s.jobView(reqInfo(r).lang, kind, u)
	return s.render(w, r, http.StatusOK, "network/import_job", page{Title: v.Title, Data: v})
}
