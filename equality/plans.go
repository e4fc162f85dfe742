package equality

import (
	"context"
	"database/sql"
	"errors"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

const planColumns = `p.id, p.org_id, o.name, p.title, p.summary, COALESCE(p.start_date, ''), COALESCE(p.end_date, ''),
	p.status, p.published, p.current_version, p.version, p.created_at, p.updated_at`

func scanPlan(sc interface{ Scan(...any) error }) (*Plan, error) {
	var p Plan
	err := sc.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.Title, &p.Summary, &p.StartDate, &p.EndDate,
		&p.Status, &p.Published, &p.Current, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	return &p, err
}

// Plans returns the plans the actor may read: the union's first, then
// the municipalities' by name, each organisation's latest first.
func (s *Service) Plans(ctx context.Context) ([]Plan, error) {
	rc, args := readCond(birlik.ActorFrom(ctx))
	rows, err := s.DB.QueryContext(ctx, `SELECT `+planColumns+` FROM equality_plans p JOIN organisations o ON o.id = p.org_id
		WHERE `+rc+` ORDER BY CASE WHEN o.kind = 'union' THEN 0 ELSE 1 END, o.sort_key, p.start_date DESC, p.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// Plan returns a plan the actor may read. ENOTFOUND.
func (s *Service) Plan(ctx context.Context, id int64) (*Plan, error) {
	return plan(ctx, s.DB, id)
}

func plan(ctx context.Context, q store.Querier, id int64) (*Plan, error) {
	rc, args := readCond(birlik.ActorFrom(ctx))
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planColumns+` FROM equality_plans p JOIN organisations o ON o.id = p.org_id
		WHERE p.id = ? AND `+rc, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return p, err
}

// MayWritePlan reports whether the actor in ctx may change the plan and
// its parts (objectives, measures, reports, indicators, revisions); pages
// use it to offer the forms. ENOTFOUND when they may not read it.
func (s *Service) MayWritePlan(ctx context.Context, id int64) (bool, error) {
	_, err := writable(ctx, s.DB, id)
	if birlik.ErrorCode(err) == birlik.EFORBIDDEN {
		return false, nil
	}
	return err == nil, err
}

// validatePlan normalises p in place and collects every problem with its
// own fields: org, title, summary, start_date, end_date, status.
func validatePlan(p *Plan, v *birlik.Invalid) {
	checkText(v, "title", &p.Title, true, false, maxTitle)
	checkText(v, "summary", &p.Summary, false, true, maxText)
	checkDates(v, "start_date", &p.StartDate, "end_date", &p.EndDate)
	if p.Status == "" {
		p.Status = DraftPlan
	}
	switch p.Status {
	case DraftPlan, ActivePlan, ClosedPlan:
	default:
		v.Add("status", "error.equality.status_invalid")
	}
}

// planAudit is what the audit log keeps of a plan.
type planAudit struct {
	ID        int64      `json:"id"`
	OrgID     string     `json:"org_id"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary"`
	StartDate string     `json:"start_date"`
	EndDate   string     `json:"end_date"`
	Status    PlanStatus `json:"status"`
	Published bool       `json:"published"`
	Current   int        `json:"current_version"`
	Version   int        `json:"version"`
}

func auditPlan(p *Plan) planAudit {
	return planAudit{p.ID, p.OrgID, p.Title, p.Summary, p.StartDate, p.EndDate, p.Status, p.Published, p.Current, p.Version}
}

// SavePlan creates a plan (p.ID 0) or updates one (p.Version must be the
// stored version, else ECONFLICT). A new plan belongs to p.OrgID, the
// union or a municipality, for good: an update keeps the stored
// organisation. A new plan is at version 1, adopted on its start date
// (today when it has none). It returns EFORBIDDEN when the actor may not
// write the organisation's plans, ENOTFOUND for a plan they may not
// read, EINVALID with every field problem. On success p holds the stored
// plan.
func (s *Service) SavePlan(ctx context.Context, p *Plan) error {
	a := birlik.ActorFrom(ctx)
	if !MayCreate(a) {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	next := *p
	var v birlik.Invalid
	validatePlan(&next, &v)
	now := s.now()
	if p.ID == 0 {
		if !MayWrite(a, next.OrgID) {
			return forbidden()
		}
		if err := checkOrg(ctx, tx, next.OrgID, &v); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO equality_plans (org_id, title, summary, start_date, end_date, status, published,
			current_version, version, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?) RETURNING id`,
			next.OrgID, next.Title, next.Summary, store.Null(next.StartDate), store.Null(next.EndDate), string(next.Status),
			next.Published, store.Null(a.UserID), now, now).Scan(&next.ID)
		if err != nil {
			return err
		}
		adopted := next.StartDate
		if adopted == "" {
			adopted = s.today()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO equality_plan_versions (plan_id, number, adopted_on, note, created_by, created_at)
			VALUES (?, 1, ?, '', ?, ?)`, next.ID, adopted, store.Null(a.UserID), now); err != nil {
			return err
		}
		stored, err := plan(ctx, tx, next.ID)
		if err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, now, audit.Create, "equality_plan", idString(stored.ID), stored.OrgID, nil, auditPlan(stored)); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		*p = *stored
		return nil
	}
	if _, err := writable(ctx, tx, p.ID); err != nil {
		return err
	}
	old, err := plan(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	if old.Version != p.Version {
		return conflict()
	}
	if err := v.Err(); err != nil {
		return err
	}
	ec, eargs := editCond(a)
	args := append([]any{next.Title, next.Summary, store.Null(next.StartDate), store.Null(next.EndDate), string(next.Status),
		next.Published, now, old.ID, old.Version}, eargs...)
	if err := updateVersioned(ctx, tx, `UPDATE equality_plans AS p SET title = ?, summary = ?, start_date = ?, end_date = ?, status = ?,
		published = ?, version = version + 1, updated_at = ? WHERE p.id = ? AND p.version = ? AND `+ec, args...); err != nil {
		return err
	}
	stored, err := plan(ctx, tx, old.ID)
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "equality_plan", idString(old.ID), old.OrgID, auditPlan(old), auditPlan(stored)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*p = *stored
	return nil
}

// checkOrg records a problem when orgID is neither the union nor a
// municipality.
func checkOrg(ctx context.Context, q store.Querier, orgID string, v *birlik.Invalid) error {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND kind IN ('union', 'municipality')`, orgID).Scan(&n)
	if err == nil && n == 0 {
		v.Add("org", "error.equality.org_invalid")
	}
	return err
}

// Revise adopts the next version of the plan on adoptedOn (YYYY-MM-DD,
// not before the current version's adoption) with r, the review of what
// changed (r.Changes) and why (r.Reasons), in one transaction; earlier
// versions and reviews stay. r.FromVersion, when set, must be the
// current version, else ECONFLICT: two people revising at once do not
// both adopt the same version. ENOTFOUND, EFORBIDDEN, EINVALID (fields
// adopted_on, reviewed_on, changes, reasons). On success r holds the
// stored review.
func (s *Service) Revise(ctx context.Context, planID int64, adoptedOn string, r *Review) error {
	a := birlik.ActorFrom(ctx)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := writable(ctx, tx, planID); err != nil {
		return err
	}
	old, err := plan(ctx, tx, planID)
	if err != nil {
		return err
	}
	if r.FromVersion != 0 && r.FromVersion != old.Current {
		return conflict()
	}
	var v birlik.Invalid
	next := *r
	checkText(&v, "changes", &next.Changes, true, true, maxText)
	checkText(&v, "reasons", &next.Reasons, true, true, maxText)
	adoptedOn, _ = birlik.CleanText(adoptedOn, false)
	var last string
	if err := tx.QueryRowContext(ctx, `SELECT adopted_on FROM equality_plan_versions WHERE plan_id = ? AND number = ?`,
		planID, old.Current).Scan(&last); err != nil {
		return err
	}
	switch {
	case adoptedOn == "":
		v.Add("adopted_on", "error.equality.required")
	case !validDate(adoptedOn):
		v.Add("adopted_on", "error.equality.date_invalid")
	case adoptedOn < last:
		v.AddArgs("adopted_on", "error.equality.adopted_order", "date", last)
	}
	next.ReviewedOn, _ = birlik.CleanText(next.ReviewedOn, false)
	if next.ReviewedOn == "" {
		next.ReviewedOn = adoptedOn
	} else if !validDate(next.ReviewedOn) {
		v.Add("reviewed_on", "error.equality.date_invalid")
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	next.ID, next.PlanID, next.FromVersion, next.ToVersion = 0, planID, old.Current, old.Current+1
	next.CreatedBy, next.CreatedAt = a.UserID, now
	if err := updateVersioned(ctx, tx, `UPDATE equality_plans SET current_version = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND current_version = ?`, next.ToVersion, now, planID, old.Current); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO equality_plan_versions (plan_id, number, adopted_on, note, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, planID, next.ToVersion, adoptedOn, next.Changes, store.Null(a.UserID), now); err != nil {
		if store.IsUniqueViolation(err) {
			return conflict()
		}
		return err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO equality_reviews (plan_id, reviewed_on, from_version, to_version, changes, reasons,
		created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, planID, next.ReviewedOn, next.FromVersion, next.ToVersion,
		next.Changes, next.Reasons, store.Null(a.UserID), now).Scan(&next.ID)
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "equality_review", idString(next.ID), old.OrgID, nil, next); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "equality_plan", idString(planID), old.OrgID,
		map[string]int{"current_version": old.Current}, map[string]any{"current_version": next.ToVersion, "adopted_on": adoptedOn}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*r = next
	return nil
}

// Versions returns a plan's versions, the first first. ENOTFOUND.
func (s *Service) Versions(ctx context.Context, planID int64) ([]PlanVersion, error) {
	if err := readable(ctx, s.DB, planID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT plan_id, number, adopted_on, note, COALESCE(created_by, 0), created_at
		FROM equality_plan_versions WHERE plan_id = ? ORDER BY number`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PlanVersion
	for rows.Next() {
		var pv PlanVersion
		if err := rows.Scan(&pv.PlanID, &pv.Number, &pv.AdoptedOn, &pv.Note, &pv.CreatedBy, &pv.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, pv)
	}
	return out, rows.Err()
}

// Reviews returns a plan's reviews, latest first. ENOTFOUND.
func (s *Service) Reviews(ctx context.Context, planID int64) ([]Review, error) {
	if err := readable(ctx, s.DB, planID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, plan_id, reviewed_on, from_version, to_version, changes, reasons,
		COALESCE(created_by, 0), created_at FROM equality_reviews WHERE plan_id = ? ORDER BY to_version DESC`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		var r Review
		if err := rows.Scan(&r.ID, &r.PlanID, &r.ReviewedOn, &r.FromVersion, &r.ToVersion, &r.Changes, &r.Reasons,
			&r.CreatedBy, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
