package web

import (
	"net/http"
	"net/url"

	"birlik"
	"birlik/mail"
)

func (s *Server) passwordForgotForm(w http.ResponseWriter, r *http.Request) error {
	l := reqInfo(r).lang
	return s.render(w, r, http.StatusOK, "password_forgot", page{Title: l.T("password.forgot.title"), Form: newForm("password", nil)})
}

// passwordForgot e-mails a reset link. The page says the same whether or
// not the address has an account, so it cannot be used to find accounts.
func (s *Server) passwordForgot(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	l := reqInfo(r).lang
	email := r.PostForm.Get("email")
	f := newForm("password", url.Values{"email": {email}})
	if email == "" {
		f.Errors["email"], f.Order = "error.required", []string{"email"}
		return s.render(w, r, http.StatusUnprocessableEntity, "password_forgot", page{Title: l.T("password.forgot.title"), Form: f})
	}
	u, token, err := s.accounts.RequestReset(r.Context(), email, clientAddress(r))
	if birlik.ErrorCode(err) == birlik.ETHROTTLED {
		status, _ := f.fail(err)
		return s.render(w, r, status, "password_forgot", page{Title: l.T("password.forgot.title"), Form: f})
	}
	if err != nil {
		return err
	}
	if u != nil {
		ul := s.cat.Match("", u.Lang, l.Code)
		link := s.cfg.BaseURL + "/password/set/" + token
		msg := mail.Message{
			To:      u.Email,
			Subject: ul.T("mail.reset.subject"),
			Text:    ul.T("mail.reset.body", "link", link, "minutes", int(s.accounts.ResetTTL.Minutes())),
		}
		if err := s.mail.Send(r.Context(), msg); err != nil {
			// The person sees the same page; the operator sees the failure.
			s.log.ErrorContext(r.Context(), "send reset mail", "error", err)
		}
	}
	return s.redirect(w, r, "/signin", "flash.reset_sent")
}

type passwordSetPage struct {
	Email string
	Token string
}

func (s *Server) passwordSetForm(w http.ResponseWriter, r *http.Request) error {
	l := reqInfo(r).lang
	token := r.PathValue("token")
	u, err := s.accounts.LinkUser(r.Context(), token)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "password_set", page{
		Title: l.T("password.set.title"),
		Form:  newForm("password", nil),
		Data:  passwordSetPage{Email: u.Email, Token: token},
	})
}

// passwordSet takes up an invitation or a reset: it sets the password,
// which ends every other session, and signs the person in.
func (s *Server) passwordSet(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	l := reqInfo(r).lang
	token := r.PathValue("token")
	pw, confirm := r.PostForm.Get("password"), r.PostForm.Get("confirm")
	f := newForm("password", nil)
	u, err := s.accounts.LinkUser(r.Context(), token)
	if err != nil {
		return err
	}
	if pw != confirm {
		err = &birlik.Error{Code: birlik.EINVALID, Message: "error.form_invalid", Fields: map[string]string{"confirm": "error.password.mismatch"}}
	} else {
		_, err = s.accounts.UseLink(r.Context(), token, pw)
	}
	if err != nil {
		status, err := f.fail(err, "password", "confirm")
		if err != nil {
			return err
		}
		return s.render(w, r, status, "password_set", page{Title: l.T("password.set.title"), Form: f, Data: passwordSetPage{Email: u.Email, Token: token}})
	}
	session, _, err := s.accounts.SignIn(r.Context(), u.Email, pw, clientAddress(r), r.UserAgent())
	if err != nil {
		return s.redirect(w, r, "/signin", "flash.password_set")
	}
	s.setCookie(w, s.sessionCookieName(), session, s.accounts.AbsoluteTimeout)
	return s.redirect(w, r, "/", "flash.password_set")
}
