package web

import (
	"net/http"

	"birlik"
)

// meetingDecisionAdd records a decision under the meeting's next number
// (staff).
func (s *Server) meetingDecisionAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err = s.meetings.AddDecision(r.Context(), id, r.PostForm.Get("decision"))
	if err == nil {
		return s.redirect(w, r, meetingPath(id)+"/minutes#decisions", "flash.meetings.decision_added")
	}
	if c := birlik.ErrorCode(err); c == birlik.EFORBIDDEN || c == birlik.ENOTFOUND {
		return err
	}
	f := newForm("meetings", keep(r.PostForm, "decision"))
	status, err := f.fail(err, "decision")
	if err != nil {
		return err
	}
	return s.renderMinutes(w, r, status, "decision", f)
}
