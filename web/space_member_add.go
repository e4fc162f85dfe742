package web

import (
	"net/http"

	"birlik"
	"birlik/spaces"
)

// spaceMemberAdd adds a person to a space with a role, representing their
// current organisation. A focal point may add only their own
// municipality's people: another's is not found, as in the network.
func (s *Server) spaceMemberAdd(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.pathSpace(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	pf := r.PostForm
	person := formID(pf.Get("person_id"))
	if person == 0 {
		return birlik.Errorf(birlik.ENOTFOUND, "error.spaces.person_unknown")
	}
	_, err = s.spaces.AddMember(r.Context(), sp.ID, spaces.NewMember{PersonID: person, Role: spaces.Role(pf.Get("role"))})
	if err == nil {
		return s.redirect(w, r, membersPath(sp), "flash.spaces.member_added")
	}
	if c := birlik.ErrorCode(err); c != birlik.EINVALID && c != birlik.ECONFLICT {
		return err
	}
	f := newForm("spaces", keep(pf, "q", "role"))
	status, err := f.fail(err, "role", "org_id", "joined_on")
	if err != nil {
		return err
	}
	return s.renderSpaceMembers(w, r, status, sp, pf.Get("q"), f, person)
}
