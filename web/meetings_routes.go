package web

// meetingRoutes are the routes of meetings: registration, waiting list, calendar, attendance, minutes, actions.
func (s *Server) meetingRoutes() []route {
	return []route{}
}
