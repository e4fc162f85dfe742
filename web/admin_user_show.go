package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik/accounts"
)

type adminUserPage struct {
	Account  *accounts.User // as stored now
	OrgName  string
	LangName string // the account's language by its own name, "" when unset
	Sessions []sessionView
	Orgs     orgChoices
	Roles    []option
	Self     bool // the admin is looking at their own account
}

// adminUserShow shows an account, its open sessions and the form to
// change it.
func (s *Server) adminUserShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.accounts.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderUser(w, r, http.StatusOK, u, userForm(u))
}

// userForm is the edit form filled from the stored account.
func userForm(u *accounts.User) *form {
	v := url.Values{"name": {u.Name}, "role": {string(u.Role)}, "org": {u.OrgID}, "version": {strconv.Itoa(u.Version)}}
	if u.Active {
		v.Set("active", "1")
	}
	return newForm("admin.user", v)
}

// renderUser renders an account's page with the edit form f, which holds
// either the stored values or what the admin typed.
func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, u *accounts.User, f *form) error {
	l := reqInfo(r).lang
	ctx := r.Context()
	sessions, err := s.accounts.Sessions(ctx, u.ID)
	if err != nil {
		return err
	}
	orgs, err := s.orgChoices(ctx, u.OrgID, f.Get("org"))
	if err != nil {
		return err
	}
	ri := reqInfo(r)
	current := ""
	if ri.token != "" {
		current = accounts.HashToken(ri.token)
	}
	var views []sessionView
	for _, ses := range sessions {
		views = append(views, sessionView{Session: ses, Current: ses.Hash == current})
	}
	langName := ""
	if s.cat.Has(u.Lang) {
		langName = s.cat.Lang(u.Lang).Name
	}
	title := u.Name
	if title == "" {
		title = u.Email
	}
	return s.render(w, r, status, "admin/user_show", page{
		Title: l.T("admin.user.show.title", "name", title),
		Form:  f,
		Data: adminUserPage{
			Account:  u,
			OrgName:  orgs.Name(u.OrgID),
			LangName: langName,
			Sessions: views,
			Orgs:     orgs,
			Roles:    roleOptions(l, ""),
			Self:     u.ID == ri.user.ID,
		},
	})
}
