package web

import (
	"net/http"
	"net/url"
)

// recommendationNew shows the form to draft a recommendation in a space
// (staff and the space's experts); ?needs= fills in the needs it answers.
func (s *Server) recommendationNew(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	if err := s.mayDraftIn(r, sp); err != nil {
		return err
	}
	v := url.Values{}
	if ids, ok := needIDs(r.URL.Query().Get("needs")); ok && len(ids) > 0 && len(ids) <= 100 {
		v.Set("needs", needIDList(ids))
	}
	return s.renderRecForm(w, r, http.StatusOK, sp, nil, newForm("recs", v))
}
