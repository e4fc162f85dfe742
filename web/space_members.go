package web

import (
	"net/http"
	"net/url"
	"strconv"

	"birlik"
	"birlik/network"
	"birlik/spaces"
)

// memberRow is a current member as the members page lists them.
type memberRow struct {
	spaces.Member
	CanEnd bool // the reader may end this membership
}

// spaceMembersPage is the members page of a space: the current members
// with a button that ends each membership the reader may end, the past
// members, and for those who may add members a search for people (their
// own municipality's for a focal point) with an add form per person.
type spaceMembersPage struct {
	Space   *spaces.Space
	Members []memberRow
	Past    []spaces.Member
	CanAdd  bool
	Manages bool
	Query   string
	// Searched: a search was made; Results are the people it found who
	// are not members yet; More: it found more than memberSearchMax.
	Searched bool
	Results  []network.Person
	More     bool
	Roles    []option // the roles the reader may give
	// Failed is the person whose add form was refused, 0 for none; its
	// role select carries the field's id and error.
	Failed int64
}

// memberSearchMax bounds the people a search lists: enough to pick from,
// few enough to read; a longer list asks for a narrower query.
const memberSearchMax = 20

func (s *Server) spaceMembers(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.pathSpace(r)
	if err != nil {
		return err
	}
	return s.renderSpaceMembers(w, r, http.StatusOK, sp, r.URL.Query().Get("q"), nil, 0)
}

// renderSpaceMembers renders the members page, with f holding a refused
// add or end form (nil for none) and failed the person it was for.
func (s *Server) renderSpaceMembers(w http.ResponseWriter, r *http.Request, status int, sp *spaces.Space, q string, f *form, failed int64) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	d := spaceMembersPage{Space: sp, Query: q, Failed: failed}
	var err error
	if d.Manages, err = s.spaces.Manages(ctx, sp.ID); err != nil {
		return err
	}
	if a.Is(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleFocalPoint) {
		if d.CanAdd, err = s.spaces.MayAddMembers(ctx, sp.ID); err != nil {
			return err
		}
	}
	hist, err := s.spaces.History(ctx, sp.ID)
	if err != nil {
		return err
	}
	for _, m := range hist {
		if m.LeftOn != "" {
			d.Past = append(d.Past, m)
		}
	}
	// History lists by date; the current members read best by
	// organisation and name, as Members orders them.
	ms, err := s.spaces.Members(ctx, sp.ID)
	if err != nil {
		return err
	}
	current := map[int64]bool{}
	for _, m := range ms {
		current[m.PersonID] = true
		d.Members = append(d.Members, memberRow{Member: m, CanEnd: d.Manages || (a.Scoped() && a.OrgID == m.OrgID)})
	}
	roles := spaces.Roles
	if !d.Manages {
		roles = []spaces.Role{spaces.MemberRole, spaces.Observer, spaces.Expert}
	}
	d.Roles = options(l, "", roles, spaces.Role.Key)
	if d.CanAdd && q != "" {
		yes := true
		people, total, err := s.network.People(ctx, network.PeopleFilter{Query: q, Current: &yes, PerPage: memberSearchMax})
		if err != nil {
			return err
		}
		d.Searched, d.More = true, total > len(people)
		for _, p := range people {
			if !current[p.ID] {
				d.Results = append(d.Results, p)
			}
		}
	}
	if f == nil {
		f = newForm("spaces", url.Values{"q": {q}, "role": {string(spaces.MemberRole)}})
	}
	return s.render(w, r, status, "spaces/members", page{Title: l.T("spaces.members.title", "name", sp.NameIn(l.Code)), Form: f, Data: d})
}

func membersPath(sp *spaces.Space) string { return spacePath(sp) + "/members" }

// formID reads a positive id from a form value; 0 when it is not one.
func formID(v string) int64 {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
