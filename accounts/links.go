package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// newLink stores a one-time token for an invitation or a reset and returns
// it. Earlier unused links of the same purpose stop working: only the
// newest e-mail is valid.
func (s *Service) newLink(ctx context.Context, tx *store.Tx, userID int64, purpose string, ttl time.Duration) (string, error) {
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE user_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL`, now, userID, purpose); err != nil {
		return "", err
	}
	token, hash := NewToken()
	_, err := tx.ExecContext(ctx, `INSERT INTO user_tokens (hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		hash, userID, purpose, now, now.Add(ttl))
	return token, err
}

// RequestReset makes a password-reset token for the account with that
// e-mail address, for the caller to send as a link. For an unknown or
// deactivated address it returns a nil user and no error, so that the page
// says the same thing either way and cannot be used to find accounts.
// Requests are throttled like sign-ins.
func (s *Service) RequestReset(ctx context.Context, email, address string) (*User, string, error) {
	email = NormalizeEmail(email)
	now := s.now()
	if err := s.checkThrottle(ctx, email, address, now); err != nil {
		return nil, "", err
	}
	u, err := userByEmail(ctx, s.DB, email)
	if birlik.ErrorCode(err) == birlik.ENOTFOUND || (u != nil && !u.Active) {
		// Counted as a failure so that probing many addresses is throttled.
		return nil, "", s.recordFailure(ctx, email, address, now)
	}
	if err != nil {
		return nil, "", err
	}
	var token string
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		token, err = s.newLink(ctx, tx, u.ID, "reset", s.ResetTTL)
		return err
	})
	return u, token, err
}

// NewResetLink makes a reset token for an account without any check but
// the actor's role: the command line uses it to let an admin back in, and
// the first start to hand over the first admin account.
func (s *Service) NewResetLink(ctx context.Context, email string) (*User, string, error) {
	if !birlik.ActorFrom(ctx).Is(birlik.RoleAdmin) {
		return nil, "", birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	u, err := userByEmail(ctx, s.DB, NormalizeEmail(email))
	if err != nil {
		return nil, "", err
	}
	var token string
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		purpose, ttl := "reset", s.ResetTTL
		if !u.HasPassword {
			purpose, ttl = "invite", s.InviteTTL
		}
		var err error
		token, err = s.newLink(ctx, tx, u.ID, purpose, ttl)
		return err
	})
	return u, token, err
}

// LinkUser returns the account a one-time token is for, without using it,
// so the page can greet the person before they choose a password.
func (s *Service) LinkUser(ctx context.Context, token string) (*User, error) {
	userID, _, err := s.validLink(ctx, s.DB, token)
	if err != nil {
		return nil, err
	}
	return userByID(ctx, s.DB, userID)
}

func (s *Service) validLink(ctx context.Context, q store.Querier, token string) (int64, string, error) {
	var userID int64
	var purpose string
	var expires time.Time
	var used sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT user_id, purpose, expires_at, used_at FROM user_tokens WHERE hash = ?`, HashToken(token)).
		Scan(&userID, &purpose, &expires, &used)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (used.Valid || !s.now().Before(expires))) {
		return 0, "", birlik.Errorf(birlik.ENOTFOUND, "error.link.invalid")
	}
	return userID, purpose, err
}

// UseLink sets a new password through a one-time invitation or reset token.
// The token is spent, every session of the account ends (whoever knew the
// old password is signed out), and the account is active from then on.
func (s *Service) UseLink(ctx context.Context, token, password string) (*User, error) {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	userID, purpose, err := s.validLink(ctx, tx, token)
	if err != nil {
		return nil, err
	}
	u, err := userByID(ctx, tx, userID)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.link.invalid")
	}
	if key := ValidatePassword(password, u.Email); key != "" {
		return nil, &birlik.Error{Code: birlik.EINVALID, Message: "error.form_invalid", Fields: map[string]string{"password": key}}
	}
	if err := s.setPassword(ctx, tx, u, password); err != nil {
		return nil, err
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE user_tokens SET used_at = ? WHERE hash = ?`, now, HashToken(token)); err != nil {
		return nil, err
	}
	ctx = birlik.WithActor(ctx, u.Actor())
	if err := audit.Write(ctx, tx, now, "password_"+purpose, "user", itoa(u.ID), u.OrgID, nil, nil); err != nil {
		return nil, err
	}
	return u, tx.Commit()
}

// ChangePassword changes the signed-in user's password after checking the
// current one. Every session ends, including the current one: the caller
// signs the user in again with the new password if it wants to keep them.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	u, err := userByID(ctx, tx, a.UserID)
	if err != nil {
		return err
	}
	var v birlik.Invalid
	if ok, _ := checkPassword(u.passwordHash, current); !ok {
		v.Add("current", "error.password.current_wrong")
	}
	if key := ValidatePassword(next, u.Email); key != "" {
		v.Add("password", key)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.setPassword(ctx, tx, u, next); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, s.now(), "password_change", "user", itoa(u.ID), u.OrgID, nil, nil); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Service) setPassword(ctx context.Context, tx *store.Tx, u *User, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		hash, now, now, u.ID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID)
	return err
}
