package web

import (
	"net/http"

	"birlik"
)

// personCreate adds a person with their first affiliation. The network
// service refuses a focal point who names another organisation.
func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	pf := r.PostForm
	p := personFromForm(pf)
	first := affiliationFromForm(birlik.ActorFrom(ctx), pf)
	first.Ended = ""
	err := s.network.CreatePerson(ctx, &p, first)
	if err == nil {
		return s.redirect(w, r, personPath(p.ID), "flash.network.person_created")
	}
	if birlik.ErrorCode(err) == birlik.EFORBIDDEN {
		return err
	}
	f := newForm("network", keep(pf, append(personFields, affFields...)...))
	status, err := f.fail(err, append(personFields, affFields...)...)
	if err != nil {
		return err
	}
	return s.renderPersonForm(w, r, status, nil, f, nil)
}
