package indicators

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"birlik"
	"birlik/indicators/formula"
)

// An area's figure is added up from cells: per province and tier (the
// roll-up rows for a province or the region; the raw values, folded the
// same way, for a district or a municipality). A province combines its
// two tiers by the indicator's scope; the region adds its provinces.
// Every rule then reads the combined cell: Sum and Latest its total,
// Average total/n, Weighted wsum/weight.

// place is a province and tier within an area.
type place struct{ province, tier string }

// area is a dashboard's area resolved: which municipalities it expects,
// per province, and how its cells are read.
type area struct {
	Area
	raw      bool           // a district or a municipality: fold the raw values
	orgs     []string       // raw: the municipalities of the area
	expected map[string]int // municipalities per province
	metro    map[string]bool
	total    int
}

// resolve reads the area's kind and its municipalities.
func (s *Service) resolve(ctx context.Context, a Area, munis map[string]muni) (*area, error) {
	ar := &area{Area: a, expected: map[string]int{}, metro: map[string]bool{}}
	kind := "org"
	if a.OrgID == "" {
		err := s.DB.QueryRowContext(ctx, `SELECT kind FROM places WHERE id = ?`, a.PlaceID).Scan(&kind)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, notFound()
		}
		if err != nil {
			return nil, err
		}
	}
	for id, m := range munis {
		in := false
		switch kind {
		case "region":
			in = true
		case "province":
			in = m.province == a.PlaceID
		case "district":
			in = m.district == a.PlaceID
		default:
			in = id == a.OrgID
		}
		if !in {
			continue
		}
		ar.expected[m.province]++
		ar.total++
		if m.tier == tierMetro {
			ar.metro[m.province] = true
		}
		if kind == "district" || kind == "org" {
			ar.raw = true
			ar.orgs = append(ar.orgs, id)
		}
	}
	if ar.total == 0 {
		return nil, notFound()
	}
	slices.Sort(ar.orgs)
	return ar, nil
}

// cells is what the area holds of one indicator: per period and
// combination the cells by place, and per period the municipalities
// reporting by place.
type cells struct {
	by       map[string]map[Combo]map[place]cell
	reported map[string]map[place]int
}

// read returns the cells of ind at depth (periods from–to, or only
// period when set), from the roll-ups, or for a raw area its values.
func (s *Service) read(ctx context.Context, ar *area, ind *Indicator, approved, depth int, from, to, only string, munis map[string]muni) (*cells, error) {
	cs := &cells{by: map[string]map[Combo]map[place]cell{}, reported: map[string]map[place]int{}}
	put := func(period string, c Combo, p place, x cell) {
		if cs.by[period] == nil {
			cs.by[period] = map[Combo]map[place]cell{}
		}
		if cs.by[period][c] == nil {
			cs.by[period][c] = map[place]cell{}
		}
		y := cs.by[period][c][p]
		y.add(x)
		cs.by[period][c][p] = y
	}
	count := func(period string, p place, n int) {
		if cs.reported[period] == nil {
			cs.reported[period] = map[place]int{}
		}
		cs.reported[period][p] += n
	}
	periodCond, periodArgs := "", []any{}
	switch {
	case only != "":
		periodCond, periodArgs = " AND period = ?", []any{only}
	default:
		if from != "" {
			periodCond += " AND period >= ?"
			periodArgs = append(periodArgs, from)
		}
		if to != "" {
			periodCond += " AND period <= ?"
			periodArgs = append(periodArgs, to)
		}
	}
	if ar.raw {
		return cs, s.readRaw(ctx, ar, ind, approved, depth, periodCond, periodArgs, munis, put, count)
	}
	provCond, provArgs := "", []any{}
	if ar.PlaceID != "" && len(ar.expected) == 1 {
		for p := range ar.expected {
			provCond, provArgs = " AND province_id = ?", []any{p}
		}
	}
	args := append(append([]any{ind.ID, approved, depth}, periodArgs...), provArgs...)
	rows, err := s.DB.QueryContext(ctx, `SELECT period, province_id, tier, sex, age, disability, migration, n, total, wsum, weight
		FROM indicator_rollups WHERE indicator_id = ? AND approved = ? AND depth = ?`+periodCond+provCond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var period string
		var p place
		var c Combo
		var x cell
		if err := rows.Scan(&period, &p.province, &p.tier, &c.Sex, &c.Age, &c.Disability, &c.Migration, &x.n, &x.total, &x.wsum, &x.weight); err != nil {
			return nil, err
		}
		put(period, c, p, x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	args = append(append([]any{ind.ID, approved}, periodArgs...), provArgs...)
	rows, err = s.DB.QueryContext(ctx, `SELECT period, province_id, tier, reported FROM indicator_coverage
		WHERE indicator_id = ? AND approved = ?`+periodCond+provCond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var period string
		var p place
		var n int
		if err := rows.Scan(&period, &p.province, &p.tier, &n); err != nil {
			return nil, err
		}
		count(period, p, n)
	}
	return cs, rows.Err()
}

// readRaw folds the values of a district's or a municipality's
// municipalities into cells, as the roll-ups would.
func (s *Service) readRaw(ctx context.Context, ar *area, ind *Indicator, approved, depth int, periodCond string, periodArgs []any,
	munis map[string]muni, put func(string, Combo, place, cell), count func(string, place, int)) error {
	cond := "v.indicator_id = ? AND v.org_id IN " + placeholders(1, len(ar.orgs)) + strings.ReplaceAll(periodCond, "period", "v.period")
	args := []any{ind.ID}
	for _, o := range ar.orgs {
		args = append(args, o)
	}
	args = append(args, periodArgs...)
	join := ""
	if approved == 1 {
		join = " JOIN indicator_submissions s ON s.org_id = v.org_id AND s.period = v.period AND s.status = 'approved'"
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT v.org_id, v.period, v.sex, v.age, v.disability, v.migration, v.value
		FROM indicator_values v`+join+` WHERE `+cond, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	d := newDeltas()
	seen := map[[2]string]bool{}
	for rows.Next() {
		var org, period string
		var c Combo
		var v float64
		if err := rows.Scan(&org, &period, &c.Sex, &c.Age, &c.Disability, &c.Migration, &v); err != nil {
			return err
		}
		m := munis[org]
		d.value(ind, m, approved, period, c, v, 1)
		if !seen[[2]string{org, period}] {
			seen[[2]string{org, period}] = true
			count(period, place{m.province, m.tier}, 1)
		}
	}
	d.expand()
	for k, x := range d.rolls {
		if k.combo.depth() == depth {
			put(k.period, k.combo, place{k.province, k.tier}, x)
		}
	}
	return rows.Err()
}

// figure combines the cells of a period and combination over the area.
func (ar *area) figure(ind *Indicator, period string, c Combo, byPlace map[place]cell, reported map[place]int) Figure {
	f := Figure{Period: period, Combo: c, Expected: ar.total}
	var sum cell
	for prov := range ar.expected {
		metro, local := byPlace[place{prov, tierMetro}], byPlace[place{prov, tierLocal}]
		repMetro, repLocal := reported[place{prov, tierMetro}], reported[place{prov, tierLocal}]
		if ind.Scope == Territory && ar.metro[prov] && repMetro > 0 {
			// The metropolitan municipality's area is the province: its
			// figure stands for the province and its whole population
			// is covered.
			f.Reported += ar.expected[prov]
			if metro.n > 0 {
				sum.add(metro)
			} else {
				sum.add(local)
			}
			continue
		}
		f.Reported += repMetro + repLocal
		sum.add(metro)
		sum.add(local)
	}
	f.Value, f.HasValue = value(ind.Aggregation, sum, ar.raw && ar.total == 1)
	return f
}

// value reads a combined cell by the aggregation rule; single says the
// area is one municipality (the only place None has a figure).
func value(agg Aggregation, c cell, single bool) (float64, bool) {
	if c.n <= 0 {
		return 0, false
	}
	switch agg {
	case Sum, Latest:
		return c.total, true
	case Average:
		return c.total / float64(c.n), true
	case Weighted:
		if c.weight <= 0 {
			return 0, false
		}
		return c.wsum / c.weight, true
	case NoneAgg:
		if single && c.n == 1 {
			return c.total, true
		}
	}
	return 0, false
}

// grid is an indicator's figures over an area: per period, per
// combination.
type grid map[string]map[Combo]Figure

// dash computes grids once per indicator and depth, formulas from their
// inputs' grids.
type dash struct {
	s        *Service
	ar       *area
	q        DashboardQuery
	inds     map[int64]*Indicator
	byCode   map[string]*Indicator
	munis    map[string]muni
	approved int
	memo     map[gridKey]grid
}

type gridKey struct {
	ind   int64
	depth int
	only  string
}

func (d *dash) grid(ctx context.Context, ind *Indicator, depth int, only string) (grid, error) {
	key := gridKey{ind.ID, depth, only}
	if g, ok := d.memo[key]; ok {
		return g, nil
	}
	g := grid{}
	if ind.Source == Formula {
		e, err := formula.Parse(ind.Formula)
		if err != nil {
			return nil, err
		}
		var inputs []grid
		for _, code := range e.Codes() {
			in := d.byCode[code]
			if in == nil {
				return g, nil // a definition changed under the formula: no figure
			}
			ig, err := d.grid(ctx, in, depth, only)
			if err != nil {
				return nil, err
			}
			inputs = append(inputs, ig)
		}
		codes := e.Codes()
		for _, ig := range inputs {
			for period, byCombo := range ig {
				if g[period] == nil {
					g[period] = map[Combo]Figure{}
				}
				for c := range byCombo {
					if _, done := g[period][c]; done {
						continue
					}
					f := Figure{Period: period, Combo: c, Expected: d.ar.total, Reported: d.ar.total}
					f.Value, f.HasValue = e.Eval(func(code string) (float64, bool) {
						i := slices.Index(codes, code)
						if i < 0 {
							return 0, false
						}
						x, ok := inputs[i][period][c]
						f.Reported = min(f.Reported, x.Reported)
						return x.Value, ok && x.HasValue
					})
					g[period][c] = f
				}
			}
		}
	} else {
		cs, err := d.s.read(ctx, d.ar, ind, d.approved, depth, d.q.From, d.q.To, only, d.munis)
		if err != nil {
			return nil, err
		}
		for period, byCombo := range cs.by {
			g[period] = map[Combo]Figure{}
			for c, byPlace := range byCombo {
				g[period][c] = d.ar.figure(ind, period, c, byPlace, cs.reported[period])
			}
		}
	}
	d.memo[key] = g
	return g, nil
}

// Dashboard returns the series of the indicators over the area, from the
// roll-ups for the region and a province (formulas evaluated on the
// aggregates of their inputs: a ratio of sums, never a mean of ratios),
// from the values for a district or a municipality. Everybody reads
// approved figures; signed-in accounts may ask for every value.
// ENOTFOUND for an unknown area or indicator.
func (s *Service) Dashboard(ctx context.Context, q DashboardQuery) ([]Series, error) {
	if !birlik.ActorFrom(ctx).Signed() {
		q.ApprovedOnly = true
	}
	inds, err := definitions(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	munis, err := municipalities(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	ar, err := s.resolve(ctx, q.Area, munis)
	if err != nil {
		return nil, err
	}
	d := &dash{s: s, ar: ar, q: q, inds: inds, byCode: map[string]*Indicator{}, munis: munis, memo: map[gridKey]grid{}}
	if q.ApprovedOnly {
		d.approved = 1
	}
	for _, ind := range inds {
		d.byCode[ind.Code] = ind
	}
	targets, err := s.areaTargets(ctx, q.Area)
	if err != nil {
		return nil, err
	}
	out := make([]Series, 0, len(q.Indicators))
	for _, id := range q.Indicators {
		ind := inds[id]
		if ind == nil {
			return nil, notFound()
		}
		sr := Series{Indicator: *ind}
		trend, err := d.grid(ctx, ind, 0, "")
		if err != nil {
			return nil, err
		}
		for _, byCombo := range trend {
			if f, ok := byCombo[Combo{}]; ok {
				sr.Trend = append(sr.Trend, f)
			}
		}
		slices.SortFunc(sr.Trend, func(a, b Figure) int { return strings.Compare(a.Period, b.Period) })
		latest := ""
		for _, f := range sr.Trend {
			if f.HasValue {
				latest = f.Period
			}
		}
		if latest != "" && len(ind.Dimensions) > 0 {
			bd, err := d.grid(ctx, ind, 1, latest)
			if err != nil {
				return nil, err
			}
			sr.Breakdown = breakdown(ind, bd[latest])
		}
		for _, t := range targets {
			if t.IndicatorID == id {
				sr.Targets = append(sr.Targets, progress(ind, t, sr.Trend))
			}
		}
		out = append(out, sr)
	}
	return out, nil
}

// breakdown orders a period's one-dimension figures by dimension, then
// category.
func breakdown(ind *Indicator, byCombo map[Combo]Figure) []Figure {
	var out []Figure
	for i, dim := range Dimensions {
		if !ind.uses()[i] {
			continue
		}
		for _, cat := range Categories[dim] {
			var p [4]string
			p[i] = cat
			if f, ok := byCombo[comboOf(p)]; ok {
				out = append(out, f)
			}
		}
	}
	return out
}
