package web

import (
	"net/http"
	"strconv"

	"birlik"
	"birlik/meetings"
)

// meetingUpdate saves a meeting's details and agenda (staff). A stale
// form answers 409 with everything typed kept and what someone else saved
// listed. People a larger capacity lets in are told by e-mail.
func (s *Server) meetingUpdate(w http.ResponseWriter, r *http.Request) error {
	old, sp, err := s.pathMeeting(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	pf := r.PostForm
	var v birlik.Invalid
	m := s.meetingFromForm(pf, &v)
	m.ID = old.ID
	var promoted []meetings.Promoted
	if err = v.Err(); err == nil {
		promoted, err = s.meetings.Update(r.Context(), &m)
	} else {
		meetingsValidate(&m, &v)
		err = v.Err()
	}
	if err == nil {
		s.tellPromoted(r, promoted)
		return s.redirect(w, r, meetingPath(m.ID), "flash.meetings.saved")
	}
	if c := birlik.ErrorCode(err); c == birlik.EFORBIDDEN || c == birlik.ENOTFOUND {
		return err
	}
	f := newForm("meetings", pf)
	status, err := f.fail(err, meetingFields...)
	if err != nil {
		return err
	}
	current := old
	var diff []changed
	if status == http.StatusConflict {
		if current, err = s.meetings.Meeting(r.Context(), old.ID); err != nil {
			return err
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
		l := reqInfo(r).lang
		diff = differences(l, "meetings", pf, s.meetingValues(current), func(name, v string) string {
			if name == "format" && v != "" {
				return l.T(meetings.Format(v).Key())
			}
			return v
		}, "title", "description", "format", "starts_at", "ends_at", "place", "address", "online_url", "capacity")
	}
	return s.renderMeetingForm(w, r, status, sp, current, f, diff)
}

// meetingsValidate adds the domain's checks to what the page found
// unreadable, so that a form shows every problem at once.
func meetingsValidate(m *meetings.Meeting, v *birlik.Invalid) { meetings.Validate(m, v) }
