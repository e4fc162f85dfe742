package web

import (
	"net/http"
	"strconv"

	"birlik"
)

// meetingMinutesSave stores a meeting's minutes (staff).
func (s *Server) meetingMinutesSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	err = s.meetings.SaveMinutes(r.Context(), id, r.PostForm.Get("minutes"), version)
	if err == nil {
		if m, sp, err := s.pathMeeting(r); err == nil && m.Minutes != "" {
			s.tellMeeting(r, "meeting.minutes", "notify.event.meeting_minutes", sp, m)
		}
		return s.redirect(w, r, meetingPath(id)+"/minutes", "flash.meetings.minutes_saved")
	}
	if c := birlik.ErrorCode(err); c == birlik.EFORBIDDEN || c == birlik.ENOTFOUND {
		return err
	}
	f := newForm("meetings", keep(r.PostForm, "minutes", "version"))
	status, err := f.fail(err, "minutes")
	if err != nil {
		return err
	}
	return s.renderMinutes(w, r, status, "minutes", f)
}
