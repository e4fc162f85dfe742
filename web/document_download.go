package web

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"birlik"
)

// documentDownload sends a document to those who may read its parent
// (404 to anyone else, as if it did not exist): always as an attachment,
// with the type judged at upload and no sniffing, so that no file is
// ever shown as a page of this site.
func (s *Server) documentDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	d, rc, err := s.documents.Open(r.Context(), documentParents{s}, id)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Length", strconv.FormatInt(d.Size, 10))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	_, err = io.Copy(w, rc)
	if err != nil {
		s.log.WarnContext(r.Context(), "document download cut short", "document", id, "error", err)
	}
	return nil
}
