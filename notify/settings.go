package notify

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// Settings are a person's choices about notifications.
type Settings struct {
	Digest  Digest
	Version int // 0 until first saved; for optimistic locking
}

// Settings returns the e-mail setting of the account in ctx (a daily
// digest until they choose). Errors: EUNAUTHORIZED.
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	a, err := signedUser(ctx)
	if err != nil {
		return Settings{}, err
	}
	return settingsOf(ctx, s.DB, a.UserID)
}

func settingsOf(ctx context.Context, q store.Querier, userID int64) (Settings, error) {
	st := Settings{Digest: Daily}
	err := q.QueryRowContext(ctx, `SELECT digest, version FROM notify_settings WHERE user_id = ?`, userID).Scan(&st.Digest, &st.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return Settings{Digest: Daily}, nil
	}
	return st, err
}

// SetDigest changes how often the account in ctx gets e-mail. version is
// the Settings.Version the form was shown with. Turning e-mail off drops
// what was waiting for the next mail (it stays in the product). Errors:
// EUNAUTHORIZED, EINVALID (field "digest"), ECONFLICT when the setting
// changed since (another tab, an unsubscribe link).
func (s *Service) SetDigest(ctx context.Context, d Digest, version int) error {
	a, err := signedUser(ctx)
	if err != nil {
		return err
	}
	if !d.Valid() {
		var v birlik.Invalid
		v.Add("digest", "error.notify.digest")
		return v.Err()
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		return s.setDigest(ctx, tx, a.UserID, a.OrgID, d, version)
	})
}

// setDigest stores d for the user; version -1 skips the check.
func (s *Service) setDigest(ctx context.Context, tx *store.Tx, userID int64, orgID string, d Digest, version int) error {
	before, err := settingsOf(ctx, tx, userID)
	if err != nil {
		return err
	}
	if version >= 0 && before.Version != version {
		return birlik.Errorf(birlik.ECONFLICT, "error.notify.settings_changed")
	}
	now := s.now()
	if before.Version == 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO notify_settings (user_id, digest, version, updated_at) VALUES (?, ?, 1, ?)`, userID, string(d), now)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE notify_settings SET digest = ?, version = version + 1, updated_at = ? WHERE user_id = ?`, string(d), now, userID)
	}
	if err != nil {
		return err
	}
	if d == Off {
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET mail_state = 'skipped' WHERE user_id = ? AND mail_state = 'pending'`, userID); err != nil {
			return err
		}
	}
	id := strconv.FormatInt(userID, 10)
	return audit.Write(ctx, tx, now, audit.Update, "notify_settings", id, orgID,
		map[string]any{"digest": before.Digest}, map[string]any{"digest": d})
}

// settingKey names the settings row holding the key that signs
// unsubscribe links.
const settingKey = "notify.unsubscribe_key"

// signingKey returns the key that signs unsubscribe links, made at random
// on first use and kept in the settings table, so that every app server
// of an installation signs alike and links survive restarts.
func (s *Service) signingKey(ctx context.Context) ([]byte, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
		settingKey, hex.EncodeToString(fresh)); err != nil {
		return nil, err
	}
	var v string
	if err := s.DB.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingKey).Scan(&v); err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) < 16 {
		return nil, errors.New("notify: the unsubscribe key in settings is malformed")
	}
	s.key = key
	return key, nil
}

func sign(key []byte, userID int64) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("unsubscribe\x00" + strconv.FormatInt(userID, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// UnsubscribeToken returns the token of the user's unsubscribe link:
// their id and a signature, so that the link works without signing in
// and cannot be made for another account.
func (s *Service) UnsubscribeToken(ctx context.Context, userID int64) (string, error) {
	key, err := s.signingKey(ctx)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(userID, 10) + "." + sign(key, userID), nil
}

// tokenUser checks token and returns the account it names, active or
// not; ENOTFOUND for a forged or malformed token.
func (s *Service) tokenUser(ctx context.Context, token string) (int64, string, error) {
	notFound := birlik.Errorf(birlik.ENOTFOUND, "error.notify.unsubscribe_link")
	idText, mac, ok := strings.Cut(token, ".")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil || id <= 0 || len(token) > 100 {
		return 0, "", notFound
	}
	key, err := s.signingKey(ctx)
	if err != nil {
		return 0, "", err
	}
	if !hmac.Equal([]byte(mac), []byte(sign(key, id))) {
		return 0, "", notFound
	}
	var email string
	if err := s.DB.QueryRowContext(ctx, `SELECT email FROM users WHERE id = ?`, id).Scan(&email); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, "", notFound
		}
		return 0, "", err
	}
	return id, email, nil
}

// Subscription is what an unsubscribe link's page shows: whose mail it
// stops (the address partly hidden: links get forwarded) and the
// current setting.
type Subscription struct {
	Email  string // "a•••@example.org"
	Digest Digest
}

// Subscription checks an unsubscribe token and describes the account's
// mail. Errors: ENOTFOUND for a forged token.
func (s *Service) Subscription(ctx context.Context, token string) (Subscription, error) {
	id, email, err := s.tokenUser(ctx, token)
	if err != nil {
		return Subscription{}, err
	}
	st, err := settingsOf(ctx, s.DB, id)
	if err != nil {
		return Subscription{}, err
	}
	return Subscription{Email: maskEmail(email), Digest: st.Digest}, nil
}

// Unsubscribe turns off the e-mail of the account the token names, with
// no sign-in (the one-click unsubscribe of RFC 8058). Errors: ENOTFOUND
// for a forged token.
func (s *Service) Unsubscribe(ctx context.Context, token string) error {
	id, email, err := s.tokenUser(ctx, token)
	if err != nil {
		return err
	}
	// Recorded as the account itself: the link proves it is theirs.
	ctx = birlik.WithActor(ctx, birlik.Actor{UserID: id, Email: email})
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		st, err := settingsOf(ctx, tx, id)
		if err != nil || st.Digest == Off {
			return err
		}
		return s.setDigest(ctx, tx, id, "", Off, -1)
	})
}

func maskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" {
		return "•••"
	}
	r := []rune(local)
	return string(r[0]) + "•••@" + domain
}
