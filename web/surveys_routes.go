package web

// surveyRoutes are the routes of the public-life counts of the street
// sites: entering a survey on a phone, the before/after comparison, and
// the protocol's tables in and out.
func (s *Server) surveyRoutes() []route {
	return []route{}
}
