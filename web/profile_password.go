package web

import (
	"net/http"

	"birlik"
)

// profilePassword changes the signed-in person's password. The accounts
// service ends every session of the account, this one included, so that
// whoever knew the old password is signed out; the person who changed it
// is signed in again at once with a fresh session, and the old cookie no
// longer works anywhere.
func (s *Server) profilePassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	u := reqInfo(r).user
	current, next, confirm := r.PostForm.Get("current"), r.PostForm.Get("password"), r.PostForm.Get("confirm")
	f := newForm("profile.password", nil) // passwords are never sent back
	var v birlik.Invalid
	if current == "" {
		v.Add("current", "error.required")
	}
	if next == "" {
		v.Add("password", "error.required")
	}
	if confirm != next {
		v.Add("confirm", "error.password.mismatch")
	}
	err := v.Err()
	if err == nil {
		err = s.accounts.ChangePassword(r.Context(), current, next)
	}
	if err != nil {
		status, err := f.fail(err, "current", "password", "confirm")
		if err != nil {
			return err
		}
		return s.renderProfile(w, r, status, profilePage{Password: f}, f)
	}
	token, _, err := s.accounts.SignIn(r.Context(), u.Email, next, clientAddress(r), r.UserAgent())
	if err != nil {
		// The password is changed; only the new session failed (throttled,
		// say). Signing in by hand is the way back.
		s.log.WarnContext(r.Context(), "sign in after password change", "user", u.ID, "error", err)
		s.clearCookie(w, s.sessionCookieName())
		return s.redirect(w, r, "/signin", "flash.profile.password_changed_signin")
	}
	s.setCookie(w, s.sessionCookieName(), token, s.accounts.AbsoluteTimeout)
	return s.redirect(w, r, "/profile", "flash.profile.password_changed")
}
