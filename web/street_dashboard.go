package web

import (
	"birlik"
	"cmp"
	"encoding/csv"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"birlik/locale"
	"birlik/streets"
)

// streetDashboardPage is the programme's dashboard: the totals and the
// progress per cycle, per city and per municipality, filtered by cycle
// and city.
type streetDashboardPage struct {
	Filter   streetFilterForm
	Filtered bool
	Totals   streets.Figures
	Area     string
	Tables   []streetDashTable
	Targets  []targetView
	CSV      string // the same figures as CSV
}

// streetDashTable is one table of the dashboard, sortable by its column
// headers' links.
type streetDashTable struct {
	ID      string
	Title   string
	Caption string
	Head    []sortColumn
	Rows    []streetDashRow
}

type streetDashRow struct {
	Label string
	Href  string
	F     streets.Figures
	Area  string
}

// streetDashSorts are the orders the tables take, each column's
// ascending one; "-" before it is descending.
var streetDashSorts = []string{"name", "sites", "streets", "area", "municipalities", "children"}

// streetDashboard shows the programme's figures.
func (s *Server) streetDashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	q := r.URL.Query()
	f := streetFilter(q)
	d, err := s.streets.Dashboard(ctx, f)
	if err != nil {
		return err
	}
	p := streetDashboardPage{Filtered: f != (streets.DashboardFilter{}), Totals: d.Totals, Area: areaText(l, d.Totals.AreaM2),
		Targets: targetViews(l, d.Targets, s.today()), CSV: "/streets/dashboard.csv" + encodeQuery(filterValues(f))}
	if p.Filter, err = s.newStreetFilterForm(ctx, l, "/streets/dashboard", f, d.ByCycle); err != nil {
		return err
	}
	sort := q.Get("sort")
	if !slices.Contains(streetDashSorts, strings.TrimPrefix(sort, "-")) {
		sort = ""
	}
	base := url.Values{}
	for k, v := range filterValues(f) {
		base[k] = v
	}
	if sort != "" {
		base.Set("sort", sort)
	}
	table := func(id, head string, rows []streets.Row, href func(streets.Row) string) streetDashTable {
		t := streetDashTable{ID: id, Title: l.T("streets_web.dashboard." + id), Caption: l.T("streets_web.dashboard." + id + "_caption")}
		for _, col := range streetDashSorts {
			label := l.T("streets_web.col." + col)
			if col == "name" {
				label = head
			}
			// Names sort A to Z first, figures largest first.
			first := "-" + col
			if col == "name" {
				first = col
			}
			c := newSortColumn(l, label, base, sort, "", col, "-"+col, first, streetSortKey)
			if col != "name" {
				c = c.num()
			}
			t.Head = append(t.Head, c)
		}
		for _, row := range sortDashRows(rows, sort) {
			t.Rows = append(t.Rows, streetDashRow{Label: row.Label, Href: href(row), F: row.Figures, Area: areaText(l, row.Figures.AreaM2)})
		}
		return t
	}
	with := func(k, v string) string {
		fv := filterValues(f)
		fv.Set(k, v)
		return "/streets/dashboard?" + fv.Encode()
	}
	p.Tables = []streetDashTable{
		table("by_cycle", l.T("streets_web.col.cycle"), d.ByCycle, func(row streets.Row) string { return with("cycle", row.Key) }),
		table("by_city", l.T("streets_web.col.city"), d.ByCity, func(row streets.Row) string { return with("province", row.Key) }),
		table("by_municipality", l.T("streets_web.col.municipality"), d.ByMunicipality, func(row streets.Row) string {
			return "/streets/sites?org=" + url.QueryEscape(row.Key)
		}),
	}
	return s.render(w, r, http.StatusOK, "streets/dashboard", page{Title: l.T("streets_web.dashboard.title"), Data: p})
}

// streetSortKey names an order, for the hint of the link that sorts by it.
func streetSortKey(sort string) string {
	if rest, ok := strings.CutPrefix(sort, "-"); ok {
		return "streets_web.sort.desc_" + rest
	}
	return "streets_web.sort." + sort
}

// sortDashRows orders a table's rows: by name (in Turkish order) or by
// a figure, the name breaking ties; "" keeps the service's order.
func sortDashRows(rows []streets.Row, sort string) []streets.Row {
	if sort == "" {
		return rows
	}
	col, desc := strings.CutPrefix(sort, "-")
	value := func(r streets.Row) float64 {
		switch col {
		case "sites":
			return float64(r.Figures.Sites)
		case "streets":
			return float64(r.Figures.Streets)
		case "area":
			return r.Figures.AreaM2
		case "municipalities":
			return float64(r.Figures.Municipalities)
		case "children":
			return float64(r.Figures.Children)
		}
		return 0
	}
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b streets.Row) int {
		c := 0
		if col != "name" {
			c = cmp.Compare(value(a), value(b))
		}
		if c == 0 {
			c = locale.Compare(a.Label, b.Label)
		}
		if desc {
			c = -c
		}
		return c
	})
	return out
}

// streetDashboardExport writes the dashboard's figures as CSV: the
// totals, then a row per cycle, city and municipality.
func (s *Server) streetDashboardExport(w http.ResponseWriter, r *http.Request) error {
	d, err := s.streets.Dashboard(r.Context(), streetFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	download(w, "streets-dashboard", "csv", "text/csv; charset=utf-8")
	if _, err := w.Write([]byte("\xef\xbb\xbf")); err != nil {
		return s.downloaded(r, err)
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"level", "key", "label", "sites", "streets", "area_m2", "municipalities", "cities", "children", "surveys"})
	write := func(level string, row streets.Row) {
		f := row.Figures
		cw.Write([]string{level, row.Key, birlik.CSVCell(row.Label), strconv.Itoa(f.Sites), strconv.Itoa(f.Streets),
			strconv.FormatFloat(math.Round(f.AreaM2*10)/10, 'f', 1, 64), strconv.Itoa(f.Municipalities), strconv.Itoa(f.Cities),
			strconv.Itoa(f.Children), strconv.Itoa(f.Surveys)})
	}
	write("total", streets.Row{Figures: d.Totals})
	for _, group := range []struct {
		level string
		rows  []streets.Row
	}{{"cycle", d.ByCycle}, {"city", d.ByCity}, {"municipality", d.ByMunicipality}} {
		for _, row := range group.rows {
			write(group.level, row)
		}
	}
	cw.Flush()
	return s.downloaded(r, cw.Error())
}
