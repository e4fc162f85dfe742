package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"birlik"
	"birlik/network"
)

// Shared by the person pages: the person form (create, edit), the person
// page with its affiliation history and the forms that change it.

// personFields are the person form's own fields, affFields those of an
// affiliation, in page order, named as the network service names them in
// its field errors.
var (
	personFields = []string{"given_name", "family_name", "honorific", "gender", "email", "phone", "lang", "notes"}
	affFields    = []string{"org_id", "department", "position", "affiliation_kind", "work_email", "work_phone", "started", "ended"}
)

// personValues is a person as form values.
func personValues(p *network.Person) url.Values {
	return url.Values{
		"given_name": {p.GivenName}, "family_name": {p.FamilyName}, "honorific": {p.Honorific}, "gender": {string(p.Gender)},
		"email": {p.Email}, "phone": {p.Phone}, "lang": {p.Lang}, "notes": {p.Notes}, "version": {strconv.Itoa(p.Version)},
	}
}

// keep returns the posted values of the named fields, to show again.
func keep(pf url.Values, names ...string) url.Values {
	out := url.Values{}
	for _, n := range names {
		if v, ok := pf[n]; ok && len(v) > 0 {
			out[n] = v[:1]
		}
	}
	return out
}

func personFromForm(pf url.Values) network.Person {
	return network.Person{
		GivenName: pf.Get("given_name"), FamilyName: pf.Get("family_name"), Honorific: pf.Get("honorific"),
		Gender: network.Gender(pf.Get("gender")), Email: pf.Get("email"), Phone: pf.Get("phone"), Lang: pf.Get("lang"),
		Notes: pf.Get("notes"), Version: formVersion(pf),
	}
}

// affiliationFromForm reads an affiliation. A focal point who sent no
// organisation means their own, the one their form shows locked; one who
// sent another is refused by the network service.
func affiliationFromForm(a birlik.Actor, pf url.Values) network.Affiliation {
	org := pf.Get("org_id")
	if org == "" && a.Scoped() {
		org = a.OrgID
	}
	return network.Affiliation{
		OrgID: org, Department: pf.Get("department"), Position: pf.Get("position"),
		Kind: network.AffiliationKind(pf.Get("affiliation_kind")), WorkEmail: pf.Get("work_email"),
		WorkPhone: pf.Get("work_phone"), Started: pf.Get("started"), Ended: pf.Get("ended"),
	}
}

// personFormPage is the person form, for a new person (with their first
// affiliation) or to edit one.
type personFormPage struct {
	Person    *network.Person // nil when creating
	New       bool
	Genders   []option
	Langs     []option
	Kinds     []option
	Orgs      orgChoices
	LockedOrg string // a focal point's organisation, which they cannot change
	OrgName   string // its name
	Changed   []changed
}

func (s *Server) renderPersonForm(w http.ResponseWriter, r *http.Request, status int, p *network.Person, f *form, diff []changed) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	d := personFormPage{Person: p, New: p == nil, Genders: genderOptions(l), Langs: personLangOptions(), Kinds: affKindOptions(l, ""), Changed: diff}
	title := l.T("network.person.new.title")
	if p != nil {
		title = l.T("network.person.edit.title", "name", p.GivenName+" "+p.FamilyName)
	}
	if d.New {
		if a.Scoped() {
			d.LockedOrg, d.OrgName = a.OrgID, s.orgName(ctx, a.OrgID)
		} else {
			var err error
			if d.Orgs, err = s.orgChoices(ctx, f.Get("org_id")); err != nil {
				return err
			}
		}
	}
	return s.render(w, r, status, "network/person_form", page{Title: title, Form: f, Data: d})
}

// personShowPage is a person's page: their details, their affiliations
// over time, and for editors the forms that add or end one.
type personShowPage struct {
	Person  *network.Person
	Current []network.Affiliation
	Past    []network.Affiliation
	CanEdit bool
	// Adding shows the form that adds a position. It is a page of its own
	// (?add=position), so that the person's page does not build the
	// organisation select, which a large network makes long.
	Adding    bool
	Orgs      orgChoices // the add form's organisation select (staff)
	LockedOrg string     // a focal point's organisation
	OrgName   string
	Kinds     []option
	LangName  string
	Today     string
	EndFailed int64  // the affiliation whose end form was refused, 0 for none
	EndError  string // already translated
	EndValue  string // the date typed in it
}

func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, status int, p *network.Person, f *form, end *personShowPage) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	d := personShowPage{Person: p, CanEdit: a.Staff() || a.Scoped(), Kinds: affKindOptions(l, ""), LangName: langNames[p.Lang],
		Today: time.Now().UTC().Format(time.DateOnly)}
	d.Adding = d.CanEdit && (f != nil || r.URL.Query().Get("add") == "position")
	if end != nil {
		d.EndFailed, d.EndError, d.EndValue = end.EndFailed, end.EndError, end.EndValue
	}
	for _, af := range p.Affiliations {
		if af.Current() {
			d.Current = append(d.Current, af)
		} else {
			d.Past = append(d.Past, af)
		}
	}
	if d.Adding {
		if a.Scoped() {
			d.LockedOrg, d.OrgName = a.OrgID, s.orgName(ctx, a.OrgID)
		} else {
			var err error
			if d.Orgs, err = s.orgChoices(ctx, f.Get("org_id")); err != nil {
				return err
			}
		}
	}
	if f == nil {
		f = newForm("network", url.Values{"affiliation_kind": {string(network.Staff)}})
	}
	return s.render(w, r, status, "network/person_show", page{Title: p.GivenName + " " + p.FamilyName, Form: f, Data: d})
}

// pathPersonID reads the person of the path; anything but a positive
// number is not found.
func pathPersonID(r *http.Request) (int64, error) { return pathID(r) }

func personPath(id int64) string { return "/people/" + strconv.FormatInt(id, 10) }
