package web

import (
	"net/http"

	"birlik"
)

// meetingCreate adds a meeting to a space (staff); a refused form comes
// back with everything typed and every problem shown.
func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	pf := r.PostForm
	var v birlik.Invalid
	m := s.meetingFromForm(pf, &v)
	m.SpaceID = sp.ID
	if err = v.Err(); err == nil {
		err = s.meetings.Create(r.Context(), &m)
	} else {
		meetingsValidate(&m, &v)
		err = v.Err()
	}
	if err == nil {
		s.tellMeeting(r, "meeting.scheduled", "notify.event.meeting_scheduled", sp, &m)
		return s.redirect(w, r, meetingPath(m.ID), "flash.meetings.created")
	}
	if c := birlik.ErrorCode(err); c == birlik.EFORBIDDEN || c == birlik.ENOTFOUND {
		return err
	}
	f := newForm("meetings", pf)
	status, err := f.fail(err, meetingFields...)
	if err != nil {
		return err
	}
	return s.renderMeetingForm(w, r, status, sp, nil, f, nil)
}
