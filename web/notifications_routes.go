package web

// notifyRoutes are the routes of notifications, follows and digest settings.
// Everything is the signed-in account's own, except the unsubscribe link
// of a mail, which works without signing in: its token is signed.
func (s *Server) notifyRoutes() []route {
	return []route{
		{"GET /notifications", signedIn, s.notificationList},
		{"POST /notifications/read", signedIn, s.notificationReadAll},
		{"POST /notifications/{id}/read", signedIn, s.notificationRead},
		{"GET /notifications/settings", signedIn, s.notificationSettings},
		{"POST /notifications/settings", signedIn, s.notificationSettingsSave},
		// Follow buttons on any page post here and come back (next=).
		{"POST /follow/{kind}/{id}", signedIn, s.followCreate},
		{"POST /unfollow/{kind}/{id}", signedIn, s.followDelete},
		// One-click unsubscribe (RFC 8058): GET asks, POST turns e-mail off.
		{"GET /unsubscribe/{token}", public, s.notificationUnsubscribeForm},
		{"POST /unsubscribe/{token}", public, s.notificationUnsubscribe},
	}
}
