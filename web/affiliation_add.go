package web

import (
	"net/http"

	"birlik"
)

// affiliationAdd records a new position for a person. With "this replaces
// the current position" ticked it records a move: the current positions
// end (a focal point's: only those at their organisation) and the history
// stays.
func (s *Server) affiliationAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathPersonID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	pf := r.PostForm
	a := affiliationFromForm(birlik.ActorFrom(ctx), pf)
	a.Ended = ""
	move := pf.Get("end_others") == "1"
	err = s.network.AddAffiliation(ctx, id, &a, move)
	if err == nil {
		key := "flash.network.affiliation_added"
		if move {
			key = "flash.network.affiliation_moved"
		}
		return s.redirect(w, r, personPath(id), key)
	}
	if c := birlik.ErrorCode(err); c == birlik.EFORBIDDEN || c == birlik.ENOTFOUND {
		return err
	}
	f := newForm("network", keep(pf, append(affFields, "end_others")...))
	status, err := f.fail(err, affFields...)
	if err != nil {
		return err
	}
	p, err := s.network.Person(ctx, id)
	if err != nil {
		return err
	}
	return s.renderPerson(w, r, status, p, f, nil)
}
