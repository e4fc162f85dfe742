package web

import (
	"net/http"

	"birlik"
)

// spaceMemberEnd ends a membership, keeping it in the space's history.
// A focal point may end only their own municipality's.
func (s *Server) spaceMemberEnd(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.pathSpace(r)
	if err != nil {
		return err
	}
	id := formID(r.PathValue("id"))
	if id == 0 {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	err = s.spaces.EndMember(r.Context(), sp.ID, id, r.PostForm.Get("left_on"))
	if err == nil {
		return s.redirect(w, r, membersPath(sp), "flash.spaces.member_ended")
	}
	if birlik.ErrorCode(err) != birlik.EINVALID {
		return err
	}
	// The page has no date field to tie the problem to: it goes at the top.
	f := newForm("spaces", nil)
	f.Message = birlik.ErrorMessage(err)
	if key := birlik.FieldErrors(err)["left_on"]; key != "" {
		f.Message = key
	}
	return s.renderSpaceMembers(w, r, statusOf(err), sp, "", f, 0)
}
