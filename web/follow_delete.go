package web

import (
	"net/http"
	"strconv"

	"birlik"
	"birlik/notify"
)

// followDelete stops the account following a thing. It needs no check
// that the thing is readable: anyone may stop following anything.
func (s *Server) followDelete(w http.ResponseWriter, r *http.Request) error {
	kind := r.PathValue("kind")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || !notify.ValidKind(kind) {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.notify.Unfollow(r.Context(), kind, id); err != nil {
		return err
	}
	return s.redirect(w, r, backTo(r, "/notifications/settings"), "flash.notify.unfollowed")
}
