package web

import "net/http"

// recommendationEndorse records that the reader's municipality (staff
// choose one) endorses a published recommendation.
func (s *Server) recommendationEndorse(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.recOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	err = s.needs.Endorse(r.Context(), rec.ID, r.PostForm.Get("org_id"), r.PostForm.Get("note"))
	if err == nil {
		s.tellRec(r, "recommendation.endorsed", "notify.event.recommendation_endorsed", rec, s.orgName(r.Context(), cosigner(r)))
		return s.redirect(w, r, recLink(rec.ID), "flash.recs.endorsed")
	}
	f := newForm("recs.endorse", r.PostForm)
	status, err := f.fail(err, "org_id", "note")
	if err != nil {
		return err
	}
	return s.renderRecShow(w, r, status, rec, f, nil)
}
