package web

// documentRoutes are the routes of files attached to spaces, meetings, needs and practices.
func (s *Server) documentRoutes() []route {
	return []route{}
}
