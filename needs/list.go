package needs

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"birlik"
	"birlik/locale"
	"birlik/store"
	"birlik/topics"
)

// Paging bounds of the lists.
const (
	DefaultPerPage = 50
	MaxPerPage     = 200
	maxPage        = 1_000_000
	maxQuery       = 200
)

// NeedFilter narrows a list of needs. Zero fields do not filter.
type NeedFilter struct {
	SpaceID int64 // set by the page, not read from the query string
	Query   string
	Status  Status
	Theme   string
	Group   string
	Urgency Urgency
	// OrgID: needs the organisation raised or co-signed.
	OrgID         string
	Page, PerPage int
}

// ParseNeedFilter reads a filter from a query string (q, status, theme,
// group, urgency, org, page, per_page). Unknown or malformed values are
// dropped, never reported.
func ParseNeedFilter(q url.Values) NeedFilter {
	var f NeedFilter
	f.Query = birlik.CleanQuery(q.Get("q"), maxQuery)
	if st := Status(q.Get("status")); slices.Contains(Statuses, st) {
		f.Status = st
	}
	if t := q.Get("theme"); topics.Valid(topics.Theme, t) {
		f.Theme = t
	}
	if g := q.Get("group"); topics.Valid(topics.Group, g) {
		f.Group = g
	}
	if u := Urgency(q.Get("urgency")); validUrgency(u) {
		f.Urgency = u
	}
	if o := strings.TrimSpace(q.Get("org")); o != "" && len(o) <= 100 && locale.Slug(o) == o {
		f.OrgID = o
	}
	f.Page, f.PerPage = parsePaging(q)
	return f
}

// Values returns the query string ParseNeedFilter reads back as f.
func (f NeedFilter) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", f.Query)
	set("status", string(f.Status))
	set("theme", f.Theme)
	set("group", f.Group)
	set("urgency", string(f.Urgency))
	set("org", f.OrgID)
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	if f.PerPage > 0 && f.PerPage != DefaultPerPage {
		v.Set("per_page", strconv.Itoa(f.PerPage))
	}
	return v
}

func parsePaging(q url.Values) (page, perPage int) {
	if n, err := strconv.Atoi(strings.TrimSpace(q.Get("page"))); err == nil && n > 1 && n <= maxPage {
		page = n
	}
	if n, err := strconv.Atoi(strings.TrimSpace(q.Get("per_page"))); err == nil && n >= 1 && n != DefaultPerPage {
		perPage = min(n, MaxPerPage)
	}
	return page, perPage
}

func limits(page, perPage int) (limit, offset int) {
	if perPage <= 0 {
		perPage = DefaultPerPage
	}
	perPage = min(perPage, MaxPerPage)
	page = max(1, min(page, maxPage))
	return perPage, (page - 1) * perPage
}

// searchCond finds the folded query in needs' titles: through the
// trigram index on SQLite (queries of three characters or more), with
// LIKE elsewhere (PostgreSQL's trigram index answers LIKE itself).
func searchCond(d store.Dialect, query string) (string, string) {
	folded := locale.Fold(strings.TrimSpace(query))
	if d == store.SQLite && len([]rune(folded)) >= 3 && !strings.ContainsAny(folded, `%_\"`) {
		return `n.id IN (SELECT rowid FROM needs_search WHERE search_text LIKE ?)`, "%" + folded + "%"
	}
	return `n.search_text LIKE ? ESCAPE '\'`, locale.LikePattern(query)
}

func (f NeedFilter) where(a birlik.Actor, d store.Dialect) (string, []any, error) {
	scope, args, err := readScope(a)
	if err != nil {
		return "", nil, err
	}
	// The visibility rule as a set of spaces rather than a join, so that
	// SQLite walks the needs in the list's order instead of starting from
	// the few spaces and sorting every need (first page at 200,000
	// needs: 455 ms → a few).
	where := " WHERE n.space_id IN (SELECT s.id FROM spaces s WHERE " + scope + ")"
	add := func(cond string, v ...any) { where += " AND " + cond; args = append(args, v...) }
	if f.SpaceID != 0 {
		add("n.space_id = ?", f.SpaceID)
	}
	if q := birlik.CleanQuery(f.Query, maxQuery); q != "" {
		add(searchCond(d, q))
	}
	if f.Status != "" {
		add("n.status = ?", string(f.Status))
	}
	if f.Theme != "" {
		add("n.id IN (SELECT t.need_id FROM need_topics t WHERE t.kind = 'theme' AND t.code = ?)", f.Theme)
	}
	if f.Group != "" {
		add("n.id IN (SELECT t.need_id FROM need_topics t WHERE t.kind = 'group' AND t.code = ?)", f.Group)
	}
	if f.Urgency != "" {
		add("n.urgency = ?", string(f.Urgency))
	}
	if f.OrgID != "" {
		add("(n.org_id = ? OR n.id IN (SELECT c.need_id FROM need_cosigns c WHERE c.org_id = ?))", f.OrgID, f.OrgID)
	}
	return where, args, nil
}

// Needs returns a page of the needs the actor may read that match f,
// newest first, with their themes and groups, and how many match in all.
// The public gets EFORBIDDEN.
func (s *Service) Needs(ctx context.Context, f NeedFilter) ([]*Need, int, error) {
	where, args, err := f.where(birlik.ActorFrom(ctx), s.DB.Dialect())
	if err != nil {
		return nil, 0, err
	}
	limit, offset := limits(f.Page, f.PerPage)
	// The page's ids first, walking the needs newest first; then their
	// rows.
	var ids []any
	err = each(ctx, s.DB, `SELECT n.id FROM needs n`+where+` ORDER BY n.id DESC LIMIT ? OFFSET ?`, append(slices.Clone(args), limit, offset),
		func(sc scanner) error {
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
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM needs n`+where, args...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	var out []*Need
	if len(ids) > 0 {
		marks := strings.Repeat("?, ", len(ids)-1) + "?"
		err = each(ctx, s.DB, `SELECT `+needColumns+needFrom+` WHERE n.id IN (`+marks+`) ORDER BY n.id DESC`, ids, func(sc scanner) error {
			n, err := scanNeed(sc)
			if err == nil {
				out = append(out, n)
			}
			return err
		})
		if err != nil {
			return nil, 0, err
		}
	}
	if err := loadTopics(ctx, s.DB, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// ExportNeeds passes every need that matches f to fn, newest first,
// ignoring paging: exports are of the whole filtered list. Topics are
// read in batches of 500.
func (s *Service) ExportNeeds(ctx context.Context, f NeedFilter, fn func(*Need) error) error {
	where, args, err := f.where(birlik.ActorFrom(ctx), s.DB.Dialect())
	if err != nil {
		return err
	}
	var batch []*Need
	flush := func() error {
		if err := loadTopics(ctx, s.DB, batch); err != nil {
			return err
		}
		for _, n := range batch {
			if err := fn(n); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	// Read all ids' rows first: SQLite's reader connection would otherwise
	// be held while the topics are read on another.
	var all []*Need
	err = each(ctx, s.DB, `SELECT `+needColumns+needFrom+where+` ORDER BY n.id DESC`, args, func(sc scanner) error {
		n, err := scanNeed(sc)
		if err == nil {
			all = append(all, n)
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, n := range all {
		batch = append(batch, n)
		if len(batch) == 500 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
