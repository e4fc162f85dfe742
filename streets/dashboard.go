package streets

import (
	"cmp"
	"context"
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
// and is grouped here.
func (s *Service) Dashboard(ctx context.Context, f DashboardFilter) (*Dashboard, error) {
	q := store.Querier(s.DB)
	cond := "ss.published = TRUE"
	if staff(birlik.ActorFrom(ctx)) {
		cond = "1 = 1"
	}
	sites, err := readSiteRows(ctx, q, cond)
	if err != nil {
		return nil, err
	}
	selected, err := readSelections(ctx, q)
	if err != nil {
		return nil, err
	}
	var reaches map[int64]publiclife.Reach
	if s.Life != nil {
		if reaches, err = s.Life.Reaches(ctx, q); err != nil {
			return nil, err
		}
	}
	labels, err := readLabels(ctx, q)
	if err != nil {
		return nil, err
	}

	var all, totals tally
	byCycle, byCity, byOrg := map[string]*tally{}, map[string]*tally{}, map[string]*tally{}
	get := func(m map[string]*tally, key string) *tally {
		t := m[key]
		if t == nil {
			t = &tally{}
			m[key] = t
		}
		return t
	}
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
		get(byCycle, strconv.FormatInt(r.cycle, 10)).site(r, reach)
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
		get(byCycle, strconv.FormatInt(p.cycle, 10)).municipality(p.org, p.province)
		get(byCity, p.province).municipality(p.org, p.province)
		get(byOrg, p.org).municipality(p.org, p.province)
	}
	for _, c := range labels.cycles {
		if f.CycleID == 0 || c.id == f.CycleID {
			get(byCycle, strconv.FormatInt(c.id, 10))
		}
	}

	d := &Dashboard{Totals: totals.f}
	for _, c := range labels.cycles { // latest first
		key := strconv.FormatInt(c.id, 10)
		if t, ok := byCycle[key]; ok {
			d.ByCycle = append(d.ByCycle, Row{Key: key, Label: strconv.Itoa(c.year), Figures: t.f})
		}
	}
	d.ByCity = rows(byCity, labels.provinces)
	d.ByMunicipality = rows(byOrg, labels.orgs)

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

// rows turns tallies into rows labelled by names, in the order of the
// names (Turkish collation), rows without a name last by key.
func rows(m map[string]*tally, names map[string]string) []Row {
	out := make([]Row, 0, len(m))
	for key, t := range m {
		label := names[key]
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

func readSiteRows(ctx context.Context, q store.Querier, cond string) ([]siteRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT ss.id, ss.cycle_id, ss.org_id, COALESCE(ss.province_id, ''), ss.phase, ss.area_m2
		FROM street_sites ss WHERE `+cond)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []siteRow
	for rows.Next() {
		var r siteRow
		if err := rows.Scan(&r.id, &r.cycle, &r.org, &r.province, &r.phase, &r.area); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func readSelections(ctx context.Context, q store.Querier) ([]selection, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.cycle_id, p.org_id, COALESCE(o.province_id, '')
		FROM street_participants p JOIN organisations o ON o.id = p.org_id WHERE p.status = 'selected'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []selection
	for rows.Next() {
		var p selection
		if err := rows.Scan(&p.cycle, &p.org, &p.province); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

type cycleLabel struct {
	id   int64
	year int
}

// labels are the names the dashboard's rows show.
type labels struct {
	cycles    []cycleLabel // latest first
	provinces map[string]string
	orgs      map[string]string // the municipalities in the programme
}

func readLabels(ctx context.Context, q store.Querier) (*labels, error) {
	l := &labels{provinces: map[string]string{}, orgs: map[string]string{}}
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
	for _, read := range []struct {
		query string
		into  map[string]string
	}{
		{`SELECT id, name FROM places WHERE kind = 'province'`, l.provinces},
		{`SELECT o.id, o.name FROM organisations o WHERE o.id IN (SELECT org_id FROM street_sites UNION SELECT org_id FROM street_participants)`, l.orgs},
	} {
		rows, err := q.QueryContext(ctx, read.query)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			read.into[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// MapSites returns the published sites for the overview map, with their
// simplified outlines (kept with the site when it is saved), by id. It
// reads no full geometry.
func (s *Service) MapSites(ctx context.Context, f DashboardFilter) ([]MapSite, error) {
	where, args := siteWhere(birlik.Actor{}, f.CycleID, f.ProvinceID, "", "")
	rows, err := s.DB.QueryContext(ctx, `SELECT ss.id, ss.name, o.name, COALESCE(ss.province_id, ''), c.year, ss.phase,
		ss.intervention, ss.area_m2, ss.centroid_lon, ss.centroid_lat, ss.overview
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
