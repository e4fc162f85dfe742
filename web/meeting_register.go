package web

import (
	"net/http"
	"strconv"

	"birlik"
	"birlik/meetings"
)

// meetingRegister registers the signed-in person, or (staff, a focal
// point for their municipality) the person chosen, with their
// accessibility needs. A full meeting puts them on the waiting list.
func (s *Server) meetingRegister(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	pf := r.PostForm
	var person int64
	if v := pf.Get("person_id"); v != "" {
		if person, err = strconv.ParseInt(v, 10, 64); err != nil || person <= 0 {
			var inv birlik.Invalid
			inv.Add("person_id", "error.meetings.person_unknown")
			return s.registerFailed(w, r, inv.Err())
		}
	}
	needs := meetings.Needs{
		SignLanguage: pf.Get("sign_language") == "1", Childcare: pf.Get("childcare") == "1",
		StepFree: pf.Get("step_free") == "1", Other: pf.Get("other_needs"),
	}
	reg, err := s.meetings.Register(r.Context(), id, person, needs)
	if err != nil {
		return s.registerFailed(w, r, err)
	}
	flash := "flash.meetings.registered"
	if reg.Status == meetings.Waiting {
		flash = "flash.meetings.waiting"
	}
	return s.redirect(w, r, meetingPath(id)+"#registration", flash)
}

// registerFailed shows the meeting again with the registration form as
// typed and what is wrong with it; refusals that are not the form's
// (not found, forbidden) are errors of their own.
func (s *Server) registerFailed(w http.ResponseWriter, r *http.Request, err error) error {
	if c := birlik.ErrorCode(err); c == birlik.EFORBIDDEN || c == birlik.ENOTFOUND {
		return err
	}
	f := newForm("meetings", keep(r.PostForm, append(needFields, "person_id")...))
	status, err := f.fail(err, append([]string{"person_id"}, needFields...)...)
	if err != nil {
		return err
	}
	return s.renderMeeting(w, r, status, f)
}
