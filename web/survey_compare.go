package web

import (
	"math"
	"net/http"
	"slices"
	"sort"
	"strings"

	"birlik/locale"
	"birlik/publiclife"
	"birlik/streets"
)

// The before/after page of a site: what the counts show before and after
// its transformation, side by side, with the conditions of each side and
// the service's warnings when they differ.

type surveyComparePage struct {
	Site     *streets.Site
	Cmp      *publiclife.Comparison
	Warnings []string // translated
	// Empty names the side with no survey yet ("before", "after", "both"),
	// "" when both sides have surveys.
	Empty   string
	Charts  []surveyChart
	Before  surveyConditions
	After   surveyConditions
	CanEdit bool
}

// surveyConditions are the conditions one side's surveys were made in.
type surveyConditions struct {
	Surveys int
	Hours   string
	// The rest are translated and listed for reading ("hafta içi,
	// hafta sonu"); "" when no survey of the side recorded them. Windows
	// are the times of day counted (morning, afternoon, …); Temperature is
	// the mean of those taken.
	DayKinds, Weather, Temperature, Methods, Windows string
}

// surveyChart is one before/after bar chart and the table beside it.
type surveyChart struct {
	ID, Title, Measure      string
	BeforeShort, AfterShort string
	Width, Height           int
	BarX, BarH              float64
	Rows                    []chartRow
}

// chartRow is one measure of a chart: its bars' geometry and the numbers
// as the page prints them.
type chartRow struct {
	Label                                            string
	Y, BeforeY, AfterY, BeforeW, AfterW              float64
	BeforeTextX, BeforeTextY, AfterTextX, AfterTextY float64
	BeforeText, AfterText, ChangeText                string
}

// The charts' drawing: a label line above two bars per row, in a box
// narrow enough that its text stays legible when a phone shrinks it.
const (
	chartWidth  = 400
	chartBarMax = 270 // the longest bar; the rest is left for its number
	chartBarH   = 18
	chartRowH   = 16 + 2*(chartBarH+4) + 12
)

// surveyCompare shows the site's before and after. It is public for
// published sites; a draft answers 404 to whoever may not read it.
func (s *Server) surveyCompare(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	site, err := s.surveySite(r)
	if err != nil {
		return err
	}
	cmp, err := s.life.Compare(ctx, site.ID)
	if err != nil {
		return err
	}
	d := surveyComparePage{Site: site, Cmp: cmp, CanEdit: mayEditSurveys(ctx, site)}
	for _, wn := range cmp.Warnings {
		d.Warnings = append(d.Warnings, l.T(wn.Key, wn.Args...))
	}
	switch {
	case cmp.Before.Surveys == 0 && cmp.After.Surveys == 0:
		d.Empty = "both"
	case cmp.Before.Surveys == 0:
		d.Empty = "before"
	case cmp.After.Surveys == 0:
		d.Empty = "after"
	}
	d.Before, d.After = conditionsOf(l, cmp.Before), conditionsOf(l, cmp.After)
	d.Charts = compareCharts(l, cmp)
	return s.render(w, r, http.StatusOK, "streets/surveys/compare", page{Title: l.T("surveys.compare.title", "site", site.Name), Data: d})
}

// compareCharts draws the comparison's charts: people per hour, who they
// are, and what they do.
func compareCharts(l *locale.Lang, cmp *publiclife.Comparison) []surveyChart {
	b, a := cmp.Before, cmp.After
	perHour := func(l *locale.Lang, v float64) string { return l.Number(round1(v)) }
	share := func(l *locale.Lang, v float64) string { return l.T("surveys.percent", "n", round1(100*v)) }
	charts := []surveyChart{
		newChart(l, "chart-people", l.T("surveys.compare.chart.people"), l.T("surveys.compare.measure"), []chartValue{
			{l.T("surveys.compare.staying"), b.StayingPerHour, a.StayingPerHour},
			{l.T("surveys.compare.moving"), b.MovingPerHour, a.MovingPerHour},
		}, perHour, numberChange),
		newChart(l, "chart-who", l.T("surveys.compare.chart.who"), l.T("surveys.compare.measure"), []chartValue{
			{l.T("surveys.compare.children"), b.ChildShare, a.ChildShare},
			{l.T("surveys.compare.older"), b.OlderShare, a.OlderShare},
			{l.T("surveys.compare.women"), b.WomenShare, a.WomenShare},
		}, share, pointsChange),
	}
	for _, part := range []struct {
		id, component string
		before, after map[string]int
	}{
		{"chart-activities", "activity", b.Activities, a.Activities},
		{"chart-postures", "posture", b.Postures, a.Postures},
		{"chart-objects", "object", b.Objects, a.Objects},
	} {
		vals := tallyValues(l, part.component, part.before, part.after, b.Hours, a.Hours)
		if len(vals) == 0 {
			continue
		}
		title := l.T("surveys.compare.chart." + part.component)
		charts = append(charts, newChart(l, part.id, title, l.T("publiclife.component."+part.component), vals, perHour, numberChange))
	}
	return charts
}

// chartValue is one measure's before and after.
type chartValue struct {
	label         string
	before, after float64
}

// tallyValues turns one component's tallies into per-hour values, in the
// order the counting form lists them, then any other value by name.
// Without hours (no survey on a side) the side is zero.
func tallyValues(l *locale.Lang, component string, before, after map[string]int, hb, ha float64) []chartValue {
	var order []string
	for _, c := range surveyComponents {
		if c.Name == component {
			order = append(order, c.Values...)
		}
	}
	var extra []string
	for _, m := range []map[string]int{before, after} {
		for k := range m {
			if !slices.Contains(order, k) && !slices.Contains(extra, k) {
				extra = append(extra, k)
			}
		}
	}
	sort.Strings(extra)
	rate := func(n int, h float64) float64 {
		if h <= 0 {
			return 0
		}
		return float64(n) / h
	}
	var out []chartValue
	for _, k := range append(order, extra...) {
		if before[k] == 0 && after[k] == 0 {
			continue
		}
		out = append(out, chartValue{valueLabel(l, component, k), rate(before[k], hb), rate(after[k], ha)})
	}
	return out
}

// newChart lays out a chart of values, scaled to the largest.
func newChart(l *locale.Lang, id, title, measure string, vals []chartValue, show func(*locale.Lang, float64) string,
	change func(*locale.Lang, float64, float64) string) surveyChart {
	c := surveyChart{ID: id, Title: title, Measure: measure, Width: chartWidth, BarH: chartBarH,
		BeforeShort: l.T("surveys.stage.before"), AfterShort: l.T("surveys.stage.after"),
		Height: len(vals) * chartRowH}
	most := 0.0
	for _, v := range vals {
		most = math.Max(most, math.Max(v.before, v.after))
	}
	scale := 0.0
	if most > 0 {
		scale = chartBarMax / most
	}
	for i, v := range vals {
		y := float64(i * chartRowH)
		row := chartRow{Label: v.label, Y: y + 13, BeforeY: y + 18, AfterY: y + 18 + chartBarH + 4,
			BeforeW: round1(v.before * scale), AfterW: round1(v.after * scale),
			BeforeText: show(l, v.before), AfterText: show(l, v.after), ChangeText: change(l, v.before, v.after)}
		row.BeforeTextX, row.BeforeTextY = row.BeforeW+6, row.BeforeY+13
		row.AfterTextX, row.AfterTextY = row.AfterW+6, row.AfterY+13
		c.Rows = append(c.Rows, row)
	}
	return c
}

// numberChange says how a number changed: the difference, and the
// relative change when there was something before.
func numberChange(l *locale.Lang, before, after float64) string {
	diff := signed(l, round1(after-before))
	if before <= 0 {
		return diff
	}
	return l.T("surveys.compare.change_relative", "diff", diff, "pct", signed(l, math.Round(100*(after-before)/before)))
}

// pointsChange says how a share changed, in percentage points.
func pointsChange(l *locale.Lang, before, after float64) string {
	return l.T("surveys.compare.change_points", "n", signed(l, round1(100*(after-before))))
}

// signed formats v with its sign, "+" included: a change reads as one.
func signed(l *locale.Lang, v float64) string {
	if v > 0 {
		return "+" + l.Number(v)
	}
	return l.Number(v)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// conditionsOf lists the conditions one side's surveys were made in,
// translated for reading.
func conditionsOf(l *locale.Lang, sum publiclife.Summary) surveyConditions {
	words := func(prefix string, vs []string) string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = l.T(prefix + v)
		}
		return strings.Join(out, ", ")
	}
	c := surveyConditions{Surveys: sum.Surveys, Hours: l.Number(round1(sum.Hours)),
		DayKinds: words("publiclife.day_kind.", sum.DayKinds), Weather: words("publiclife.microclimate.", sum.Microclimates),
		Methods: words("publiclife.method.", sum.Methods), Windows: words("publiclife.window.", sum.Windows)}
	if t := sum.TemperatureC; t != nil {
		c.Temperature = l.T("surveys.celsius", "n", round1(*t))
	}
	return c
}
