package accounts

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// Session is a signed-in browser.
type Session struct {
	Hash       string // SHA-256 of the token; the token itself is never stored
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the absolute end
	Address    string
	UserAgent  string
}

// errBadCredentials is what every failed sign-in says, whatever failed:
// unknown address, wrong password, deactivated account, no password yet.
var errBadCredentials = birlik.Errorf(birlik.EINVALID, "error.signin.failed")

// SignIn checks an e-mail and password and opens a session, returning its
// token. Failures are counted per account and per address; past the limits
// SignIn returns ETHROTTLED without checking the password, so guessing is
// slow even with the right password in the list.
func (s *Service) SignIn(ctx context.Context, email, password, address, userAgent string) (string, *User, error) {
	email = NormalizeEmail(email)
	now := s.now()
	if err := s.checkThrottle(ctx, email, address, now); err != nil {
		return "", nil, err
	}
	u, err := userByEmail(ctx, s.DB, email)
	if err != nil && birlik.ErrorCode(err) != birlik.ENOTFOUND {
		return "", nil, err
	}
	hash := dummyHash
	if u != nil && u.passwordHash != "" {
		hash = u.passwordHash
	}
	ok, err := checkPassword(hash, password)
	if err != nil {
		return "", nil, err
	}
	if !ok || u == nil || !u.Active || u.passwordHash == "" {
		if err := s.recordFailure(ctx, email, address, now); err != nil {
			return "", nil, err
		}
		return "", nil, errBadCredentials
	}
	token, hashed := NewToken()
	ctx = birlik.WithActor(ctx, u.Actor())
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if needsRehash(u.passwordHash) {
			if h, err := HashPassword(password); err == nil {
				if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, h, u.ID); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE account = ?`, email); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, now, u.ID); err != nil {
			return err
		}
		if err := insertSession(ctx, tx, hashed, u.ID, now, now.Add(s.AbsoluteTimeout), address, userAgent); err != nil {
			return err
		}
		return audit.Write(ctx, tx, now, audit.SignIn, "user", itoa(u.ID), u.OrgID, nil, nil)
	})
	if err != nil {
		return "", nil, err
	}
	u.LastLoginAt = now
	return token, u, nil
}

func insertSession(ctx context.Context, tx *store.Tx, hash string, userID int64, now, expires time.Time, address, userAgent string) error {
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, user_id, created_at, last_seen_at, expires_at, address, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, hash, userID, now, now, expires, address, userAgent)
	return err
}

func (s *Service) checkThrottle(ctx context.Context, email, address string, now time.Time) error {
	since := now.Add(-s.ThrottleWindow)
	var perAccount, perAddress int
	err := s.DB.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM login_failures WHERE account = ? AND at > ?),
		(SELECT COUNT(*) FROM login_failures WHERE address = ? AND at > ?)`,
		email, since, address, since).Scan(&perAccount, &perAddress)
	if err != nil {
		return err
	}
	if perAccount >= s.MaxFailuresPerAccount || (address != "" && perAddress >= s.MaxFailuresPerAddress) {
		return birlik.Errorf(birlik.ETHROTTLED, "error.throttled")
	}
	return nil
}

func (s *Service) recordFailure(ctx context.Context, email, address string, now time.Time) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		// Old failures no longer count; clearing them here keeps the table
		// small without a separate sweeper.
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, now.Add(-24*time.Hour)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO login_failures (account, address, at) VALUES (?, ?, ?)`, email, address, now)
		return err
	})
}

// touchEvery limits how often a session's last-seen time is written: often
// enough for the idle timeout to be exact to the minute, rarely enough that
// reading a page is not a write.
const touchEvery = time.Minute

// Authenticate returns the account and session of a session token, or
// ENOTFOUND when the token is unknown, idle too long, past its absolute end,
// or its account deactivated. Expired sessions are deleted when met.
func (s *Service) Authenticate(ctx context.Context, token string) (*User, *Session, error) {
	if token == "" {
		return nil, nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	hash := HashToken(token)
	var ses Session
	err := s.DB.QueryRowContext(ctx, `SELECT hash, user_id, created_at, last_seen_at, expires_at, address, user_agent FROM sessions WHERE hash = ?`, hash).
		Scan(&ses.Hash, &ses.UserID, &ses.CreatedAt, &ses.LastSeenAt, &ses.ExpiresAt, &ses.Address, &ses.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	if !now.Before(ses.ExpiresAt) || now.Sub(ses.LastSeenAt) >= s.IdleTimeout {
		s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, hash)
		return nil, nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	u, err := userByID(ctx, s.DB, ses.UserID)
	if err != nil {
		return nil, nil, err
	}
	if !u.Active {
		return nil, nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if now.Sub(ses.LastSeenAt) >= touchEvery {
		if _, err := s.DB.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE hash = ?`, now, hash); err != nil {
			return nil, nil, err
		}
		ses.LastSeenAt = now
	}
	return u, &ses, nil
}

// SignOut ends the session of token. Unknown tokens are not an error.
func (s *Service) SignOut(ctx context.Context, token string) error {
	_, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, HashToken(token))
	return err
}

// Sessions lists an account's open sessions, newest first. Admins may list
// anyone's; others their own.
func (s *Service) Sessions(ctx context.Context, userID int64) ([]Session, error) {
	a := birlik.ActorFrom(ctx)
	if !a.Is(birlik.RoleAdmin) && a.UserID != userID {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT hash, user_id, created_at, last_seen_at, expires_at, address, user_agent
		FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC`, userID, s.now())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var ses Session
		if err := rows.Scan(&ses.Hash, &ses.UserID, &ses.CreatedAt, &ses.LastSeenAt, &ses.ExpiresAt, &ses.Address, &ses.UserAgent); err != nil {
			return nil, err
		}
		out = append(out, ses)
	}
	return out, rows.Err()
}

// EndSessions signs an account out everywhere. Admins may end anyone's
// sessions; others only their own.
func (s *Service) EndSessions(ctx context.Context, userID int64) error {
	a := birlik.ActorFrom(ctx)
	if !a.Is(birlik.RoleAdmin) && a.UserID != userID {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		return audit.Write(ctx, tx, s.now(), "end_sessions", "user", itoa(userID), "", nil, map[string]any{"sessions_ended": n})
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
