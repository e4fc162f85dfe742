package spaces

import (
	"context"
	"strings"

	"birlik"
	"birlik/store"
)

// Who may change what, in one place:
//
//   - Admins (and the system) create, edit and manage the members of
//     every space.
//   - A coordinator-role account coordinates a space when the person it is
//     linked to (users.person_id) is a current member of that space, or of
//     a space it sits in (its parent, its parent's parent, …), with the
//     role chair or coordinator. A coordinator edits the spaces they
//     coordinate (all but the parent, which admins alone move), manages
//     their members, and creates working groups inside them. A
//     coordinator-role account linked to no person coordinates nothing.
//   - A focal point adds to a space they may read only people who
//     currently work for their municipality, as members, observers or
//     experts representing it, and ends only memberships of their
//     municipality. Chairs and coordinators are the union's to name.
//   - Everyone else changes nothing (EFORBIDDEN).
//
// Who may read a space is VisibleSQL's rule; who may see the names of its
// members is SeesMembers'.

// maxDepth bounds the walk up a space's parents; nesting is shallow (a
// working group in a platform) and a cycle must never loop forever.
const maxDepth = 16

// SeesMembers reports whether the actor may read the names of a space's
// members: union staff, committee members and focal points (the people of
// the network), not viewers nor the public, who see which organisations
// are represented and how many people each sends.
func SeesMembers(a birlik.Actor) bool {
	return a.System || a.Is(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleCommittee, birlik.RoleFocalPoint)
}

// ancestors returns id and the ids of the spaces it sits in, nearest
// first.
func ancestors(ctx context.Context, q store.Querier, id int64) ([]int64, error) {
	out := []int64{id}
	for len(out) < maxDepth {
		var parent int64
		err := q.QueryRowContext(ctx, `SELECT COALESCE(parent_id, 0) FROM spaces WHERE id = ?`, out[len(out)-1]).Scan(&parent)
		if err != nil || parent == 0 {
			return out, ignoreNoRows(err)
		}
		out = append(out, parent)
	}
	return out, nil
}

// coordinates reports whether the actor, a coordinator-role account,
// coordinates the space id (see the rule above).
func coordinates(ctx context.Context, q store.Querier, a birlik.Actor, id int64) (bool, error) {
	if !a.Is(birlik.RoleCoordinator) || a.UserID == 0 {
		return false, nil
	}
	ids, err := ancestors(ctx, q, id)
	if err != nil {
		return false, err
	}
	args := []any{a.UserID}
	marks := make([]string, len(ids))
	for i, x := range ids {
		marks[i] = "?"
		args = append(args, x)
	}
	var n int
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM space_members m
		WHERE m.person_id = (SELECT u.person_id FROM users u WHERE u.id = ?) AND m.left_on IS NULL
		AND m.role IN ('chair', 'coordinator') AND m.space_id IN (`+strings.Join(marks, ", ")+`)`, args...).Scan(&n)
	return n > 0, err
}

// manages reports whether the actor may edit the space and manage all of
// its members: an admin, the system, or a coordinator who coordinates it.
func manages(ctx context.Context, q store.Querier, a birlik.Actor, id int64) (bool, error) {
	if a.System || a.Is(birlik.RoleAdmin) {
		return true, nil
	}
	return coordinates(ctx, q, a, id)
}

// Manages reports whether the actor in ctx may edit the space and manage
// all of its members (and, for the packages that live in spaces, run its
// meetings and answer its needs): an admin, or a coordinator who
// coordinates it. It does not check that the space exists; read it first
// with BySlug or ByID.
func (s *Service) Manages(ctx context.Context, spaceID int64) (bool, error) {
	return manages(ctx, s.DB, birlik.ActorFrom(ctx), spaceID)
}

// MayAddMembers reports whether the actor in ctx may add anyone at all to
// the space: those who manage it, and focal points (their own
// municipality's people only). Pages use it to offer the form.
func (s *Service) MayAddMembers(ctx context.Context, spaceID int64) (bool, error) {
	a := birlik.ActorFrom(ctx)
	if a.Scoped() && a.OrgID != "" {
		return true, nil
	}
	return s.Manages(ctx, spaceID)
}

// MayCreate reports whether the actor in ctx may create a space at all:
// admins any, coordinators a working group inside a space they
// coordinate.
func (s *Service) MayCreate(ctx context.Context) (bool, error) {
	a := birlik.ActorFrom(ctx)
	if a.System || a.Is(birlik.RoleAdmin) {
		return true, nil
	}
	ids, err := s.Coordinated(ctx)
	return len(ids) > 0, err
}

// Coordinated returns the ids of the spaces the actor in ctx coordinates
// directly (as chair or coordinator of the space itself), for a
// coordinator-role account; nil for anyone else.
func (s *Service) Coordinated(ctx context.Context) ([]int64, error) {
	a := birlik.ActorFrom(ctx)
	if !a.Is(birlik.RoleCoordinator) || a.UserID == 0 {
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT DISTINCT m.space_id FROM space_members m
		WHERE m.person_id = (SELECT u.person_id FROM users u WHERE u.id = ?) AND m.left_on IS NULL
		AND m.role IN ('chair', 'coordinator') ORDER BY m.space_id`, a.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func forbidden() error { return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden") }
func notFound() error  { return birlik.Errorf(birlik.ENOTFOUND, "error.not_found") }
func conflict() error  { return birlik.Errorf(birlik.ECONFLICT, "error.spaces.conflict") }
