package equality

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// reportCond returns the condition on equality_reports (aliased r, joined
// to its plan as p) that holds for the reports the actor may read: those
// of plans they may read, published, and every report of the plans they
// write.
func reportCond(a birlik.Actor) (string, []any) {
	rc, rargs := readCond(a)
	ec, eargs := editCond(a)
	return rc + " AND (r.published = TRUE OR " + ec + ")", append(rargs, eargs...)
}

const reportColumns = `r.id, r.plan_id, r.period, r.narrative, r.published, COALESCE(r.created_by, 0), r.created_at, r.version`

func scanReport(sc interface{ Scan(...any) error }) (*Report, error) {
	var r Report
	err := sc.Scan(&r.ID, &r.PlanID, &r.Period, &r.Narrative, &r.Published, &r.CreatedBy, &r.CreatedAt, &r.Version)
	return &r, err
}

// Reports returns a plan's monitoring reports the actor may read, latest
// period first, each with its measures' statuses. ENOTFOUND.
func (s *Service) Reports(ctx context.Context, planID int64) ([]Report, error) {
	if err := readable(ctx, s.DB, planID); err != nil {
		return nil, err
	}
	cond, args := reportCond(birlik.ActorFrom(ctx))
	rows, err := s.DB.QueryContext(ctx, `SELECT `+reportColumns+` FROM equality_reports r JOIN equality_plans p ON p.id = r.plan_id
		WHERE r.plan_id = ? AND `+cond+` ORDER BY r.period DESC, r.id DESC`, append([]any{planID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Report
	index := map[int64]int{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		r.MeasureStatus = map[int64]MeasureStatus{}
		index[r.ID] = len(out)
		out = append(out, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	st, err := s.DB.QueryContext(ctx, `SELECT rm.report_id, rm.measure_id, rm.status FROM equality_report_measures rm
		JOIN equality_reports r ON r.id = rm.report_id WHERE r.plan_id = ?`, planID)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for st.Next() {
		var rid, mid int64
		var status MeasureStatus
		if err := st.Scan(&rid, &mid, &status); err != nil {
			return nil, err
		}
		if i, ok := index[rid]; ok {
			out[i].MeasureStatus[mid] = status
		}
	}
	return out, st.Err()
}

// Report returns a monitoring report the actor may read, with its
// measures' statuses. ENOTFOUND.
func (s *Service) Report(ctx context.Context, id int64) (*Report, error) {
	return report(ctx, s.DB, id)
}

func report(ctx context.Context, q store.Querier, id int64) (*Report, error) {
	cond, args := reportCond(birlik.ActorFrom(ctx))
	r, err := scanReport(q.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM equality_reports r JOIN equality_plans p ON p.id = r.plan_id
		WHERE r.id = ? AND `+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	r.MeasureStatus = map[int64]MeasureStatus{}
	rows, err := q.QueryContext(ctx, `SELECT measure_id, status FROM equality_report_measures WHERE report_id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var mid int64
		var status MeasureStatus
		if err := rows.Scan(&mid, &status); err != nil {
			return nil, err
		}
		r.MeasureStatus[mid] = status
	}
	return r, rows.Err()
}

// MayReadReport returns nil when the actor in ctx may read the report
// (and so its evidence, documents of kind "plan_report"), else
// ENOTFOUND.
func (s *Service) MayReadReport(ctx context.Context, id int64) error {
	_, err := report(ctx, s.DB, id)
	return err
}

// MayChangeReport returns nil when the actor in ctx may change the report
// and attach evidence to it: ENOTFOUND when they may not read it,
// EFORBIDDEN when they may read but not write it.
func (s *Service) MayChangeReport(ctx context.Context, id int64) error {
	r, err := report(ctx, s.DB, id)
	if err != nil {
		return err
	}
	_, err = writable(ctx, s.DB, r.PlanID)
	return err
}

// SaveReport creates a monitoring report of r.PlanID (r.ID 0) or updates
// one (r.Version must be the stored version, else ECONFLICT), with each
// measure's status as reported (r.MeasureStatus replaces the stored
// statuses). The period is free text ("2025", "2025-H1"), one report per
// period and plan. ENOTFOUND, EFORBIDDEN, EINVALID (period, narrative,
// measures); ECONFLICT on period when another report has it. On success
// r holds the stored report.
func (s *Service) SaveReport(ctx context.Context, r *Report) error {
	a := birlik.ActorFrom(ctx)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var old *Report
	if r.ID != 0 {
		var planID int64
		err := tx.QueryRowContext(ctx, `SELECT plan_id FROM equality_reports WHERE id = ?`, r.ID).Scan(&planID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound()
		}
		if err != nil {
			return err
		}
		r.PlanID = planID
	}
	orgID, err := writable(ctx, tx, r.PlanID)
	if err != nil {
		return err
	}
	if r.ID != 0 {
		if old, err = report(ctx, tx, r.ID); err != nil {
			return err
		}
		if old.Version != r.Version {
			return conflict()
		}
	}
	next := *r
	var v birlik.Invalid
	checkText(&v, "period", &next.Period, true, false, maxPeriod)
	checkText(&v, "narrative", &next.Narrative, false, true, maxText)
	if !v.Has("period") {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM equality_reports WHERE plan_id = ? AND period = ? AND id <> ?`,
			next.PlanID, next.Period, next.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return periodConflict()
		}
	}
	next.MeasureStatus = maps.Clone(next.MeasureStatus)
	if next.MeasureStatus == nil {
		next.MeasureStatus = map[int64]MeasureStatus{}
	}
	if len(next.MeasureStatus) > 0 {
		ms, err := measures(ctx, tx, `plan_id = ?`, next.PlanID)
		if err != nil {
			return err
		}
		for id, st := range next.MeasureStatus {
			switch {
			case !slices.ContainsFunc(ms, func(m Measure) bool { return m.ID == id }):
				v.Add("measures", "error.equality.measure_unknown")
			case !validMeasureStatus(st):
				v.Add("measures", "error.equality.measure_status_invalid")
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	if old == nil {
		err = tx.QueryRowContext(ctx, `INSERT INTO equality_reports (plan_id, period, narrative, published, version, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, 1, ?, ?, ?) RETURNING id`, next.PlanID, next.Period, next.Narrative, next.Published,
			store.Null(a.UserID), now, now).Scan(&next.ID)
		if store.IsUniqueViolation(err) {
			return periodConflict()
		}
		if err != nil {
			return err
		}
	} else {
		err := updateVersioned(ctx, tx, `UPDATE equality_reports SET period = ?, narrative = ?, published = ?, version = version + 1,
			updated_at = ? WHERE id = ? AND version = ?`, next.Period, next.Narrative, next.Published, now, old.ID, old.Version)
		if store.IsUniqueViolation(err) {
			return periodConflict()
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM equality_report_measures WHERE report_id = ?`, old.ID); err != nil {
			return err
		}
	}
	ids := slices.Sorted(maps.Keys(next.MeasureStatus))
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO equality_report_measures (report_id, measure_id, status) VALUES (?, ?, ?)`,
			next.ID, id, string(next.MeasureStatus[id])); err != nil {
			return err
		}
	}
	stored, err := report(ctx, tx, next.ID)
	if err != nil {
		return err
	}
	action := audit.Create
	var before any
	if old != nil {
		action, before = audit.Update, old
	}
	if err := audit.Write(ctx, tx, now, action, "equality_report", idString(stored.ID), orgID, before, stored); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*r = *stored
	return nil
}

// periodConflict is a period another report of the plan has.
func periodConflict() error {
	return &birlik.Error{Code: birlik.ECONFLICT, Message: "error.equality.period_taken",
		Fields: map[string]string{"period": "error.equality.period_taken"}}
}
