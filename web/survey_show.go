package web

import (
	"net/http"
	"strings"

	"birlik/publiclife"
	"birlik/streets"
)

type surveyShowPage struct {
	Site         *streets.Site
	Survey       *publiclife.Survey
	StudyTitle   string
	LocationName string
	LocationKind string
	Temperature  string // as temperatureText
	Groups       []tallyGroup
	CanEdit      bool
	// Saved is the draft the browser may now forget: the counting form's
	// draft id, passed by the redirect after a save; "" otherwise.
	Saved string
}

// tallyGroup is one component's tallies on a survey's page.
type tallyGroup struct {
	Legend string
	Rows   []option // value label → formatted count
	Total  int
}

// surveyShow shows one survey: when, where, in what conditions, and its
// counts per component. The same pattern serves "<table>.csv", one of
// the protocol's tables of every site the reader may read.
func (s *Server) surveyShow(w http.ResponseWriter, r *http.Request) error {
	if strings.HasSuffix(r.PathValue("id"), ".csv") {
		return s.surveyAllExport(w, r)
	}
	ctx := r.Context()
	l := reqInfo(r).lang
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sv, err := s.life.Survey(ctx, id)
	if err != nil {
		return err
	}
	site, err := s.streets.Site(ctx, sv.SiteID)
	if err != nil {
		return err
	}
	d := surveyShowPage{Site: site, Survey: sv, CanEdit: mayEditSurveys(ctx, site), Temperature: temperatureText(l, sv.TemperatureC)}
	if saved := r.URL.Query().Get("saved"); draftIDRE.MatchString(saved) {
		d.Saved = saved
	}
	studies, err := s.life.Studies(ctx, site.ID)
	if err != nil {
		return err
	}
	for _, st := range studies {
		if st.ID == sv.StudyID {
			d.StudyTitle = st.Title
		}
	}
	locs, err := s.life.Locations(ctx, site.ID)
	if err != nil {
		return err
	}
	for _, lc := range locs {
		if lc.ID == sv.LocationID {
			d.LocationName, d.LocationKind = lc.Name, l.T("publiclife.kind."+string(lc.Kind))
		}
	}
	t := tallies(sv.Counts)
	for _, comp := range surveyComponents {
		g := tallyGroup{Legend: l.T("publiclife.component." + comp.Name)}
		for _, val := range comp.Values {
			if n := t[comp.Name][val]; n > 0 {
				g.Rows = append(g.Rows, option{Value: l.Number(n), Label: valueLabel(l, comp.Name, val)})
				g.Total += n
			}
		}
		if len(g.Rows) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	title := l.T("surveys.show.title", "site", site.Name, "date", l.Date(sv.Start.In(s.loc)))
	return s.render(w, r, http.StatusOK, "streets/surveys/show", page{Title: title, Data: d})
}
