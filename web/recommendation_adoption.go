package web

import (
	"net/http"

	"birlik/needs"
)

// recommendationAdoption records what the reader's municipality (staff
// choose one) did with a published recommendation, on a date.
func (s *Server) recommendationAdoption(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.recOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	pf := r.PostForm
	err = s.needs.ReportAdoption(r.Context(), rec.ID, pf.Get("org_id"), needs.AdoptionStatus(pf.Get("status")), pf.Get("on"), pf.Get("note"))
	if err == nil {
		if needs.AdoptionStatus(pf.Get("status")) == needs.Adopted {
			s.tellRec(r, "recommendation.adopted", "notify.event.recommendation_adopted", rec, s.orgName(r.Context(), cosigner(r)))
		}
		return s.redirect(w, r, recLink(rec.ID), "flash.recs.adoption")
	}
	f := newForm("recs.adoption", pf)
	status, err := f.fail(err, "org_id", "status", "on", "note")
	if err != nil {
		return err
	}
	return s.renderRecShow(w, r, status, rec, nil, f)
}
