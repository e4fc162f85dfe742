package equality

import (
	"context"
	"database/sql"
	"errors"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// Indicators returns the indicators a plan follows, the plan's own
// (ObjectiveID 0) first, then by objective and indicator. ENOTFOUND.
func (s *Service) Indicators(ctx context.Context, planID int64) ([]PlanIndicator, error) {
	if err := readable(ctx, s.DB, planID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT plan_id, COALESCE(objective_id, 0), indicator_id, COALESCE(target_id, 0)
		FROM equality_plan_indicators WHERE plan_id = ? ORDER BY COALESCE(objective_id, 0), indicator_id`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PlanIndicator
	for rows.Next() {
		var pi PlanIndicator
		if err := rows.Scan(&pi.PlanID, &pi.ObjectiveID, &pi.IndicatorID, &pi.TargetID); err != nil {
			return nil, err
		}
		out = append(out, pi)
	}
	return out, rows.Err()
}

// Follow links an indicator of package indicators, with the target that
// holds the plan's baseline and target value (0: none yet), to the plan
// (pi.ObjectiveID 0) or one of its objectives. The target must be one of
// the indicator's, set for the plan's organisation or, for the union's
// plan, for a place (the region, a province). Following an indicator the
// plan or objective follows already changes its target. ENOTFOUND,
// EFORBIDDEN, EINVALID (objective, indicator, target).
func (s *Service) Follow(ctx context.Context, pi PlanIndicator) error {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	orgID, err := writable(ctx, tx, pi.PlanID)
	if err != nil {
		return err
	}
	var v birlik.Invalid
	if pi.ObjectiveID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM equality_objectives WHERE id = ? AND plan_id = ?`,
			pi.ObjectiveID, pi.PlanID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("objective", "error.equality.objective_invalid")
		}
	}
	if err := checkFollowed(ctx, tx, orgID, pi, &v); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	var before any // nil on create: a typed nil would be recorded as null
	var target int64
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(target_id, 0) FROM equality_plan_indicators
		WHERE plan_id = ? AND COALESCE(objective_id, 0) = ? AND indicator_id = ?`, pi.PlanID, pi.ObjectiveID, pi.IndicatorID).Scan(&target)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO equality_plan_indicators (plan_id, objective_id, indicator_id, target_id, created_at)
			VALUES (?, ?, ?, ?, ?)`, pi.PlanID, store.Null(pi.ObjectiveID), pi.IndicatorID, store.Null(pi.TargetID), now)
	case err == nil:
		was := pi
		was.TargetID = target
		before = was
		_, err = tx.ExecContext(ctx, `UPDATE equality_plan_indicators SET target_id = ?
			WHERE plan_id = ? AND COALESCE(objective_id, 0) = ? AND indicator_id = ?`, store.Null(pi.TargetID), pi.PlanID, pi.ObjectiveID, pi.IndicatorID)
	}
	if err != nil {
		return err
	}
	action := audit.Create
	if before != nil {
		action = audit.Update
	}
	if err := audit.Write(ctx, tx, now, action, "equality_plan_indicator", idString(pi.PlanID), orgID, before, pi); err != nil {
		return err
	}
	return tx.Commit()
}

// checkFollowed records a problem when the indicator does not exist or
// the target is not one the plan of orgID may hold (see Follow).
func checkFollowed(ctx context.Context, q store.Querier, orgID string, pi PlanIndicator, v *birlik.Invalid) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicators WHERE id = ?`, pi.IndicatorID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		v.Add("indicator", "error.equality.indicator_invalid")
		return nil
	}
	if pi.TargetID == 0 {
		return nil
	}
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_targets t
		WHERE t.id = ? AND t.indicator_id = ? AND (t.org_id = ?
			OR t.place_id IS NOT NULL AND (SELECT o.kind FROM organisations o WHERE o.id = ?) = 'union')`,
		pi.TargetID, pi.IndicatorID, orgID, orgID).Scan(&n)
	if err == nil && n == 0 {
		v.Add("target", "error.equality.target_invalid")
	}
	return err
}
