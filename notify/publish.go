package notify

import (
	"context"
	"encoding/json"
	"strings"

	"birlik"
	"birlik/store"
)

// Event is something that happened to a target that people may follow.
// Parts publish events with Publish; see the package's events list
// (events.go) for the kinds and catalogue keys in use.
type Event struct {
	Kind       string // what happened, e.g. "need.answered"
	TargetKind string // one of TargetKinds
	TargetID   int64
	// SpaceID is the space the target lives in (for a space, itself); 0
	// when it lives in none. Its followers are told too, and only people
	// who may read it are.
	SpaceID int64
	// Key is the catalogue key of the sentence shown and mailed, e.g.
	// "notify.event.need_answered"; Args fill its placeholders. An
	// argument is a string, a number, or a map[string]string by language
	// code (a space's name in Turkish, English and French), of which the
	// reader's language is shown, or Turkish.
	Key  string
	Args map[string]any
	URL  string // the path on the site the notification links to: "/needs/12"
}

// Publish records ev, done by the actor in ctx, and gives a notification
// to every follower of its target and of its space who may read that
// space, except the actor. Run it in the transaction of the change (tx),
// so that the change and its notifications are stored together; with a
// nil tx it opens its own. It returns how many people were notified.
// Errors: EINVALID for an event without kind, target or key, or whose URL
// is not a path on the site.
func (s *Service) Publish(ctx context.Context, tx *store.Tx, ev Event) (int, error) {
	if ev.Kind == "" || !ValidKind(ev.TargetKind) || ev.TargetID <= 0 || ev.Key == "" || ev.SpaceID < 0 ||
		(ev.URL != "" && (!strings.HasPrefix(ev.URL, "/") || strings.HasPrefix(ev.URL, "//"))) {
		return 0, birlik.Errorf(birlik.EINVALID, "error.notify.event")
	}
	if tx == nil {
		own, err := s.DB.Begin(ctx)
		if err != nil {
			return 0, err
		}
		defer own.Rollback()
		n, err := s.publish(ctx, own, ev)
		if err != nil {
			return 0, err
		}
		return n, own.Commit()
	}
	return s.publish(ctx, tx, ev)
}

type recipient struct {
	id     int64
	role   birlik.Role
	org    string
	digest Digest
}

func (s *Service) publish(ctx context.Context, tx *store.Tx, ev Event) (int, error) {
	a := birlik.ActorFrom(ctx)
	args := ev.Args
	if args == nil {
		args = map[string]any{}
	}
	data, err := json.Marshal(args)
	if err != nil {
		return 0, err
	}
	var actorID, spaceID any
	if a.UserID != 0 {
		actorID = a.UserID
	}
	if ev.SpaceID != 0 {
		spaceID = ev.SpaceID
	}
	now := s.now()
	var eventID int64
	err = tx.QueryRowContext(ctx, `INSERT INTO notify_events (kind, target_kind, target_id, space_id, actor_id, msg_key, args, url, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		ev.Kind, ev.TargetKind, ev.TargetID, spaceID, actorID, ev.Key, string(data), ev.URL, now).Scan(&eventID)
	if err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT u.id, u.role, COALESCE(u.org_id, ''), COALESCE(st.digest, 'daily')
		FROM follows f JOIN users u ON u.id = f.user_id LEFT JOIN notify_settings st ON st.user_id = u.id
		WHERE u.active AND u.id <> ?
		  AND ((f.target_kind = ? AND f.target_id = ?) OR (f.target_kind = 'space' AND f.target_id = ?))
		ORDER BY u.id`, a.UserID, ev.TargetKind, ev.TargetID, ev.SpaceID)
	if err != nil {
		return 0, err
	}
	var rs []recipient
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.id, &r.role, &r.org, &r.digest); err != nil {
			rows.Close()
			return 0, err
		}
		rs = append(rs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rs {
		if ev.SpaceID != 0 && !r.actor().Staff() { // staff read every space
			ok, err := spaceVisible(ctx, tx, r.actor(), ev.SpaceID)
			if err != nil {
				return 0, err
			}
			if !ok {
				continue
			}
		}
		state := "pending"
		if r.digest == Off {
			state = "skipped"
		}
		st, err := tx.Prepared(ctx, `INSERT INTO notifications (user_id, event_id, created_at, mail_state) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return 0, err
		}
		if _, err := st.ExecContext(ctx, r.id, eventID, now, state); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// actor is the recipient as an actor, for the visibility rule.
func (r recipient) actor() birlik.Actor {
	return birlik.Actor{UserID: r.id, Role: r.role, OrgID: r.org}
}
