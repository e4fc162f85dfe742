package web

// spaceRoutes are the routes of the spaces: platforms, committees, working groups and their members.
func (s *Server) spaceRoutes() []route {
	return []route{}
}
