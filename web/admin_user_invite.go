package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/accounts"
)

// adminUserInvite creates an account without a password and e-mails its
// owner, in the language chosen for them, a link to choose one.
func (s *Server) adminUserInvite(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	pf := r.PostForm
	f := newForm("admin.user", url.Values{"email": {pf.Get("email")}, "name": {pf.Get("name")}, "role": {pf.Get("role")}, "org": {pf.Get("org")}, "lang": {pf.Get("lang")}})
	lang := pf.Get("lang")
	if !s.cat.Has(lang) {
		lang = ""
	}
	u, token, err := s.accounts.Create(r.Context(), accounts.NewUser{
		Email: pf.Get("email"), Name: pf.Get("name"), Role: birlik.Role(pf.Get("role")), OrgID: pf.Get("org"), Lang: lang,
	})
	if err != nil {
		status, err := f.fail(err, "email", "name", "role", "org", "lang")
		if err != nil {
			return err
		}
		return s.renderUserNew(w, r, status, f)
	}
	to := "/admin/users/" + strconv.FormatInt(u.ID, 10)
	if err := s.sendInvitation(r.Context(), u, token); err != nil {
		// The account exists; the admin can send a new link from its page
		// once mail works again.
		s.log.ErrorContext(r.Context(), "send invitation", "user", u.ID, "error", err)
		return s.redirect(w, r, to, "flash.admin.invite_not_sent")
	}
	return s.redirect(w, r, to, "flash.admin.invited")
}
