package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"birlik"
	"birlik/accounts"
)

// usersPerPage is the length of one page of the accounts list.
const usersPerPage = 50

type adminUsersPage struct {
	Users   []userRow
	Total   int
	Page    int
	Pages   int
	Query   url.Values // the current filters, for the pager's links
	Orgs    orgChoices
	Roles   []option
	States  []option
	Filters bool // whether any filter is set, to offer clearing them
}

// userRow is one account of the list with its organisation's name and
// its linked person, if any.
type userRow struct {
	*accounts.User
	OrgName string
	Person  *accounts.Person
}

// parseUserFilter reads the accounts list's query string (q, role, org,
// active, page). Like every query-string parser it is tolerant: unknown or
// malformed values are dropped, and it never fails. It returns the filter
// and the query string that reads back as it.
func parseUserFilter(q url.Values) (accounts.UserFilter, int, url.Values) {
	var f accounts.UserFilter
	out := url.Values{}
	if s := strings.TrimSpace(strings.ToValidUTF8(q.Get("q"), "")); s != "" {
		if utf8.RuneCountInString(s) > 200 {
			s = string([]rune(s)[:200])
		}
		f.Query = s
		out.Set("q", s)
	}
	if r := birlik.Role(q.Get("role")); r.Valid() {
		f.Role = r
		out.Set("role", string(r))
	}
	if org := strings.TrimSpace(q.Get("org")); org != "" && len(org) <= 100 {
		f.OrgID = org
		out.Set("org", org)
	}
	switch q.Get("active") {
	case "yes":
		t := true
		f.Active = &t
		out.Set("active", "yes")
	case "no":
		no := false
		f.Active = &no
		out.Set("active", "no")
	}
	page := 1
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 && n <= 1_000_000 {
		page = n
	}
	f.Limit = usersPerPage
	f.Offset = (page - 1) * usersPerPage
	return f, page, out
}

// adminUsersList lists accounts with search, filters, a count and pages.
func (s *Server) adminUsersList(w http.ResponseWriter, r *http.Request) error {
	l := reqInfo(r).lang
	ctx := r.Context()
	filter, pageNo, query := parseUserFilter(r.URL.Query())
	users, total, err := s.accounts.List(ctx, filter)
	if err != nil {
		return err
	}
	var ids []string
	var people []int64
	for _, u := range users {
		ids = append(ids, u.OrgID)
		people = append(people, u.PersonID)
	}
	linked, err := s.accounts.People(ctx, people...)
	if err != nil {
		return err
	}
	orgs, err := s.orgChoices(ctx, append(ids, filter.OrgID)...)
	if err != nil {
		return err
	}
	p := adminUsersPage{
		Total:   total,
		Page:    pageNo,
		Pages:   (total + usersPerPage - 1) / usersPerPage,
		Query:   query,
		Orgs:    orgs,
		Roles:   roleOptions(l, "admin.users.any_role"),
		States:  []option{{"", l.T("admin.users.any_state")}, {"yes", l.T("admin.users.state.active")}, {"no", l.T("admin.users.state.inactive")}},
		Filters: len(query) > 0,
	}
	for _, u := range users {
		row := userRow{User: u, OrgName: orgs.Name(u.OrgID)}
		if person, ok := linked[u.PersonID]; ok {
			row.Person = &person
		}
		p.Users = append(p.Users, row)
	}
	return s.render(w, r, http.StatusOK, "admin/users_list", page{
		Title: l.T("admin.users.title"),
		Form:  newForm("admin.users", query),
		Data:  p,
	})
}
