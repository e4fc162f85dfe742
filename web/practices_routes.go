package web

import "birlik"

// practiceEditors may share practices and change them: union staff any
// municipality's, a focal point their own's (the practices service
// decides which, in its queries).
var practiceEditors = roles(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint)

// practiceRoutes are the routes of the practices library and its search.
// Reading is public: a draft, or a practice in a private space, answers
// 404 to whoever may not read it.
func (s *Server) practiceRoutes() []route {
	return []route{
		{"GET /practices", public, s.practiceList},
		{"GET /practices/new", practiceEditors, s.practiceNew},
		{"POST /practices", practiceEditors, s.practiceCreate},
		{"GET /practices/{id}", public, s.practiceShow},
		{"GET /practices/{id}/edit", practiceEditors, s.practiceEdit},
		{"POST /practices/{id}", practiceEditors, s.practiceUpdate},
		{"POST /practices/{id}/publish", practiceEditors, s.practicePublish},
		{"GET /spaces/{slug}/practices", public, s.practiceSpaceList},
	}
}
