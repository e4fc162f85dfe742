package web

import (
	"net/http"

	"birlik/meetings"
	"birlik/spaces"
)

type meetingAttendancePage struct {
	Space   *spaces.Space
	Meeting *meetings.Meeting
	Roll    []meetings.RollEntry
	Started bool
	Figures *meetings.Figures
}

// meetingAttendance is the attendance sheet (staff): everyone holding a
// place, with a box to tick for who came; it works without JavaScript.
func (s *Server) meetingAttendance(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, sp, err := s.pathMeeting(r)
	if err != nil {
		return err
	}
	p := meetingAttendancePage{Space: sp, Meeting: m, Started: m.Started(s.meetings.Now())}
	if p.Roll, err = s.meetings.Roll(ctx, m.ID); err != nil {
		return err
	}
	if p.Figures, err = s.meetings.AttendanceFigures(ctx, m.ID); err != nil {
		return err
	}
	l := reqInfo(r).lang
	return s.render(w, r, http.StatusOK, "meetings/attendance", page{Title: l.T("meetings.attendance.title", "title", m.Title), Data: p})
}
