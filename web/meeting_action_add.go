package web

import (
	"net/http"
	"strconv"

	"birlik"
	"birlik/meetings"
)

// actionFields are the new-action form's fields, in order.
var actionFields = []string{"action_title", "owner_id", "due_on", "decision_id"}

// meetingActionAdd records a follow-up action with its owner and due date
// (staff).
func (s *Server) meetingActionAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	pf := r.PostForm
	act := meetings.Action{MeetingID: id, Title: pf.Get("action_title"), DueOn: pf.Get("due_on")}
	var v birlik.Invalid
	for _, f := range []struct {
		name string
		to   *int64
	}{{"owner_id", &act.OwnerID}, {"decision_id", &act.DecisionID}} {
		if raw := pf.Get(f.name); raw != "" {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || n <= 0 {
				v.Add(f.name, "error.meetings.person_unknown")
			}
			*f.to = n
		}
	}
	if err = v.Err(); err == nil {
		err = s.meetings.AddAction(r.Context(), &act)
	}
	if err == nil {
		return s.redirect(w, r, meetingPath(id)+"/minutes#actions", "flash.meetings.action_added")
	}
	if c := birlik.ErrorCode(err); c == birlik.EFORBIDDEN || c == birlik.ENOTFOUND {
		return err
	}
	// The domain names the title "title"; on this page it is the action's.
	if fe := birlik.FieldErrors(err); fe != nil {
		if k, ok := fe["title"]; ok {
			delete(fe, "title")
			fe["action_title"] = k
		}
	}
	f := newForm("meetings", keep(pf, actionFields...))
	status, err := f.fail(err, actionFields...)
	if err != nil {
		return err
	}
	return s.renderMinutes(w, r, status, "action", f)
}
