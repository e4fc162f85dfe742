package web

import (
	"net/http"
	"strconv"
	"time"

	"birlik/accounts"
)

// profilePage is what the profile page shows: the signed-in account, its
// tokens and sessions, and the three forms (language, password, tokens).
type profilePage struct {
	Account  *accounts.User
	OrgName  string
	Tokens   []tokenView
	Sessions []sessionView
	// Secret is a token made by this very request, shown this once; the
	// page is never cached (render sets no-store for signed-in people).
	Secret   string
	Created  *accounts.APIToken
	Language *form
	Password *form
	Token    *form
	Langs    []option
	Expiries []option
}

// tokenView is a token with its state at the time of the request.
type tokenView struct {
	accounts.APIToken
	State string // "active", "expired" or "revoked"
}

// sessionView is one open session; Current marks the browser asking.
type sessionView struct {
	accounts.Session
	Current bool
}

// tokenExpiryDays are the validity choices the token form offers, the
// default first; 0 means the token never expires.
var tokenExpiryDays = []int{90, 7, 30, 365, 0}

// renderProfile renders the profile page. failed is the form that was just
// refused, or nil; its errors are summarised at the top of the page.
func (s *Server) renderProfile(w http.ResponseWriter, r *http.Request, status int, pp profilePage, failed *form) error {
	ri := reqInfo(r)
	l := ri.lang
	ctx := r.Context()
	u := ri.user
	pp.Account = u
	if u.OrgID != "" {
		pp.OrgName = s.orgName(ctx, u.OrgID)
	}
	tokens, err := s.accounts.APITokens(ctx)
	if err != nil {
		return err
	}
	now := s.accounts.Now()
	for _, t := range tokens {
		tv := tokenView{APIToken: t, State: "active"}
		switch {
		case !t.RevokedAt.IsZero():
			tv.State = "revoked"
		case !t.Active(now):
			tv.State = "expired"
		}
		pp.Tokens = append(pp.Tokens, tv)
	}
	sessions, err := s.accounts.Sessions(ctx, u.ID)
	if err != nil {
		return err
	}
	current := ""
	if ri.token != "" {
		current = accounts.HashToken(ri.token)
	}
	for _, ses := range sessions {
		pp.Sessions = append(pp.Sessions, sessionView{Session: ses, Current: ses.Hash == current})
	}
	if pp.Language == nil {
		lang := u.Lang
		if lang == "" {
			lang = l.Code
		}
		pp.Language = newForm("profile.lang", map[string][]string{"lang": {lang}})
	}
	if pp.Password == nil {
		pp.Password = newForm("profile.password", nil)
	}
	if pp.Token == nil {
		pp.Token = newForm("profile.token", map[string][]string{"expires": {strconv.Itoa(tokenExpiryDays[0])}})
	}
	pp.Langs = s.langOptions()
	for _, d := range tokenExpiryDays {
		label := l.T("profile.token.never")
		if d > 0 {
			label = l.N("profile.token.days", int64(d))
		}
		pp.Expiries = append(pp.Expiries, option{Value: strconv.Itoa(d), Label: label})
	}
	if failed == nil {
		failed = newForm("profile.password", nil)
	}
	return s.render(w, r, status, "profile/show", page{Title: l.T("profile.title"), Form: failed, Data: pp})
}

// parseExpiry reads the token form's validity in days.
func parseExpiry(s string) (time.Duration, bool) {
	d, err := strconv.Atoi(s)
	if err != nil || d < 0 || d > 366 {
		return 0, false
	}
	return time.Duration(d) * 24 * time.Hour, true
}
