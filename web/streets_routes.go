package web

// streetRoutes are the routes of the Reclaiming Streets programme: its
// public pages and map, cycles, street sites and targets.
func (s *Server) streetRoutes() []route {
	return []route{}
}
