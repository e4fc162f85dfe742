package web

import (
	"net/http"

	"birlik"
)

// spaceCreate adds a space; the spaces service decides whether the actor
// may (a coordinator only inside a space they coordinate).
func (s *Server) spaceCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	pf := r.PostForm
	sp := spaceFromForm(pf)
	err := s.spaces.Create(r.Context(), &sp)
	if err == nil {
		return s.redirect(w, r, spacePath(&sp), "flash.spaces.created")
	}
	if birlik.ErrorCode(err) == birlik.EFORBIDDEN {
		return err
	}
	f := newForm("spaces", keepSpace(pf))
	status, err := f.fail(err, spaceFields...)
	if err != nil {
		return err
	}
	return s.renderSpaceForm(w, r, status, nil, f, nil)
}
