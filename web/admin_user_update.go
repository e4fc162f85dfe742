package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/accounts"
)

// adminUserUpdate saves an admin's change to an account's name, role,
// organisation or state. The form carries the version it was made from:
// when someone else saved the account meanwhile, the page says so with
// 409, keeps what was typed, shows the account as it is now, and takes the
// new version, so that saving again is a deliberate choice.
func (s *Server) adminUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	before, err := s.accounts.Get(ctx, id)
	if err != nil {
		return err
	}
	pf := r.PostForm
	active := pf.Get("active") == "1"
	f := newForm("admin.user", url.Values{"name": {pf.Get("name")}, "role": {pf.Get("role")}, "org": {pf.Get("org")}, "version": {pf.Get("version")}})
	if active {
		f.Values.Set("active", "1")
	}
	version, verr := strconv.Atoi(pf.Get("version"))
	if verr != nil {
		// A form without its version cannot be checked for staleness: it
		// is validated, then refused as a conflict.
		version = -1
	}
	after, err := s.accounts.Update(ctx, id, accounts.UserUpdate{
		Name: pf.Get("name"), Role: birlik.Role(pf.Get("role")), OrgID: pf.Get("org"), Active: active, Version: version,
	})
	if err == nil {
		key := "flash.admin.user_saved"
		if before.Role != after.Role || before.OrgID != after.OrgID || (before.Active && !after.Active) {
			key = "flash.admin.user_saved_signed_out"
		}
		return s.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), key)
	}
	status, err := f.fail(err, "name", "role", "org", "active")
	if err != nil {
		return err
	}
	current := before
	if status == http.StatusConflict {
		if current, err = s.accounts.Get(ctx, id); err != nil {
			return err
		}
		f.Values.Set("version", strconv.Itoa(current.Version))
	}
	return s.renderUser(w, r, status, current, f)
}
