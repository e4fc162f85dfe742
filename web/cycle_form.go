package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik/streets"
)

// cycleFields are the cycle form's fields, in the order errors are
// listed.
var cycleFields = []string{"year", "name", "partners", "call", "call_opens", "call_closes", "training", "notes"}

// cycleFromForm reads a cycle from the form. A year that is not a number
// is sent as -1, which the service refuses beside the field.
func cycleFromForm(v url.Values) streets.Cycle {
	c := streets.Cycle{Name: v.Get("name"), Partners: v.Get("partners"), Call: v.Get("call"), CallOpens: v.Get("call_opens"),
		CallCloses: v.Get("call_closes"), Training: v.Get("training"), Notes: v.Get("notes"), Version: formVersion(v)}
	year, err := strconv.Atoi(v.Get("year"))
	if err != nil {
		year = -1
	}
	c.Year = year
	return c
}

func cycleValues(c *streets.Cycle) url.Values {
	return url.Values{"year": {strconv.Itoa(c.Year)}, "name": {c.Name}, "partners": {c.Partners}, "call": {c.Call},
		"call_opens": {c.CallOpens}, "call_closes": {c.CallCloses}, "training": {c.Training}, "notes": {c.Notes},
		"version": {strconv.Itoa(c.Version)}}
}

type cycleFormPage struct {
	C   *streets.Cycle // nil for a new cycle
	New bool
}

func (s *Server) renderCycleForm(w http.ResponseWriter, r *http.Request, status int, c *streets.Cycle, f *form) error {
	l := reqInfo(r).lang
	title := l.T("streets_web.cycle.new_title")
	if c != nil {
		title = l.T("streets_web.cycle.edit_title", "name", cycleName(*c))
	}
	return s.render(w, r, status, "streets/cycle_form", page{Title: title, Form: f, Data: cycleFormPage{C: c, New: c == nil}})
}

// cycleNew shows the empty form.
func (s *Server) cycleNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderCycleForm(w, r, http.StatusOK, nil, newForm("streets_web.cycle", nil))
}

// cycleCreate saves a new cycle.
func (s *Server) cycleCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	c := cycleFromForm(r.PostForm)
	c.ID, c.Version = 0, 0
	err := s.streets.SaveCycle(r.Context(), &c)
	if err == nil {
		return s.redirect(w, r, "/streets/cycles/"+strconv.FormatInt(c.ID, 10), "flash.streets_web.cycle_saved")
	}
	f := newForm("streets_web.cycle", r.PostForm)
	status, err := f.fail(err, cycleFields...)
	if err != nil {
		return err
	}
	return s.renderCycleForm(w, r, status, nil, f)
}

// cycleEdit shows a cycle's form.
func (s *Server) cycleEdit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.pathCycle(r)
	if err != nil {
		return err
	}
	return s.renderCycleForm(w, r, http.StatusOK, c, newForm("streets_web.cycle", cycleValues(c)))
}

// cycleUpdate saves a cycle's form; a stale one comes back with 409 and
// the new version, everything typed kept.
func (s *Server) cycleUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	old, err := s.pathCycle(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	c := cycleFromForm(r.PostForm)
	c.ID = old.ID
	err = s.streets.SaveCycle(ctx, &c)
	if err == nil {
		return s.redirect(w, r, "/streets/cycles/"+strconv.FormatInt(c.ID, 10), "flash.streets_web.cycle_saved")
	}
	f := newForm("streets_web.cycle", r.PostForm)
	status, err := f.fail(err, cycleFields...)
	if err != nil {
		return err
	}
	if status == http.StatusConflict {
		if cur, err := s.streets.Cycle(ctx, old.ID); err == nil {
			old = cur
			f.Values.Set("version", strconv.Itoa(cur.Version))
		}
	}
	return s.renderCycleForm(w, r, status, old, f)
}
