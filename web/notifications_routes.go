package web

// notifyRoutes are the routes of notifications, follows and digest settings.
func (s *Server) notifyRoutes() []route {
	return []route{}
}
