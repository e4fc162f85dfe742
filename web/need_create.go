package web

import "net/http"

// needCreate raises a need from the form. A refused form comes back with
// every problem beside its field and everything typed.
func (s *Server) needCreate(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, kept, bad := needFromForm(r.PostForm)
	n.SpaceID = sp.ID
	err = s.needs.Create(r.Context(), &n)
	if err == nil && bad == nil {
		s.tellNeed(r, "need.raised", "notify.event.need_raised", &n, "")
		return s.redirect(w, r, needLink(n.ID), "flash.needs.created")
	}
	f := newForm("needs", kept)
	status, err := f.fail(needFailWith(err, bad), needFormFields...)
	if err != nil {
		return err
	}
	return s.renderNeedForm(w, r, status, sp, nil, f)
}
