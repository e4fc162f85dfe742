package indicators

import (
	"context"
	"database/sql"
	"errors"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// A period's values go through a submission per (organisation, period):
// no row is a draft; submitted waits for the union; approved locks the
// values (and adds them to the approved-only roll-ups); returned, with
// the union's comment, makes them editable again. A period string names
// the values of that period exactly: approving "2025" locks the yearly
// values of 2025, not the quarters'.

// maxComment bounds a return's comment or a reopening's reason.
const maxComment = 2000

// submission reads the status of (org, period); Draft when none.
func submission(ctx context.Context, q store.Querier, orgID, period string) (Status, error) {
	var st Status
	err := q.QueryRowContext(ctx, `SELECT status FROM indicator_submissions WHERE org_id = ? AND period = ?`, orgID, period).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return Draft, nil
	}
	return st, err
}

// Submit puts an organisation's period forward for approval: its focal
// point or staff, from draft or returned. EFORBIDDEN, ECONFLICT (already
// submitted or approved), EINVALID (not a municipality, a bad period,
// no values).
func (s *Service) Submit(ctx context.Context, orgID, period string) error {
	a := birlik.ActorFrom(ctx)
	if !MayEnter(a, orgID) {
		return forbidden()
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		// One row, not the whole list of municipalities: a demo load
		// submits thousands of periods.
		var isMuni int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ? AND kind = 'municipality'`, orgID).Scan(&isMuni)
		if err != nil {
			return err
		}
		var v birlik.Invalid
		if isMuni == 0 {
			v.Add("org_id", "error.indicators.org_invalid")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_presence WHERE org_id = ? AND period = ?`, orgID, period).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("period", "error.indicators.nothing_to_submit")
		}
		if err := v.Err(); err != nil {
			return err
		}
		st, err := submission(ctx, tx, orgID, period)
		if err != nil {
			return err
		}
		switch st {
		case Submitted:
			return birlik.Errorf(birlik.ECONFLICT, "error.indicators.already_submitted")
		case Approved:
			return birlik.Errorf(birlik.ECONFLICT, "error.indicators.already_approved")
		}
		now := s.Now().UTC()
		if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_submissions (org_id, period, status, comment, submitted_by, submitted_at)
			VALUES (?, ?, 'submitted', '', ?, ?) ON CONFLICT (org_id, period) DO UPDATE SET status = 'submitted', comment = '',
			submitted_by = excluded.submitted_by, submitted_at = excluded.submitted_at, decided_by = NULL, decided_at = NULL`,
			orgID, period, store.Null(a.UserID), now); err != nil {
			return err
		}
		return audit.Write(ctx, tx, now, "indicator_period.submit", "indicator_period", orgID+"/"+period, orgID,
			map[string]any{"status": st}, map[string]any{"status": Submitted})
	})
}

// Decide approves (locking the values) or returns (with a required
// comment) a submitted period; union staff only. EFORBIDDEN, EINVALID
// (no comment), ECONFLICT (not submitted).
func (s *Service) Decide(ctx context.Context, orgID, period string, approve bool, comment string) error {
	a := birlik.ActorFrom(ctx)
	if !MayDecide(a) {
		return forbidden()
	}
	comment, err := checkComment(comment, !approve)
	if err != nil {
		return err
	}
	to := Returned
	if approve {
		to = Approved
	}
	return s.decide(ctx, a, orgID, period, Submitted, to, comment, "indicator_period.decide")
}

// Reopen returns an approved period to its municipality, with the
// reason, so that its values can be corrected: union staff only. The
// values leave the approved-only figures until approved again.
// EFORBIDDEN, EINVALID (no reason), ECONFLICT (not approved).
func (s *Service) Reopen(ctx context.Context, orgID, period, reason string) error {
	a := birlik.ActorFrom(ctx)
	if !MayDecide(a) {
		return forbidden()
	}
	reason, err := checkComment(reason, true)
	if err != nil {
		return err
	}
	return s.decide(ctx, a, orgID, period, Approved, Returned, reason, "indicator_period.reopen")
}

func checkComment(c string, required bool) (string, error) {
	var v birlik.Invalid
	t, ok := birlik.CleanText(c, true)
	switch {
	case !ok:
		v.Add("comment", "error.indicators.text_invalid")
	case required && t == "":
		v.Add("comment", "error.indicators.comment_required")
	case len([]rune(t)) > maxComment:
		v.AddArgs("comment", "error.indicators.too_long", "max", maxComment)
	}
	return t, v.Err()
}

// decide moves (org, period) from status from to status to, adding its
// values to the approved-only roll-ups when it becomes approved and
// taking them away when it stops being.
func (s *Service) decide(ctx context.Context, a birlik.Actor, orgID, period string, from, to Status, comment, action string) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now().UTC()
		res, err := tx.ExecContext(ctx, `UPDATE indicator_submissions SET status = ?, comment = ?, decided_by = ?, decided_at = ?
			WHERE org_id = ? AND period = ? AND status = ?`, string(to), comment, store.Null(a.UserID), now, orgID, period, string(from))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err == nil {
				// Whole keys, so that the catalogue test finds them.
				err = birlik.Errorf(birlik.ECONFLICT, map[Status]string{
					Submitted: "error.indicators.not_submitted", Approved: "error.indicators.not_approved"}[from])
			}
			return err
		}
		switch {
		case to == Approved:
			err = approvedRollups(ctx, tx, orgID, period, 1)
		case from == Approved:
			err = approvedRollups(ctx, tx, orgID, period, -1)
		}
		if err != nil {
			return err
		}
		return audit.Write(ctx, tx, now, action, "indicator_period", orgID+"/"+period, orgID,
			map[string]any{"status": from}, map[string]any{"status": to, "comment": comment})
	})
}

// approvedRollups adds (sign 1) or takes away (-1) every value of (org,
// period) to or from the approved-only roll-ups and coverage.
func approvedRollups(ctx context.Context, tx *store.Tx, orgID, period string, sign int) error {
	inds, munis, err := lookups(ctx, tx)
	if err != nil {
		return err
	}
	m := munis[orgID]
	rows, err := tx.QueryContext(ctx, `SELECT v.indicator_id, v.sex, v.age, v.disability, v.migration, v.value
		FROM indicator_presence p JOIN indicator_values v ON v.indicator_id = p.indicator_id AND v.org_id = p.org_id AND v.period = p.period
		WHERE p.org_id = ? AND p.period = ?`, orgID, period)
	if err != nil {
		return err
	}
	defer rows.Close()
	d := newDeltas()
	present := map[int64]bool{}
	for rows.Next() {
		var id int64
		var c Combo
		var v float64
		if err := rows.Scan(&id, &c.Sex, &c.Age, &c.Disability, &c.Migration, &v); err != nil {
			return err
		}
		d.value(inds[id], m, 1, period, c, v, sign)
		if !present[id] {
			present[id] = true
			d.presence(id, m, 1, period, sign)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	return d.apply(ctx, tx)
}

// Submissions lists the submissions waiting for a decision (orgID "":
// staff only), or an organisation's (its focal point or staff), latest
// period first.
func (s *Service) Submissions(ctx context.Context, orgID string) ([]Submission, error) {
	a := birlik.ActorFrom(ctx)
	where, args := "status = 'submitted'", []any{}
	switch {
	case orgID == "" && !staff(a):
		return nil, forbidden()
	case orgID != "" && !MayEnter(a, orgID):
		return nil, forbidden()
	case orgID != "":
		where, args = "org_id = ?", []any{orgID}
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT org_id, period, status, comment, COALESCE(submitted_by, 0), COALESCE(decided_by, 0),
		submitted_at, decided_at FROM indicator_submissions WHERE `+where+` ORDER BY period DESC, org_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Submission
	for rows.Next() {
		var sub Submission
		var submitted, decided sql.NullTime
		if err := rows.Scan(&sub.OrgID, &sub.Period, &sub.Status, &sub.Comment, &sub.SubmittedBy, &sub.DecidedBy, &submitted, &decided); err != nil {
			return nil, err
		}
		sub.SubmittedAt, sub.DecidedAt = submitted.Time, decided.Time
		out = append(out, sub)
	}
	return out, rows.Err()
}
