// Package accounts holds who may sign in and what they may do: user
// accounts with their role and, for focal points, the one organisation
// they act for; passwords (argon2id); sessions kept in the database with
// idle and absolute timeouts; one-time links for invitations and password
// resets; personal access tokens for the API; and sign-in throttling per
// account and per address.
package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/mail"
	"strings"
	"time"

	"birlik"
	"birlik/store"
)

// User is an account.
type User struct {
	ID     int64
	Email  string // lowercased; unique
	Name   string
	Role   birlik.Role
	OrgID  string // set for focal points (required), optional for others
	Lang   string // preferred language code, "" for none
	Active bool
	// PersonID is the person of the network the account belongs to, 0 for
	// none. Through it a coordinator coordinates the spaces their person
	// chairs, a member reads the private spaces their person belongs to,
	// and a committee member registers for meetings. A person has at most
	// one account.
	PersonID int64
	// HasPassword is false for an invited account whose invitation has not
	// been taken up yet.
	HasPassword       bool
	PasswordChangedAt time.Time
	LastLoginAt       time.Time
	Version           int
	CreatedAt         time.Time
	UpdatedAt         time.Time

	passwordHash string
}

// Actor returns the actor requests by u run as.
func (u *User) Actor() birlik.Actor {
	return birlik.Actor{UserID: u.ID, Email: u.Email, Role: u.Role, OrgID: u.OrgID}
}

// auditView is what the audit log keeps of a user: never the hash.
func (u *User) auditView() map[string]any {
	var person any // null when none, so that the log shows no "0"
	if u.PersonID != 0 {
		person = u.PersonID
	}
	return map[string]any{"email": u.Email, "name": u.Name, "role": u.Role, "org_id": u.OrgID, "active": u.Active, "lang": u.Lang, "person_id": person}
}

// Service is the accounts store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
	// IdleTimeout ends a session nobody has used for that long;
	// AbsoluteTimeout ends every session that long after sign-in.
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// Sign-in throttling: after MaxFailuresPerAccount failed attempts on
	// one account, or MaxFailuresPerAddress from one address, within
	// ThrottleWindow, further attempts are refused until the window moves.
	MaxFailuresPerAccount int
	MaxFailuresPerAddress int
	ThrottleWindow        time.Duration
	// InviteTTL and ResetTTL bound the life of one-time links.
	InviteTTL time.Duration
	ResetTTL  time.Duration
}

// New returns a Service with the product's defaults: 30 minutes idle,
// 12 hours absolute (ASVS 5 V7.3), 5 failures per account and 50 per
// address per 15 minutes, invitations valid 7 days and resets 1 hour.
func New(db *store.DB) *Service {
	return &Service{
		DB:                    db,
		Now:                   time.Now,
		IdleTimeout:           30 * time.Minute,
		AbsoluteTimeout:       12 * time.Hour,
		MaxFailuresPerAccount: 5,
		MaxFailuresPerAddress: 50,
		ThrottleWindow:        15 * time.Minute,
		InviteTTL:             7 * 24 * time.Hour,
		ResetTTL:              time.Hour,
	}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// NewToken returns a random token of 128 bits or more, URL-safe, and the
// hash under which it is stored.
func NewToken() (token, hash string) {
	b := make([]byte, 24) // 192 bits
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NormalizeEmail lowercases and trims an address; it returns "" when the
// address is not a plain, valid one.
func NormalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return ""
	}
	return s
}

const userColumns = `id, email, name, role, org_id, person_id, lang, active, password_hash, password_changed_at, last_login_at, version, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var org sql.NullString
	var person sql.NullInt64
	var changed, last sql.NullTime
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &org, &person, &u.Lang, &u.Active, &u.passwordHash, &changed, &last, &u.Version, &u.CreatedAt, &u.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	u.OrgID = org.String
	u.PersonID = person.Int64
	u.PasswordChangedAt, u.LastLoginAt = changed.Time, last.Time
	u.HasPassword = u.passwordHash != ""
	return &u, nil
}

func userByID(ctx context.Context, q store.Querier, id int64) (*User, error) {
	return scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

func userByEmail(ctx context.Context, q store.Querier, email string) (*User, error) {
	return scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// Count returns the number of accounts; the first start uses it to know
// whether to create the first admin.
func (s *Service) Count(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}
