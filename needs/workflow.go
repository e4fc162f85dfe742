package needs

import (
	"context"
	"slices"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// staffOnly returns EFORBIDDEN unless the actor is union staff (or the
// system): only they move needs through the workflow.
func staffOnly(a birlik.Actor) error {
	if a.Staff() || a.System {
		return nil
	}
	return forbidden()
}

// move changes a need's status and records it: the event, the first
// response and answer times, the dashboard's figures and the audit entry.
// The caller has read old in tx and checked the move is allowed.
func move(ctx context.Context, tx *store.Tx, old *Need, to Status, now time.Time, e Event, set func(n *Need)) error {
	next := *old
	next.Status = to
	if old.Status == Submitted && next.FirstResponseAt == nil {
		t := now
		h := hoursBetween(old.CreatedAt, now)
		next.FirstResponseAt, next.ResponseHours = &t, &h
	}
	switch to {
	case Answered:
		t := now
		h := hoursBetween(old.CreatedAt, now)
		next.AnsweredAt, next.AnswerHours = &t, &h
	case Closed:
		t := now
		next.ClosedAt = &t
	}
	if set != nil {
		set(&next)
	}
	var merged any
	if next.MergedInto != 0 {
		merged = next.MergedInto
	}
	res, err := tx.ExecContext(ctx, `UPDATE needs SET status = ?, close_reason = ?, close_note = ?, merged_into = ?,
		first_response_at = ?, response_hours = ?, answered_at = ?, answer_hours = ?, closed_at = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`, string(next.Status), next.CloseReason, next.CloseNote, merged,
		nullTime(next.FirstResponseAt), nullInt(next.ResponseHours), nullTime(next.AnsweredAt), nullInt(next.AnswerHours), nullTime(next.ClosedAt),
		now, old.ID, old.Version)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return conflict()
	}
	next.Version = old.Version + 1
	if err := updateStats(ctx, tx, keyOf(old), keyOf(&next)); err != nil {
		return err
	}
	e.NeedID, e.At, e.FromStatus, e.ToStatus = old.ID, now, old.Status, to
	if err := addEvent(ctx, tx, e); err != nil {
		return err
	}
	return audit.Write(ctx, tx, now, audit.Update, "need", idString(old.ID), old.OrgID, needAuditOf(old), needAuditOf(&next))
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// hoursBetween is the whole hours from a to b, never below 0.
func hoursBetween(a, b time.Time) int64 { return max(0, int64(b.Sub(a)/time.Hour)) }

// Review takes a submitted need under review (staff only). version is
// the need's version the decision was made on (ECONFLICT when stale; 0
// skips the check). A need not submitted is ECONFLICT.
func (s *Service) Review(ctx context.Context, id int64, version int) error {
	a := birlik.ActorFrom(ctx)
	if err := staffOnly(a); err != nil {
		return err
	}
	return s.transition(ctx, id, version, func(tx *store.Tx, n *Need, now time.Time) error {
		if n.Status != Submitted {
			return birlik.Errorf(birlik.ECONFLICT, "error.needs.not_submitted")
		}
		return move(ctx, tx, n, UnderReview, now, Event{Action: ActReview}, nil)
	})
}

// Close closes an open need with a reason (one of CloseReasons) and an
// optional note (staff only). A reason of "other" needs a note.
func (s *Service) Close(ctx context.Context, id int64, version int, reason, note string) error {
	a := birlik.ActorFrom(ctx)
	if err := staffOnly(a); err != nil {
		return err
	}
	var v birlik.Invalid
	if !slices.Contains(CloseReasons, reason) {
		v.Add("reason", "error.needs.choose")
	}
	text(&v, "note", &note, reason == "other", maxNote, true)
	if err := v.Err(); err != nil {
		return err
	}
	return s.transition(ctx, id, version, func(tx *store.Tx, n *Need, now time.Time) error {
		if !n.Status.Open() {
			return birlik.Errorf(birlik.ECONFLICT, "error.needs.not_open")
		}
		return move(ctx, tx, n, Closed, now, Event{Action: ActClose, Reason: reason, Note: note}, func(x *Need) {
			x.CloseReason, x.CloseNote = reason, note
		})
	})
}

func (s *Service) transition(ctx context.Context, id int64, version int, fn func(tx *store.Tx, n *Need, now time.Time) error) error {
	scope, args, err := readScope(birlik.ActorFrom(ctx))
	if err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	n, err := needByID(ctx, tx, id, scope, args, "")
	if err != nil {
		return err
	}
	if version != 0 && version != n.Version {
		return conflict()
	}
	if err := fn(tx, n, s.now()); err != nil {
		return err
	}
	return tx.Commit()
}

// Merge closes the need dup as merged into the need kept (staff only):
// its co-signing organisations move to kept, and so does the municipality
// that raised it, with the people it counted, unless they are kept's own
// municipality or co-sign it already, so that nobody is counted twice.
// Both needs must be open and differ (ECONFLICT otherwise).
func (s *Service) Merge(ctx context.Context, dupID, keptID int64) error {
	a := birlik.ActorFrom(ctx)
	if err := staffOnly(a); err != nil {
		return err
	}
	if dupID == keptID {
		return &birlik.Error{Code: birlik.EINVALID, Message: "error.form_invalid", Fields: map[string]string{"into": "error.needs.merge_self"}}
	}
	scope, args, err := readScope(a)
	if err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	dup, err := needByID(ctx, tx, dupID, scope, args, "")
	if err != nil {
		return err
	}
	kept, err := needByID(ctx, tx, keptID, scope, args, "")
	if birlik.ErrorCode(err) == birlik.ENOTFOUND {
		return &birlik.Error{Code: birlik.EINVALID, Message: "error.form_invalid", Fields: map[string]string{"into": "error.needs.merge_unknown"}}
	}
	if err != nil {
		return err
	}
	if !dup.Status.Open() || kept.MergedInto != 0 || kept.Status == Closed {
		return birlik.Errorf(birlik.ECONFLICT, "error.needs.merge_closed")
	}
	now := s.now()
	// Co-signers of the duplicate that kept does not count yet move over;
	// the others are dropped with the duplicate's figures.
	if _, err := tx.ExecContext(ctx, `UPDATE need_cosigns SET need_id = ? WHERE need_id = ? AND org_id <> ?
		AND org_id NOT IN (SELECT c.org_id FROM need_cosigns c WHERE c.need_id = ?)`, keptID, dupID, kept.OrgID, keptID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM need_cosigns WHERE need_id = ?`, dupID); err != nil {
		return err
	}
	if dup.OrgID != kept.OrgID {
		var by any
		if a.UserID != 0 {
			by = a.UserID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO need_cosigns (need_id, org_id, people_affected, created_by, created_at)
			SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM need_cosigns c WHERE c.need_id = ? AND c.org_id = ?)`,
			keptID, dup.OrgID, nullInt(dup.PeopleAffected), by, now, keptID, dup.OrgID); err != nil {
			return err
		}
	}
	if err := recount(ctx, tx, dupID, now); err != nil {
		return err
	}
	if err := recount(ctx, tx, keptID, now); err != nil {
		return err
	}
	// recount leaves versions alone: dup as read is still current.
	err = move(ctx, tx, dup, Closed, now, Event{Action: ActMerge, Reason: ReasonMerged, RefID: keptID}, func(x *Need) {
		x.CloseReason, x.MergedInto, x.CosignOrgs, x.CosignPeople = ReasonMerged, keptID, 0, 0
	})
	if err != nil {
		return err
	}
	if err := addEvent(ctx, tx, Event{NeedID: keptID, At: now, Action: ActAbsorb, FromStatus: kept.Status, ToStatus: kept.Status, RefID: dupID}); err != nil {
		return err
	}
	return tx.Commit()
}

// answer moves the open needs among ids to answered by the
// recommendation rec; needs already answered or closed are left as
// they are.
func answer(ctx context.Context, tx *store.Tx, rec int64, ids []int64, now time.Time) error {
	for _, id := range ids {
		n, err := needByID(ctx, tx, id, "1 = 1", nil, "")
		if err != nil {
			return err
		}
		if !n.Status.Open() {
			continue
		}
		if err := move(ctx, tx, n, Answered, now, Event{Action: ActAnswer, RefID: rec}, nil); err != nil {
			return err
		}
	}
	return nil
}
