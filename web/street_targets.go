package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"birlik"
	"birlik/streets"
)

// streetTargetsPage lists the programme's targets with their progress.
type streetTargetsPage struct {
	Targets []targetRow
	Staff   bool
}

type targetRow struct {
	streets.Target
	Measure  string
	Value    int64
	Baseline int64
	Progress *targetView // nil when the dashboard does not follow it
}

// streetTargets lists the targets, by deadline, with where each stands.
func (s *Server) streetTargets(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	ts, err := s.streets.Targets(ctx)
	if err != nil {
		return err
	}
	d, err := s.streets.Dashboard(ctx, streets.DashboardFilter{})
	if err != nil {
		return err
	}
	views := targetViews(l, d.Targets, s.today())
	p := streetTargetsPage{Staff: birlik.ActorFrom(ctx).Staff()}
	for _, t := range ts {
		row := targetRow{Target: t, Measure: l.T("streets.measure." + string(t.Measure)), Value: measureValue(t.Value), Baseline: measureValue(t.Baseline)}
		for i := range views {
			if views[i].ID == t.ID {
				row.Progress = &views[i]
			}
		}
		p.Targets = append(p.Targets, row)
	}
	return s.render(w, r, http.StatusOK, "streets/targets", page{Title: l.T("streets_web.targets.title"), Data: p})
}

// targetFields are the target form's fields, in the order errors are
// listed.
var targetFields = []string{"measure", "value", "baseline", "baseline_date", "deadline", "notes"}

// targetFromForm reads a target from the form; a number that cannot be
// read is refused here, beside its field, before the service sees it.
func targetFromForm(v url.Values) (streets.Target, error) {
	t := streets.Target{Measure: streets.Measure(v.Get("measure")), BaselineDate: v.Get("baseline_date"), Deadline: v.Get("deadline"),
		Notes: v.Get("notes"), Version: formVersion(v)}
	var bad birlik.Invalid
	for _, f := range []struct {
		name string
		to   *float64
	}{{"value", &t.Value}, {"baseline", &t.Baseline}} {
		n, ok := parseDecimal(v.Get(f.name))
		if !ok {
			bad.Add(f.name, "error.streets_web.number")
		}
		*f.to = n
	}
	return t, bad.Err()
}

// parseDecimal reads a number typed in a form, with a decimal comma or
// point and digit grouping ("20.000", "1 250,5"); empty is 0.
func parseDecimal(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if p := parseCount(s); *p >= 0 {
		return float64(*p), true
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
		return 0, false
	}
	return n, true
}

func targetValues(t *streets.Target) url.Values {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	return url.Values{"measure": {string(t.Measure)}, "value": {num(t.Value)}, "baseline": {num(t.Baseline)},
		"baseline_date": {t.BaselineDate}, "deadline": {t.Deadline}, "notes": {t.Notes}, "version": {strconv.Itoa(t.Version)}}
}

type targetFormPage struct {
	T        *streets.Target // nil for a new target
	New      bool
	Measures []option
}

func (s *Server) renderTargetForm(w http.ResponseWriter, r *http.Request, status int, t *streets.Target, f *form) error {
	l := reqInfo(r).lang
	d := targetFormPage{T: t, New: t == nil,
		Measures: options(l, "", streets.Measures, func(m streets.Measure) string { return "streets.measure." + string(m) })}
	title := l.T("streets_web.target.new_title")
	if t != nil {
		title = l.T("streets_web.target.edit_title", "measure", l.T("streets.measure."+string(t.Measure)))
	}
	return s.render(w, r, status, "streets/target_form", page{Title: title, Form: f, Data: d})
}

// streetTarget returns the target of the path.
func (s *Server) streetTarget(r *http.Request) (*streets.Target, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ts, err := s.streets.Targets(r.Context())
	if err != nil {
		return nil, err
	}
	for i := range ts {
		if ts[i].ID == id {
			return &ts[i], nil
		}
	}
	return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
}

// streetTargetNew shows the empty form.
func (s *Server) streetTargetNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderTargetForm(w, r, http.StatusOK, nil, newForm("streets_web.target", nil))
}

// streetTargetCreate saves a new target.
func (s *Server) streetTargetCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveTarget(w, r, nil)
}

// streetTargetEdit shows a target's form.
func (s *Server) streetTargetEdit(w http.ResponseWriter, r *http.Request) error {
	t, err := s.streetTarget(r)
	if err != nil {
		return err
	}
	return s.renderTargetForm(w, r, http.StatusOK, t, newForm("streets_web.target", targetValues(t)))
}

// streetTargetUpdate saves a target's form.
func (s *Server) streetTargetUpdate(w http.ResponseWriter, r *http.Request) error {
	t, err := s.streetTarget(r)
	if err != nil {
		return err
	}
	return s.saveTarget(w, r, t)
}

// saveTarget saves the form as a new target (old nil) or over old; a
// refused form comes back with its errors beside the fields.
func (s *Server) saveTarget(w http.ResponseWriter, r *http.Request, old *streets.Target) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	t, err := targetFromForm(r.PostForm)
	if err == nil {
		if old != nil {
			t.ID = old.ID
		} else {
			t.Version = 0
		}
		if err = s.streets.SaveTarget(r.Context(), &t); err == nil {
			return s.redirect(w, r, "/streets/targets", "flash.streets_web.target_saved")
		}
	}
	f := newForm("streets_web.target", r.PostForm)
	status, err := f.fail(err, targetFields...)
	if err != nil {
		return err
	}
	if status == http.StatusConflict && old != nil {
		if cur, err := s.streetTarget(r); err == nil {
			old = cur
			f.Values.Set("version", strconv.Itoa(cur.Version))
		}
	}
	return s.renderTargetForm(w, r, status, old, f)
}
