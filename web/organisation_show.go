package web

import (
	"net/http"

	"birlik"
	"birlik/network"
)

// orgChildrenShown is how many municipalities under an organisation its
// page lists; the rest are a link away, in the filtered list.
const orgChildrenShown = 100

type orgShowPage struct {
	Org           *network.Organisation
	Children      []network.Organisation
	ChildrenTotal int
	ShowPeople    bool // the reader may see this organisation's people
	People        []network.Person
	PeopleTotal   int
	CanEdit       bool // staff, or this organisation's focal point
	CanAddPerson  bool
}

// organisationShow is an organisation's page: its facts, its place, the
// municipalities above and below it, its membership and contact details,
// and, for those who may see them, the people currently working there.
func (s *Server) organisationShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := birlik.ActorFrom(ctx)
	o, err := s.network.Organisation(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := orgShowPage{Org: o, CanEdit: mayEditOrg(a, o.ID)}
	p.Children, p.ChildrenTotal, err = s.network.Organisations(ctx, network.OrgFilter{ParentID: o.ID, PerPage: orgChildrenShown})
	if err != nil {
		return err
	}
	if mayReadPeopleOf(a, o.ID) {
		current := true
		p.ShowPeople = true
		p.CanAddPerson = a.Staff() || a.Scoped()
		p.People, p.PeopleTotal, err = s.network.People(ctx, network.PeopleFilter{OrgID: o.ID, Current: &current, PerPage: network.DefaultPerPage})
		if err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "network/organisation_show", page{Title: o.Name, Data: p})
}
