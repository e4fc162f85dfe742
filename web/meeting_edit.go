package web

import "net/http"

// meetingEdit shows the form for a meeting's details and agenda (staff).
func (s *Server) meetingEdit(w http.ResponseWriter, r *http.Request) error {
	m, sp, err := s.pathMeeting(r)
	if err != nil {
		return err
	}
	return s.renderMeetingForm(w, r, http.StatusOK, sp, m, newForm("meetings", s.meetingValues(m)), nil)
}
