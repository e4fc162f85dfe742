package web

import (
	"net/http"
	"net/url"

	"birlik"
	"birlik/network"
)

type peopleListPage struct {
	People   []network.Person
	Total    int
	Page     int
	Pages    int
	Query    url.Values // the filters and order, without the page: the pager's base
	Export   string     // the filters and order as "?…", for the export links
	Filtered bool
	PerPage  string
	CanAdd   bool

	Orgs                              orgChoices
	Provinces, Kinds, Currents, Sorts []option
	Cols                              map[string]sortColumn // name, org, updated
}

// peopleList lists the people the reader may see (a focal point: those
// currently at their organisation, which the network service's queries
// decide), with a search, filters, sortable columns, a count, pages and
// exports of the list as filtered.
func (s *Server) peopleList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	a := birlik.ActorFrom(ctx)
	f := network.ParsePeopleFilter(r.URL.Query())
	if f.PerPage == 0 {
		f.PerPage = network.DefaultPerPage
	}
	people, total, err := s.network.People(ctx, f)
	if err != nil {
		return err
	}
	orgs, err := s.orgChoices(ctx, f.OrgID)
	if err != nil {
		return err
	}
	provinces, err := s.provinceOptions(ctx, l, "network.people.any_province")
	if err != nil {
		return err
	}
	q := f.Values()
	base := withoutPage(q)
	p := peopleListPage{
		People:    people,
		Total:     total,
		Page:      max(f.Page, 1),
		Pages:     pagesOf(total, f.PerPage),
		Query:     base,
		Export:    encodeQuery(withoutPage(q, "per_page")),
		Filtered:  len(withoutPage(q, "sort", "per_page")) > 0,
		PerPage:   q.Get("per_page"),
		CanAdd:    a.Staff() || a.Scoped(),
		Orgs:      orgs,
		Provinces: provinces,
		Kinds:     affKindOptions(l, "network.people.any_kind"),
		Currents: []option{{"", l.T("network.people.current.any")}, {"true", l.T("network.people.current.true")},
			{"false", l.T("network.people.current.false")}},
		Sorts: sortOptions(l, network.PeopleSorts, network.PeopleSortKey),
		Cols: map[string]sortColumn{
			"name":    newSortColumn(l, l.T("network.people.col.name"), base, f.Sort, "name", "name", "-name", "name", network.PeopleSortKey),
			"org":     newSortColumn(l, l.T("network.people.col.org"), base, f.Sort, "name", "org", "", "org", network.PeopleSortKey),
			"updated": newSortColumn(l, l.T("network.people.col.updated"), base, f.Sort, "name", "", "updated", "updated", network.PeopleSortKey),
		},
	}
	return s.render(w, r, http.StatusOK, "network/people_list", page{
		Title: l.T("network.people.title"),
		Form:  newForm("network.people", withoutPage(q, "per_page")),
		Data:  p,
	})
}
