package web

import (
	"net/http"

	"birlik"
	"birlik/meetings"
	"birlik/spaces"
)

type meetingActionsPage struct {
	Space     *spaces.Space
	Actions   []*meetings.Action
	Open      int
	Overdue   int
	CanManage bool
	Statuses  []option
}

// meetingActionsList lists a space's follow-up actions, those still to do
// first; staff change their status from here.
func (s *Server) meetingActionsList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	p := meetingActionsPage{Space: sp, CanManage: birlik.ActorFrom(ctx).Staff(), Statuses: actionStatusOptions(r)}
	if p.Actions, err = s.meetings.SpaceActions(ctx, sp.ID); err != nil {
		return err
	}
	now := s.meetings.Now()
	for _, a := range p.Actions {
		if !a.Status.Closed() {
			p.Open++
		}
		if a.Overdue(now) {
			p.Overdue++
		}
	}
	l := reqInfo(r).lang
	return s.render(w, r, http.StatusOK, "meetings/actions", page{Title: l.T("meetings.actions.title", "space", sp.NameIn(l.Code)), Data: p})
}
