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
// implementation per database (FTS5 on SQLite, a tsvector with a GIN
// index on PostgreSQL), both fed the same terms, stemmed in Go by
// package locale, so that a query finds the same practices on either.
type Index interface {
	// Match returns the practices that hold every word of terms (a word
	// matches when any of its alternative stems does) among those cond
	// admits (SQL over practices aliased p, with args), in no particular
	// order, each with its score: higher is better, and a word in the
	// title weighs more than one in the text.
	Match(ctx context.Context, terms [][]string, cond string, args []any) ([]Hit, error)
	// Related returns up to limit ids of practices cond admits whose
	// titles share any of terms, best first.
	Related(ctx context.Context, terms []string, cond string, args []any, limit int) ([]int64, error)
}

// NewIndex returns the Index of db's dialect.
func NewIndex(db *store.DB) Index {
	if db.Dialect() == store.Postgres {
		return &postgresIndex{db}
	}
	return &sqliteIndex{db}
}

// Hit is a matching practice with what search counts and sorts it by.
type Hit struct {
	ID       int64
	Score    float64
	Tags     tags
	Province string
	Lang     string
	// Published orders results that score alike, and every result when
	// there is no query.
	Published time.Time
}

// hitColumns are the columns of practices (aliased p) a Hit is scanned
// from, before its score.
const hitColumns = `p.id, p.theme_bits, p.group_bits, p.right_bits, p.sdg_bits, COALESCE(p.province_id, ''), p.lang, p.published_at`

func scanHits(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}, withScore bool) ([]Hit, error) {
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var h Hit
		dest := []any{&h.ID, &h.Tags.themes, &h.Tags.groups, &h.Tags.rights, &h.Tags.sdgs, &h.Province, &h.Lang, &h.Published}
		if withScore {
			dest = append(dest, &h.Score)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
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
// sdg, province, lang, page), ignoring what it does not know.
func ParseQuery(v url.Values) Query {
	q := Query{Text: strings.TrimSpace(v.Get("q")), Province: v.Get("province"), Lang: v.Get("lang")}
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
		v.Set("lang", q.Lang)
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
// diacritics, in the title (weighing more) or the text, and every filter.
// Results come best first (newest first without words), a page at a
// time, with the facets of the whole result and highlighted snippets.
func (s *Service) Search(ctx context.Context, q Query) (*Result, error) {
	a := birlik.ActorFrom(ctx)
	cond, args := publishedCond(a)
	if q.SpaceID != 0 {
		cond += " AND p.space_id = ?"
		args = append(args, q.SpaceID)
	}
	terms := locale.QueryTerms(q.Text)
	if len(terms) > maxQueryWords {
		terms = terms[:maxQueryWords]
	}
	var hits []Hit
	var err error
	if len(terms) > 0 {
		hits, err = s.Index.Match(ctx, terms, cond, args)
	} else {
		hits, err = browse(ctx, s.DB, cond, args)
	}
	if err != nil {
		return nil, err
	}
	want := tags{tagBits(topics.Theme, q.Themes), tagBits(topics.Group, q.Groups), tagBits(topics.Right, q.Rights), tagBits(topics.SDG, q.SDGs)}
	kept := hits[:0]
	for _, h := range hits {
		if h.Tags.themes&want.themes == want.themes && h.Tags.groups&want.groups == want.groups &&
			h.Tags.rights&want.rights == want.rights && h.Tags.sdgs&want.sdgs == want.sdgs &&
			(q.Province == "" || h.Province == q.Province) && (q.Lang == "" || h.Lang == q.Lang) {
			kept = append(kept, h)
		}
	}
	hits = kept
	res := &Result{Total: len(hits), Terms: terms, Facets: facetsOf(hits)}
	if err := s.provinceNames(ctx, res.Facets.Provinces); err != nil {
		return nil, err
	}
	perPage := cmp.Or(q.PerPage, DefaultPerPage)
	perPage = min(max(perPage, 1), MaxPerPage)
	res.Page, res.Pages = max(q.Page, 1), (len(hits)+perPage-1)/perPage
	start := (res.Page - 1) * perPage
	if start >= len(hits) {
		return res, nil
	}
	top := topHits(hits, start+perPage)[start:]
	ids := make([]int64, len(top))
	for i, h := range top {
		ids[i] = h.ID
	}
	res.Practices, err = s.summaries(ctx, ids, terms)
	return res, err
}

// topHits sorts the best n hits first (score, then newest, then id) and
// returns them; hits is reordered.
func topHits(hits []Hit, n int) []Hit {
	better := func(a, b Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := b.Published.Compare(a.Published); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	}
	n = min(n, len(hits))
	if n < len(hits)/4 {
		// Partial selection: keep the n best in a sorted window.
		best := make([]Hit, 0, n+1)
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

// browse lists every practice cond admits, for a search without words.
func browse(ctx context.Context, db *store.DB, cond string, args []any) ([]Hit, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+hitColumns+` FROM practices p WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	return scanHits(rows, false)
}

func facetsOf(hits []Hit) Facets {
	var themes, groups, rights, sdgs [64]int
	provinces, langs := map[string]int{}, map[string]int{}
	for _, h := range hits {
		for _, f := range []struct {
			b int64
			n *[64]int
		}{{h.Tags.themes, &themes}, {h.Tags.groups, &groups}, {h.Tags.rights, &rights}, {h.Tags.sdgs, &sdgs}} {
			for b := uint64(f.b); b != 0; b &= b - 1 {
				f.n[bits.TrailingZeros64(b)]++
			}
		}
		if h.Province != "" {
			provinces[h.Province]++
		}
		langs[h.Lang]++
	}
	tagCounts := func(k topics.Kind, n *[64]int) []Count {
		var out []Count
		for i, c := range topics.Codes(k) {
			if i < 64 && n[i] > 0 {
				out = append(out, Count{Code: c, Count: n[i]})
			}
		}
		return sortCounts(out)
	}
	mapCounts := func(m map[string]int) []Count {
		var out []Count
		for c, n := range m {
			out = append(out, Count{Code: c, Count: n})
		}
		return sortCounts(out)
	}
	return Facets{tagCounts(topics.Theme, &themes), tagCounts(topics.Group, &groups), tagCounts(topics.Right, &rights),
		tagCounts(topics.SDG, &sdgs), mapCounts(provinces), mapCounts(langs)}
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
