package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik/accounts"
	"birlik/locale"
)

type adminUserPage struct {
	Account  *accounts.User // as stored now
	OrgName  string
	LangName string           // the account's language by its own name, "" when unset
	Person   *accounts.Person // the linked person, nil for none
	Sessions []sessionView
	Orgs     orgChoices
	Roles    []option
	Self     bool // the admin is looking at their own account
	// PersonSelect and PersonNumber are the two ways of choosing the
	// linked person: among the people offered, or by number.
	PersonSelect fieldView
	PersonNumber fieldView
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
	return s.renderUser(w, r, http.StatusOK, u, userForm(u), "")
}

// userForm is the edit form filled from the stored account.
func userForm(u *accounts.User) *form {
	v := url.Values{"name": {u.Name}, "role": {string(u.Role)}, "org": {u.OrgID}, "version": {strconv.Itoa(u.Version)}, "person": {""}}
	if u.Active {
		v.Set("active", "1")
	}
	if u.PersonID != 0 {
		v.Set("person", strconv.FormatInt(u.PersonID, 10))
	}
	return newForm("admin.user", v)
}

// renderUser renders an account's page with the edit form f, which holds
// either the stored values or what the admin typed. takenBy is the e-mail
// of the account already linked to the person the admin chose, when that
// was the refusal: the message beside the field names it.
func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, u *accounts.User, f *form, takenBy string) error {
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
	p := adminUserPage{
		Account:  u,
		OrgName:  orgs.Name(u.OrgID),
		LangName: langName,
		Sessions: views,
		Orgs:     orgs,
		Roles:    roleOptions(l, ""),
		Self:     u.ID == ri.user.ID,
	}
	if err := s.personFields(r, u, f, takenBy, &p); err != nil {
		return err
	}
	return s.render(w, r, status, "admin/user_show", page{
		Title: l.T("admin.user.show.title", "name", title),
		Form:  f,
		Data:  p,
	})
}

// personFields fills the linked person and the two fields that choose
// one: a select of the people with the account's address and those working
// for its organisation (plus the linked and the chosen person, so that
// saving never drops them), and a field for anyone else's number.
func (s *Server) personFields(r *http.Request, u *accounts.User, f *form, takenBy string, p *adminUserPage) error {
	l := reqInfo(r).lang
	ctx := r.Context()
	choices, err := s.accounts.PersonChoices(ctx, u)
	if err != nil {
		return err
	}
	chosen, _ := strconv.ParseInt(f.Get("person"), 10, 64)
	known, err := s.accounts.People(ctx, u.PersonID, chosen)
	if err != nil {
		return err
	}
	if person, ok := known[u.PersonID]; ok {
		p.Person = &person
	}
	opts := []option{{Value: "", Label: l.T("admin.user.person.none")}}
	listed := map[int64]bool{}
	for _, c := range choices {
		listed[c.ID] = true
	}
	for _, id := range []int64{u.PersonID, chosen} {
		if person, ok := known[id]; ok && !listed[id] {
			listed[id] = true
			opts = append(opts, option{Value: strconv.FormatInt(id, 10), Label: accountPersonLabel(l, person)})
		}
	}
	for _, c := range choices {
		opts = append(opts, option{Value: strconv.FormatInt(c.ID, 10), Label: accountPersonLabel(l, c)})
	}
	p.PersonSelect = newField(l, f, "person", "select", nil)
	p.PersonSelect.Options = opts
	p.PersonNumber = newField(l, f, "person_number", "text", []string{"autocomplete=off", "inputmode=numeric", "maxlength=20", "spellcheck=false"})
	if takenBy != "" {
		// The summary says the person has another account; beside the
		// field, which one.
		for _, fv := range []*fieldView{&p.PersonSelect, &p.PersonNumber} {
			if f.Errors[fv.Name] == "error.user.person_taken" {
				fv.Error = l.T("admin.user.error.person_taken_by", "email", takenBy)
			}
		}
	}
	return nil
}

// accountPersonLabel names a person among the choices: name, organisation,
// number, and whether they have the account's address.
func accountPersonLabel(l *locale.Lang, p accounts.Person) string {
	key := "admin.user.person.choice"
	if p.SameEmail {
		key = "admin.user.person.choice_same_email"
	}
	org := p.OrgName
	if org == "" {
		org = l.T("admin.user.person.no_org")
	}
	return l.T(key, "name", p.Name, "org", org, "id", strconv.FormatInt(p.ID, 10))
}
