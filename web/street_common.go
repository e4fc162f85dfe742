package web

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/locale"
	"birlik/streets"
)

// Shared by the pages of the Reclaiming Streets programme: ids read from
// the path, the cycle and city filter, and the words and numbers the
// pages show for phases, interventions and areas.

// pathNamedID reads a positive id from the path's wildcard name (pathID
// reads "id"); anything else is not found.
func pathNamedID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return id, nil
}

// streetFilter reads the cycle and city (province) filter of the
// programme's pages and exports. Malformed values filter nothing: a
// link mangled by hand shows the whole programme rather than an error.
func streetFilter(q url.Values) streets.DashboardFilter {
	var f streets.DashboardFilter
	if id, err := strconv.ParseInt(q.Get("cycle"), 10, 64); err == nil && id > 0 {
		f.CycleID = id
	}
	if p := q.Get("province"); len(p) <= 64 {
		f.ProvinceID = p
	}
	return f
}

// filterValues writes a filter back as a query, for links and forms.
func filterValues(f streets.DashboardFilter) url.Values {
	v := url.Values{}
	if f.CycleID != 0 {
		v.Set("cycle", strconv.FormatInt(f.CycleID, 10))
	}
	if f.ProvinceID != "" {
		v.Set("province", f.ProvinceID)
	}
	return v
}

func phaseLabel(l *locale.Lang, p streets.Phase) string { return l.T("streets.phase." + string(p)) }

func interventionLabel(l *locale.Lang, i streets.Intervention) string {
	return l.T("streets.intervention." + string(i))
}

// areaText says an area in whole square metres, grouped for the
// language: "12.345 m²".
func areaText(l *locale.Lang, m2 float64) string {
	return l.T("streets_web.area", "m2", int64(math.Round(m2)))
}

// phaseIndex returns the place of p among the phases, 0 for an unknown
// one: the map's marker shapes and colours are numbered by it.
func phaseIndex(p streets.Phase) int {
	for i, q := range streets.Phases {
		if q == p {
			return i
		}
	}
	return 0
}

// streetFilterForm is the cycle and city filter as a GET form: its
// choices and the current values.
type streetFilterForm struct {
	Action    string
	Cycles    []option
	Provinces []option
	Cycle     string
	Province  string
}

// newStreetFilterForm builds the filter form of a page at action. rows
// are the dashboard's cycles when the page has them: unfiltered by cycle
// they are every cycle, latest first, which spares reading the cycles
// again; nil reads them.
func (s *Server) newStreetFilterForm(ctx context.Context, l *locale.Lang, action string, f streets.DashboardFilter, rows []streets.Row) (streetFilterForm, error) {
	ff := streetFilterForm{Action: action, Province: f.ProvinceID}
	if f.CycleID != 0 {
		ff.Cycle = strconv.FormatInt(f.CycleID, 10)
	}
	ff.Cycles = []option{{Value: "", Label: l.T("streets_web.filter.all_cycles")}}
	if f.CycleID == 0 && rows != nil {
		for _, r := range rows {
			ff.Cycles = append(ff.Cycles, option{Value: r.Key, Label: r.Label})
		}
	} else {
		cycles, err := s.streets.Cycles(ctx)
		if err != nil {
			return ff, err
		}
		for _, c := range cycles {
			ff.Cycles = append(ff.Cycles, option{Value: strconv.FormatInt(c.ID, 10), Label: strconv.Itoa(c.Year)})
		}
	}
	var err error
	ff.Provinces, err = s.provinceOptions(ctx, l, "streets_web.filter.all_cities")
	return ff, err
}

// cycleOptions lists the cycles, latest first, after a first choice with
// an empty value when first is a key.
func (s *Server) cycleOptions(ctx context.Context, l *locale.Lang, first string) ([]option, error) {
	cycles, err := s.streets.Cycles(ctx)
	if err != nil {
		return nil, err
	}
	var out []option
	if first != "" {
		out = append(out, option{Value: "", Label: l.T(first)})
	}
	for _, c := range cycles {
		out = append(out, option{Value: strconv.FormatInt(c.ID, 10), Label: cycleName(c)})
	}
	return out, nil
}

// cycleName is a cycle's name, or its year when it has none.
func cycleName(c streets.Cycle) string {
	if c.Name != "" {
		return c.Name
	}
	return strconv.Itoa(c.Year)
}
