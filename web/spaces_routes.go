package web

import "birlik"

// Who may call the spaces' routes at all; which space, which member and
// which municipality are the spaces service's to decide, in its queries.
var (
	// spaceMemberReaders see the members page: the people of the network
	// (SeesMembers), not viewers nor the public.
	spaceMemberReaders = roles(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint, birlik.RoleCommittee)
	// spaceMemberEditors may add and end memberships: admins and a space's
	// coordinators any, focal points their own municipality's.
	spaceMemberEditors = roles(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint)
)

// spaceRoutes are the routes of the spaces: platforms, committees, working groups and their members.
// A private space answers 404 to whoever may not read it, on every route.
func (s *Server) spaceRoutes() []route {
	return []route{
		{"GET /spaces", public, s.spacesList},
		{"GET /spaces/new", staff, s.spaceNew}, // admins; coordinators inside a space they coordinate
		{"POST /spaces", staff, s.spaceCreate},
		{"GET /spaces/{slug}", public, s.spaceShow},
		{"GET /spaces/{slug}/edit", staff, s.spaceEdit}, // admins; the space's coordinators
		{"POST /spaces/{slug}", staff, s.spaceUpdate},
		{"GET /spaces/{slug}/members", spaceMemberReaders, s.spaceMembers},
		{"POST /spaces/{slug}/members", spaceMemberEditors, s.spaceMemberAdd},
		{"POST /spaces/{slug}/members/{id}/end", spaceMemberEditors, s.spaceMemberEnd},
	}
}
