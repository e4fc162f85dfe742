package web

// practiceRoutes are the routes of the practices library and its search.
func (s *Server) practiceRoutes() []route {
	return []route{}
}
