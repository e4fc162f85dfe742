package web

import "net/http"

// profileSessionsEnd signs the person out everywhere, this browser
// included: the accounts service ends every session of the account.
func (s *Server) profileSessionsEnd(w http.ResponseWriter, r *http.Request) error {
	if err := s.accounts.EndSessions(r.Context(), reqInfo(r).user.ID); err != nil {
		return err
	}
	s.clearCookie(w, s.sessionCookieName())
	return s.redirect(w, r, "/signin", "flash.profile.signed_out_everywhere")
}
