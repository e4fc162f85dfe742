package web

import (
	"net/http"
	"net/url"

	"birlik"
)

type signinPage struct {
	Next string
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) error {
	if reqInfo(r).user != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	l := reqInfo(r).lang
	return s.render(w, r, http.StatusOK, "signin", page{
		Title: l.T("signin.title"),
		Form:  newForm("signin", nil),
		Data:  signinPage{Next: localPath(r.URL.Query().Get("next"))},
	})
}

// signin checks the credentials and sets the session cookie. A failure
// says the same whatever failed, keeps the e-mail typed, and never the
// password.
func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	l := reqInfo(r).lang
	email := r.PostForm.Get("email")
	next := localPath(r.PostForm.Get("next"))
	f := newForm("signin", url.Values{"email": {email}})
	var v birlik.Invalid
	if email == "" {
		v.Add("email", "error.required")
	}
	if r.PostForm.Get("password") == "" {
		v.Add("password", "error.required")
	}
	err := v.Err()
	if err == nil {
		var token string
		token, _, err = s.accounts.SignIn(r.Context(), email, r.PostForm.Get("password"), clientAddress(r), r.UserAgent())
		if err == nil {
			// The cookie lives as long as the session may; the server
			// enforces the idle timeout.
			s.setCookie(w, s.sessionCookieName(), token, s.accounts.AbsoluteTimeout)
			http.Redirect(w, r, next, http.StatusSeeOther)
			return nil
		}
	}
	status, err := f.fail(err, "email", "password")
	if err != nil {
		return err
	}
	return s.render(w, r, status, "signin", page{Title: l.T("signin.title"), Form: f, Data: signinPage{Next: next}})
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	if token := reqInfo(r).token; token != "" {
		if err := s.accounts.SignOut(r.Context(), token); err != nil {
			return err
		}
	}
	s.clearCookie(w, s.sessionCookieName())
	return s.redirect(w, r, "/", "flash.signed_out")
}
