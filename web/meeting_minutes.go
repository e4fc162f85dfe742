package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik/meetings"
	"birlik/spaces"
)

type meetingMinutesPage struct {
	Space          *spaces.Space
	Meeting        *meetings.Meeting
	Decisions      []meetings.Decision
	Actions        []*meetings.Action
	Owners         []option
	DecisionChoice []option
	Statuses       []option
	// Which form came back refused: "minutes", "decision" or "action".
	Refused string
}

// meetingMinutes is where staff write a meeting's minutes, record its
// decisions and the follow-up actions, and move actions along.
func (s *Server) meetingMinutes(w http.ResponseWriter, r *http.Request) error {
	return s.renderMinutes(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderMinutes(w http.ResponseWriter, r *http.Request, status int, refused string, f *form) error {
	ctx := r.Context()
	m, sp, err := s.pathMeeting(r)
	if err != nil {
		return err
	}
	p := meetingMinutesPage{Space: sp, Meeting: m, Refused: refused}
	if p.Decisions, err = s.meetings.Decisions(ctx, m.ID); err != nil {
		return err
	}
	if p.Actions, err = s.meetings.MeetingActions(ctx, m.ID); err != nil {
		return err
	}
	l := reqInfo(r).lang
	p.Owners = []option{{"", l.T("meetings.action.no_owner")}}
	roll, err := s.meetings.Roll(ctx, m.ID)
	if err != nil {
		return err
	}
	cands, err := s.meetings.Candidates(ctx, sp.ID)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, e := range roll {
		seen[e.PersonID] = true
		p.Owners = append(p.Owners, option{strconv.FormatInt(e.PersonID, 10), personLabel(e.Name, e.OrgName)})
	}
	for _, c := range cands {
		if !seen[c.ID] {
			seen[c.ID] = true
			p.Owners = append(p.Owners, option{strconv.FormatInt(c.ID, 10), personLabel(c.Name, c.OrgName)})
		}
	}
	p.DecisionChoice = []option{{"", l.T("meetings.action.no_decision")}}
	for _, d := range p.Decisions {
		p.DecisionChoice = append(p.DecisionChoice, option{strconv.FormatInt(d.ID, 10), l.T("meetings.decision.number", "n", d.Number)})
	}
	p.Statuses = actionStatusOptions(r)
	if f == nil {
		f = newForm("meetings", url.Values{"minutes": {m.Minutes}, "version": {strconv.Itoa(m.Version)}})
	} else if refused != "minutes" {
		f.Values.Set("minutes", m.Minutes)
		f.Values.Set("version", strconv.Itoa(m.Version))
	}
	return s.render(w, r, status, "meetings/minutes", page{Title: l.T("meetings.minutes.title", "title", m.Title), Form: f, Data: p})
}

func personLabel(name, org string) string {
	if org == "" {
		return name
	}
	return name + " — " + org
}

func actionStatusOptions(r *http.Request) []option {
	l := reqInfo(r).lang
	var out []option
	for _, st := range meetings.ActionStatuses {
		out = append(out, option{string(st), l.T(st.Key())})
	}
	return out
}
