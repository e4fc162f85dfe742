package web

import (
	"net/http"
	"net/url"

	"birlik"
	"birlik/needs"
	"birlik/spaces"
	"birlik/topics"
)

type needsListPage struct {
	Space    *spaces.Space // nil for the list across spaces
	Path     string        // the list's address, without query
	Needs    []*needs.Need
	Total    int
	Page     int
	Pages    int
	Query    url.Values // filters without the page: the pager's base
	Export   string     // filters as "?…" for the CSV link
	Filtered bool
	CanRaise bool

	Statuses, Themes, Groups, Urgencies []option
	Orgs                                orgChoices
}

// needList lists the needs of one space: filters by status, theme,
// group, urgency and organisation, a Turkish-aware search on titles, a
// count, pages, and the filtered list as CSV.
func (s *Server) needList(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.spaceOf(r)
	if err != nil {
		return err
	}
	return s.renderNeedList(w, r, sp)
}

// needListAll lists the needs of every space the reader may read.
func (s *Server) needListAll(w http.ResponseWriter, r *http.Request) error {
	return s.renderNeedList(w, r, nil)
}

func (s *Server) renderNeedList(w http.ResponseWriter, r *http.Request, sp *spaces.Space) error {
	ctx := r.Context()
	l := reqInfo(r).lang
	f := needs.ParseNeedFilter(r.URL.Query())
	path := "/needs"
	title := l.T("needs.list.title_all")
	if sp != nil {
		f.SpaceID = sp.ID
		path = "/spaces/" + sp.Slug + "/needs"
		title = l.T("needs.list.title", "space", sp.NameIn(l.Code))
	}
	list, total, err := s.needs.Needs(ctx, f)
	if err != nil {
		return err
	}
	orgs, err := s.orgChoices(ctx, f.OrgID)
	if err != nil {
		return err
	}
	q := f.Values()
	perPage := f.PerPage
	if perPage == 0 {
		perPage = needs.DefaultPerPage
	}
	a := birlik.ActorFrom(ctx)
	p := needsListPage{
		Space: sp, Path: path, Needs: list, Total: total, Page: max(f.Page, 1), Pages: pagesOf(total, perPage),
		Query: withoutPage(q), Export: encodeQuery(withoutPage(q, "per_page")), Filtered: len(withoutPage(q, "per_page")) > 0,
		CanRaise:  sp != nil && (a.Staff() || a.Scoped()),
		Statuses:  options(l, "needs.filter.any_status", needs.Statuses, statusKey),
		Themes:    needTopicOptions(l, "needs.filter.any_theme", topics.Theme),
		Groups:    needTopicOptions(l, "needs.filter.any_group", topics.Group),
		Urgencies: options(l, "needs.filter.any_urgency", needs.Urgencies, urgencyKey),
		Orgs:      orgs,
	}
	return s.render(w, r, http.StatusOK, "needs/list", page{Title: title, Form: newForm("needs.filter", withoutPage(q, "per_page")), Data: p})
}
