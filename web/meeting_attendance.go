package web

import (
	"net/http"
	"strconv"

	"birlik/meetings"
	"birlik/spaces"
)

type meetingAttendancePage struct {
	Space   *spaces.Space
	Meeting *meetings.Meeting
	Roll    []meetings.RollEntry
	Started bool
	Figures *meetings.Figures
	// Others are the space's members not on the sheet, who may have come
	// without registering.
	Others []option
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
	cands, err := s.meetings.Candidates(ctx, sp.ID)
	if err != nil {
		return err
	}
	on := map[int64]bool{}
	for _, e := range p.Roll {
		on[e.PersonID] = true
	}
	for _, c := range cands {
		if !on[c.ID] {
			if p.Others == nil {
				p.Others = []option{{"", l.T("meetings.attendance.nobody_else")}}
			}
			p.Others = append(p.Others, option{strconv.FormatInt(c.ID, 10), personLabel(c.Name, c.OrgName)})
		}
	}
	return s.render(w, r, http.StatusOK, "meetings/attendance", page{Title: l.T("meetings.attendance.title", "title", m.Title), Data: p})
}
