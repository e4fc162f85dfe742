package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"birlik"
	"birlik/locale"
	"birlik/publiclife"
	"birlik/streets"
)

// Shared by the pages of the public-life surveys: the site a page is
// about, the words of the protocol's values, and the components the
// counting form tallies.

// surveySite reads the site of the path's {id}: ENOTFOUND when it does
// not exist or the reader may not read it (a draft of another
// municipality), so that a stranger learns nothing.
func (s *Server) surveySite(r *http.Request) (*streets.Site, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.streets.Site(r.Context(), id)
}

// mayEditSurveys reports whether the reader may enter and import the
// site's surveys; the publiclife service decides again in its queries.
func mayEditSurveys(ctx context.Context, site *streets.Site) bool {
	return streets.MayEdit(birlik.ActorFrom(ctx), site.OrgID)
}

// surveyComponent is one group of counters of the counting form: a
// component of the protocol (gender, age band, …) and its values, in the
// order the form shows them.
type surveyComponent struct {
	Name   string // gender, age, mode, posture, activity, object
	Values []string
	// People is true when the component tallies people (each person
	// once), false for carried objects.
	People bool
}

// surveyComponents are what the counting form tallies, each person once
// per component, with the protocol's values (package publiclife); age
// bands are the detailed ones (the basic bands come only by import), and
// group sizes are left to imports.
var surveyComponents = []surveyComponent{
	{"gender", publiclife.Genders, true},
	{"age", detailedBands(publiclife.AgeBands), true},
	{"mode", publiclife.Modes, true},
	{"posture", publiclife.Postures, true},
	{"activity", publiclife.Activities, true},
	{"object", publiclife.Objects, false},
}

// detailedBands keeps the age bands that are ranges of years ("0-4",
// "75+"), leaving out the basic bands named by a word ("child").
func detailedBands(bands []string) []string {
	var out []string
	for _, b := range bands {
		if strings.ContainsAny(b, "0123456789") {
			out = append(out, b)
		}
	}
	return out
}

// counterField is the form field of one counter: "age_75plus" for the
// band 75+. Field names stay plain words so that they make ids, catalogue
// keys ("surveys.field.age_75plus") and CSS selectors without escaping.
func counterField(component, value string) string {
	return component + "_" + strings.NewReplacer("-", "_", "+", "plus").Replace(value)
}

// valueLabel is the translated name of a protocol value of a component
// ("gender", "female" → "Kadın"); an unknown value is shown as stored.
func valueLabel(l *locale.Lang, component, value string) string {
	key := "publiclife." + component + "." + value
	if t := l.T(key); t != key {
		return t
	}
	return value
}

// countField returns where the count keeps the component's value; nil
// for a component the form does not tally.
func countField(c *publiclife.Count, component string) *string {
	switch component {
	case "gender":
		return &c.Gender
	case "age":
		return &c.Age
	case "mode":
		return &c.Mode
	case "posture":
		return &c.Posture
	case "activity":
		return &c.Activity
	case "object":
		return &c.Object
	}
	return nil
}

// countValue returns the count's value of the component; "" when the
// count does not record it.
func countValue(c publiclife.Count, component string) string {
	if p := countField(&c, component); p != nil {
		return *p
	}
	return ""
}

// tallies sums a survey's counts per component and value: the figures of
// the counting form, and of the survey's page.
func tallies(counts []publiclife.Count) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, c := range counts {
		for _, comp := range surveyComponents {
			if v := countValue(c, comp.Name); v != "" {
				if out[comp.Name] == nil {
					out[comp.Name] = map[string]int{}
				}
				out[comp.Name][v] += c.N
			}
		}
	}
	return out
}

// stageLabel is the translated stage of a study or survey.
func stageLabel(l *locale.Lang, st publiclife.Stage) string {
	return l.T("surveys.stage." + string(st))
}

// surveyPath is the address of a survey's page.
func surveyPath(id int64) string { return "/streets/surveys/" + strconv.FormatInt(id, 10) }

// siteSurveysPath is the address of a site's surveys.
func siteSurveysPath(id int64) string {
	return "/streets/sites/" + strconv.FormatInt(id, 10) + "/surveys"
}
