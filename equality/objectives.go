package equality

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// Objectives returns a plan's objectives in order, with their measures
// by objective id (each objective's by start date). ENOTFOUND.
func (s *Service) Objectives(ctx context.Context, planID int64) ([]Objective, map[int64][]Measure, error) {
	if err := readable(ctx, s.DB, planID); err != nil {
		return nil, nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+objectiveColumns+` FROM equality_objectives
		WHERE plan_id = ? ORDER BY position, id`, planID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []Objective
	for rows.Next() {
		o, err := scanObjective(rows)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, *o)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	ms, err := measures(ctx, s.DB, `plan_id = ?`, planID)
	if err != nil {
		return nil, nil, err
	}
	by := make(map[int64][]Measure, len(out))
	for _, m := range ms {
		by[m.ObjectiveID] = append(by[m.ObjectiveID], m)
	}
	return out, by, nil
}

const objectiveColumns = `id, plan_id, code, title, description, position, version`

func scanObjective(sc interface{ Scan(...any) error }) (*Objective, error) {
	var o Objective
	err := sc.Scan(&o.ID, &o.PlanID, &o.Code, &o.Title, &o.Description, &o.Position, &o.Version)
	return &o, err
}

const measureColumns = `id, objective_id, plan_id, title, description, responsible, budget,
	COALESCE(start_date, ''), COALESCE(end_date, ''), status, version`

func scanMeasure(sc interface{ Scan(...any) error }) (*Measure, error) {
	var m Measure
	err := sc.Scan(&m.ID, &m.ObjectiveID, &m.PlanID, &m.Title, &m.Description, &m.Responsible, &m.Budget,
		&m.StartDate, &m.EndDate, &m.Status, &m.Version)
	return &m, err
}

// measures returns the measures matching cond, in the order a plan
// lists them. Callers have checked that the reader may read the plan.
func measures(ctx context.Context, q store.Querier, cond string, args ...any) ([]Measure, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+measureColumns+` FROM equality_measures WHERE `+cond+`
		ORDER BY COALESCE(start_date, '9999'), id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Measure
	for rows.Next() {
		m, err := scanMeasure(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

// SaveObjective creates an objective of o.PlanID (o.ID 0) or updates one
// (o.Version must be the stored version, else ECONFLICT); it stays in
// its plan. An empty code on create gets the next free "O<n>"; codes are
// unique in a plan (EINVALID on code). ENOTFOUND, EFORBIDDEN, EINVALID
// (code, title, description). On success o holds the stored objective.
func (s *Service) SaveObjective(ctx context.Context, o *Objective) error {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var old *Objective
	if o.ID != 0 {
		old, err = scanObjective(tx.QueryRowContext(ctx, `SELECT `+objectiveColumns+` FROM equality_objectives WHERE id = ?`, o.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound()
		}
		if err != nil {
			return err
		}
		o.PlanID = old.PlanID
	}
	orgID, err := writable(ctx, tx, o.PlanID)
	if err != nil {
		return err
	}
	if old != nil && old.Version != o.Version {
		return conflict()
	}
	next := *o
	var v birlik.Invalid
	checkText(&v, "code", &next.Code, old != nil, false, maxCode)
	checkText(&v, "title", &next.Title, true, false, maxTitle)
	checkText(&v, "description", &next.Description, false, true, maxText)
	if old == nil && next.Code == "" && !v.Has("code") {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM equality_objectives WHERE plan_id = ?`, next.PlanID).Scan(&n); err != nil {
			return err
		}
		for {
			n++
			next.Code = "O" + strconv.Itoa(n)
			taken, err := codeTaken(ctx, tx, next.PlanID, next.Code, 0)
			if err != nil {
				return err
			}
			if !taken {
				break
			}
		}
	} else if !v.Has("code") {
		taken, err := codeTaken(ctx, tx, next.PlanID, next.Code, next.ID)
		if err != nil {
			return err
		}
		if taken {
			v.Add("code", "error.equality.code_taken")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	if old == nil {
		if next.Position == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM equality_objectives WHERE plan_id = ?`,
				next.PlanID).Scan(&next.Position); err != nil {
				return err
			}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO equality_objectives (plan_id, code, title, description, position, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`, next.PlanID, next.Code, next.Title, next.Description, next.Position, now, now).Scan(&next.ID)
		if store.IsUniqueViolation(err) {
			return codeConflict()
		}
		if err != nil {
			return err
		}
		next.Version = 1
		if err := audit.Write(ctx, tx, now, audit.Create, "equality_objective", idString(next.ID), orgID, nil, next); err != nil {
			return err
		}
	} else {
		err := updateVersioned(ctx, tx, `UPDATE equality_objectives SET code = ?, title = ?, description = ?, position = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			next.Code, next.Title, next.Description, next.Position, now, old.ID, old.Version)
		if store.IsUniqueViolation(err) {
			return codeConflict()
		}
		if err != nil {
			return err
		}
		next.Version = old.Version + 1
		if err := audit.Write(ctx, tx, now, audit.Update, "equality_objective", idString(old.ID), orgID, old, next); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*o = next
	return nil
}

func codeTaken(ctx context.Context, q store.Querier, planID int64, code string, except int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM equality_objectives WHERE plan_id = ? AND code = ? AND id <> ?`,
		planID, code, except).Scan(&n)
	return n > 0, err
}

// codeConflict is a code taken between the check and the write.
func codeConflict() error {
	return &birlik.Error{Code: birlik.ECONFLICT, Message: "error.equality.code_taken",
		Fields: map[string]string{"code": "error.equality.code_taken"}}
}

// validateMeasure normalises m in place and collects every problem with
// its own fields: title, description, responsible, budget, start_date,
// end_date, status.
func validateMeasure(m *Measure, v *birlik.Invalid) {
	checkText(v, "title", &m.Title, true, false, maxTitle)
	checkText(v, "description", &m.Description, false, true, maxText)
	checkText(v, "responsible", &m.Responsible, true, false, maxUnit)
	if !validBudget(m.Budget) {
		v.Add("budget", "error.equality.budget_invalid")
	}
	checkDates(v, "start_date", &m.StartDate, "end_date", &m.EndDate)
	if m.Status == "" {
		m.Status = Planned
	}
	if !validMeasureStatus(m.Status) {
		v.Add("status", "error.equality.measure_status_invalid")
	}
}

// SaveMeasure creates a measure of m.ObjectiveID (m.ID 0) or updates one
// (m.Version must be the stored version, else ECONFLICT); an update may
// move it to another objective of the same plan. The budget is in
// Turkish lira, zero or more; the end date may not come before the
// start. ENOTFOUND, EFORBIDDEN, EINVALID (objective and the fields of
// validateMeasure). On success m holds the stored measure.
func (s *Service) SaveMeasure(ctx context.Context, m *Measure) error {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var old *Measure
	if m.ID != 0 {
		old, err = scanMeasure(tx.QueryRowContext(ctx, `SELECT `+measureColumns+` FROM equality_measures WHERE id = ?`, m.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound()
		}
		if err != nil {
			return err
		}
	}
	var planID int64
	var v birlik.Invalid
	err = tx.QueryRowContext(ctx, `SELECT plan_id FROM equality_objectives WHERE id = ?`, m.ObjectiveID).Scan(&planID)
	switch {
	case errors.Is(err, sql.ErrNoRows) && old == nil:
		return notFound()
	case errors.Is(err, sql.ErrNoRows) || err == nil && old != nil && planID != old.PlanID:
		v.Add("objective", "error.equality.objective_invalid")
		planID = old.PlanID
	case err != nil:
		return err
	}
	orgID, err := writable(ctx, tx, planID)
	if err != nil {
		return err
	}
	if old != nil && old.Version != m.Version {
		return conflict()
	}
	next := *m
	next.PlanID = planID
	validateMeasure(&next, &v)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	if old == nil {
		err = tx.QueryRowContext(ctx, `INSERT INTO equality_measures (plan_id, objective_id, title, description, responsible, budget,
			start_date, end_date, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			planID, next.ObjectiveID, next.Title, next.Description, next.Responsible, next.Budget,
			store.Null(next.StartDate), store.Null(next.EndDate), string(next.Status), now, now).Scan(&next.ID)
		if err != nil {
			return err
		}
		next.Version = 1
		if err := audit.Write(ctx, tx, now, audit.Create, "equality_measure", idString(next.ID), orgID, nil, next); err != nil {
			return err
		}
	} else {
		if err := updateVersioned(ctx, tx, `UPDATE equality_measures SET objective_id = ?, title = ?, description = ?, responsible = ?,
			budget = ?, start_date = ?, end_date = ?, status = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			next.ObjectiveID, next.Title, next.Description, next.Responsible, next.Budget, store.Null(next.StartDate),
			store.Null(next.EndDate), string(next.Status), now, old.ID, old.Version); err != nil {
			return err
		}
		next.Version = old.Version + 1
		if err := audit.Write(ctx, tx, now, audit.Update, "equality_measure", idString(old.ID), orgID, old, next); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*m = next
	return nil
}

// Objective returns an objective of a plan the actor may read. ENOTFOUND.
func (s *Service) Objective(ctx context.Context, id int64) (*Objective, error) {
	o, err := scanObjective(s.DB.QueryRowContext(ctx, `SELECT `+objectiveColumns+` FROM equality_objectives WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	return o, readable(ctx, s.DB, o.PlanID)
}

// Measure returns a measure of a plan the actor may read. ENOTFOUND.
func (s *Service) Measure(ctx context.Context, id int64) (*Measure, error) {
	ms, err := measures(ctx, s.DB, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, notFound()
	}
	return &ms[0], readable(ctx, s.DB, ms[0].PlanID)
}
