// Package staging keeps uploaded files between the moment they are
// checked and the moment their owner confirms them. A CSV import is
// validated whole and shown as a report; only a confirmation writes it.
// Between the two steps the file waits here, in the database rather than
// in one server's memory or folder, so that any app server behind a load
// balancer can take the confirmation and a restart loses nothing. A kept
// file is bound to the account and the session that uploaded it, and
// expires after TTL: the client only ever holds its random id, which is
// worthless to anyone else.
//
// A large file is checked, and later saved, in the background rather than
// within a request; that work's state, progress and result are kept with
// the upload (see Job), for the same reasons.
package staging

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"birlik"
	"birlik/store"
)

// DefaultTTL is how long a kept upload waits for its confirmation.
const DefaultTTL = 30 * time.Minute

// Service keeps uploads in the import_uploads table.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
	// TTL is how long an upload is kept; DefaultTTL after New.
	TTL time.Duration
	// StaleAfter is how long running work may stay silent before it is
	// taken for dead; DefaultStaleAfter after New.
	StaleAfter time.Duration
}

// New returns a Service on db.
func New(db *store.DB) *Service {
	return &Service{DB: db, Now: time.Now, TTL: DefaultTTL, StaleAfter: DefaultStaleAfter}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Upload is one kept file.
type Upload struct {
	ID        string // 128 random bits, hex; what the confirmation form carries
	Kind      string // what the file holds, e.g. "organisations"
	Name      string // the file name the browser sent, for the report
	Data      []byte // nil from Status; empty once Saved
	Size      int    // the file's length in bytes, even where Data is not loaded
	CreatedAt time.Time
	ExpiresAt time.Time
	Job       // background work on the file; the zero Job when there is none
}

// Put keeps data for the signed-in actor in ctx and the session whose
// token hash is given, and deletes every expired upload on the way. It
// returns EFORBIDDEN for the public and for actors without an account
// (the system imports from the command line, with no second step).
func (s *Service) Put(ctx context.Context, session, kind, name string, data []byte) (*Upload, error) {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 || session == "" {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, err
	}
	now := s.now()
	u := &Upload{ID: hex.EncodeToString(raw[:]), Kind: kind, Name: name, Data: data, Size: len(data), CreatedAt: now, ExpiresAt: now.Add(s.TTL)}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM import_uploads WHERE expires_at <= ?`, now); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO import_uploads (id, user_id, session_hash, kind, name, data, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, u.ID, a.UserID, session, kind, name, data, u.CreatedAt, u.ExpiresAt); err != nil {
		return nil, err
	}
	return u, tx.Commit()
}

// Get returns the upload with the id, of the kind, kept for the actor in
// ctx and the same session, while it has not expired. Anything else is
// ENOTFOUND: a stranger's id, an expired one and a made-up one look the
// same.
func (s *Service) Get(ctx context.Context, id, session, kind string) (*Upload, error) {
	return s.get(ctx, true, id, session, kind)
}

// uploadColumns are what get reads, in the order scanUpload takes them;
// the file itself is added when asked for.
const uploadColumns = `id, kind, name, length(data), created_at, expires_at,
	state, done_count, total_count, result, failure, started_at, beat_at`

func (s *Service) get(ctx context.Context, withData bool, id, session, kind string) (*Upload, error) {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 || session == "" || len(id) != 32 {
		return nil, notFound()
	}
	cols := uploadColumns
	if withData {
		cols += ", data"
	}
	u := &Upload{}
	var started, beat sql.NullTime
	dest := []any{&u.ID, &u.Kind, &u.Name, &u.Size, &u.CreatedAt, &u.ExpiresAt,
		&u.State, &u.Done, &u.Total, &u.Result, &u.Failure, &started, &beat}
	if withData {
		dest = append(dest, &u.Data)
	}
	err := s.DB.QueryRowContext(ctx, `SELECT `+cols+` FROM import_uploads
		WHERE id = ? AND user_id = ? AND session_hash = ? AND kind = ? AND expires_at > ?`,
		id, a.UserID, session, kind, s.now()).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	u.StartedAt, u.BeatAt = started.Time, beat.Time
	return u, nil
}

// Delete forgets an upload of the actor in ctx, once it is imported. An
// upload that is not there is no error.
func (s *Service) Delete(ctx context.Context, id string) error {
	a := birlik.ActorFrom(ctx)
	_, err := s.DB.ExecContext(ctx, `DELETE FROM import_uploads WHERE id = ? AND user_id = ?`, id, a.UserID)
	return err
}

func notFound() error { return birlik.Errorf(birlik.ENOTFOUND, "error.staging.expired") }
