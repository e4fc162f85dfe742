package web

// meetingRoutes are the routes of meetings: registration, waiting list,
// calendar, attendance, minutes, actions. Staff manage meetings; anyone
// signed in registers (themselves, or a focal point their municipality's
// people: the meetings service decides whom); reading follows the
// space's visibility, so a private space's meetings answer 404 to whom
// the space is not for.
func (s *Server) meetingRoutes() []route {
	return []route{
		{"GET /spaces/{slug}/meetings", public, s.meetingList},
		{"GET /spaces/{slug}/meetings/new", staff, s.meetingNew},
		{"POST /spaces/{slug}/meetings", staff, s.meetingCreate},
		{"GET /spaces/{slug}/calendar.ics", public, s.meetingCalendar},
		{"GET /spaces/{slug}/actions", public, s.meetingActionsList},
		{"GET /meetings/{id}", public, s.meetingShow},
		{"GET /meetings/{id}/calendar.ics", public, s.meetingICS},
		{"GET /meetings/{id}/edit", staff, s.meetingEdit},
		{"POST /meetings/{id}", staff, s.meetingUpdate},
		{"POST /meetings/{id}/registrations", signedIn, s.meetingRegister},
		{"POST /meetings/{id}/registrations/{rid}/cancel", signedIn, s.meetingCancel},
		{"GET /meetings/{id}/attendance", staff, s.meetingAttendance},
		{"POST /meetings/{id}/attendance", staff, s.meetingAttendanceSave},
		{"GET /meetings/{id}/minutes", staff, s.meetingMinutes},
		{"POST /meetings/{id}/minutes", staff, s.meetingMinutesSave},
		{"POST /meetings/{id}/decisions", staff, s.meetingDecisionAdd},
		{"POST /meetings/{id}/actions", staff, s.meetingActionAdd},
		{"POST /meeting-actions/{id}/status", staff, s.meetingActionStatus},
	}
}
