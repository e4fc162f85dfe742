package web

import (
	"net/http"

	"birlik/locale"
	"birlik/publiclife"
	"birlik/streets"
)

type surveyListPage struct {
	Site      *streets.Site
	Studies   []publiclife.Study
	Locations []publiclife.Location
	Surveys   []surveyRow
	Tables    []string // the protocol's tables, for the export links
	CanEdit   bool
}

// surveyRow is a survey as the list shows it, with the names of its
// study and location.
type surveyRow struct {
	publiclife.Survey
	StudyTitle   string
	LocationName string
	Temperature  string // "18,5 °C"; "" when not taken
}

// surveyList shows a site's studies, locations and surveys, with the
// links to count, import and export. Whoever may read the site reads it.
func (s *Server) surveyList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	site, err := s.surveySite(r)
	if err != nil {
		return err
	}
	d := surveyListPage{Site: site, Tables: publiclife.Tables, CanEdit: mayEditSurveys(ctx, site)}
	if d.Studies, err = s.life.Studies(ctx, site.ID); err != nil {
		return err
	}
	if d.Locations, err = s.life.Locations(ctx, site.ID); err != nil {
		return err
	}
	svs, err := s.life.Surveys(ctx, site.ID)
	if err != nil {
		return err
	}
	studies := map[int64]string{}
	for _, st := range d.Studies {
		studies[st.ID] = st.Title
	}
	locs := map[int64]string{}
	for _, lc := range d.Locations {
		locs[lc.ID] = lc.Name
	}
	for _, sv := range svs {
		d.Surveys = append(d.Surveys, surveyRow{Survey: sv, StudyTitle: studies[sv.StudyID], LocationName: locs[sv.LocationID],
			Temperature: temperatureText(l, sv.TemperatureC)})
	}
	return s.render(w, r, http.StatusOK, "streets/surveys/list", page{Title: l.T("surveys.list.title", "site", site.Name), Data: d})
}

// temperatureText says a temperature taken, "" for none.
func temperatureText(l *locale.Lang, c *float64) string {
	if c == nil {
		return ""
	}
	return l.T("surveys.celsius", "n", *c)
}
