package notify

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/spaces"
	"birlik/store"
)

// Follow is one thing a person follows.
type Follow struct {
	TargetKind string
	TargetID   int64
	CreatedAt  time.Time
}

// signedUser returns the id of the account in ctx, or EUNAUTHORIZED:
// follows, notifications and settings belong to an account.
func signedUser(ctx context.Context) (birlik.Actor, error) {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 {
		return a, birlik.Errorf(birlik.EUNAUTHORIZED, "error.signin_required")
	}
	return a, nil
}

// Follow makes the account in ctx follow the target. Following twice is
// not an error. The caller checks the account may read the target; for a
// space Follow checks it too (ENOTFOUND when not). Errors: EUNAUTHORIZED
// without an account, EINVALID for an unknown kind, ENOTFOUND.
func (s *Service) Follow(ctx context.Context, kind string, id int64) error {
	a, err := signedUser(ctx)
	if err != nil {
		return err
	}
	if !ValidKind(kind) || id <= 0 {
		return birlik.Errorf(birlik.EINVALID, "error.notify.target")
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if kind == Space {
		if ok, err := spaceVisible(ctx, tx, a, id); err != nil {
			return err
		} else if !ok {
			return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
		}
	}
	now := s.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO follows (user_id, target_kind, target_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, target_kind, target_id) DO NOTHING`, a.UserID, kind, id, now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if err := audit.Write(ctx, tx, now, "follow", "follow", kind+":"+strconv.FormatInt(id, 10), a.OrgID, nil,
		map[string]any{"user_id": a.UserID, "target_kind": kind, "target_id": id}); err != nil {
		return err
	}
	return tx.Commit()
}

// Unfollow stops the account in ctx following the target; no error when
// it did not.
func (s *Service) Unfollow(ctx context.Context, kind string, id int64) error {
	a, err := signedUser(ctx)
	if err != nil {
		return err
	}
	if !ValidKind(kind) {
		return birlik.Errorf(birlik.EINVALID, "error.notify.target")
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM follows WHERE user_id = ? AND target_kind = ? AND target_id = ?`, a.UserID, kind, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if err := audit.Write(ctx, tx, s.now(), "unfollow", "follow", kind+":"+strconv.FormatInt(id, 10), a.OrgID,
		map[string]any{"user_id": a.UserID, "target_kind": kind, "target_id": id}, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// Following reports whether the account in ctx follows the target; false
// for the public.
func (s *Service) Following(ctx context.Context, kind string, id int64) (bool, error) {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 {
		return false, nil
	}
	var one int
	err := s.DB.QueryRowContext(ctx, `SELECT 1 FROM follows WHERE user_id = ? AND target_kind = ? AND target_id = ?`, a.UserID, kind, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Follows lists what the account in ctx follows, newest first.
func (s *Service) Follows(ctx context.Context) ([]Follow, error) {
	a, err := signedUser(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT target_kind, target_id, created_at FROM follows WHERE user_id = ?
		ORDER BY created_at DESC, target_kind, target_id`, a.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Follow
	for rows.Next() {
		var f Follow
		if err := rows.Scan(&f.TargetKind, &f.TargetID, &f.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// spaceVisible reports whether the actor may read the space, under the
// rule of package spaces.
func spaceVisible(ctx context.Context, q store.Querier, a birlik.Actor, spaceID int64) (bool, error) {
	vis, args := spaces.VisibleSQL(a, "s")
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM spaces s WHERE s.id = ? AND `+vis, append([]any{spaceID}, args...)...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
