package web

import (
	"net/http"
	"strconv"

	"birlik"
	"birlik/meetings"
)

// meetingActionStatus moves a follow-up action to another status (staff)
// and goes back to where the change was made.
func (s *Server) meetingActionStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.meetings.SetActionStatus(r.Context(), id, meetings.ActionStatus(r.PostForm.Get("status")), version); err != nil {
		if birlik.ErrorCode(err) == birlik.ECONFLICT {
			s.flash(w, "flash.meetings.action_stale")
			http.Redirect(w, r, localPath(r.PostForm.Get("next")), http.StatusSeeOther)
			return nil
		}
		return err
	}
	return s.redirect(w, r, localPath(r.PostForm.Get("next")), "flash.meetings.action_saved")
}
