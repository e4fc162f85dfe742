package web

import (
	"net/http"
	"net/url"
)

// needNew shows the form to raise a need in a space: a focal point for
// their municipality (shown, not chosen), staff for any.
func (s *Server) needNew(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	return s.renderNeedForm(w, r, http.StatusOK, sp, nil, newForm("needs", url.Values{"urgency": {"medium"}}))
}
