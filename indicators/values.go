package indicators

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// Values returns the values of an organisation for the indicators (none:
// all) and period, the entry grid. A focal point reads their own
// municipality's, staff any; others the approved ones only.
func (s *Service) Values(ctx context.Context, orgID, period string, indicatorIDs []int64) ([]Value, error) {
	a := birlik.ActorFrom(ctx)
	where := "p.org_id = ? AND p.period = ?"
	args := []any{orgID, period}
	if !MayEnter(a, orgID) {
		where += " AND s.status = 'approved'"
	}
	if len(indicatorIDs) > 0 {
		where += " AND v.indicator_id IN " + placeholders(1, len(indicatorIDs))
		for _, id := range indicatorIDs {
			args = append(args, id)
		}
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT v.indicator_id, v.org_id, v.period, v.sex, v.age, v.disability, v.migration,
		v.value, v.note, COALESCE(v.entered_by, 0), v.entered_at, COALESCE(s.status, 'draft')
		FROM indicator_presence p JOIN indicator_values v ON v.indicator_id = p.indicator_id AND v.org_id = p.org_id AND v.period = p.period
		LEFT JOIN indicator_submissions s ON s.org_id = v.org_id AND s.period = v.period
		WHERE `+where+` ORDER BY v.indicator_id, v.sex, v.age, v.disability, v.migration`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Value
	for rows.Next() {
		var v Value
		if err := rows.Scan(&v.IndicatorID, &v.OrgID, &v.Period, &v.Combo.Sex, &v.Combo.Age, &v.Combo.Disability,
			&v.Combo.Migration, &v.Value, &v.Note, &v.EnteredBy, &v.EnteredAt, &v.Status); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// problem is one thing wrong with a value: the column, a catalogue key
// and its arguments.
type problem struct {
	column string
	key    string
	args   []any
}

// check returns what is wrong with v as a value of ind at now (ind nil:
// unknown), the organisation being one of munis; system says the value
// is the product's own figure (Refresh), which only a recorded
// indicator takes.
func check(v *Value, ind *Indicator, munis map[string]muni, now time.Time, system bool) []problem {
	var ps []problem
	add := func(col, key string, args ...any) { ps = append(ps, problem{col, key, args}) }
	if ind == nil {
		add("indicator", "error.indicators.indicator_invalid")
		return ps
	}
	if _, ok := munis[v.OrgID]; !ok {
		add("org_id", "error.indicators.org_invalid")
	}
	if key := checkPeriod(ind.Period, v.Period, now); key != "" {
		add("period", key, "type", string(ind.Period))
	}
	uses := ind.uses()
	for i, c := range v.Combo.parts() {
		col := string(Dimensions[i])
		switch {
		case !uses[i] && c != "":
			add(col, "error.indicators.dimension_unused")
		case uses[i] && c == "" && ind.Aggregation == Sum:
			add(col, "error.indicators.sum_finest")
		case c != "" && !slices.Contains(Categories[Dimensions[i]], c):
			add(col, "error.indicators.category_invalid")
		}
	}
	if (ind.Source == Recorded) != system || ind.Source == Formula {
		add("indicator", "error.indicators.computed")
	}
	x := v.Value
	if math.IsNaN(x) {
		return ps // clears the value
	}
	switch {
	case math.IsInf(x, 0):
		add("value", "error.indicators.value_invalid")
	case ind.Unit == Percentage && (x < 0 || x > 100):
		add("value", "error.indicators.percentage_range")
	case ind.Unit == YesNo && x != 0 && x != 1:
		add("value", "error.indicators.yes_no")
	case ind.Unit == Count && (x < 0 || x != math.Trunc(x)):
		add("value", "error.indicators.count_invalid")
	case (ind.Unit == SquareM || ind.Unit == Currency) && x < 0:
		add("value", "error.indicators.negative")
	}
	if t, ok := birlik.CleanText(v.Note, false); !ok || len([]rune(t)) > maxNote {
		add("note", "error.indicators.too_long", "max", maxNote)
	} else {
		v.Note = t
	}
	return ps
}

// valueKey identifies a stored value.
type valueKey struct {
	ind    int64
	org    string
	period string
	combo  Combo
}

// triple is an indicator's values of an organisation for a period: the
// unit of presence and coverage.
type triple struct {
	ind    int64
	org    string
	period string
}

// statuses returns the submission status of each (organisation,
// period) that is submitted or approved, for the organisations (nil:
// all).
func statuses(ctx context.Context, q store.Querier, orgs []string) (map[[2]string]Status, error) {
	where, args := "", []any{}
	if orgs != nil {
		if len(orgs) == 0 {
			return map[[2]string]Status{}, nil
		}
		where = " AND org_id IN " + placeholders(1, len(orgs))
		for _, o := range orgs {
			args = append(args, o)
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT org_id, period, status FROM indicator_submissions
		WHERE status IN ('submitted', 'approved')`+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[2]string]Status{}
	for rows.Next() {
		var org, period string
		var st Status
		if err := rows.Scan(&org, &period, &st); err != nil {
			return nil, err
		}
		out[[2]string{org, period}] = st
	}
	return out, rows.Err()
}

// scopeOrgs is the organisations whose submissions a write by a needs:
// a focal point's; nil (all) for staff, who may write any.
func scopeOrgs(a birlik.Actor) []string {
	if staff(a) {
		return nil
	}
	return []string{a.OrgID}
}

// lockKey returns the catalogue key refusing a change by a to a value of
// a period in status st, or "".
func lockKey(a birlik.Actor, st Status) string {
	switch {
	case st == Approved:
		return "error.indicators.locked"
	case st == Submitted && !staff(a):
		return "error.indicators.submitted"
	}
	return ""
}

// definitions returns every definition by id.
func definitions(ctx context.Context, q store.Querier) (map[int64]*Indicator, error) {
	all, err := indicators(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*Indicator, len(all))
	for i := range all {
		out[all[i].ID] = &all[i]
	}
	return out, nil
}

// SaveValues stores values (new or corrected) in one transaction, with
// the roll-ups and an audit record of every correction. A focal point
// saves only their municipality's values (EFORBIDDEN); nobody changes an
// approved value (ECONFLICT, error.indicators.locked), nor a submitted
// one but staff. Values are validated whole: an *ImportError (its code
// EINVALID) lists every bad value, Line being the value's index in vs. A
// value of NaN clears the stored one. Values of formula and recorded
// indicators are computed, never entered.
func (s *Service) SaveValues(ctx context.Context, vs []Value) error {
	a := birlik.ActorFrom(ctx)
	if !staff(a) && !(a.Scoped() && a.OrgID != "") {
		return forbidden()
	}
	for _, v := range vs {
		if !MayEnter(a, v.OrgID) {
			return forbidden()
		}
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		inds, munis, err := lookups(ctx, tx)
		if err != nil {
			return err
		}
		now := s.Now()
		var bad ImportError
		seen := map[valueKey]bool{}
		for i := range vs {
			v := &vs[i]
			ps := check(v, inds[v.IndicatorID], munis, now, false)
			k := valueKey{v.IndicatorID, v.OrgID, v.Period, v.Combo}
			if seen[k] {
				ps = append(ps, problem{"value", "error.indicators.duplicate", nil})
			}
			seen[k] = true
			for _, p := range ps {
				bad.add(i, p)
			}
		}
		if len(bad.Rows) > 0 {
			return &bad
		}
		orgs := make([]string, 0, 1)
		for _, v := range vs {
			if !slices.Contains(orgs, v.OrgID) {
				orgs = append(orgs, v.OrgID)
			}
		}
		sts, err := statuses(ctx, tx, orgs)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if key := lockKey(a, sts[[2]string{v.OrgID, v.Period}]); key != "" {
				return birlik.Errorf(birlik.ECONFLICT, key, "period", v.Period)
			}
		}
		_, err = write(ctx, tx, a, s.Now().UTC(), vs, inds, munis)
		return err
	})
}

// write stores vs, valid and writable, in tx: new values are inserted,
// changed ones updated (a correction of the value audited), NaN ones
// deleted, unchanged ones left; the roll-ups, presence and coverage
// follow. It returns how many values changed.
func write(ctx context.Context, tx *store.Tx, a birlik.Actor, now time.Time, vs []Value, inds map[int64]*Indicator, munis map[string]muni) (int, error) {
	groups := map[triple][]int{}
	var order []triple
	for i, v := range vs {
		t := triple{v.IndicatorID, v.OrgID, v.Period}
		if groups[t] == nil {
			order = append(order, t)
		}
		groups[t] = append(groups[t], i)
	}
	read, err := tx.Prepared(ctx, `SELECT sex, age, disability, migration, value, note FROM indicator_values
		WHERE indicator_id = ? AND org_id = ? AND period = ?`)
	if err != nil {
		return 0, err
	}
	del, err := tx.Prepared(ctx, `DELETE FROM indicator_values WHERE indicator_id = ? AND org_id = ? AND period = ?
		AND sex = ? AND age = ? AND disability = ? AND migration = ?`)
	if err != nil {
		return 0, err
	}
	var enteredBy any
	if a.UserID != 0 {
		enteredBy = a.UserID
	}
	d := newDeltas()
	var rows valueRows
	flush := func() error {
		err := rows.upsert(ctx, tx, enteredBy, now)
		rows = rows[:0]
		return err
	}
	changed := 0
	for _, t := range order {
		ind, m := inds[t.ind], munis[t.org]
		type stored struct {
			value float64
			note  string
		}
		old := map[Combo]stored{}
		rs, err := read.QueryContext(ctx, t.ind, t.org, t.period)
		if err != nil {
			return 0, err
		}
		for rs.Next() {
			var c Combo
			var st stored
			if err := rs.Scan(&c.Sex, &c.Age, &c.Disability, &c.Migration, &st.value, &st.note); err != nil {
				rs.Close()
				return 0, err
			}
			old[c] = st
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return 0, err
		}
		before := len(old)
		for _, i := range groups[t] {
			v := vs[i]
			prev, had := old[v.Combo]
			clear := math.IsNaN(v.Value)
			if (clear && !had) || (had && !clear && prev.value == v.Value && prev.note == v.Note) {
				continue
			}
			changed++
			if had {
				d.value(ind, m, 0, t.period, v.Combo, prev.value, -1)
			}
			var after any
			if clear {
				delete(old, v.Combo)
				p := v.Combo.parts()
				if _, err := del.ExecContext(ctx, t.ind, t.org, t.period, p[0], p[1], p[2], p[3]); err != nil {
					return 0, err
				}
			} else {
				old[v.Combo] = stored{v.Value, v.Note}
				d.value(ind, m, 0, t.period, v.Combo, v.Value, 1)
				rows = append(rows, valueRow{t, v.Combo, v.Value, v.Note})
				if len(rows) >= flushRows {
					if err := flush(); err != nil {
						return 0, err
					}
				}
				after = map[string]any{"value": v.Value}
			}
			if had && (clear || prev.value != v.Value) {
				id := fmt.Sprintf("%s/%s/%s/%s", ind.Code, t.org, t.period, v.Combo)
				if err := audit.Write(ctx, tx, now, "indicator_value.correct", "indicator_value", id, t.org,
					map[string]any{"value": prev.value}, after); err != nil {
					return 0, err
				}
			}
		}
		if err := presence(ctx, tx, d, t, m, before, len(old)); err != nil {
			return 0, err
		}
	}
	if err := flush(); err != nil {
		return 0, err
	}
	return changed, d.apply(ctx, tx)
}

// flushRows is how many values write holds before it stores them.
const flushRows = 20_000

// valueRow is a value to insert or update.
type valueRow struct {
	triple
	combo Combo
	value float64
	note  string
}

type valueRows []valueRow

// upsert inserts the rows, or updates those stored: on PostgreSQL in
// one statement over arrays (a bind of 11 arrays instead of thousands of
// parameters), on SQLite by multi-row VALUES.
func (vr valueRows) upsert(ctx context.Context, tx *store.Tx, enteredBy any, at time.Time) error {
	const conflict = ` ON CONFLICT (indicator_id, org_id, period, sex, age, disability, migration) DO UPDATE SET
		value = excluded.value, note = excluded.note, entered_by = excluded.entered_by, entered_at = excluded.entered_at`
	if len(vr) == 0 {
		return nil
	}
	if tx.Dialect() == store.Postgres {
		var cols struct {
			ind                                   []int64
			org, period, sex, age, dis, mig, note []string
			value                                 []float64
		}
		for _, r := range vr {
			p := r.combo.parts()
			cols.ind, cols.org, cols.period = append(cols.ind, r.ind), append(cols.org, r.org), append(cols.period, r.period)
			cols.sex, cols.age, cols.dis, cols.mig = append(cols.sex, p[0]), append(cols.age, p[1]), append(cols.dis, p[2]), append(cols.mig, p[3])
			cols.value, cols.note = append(cols.value, r.value), append(cols.note, r.note)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO indicator_values (indicator_id, org_id, period, sex, age, disability, migration,
			value, note, entered_by, entered_at)
			SELECT u.*, ?::bigint, ?::timestamptz FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
				?::double precision[], ?::text[]) AS u`+conflict,
			enteredBy, at, cols.ind, cols.org, cols.period, cols.sex, cols.age, cols.dis, cols.mig, cols.value, cols.note)
		return err
	}
	for start := 0; start < len(vr); start += batch {
		part := vr[start:min(start+batch, len(vr))]
		args := make([]any, 0, len(part)*11)
		for _, r := range part {
			p := r.combo.parts()
			args = append(args, r.ind, r.org, r.period, p[0], p[1], p[2], p[3], r.value, r.note, enteredBy, at)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_values (indicator_id, org_id, period, sex, age, disability, migration,
			value, note, entered_by, entered_at) VALUES `+placeholders(len(part), 11)+conflict, args...); err != nil {
			return err
		}
	}
	return nil
}

// presence records that the triple went from before to after values,
// counting the municipality in the coverage when it starts reporting
// and out when it stops.
func presence(ctx context.Context, tx *store.Tx, d *deltas, t triple, m muni, before, after int) error {
	var err error
	switch {
	case before == after:
		return nil
	case after == 0:
		_, err = tx.ExecContext(ctx, `DELETE FROM indicator_presence WHERE indicator_id = ? AND org_id = ? AND period = ?`, t.ind, t.org, t.period)
		d.presence(t.ind, m, 0, t.period, -1)
	case before == 0:
		_, err = tx.ExecContext(ctx, `INSERT INTO indicator_presence (indicator_id, org_id, period, nvalues) VALUES (?, ?, ?, ?)`,
			t.ind, t.org, t.period, after)
		d.presence(t.ind, m, 0, t.period, 1)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE indicator_presence SET nvalues = ? WHERE indicator_id = ? AND org_id = ? AND period = ?`,
			after, t.ind, t.org, t.period)
	}
	return err
}
