package web

import (
	"net/http"
	"strconv"
)

// adminUserSessionsEnd signs an account out everywhere, for instance when
// a device is lost or someone leaves.
func (s *Server) adminUserSessionsEnd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.accounts.Get(r.Context(), id); err != nil {
		return err
	}
	if err := s.accounts.EndSessions(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), "flash.admin.sessions_ended")
}
