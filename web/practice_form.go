package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"birlik"
	"birlik/locale"
	"birlik/network"
	"birlik/practices"
	"birlik/topics"
)

// practiceFields are the form's fields, in the order errors are listed.
var practiceFields = []string{"title", "lang", "org_id", "space_id", "problem", "action", "results", "people_reached",
	"period_start", "period_end", "cost_amount", "cost_currency", "contact_person_id", "contact_text", "themes", "groups", "rights", "sdgs"}

type practiceFormPage struct {
	P          *practices.Practice // nil for a new practice
	New        bool
	ChooseOrg  bool // union staff choose the municipality
	Orgs       orgChoices
	OrgName    string // a focal point's own municipality
	Spaces     []option
	Langs      []option
	Currencies []option
	Tags       []tagGroup
	// People are the choices of contact person: the current people of
	// the municipality; nil when it is still to be chosen.
	People  []option
	Changed []changed // on a conflict: what the other person saved
}

// tagGroup is a group of checkboxes for one vocabulary.
type tagGroup struct {
	Name   string // the form field: themes, groups, rights, sdgs
	Legend string
	Error  string
	Items  []tagItem
}

type tagItem struct {
	ID, Code, Label string
	Checked         bool
}

var tagFields = []struct {
	name string
	kind topics.Kind
}{{"themes", topics.Theme}, {"groups", topics.Group}, {"rights", topics.Right}, {"sdgs", topics.SDG}}

// practiceFromForm reads a practice from the form.
func practiceFromForm(v url.Values) practices.Practice {
	p := practices.Practice{
		OrgID: v.Get("org_id"), Lang: v.Get("lang"), Title: v.Get("title"), Problem: v.Get("problem"), Action: v.Get("action"),
		Results: v.Get("results"), PeopleReached: parseCount(v.Get("people_reached")), PeriodStart: v.Get("period_start"),
		PeriodEnd: v.Get("period_end"), CostAmount: parseCount(v.Get("cost_amount")), CostCurrency: v.Get("cost_currency"),
		ContactText: v.Get("contact_text"), Themes: v["themes"], Groups: v["groups"], Rights: v["rights"], SDGs: v["sdgs"],
		Version: formVersion(v),
	}
	p.SpaceID, _ = strconv.ParseInt(v.Get("space_id"), 10, 64)
	p.ContactPersonID, _ = strconv.ParseInt(v.Get("contact_person_id"), 10, 64)
	return p
}

// practiceValues writes a stored practice into form values.
func practiceValues(p *practices.Practice) url.Values {
	v := url.Values{
		"org_id": {p.OrgID}, "lang": {p.Lang}, "title": {p.Title}, "problem": {p.Problem}, "action": {p.Action},
		"results": {p.Results}, "people_reached": {formatCount(p.PeopleReached)}, "period_start": {p.PeriodStart},
		"period_end": {p.PeriodEnd}, "cost_amount": {formatCount(p.CostAmount)}, "cost_currency": {p.CostCurrency},
		"contact_text": {p.ContactText}, "version": {strconv.Itoa(p.Version)},
		"themes": p.Themes, "groups": p.Groups, "rights": p.Rights, "sdgs": p.SDGs,
	}
	if p.SpaceID != 0 {
		v.Set("space_id", strconv.FormatInt(p.SpaceID, 10))
	}
	if p.ContactPersonID != 0 {
		v.Set("contact_person_id", strconv.FormatInt(p.ContactPersonID, 10))
	}
	return v
}

// renderPracticeForm renders the new or edit form.
func (s *Server) renderPracticeForm(w http.ResponseWriter, r *http.Request, status int, p *practices.Practice, f *form, diff []changed) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	d := practiceFormPage{P: p, New: p == nil, ChooseOrg: a.Staff() && p == nil, Changed: diff}
	if d.ChooseOrg {
		orgs, err := s.orgChoices(ctx, f.Get("org_id"))
		if err != nil {
			return err
		}
		d.Orgs = orgs
	} else if p != nil {
		d.OrgName = p.OrgName
	} else {
		d.OrgName = s.orgName(ctx, a.OrgID)
	}
	org := a.OrgID
	if p != nil {
		org = p.OrgID
	}
	if !d.ChooseOrg && org != "" {
		current := true
		people, _, err := s.network.People(ctx, network.PeopleFilter{OrgID: org, Current: &current, PerPage: network.MaxPerPage})
		if err != nil {
			return err
		}
		d.People = []option{{Value: "", Label: l.T("practices.form.no_person")}}
		for _, pe := range people {
			d.People = append(d.People, option{Value: strconv.FormatInt(pe.ID, 10), Label: pe.GivenName + " " + pe.FamilyName})
		}
	}
	spaceOpts, err := s.practiceSpaceOptions(ctx, l)
	if err != nil {
		return err
	}
	d.Spaces = spaceOpts
	for _, code := range practices.Langs {
		d.Langs = append(d.Langs, option{Value: code, Label: l.T("practices.lang." + code)})
	}
	d.Currencies = []option{{Value: "", Label: l.T("practices.form.no_currency")}}
	for _, c := range practices.Currencies {
		d.Currencies = append(d.Currencies, option{Value: c, Label: c})
	}
	for _, tf := range tagFields {
		g := tagGroup{Name: tf.name, Legend: l.T("practices.field." + tf.name)}
		if key := f.Errors[tf.name]; key != "" {
			g.Error = l.T(key)
		}
		for i, code := range topics.Codes(tf.kind) {
			id := "f-" + tf.name
			if i > 0 {
				id += "-" + code
			}
			g.Items = append(g.Items, tagItem{ID: id, Code: code, Label: l.T(topics.Key(tf.kind, code)), Checked: slices.Contains(f.Values[tf.name], code)})
		}
		d.Tags = append(d.Tags, g)
	}
	title := l.T("practices.form.new_title")
	if p != nil {
		title = l.T("practices.form.edit_title", "title", p.Title)
	}
	return s.render(w, r, status, "practices/form", page{Title: title, Form: f, Data: d})
}

// practiceSpaceOptions lists where a practice may be shared: the public
// library, or a space the actor may read.
func (s *Server) practiceSpaceOptions(ctx context.Context, l *locale.Lang) ([]option, error) {
	choices, err := s.practices.SpaceChoices(ctx)
	if err != nil {
		return nil, err
	}
	out := []option{{Value: "", Label: l.T("practices.form.library")}}
	for _, c := range choices {
		name := c.Name[l.Code]
		if name == "" {
			name = c.Name["tr"]
		}
		out = append(out, option{Value: strconv.FormatInt(c.ID, 10), Label: name})
	}
	return out, nil
}

// practiceNew shows the empty form: Turkish, in the library, or in the
// space named by ?space= (a slug), the page it was opened from.
func (s *Server) practiceNew(w http.ResponseWriter, r *http.Request) error {
	v := url.Values{"lang": {"tr"}}
	if slug := r.URL.Query().Get("space"); slug != "" && len(slug) <= 100 {
		if sp, err := s.spaces.BySlug(r.Context(), slug); err == nil {
			v.Set("space_id", strconv.FormatInt(sp.ID, 10))
		}
	}
	return s.renderPracticeForm(w, r, http.StatusOK, nil, newForm("practices", v), nil)
}

// practiceCreate shares a practice from the form: as a draft, or
// published at once with the publish button.
func (s *Server) practiceCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	p := practiceFromForm(r.PostForm)
	p.Version = 0
	if r.PostForm.Get("publish") != "" {
		p.Status = practices.Published
	}
	err := s.practices.Create(r.Context(), &p)
	if err == nil {
		flash := "flash.practices.saved_draft"
		if p.Status == practices.Published {
			flash = "flash.practices.published"
		}
		return s.redirect(w, r, "/practices/"+strconv.FormatInt(p.ID, 10), flash)
	}
	f := newForm("practices", r.PostForm)
	status, err := f.fail(err, practiceFields...)
	if err != nil {
		return err
	}
	return s.renderPracticeForm(w, r, status, nil, f, nil)
}

// loadEditablePractice reads a practice the actor may change.
func (s *Server) loadEditablePractice(r *http.Request) (*practices.Practice, error) {
	id, err := practiceID(r)
	if err != nil {
		return nil, err
	}
	p, err := s.practices.Practice(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !practices.MayEdit(birlik.ActorFrom(r.Context()), p) {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	return p, nil
}

// practiceEdit shows a practice's form to its municipality and to union
// staff.
func (s *Server) practiceEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadEditablePractice(r)
	if err != nil {
		return err
	}
	return s.renderPracticeForm(w, r, http.StatusOK, p, newForm("practices", practiceValues(p)), nil)
}

// practiceUpdate saves the form. A stale form (someone saved meanwhile)
// comes back with 409, everything typed, what the other person saved,
// and the new version, so that saving again is deliberate.
func (s *Server) practiceUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	old, err := s.loadEditablePractice(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	p := practiceFromForm(r.PostForm)
	p.ID = old.ID
	err = s.practices.Update(ctx, &p)
	if err == nil {
		return s.redirect(w, r, "/practices/"+strconv.FormatInt(p.ID, 10), "flash.practices.saved")
	}
	f := newForm("practices", r.PostForm)
	status, err := f.fail(err, practiceFields...)
	if err != nil {
		return err
	}
	current := old
	var diff []changed
	if status == http.StatusConflict {
		if current, err = s.practices.Practice(ctx, old.ID); err != nil {
			return err
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
		l := reqInfo(r).lang
		diff = differences(l, "practices", r.PostForm, practiceValues(current), func(name, v string) string { return v },
			"title", "lang", "problem", "action", "results", "people_reached", "period_start", "period_end", "cost_amount", "cost_currency", "contact_text")
	}
	return s.renderPracticeForm(w, r, status, current, f, diff)
}
