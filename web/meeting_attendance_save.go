package web

import (
	"net/http"
	"strconv"

	"birlik/meetings"
)

// meetingAttendanceSave records who came (staff): the ticked people, each
// for the organisation of their registration.
func (s *Server) meetingAttendanceSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	var att []meetings.Attendee
	for _, v := range r.PostForm["came"] {
		pid, err := strconv.ParseInt(v, 10, 64)
		if err != nil || pid <= 0 {
			continue
		}
		att = append(att, meetings.Attendee{PersonID: pid, OrgID: r.PostForm.Get("org_" + v)})
	}
	if err := s.meetings.SetAttendance(r.Context(), id, att); err != nil {
		return err
	}
	return s.redirect(w, r, meetingPath(id)+"/attendance", "flash.meetings.attendance_saved")
}
