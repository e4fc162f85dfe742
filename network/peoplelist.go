package network

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"birlik"
	"birlik/store"
)

// PeopleSorts lists the orders a list of people offers; the first is the
// default.
var PeopleSorts = []string{"name", "-name", "org", "updated"}

// PeopleFilter narrows and orders a list of people. Zero fields do not
// filter. OrgID, Kind and Current describe one affiliation together: with
// OrgID "bursa-nilufer" and Current false, the list holds the people who
// worked at Nilüfer and no longer do.
type PeopleFilter struct {
	Query      string // matched, folded, against given and family names and e-mail
	OrgID      string
	ProvinceID string // the province of the main organisation
	Kind       AffiliationKind
	// Current: nil for any affiliation; true for people with a current
	// one (matching OrgID and Kind when set); false for people who had one
	// and have it no more.
	Current       *bool
	Sort          string // one of PeopleSorts; "" = "name"
	Page, PerPage int    // Page from 1; PerPage defaults to DefaultPerPage, at most MaxPerPage
}

// ParsePeopleFilter reads a filter from a query string (q, org, province,
// kind, current, sort, page, per_page). Like ParseOrgFilter it drops what
// it cannot read and never panics.
func ParsePeopleFilter(q url.Values) PeopleFilter {
	var f PeopleFilter
	f.Query = birlik.CleanQuery(q.Get(paramQuery), maxQuery)
	f.OrgID = cleanRef(q.Get(paramOrg))
	f.ProvinceID = cleanRef(q.Get(paramProv))
	if k := AffiliationKind(strings.TrimSpace(q.Get(paramKind))); validAffiliationKind(k) {
		f.Kind = k
	}
	if b, err := strconv.ParseBool(strings.TrimSpace(q.Get(paramCurrent))); err == nil {
		f.Current = &b
	}
	f.Sort = oneOf(strings.TrimSpace(q.Get(paramSort)), PeopleSorts)
	if f.Sort == PeopleSorts[0] {
		f.Sort = ""
	}
	f.Page, f.PerPage = parsePaging(q)
	return f
}

// Values returns the query string that ParsePeopleFilter reads back as f,
// leaving out defaults.
func (f PeopleFilter) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set(paramQuery, f.Query)
	set(paramOrg, f.OrgID)
	set(paramProv, f.ProvinceID)
	set(paramKind, string(f.Kind))
	if f.Current != nil {
		v.Set(paramCurrent, strconv.FormatBool(*f.Current))
	}
	if f.Sort != PeopleSorts[0] {
		set(paramSort, f.Sort)
	}
	setPaging(v, f.Page, f.PerPage)
	return v
}

// where returns the WHERE clause for f within the actor's scope.
func (f PeopleFilter) where(d store.Dialect, scope string, scopeArgs []any) (string, []any) {
	var where []string
	var args []any
	if scope != "" {
		where = append(where, scope)
		args = append(args, scopeArgs...)
	}
	if q := birlik.CleanQuery(f.Query, maxQuery); q != "" {
		cond, arg := searchCond(d, "p.search_text", "p.id", "people_search", "rowid", q)
		where = append(where, cond)
		args = append(args, arg)
	}
	if f.ProvinceID != "" {
		where = append(where, `p.org_id IN (SELECT id FROM organisations WHERE province_id = ?)`)
		args = append(args, f.ProvinceID)
	}
	var aff []string
	var affArgs []any
	if f.OrgID != "" {
		aff = append(aff, "f.org_id = ?")
		affArgs = append(affArgs, f.OrgID)
	}
	if f.Kind != "" {
		aff = append(aff, "f.kind = ?")
		affArgs = append(affArgs, string(f.Kind))
	}
	// As in scopeCond, IN over matching affiliations rather than a
	// correlated EXISTS, so the affiliation indexes lead.
	exists := func(extra string) string {
		conds := append([]string{}, aff...)
		if extra != "" {
			conds = append(conds, extra)
		}
		if len(conds) == 0 {
			conds = []string{"1 = 1"}
		}
		return "p.id IN (SELECT f.person_id FROM affiliations f WHERE " + strings.Join(conds, " AND ") + ")"
	}
	switch {
	case f.Current == nil && len(aff) > 0:
		where = append(where, exists(""))
		args = append(args, affArgs...)
	case f.Current != nil && *f.Current:
		where = append(where, exists("f.ended IS NULL"))
		args = append(args, affArgs...)
	case f.Current != nil:
		where = append(where, exists("f.ended IS NOT NULL"), "NOT "+exists("f.ended IS NULL"))
		args = append(args, affArgs...)
		args = append(args, affArgs...)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

func (f PeopleFilter) orderBy() string {
	switch f.Sort {
	case "-name":
		return " ORDER BY p.sort_key DESC, p.id DESC"
	case "org":
		return " ORDER BY o.sort_key IS NULL, o.sort_key, p.sort_key, p.id"
	case "updated":
		return " ORDER BY p.updated_at DESC, p.id DESC"
	}
	return " ORDER BY p.sort_key, p.id"
}

// People returns one page of the people that match f within the actor's
// reach, and how many match in all. Rows carry the main affiliation's
// organisation, position and department, not the full Affiliations. It
// returns EFORBIDDEN to those who may read no one.
func (s *Service) People(ctx context.Context, f PeopleFilter) ([]Person, int, error) {
	scope, scopeArgs, err := readScope(birlik.ActorFrom(ctx))
	if err != nil {
		return nil, 0, err
	}
	where, args := f.where(s.DB.Dialect(), scope, scopeArgs)
	limit, offset := limits(f.Page, f.PerPage)
	// The page is found by id first, joining only what the order needs,
	// and its rows (with each one's main affiliation) read after.
	from := ` FROM people p`
	if f.Sort == "org" {
		from += ` LEFT JOIN organisations o ON o.id = p.org_id`
	}
	var ids []int64
	err = scanAll(ctx, s.DB, `SELECT p.id`+from+where+f.orderBy()+` LIMIT ? OFFSET ?`, append(args, limit, offset),
		func(sc interface{ Scan(...any) error }) error {
			var id int64
			err := sc.Scan(&id)
			ids = append(ids, id)
			return err
		})
	if err != nil {
		return nil, 0, err
	}
	total := offset + len(ids)
	if len(ids) == limit || (len(ids) == 0 && offset > 0) {
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM people p`+where, args...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	byID := make(map[int64]Person, len(ids))
	err = inQuery(ctx, s.DB, `SELECT `+personColumns+personFrom+` WHERE p.id IN (`, ids, func(sc interface{ Scan(...any) error }) error {
		p, err := scanPerson(sc)
		if err == nil {
			byID[p.ID] = *p
		}
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	out := make([]Person, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, total, nil
}

// ExportPeople returns every person that matches f within the actor's
// reach, in its order, ignoring paging. Each carries their main current
// affiliation as the one element of Affiliations (none when nothing
// lasts), which is what an export row holds.
func (s *Service) ExportPeople(ctx context.Context, f PeopleFilter) ([]Person, error) {
	scope, scopeArgs, err := readScope(birlik.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	where, args := f.where(s.DB.Dialect(), scope, scopeArgs)
	return s.queryPeople(ctx, `SELECT `+personColumns+`, `+mainColumns+personFrom+where+f.orderBy(), args...)
}

// mainColumns are the main affiliation's remaining fields, for exports.
const mainColumns = `COALESCE(m.id, 0), COALESCE(m.kind, ''), COALESCE(m.work_email, ''), COALESCE(m.work_phone, ''), COALESCE(m.started, '')`

func (s *Service) queryPeople(ctx context.Context, q string, args ...any) ([]Person, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		var m Affiliation
		if err := rows.Scan(&p.ID, &p.GivenName, &p.FamilyName, &p.Honorific, &p.Gender, &p.Email, &p.Phone, &p.Lang, &p.Notes,
			&p.Version, &p.CreatedAt, &p.UpdatedAt, &p.OrgID, &p.OrgName, &p.Position, &p.Department,
			&m.ID, &m.Kind, &m.WorkEmail, &m.WorkPhone, &m.Started); err != nil {
			return nil, err
		}
		if m.ID != 0 {
			m.PersonID, m.OrgID, m.OrgName, m.Position, m.Department = p.ID, p.OrgID, p.OrgName, p.Position, p.Department
			p.Affiliations = []Affiliation{m}
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
