package accounts

import (
	"bytes"
	"context"
	"errors"
	"sort"
	"strings"

	"birlik"
	"birlik/store"
)

// An account may be linked to the person of the network it belongs to
// (users.person_id). A person has at most one account (a unique index
// holds it against races); a focal point's person works at the focal
// point's organisation. Admins link and unlink on the account's page; an
// account is linked when it is created if exactly one person has its
// e-mail address.

// Person is what the account pages show of a person of the network.
type Person struct {
	ID      int64
	Name    string // given and family name
	Email   string
	OrgID   string // the organisation they currently work for, "" for none
	OrgName string
	// SameEmail is set on a choice whose address (their own or a current
	// work address) is the account's.
	SameEmail bool

	sortKey []byte
}

// MaxPersonChoices bounds the people offered to link an account to.
const MaxPersonChoices = 50

const personColumns = `p.id, p.given_name || ' ' || p.family_name, COALESCE(p.email, ''), COALESCE(p.org_id, ''), COALESCE(o.name, ''), p.sort_key`

const personFrom = ` FROM people p LEFT JOIN organisations o ON o.id = p.org_id`

// emailMatches is the ids of the people who have an address (their own,
// or the work address of a current affiliation): two arguments, the
// lowercased address twice. The comparison is on plain lowercase, as
// addresses are compared everywhere.
const emailMatches = `SELECT id FROM people WHERE LOWER(email) = ?
	UNION SELECT person_id FROM affiliations WHERE ended IS NULL AND work_email <> '' AND LOWER(work_email) = ?`

func queryPeople(ctx context.Context, q store.Querier, query string, args ...any) ([]Person, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.Name, &p.Email, &p.OrgID, &p.OrgName, &p.sortKey); err != nil {
			return nil, err
		}
		p.Name = strings.TrimSpace(p.Name)
		out = append(out, p)
	}
	return out, rows.Err()
}

// People returns the people with these ids, by id; ids of no one are left
// out. Only admins may read them here.
func (s *Service) People(ctx context.Context, ids ...int64) (map[int64]Person, error) {
	if !birlik.ActorFrom(ctx).Is(birlik.RoleAdmin) {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	out := map[int64]Person{}
	var args []any
	seen := map[int64]bool{}
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	if len(args) == 0 {
		return out, nil
	}
	ps, err := queryPeople(ctx, s.DB, `SELECT `+personColumns+personFrom+` WHERE p.id IN (?`+strings.Repeat(", ?", len(args)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// PersonChoices returns the people an admin is offered to link u to: those
// with u's e-mail address, then those currently working for u's
// organisation, at most MaxPersonChoices in all (the ones with the same
// address are always among them), sorted by family and given name by
// Turkish rules. Anyone else is linked by their number.
func (s *Service) PersonChoices(ctx context.Context, u *User) ([]Person, error) {
	if !birlik.ActorFrom(ctx).Is(birlik.RoleAdmin) {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	email := strings.ToLower(u.Email)
	same, err := queryPeople(ctx, s.DB, `SELECT `+personColumns+personFrom+` WHERE p.id IN (`+emailMatches+`)
		ORDER BY p.sort_key, p.id LIMIT ?`, email, email, MaxPersonChoices)
	if err != nil {
		return nil, err
	}
	out := same
	seen := map[int64]bool{}
	for i := range out {
		out[i].SameEmail = true
		seen[out[i].ID] = true
	}
	if u.OrgID != "" && len(out) < MaxPersonChoices {
		staff, err := queryPeople(ctx, s.DB, `SELECT `+personColumns+personFrom+`
			WHERE p.id IN (SELECT a.person_id FROM affiliations a WHERE a.org_id = ? AND a.ended IS NULL)
			ORDER BY p.sort_key, p.id LIMIT ?`, u.OrgID, MaxPersonChoices)
		if err != nil {
			return nil, err
		}
		for _, p := range staff {
			if len(out) == MaxPersonChoices {
				break
			}
			if !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if c := bytes.Compare(out[i].sortKey, out[j].sortKey); c != 0 {
			return c < 0
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// personTaken is the refusal to link a person who already has an account:
// a field error that also knows the other account's address, for the
// admin's page to name it.
type personTaken struct {
	err   *birlik.Error
	email string
}

func (e *personTaken) Error() string { return e.err.Error() }
func (e *personTaken) Unwrap() error { return e.err }

// LinkedElsewhere returns, for an error refusing to link a person who
// already has an account, that account's e-mail address; "" for any other
// error.
func LinkedElsewhere(err error) string {
	var e *personTaken
	if errors.As(err, &e) {
		return e.email
	}
	return ""
}

// checkPerson adds a field error on "person" when an account (userID, 0
// for a new one) with that role and organisation cannot be linked to
// personID: no such person, the person already has another account (whose
// address it returns), or a focal point's person does not currently work
// for the focal point's organisation. 0 links no one and is always fine.
func checkPerson(ctx context.Context, q store.Querier, userID, personID int64, role birlik.Role, orgID string, v *birlik.Invalid) (string, error) {
	if personID == 0 {
		return "", nil
	}
	var n int
	if personID > 0 {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM people WHERE id = ?`, personID).Scan(&n); err != nil {
			return "", err
		}
	}
	if n == 0 {
		v.Add("person", "error.user.person_unknown")
		return "", nil
	}
	var other []string
	rows, err := q.QueryContext(ctx, `SELECT email FROM users WHERE person_id = ? AND id <> ? ORDER BY email LIMIT 1`, personID, userID)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			rows.Close()
			return "", err
		}
		other = append(other, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(other) > 0 {
		v.Add("person", "error.user.person_taken")
		return other[0], nil
	}
	if role == birlik.RoleFocalPoint && orgID != "" {
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM affiliations WHERE person_id = ? AND org_id = ? AND ended IS NULL`, personID, orgID).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			v.Add("person", "error.user.person_not_in_org")
		}
	}
	return "", nil
}

// invalidPerson returns v's error, naming the other account when the
// person was refused as already linked.
func invalidPerson(v *birlik.Invalid, taken string) error {
	err := v.Err()
	if err == nil || taken == "" {
		return err
	}
	var e *birlik.Error
	if errors.As(err, &e) {
		return &personTaken{err: e, email: taken}
	}
	return err
}

// autoPerson returns the person a new account with that address and
// organisation is linked to: the one person who has the address, when
// no account is linked to them yet (and, for a focal point, when they work
// for its organisation); 0 otherwise.
func autoPerson(ctx context.Context, q store.Querier, email string, role birlik.Role, orgID string) (int64, error) {
	email = strings.ToLower(email)
	rows, err := q.QueryContext(ctx, `SELECT m.id FROM (`+emailMatches+`) m LIMIT 2`, email, email)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(ids) != 1 {
		return 0, nil
	}
	var v birlik.Invalid
	if _, err := checkPerson(ctx, q, 0, ids[0], role, orgID, &v); err != nil {
		return 0, err
	}
	if v.Err() != nil {
		return 0, nil
	}
	return ids[0], nil
}
