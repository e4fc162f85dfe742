package network

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"birlik"
	"birlik/locale"
	"birlik/store"
)

// Paging bounds shared by every list.
const (
	DefaultPerPage = 50
	MaxPerPage     = 200
	maxPage        = 1_000_000
	maxQuery       = 200 // characters of a search query kept
)

// OrgSorts lists the orders an organisation list offers; the first is the
// default. A leading "-" reverses an order.
var OrgSorts = []string{"name", "-name", "population", "-population", "province", "updated"}

// OrgFilter narrows and orders a list of organisations. Zero fields do not
// filter.
type OrgFilter struct {
	Query            string // matched, folded, against name, short name, id, place and province
	Kind             OrgKind
	MunicipalityKind MunicipalityKind
	ProvinceID       string
	ParentID         string
	Member           MemberStatus // "" = any
	Sort             string       // one of OrgSorts; "" = "name"
	Page, PerPage    int          // Page from 1; PerPage defaults to DefaultPerPage, at most MaxPerPage
}

// The query-string names of the filters, shared by both lists.
const (
	paramQuery   = "q"
	paramKind    = "kind"
	paramMunKind = "municipality_kind"
	paramProv    = "province"
	paramParent  = "parent"
	paramMember  = "member"
	paramOrg     = "org"
	paramCurrent = "current"
	paramSort    = "sort"
	paramPage    = "page"
	paramPerPage = "per_page"
)

// cleanRef keeps an id given in a query string when it could be one.
func cleanRef(s string) string {
	s = strings.TrimSpace(s)
	if validID(s) {
		return s
	}
	return ""
}

func parsePaging(q url.Values) (page, perPage int) {
	// Defaults come back as 0, so that parsing what Values wrote gives the
	// same filter.
	if n, err := strconv.Atoi(strings.TrimSpace(q.Get(paramPage))); err == nil && n > 1 && n <= maxPage {
		page = n
	}
	if n, err := strconv.Atoi(strings.TrimSpace(q.Get(paramPerPage))); err == nil && n >= 1 && n != DefaultPerPage {
		perPage = min(n, MaxPerPage)
	}
	return page, perPage
}

func oneOf(s string, allowed []string) string {
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	return ""
}

// ParseOrgFilter reads a filter from a query string (q, kind,
// municipality_kind, province, parent, member, sort, page, per_page). It
// is tolerant, since query strings come from anyone: unknown or malformed
// values are dropped, never reported, and it never panics.
func ParseOrgFilter(q url.Values) OrgFilter {
	var f OrgFilter
	f.Query = birlik.CleanQuery(q.Get(paramQuery), maxQuery)
	if k := OrgKind(strings.TrimSpace(q.Get(paramKind))); validOrgKind(k) {
		f.Kind = k
	}
	if k := MunicipalityKind(strings.TrimSpace(q.Get(paramMunKind))); validMunicipalityKind(k) {
		f.MunicipalityKind = k
	}
	f.ProvinceID = cleanRef(q.Get(paramProv))
	f.ParentID = cleanRef(q.Get(paramParent))
	if m := MemberStatus(strings.TrimSpace(q.Get(paramMember))); validMemberStatus(m) {
		f.Member = m
	}
	f.Sort = oneOf(strings.TrimSpace(q.Get(paramSort)), OrgSorts)
	if f.Sort == OrgSorts[0] {
		f.Sort = ""
	}
	f.Page, f.PerPage = parsePaging(q)
	return f
}

// Values returns the query string that ParseOrgFilter reads back as f,
// leaving out defaults so links stay short. Pages build pagination, sort
// and export links from it.
func (f OrgFilter) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set(paramQuery, f.Query)
	set(paramKind, string(f.Kind))
	set(paramMunKind, string(f.MunicipalityKind))
	set(paramProv, f.ProvinceID)
	set(paramParent, f.ParentID)
	set(paramMember, string(f.Member))
	if f.Sort != OrgSorts[0] {
		set(paramSort, f.Sort)
	}
	setPaging(v, f.Page, f.PerPage)
	return v
}

func setPaging(v url.Values, page, perPage int) {
	if page > 1 {
		v.Set(paramPage, strconv.Itoa(page))
	}
	if perPage > 0 && perPage != DefaultPerPage {
		v.Set(paramPerPage, strconv.Itoa(min(perPage, MaxPerPage)))
	}
}

// limits returns the LIMIT and OFFSET for a page.
func limits(page, perPage int) (limit, offset int) {
	if perPage <= 0 {
		perPage = DefaultPerPage
	}
	perPage = min(perPage, MaxPerPage)
	page = max(1, min(page, maxPage))
	return perPage, (page - 1) * perPage
}

func (f OrgFilter) where() (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if q := birlik.CleanQuery(f.Query, maxQuery); q != "" {
		// No trigram table on SQLite: the list's indexes carry
		// search_text, and scanning one is faster than looking up each
		// match by its text id (see migration 0005).
		add(`o.search_text LIKE ? ESCAPE '\'`, locale.LikePattern(q))
	}
	if f.Kind != "" {
		add("o.kind = ?", string(f.Kind))
	}
	if f.MunicipalityKind != "" {
		add("o.municipality_kind = ?", string(f.MunicipalityKind))
	}
	if f.ProvinceID != "" {
		add("o.province_id = ?", f.ProvinceID)
	}
	if f.ParentID != "" {
		add("o.parent_id = ?", f.ParentID)
	}
	if f.Member != "" {
		add("o.member_status = ?", string(f.Member))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

func (f OrgFilter) orderBy() string {
	switch f.Sort {
	case "-name":
		return " ORDER BY o.sort_key DESC, o.id DESC"
	case "population":
		return " ORDER BY o.population IS NULL, o.population, o.sort_key, o.id"
	case "-population":
		return " ORDER BY o.population IS NULL, o.population DESC, o.sort_key, o.id"
	case "province":
		return " ORDER BY o.province_key, o.sort_key, o.id"
	case "updated":
		return " ORDER BY o.updated_at DESC, o.id"
	}
	return " ORDER BY o.sort_key, o.id"
}

// Organisations returns one page of the organisations that match f and how
// many match in all. Anyone may list them. The page is found by id first,
// walking an index in the page's order, and its full rows read after. The
// total is a separate COUNT, and only when the page does not already tell
// it: counting in the same pass (a window count) made SQLite materialise
// and sort every match, which cost more than the two queries together
// (a search with a province filter at demo scale 100: 8 ms → 2 ms).
func (s *Service) Organisations(ctx context.Context, f OrgFilter) ([]Organisation, int, error) {
	where, args := f.where()
	limit, offset := limits(f.Page, f.PerPage)
	var ids []string
	err := scanAll(ctx, s.DB, `SELECT o.id FROM organisations o`+where+f.orderBy()+` LIMIT ? OFFSET ?`,
		append(args, limit, offset), func(sc interface{ Scan(...any) error }) error {
			var id string
			err := sc.Scan(&id)
			ids = append(ids, id)
			return err
		})
	if err != nil {
		return nil, 0, err
	}
	total := offset + len(ids)
	if len(ids) == limit || (len(ids) == 0 && offset > 0) {
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations o`+where, args...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	byID := make(map[string]Organisation, len(ids))
	err = inQuery(ctx, s.DB, `SELECT `+orgColumns+orgFrom+` WHERE o.id IN (`, ids, func(sc interface{ Scan(...any) error }) error {
		o, err := scanOrg(sc)
		if err == nil {
			byID[o.ID] = *o
		}
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	out := make([]Organisation, 0, len(ids))
	for _, id := range ids {
		if o, ok := byID[id]; ok {
			out = append(out, o)
		}
	}
	return out, total, nil
}

// scanAll runs a query and passes each row to scan.
func scanAll(ctx context.Context, q store.Querier, query string, args []any, scan func(sc interface{ Scan(...any) error }) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ExportOrganisations returns every organisation that matches f, in its
// order, ignoring paging: exports are of the whole filtered list.
func (s *Service) ExportOrganisations(ctx context.Context, f OrgFilter) ([]Organisation, error) {
	where, args := f.where()
	return s.queryOrgs(ctx, `SELECT `+orgColumns+orgFrom+where+f.orderBy(), args...)
}

func (s *Service) queryOrgs(ctx context.Context, q string, args ...any) ([]Organisation, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *o)
	}
	return out, rows.Err()
}
