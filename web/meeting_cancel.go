package web

import (
	"net/http"
	"strconv"

	"birlik"
)

// meetingCancel cancels a registration: one's own, or (staff, a focal
// point of its municipality) another's. The first on the waiting list
// takes the place and is told by e-mail.
func (s *Server) meetingCancel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(r.PathValue("rid"), 10, 64)
	if err != nil || rid <= 0 {
		return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	promoted, err := s.meetings.CancelIn(r.Context(), id, rid)
	if err != nil {
		return err
	}
	s.tellPromoted(r, promoted)
	return s.redirect(w, r, meetingPath(id)+"#registration", "flash.meetings.cancelled")
}
