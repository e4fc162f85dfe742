package web

import (
	"net/http"
	"strconv"
	"time"

	"birlik"
	"birlik/staging"
)

// importConfirm saves a file checked and kept by importCheckUpload. It
// checks the file again first, since records may have changed since the
// upload; a file that has become invalid gets its report again and saves
// nothing. A file that was checked in the background is saved there too,
// and the answer is a redirect to the page that follows the save.
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) error {
	kind, err := importKind(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	u, err := s.stage.Get(ctx, r.PostForm.Get("upload"), sessionKey(r), kind)
	if err == nil && u.State == staging.Checked {
		err = s.saveInBackground(r, kind, u)
		if err == nil {
			return s.redirect(w, r, jobPath(kind, u.ID), "")
		}
	} else if err == nil && u.State != staging.NoJob {
		err = birlik.Errorf(birlik.ENOTFOUND, "error.staging.expired") // being saved, or saved: not again
	}
	if err != nil {
		if birlik.ErrorCode(err) == birlik.ENOTFOUND {
			return s.renderImport(w, r, http.StatusUnprocessableEntity, kind, err)
		}
		return err
	}
	c, err := s.checkImport(ctx, kind, u.Data, nil)
	if err != nil {
		return err
	}
	if len(c.Errors) > 0 {
		return s.renderImportReport(w, r, 0, kind, u.Name, c, "")
	}
	created, updated, err := c.save(ctx, nil)
	if err != nil {
		return err
	}
	if err := s.stage.Delete(ctx, u.ID); err != nil {
		return err
	}
	s.setImportResult(w, kind, created, updated)
	return s.redirect(w, r, "/import", "flash.network.import_saved")
}

// setImportResult passes the counts of a saved import to the import page,
// which shows them once.
func (s *Server) setImportResult(w http.ResponseWriter, kind string, created, updated int) {
	s.setCookie(w, importResultCookie, kind+"."+strconv.Itoa(created)+"."+strconv.Itoa(updated), time.Minute)
}
