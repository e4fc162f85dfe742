package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"birlik"
	"birlik/locale"
	"birlik/spaces"
	"birlik/store"
)

// Notification is one event as one person is told of it.
type Notification struct {
	ID         int64
	Kind       string // the event's kind
	TargetKind string
	TargetID   int64
	SpaceID    int64 // 0: none
	Key        string
	Args       map[string]any
	URL        string
	CreatedAt  time.Time
	ReadAt     time.Time // zero while unread
}

// Read reports whether the notification has been read.
func (n *Notification) Read() bool { return !n.ReadAt.IsZero() }

// Text returns the notification's sentence in l's language.
func (n *Notification) Text(l *locale.Lang) string {
	args := make([]any, 0, 2*len(n.Args))
	for k, v := range n.Args {
		if byLang, ok := v.(map[string]any); ok {
			text, _ := byLang[l.Code].(string)
			if text == "" {
				text, _ = byLang[locale.Default].(string)
			}
			v = text
		}
		args = append(args, k, v)
	}
	return l.T(n.Key, args...)
}

// visibleEvent is the condition (on notify_events e) that keeps events of
// spaces the actor may read no longer (a membership ended, a space turned
// private): notifications already given are filtered when read and
// mailed, as well as when made.
func visibleEvent(a birlik.Actor) (string, []any) {
	vis, args := spaces.VisibleSQL(a, "s")
	return "(e.space_id IS NULL OR e.space_id IN (SELECT s.id FROM spaces s WHERE " + vis + "))", args
}

const notificationColumns = `n.id, e.kind, e.target_kind, e.target_id, COALESCE(e.space_id, 0), e.msg_key, e.args, e.url, n.created_at, n.read_at`

func scanNotification(row interface{ Scan(...any) error }) (Notification, error) {
	var n Notification
	var args string
	var readAt sql.NullTime
	if err := row.Scan(&n.ID, &n.Kind, &n.TargetKind, &n.TargetID, &n.SpaceID, &n.Key, &args, &n.URL, &n.CreatedAt, &readAt); err != nil {
		return n, err
	}
	n.ReadAt = readAt.Time
	if err := json.Unmarshal([]byte(args), &n.Args); err != nil {
		return n, err
	}
	return n, nil
}

// ListFilter pages through a person's notifications.
type ListFilter struct {
	Unread bool  // only those not read yet
	Before int64 // those with a smaller id (older), for the next page
	Limit  int   // default 30, at most 200
}

// List returns the notifications of the account in ctx, newest first,
// and whether there are more after them. Errors: EUNAUTHORIZED.
func (s *Service) List(ctx context.Context, f ListFilter) ([]Notification, bool, error) {
	a, err := signedUser(ctx)
	if err != nil {
		return nil, false, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 30
	}
	vis, args := visibleEvent(a)
	q := `SELECT ` + notificationColumns + ` FROM notifications n JOIN notify_events e ON e.id = n.event_id
		WHERE n.user_id = ? AND ` + vis
	args = append([]any{a.UserID}, args...)
	if f.Unread {
		q += ` AND n.read_at IS NULL`
	}
	if f.Before > 0 {
		q += ` AND n.id < ?`
		args = append(args, f.Before)
	}
	q += ` ORDER BY n.id DESC LIMIT ` + strconv.Itoa(f.Limit+1)
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	more := len(out) > f.Limit
	if more {
		out = out[:f.Limit]
	}
	return out, more, nil
}

// UnreadCount returns how many notifications the account in ctx has not
// read; 0 for the public. The header shows it.
func (s *Service) UnreadCount(ctx context.Context) (int, error) {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 {
		return 0, nil
	}
	vis, args := visibleEvent(a)
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications n JOIN notify_events e ON e.id = n.event_id
		WHERE n.user_id = ? AND n.read_at IS NULL AND `+vis, append([]any{a.UserID}, args...)...).Scan(&n)
	return n, err
}

// MarkRead marks one of the account's notifications read. Errors:
// EUNAUTHORIZED, ENOTFOUND (none with that id is theirs).
func (s *Service) MarkRead(ctx context.Context, id int64) error {
	a, err := signedUser(ctx)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM notifications WHERE id = ? AND user_id = ?`, id, a.UserID).Scan(&one); err != nil {
			return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
		}
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL`, s.now(), id, a.UserID)
		return err
	})
}

// MarkAllRead marks every notification of the account read and returns
// how many were unread.
func (s *Service) MarkAllRead(ctx context.Context) (int, error) {
	a, err := signedUser(ctx)
	if err != nil {
		return 0, err
	}
	res, err := s.DB.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, s.now(), a.UserID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
