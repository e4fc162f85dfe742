package web

import (
	"net/http"
	"net/url"
)

// meetingNew shows the form for a new meeting of a space (staff).
func (s *Server) meetingNew(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	v := url.Values{"capacity": {"0"}, "registration_open": {"1"}}
	return s.renderMeetingForm(w, r, http.StatusOK, sp, nil, newForm("meetings", v), nil)
}
