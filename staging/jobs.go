package staging

import (
	"context"
	"time"

	"birlik"
)

// DefaultStaleAfter is how long running work may go without a sign of
// life before Status reports it failed. Work writes one at least every few
// seconds, except while a save holds SQLite's only writer connection for
// its one transaction: the longest import (200,000 people) takes about
// half a minute there, so two minutes leaves room for a slower machine.
const DefaultStaleAfter = 2 * time.Minute

// JobState says where background work on an upload stands.
type JobState string

// The states of background work. An upload checked within its request
// stays NoJob; one checked in the background goes Checking → Checked
// and, once confirmed, Saving → Saved (or back to Checked, with the new
// report, when the file has become invalid meanwhile). Work that stops
// for any reason ends Failed.
const (
	NoJob    JobState = ""
	Checking JobState = "checking"
	Checked  JobState = "checked" // Result holds the report
	Saving   JobState = "saving"
	Saved    JobState = "saved" // Result holds what was written; the file is dropped
	Failed   JobState = "failed"
)

// Running reports whether work is under way in this state.
func (st JobState) Running() bool { return st == Checking || st == Saving }

// Job is background work on an upload, as the database holds it.
type Job struct {
	State JobState
	// Done of Total is how far the work has gone, in whatever unit the
	// worker counts (lines checked, records saved); Total is 0 when not
	// known yet.
	Done, Total int
	Result      []byte // the worker's, opaque here; nil until the work ends
	Failure     string // catalogue key saying why the work stopped, when Failed
	StartedAt   time.Time
	BeatAt      time.Time // the work's last sign of life
}

// Status returns the upload like Get does, without its file, for a status
// page asked for every second. Work that has been silent for longer than
// StaleAfter is recorded as failed on the way: its server stopped or
// crashed, and nobody else will finish it.
func (s *Service) Status(ctx context.Context, id, session, kind string) (*Upload, error) {
	u, err := s.get(ctx, false, id, session, kind)
	if err != nil || !u.State.Running() {
		return u, err
	}
	cutoff := s.now().Add(-s.StaleAfter)
	if u.BeatAt.After(cutoff) {
		return u, nil
	}
	reason := "error.staging.check_lost"
	if u.State == Saving {
		reason = "error.staging.save_lost"
	}
	// Only if it is still silent: a beat written meanwhile wins.
	if _, err := s.DB.ExecContext(ctx, `UPDATE import_uploads SET state = ?, failure = ?
		WHERE id = ? AND state = ? AND beat_at <= ?`, Failed, reason, u.ID, u.State, cutoff); err != nil {
		return nil, err
	}
	return s.get(ctx, false, id, session, kind)
}

// Start moves the upload with the id, kept for the actor in ctx and the
// session, from one state to a running one, and keeps it for another TTL
// so that it cannot expire under the work. total is the work's size when
// known, else 0. It returns ENOTFOUND when there is no such upload or it
// is not in state from, so that of two confirmations sent at once only
// one starts a save.
func (s *Service) Start(ctx context.Context, id, session, kind string, from, to JobState, total int) error {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 || session == "" || len(id) != 32 {
		return notFound()
	}
	now := s.now()
	return s.one(ctx, `UPDATE import_uploads SET state = ?, done_count = 0, total_count = ?, result = NULL, failure = '',
		started_at = ?, beat_at = ?, expires_at = ?
		WHERE id = ? AND user_id = ? AND session_hash = ? AND kind = ? AND state = ? AND expires_at > ?`,
		to, total, now, now, now.Add(s.TTL), id, a.UserID, session, kind, from, now)
}

// Progress records how far running work has gone, and that it is alive.
// It returns ENOTFOUND when the upload is no longer in that state (taken
// for dead, or gone).
func (s *Service) Progress(ctx context.Context, id string, state JobState, done, total int) error {
	return s.one(ctx, `UPDATE import_uploads SET done_count = ?, total_count = ?, beat_at = ?
		WHERE id = ? AND user_id = ? AND state = ?`, done, total, s.now(), id, birlik.ActorFrom(ctx).UserID, state)
}

// Finish records the result of work that has ended, moving the upload
// from state from to to. A saved upload's file is dropped: its result is
// all the status page needs. Work that Status took for dead may still
// finish: what it really did wins over the guess. It returns ENOTFOUND
// when the upload is in neither state.
func (s *Service) Finish(ctx context.Context, id string, from, to JobState, result []byte) error {
	if result == nil {
		result = []byte{}
	}
	q := `UPDATE import_uploads SET state = ?, result = ?, beat_at = ?`
	if to == Saved {
		q += `, data = ?`
	}
	q += ` WHERE id = ? AND user_id = ? AND state IN (?, ?)`
	args := []any{to, result, s.now()}
	if to == Saved {
		args = append(args, []byte{})
	}
	args = append(args, id, birlik.ActorFrom(ctx).UserID, from, Failed)
	return s.one(ctx, q, args...)
}

// Fail records that work in state from stopped, why (a catalogue key),
// and any detail the worker wants to keep with it (opaque here, kept as
// Result; nil for none). It returns ENOTFOUND when the upload is not in
// that state.
func (s *Service) Fail(ctx context.Context, id string, from JobState, reason string, detail []byte) error {
	return s.one(ctx, `UPDATE import_uploads SET state = ?, failure = ?, result = ?, beat_at = ?
		WHERE id = ? AND user_id = ? AND state = ?`, Failed, reason, detail, s.now(), id, birlik.ActorFrom(ctx).UserID, from)
}

// one runs a statement that must change exactly one upload.
func (s *Service) one(ctx context.Context, query string, args ...any) error {
	res, err := s.DB.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return notFound()
	}
	return nil
}
