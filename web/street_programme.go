package web

import (
	"math"
	"net/http"
	"time"

	"birlik/locale"
	"birlik/streets"
)

// streetProgrammePage is the programme's public page: its totals, its
// targets with their progress and projection, its cycles and its map.
type streetProgrammePage struct {
	Totals  streets.Figures
	Area    string
	Targets []targetView
	Cycles  []streetDashRow // each cycle's figures, latest first
	Map     *streetMapView
}

// targetView is a target's progress in words and as a bar: the bar
// repeats the words, it never stands alone.
type targetView struct {
	ID      int64
	Measure string // what it counts, in words
	Percent int    // of the target reached, 0 to 100, for the bar
	Now     string // "12 of 30 streets (40%)"
	Pace    string // "At this pace: 24 of 30 streets by 31 October 2025."
	OnTrack bool
	Verdict string // on track, or off track and by how much
	Notes   string
}

// targetViews says each target's progress; today (YYYY-MM-DD, where
// the union works) tells whether its deadline has passed, after which
// the pace says nothing more and the target was met or missed.
func targetViews(l *locale.Lang, ps []streets.Progress, today string) []targetView {
	out := make([]targetView, 0, len(ps))
	for _, p := range ps {
		m := string(p.Target.Measure)
		current, value, projected := measureValue(p.Current), measureValue(p.Target.Value), measureValue(p.Projected)
		deadline := l.ISODate(p.Target.Deadline)
		v := targetView{
			ID:      p.Target.ID,
			Measure: l.T("streets.measure." + m),
			Percent: int(math.Min(100, math.Max(0, math.Floor(p.Share*100)))),
			Now:     l.T("streets_web.target.now."+m, "current", current, "value", value, "percent", int64(math.Floor(p.Share*100))),
			Pace:    l.T("streets_web.target.pace."+m, "projected", projected, "value", value, "deadline", deadline),
			OnTrack: p.OnTrack,
			Notes:   p.Target.Notes,
		}
		passed := p.Target.Deadline != "" && p.Target.Deadline < today
		switch {
		case passed && current >= value:
			v.Pace, v.OnTrack, v.Verdict = l.T("streets_web.target.passed", "deadline", deadline), true, l.T("streets_web.target.reached")
		case passed:
			v.Pace, v.OnTrack = l.T("streets_web.target.passed", "deadline", deadline), false
			v.Verdict = l.T("streets_web.target.missed."+m, "gap", value-current)
		case p.OnTrack:
			v.Verdict = l.T("streets_web.target.on_track")
		default:
			v.Verdict = l.T("streets_web.target.off_track."+m, "gap", measureValue(p.Target.Value-p.Projected), "deadline", deadline)
		}
		out = append(out, v)
	}
	return out
}

// today is the date where the union works, for deadlines.
func (s *Server) today() string { return time.Now().In(s.loc).Format(time.DateOnly) }

// measureValue rounds a target's figure to a whole number: streets,
// municipalities and children are counted, square metres need no
// decimals at the programme's scale.
func measureValue(v float64) int64 { return int64(math.Round(v)) }

// streetProgramme is the programme's public page. Every figure comes
// from the streets service's dashboard.
func (s *Server) streetProgramme(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	d, err := s.streets.Dashboard(ctx, streets.DashboardFilter{})
	if err != nil {
		return err
	}
	p := streetProgrammePage{Totals: d.Totals, Area: areaText(l, d.Totals.AreaM2), Targets: targetViews(l, d.Targets, s.today())}
	for _, row := range d.ByCycle {
		p.Cycles = append(p.Cycles, streetDashRow{Label: row.Label, Href: "/streets/cycles/" + row.Key, F: row.Figures, Area: areaText(l, row.Figures.AreaM2)})
	}
	sites, err := s.streets.MapSites(ctx, streets.DashboardFilter{}, false)
	if err != nil {
		return err
	}
	if p.Map, err = s.newStreetMap(ctx, l, "streets-overview", streets.DashboardFilter{}, sites); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "streets/programme", page{Title: l.T("streets_web.programme.title"), Data: p})
}
