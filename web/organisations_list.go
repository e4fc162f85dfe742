package web

import (
	"net/http"
	"net/url"

	"birlik/network"
)

type orgsListPage struct {
	Orgs     []network.Organisation
	Total    int
	Page     int
	Pages    int
	Query    url.Values // the filters and order, without the page: the pager's base
	Export   string     // the filters and order as "?…", for the export links
	Filtered bool       // whether any filter is set, to offer clearing them
	PerPage  string     // a per_page the filter form keeps, "" for the default

	Kinds, MunKinds, Members, Provinces, Sorts []option
	Cols                                       map[string]sortColumn // name, province, population, updated
}

// organisationsList is the public list of organisations: a Turkish-aware
// search, filters, sortable columns, a count and pages, and links to
// export the list as filtered. The filter form is a plain GET form, so
// every state of the list is a link.
func (s *Server) organisationsList(w http.ResponseWriter, r *http.Request) error {
	l := reqInfo(r).lang
	ctx := r.Context()
	f := network.ParseOrgFilter(r.URL.Query())
	if f.PerPage == 0 {
		f.PerPage = network.DefaultPerPage
	}
	orgs, total, err := s.network.Organisations(ctx, f)
	if err != nil {
		return err
	}
	provinces, err := s.provinceOptions(ctx, l, "network.orgs.any_province")
	if err != nil {
		return err
	}
	q := f.Values()
	base := withoutPage(q)
	pageNo := max(f.Page, 1)
	p := orgsListPage{
		Orgs:      orgs,
		Total:     total,
		Page:      pageNo,
		Pages:     pagesOf(total, f.PerPage),
		Query:     base,
		Export:    encodeQuery(withoutPage(q, "per_page")),
		Filtered:  len(withoutPage(q, "sort", "per_page")) > 0,
		PerPage:   q.Get("per_page"),
		Kinds:     orgKindOptions(l, "network.orgs.any_kind"),
		MunKinds:  munKindOptions(l, "network.orgs.any_municipality_kind"),
		Members:   memberOptions(l, "network.orgs.any_member"),
		Provinces: provinces,
		Sorts:     sortOptions(l, network.OrgSorts, network.OrgSortKey),
		Cols: map[string]sortColumn{
			"name":       newSortColumn(l, l.T("network.orgs.col.name"), base, f.Sort, "name", "name", "-name", "name", network.OrgSortKey),
			"province":   newSortColumn(l, l.T("network.orgs.col.province"), base, f.Sort, "name", "province", "", "province", network.OrgSortKey),
			"population": newSortColumn(l, l.T("network.orgs.col.population"), base, f.Sort, "name", "population", "-population", "-population", network.OrgSortKey).num(),
			"updated":    newSortColumn(l, l.T("network.orgs.col.updated"), base, f.Sort, "name", "", "updated", "updated", network.OrgSortKey),
		},
	}
	return s.render(w, r, http.StatusOK, "network/organisations_list", page{
		Title: l.T("network.orgs.title"),
		Form:  newForm("network.orgs", withoutPage(q, "per_page")),
		Data:  p,
	})
}
