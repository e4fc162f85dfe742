package birlik

import "context"

// Role is what an account may do across the product. The names are part of
// the command-line interface (`birlik user create --role …`) and must not
// change.
type Role string

// The roles, from DESIGN.md.
const (
	RoleAdmin       Role = "admin"            // union secretariat: everything
	RoleCoordinator Role = "coordinator"      // runs a space or programme
	RoleFocalPoint  Role = "focal-point"      // acts for one member municipality only
	RoleCommittee   Role = "committee-member" // mayor or councillor in the committee
	RoleViewer      Role = "viewer"           // reads what is not personal data
)

// Roles lists every role in the order pages show them.
var Roles = []Role{RoleAdmin, RoleCoordinator, RoleFocalPoint, RoleCommittee, RoleViewer}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Actor is who a request or a command runs for. The zero Actor is the
// anonymous public.
type Actor struct {
	UserID int64  // 0 for the public and for the system
	Email  string // for audit records
	Role   Role   // "" for the public
	// OrgID binds a focal point to the one organisation they act for. Every
	// query that returns municipality-owned records filters on it.
	OrgID  string
	System bool // seeding, migrations and CLI imports run as the system
}

// SystemActor is the actor of work the product does itself (seeding,
// command-line imports). It may do everything an admin may.
var SystemActor = Actor{System: true, Email: "system", Role: RoleAdmin}

// Signed reports whether the actor is a signed-in account or the system.
func (a Actor) Signed() bool { return a.UserID != 0 || a.System }

// Is reports whether the actor holds one of the given roles.
func (a Actor) Is(roles ...Role) bool {
	if !a.Signed() {
		return false
	}
	for _, r := range roles {
		if a.Role == r {
			return true
		}
	}
	return false
}

// Staff reports whether the actor works for the union itself (admin or
// coordinator): staff see across every municipality.
func (a Actor) Staff() bool { return a.Is(RoleAdmin, RoleCoordinator) }

// Scoped reports whether the actor's reach is limited to one organisation.
func (a Actor) Scoped() bool { return a.Is(RoleFocalPoint) }

type actorKey struct{}

// WithActor returns a context carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the anonymous public.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// ActsFor reports whether the actor may act for the organisation: the
// system and union staff for every one, a focal point for their own.
func (a Actor) ActsFor(orgID string) bool {
	return a.System || a.Staff() || (a.Scoped() && a.OrgID != "" && a.OrgID == orgID)
}

// Records that belong to an organisation and are either published or
// not (street sites, plans, their counts and reports) are read and
// changed by one rule, decided in the query by the two conditions
// below: the system and union staff read and change every one; a focal
// point reads the published ones and their organisation's, and changes
// their organisation's; everyone else reads the published ones.

// OwnedReadSQL returns the SQL condition that holds for the records the
// actor may read, given the columns of the published flag and of the
// owning organisation, with its arguments.
func OwnedReadSQL(a Actor, published, org string) (string, []any) {
	switch {
	case a.System || a.Staff():
		return "1 = 1", nil
	case a.Scoped() && a.OrgID != "":
		return "(" + published + " = TRUE OR " + org + " = ?)", []any{a.OrgID}
	}
	return published + " = TRUE", nil
}

// OwnedWriteSQL returns the SQL condition that holds for the records the
// actor may change, given the column of the owning organisation, with
// its arguments.
func OwnedWriteSQL(a Actor, org string) (string, []any) {
	switch {
	case a.System || a.Staff():
		return "1 = 1", nil
	case a.Scoped() && a.OrgID != "":
		return org + " = ?", []any{a.OrgID}
	}
	return "1 = 0", nil
}
