package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"birlik"
	"birlik/accounts"
)

// adminUserUpdate saves an admin's change to an account's name, role,
// organisation, state or linked person. The form carries the version it
// was made from: when someone else saved the account meanwhile, the page
// says so with 409, keeps what was typed, shows the account as it is now,
// and takes the new version, so that saving again is a deliberate choice.
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
	f := newForm("admin.user", url.Values{"name": {pf.Get("name")}, "role": {pf.Get("role")}, "org": {pf.Get("org")}, "version": {pf.Get("version")},
		"person": {pf.Get("person")}, "person_number": {pf.Get("person_number")}})
	if active {
		f.Values.Set("active", "1")
	}
	version, verr := strconv.Atoi(pf.Get("version"))
	if verr != nil {
		// A form without its version cannot be checked for staleness: it
		// is validated, then refused as a conflict.
		version = -1
	}
	person, typed := formPerson(pf)
	after, err := s.accounts.Update(ctx, id, accounts.UserUpdate{
		Name: pf.Get("name"), Role: birlik.Role(pf.Get("role")), OrgID: pf.Get("org"), Active: active, PersonID: person, Version: version,
	})
	if err == nil {
		key := "flash.admin.user_saved"
		if before.Role != after.Role || before.OrgID != after.OrgID || (before.Active && !after.Active) {
			key = "flash.admin.user_saved_signed_out"
		}
		return s.redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), key)
	}
	var e *birlik.Error
	if typed && errors.As(err, &e) && e.Fields["person"] != "" {
		// The admin typed a number: the refusal goes beside what they typed.
		e.Fields["person_number"] = e.Fields["person"]
		delete(e.Fields, "person")
	}
	takenBy := accounts.LinkedElsewhere(err)
	status, err := f.fail(err, "name", "role", "org", "active", "person", "person_number")
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
	return s.renderUser(w, r, status, current, f, takenBy)
}

// formPerson reads the person to link from the form: the number typed, if
// any, else the choice in the list ("" for none). A number that is not one
// becomes -1, which the accounts service refuses as no such person. typed
// says the number field was used.
func formPerson(pf url.Values) (id int64, typed bool) {
	parse := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return -1
		}
		return n
	}
	if n := strings.TrimPrefix(strings.TrimSpace(pf.Get("person_number")), "#"); n != "" {
		return parse(n), true
	}
	if v := pf.Get("person"); v != "" {
		return parse(v), false
	}
	return 0, false
}
