package web

// needRoutes are the routes of needs and requests, and the recommendations that answer them.
func (s *Server) needRoutes() []route {
	return []route{}
}
