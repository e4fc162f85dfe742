package accounts

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// APITokenPrefix starts every personal access token, so that a leaked one
// is recognisable by secret scanners and in logs.
const APITokenPrefix = "birlik_"

// APIToken is a personal access token's record; the secret itself is shown
// once, when made, and stored only as a hash.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // the first characters, to tell tokens apart
	CreatedAt  time.Time
	ExpiresAt  time.Time // zero: never
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Active reports whether the token still works at now.
func (t APIToken) Active(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// CreateAPIToken makes a token for the signed-in user, acting with their
// role and scope, and returns the secret to show once.
func (s *Service) CreateAPIToken(ctx context.Context, name string, ttl time.Duration) (string, *APIToken, error) {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 {
		return "", nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	name = strings.TrimSpace(name)
	var v birlik.Invalid
	if name == "" {
		v.Add("name", "error.required")
	} else if len(name) > 100 {
		v.Add("name", "error.too_long")
	}
	if ttl < 0 || ttl > 366*24*time.Hour {
		v.Add("expires", "error.token.expiry")
	}
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	raw, _ := NewToken()
	secret := APITokenPrefix + raw
	now := s.now()
	t := &APIToken{UserID: a.UserID, Name: name, Prefix: secret[:len(APITokenPrefix)+6], CreatedAt: now}
	if ttl > 0 {
		t.ExpiresAt = now.Add(ttl)
	}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			t.UserID, t.Name, HashToken(secret), t.Prefix, now, nullTime(t.ExpiresAt)).Scan(&t.ID)
		if err != nil {
			return err
		}
		return audit.Write(ctx, tx, now, audit.Create, "api_token", itoa(t.ID), a.OrgID, nil, map[string]any{"name": t.Name, "prefix": t.Prefix, "expires_at": t.ExpiresAt})
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// APITokens lists the signed-in user's tokens, newest first.
func (s *Service) APITokens(ctx context.Context) ([]APIToken, error) {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, user_id, name, prefix, created_at, expires_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, a.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var exp, used, rev sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &exp, &used, &rev); err != nil {
			return nil, err
		}
		t.ExpiresAt, t.LastUsedAt, t.RevokedAt = exp.Time, used.Time, rev.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken stops one of the signed-in user's tokens working.
func (s *Service) RevokeAPIToken(ctx context.Context, id int64) error {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.now()
		// The owner is part of the condition: someone else's token id is
		// simply not found.
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, now, id, a.UserID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
		}
		return audit.Write(ctx, tx, now, "revoke", "api_token", itoa(id), a.OrgID, nil, nil)
	})
}

// AuthenticateAPIToken returns the account a bearer token acts for, or
// ENOTFOUND when the token is unknown, revoked, expired, or its account
// deactivated.
func (s *Service) AuthenticateAPIToken(ctx context.Context, secret string) (*User, error) {
	if !strings.HasPrefix(secret, APITokenPrefix) {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	var t APIToken
	var exp, used, rev sql.NullTime
	err := s.DB.QueryRowContext(ctx, `SELECT id, user_id, expires_at, last_used_at, revoked_at FROM api_tokens WHERE hash = ?`, HashToken(secret)).
		Scan(&t.ID, &t.UserID, &exp, &used, &rev)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	t.ExpiresAt, t.LastUsedAt, t.RevokedAt = exp.Time, used.Time, rev.Time
	now := s.now()
	if !t.Active(now) {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	u, err := userByID(ctx, s.DB, t.UserID)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if now.Sub(t.LastUsedAt) >= touchEvery {
		if _, err := s.DB.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, t.ID); err != nil {
			return nil, err
		}
	}
	return u, nil
}
