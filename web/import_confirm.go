package web

import (
	"net/http"
	"strconv"
	"time"

	"birlik"
)

// importConfirm saves a file checked and kept by importCheckUpload. It
// checks the file again first, since records may have changed since the
// upload; a file that has become invalid gets its report again and saves
// nothing.
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) error {
	kind, err := importKind(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	st := s.staging()
	u, err := st.Get(ctx, r.PostForm.Get("upload"), sessionKey(r), kind)
	if err != nil {
		if birlik.ErrorCode(err) == birlik.ENOTFOUND {
			return s.renderImport(w, r, http.StatusUnprocessableEntity, kind, err)
		}
		return err
	}
	c, err := s.checkImport(ctx, kind, u.Data)
	if err != nil {
		return err
	}
	if len(c.Errors) > 0 {
		return s.renderImportReport(w, r, kind, u.Name, c, "")
	}
	created, updated, err := c.save(ctx)
	if err != nil {
		return err
	}
	if err := st.Delete(ctx, u.ID); err != nil {
		return err
	}
	s.setCookie(w, importResultCookie, kind+"."+strconv.Itoa(created)+"."+strconv.Itoa(updated), time.Minute)
	return s.redirect(w, r, "/import", "flash.network.import_saved")
}
