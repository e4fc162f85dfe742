package web

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"birlik"
	"birlik/locale"
	"birlik/streets"
)

// cycleShowPage is a cycle's page: its call, partners and training, the
// municipalities that applied and where each stands, and the forms to
// apply (a focal point) and to decide (union staff).
type cycleShowPage struct {
	C            *streets.Cycle
	Area         string
	Partners     []string
	Cities       []string // province names
	Participants []participantRow
	Staff        bool
	CanApply     bool // a focal point whose municipality has not applied
	Statuses     []option
	Trainings    []option
	Orgs         orgChoices // staff add a municipality
	// FormOrg is the municipality whose form was refused ("" the
	// application or the staff's new participant), so that its errors
	// and typed values show in its own form only.
	FormOrg string
}

// participantRow is a municipality's application with its form.
type participantRow struct {
	streets.Participant
	StatusLabel   string
	TrainingLabel string
	CanEdit       bool // staff, or the municipality's focal point while applied
}

// cycleShow shows a cycle.
func (s *Server) cycleShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCycle(r)
	if err != nil {
		return err
	}
	return s.renderCycleShow(w, r, http.StatusOK, c, nil, "")
}

// pathCycle reads the cycle of the path.
func (s *Server) pathCycle(r *http.Request) (*streets.Cycle, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.streets.Cycle(r.Context(), id)
}

// renderCycleShow renders a cycle's page; f is a refused participant
// form of the municipality org, or nil.
func (s *Server) renderCycleShow(w http.ResponseWriter, r *http.Request, status int, c *streets.Cycle, f *form, org string) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	ps, err := s.streets.Participants(ctx, c.ID)
	if err != nil {
		return err
	}
	d := cycleShowPage{C: c, Area: areaText(l, c.AreaM2), Staff: a.Staff(), CanApply: a.Scoped() && a.OrgID != "", FormOrg: org,
		Statuses: participantStatusOptions(l), Trainings: trainingOptions(l)}
	for _, line := range strings.Split(c.Partners, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			d.Partners = append(d.Partners, line)
		}
	}
	names := map[string]string{}
	for _, p := range ps {
		names[p.ProvinceID] = p.ProvinceName
		if p.OrgID == a.OrgID {
			d.CanApply = false
		}
		d.Participants = append(d.Participants, participantRow{Participant: p, StatusLabel: l.T("streets.participant." + string(p.Status)),
			TrainingLabel: l.T("streets.training." + string(p.Training)),
			CanEdit:       a.Staff() || (a.Scoped() && a.OrgID == p.OrgID && p.Status == streets.Applied)})
	}
	for _, id := range c.Cities {
		d.Cities = append(d.Cities, cmp.Or(names[id], id))
	}
	if d.Staff {
		if d.Orgs, err = s.orgChoices(ctx); err != nil {
			return err
		}
	}
	if f == nil {
		f = newForm("streets_web.participant", url.Values{})
	}
	return s.render(w, r, status, "streets/cycle", page{Title: cycleName(*c), Form: f, Data: d})
}

func participantStatusOptions(l *locale.Lang) []option {
	return options(l, "", []streets.ParticipantStatus{streets.Applied, streets.Selected, streets.Declined, streets.Withdrawn},
		func(s streets.ParticipantStatus) string { return "streets.participant." + string(s) })
}

func trainingOptions(l *locale.Lang) []option {
	return options(l, "", []streets.TrainingStatus{streets.TrainingNotStarted, streets.TrainingOngoing, streets.TrainingCompleted},
		func(t streets.TrainingStatus) string { return "streets.training." + string(t) })
}

// participantFields are the participant forms' fields, in the order
// errors are listed.
var participantFields = []string{"org_id", "status", "training", "team", "notes"}

// cycleApply records the focal point's municipality's application.
func (s *Server) cycleApply(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.pathCycle(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	p := streets.Participant{CycleID: c.ID, OrgID: birlik.ActorFrom(ctx).OrgID, Status: streets.Applied,
		Team: r.PostForm.Get("team"), Notes: r.PostForm.Get("notes"), Training: streets.TrainingNotStarted}
	if err := s.streets.SaveParticipant(ctx, &p); err != nil {
		return s.refuseParticipant(w, r, c, err, "")
	}
	return s.redirect(w, r, "/streets/cycles/"+strconv.FormatInt(c.ID, 10)+"#participants", "flash.streets_web.applied")
}

// cycleParticipantSave adds a municipality to a cycle or changes its
// application: union staff decide and follow the training; the
// municipality's focal point edits its team while it has applied. The
// service decides who may do what.
func (s *Server) cycleParticipantSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := s.pathCycle(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := r.PostForm
	org := r.PathValue("org")
	if org == "new" { // the staff's form to add a municipality names it in a field
		org = v.Get("org_id")
	}
	p := streets.Participant{CycleID: c.ID, OrgID: org, Status: streets.ParticipantStatus(v.Get("status")),
		Training: streets.TrainingStatus(v.Get("training")), Team: v.Get("team"), Notes: v.Get("notes")}
	if _, sent := v["version"]; sent {
		p.Version = formVersion(v)
	}
	if err := s.streets.SaveParticipant(ctx, &p); err != nil {
		return s.refuseParticipant(w, r, c, err, r.PathValue("org"))
	}
	return s.redirect(w, r, "/streets/cycles/"+strconv.FormatInt(c.ID, 10)+"#participants", "flash.streets_web.participant_saved")
}

// refuseParticipant shows the cycle's page again with the refused form's
// errors beside its fields; an error that is not the user's to fix is
// returned.
func (s *Server) refuseParticipant(w http.ResponseWriter, r *http.Request, c *streets.Cycle, err error, org string) error {
	if code := birlik.ErrorCode(err); code == birlik.EFORBIDDEN || code == birlik.ENOTFOUND {
		return err
	}
	f := newForm("streets_web.participant", r.PostForm)
	status, err := f.fail(err, participantFields...)
	if err != nil {
		return err
	}
	return s.renderCycleShow(w, r, status, c, f, org)
}
