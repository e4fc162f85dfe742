package spaces

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

// Role is what a member does in a space.
type Role string

// The roles, in the order pages show them.
const (
	Chair       Role = "chair"
	Coordinator Role = "coordinator"
	MemberRole  Role = "member"
	Observer    Role = "observer"
	Expert      Role = "expert"
)

// Roles lists every role in the order pages show them.
var Roles = []Role{Chair, Coordinator, MemberRole, Observer, Expert}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Key is the catalogue key of the role's name.
func (r Role) Key() string { return "spaces.role." + string(r) }

// Leads reports whether the role leads the space (chair, coordinator).
func (r Role) Leads() bool { return r == Chair || r == Coordinator }

// Member is a person's membership of a space, representing an
// organisation.
type Member struct {
	ID         int64
	SpaceID    int64
	PersonID   int64
	GivenName  string
	FamilyName string
	Honorific  string
	OrgID      string
	OrgName    string
	Role       Role
	JoinedOn   string // YYYY-MM-DD
	LeftOn     string // "" while a member
}

// Name is the member's name as lists show it: "Given Family".
func (m *Member) Name() string { return strings.TrimSpace(m.GivenName + " " + m.FamilyName) }

// OrgMembers is an organisation represented in a space, with its current
// members there (Turkish-sorted), or only their count for those who may
// not read names (SeesMembers).
type OrgMembers struct {
	OrgID, OrgName string
	Count          int
	Members        []Member // nil when the actor may not read names
}

const memberColumns = `m.id, m.space_id, m.person_id, p.given_name, p.family_name, p.honorific, m.org_id, COALESCE(o.name, m.org_id),
	m.role, m.joined_on, COALESCE(m.left_on, '')`

const memberFrom = ` FROM space_members m JOIN people p ON p.id = m.person_id LEFT JOIN organisations o ON o.id = m.org_id`

func scanMember(sc interface{ Scan(...any) error }) (Member, error) {
	var m Member
	err := sc.Scan(&m.ID, &m.SpaceID, &m.PersonID, &m.GivenName, &m.FamilyName, &m.Honorific, &m.OrgID, &m.OrgName,
		&m.Role, &m.JoinedOn, &m.LeftOn)
	return m, err
}

// readable returns the space if the actor may read it, ENOTFOUND
// otherwise.
func (s *Service) readable(ctx context.Context, q store.Querier, spaceID int64) (*Space, error) {
	vis, args := VisibleSQL(birlik.ActorFrom(ctx), "s")
	sp, err := scanSpace(q.QueryRowContext(ctx, `SELECT `+spaceColumns+` FROM spaces s WHERE s.id = ? AND `+vis, append([]any{spaceID}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return sp, err
}

// Members returns the current members of the space, with the
// organisation each represents and their role, ordered by organisation
// then by family and given name, the Turkish way. Only those who may read
// names (SeesMembers) may call it (EFORBIDDEN otherwise); a space the
// actor may not read is ENOTFOUND.
func (s *Service) Members(ctx context.Context, spaceID int64) ([]Member, error) {
	if !SeesMembers(birlik.ActorFrom(ctx)) {
		return nil, forbidden()
	}
	if _, err := s.readable(ctx, s.DB, spaceID); err != nil {
		return nil, err
	}
	return queryMembers(ctx, s.DB, `WHERE m.space_id = ? AND m.left_on IS NULL ORDER BY o.sort_key, m.org_id, p.sort_key, m.id`, spaceID)
}

// History returns every membership of the space, current and ended,
// latest first; for SeesMembers only, like Members.
func (s *Service) History(ctx context.Context, spaceID int64) ([]Member, error) {
	if !SeesMembers(birlik.ActorFrom(ctx)) {
		return nil, forbidden()
	}
	if _, err := s.readable(ctx, s.DB, spaceID); err != nil {
		return nil, err
	}
	return queryMembers(ctx, s.DB, `WHERE m.space_id = ? ORDER BY m.left_on IS NULL DESC, COALESCE(m.left_on, '') DESC, m.joined_on DESC, m.id DESC`, spaceID)
}

func queryMembers(ctx context.Context, q store.Querier, tail string, args ...any) ([]Member, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+memberColumns+memberFrom+` `+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ByOrganisation returns the organisations represented in the space by
// current members, Turkish-sorted by name, each with its count, and with
// its members when the actor may read names (SeesMembers). Anyone who
// may read the space may call it.
func (s *Service) ByOrganisation(ctx context.Context, spaceID int64) ([]OrgMembers, error) {
	if _, err := s.readable(ctx, s.DB, spaceID); err != nil {
		return nil, err
	}
	var out []OrgMembers
	if SeesMembers(birlik.ActorFrom(ctx)) {
		ms, err := queryMembers(ctx, s.DB, `WHERE m.space_id = ? AND m.left_on IS NULL ORDER BY o.sort_key, m.org_id, p.sort_key, m.id`, spaceID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if n := len(out); n == 0 || out[n-1].OrgID != m.OrgID {
				out = append(out, OrgMembers{OrgID: m.OrgID, OrgName: m.OrgName})
			}
			last := &out[len(out)-1]
			last.Count++
			last.Members = append(last.Members, m)
		}
		return out, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT m.org_id, COALESCE(o.name, m.org_id), COUNT(*) FROM space_members m
		LEFT JOIN organisations o ON o.id = m.org_id
		WHERE m.space_id = ? AND m.left_on IS NULL GROUP BY m.org_id, o.name, o.sort_key ORDER BY o.sort_key, m.org_id`, spaceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var om OrgMembers
		if err := rows.Scan(&om.OrgID, &om.OrgName, &om.Count); err != nil {
			return nil, err
		}
		out = append(out, om)
	}
	return out, rows.Err()
}

// Leaders returns the space's current chairs and coordinators, chairs
// first, Turkish-sorted; for SeesMembers only (EFORBIDDEN otherwise).
func (s *Service) Leaders(ctx context.Context, spaceID int64) ([]Member, error) {
	if !SeesMembers(birlik.ActorFrom(ctx)) {
		return nil, forbidden()
	}
	if _, err := s.readable(ctx, s.DB, spaceID); err != nil {
		return nil, err
	}
	return queryMembers(ctx, s.DB, `WHERE m.space_id = ? AND m.left_on IS NULL AND m.role IN ('chair', 'coordinator')
		ORDER BY m.role, p.sort_key, m.id`, spaceID)
}

// NewMember is a membership to add.
type NewMember struct {
	PersonID int64
	// OrgID is the organisation the person represents; "" means the
	// person's current (main) organisation.
	OrgID    string
	Role     Role   // "" means member
	JoinedOn string // YYYY-MM-DD; "" means today
}

// memberAudit is what the audit log keeps of a membership.
type memberAudit struct {
	ID       int64  `json:"id"`
	SpaceID  int64  `json:"space_id"`
	PersonID int64  `json:"person_id"`
	OrgID    string `json:"org_id"`
	Role     Role   `json:"role"`
	JoinedOn string `json:"joined_on"`
	LeftOn   string `json:"left_on"`
}

func memberAuditOf(m *Member) memberAudit {
	return memberAudit{m.ID, m.SpaceID, m.PersonID, m.OrgID, m.Role, m.JoinedOn, m.LeftOn}
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// AddMember adds a person to the space, representing an organisation,
// with a role. Those who manage the space (Manages) may add anyone, for
// any organisation and role. A focal point may add only people who
// currently work for their municipality, representing it, as member,
// observer or expert: the person is looked up under that condition, so
// that anyone else is ENOTFOUND, as in the network; naming another
// organisation is EFORBIDDEN. Others get EFORBIDDEN. A space the actor may
// not read is ENOTFOUND. It returns EINVALID (role, date, organisation)
// and ECONFLICT when the person is a member already. The change is
// audited in its transaction.
func (s *Service) AddMember(ctx context.Context, spaceID int64, nm NewMember) (*Member, error) {
	a := birlik.ActorFrom(ctx)
	if !a.System && !a.Is(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint) {
		return nil, forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	m, err := s.addMember(ctx, tx, a, spaceID, nm, s.now())
	if err != nil {
		return nil, err
	}
	return m, tx.Commit()
}

func (s *Service) addMember(ctx context.Context, tx *store.Tx, a birlik.Actor, spaceID int64, nm NewMember, now time.Time) (*Member, error) {
	if _, err := s.readable(ctx, tx, spaceID); err != nil {
		return nil, err
	}
	full, err := manages(ctx, tx, a, spaceID)
	if err != nil {
		return nil, err
	}
	scoped := !full && a.Scoped() && a.OrgID != ""
	if !full && !scoped {
		return nil, forbidden()
	}
	nm.OrgID = strings.TrimSpace(nm.OrgID)
	if scoped && nm.OrgID != "" && nm.OrgID != a.OrgID {
		return nil, forbidden()
	}
	var v birlik.Invalid
	if nm.Role == "" {
		nm.Role = MemberRole
	}
	if !nm.Role.Valid() {
		v.Add("role", "error.spaces.role_invalid")
	} else if scoped && nm.Role.Leads() {
		v.Add("role", "error.spaces.role_union")
	}
	nm.JoinedOn = strings.TrimSpace(nm.JoinedOn)
	if nm.JoinedOn == "" {
		nm.JoinedOn = s.today()
	}
	if !validDate(nm.JoinedOn) {
		v.Add("joined_on", "error.spaces.date_invalid")
	}
	// The person, under the focal point's condition when there is one:
	// a current affiliation with their municipality.
	query := `SELECT COALESCE(p.org_id, '') FROM people p WHERE p.id = ?`
	args := []any{nm.PersonID}
	if scoped {
		query += ` AND p.id IN (SELECT f.person_id FROM affiliations f WHERE f.org_id = ? AND f.ended IS NULL)`
		args = append(args, a.OrgID)
	}
	var mainOrg string
	err = tx.QueryRowContext(ctx, query, args...).Scan(&mainOrg)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.spaces.person_unknown")
	}
	if err != nil {
		return nil, err
	}
	switch {
	case nm.OrgID != "":
	case scoped:
		nm.OrgID = a.OrgID
	default:
		nm.OrgID = mainOrg
	}
	if nm.OrgID == "" {
		v.Add("org_id", "error.spaces.org_required")
	} else {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ?`, nm.OrgID).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			v.Add("org_id", "error.spaces.org_unknown")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	m := &Member{SpaceID: spaceID, PersonID: nm.PersonID, OrgID: nm.OrgID, Role: nm.Role, JoinedOn: nm.JoinedOn}
	err = tx.QueryRowContext(ctx, `INSERT INTO space_members (space_id, person_id, org_id, role, joined_on, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, spaceID, nm.PersonID, nm.OrgID, string(nm.Role), nm.JoinedOn, now, now).Scan(&m.ID)
	if store.IsUniqueViolation(err) {
		return nil, birlik.Errorf(birlik.ECONFLICT, "error.spaces.member_already")
	}
	if err != nil {
		return nil, err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "space_member", idString(m.ID), m.OrgID, nil, memberAuditOf(m)); err != nil {
		return nil, err
	}
	ms, err := queryMembers(ctx, tx, `WHERE m.id = ?`, m.ID)
	if err != nil || len(ms) == 0 {
		return m, err
	}
	return &ms[0], nil
}

// EndMember ends a current membership on the given date (today when
// ""), keeping its row so that the space's history stays true. Those who
// manage the space end any; a focal point only the memberships of their
// municipality (the condition is in the query: others are ENOTFOUND);
// others get EFORBIDDEN. It returns ENOTFOUND for a space the actor may
// not read or a membership that is not current there, and EINVALID for a
// malformed date or one before the membership began. The change is
// audited in its transaction.
func (s *Service) EndMember(ctx context.Context, spaceID, memberID int64, leftOn string) error {
	a := birlik.ActorFrom(ctx)
	if !a.System && !a.Is(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint) {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := s.readable(ctx, tx, spaceID); err != nil {
		return err
	}
	full, err := manages(ctx, tx, a, spaceID)
	if err != nil {
		return err
	}
	scoped := !full && a.Scoped() && a.OrgID != ""
	if !full && !scoped {
		return forbidden()
	}
	tail := `WHERE m.id = ? AND m.space_id = ? AND m.left_on IS NULL`
	args := []any{memberID, spaceID}
	if scoped {
		tail += ` AND m.org_id = ?`
		args = append(args, a.OrgID)
	}
	ms, err := queryMembers(ctx, tx, tail, args...)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return notFound()
	}
	m := ms[0]
	leftOn = strings.TrimSpace(leftOn)
	if leftOn == "" {
		leftOn = max(s.today(), m.JoinedOn)
	}
	var v birlik.Invalid
	switch {
	case !validDate(leftOn):
		v.Add("left_on", "error.spaces.date_invalid")
	case leftOn < m.JoinedOn:
		v.Add("left_on", "error.spaces.left_before_joined")
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	before := m
	// The row was read under the same conditions; left_on IS NULL keeps
	// a concurrent end from being written twice.
	res, err := tx.ExecContext(ctx, `UPDATE space_members SET left_on = ?, updated_at = ? WHERE id = ? AND left_on IS NULL`, leftOn, now, m.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound()
	}
	m.LeftOn = leftOn
	if err := audit.Write(ctx, tx, now, audit.Update, "space_member", idString(m.ID), m.OrgID, memberAuditOf(&before), memberAuditOf(&m)); err != nil {
		return err
	}
	return tx.Commit()
}

// IsMember reports whether the person is a current member of the space.
func (s *Service) IsMember(ctx context.Context, spaceID, personID int64) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM space_members WHERE space_id = ? AND person_id = ? AND left_on IS NULL`,
		spaceID, personID).Scan(&n)
	return n > 0, err
}

// Membership is one row of ImportMembers: a membership as it was, ended
// or not.
type Membership struct {
	SpaceID, PersonID int64
	OrgID             string // the organisation represented; required
	Role              Role   // "" means member
	JoinedOn          string // YYYY-MM-DD; required
	LeftOn            string // "" while current
}

// ImportMembers writes many memberships at once, in one transaction with
// an audit row each, for loading existing records (the demo data, an
// import). Only admins and the system may (EFORBIDDEN otherwise). Roles
// and dates are checked (EINVALID naming the first bad row); spaces,
// people and organisations are the foreign keys' to check, and a second
// current membership of one person in one space fails the whole import.
func (s *Service) ImportMembers(ctx context.Context, ms []Membership) error {
	a := birlik.ActorFrom(ctx)
	if !a.System && !a.Is(birlik.RoleAdmin) {
		return forbidden()
	}
	for i := range ms {
		m := &ms[i]
		if m.Role == "" {
			m.Role = MemberRole
		}
		if !m.Role.Valid() || m.OrgID == "" || !validDate(m.JoinedOn) || (m.LeftOn != "" && (!validDate(m.LeftOn) || m.LeftOn < m.JoinedOn)) {
			return birlik.Errorf(birlik.EINVALID, "error.spaces.import_row", "row", i+1)
		}
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.Prepared(ctx, `INSERT INTO space_members (space_id, person_id, org_id, role, joined_on, left_on, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return err
	}
	now := s.now()
	for i := range ms {
		m := &ms[i]
		var left any
		if m.LeftOn != "" {
			left = m.LeftOn
		}
		row := Member{SpaceID: m.SpaceID, PersonID: m.PersonID, OrgID: m.OrgID, Role: m.Role, JoinedOn: m.JoinedOn, LeftOn: m.LeftOn}
		if err := ins.QueryRowContext(ctx, m.SpaceID, m.PersonID, m.OrgID, string(m.Role), m.JoinedOn, left, now, now).Scan(&row.ID); err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, now, audit.Create, "space_member", idString(row.ID), row.OrgID, nil, memberAuditOf(&row)); err != nil {
			return err
		}
	}
	return tx.Commit()
}
