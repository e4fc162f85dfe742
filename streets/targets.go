package streets

import (
	"context"
	"slices"
	"strconv"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

const targetColumns = `id, measure, value, baseline, baseline_date, deadline, notes, version`

func scanTarget(sc interface{ Scan(...any) error }) (*Target, error) {
	var t Target
	err := sc.Scan(&t.ID, &t.Measure, &t.Value, &t.Baseline, &t.BaselineDate, &t.Deadline, &t.Notes, &t.Version)
	return &t, err
}

// Targets returns the programme's targets, by deadline.
func (s *Service) Targets(ctx context.Context) ([]Target, error) {
	return targets(ctx, s.DB)
}

func targets(ctx context.Context, q store.Querier) ([]Target, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+targetColumns+` FROM street_targets ORDER BY deadline, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Target
	for rows.Next() {
		t, err := scanTarget(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

func validateTarget(t *Target) error {
	var v birlik.Invalid
	if !slices.Contains(Measures, t.Measure) {
		v.Add("measure", "error.streets.measure_invalid")
	}
	if !(t.Value > 0) || t.Value > 1e12 {
		v.Add("value", "error.streets.value_invalid")
	}
	if !(t.Baseline >= 0) || t.Baseline > 1e12 {
		v.Add("baseline", "error.streets.baseline_invalid")
	}
	checkDate(&v, "baseline_date", t.BaselineDate, true)
	checkDate(&v, "deadline", t.Deadline, true)
	if !v.Has("baseline_date") && !v.Has("deadline") && t.Deadline <= t.BaselineDate {
		v.Add("deadline", "error.streets.deadline_order")
	}
	checkText(&v, "notes", &t.Notes, false, true, maxText)
	return v.Err()
}

// SaveTarget creates (ID 0) or updates a target; union staff only. On
// success t holds the stored target. Fields: measure, value, baseline,
// baseline_date, deadline (after the baseline date), notes. EINVALID,
// EFORBIDDEN, ECONFLICT, ENOTFOUND.
func (s *Service) SaveTarget(ctx context.Context, t *Target) error {
	if !staff(birlik.ActorFrom(ctx)) {
		return forbidden()
	}
	if err := validateTarget(t); err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := s.now()
	var old *Target
	if t.ID == 0 {
		if err := tx.QueryRowContext(ctx, `INSERT INTO street_targets (measure, value, baseline, baseline_date, deadline, notes,
			version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			string(t.Measure), t.Value, t.Baseline, t.BaselineDate, t.Deadline, t.Notes, now, now).Scan(&t.ID); err != nil {
			return err
		}
	} else {
		old, err = scanTarget(tx.QueryRowContext(ctx, `SELECT `+targetColumns+` FROM street_targets WHERE id = ?`, t.ID))
		if err := checkStored(err, old.Version, t.Version); err != nil {
			return err
		}
		err := updateVersioned(ctx, tx, `UPDATE street_targets SET measure = ?, value = ?, baseline = ?, baseline_date = ?,
			deadline = ?, notes = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			string(t.Measure), t.Value, t.Baseline, t.BaselineDate, t.Deadline, t.Notes, now, t.ID, t.Version)
		if err != nil {
			return err
		}
	}
	stored, err := scanTarget(tx.QueryRowContext(ctx, `SELECT `+targetColumns+` FROM street_targets WHERE id = ?`, t.ID))
	if err != nil {
		return err
	}
	action, before := audit.Create, any(nil)
	if old != nil {
		action, before = audit.Update, old
	}
	if err := audit.Write(ctx, tx, now, action, "street_target", strconv.FormatInt(t.ID, 10), "", before, stored); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*t = *stored
	return nil
}

// daysPerYear turns days into years for the pace of a target.
const daysPerYear = 365.25

// progressOf says where target t stands at now with the current value:
// its share of the target, the pace since the baseline date (linear, per
// year) and the value that pace reaches by the deadline. A target whose
// baseline date has not come has no pace yet; one whose deadline has
// passed projects its current value.
func progressOf(t Target, current float64, now time.Time) Progress {
	p := Progress{Target: t, Current: current, Projected: current}
	if t.Value > 0 {
		p.Share = current / t.Value
	}
	base, err1 := time.Parse(dateLayout, t.BaselineDate)
	deadline, err2 := time.Parse(dateLayout, t.Deadline)
	if err1 == nil && err2 == nil {
		if elapsed := now.Sub(base).Hours() / 24 / daysPerYear; elapsed > 0 {
			p.PerYear = (current - t.Baseline) / elapsed
		}
		if left := deadline.Sub(now).Hours() / 24 / daysPerYear; left > 0 {
			p.Projected = current + p.PerYear*left
		}
	}
	p.OnTrack = p.Projected >= t.Value
	return p
}
