package accounts

import (
	"context"
	"strings"
	"unicode/utf8"

	"birlik"
	"birlik/audit"
	"birlik/locale"
	"birlik/store"
)

// NewUser is what creating or inviting an account takes.
type NewUser struct {
	Email    string
	Name     string
	Role     birlik.Role
	OrgID    string // required for focal points
	Lang     string
	Password string // "" to invite: the person sets it through the link
}

func (s *Service) validateNew(ctx context.Context, q store.Querier, nu *NewUser) error {
	var v birlik.Invalid
	nu.Email = NormalizeEmail(nu.Email)
	nu.Name = strings.TrimSpace(nu.Name)
	nu.OrgID = strings.TrimSpace(nu.OrgID)
	if nu.Email == "" {
		v.Add("email", "error.email.invalid")
	}
	if utf8.RuneCountInString(nu.Name) > maxNameLen {
		v.Add("name", "error.too_long")
	}
	if !nu.Role.Valid() {
		v.Add("role", "error.role.invalid")
	}
	if err := checkOrg(ctx, q, nu.Role, nu.OrgID, &v); err != nil {
		return err
	}
	if nu.Password != "" {
		if key := ValidatePassword(nu.Password, nu.Email); key != "" {
			v.Add("password", key)
		}
	}
	return v.Err()
}

// checkOrg adds a field error when a focal point has no organisation or
// the organisation does not exist.
func checkOrg(ctx context.Context, q store.Querier, role birlik.Role, orgID string, v *birlik.Invalid) error {
	if orgID == "" {
		if role == birlik.RoleFocalPoint {
			v.Add("org", "error.user.org_required")
		}
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ?`, orgID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		v.Add("org", "error.org.unknown")
	}
	return nil
}

// maxNameLen bounds a display name, in characters.
const maxNameLen = 200

// searchText is what account search matches: the name and the e-mail,
// folded by Turkish rules.
func searchText(name, email string) string { return locale.Fold(name + " " + email) }

// Create makes an account. Only union admins (and the system) may. With a
// password the account can sign in at once; without, Create returns a
// one-time invitation token the caller sends as a link. When exactly one
// person of the network has the account's address (their own, or a
// current work address), no other account is linked to them, and, for a
// focal point, they work for its organisation, the account is linked to
// them.
func (s *Service) Create(ctx context.Context, nu NewUser) (*User, string, error) {
	if !birlik.ActorFrom(ctx).Is(birlik.RoleAdmin) {
		return nil, "", birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	if err := s.validateNew(ctx, tx, &nu); err != nil {
		return nil, "", err
	}
	hash := ""
	if nu.Password != "" {
		if hash, err = HashPassword(nu.Password); err != nil {
			return nil, "", err
		}
	}
	now := s.now()
	var changed any
	if hash != "" {
		changed = now
	}
	// The account belongs to the one person of the network with its
	// address, if there is exactly one and nobody has claimed them; the
	// creation's audit entry records the link.
	person, err := autoPerson(ctx, tx, nu.Email, nu.Role, nu.OrgID)
	if err != nil {
		return nil, "", err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, org_id, person_id, lang, active, password_hash, password_changed_at, search_text, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nu.Email, nu.Name, string(nu.Role), store.Null(nu.OrgID), store.Null(person), nu.Lang, true, hash, changed, searchText(nu.Name, nu.Email), now, now).Scan(&id)
	if store.IsUniqueViolation(err) {
		return nil, "", &birlik.Error{Code: birlik.ECONFLICT, Message: "error.email.taken", Fields: map[string]string{"email": "error.email.taken"}}
	}
	if err != nil {
		return nil, "", err
	}
	u, err := userByID(ctx, tx, id)
	if err != nil {
		return nil, "", err
	}
	token := ""
	if hash == "" {
		if token, err = s.newLink(ctx, tx, u.ID, "invite", s.InviteTTL); err != nil {
			return nil, "", err
		}
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "user", itoa(u.ID), u.OrgID, nil, u.auditView()); err != nil {
		return nil, "", err
	}
	return u, token, tx.Commit()
}

// Get returns one account. Admins may read any; others only their own.
func (s *Service) Get(ctx context.Context, id int64) (*User, error) {
	a := birlik.ActorFrom(ctx)
	if !a.Is(birlik.RoleAdmin) && a.UserID != id {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	return userByID(ctx, s.DB, id)
}

// UserFilter narrows the list of accounts.
type UserFilter struct {
	Query  string // part of the e-mail or name
	Role   birlik.Role
	OrgID  string
	Active *bool
	Offset int
	Limit  int // default 50, at most 200
}

// List returns accounts sorted by e-mail and the total that match. Only
// union admins may list accounts.
func (s *Service) List(ctx context.Context, f UserFilter) ([]*User, int, error) {
	if !birlik.ActorFrom(ctx).Is(birlik.RoleAdmin) {
		return nil, 0, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	var where []string
	var args []any
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `search_text LIKE ? ESCAPE '\'`)
		args = append(args, locale.LikePattern(q))
	}
	if f.Role != "" {
		where = append(where, "role = ?")
		args = append(args, string(f.Role))
	}
	if f.OrgID != "" {
		where = append(where, "org_id = ?")
		args = append(args, f.OrgID)
	}
	if f.Active != nil {
		where = append(where, "active = ?")
		args = append(args, *f.Active)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+userColumns+` FROM users`+cond+` ORDER BY email LIMIT ? OFFSET ?`,
		append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// UserUpdate is an admin's change to an account. Version must be the one
// the form was made from: a stale form is refused rather than overwriting
// someone else's change.
type UserUpdate struct {
	Name   string
	Role   birlik.Role
	OrgID  string
	Active bool
	// PersonID is the person the account is linked to, 0 for none.
	PersonID int64
	Version  int
}

// Update changes an account's name, role, organisation, state or linked
// person. Only admins may. The person must exist, have no other account,
// and, for a focal point, work for the focal point's organisation; a
// refusal for another account names it (LinkedElsewhere). Deactivating an account or changing its role or organisation
// ends its sessions and API tokens' use at once, since what they were
// allowed has changed. An admin cannot deactivate or demote themself, so
// the union is never left without one by mistake.
func (s *Service) Update(ctx context.Context, id int64, up UserUpdate) (*User, error) {
	a := birlik.ActorFrom(ctx)
	if !a.Is(birlik.RoleAdmin) {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	before, err := userByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	var v birlik.Invalid
	up.Name = strings.TrimSpace(up.Name)
	up.OrgID = strings.TrimSpace(up.OrgID)
	if utf8.RuneCountInString(up.Name) > maxNameLen {
		v.Add("name", "error.too_long")
	}
	if !up.Role.Valid() {
		v.Add("role", "error.role.invalid")
	}
	if err := checkOrg(ctx, tx, up.Role, up.OrgID, &v); err != nil {
		return nil, err
	}
	if id == a.UserID && (!up.Active || up.Role != birlik.RoleAdmin) {
		v.Add("role", "error.user.self_demote")
	}
	taken, err := checkPerson(ctx, tx, id, up.PersonID, up.Role, up.OrgID, &v)
	if err != nil {
		return nil, err
	}
	if err := invalidPerson(&v, taken); err != nil {
		return nil, err
	}
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, role = ?, org_id = ?, person_id = ?, active = ?, search_text = ?, version = version + 1, updated_at = ?
		WHERE id = ? AND version = ?`, up.Name, string(up.Role), store.Null(up.OrgID), store.Null(up.PersonID), up.Active, searchText(up.Name, before.Email), now, id, up.Version)
	if store.IsUniqueViolation(err) {
		// Another admin linked the person to another account meanwhile.
		v.Add("person", "error.user.person_taken")
		return nil, v.Err()
	}
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, birlik.Errorf(birlik.ECONFLICT, "error.conflict")
	}
	after, err := userByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if before.Role != after.Role || before.OrgID != after.OrgID || !after.Active {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return nil, err
		}
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "user", itoa(id), after.OrgID, before.auditView(), after.auditView()); err != nil {
		return nil, err
	}
	return after, tx.Commit()
}

// SetLanguage records the signed-in user's preferred language.
func (s *Service) SetLanguage(ctx context.Context, lang string) error {
	a := birlik.ActorFrom(ctx)
	if a.UserID == 0 {
		return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		before, err := userByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if before.Lang == lang {
			return nil
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET lang = ?, updated_at = ? WHERE id = ?`, lang, now, a.UserID); err != nil {
			return err
		}
		after := *before
		after.Lang = lang
		return audit.Write(ctx, tx, now, audit.Update, "user", itoa(a.UserID), before.OrgID, before.auditView(), after.auditView())
	})
}
