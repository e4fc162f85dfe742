package web

import (
	"net/http"
	"strconv"

	"birlik"
)

// documentDelete removes a document (its uploader or union staff) and
// goes back to the page the button was on.
func (s *Server) documentDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	d, err := s.documents.Delete(r.Context(), documentParents{s}, id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, backTo(r, "/documents/of/"+d.ParentKind+"/"+strconv.FormatInt(d.ParentID, 10)), "flash.documents.deleted")
}
