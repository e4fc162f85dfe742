package web

import (
	"net/http"
	"strconv"
)

// meetingICS serves a meeting as an .ics file to add to a calendar; its
// event links back to the meeting's page.
func (s *Server) meetingICS(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	data, err := s.meetings.MeetingCalendar(r.Context(), id, s.cfg.BaseURL)
	if err != nil {
		return err
	}
	return writeCalendar(w, "meeting-"+strconv.FormatInt(id, 10)+".ics", data)
}

// meetingCalendar serves a space's calendar feed: its meetings, each
// linking back to its page. Calendar programs subscribe to it; a private
// space's feed is not found for whom the space is not for.
func (s *Server) meetingCalendar(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	l := reqInfo(r).lang
	data, err := s.meetings.SpaceCalendar(r.Context(), sp.ID, sp.NameIn(l.Code), s.cfg.BaseURL)
	if err != nil {
		return err
	}
	return writeCalendar(w, sp.Slug+".ics", data)
}

func writeCalendar(w http.ResponseWriter, name string, data []byte) error {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err := w.Write(data)
	return err
}
