package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/documents"
	"birlik/meetings"
	"birlik/notify"
	"birlik/spaces"
)

// needFields are the accessibility needs asked at registration.
var needFields = []string{"sign_language", "childcare", "step_free", "other_needs"}

type meetingShowPage struct {
	Space   *spaces.Space
	Meeting *meetings.Meeting
	Over    bool // the meeting has ended
	Started bool
	// Registration: the actor's own, whether they may register (now, and
	// at all), whom else they may register.
	Mine         *meetings.Registration
	HasSelf      bool // the account is linked to a person
	CanRegister  bool // registration takes people now
	Candidates   []meetings.Person
	Others       []*meetings.Registration // staff: all; a focal point: their municipality's
	CanManage    bool
	Decisions    []meetings.Decision
	Actions      []*meetings.Action
	Figures      *meetings.Figures
	PersonChoice []option
	Follow       followButton
	Documents    documentsBlock // the agenda's papers, the minutes' annexes
}

// meetingShow is a meeting's page: its facts and agenda, the registration
// form with accessibility needs, one's own registration (or place on the
// waiting list) with a way to cancel, the .ics file, and after the
// meeting its minutes, decisions, actions and attendance figures.
func (s *Server) meetingShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderMeeting(w, r, http.StatusOK, nil)
}

// renderMeeting renders a meeting's page; f is the registration form
// when it comes back refused.
func (s *Server) renderMeeting(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	ctx := r.Context()
	a := birlik.ActorFrom(ctx)
	m, sp, err := s.pathMeeting(r)
	if err != nil {
		return err
	}
	now := s.meetings.Now()
	p := meetingShowPage{Space: sp, Meeting: m, Over: m.Over(now), Started: m.Started(now), CanRegister: m.CanRegister(now), CanManage: a.Staff()}
	if a.Signed() {
		self, err := s.meetings.Self(ctx)
		if err != nil {
			return err
		}
		p.HasSelf = self != 0
		if p.Mine, err = s.meetings.MyRegistration(ctx, m.ID); err != nil {
			return err
		}
		if a.Staff() || a.Scoped() {
			if p.Others, err = s.meetings.Registrations(ctx, m.ID); err != nil {
				return err
			}
			if p.CanRegister {
				if p.Candidates, err = s.meetings.Candidates(ctx, sp.ID); err != nil {
					return err
				}
			}
		}
	}
	if p.Decisions, err = s.meetings.Decisions(ctx, m.ID); err != nil {
		return err
	}
	if p.Actions, err = s.meetings.MeetingActions(ctx, m.ID); err != nil {
		return err
	}
	if p.Started {
		if p.Figures, err = s.meetings.AttendanceFigures(ctx, m.ID); err != nil {
			return err
		}
	}
	l := reqInfo(r).lang
	if len(p.Candidates) > 0 {
		if p.HasSelf && p.Mine == nil {
			p.PersonChoice = append(p.PersonChoice, option{"", l.T("meetings.register.myself")})
		} else {
			p.PersonChoice = append(p.PersonChoice, option{"", l.T("meetings.register.choose_person")})
		}
		for _, c := range p.Candidates {
			label := c.Name
			if c.OrgName != "" {
				label += " — " + c.OrgName
			}
			p.PersonChoice = append(p.PersonChoice, option{strconv.FormatInt(c.ID, 10), label})
		}
	}
	p.Follow = s.followButton(r, notify.Meeting, m.ID)
	if p.Documents, err = s.documentsBlock(r, documents.Meeting, m.ID); err != nil {
		return err
	}
	if f == nil {
		f = newForm("meetings", url.Values{})
	}
	return s.render(w, r, status, "meetings/show", page{Title: m.Title, Form: f, Data: p})
}
