package streets

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"

	"birlik"
	"birlik/locale"
	"birlik/publiclife"
	"birlik/store"
)

// siteRow is the little of a site the dashboard reads: no geometry, no
// text, so that thousands of sites read as one narrow index.
type siteRow struct {
	id, cycle     int64
	org, province string
	phase         Phase
	area          float64
}

// selection is a municipality selected in a cycle.
type selection struct {
	cycle         int64
	org, province string
}

// tally adds up figures, counting each municipality and city once.
type tally struct {
	f      Figures
	orgs   map[string]bool
	cities map[string]bool
}

func (t *tally) municipality(org, province string) {
	if t.orgs == nil {
		t.orgs, t.cities = map[string]bool{}, map[string]bool{}
	}
	t.orgs[org] = true
	if province != "" {
		t.cities[province] = true
	}
	t.f.Municipalities, t.f.Cities = len(t.orgs), len(t.cities)
}

func (t *tally) site(r siteRow, reach publiclife.Reach) {
	t.f.Sites++
	if r.phase.Transformed() {
		t.f.Streets++
		t.f.AreaM2 += r.area
	}
	t.f.Children += reach.Children
	t.f.Surveys += reach.Surveys
	t.municipality(r.org, r.province)
}

// Dashboard computes the programme's figures from the stored sites,
// applications and (with Life) public-life counts, for the actor:
// published sites only, but for staff. The filter narrows the totals and
// the rows; the targets' progress is always the whole programme's, as
// the targets are. Every figure comes from one narrow read of the sites
// (five columns of an index that covers them) and is grouped here.
func (s *Service) Dashboard(ctx context.Context, f DashboardFilter) (*Dashboard, error) {
	q := store.Querier(s.DB)
	labels, err := readLabels(ctx, q)
	if err != nil {
		return nil, err
	}
	cond := "ss.published = TRUE"
	if staff(birlik.ActorFrom(ctx)) {
		cond = "1 = 1"
	}
	sites, err := readSiteRows(ctx, q, cond, labels.munis)
	if err != nil {
		return nil, err
	}
	selected, err := readSelections(ctx, q, labels.munis)
	if err != nil {
		return nil, err
	}
	var reaches map[int64]publiclife.Reach
	if s.Life != nil {
		if reaches, err = s.Life.Reaches(ctx, q); err != nil {
			return nil, err
		}
	}

	var all, totals tally
	byCycle, byCity, byOrg := map[int64]*tally{}, map[string]*tally{}, map[string]*tally{}
	in := func(cycle int64, province string) bool {
		return (f.CycleID == 0 || cycle == f.CycleID) && (f.ProvinceID == "" || province == f.ProvinceID)
	}
	for _, r := range sites {
		reach := reaches[r.id]
		all.site(r, reach)
		if !in(r.cycle, r.province) {
			continue
		}
		totals.site(r, reach)
		get(byCycle, r.cycle).site(r, reach)
		get(byCity, r.province).site(r, reach)
		get(byOrg, r.org).site(r, reach)
	}
	chosen := map[string]bool{}
	for _, p := range selected {
		chosen[p.org] = true
		if !in(p.cycle, p.province) {
			continue
		}
		totals.municipality(p.org, p.province)
		get(byCycle, p.cycle).municipality(p.org, p.province)
		get(byCity, p.province).municipality(p.org, p.province)
		get(byOrg, p.org).municipality(p.org, p.province)
	}

	d := &Dashboard{Totals: totals.f}
	for _, c := range labels.cycles { // latest first, each shown even without a site
		if f.CycleID == 0 || c.id == f.CycleID {
			d.ByCycle = append(d.ByCycle, Row{Key: strconv.FormatInt(c.id, 10), Label: strconv.Itoa(c.year), Figures: get(byCycle, c.id).f})
		}
	}
	d.ByCity = rows(byCity, func(id string) string { return labels.provinces[id] })
	d.ByMunicipality = rows(byOrg, func(id string) string {
		if m := labels.munis[id]; m != nil {
			return m.name
		}
		return ""
	})

	ts, err := targets(ctx, q)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	for _, t := range ts {
		var current float64
		switch t.Measure {
		case MeasureStreets:
			current = float64(all.f.Streets)
		case MeasureArea:
			current = all.f.AreaM2
		case MeasureMunicipalities:
			current = float64(len(chosen))
		case MeasureChildren:
			current = float64(all.f.Children)
		}
		d.Targets = append(d.Targets, progressOf(t, current, now))
	}
	return d, nil
}

// get returns m's tally of key, made when missing.
func get[K comparable](m map[K]*tally, key K) *tally {
	t := m[key]
	if t == nil {
		t = &tally{}
		m[key] = t
	}
	return t
}

// rows turns tallies into rows labelled by name(key), in the order of
// the labels (Turkish collation), then of the keys.
func rows(m map[string]*tally, name func(string) string) []Row {
	out := make([]Row, 0, len(m))
	for key, t := range m {
		label := name(key)
		if label == "" {
			label = key
		}
		out = append(out, Row{Key: key, Label: label, Figures: t.f})
	}
	slices.SortFunc(out, func(a, b Row) int {
		if c := locale.Compare(a.Label, b.Label); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

// readSiteRows reads the sites under cond. A site's municipality and
// province are those of munis (the strings held there: thousands of rows
// allocate no text), its phase one of Phases.
func readSiteRows(ctx context.Context, q store.Querier, cond string, munis map[string]*muni) ([]siteRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT ss.id, ss.cycle_id, ss.org_id, ss.phase, ss.area_m2 FROM street_sites ss WHERE `+cond)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]siteRow, 0, 1024)
	var org, phase sql.RawBytes
	for rows.Next() {
		var r siteRow
		if err := rows.Scan(&r.id, &r.cycle, &org, &phase, &r.area); err != nil {
			return nil, err
		}
		if m := munis[string(org)]; m != nil {
			r.org, r.province = m.id, m.province
		} else {
			r.org = string(org)
		}
		for _, p := range Phases {
			if string(phase) == string(p) {
				r.phase = p
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func readSelections(ctx context.Context, q store.Querier, munis map[string]*muni) ([]selection, error) {
	rows, err := q.QueryContext(ctx, `SELECT cycle_id, org_id FROM street_participants WHERE status = 'selected'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []selection
	for rows.Next() {
		var p selection
		if err := rows.Scan(&p.cycle, &p.org); err != nil {
			return nil, err
		}
		if m := munis[p.org]; m != nil {
			p.province = m.province
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

type cycleLabel struct {
	id   int64
	year int
}

// muni is a municipality as the dashboard names and places it.
type muni struct{ id, name, province string }

// labels are the names the dashboard's rows show.
type labels struct {
	cycles    []cycleLabel // latest first
	provinces map[string]string
	munis     map[string]*muni
}

func readLabels(ctx context.Context, q store.Querier) (*labels, error) {
	l := &labels{provinces: map[string]string{}, munis: map[string]*muni{}}
	rows, err := q.QueryContext(ctx, `SELECT id, year FROM street_cycles ORDER BY year DESC`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c cycleLabel
		if err := rows.Scan(&c.id, &c.year); err != nil {
			rows.Close()
			return nil, err
		}
		l.cycles = append(l.cycles, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT 'p', id, name, '' FROM places WHERE kind = 'province'
		UNION ALL SELECT 'm', id, name, COALESCE(province_id, '') FROM organisations WHERE kind = 'municipality'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var m muni
		if err := rows.Scan(&kind, &m.id, &m.name, &m.province); err != nil {
			return nil, err
		}
		if kind == "p" {
			l.provinces[m.id] = m.name
		} else {
			l.munis[m.id] = &m
		}
	}
	return l, rows.Err()
}

// MapSites returns the published sites for the overview map, by id, with
// their simplified outlines (kept with the site when it is saved) when
// outlines is true; a map of markers asks for none. It reads no full
// geometry.
func (s *Service) MapSites(ctx context.Context, f DashboardFilter, outlines bool) ([]MapSite, error) {
	where, args := siteWhere(birlik.Actor{}, f.CycleID, f.ProvinceID, "", "")
	overview := "NULL" // a map of markers reads no shapes
	if outlines {
		overview = "ss.overview"
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT ss.id, ss.name, o.name, COALESCE(ss.province_id, ''), c.year, ss.phase,
		ss.intervention, ss.area_m2, ss.centroid_lon, ss.centroid_lat, `+overview+`
		FROM street_sites ss JOIN street_cycles c ON c.id = ss.cycle_id JOIN organisations o ON o.id = ss.org_id
		WHERE `+where+` ORDER BY ss.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MapSite
	for rows.Next() {
		var m MapSite
		if err := rows.Scan(&m.ID, &m.Name, &m.OrgName, &m.ProvinceID, &m.CycleYear, &m.Phase, &m.Intervention,
			&m.AreaM2, &m.Centroid[0], &m.Centroid[1], &m.Overview); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
