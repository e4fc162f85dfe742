package practices

import (
	"cmp"
	"context"
	"math/bits"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/locale"
	"birlik/store"
	"birlik/topics"
)

// Index is the full-text search over the stored terms of practices: one
// implementation per database (FTS5 on SQLite, tsvectors with GIN indexes
// on PostgreSQL), both fed the same terms, stemmed in Go by package
// locale, so that a query finds the same practices on either.
type Index interface {
	// Match returns the practices whose terms hold every word of terms
	// (a word matches when any of its alternative stems does) and any of
	// the scope tokens (see scopeTokens), in no particular order, each
	// with how much of the query its title holds. Without terms it
	// returns every practice of the scope; without scope, none.
	Match(ctx context.Context, terms [][]string, scope []string) ([]Match, error)
	// Titles returns the ids of the practices of the scope whose titles
	// hold term.
	Titles(ctx context.Context, term string, scope []string) ([]int64, error)
}

// Match is a practice a query matched.
type Match struct {
	ID    int64
	Title int8 // 2: the title holds every word of the query; 1: some; 0: none
}

// NewIndex returns the Index of db's dialect.
func NewIndex(db *store.DB) Index {
	if db.Dialect() == store.Postgres {
		return &postgresIndex{db}
	}
	return &sqliteIndex{db}
}

// Scope tokens are stored with each practice's terms and say who may
// find it, so that the full-text query itself keeps out what the actor
// may not read: every published practice has tokPublished, and
// tokLibrary when in the public library or tokSpace followed by the
// space's id; a draft has tokDraft only and is never searched. Words
// never start with "0z" in any of the three languages; query words that
// do are dropped.
const (
	tokPublished = "0zpub"
	tokLibrary   = "0zlib"
	tokSpace     = "0zsp"
	tokDraft     = "0zdraft"
)

func scopeTokens(p *Practice) string {
	switch {
	case p.Status != Published:
		return tokDraft
	case p.SpaceID != 0:
		return tokPublished + " " + tokSpace + strconv.FormatInt(p.SpaceID, 10)
	}
	return tokPublished + " " + tokLibrary
}

// scope returns the scope tokens of what the actor may find: published
// practices of the public library and of the spaces they may read
// (spaces.VisibleSQL), or of one space when spaceID is set.
func (s *Service) scope(ctx context.Context, a birlik.Actor, spaceID int64) ([]string, error) {
	if spaceID == 0 && (a.System || a.Staff()) {
		return []string{tokPublished}, nil
	}
	vis, args := spacesVisible(a)
	query := `SELECT s.id FROM spaces s WHERE ` + vis
	if spaceID != 0 {
		query += " AND s.id = ?"
		args = append(args, spaceID)
	}
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	var out []string
	if spaceID == 0 {
		out = append(out, tokLibrary)
	}
	for _, id := range ids {
		out = append(out, tokSpace+strconv.FormatInt(id, 10))
	}
	return out, nil
}

// hit is a matching practice with what results are sorted by.
type hit struct {
	id        int64
	score     int // 2 when the title holds every word, 1 some, 0 none
	published int64
}

// Query is a search of the library: words, facet filters and a page.
type Query struct {
	Text string // as typed; empty lists every practice, newest first
	// Filters: a practice must carry every tag asked for, and be of the
	// province and language asked for, if any.
	Themes, Groups, Rights, SDGs []string
	Province                     string
	Lang                         string
	SpaceID                      int64 // 0: every space the actor may read, and the public library
	Page                         int   // from 1
	PerPage                      int   // 0: DefaultPerPage
}

// DefaultPerPage is how many results a page shows unless asked otherwise;
// MaxPerPage the most it shows.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
	maxQueryLen    = 200
	maxQueryWords  = 12
)

// ParseQuery reads a search from a query string (q, theme, group, right,
// sdg, province, text_lang, page), ignoring what it does not know. The
// language of the texts is text_lang: lang chooses the pages' language.
func ParseQuery(v url.Values) Query {
	q := Query{Text: strings.TrimSpace(v.Get("q")), Province: v.Get("province"), Lang: v.Get("text_lang")}
	if utf8.RuneCountInString(q.Text) > maxQueryLen {
		q.Text = string([]rune(q.Text)[:maxQueryLen])
	}
	keep := func(k topics.Kind, vals []string) []string {
		var out []string
		for _, c := range vals {
			if topics.Valid(k, c) && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
	q.Themes, q.Groups = keep(topics.Theme, v["theme"]), keep(topics.Group, v["group"])
	q.Rights, q.SDGs = keep(topics.Right, v["right"]), keep(topics.SDG, v["sdg"])
	if !slices.Contains(Langs, q.Lang) {
		q.Lang = ""
	}
	if len(q.Province) > 100 {
		q.Province = ""
	}
	q.Page, _ = strconv.Atoi(v.Get("page"))
	q.Page = max(q.Page, 1)
	return q
}

// Values returns q as a query string, without the page.
func (q Query) Values() url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	v["theme"], v["group"], v["right"], v["sdg"] = q.Themes, q.Groups, q.Rights, q.SDGs
	if q.Province != "" {
		v.Set("province", q.Province)
	}
	if q.Lang != "" {
		v.Set("text_lang", q.Lang)
	}
	for k, vs := range v {
		if len(vs) == 0 {
			delete(v, k)
		}
	}
	return v
}

// Filtered reports whether any facet filter is set.
func (q Query) Filtered() bool {
	return len(q.Themes)+len(q.Groups)+len(q.Rights)+len(q.SDGs) > 0 || q.Province != "" || q.Lang != ""
}

// Result is a page of search results with the facets of the whole
// result.
type Result struct {
	Practices []Summary
	Total     int // practices matching the query and filters
	Page      int
	Pages     int
	Facets    Facets
	// Terms are the query's words with their stems, for highlighting.
	Terms [][]string
}

// Summary is a practice in a list of results.
type Summary struct {
	ID           int64
	Title        []Fragment // with the query's words marked
	Snippet      []Fragment // a passage of the text around the query's words
	OrgID        string
	OrgName      string
	ProvinceName string
	Lang         string
	SpaceSlug    string
	Status       Status
	Themes       []string
	Groups       []string
	PublishedAt  time.Time
}

// Facets count the practices of a result by each value of each facet,
// most frequent first; values no result has are left out.
type Facets struct {
	Themes, Groups, Rights, SDGs, Provinces, Langs []Count
}

// Count is one value of a facet and how many results have it.
type Count struct {
	Code  string // topic code, province id or language
	Name  string // the province's name; "" for the others, which the page translates
	Count int
}

// Search finds the published practices the actor in ctx may read that
// match q: every word of q.Text, in any inflection, with or without
// diacritics, in the title or the text, and every filter. Results whose
// titles hold every word come first, then those whose titles hold some,
// newest first within each (newest first overall without words); a page
// at a time, with the facets of the whole result and highlighted
// snippets.
func (s *Service) Search(ctx context.Context, q Query) (*Result, error) {
	a := birlik.ActorFrom(ctx)
	scope, err := s.scope(ctx, a, q.SpaceID)
	if err != nil {
		return nil, err
	}
	var terms [][]string
	for _, alts := range locale.QueryTerms(q.Text) {
		if !strings.HasPrefix(alts[0], "0z") && len(terms) < maxQueryWords {
			terms = append(terms, alts)
		}
	}
	matches, err := s.match(ctx, terms, scope)
	if err != nil {
		return nil, err
	}
	if err := s.cat.ensure(ctx, s.DB, matchIDs(matches)); err != nil {
		return nil, err
	}
	res := &Result{Terms: terms}
	hits := s.filter(matches, q, &res.Facets)
	res.Total = len(hits)
	if err := s.provinceNames(ctx, res.Facets.Provinces); err != nil {
		return nil, err
	}
	perPage := cmp.Or(q.PerPage, DefaultPerPage)
	perPage = min(max(perPage, 1), MaxPerPage)
	res.Page, res.Pages = max(q.Page, 1), (len(hits)+perPage-1)/perPage
	if res.Page > res.Pages {
		return res, nil
	}
	start := (res.Page - 1) * perPage
	top := topHits(hits, start+perPage)[start:]
	page := make([]int64, len(top))
	for i, h := range top {
		page[i] = h.id
	}
	res.Practices, err = s.summaries(ctx, page, terms)
	return res, err
}

// filter keeps the matches that pass q's filters, and counts them in
// facets.
func (s *Service) filter(matches []Match, q Query, facets *Facets) []hit {
	want := tags{tagBits(topics.Theme, q.Themes), tagBits(topics.Group, q.Groups), tagBits(topics.Right, q.Rights), tagBits(topics.SDG, q.SDGs)}
	c := s.cat
	c.mu.RLock()
	defer c.mu.RUnlock()
	province, lang := -1, -1
	if q.Province != "" {
		if i, ok := c.provIdx[q.Province]; ok {
			province = int(i)
		} else {
			return nil
		}
	}
	if q.Lang != "" {
		lang = int(langIndex(q.Lang))
	}
	var themes, groups, rights, sdgs [64]int
	provinces := make([]int, len(c.provinces))
	var langs [3]int
	hits := make([]hit, 0, len(matches))
	for _, m := range matches {
		id := m.ID
		if id < 0 || id >= int64(len(c.entries)) || !c.entries[id].present {
			continue
		}
		e := &c.entries[id]
		if e.tags.themes&want.themes != want.themes || e.tags.groups&want.groups != want.groups ||
			e.tags.rights&want.rights != want.rights || e.tags.sdgs&want.sdgs != want.sdgs ||
			province >= 0 && int(e.province) != province || lang >= 0 && int(e.lang) != lang {
			continue
		}
		hits = append(hits, hit{id: id, score: int(m.Title), published: e.published})
		for _, f := range []struct {
			b int64
			n *[64]int
		}{{e.tags.themes, &themes}, {e.tags.groups, &groups}, {e.tags.rights, &rights}, {e.tags.sdgs, &sdgs}} {
			for b := uint64(f.b); b != 0; b &= b - 1 {
				f.n[bits.TrailingZeros64(b)]++
			}
		}
		provinces[e.province]++
		langs[e.lang]++
	}
	tagCounts := func(k topics.Kind, n *[64]int) []Count {
		var out []Count
		for i, code := range topics.Codes(k) {
			if i < 64 && n[i] > 0 {
				out = append(out, Count{Code: code, Count: n[i]})
			}
		}
		return sortCounts(out)
	}
	facets.Themes, facets.Groups = tagCounts(topics.Theme, &themes), tagCounts(topics.Group, &groups)
	facets.Rights, facets.SDGs = tagCounts(topics.Right, &rights), tagCounts(topics.SDG, &sdgs)
	for i, n := range provinces {
		if n > 0 && c.provinces[i] != "" {
			facets.Provinces = append(facets.Provinces, Count{Code: c.provinces[i], Count: n})
		}
	}
	facets.Provinces = sortCounts(facets.Provinces)
	for i, n := range langs {
		if n > 0 {
			facets.Langs = append(facets.Langs, Count{Code: langCodes[i], Count: n})
		}
	}
	facets.Langs = sortCounts(facets.Langs)
	return hits
}

// topHits sorts the best n hits first (score, then newest, then id) and
// returns them; hits is reordered.
func topHits(hits []hit, n int) []hit {
	better := func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.published, a.published); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	}
	n = min(n, len(hits))
	if n < len(hits)/8 {
		// Partial selection: keep the n best in a sorted window.
		best := make([]hit, 0, n+1)
		for _, h := range hits {
			if len(best) == n && better(h, best[n-1]) >= 0 {
				continue
			}
			i, _ := slices.BinarySearchFunc(best, h, better)
			best = slices.Insert(best, i, h)
			if len(best) > n {
				best = best[:n]
			}
		}
		return best
	}
	slices.SortFunc(hits, better)
	return hits[:n]
}

func sortCounts(cs []Count) []Count {
	slices.SortStableFunc(cs, func(a, b Count) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return cs
}

// provinceNames fills in the names of the provinces counted.
func (s *Service) provinceNames(ctx context.Context, cs []Count) error {
	if len(cs) == 0 {
		return nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name FROM places WHERE kind = 'province'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	names := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
	}
	for i := range cs {
		cs[i].Name = cmp.Or(names[cs[i].Code], cs[i].Code)
	}
	return rows.Err()
}

// summaries reads the practices of ids, in that order, with their
// snippets.
func (s *Service) summaries(ctx context.Context, ids []int64, terms [][]string) ([]Summary, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT p.id, p.title, p.problem, p.action, p.results, p.org_id, COALESCE(o.name, ''),
		COALESCE(pl.name, ''), p.lang, COALESCE(sp.slug, ''), p.status, p.theme_bits, p.group_bits, p.published_at
		FROM practices p LEFT JOIN organisations o ON o.id = p.org_id LEFT JOIN places pl ON pl.id = p.province_id
		LEFT JOIN spaces sp ON sp.id = p.space_id
		WHERE p.id IN (`+ph+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := map[int64]Summary{}
	for rows.Next() {
		var sm Summary
		var title, problem, action, results string
		var themes, groups int64
		var published *time.Time
		if err := rows.Scan(&sm.ID, &title, &problem, &action, &results, &sm.OrgID, &sm.OrgName, &sm.ProvinceName, &sm.Lang,
			&sm.SpaceSlug, &sm.Status, &themes, &groups, &published); err != nil {
			return nil, err
		}
		if published != nil {
			sm.PublishedAt = *published
		}
		sm.Themes, sm.Groups = tagCodes(topics.Theme, themes), tagCodes(topics.Group, groups)
		set := termSet(terms)
		sm.Title = Highlight(sm.Lang, title, set)
		sm.Snippet = snippet(sm.Lang, set, problem, action, results)
		byID[sm.ID] = sm
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(ids))
	for _, id := range ids {
		if sm, ok := byID[id]; ok {
			out = append(out, sm)
		}
	}
	return out, nil
}
