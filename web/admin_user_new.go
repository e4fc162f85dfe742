package web

import (
	"net/http"
	"net/url"

	"birlik/locale"
)

type adminUserNewPage struct {
	Orgs  orgChoices
	Roles []option
	Langs []option
}

// adminUserNew shows the form to invite someone.
func (s *Server) adminUserNew(w http.ResponseWriter, r *http.Request) error {
	return s.renderUserNew(w, r, http.StatusOK, newForm("admin.user", url.Values{"lang": {locale.Default}}))
}

func (s *Server) renderUserNew(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	l := reqInfo(r).lang
	orgs, err := s.orgChoices(r.Context(), f.Get("org"))
	if err != nil {
		return err
	}
	return s.render(w, r, status, "admin/user_new", page{
		Title: l.T("admin.user.new.title"),
		Form:  f,
		Data:  adminUserNewPage{Orgs: orgs, Roles: roleOptions(l, "admin.user.choose_role"), Langs: s.langOptions()},
	})
}
