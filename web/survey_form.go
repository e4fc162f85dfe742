package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"birlik"
	"birlik/locale"
	"birlik/publiclife"
	"birlik/streets"
)

// The counting form: entered on a phone in the street, before and after
// a site's transformation. Without JavaScript each counter is a number
// field; js/survey_counter.js adds − and + buttons, running totals, a
// start/stop clock and a draft kept in the browser until the server has
// confirmed the save.

// surveyFields are the form's fields other than the counters, in the
// order errors are listed.
var surveyFields = []string{"study", "study_title", "location", "location_name", "location_kind", "date", "start", "stop",
	"method", "microclimate", "temperature", "day_kind", "surveyor", "notes", "counts"}

// maxTally bounds one counter, as the service bounds one count.
const maxTally = publiclife.MaxCount

// surveyMethods are the counting methods in the order the form offers
// them: the form is itself a counter app, so digital comes first.
var surveyMethods = []publiclife.Method{publiclife.MethodDigital, publiclife.MethodAnalog, publiclife.MethodVideo}

// Study and location choices that make a new one.
const (
	newStudyBefore = "new-before"
	newStudyAfter  = "new-after"
	newLocation    = "new"
)

// draftIDRE is what a draft id looks like (newDraftID); anything else in
// a form or a link is dropped.
var draftIDRE = regexp.MustCompile(`^[0-9a-f]{16}$`)

// newDraftID names the draft the browser keeps of a form being filled.
func newDraftID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type surveyFormPage struct {
	Site      *streets.Site
	Survey    *publiclife.Survey // nil for a new survey
	Action    string
	Cancel    string
	Studies   []option
	Locations []option
	Kinds     []option
	Methods   []option
	Climates  []option
	DayKinds  []option
	Groups    []counterGroup
	Total     int
	// DraftScope is what the browser files the draft under: a new survey
	// of the site, or the survey being edited.
	DraftScope string
	// Restore is false on a refused form: what it shows is what was
	// typed, newer than any draft.
	Restore bool
	// Detailed is true when some of the survey's stored counts are not
	// tallies the form shows (an import's rows recording several
	// components, a group size or a basic age band): saving the form
	// replaces them with the form's tallies.
	Detailed bool
	Changed  []changed // on a conflict: what the other person saved
	// CountsError is the refusal of the counts as a whole (none at all,
	// say), translated; "" for none.
	CountsError string
}

// counterGroup is one component's counters.
type counterGroup struct {
	Name     string
	Legend   string
	People   bool // counts people, not objects: it makes the running total
	Counters []fieldView
	Total    int
}

// surveyInput is what the form asks to save: the survey, and the study
// and location to create first when the form names new ones.
type surveyInput struct {
	survey      publiclife.Survey
	newStudy    *publiclife.Study
	newLocation *publiclife.Location
}

// readSurveyForm reads the form into a survey for the site. Values that
// cannot even be read (a date that is not one, a count that is not a
// number) are refused here with their fields; the rest is the service's
// to judge.
func (s *Server) readSurveyForm(l *locale.Lang, site *streets.Site, v url.Values) (surveyInput, error) {
	var bad birlik.Invalid
	in := surveyInput{survey: publiclife.Survey{
		SiteID: site.ID, Method: publiclife.Method(v.Get("method")), Microclimate: v.Get("microclimate"),
		DayKind: v.Get("day_kind"), Surveyor: v.Get("surveyor"), Notes: v.Get("notes"), Version: formVersion(v),
	}}
	date := v.Get("date")
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		bad.Add("date", requiredOr(date, "error.surveys.date_invalid"))
	} else {
		for _, f := range []struct {
			name string
			to   *time.Time
		}{{"start", &in.survey.Start}, {"stop", &in.survey.Stop}} {
			t, err := s.surveyTime(date, v.Get(f.name))
			if err != nil {
				bad.Add(f.name, requiredOr(v.Get(f.name), "error.surveys.time_invalid"))
			}
			*f.to = t
		}
	}
	if t := v.Get("temperature"); t != "" {
		// A decimal comma as Turkish and French write it; the range is
		// the service's to judge.
		c, err := strconv.ParseFloat(strings.Replace(t, ",", ".", 1), 64)
		if err != nil || math.IsNaN(c) || math.IsInf(c, 0) {
			bad.Add("temperature", "error.surveys.temperature_invalid")
		}
		in.survey.TemperatureC = &c
	}
	switch study := v.Get("study"); study {
	case newStudyBefore, newStudyAfter:
		stage := publiclife.Before
		if study == newStudyAfter {
			stage = publiclife.After
		}
		title := v.Get("study_title")
		if title == "" {
			title = l.T("surveys.study.default_title", "site", site.Name, "stage", stageLabel(l, stage), "year", strings.SplitN(date, "-", 2)[0])
		}
		in.newStudy = &publiclife.Study{SiteID: site.ID, Title: title, Stage: stage, StartDate: date, EndDate: date,
			ManagerName: v.Get("surveyor"), Organisation: site.OrgName}
		in.survey.Stage = stage
	default:
		id, err := strconv.ParseInt(study, 10, 64)
		if err != nil || id <= 0 {
			bad.Add("study", "error.surveys.choice_invalid")
		}
		in.survey.StudyID = id
	}
	if loc := v.Get("location"); loc == newLocation {
		in.newLocation = &publiclife.Location{SiteID: site.ID, Name: v.Get("location_name"), Kind: publiclife.LocationKind(v.Get("location_kind"))}
		if in.newLocation.Name == "" {
			bad.Add("location_name", "error.surveys.required")
		}
	} else {
		id, err := strconv.ParseInt(loc, 10, 64)
		if err != nil || id <= 0 {
			bad.Add("location", "error.surveys.choice_invalid")
		}
		in.survey.LocationID = id
	}
	for _, comp := range surveyComponents {
		for _, val := range comp.Values {
			name := counterField(comp.Name, val)
			raw := v.Get(name)
			if raw == "" {
				continue
			}
			n, ok := readTally(raw)
			if !ok {
				if !bad.Has("counts") {
					bad.AddArgs("counts", "error.surveys.count_invalid", "name", valueLabel(l, comp.Name, val), "max", maxTally)
				}
				continue
			}
			if n > 0 {
				c := publiclife.Count{N: n}
				*countField(&c, comp.Name) = val
				in.survey.Counts = append(in.survey.Counts, c)
			}
		}
	}
	return in, bad.Err()
}

// tallied reports whether a stored count is one of the form's tallies:
// one component the form counts, with one of the form's values.
func tallied(c publiclife.Count) bool {
	if c.Group != "" {
		return false
	}
	set := 0
	for _, comp := range surveyComponents {
		if v := countValue(c, comp.Name); v != "" {
			if !slices.Contains(comp.Values, v) {
				return false
			}
			set++
		}
	}
	return set == 1
}

// readTally reads one counter: a whole number from 0 to maxTally; an
// empty counter is 0.
func readTally(raw string) (int, bool) {
	if raw == "" {
		return 0, true
	}
	n, err := strconv.Atoi(raw)
	return n, err == nil && n >= 0 && n <= maxTally
}

// requiredOr is the error of a field that could not be read: required
// when it is empty, else key.
func requiredOr(value, key string) string {
	if value == "" {
		return "error.surveys.required"
	}
	return key
}

// surveyTime reads a time of day ("09:30", or "09:30:00" from browsers
// that add seconds) on a date, in the union's time zone.
func (s *Server) surveyTime(date, clock string) (time.Time, error) {
	if len(clock) == len("15:04:05") {
		clock = clock[:5]
	}
	return time.ParseInLocation("2006-01-02 15:04", date+" "+clock, s.loc)
}

// saveSurveyInput creates the new study and location the form names,
// then saves the survey. A study or location made before the survey is
// refused stays, and the form comes back with it chosen, so that sending
// it again does not make a second one.
func (s *Server) saveSurveyInput(r *http.Request, in *surveyInput, f *form) error {
	ctx := r.Context()
	if st := in.newStudy; st != nil {
		if err := s.life.SaveStudy(ctx, st); err != nil {
			return renamedFields(err, map[string]string{"title": "study_title", "manager_name": "surveyor", "start_date": "date", "end_date": "date"}, "study")
		}
		in.survey.StudyID = st.ID
		f.Values.Set("study", strconv.FormatInt(st.ID, 10))
		in.newStudy = nil
	}
	if loc := in.newLocation; loc != nil {
		if err := s.life.SaveLocation(ctx, loc); err != nil {
			return renamedFields(err, map[string]string{"name": "location_name", "kind": "location_kind"}, "location")
		}
		in.survey.LocationID = loc.ID
		f.Values.Set("location", strconv.FormatInt(loc.ID, 10))
		in.newLocation = nil
	}
	return renamedFields(s.life.SaveSurvey(ctx, &in.survey), surveyFieldNames, "")
}

// surveyFieldNames maps the publiclife service's field names to the
// form's, where they differ.
var surveyFieldNames = map[string]string{
	"study_id": "study", "location_id": "location", "temperature_c": "temperature",
}

// renamedFields returns err with its field errors moved to the form's
// fields: a field in names takes its new name, any other field becomes
// rest when rest is not "". Other errors pass unchanged.
func renamedFields(err error, names map[string]string, rest string) error {
	var e *birlik.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	var v birlik.Invalid
	for name, key := range e.Fields {
		to, ok := names[name]
		switch {
		case ok:
		case strings.HasPrefix(name, "counts."):
			to = "counts" // counts.<i>.<attribute>: the form sends only the protocol's values, so this is rare
		case rest != "":
			to = rest
		default:
			to = name
		}
		if !v.Has(to) {
			v.AddArgs(to, key, e.FieldArgs[name]...)
		}
	}
	out := v.Err().(*birlik.Error)
	out.Code = e.Code
	return out
}

// surveyValues writes a stored survey into form values.
func (s *Server) surveyValues(sv *publiclife.Survey) url.Values {
	start, stop := sv.Start.In(s.loc), sv.Stop.In(s.loc)
	v := url.Values{
		"study": {strconv.FormatInt(sv.StudyID, 10)}, "location": {strconv.FormatInt(sv.LocationID, 10)},
		"date": {start.Format(time.DateOnly)}, "start": {start.Format("15:04")}, "stop": {stop.Format("15:04")},
		"method": {string(sv.Method)}, "microclimate": {sv.Microclimate}, "day_kind": {sv.DayKind},
		"surveyor": {sv.Surveyor}, "notes": {sv.Notes}, "version": {strconv.Itoa(sv.Version)},
	}
	if sv.TemperatureC != nil {
		v.Set("temperature", strconv.FormatFloat(*sv.TemperatureC, 'f', -1, 64))
	}
	for comp, vals := range tallies(sv.Counts) {
		for val, n := range vals {
			v.Set(counterField(comp, val), strconv.Itoa(n))
		}
	}
	return v
}

// newSurveyValues are the form's first values on the site: today, the
// kind of day it is, the study of the stage the site is at (the latest
// one, or a new one), and the site's first location (or a new area named
// after the site, so that a first count needs nothing but counting).
func (s *Server) newSurveyValues(site *streets.Site, studies []publiclife.Study, locs []publiclife.Location) url.Values {
	now := s.life.Now().In(s.loc)
	day := "weekday"
	if wd := now.Weekday(); wd == time.Saturday || wd == time.Sunday {
		day = "weekend"
	}
	stage, study := publiclife.Before, newStudyBefore
	if site.Phase.Transformed() {
		stage, study = publiclife.After, newStudyAfter
	}
	for _, st := range studies {
		if st.Stage == stage {
			study = strconv.FormatInt(st.ID, 10) // the latest of the stage: studies come latest first
			break
		}
	}
	v := url.Values{"date": {now.Format(time.DateOnly)}, "day_kind": {day}, "method": {string(publiclife.MethodDigital)},
		"study": {study}, "location": {newLocation}, "location_kind": {string(publiclife.Area)}, "location_name": {site.Name}}
	if len(locs) > 0 {
		v.Set("location", strconv.FormatInt(locs[0].ID, 10))
	}
	return v
}

// renderSurveyForm renders the counting form, new (sv nil) or of a
// stored survey.
func (s *Server) renderSurveyForm(w http.ResponseWriter, r *http.Request, status int, site *streets.Site, sv *publiclife.Survey, f *form, diff []changed) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	studies, err := s.life.Studies(ctx, site.ID)
	if err != nil {
		return err
	}
	locs, err := s.life.Locations(ctx, site.ID)
	if err != nil {
		return err
	}
	if f == nil {
		f = newForm("surveys", s.newSurveyValues(site, studies, locs))
	}
	if !draftIDRE.MatchString(f.Get("draft")) {
		f.Values.Set("draft", newDraftID())
	}
	d := surveyFormPage{Site: site, Survey: sv, Restore: !f.Invalid(), Changed: diff, CountsError: f.errorText(l, "counts")}
	if sv == nil {
		d.Action, d.Cancel = siteSurveysPath(site.ID), siteSurveysPath(site.ID)
		d.DraftScope = "site-" + strconv.FormatInt(site.ID, 10)
	} else {
		d.Action, d.Cancel = surveyPath(sv.ID), surveyPath(sv.ID)
		d.DraftScope = "survey-" + strconv.FormatInt(sv.ID, 10)
		for _, c := range sv.Counts {
			d.Detailed = d.Detailed || !tallied(c)
		}
	}
	for _, st := range studies {
		d.Studies = append(d.Studies, option{Value: strconv.FormatInt(st.ID, 10),
			Label: l.T("surveys.form.study_option", "title", st.Title, "stage", stageLabel(l, st.Stage))})
	}
	d.Studies = append(d.Studies, option{Value: newStudyBefore, Label: l.T("surveys.form.new_study_before")},
		option{Value: newStudyAfter, Label: l.T("surveys.form.new_study_after")})
	for _, lc := range locs {
		d.Locations = append(d.Locations, option{Value: strconv.FormatInt(lc.ID, 10),
			Label: l.T("surveys.form.location_option", "name", lc.Name, "kind", l.T("publiclife.kind."+string(lc.Kind)))})
	}
	d.Locations = append(d.Locations, option{Value: newLocation, Label: l.T("surveys.form.new_location")})
	for _, k := range []publiclife.LocationKind{publiclife.Area, publiclife.Line} {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: l.T("publiclife.kind." + string(k))})
	}
	for _, m := range surveyMethods {
		d.Methods = append(d.Methods, option{Value: string(m), Label: l.T("publiclife.method." + string(m))})
	}
	d.Climates = []option{{Value: "", Label: l.T("surveys.form.not_noted")}}
	for _, c := range publiclife.Microclimates {
		d.Climates = append(d.Climates, option{Value: c, Label: l.T("publiclife.microclimate." + c)})
	}
	for _, k := range publiclife.DayKinds {
		d.DayKinds = append(d.DayKinds, option{Value: k, Label: l.T("publiclife.day_kind." + k)})
	}
	for _, comp := range surveyComponents {
		g := counterGroup{Name: comp.Name, Legend: l.T("publiclife.component." + comp.Name), People: comp.People}
		for _, val := range comp.Values {
			fv := newField(l, f, counterField(comp.Name, val), "number", []string{"max=" + strconv.Itoa(maxTally)})
			fv.Label = valueLabel(l, comp.Name, val)
			if n, ok := readTally(fv.Value); !ok {
				fv.Error = l.T("error.surveys.count_invalid_here", "max", maxTally) // the summary names the first
				fv.Describedby = fv.ID + "-error"
			} else {
				g.Total += n
			}
			g.Counters = append(g.Counters, fv)
		}
		if comp.People {
			d.Total = max(d.Total, g.Total) // as peopleCounted
		}
		d.Groups = append(d.Groups, g)
	}
	title := l.T("surveys.form.new_title", "site", site.Name)
	if sv != nil {
		title = l.T("surveys.form.edit_title", "site", site.Name)
	}
	return s.render(w, r, status, "streets/surveys/form", page{Title: title, Form: f, Data: d})
}

// surveyNew shows an empty counting form for the site, to those who may
// enter its surveys.
func (s *Server) surveyNew(w http.ResponseWriter, r *http.Request) error {
	site, err := s.surveySite(r)
	if err != nil {
		return err
	}
	if !mayEditSurveys(r.Context(), site) {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	return s.renderSurveyForm(w, r, http.StatusOK, site, nil, nil, nil)
}

// surveyCreate saves a counted survey and goes to its page, whose
// address tells the browser's script which draft it may now forget.
func (s *Server) surveyCreate(w http.ResponseWriter, r *http.Request) error {
	site, err := s.surveySite(r)
	if err != nil {
		return err
	}
	// Another municipality's site is refused before its form is judged.
	if err := s.life.MayWrite(r.Context(), site.ID); err != nil {
		return err
	}
	f, status, err := s.saveSurveyForm(w, r, site, 0)
	if err != nil || f == nil {
		return err
	}
	return s.renderSurveyForm(w, r, status, site, nil, f, nil)
}

// saveSurveyForm saves the posted form as the site's survey id (0: a new
// one) and redirects to the survey's page, returning a nil form. A
// refused form comes back with the status to render it again with.
func (s *Server) saveSurveyForm(w http.ResponseWriter, r *http.Request, site *streets.Site, id int64) (*form, int, error) {
	if err := parseForm(w, r); err != nil {
		return nil, 0, err
	}
	f := newForm("surveys", r.PostForm)
	in, err := s.readSurveyForm(reqInfo(r).lang, site, r.PostForm)
	if err == nil && id == 0 {
		var dup int64
		if dup, err = s.savedBefore(r, &in); err != nil {
			return nil, 0, err
		}
		if dup != 0 {
			return nil, 0, s.redirect(w, r, savedSurveyPath(dup, f.Get("draft")), "flash.surveys.already_saved")
		}
	}
	if err == nil {
		in.survey.ID = id
		if id == 0 {
			in.survey.Version = 0
		}
		err = s.saveSurveyInput(r, &in, f)
	}
	if err == nil {
		return nil, 0, s.redirect(w, r, savedSurveyPath(in.survey.ID, f.Get("draft")), "flash.surveys.saved")
	}
	status, err := f.fail(err, surveyFields...)
	return f, status, err
}

// savedBefore returns the id of a survey of the site that is the one
// the form holds, already saved: the same session (start, stop,
// surveyor), place and study (or new ones) and the same counts. A phone
// that lost the answer to its first send, and sends the draft again,
// then finds its survey instead of saving it twice. 0 for none.
func (s *Server) savedBefore(r *http.Request, in *surveyInput) (int64, error) {
	ctx := r.Context()
	sv := &in.survey
	list, err := s.life.Surveys(ctx, sv.SiteID)
	if err != nil {
		return 0, err
	}
	for _, old := range list {
		if !old.Start.Equal(sv.Start) || !old.Stop.Equal(sv.Stop) || old.Surveyor != sv.Surveyor ||
			(in.newLocation == nil && old.LocationID != sv.LocationID) || (in.newStudy == nil && old.StudyID != sv.StudyID) {
			continue
		}
		full, err := s.life.Survey(ctx, old.ID)
		if err != nil {
			return 0, err
		}
		if slices.Equal(full.Counts, sv.Counts) {
			return old.ID, nil
		}
	}
	return 0, nil
}

// savedSurveyPath is the survey's page after a save, telling the draft
// that was saved.
func savedSurveyPath(id int64, draft string) string {
	if !draftIDRE.MatchString(draft) {
		return surveyPath(id)
	}
	return surveyPath(id) + "?saved=" + draft
}

// loadEditableSurvey reads the survey of the path and its site, for
// those who may change them: another municipality's survey is refused
// (403) when its site is public, not found when it is a draft.
func (s *Server) loadEditableSurvey(r *http.Request) (*publiclife.Survey, *streets.Site, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	sv, err := s.life.Survey(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	site, err := s.streets.Site(r.Context(), sv.SiteID)
	if err != nil {
		return nil, nil, err
	}
	if !mayEditSurveys(r.Context(), site) {
		return nil, nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	return sv, site, nil
}

// surveyEdit shows a stored survey's counting form.
func (s *Server) surveyEdit(w http.ResponseWriter, r *http.Request) error {
	sv, site, err := s.loadEditableSurvey(r)
	if err != nil {
		return err
	}
	return s.renderSurveyForm(w, r, http.StatusOK, site, sv, newForm("surveys", s.surveyValues(sv)), nil)
}

// surveyUpdate saves a stored survey's form. A stale form (someone saved
// meanwhile) comes back with 409, everything typed kept, what the other
// person saved, and the new version.
func (s *Server) surveyUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	old, site, err := s.loadEditableSurvey(r)
	if err != nil {
		return err
	}
	f, status, err := s.saveSurveyForm(w, r, site, old.ID)
	if err != nil || f == nil {
		return err
	}
	current := old
	var diff []changed
	if status == http.StatusConflict {
		if current, err = s.life.Survey(ctx, old.ID); err != nil {
			return err
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
		diff = differences(reqInfo(r).lang, "surveys", r.PostForm, s.surveyValues(current), func(name, v string) string { return v },
			"date", "start", "stop", "method", "microclimate", "temperature", "day_kind", "surveyor", "notes")
	}
	return s.renderSurveyForm(w, r, status, site, current, f, diff)
}
