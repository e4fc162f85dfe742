package indicators

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

const targetColumns = `id, indicator_id, COALESCE(org_id, ''), COALESCE(place_id, ''), baseline, baseline_period, value, deadline, version`

func targetsWhere(ctx context.Context, q store.Querier, where string, args ...any) ([]Target, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+targetColumns+` FROM indicator_targets WHERE `+where+` ORDER BY deadline, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		var t Target
		if err := rows.Scan(&t.ID, &t.IndicatorID, &t.OrgID, &t.PlaceID, &t.Baseline, &t.BaselinePeriod, &t.Value, &t.Deadline, &t.Version); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Targets returns the targets of an indicator (0: all), by deadline.
func (s *Service) Targets(ctx context.Context, indicatorID int64) ([]Target, error) {
	if indicatorID == 0 {
		return targetsWhere(ctx, s.DB, "1 = 1")
	}
	return targetsWhere(ctx, s.DB, "indicator_id = ?", indicatorID)
}

// areaTargets returns the targets set for the area itself.
func (s *Service) areaTargets(ctx context.Context, a Area) ([]Target, error) {
	if a.OrgID != "" {
		return targetsWhere(ctx, s.DB, "org_id = ?", a.OrgID)
	}
	return targetsWhere(ctx, s.DB, "place_id = ?", a.PlaceID)
}

// SaveTarget creates (ID 0) or updates a target; union staff, or a focal
// point for their municipality's. EINVALID, EFORBIDDEN, ECONFLICT (a
// stale version), ENOTFOUND.
func (s *Service) SaveTarget(ctx context.Context, t *Target) error {
	a := birlik.ActorFrom(ctx)
	if t.OrgID != "" && t.PlaceID != "" || !(staff(a) || (t.OrgID != "" && MayEnter(a, t.OrgID))) {
		return forbidden()
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var v birlik.Invalid
		ind, err := indicatorWhere(ctx, tx, "i.id = ?", t.IndicatorID)
		if err != nil {
			v.Add("indicator", "error.indicators.indicator_invalid")
		}
		var one int
		switch {
		case t.OrgID != "":
			err = tx.QueryRowContext(ctx, `SELECT 1 FROM organisations WHERE id = ? AND kind = 'municipality'`, t.OrgID).Scan(&one)
		case t.PlaceID != "":
			err = tx.QueryRowContext(ctx, `SELECT 1 FROM places WHERE id = ? AND kind IN ('region', 'province', 'district')`, t.PlaceID).Scan(&one)
		default:
			err = sql.ErrNoRows
		}
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("area", "error.indicators.area_invalid")
		} else if err != nil {
			return err
		}
		if ind != nil {
			if key := checkPeriod(ind.Period, t.BaselinePeriod, s.Now()); key != "" {
				v.AddArgs("baseline_period", key, "type", string(ind.Period))
			}
		}
		for field, x := range map[string]float64{"baseline": t.Baseline, "value": t.Value} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				v.Add(field, "error.indicators.value_invalid")
			}
		}
		if t.Value == t.Baseline {
			v.Add("value", "error.indicators.target_equals_baseline")
		}
		if _, err := time.Parse("2006-01-02", t.Deadline); err != nil {
			v.Add("deadline", "error.indicators.date_invalid")
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.Now().UTC()
		args := []any{t.IndicatorID, store.Null(t.OrgID), store.Null(t.PlaceID), t.Baseline, t.BaselinePeriod, t.Value, t.Deadline}
		if t.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO indicator_targets (indicator_id, org_id, place_id, baseline, baseline_period,
				value, deadline, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
				append(args, now, now)...).Scan(&t.ID); err != nil {
				return err
			}
			t.Version = 1
			return audit.Write(ctx, tx, now, "indicator_target.create", "indicator_target", strconv.FormatInt(t.ID, 10), t.OrgID, nil, t)
		}
		old, err := targetsWhere(ctx, tx, "id = ?", t.ID)
		if err != nil {
			return err
		}
		if len(old) == 0 || (!staff(a) && old[0].OrgID != a.OrgID) {
			return notFound()
		}
		if err := checkUpdated(tx.ExecContext(ctx, `UPDATE indicator_targets SET indicator_id = ?, org_id = ?, place_id = ?, baseline = ?,
			baseline_period = ?, value = ?, deadline = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			append(args, now, t.ID, t.Version)...)); err != nil {
			return err
		}
		t.Version++
		return audit.Write(ctx, tx, now, "indicator_target.update", "indicator_target", strconv.FormatInt(t.ID, 10), t.OrgID, old[0], t)
	})
}

// trendPoints is how many of the latest periods the trend line is
// fitted to.
const trendPoints = 8

// progress says where the area stands against t: a least-squares line
// over the last trendPoints periods of the total, projected to the
// deadline, is on track when it reaches the target (in the indicator's
// direction), at risk when it falls short by less than a tenth of the
// way from baseline to target, off track otherwise; no data under two
// points.
func progress(ind *Indicator, t Target, trend []Figure) TargetProgress {
	tp := TargetProgress{Target: t, Status: NoData}
	var xs, ys []float64
	for _, f := range trend {
		if !f.HasValue {
			continue
		}
		x, _ := periodIndex(ind.Period, f.Period)
		xs, ys = append(xs, float64(x)), append(ys, f.Value)
		cur := f
		tp.Current = &cur
	}
	if len(xs) > trendPoints {
		xs, ys = xs[len(xs)-trendPoints:], ys[len(ys)-trendPoints:]
	}
	deadline, err := time.Parse("2006-01-02", t.Deadline)
	if len(xs) < 2 || err != nil {
		return tp
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx, my = mx/float64(len(xs)), my/float64(len(ys))
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	slope := sxy / sxx
	tp.Projected = my + slope*(dateIndex(ind.Period, deadline)-mx)
	short := t.Value - tp.Projected // how far the projection falls short, in the better direction
	if ind.Direction == LowerBetter {
		short = -short
	}
	switch {
	case short <= 0:
		tp.Status = OnTrack
	case short < 0.1*math.Abs(t.Value-t.Baseline):
		tp.Status = AtRisk
	default:
		tp.Status = OffTrack
	}
	return tp
}
