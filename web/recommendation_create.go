package web

import "net/http"

// recommendationCreate drafts a recommendation from the form.
func (s *Server) recommendationCreate(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	if err := s.mayDraftIn(r, sp); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	rec, kept, bad := recFromForm(r.PostForm)
	rec.SpaceID = sp.ID
	if bad == nil {
		err = s.needs.CreateRecommendation(r.Context(), &rec)
		if err == nil {
			return s.redirect(w, r, recLink(rec.ID), "flash.recs.created")
		}
	}
	f := newForm("recs", kept)
	status, err := f.fail(needFailWith(err, bad), recFormFields...)
	if err != nil {
		return err
	}
	return s.renderRecForm(w, r, status, sp, nil, f)
}
