package practices

import (
	"context"
	"database/sql"
	"strings"

	"birlik/store"
)

// sqliteIndex searches the FTS5 table practice_search (migration 0010)
// over the stored terms, which triggers keep in step with practices.
// Every match's id comes out of the index alone, in one row
// (group_concat): no join, no row per match. How much of the query a
// title holds takes one more query (two for several words), on the
// title column alone.
type sqliteIndex struct{ db *store.DB }

func (x *sqliteIndex) ids(ctx context.Context, fts string) ([]int64, error) {
	var list sql.NullString
	if err := x.db.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM practice_search WHERE practice_search MATCH ?`, fts).Scan(&list); err != nil {
		return nil, err
	}
	return parseIDs(list.String)
}

func (x *sqliteIndex) Match(ctx context.Context, terms [][]string, scope []string) ([]Match, error) {
	if len(scope) == 0 {
		return nil, nil
	}
	in := " AND " + ftsGroup([][]string{scope})
	if len(terms) == 0 {
		in = ftsGroup([][]string{scope})
	}
	ids, err := x.ids(ctx, ftsGroup(terms)+in)
	if err != nil || len(ids) == 0 || len(terms) == 0 {
		return toMatches(ids, nil), err
	}
	title := map[int64]int8{}
	all, err := x.ids(ctx, "{search_title}: ("+ftsGroup(terms)+")"+in)
	if err != nil {
		return nil, err
	}
	for _, id := range all {
		title[id] = 2
	}
	if len(terms) > 1 {
		some, err := x.ids(ctx, "{search_title}: ("+ftsGroup([][]string{anyWord(terms)})+")"+in)
		if err != nil {
			return nil, err
		}
		for _, id := range some {
			title[id] = max(title[id], 1)
		}
	}
	return toMatches(ids, title), nil
}

func (x *sqliteIndex) Titles(ctx context.Context, term string, scope []string) ([]int64, error) {
	if len(scope) == 0 {
		return nil, nil
	}
	return x.ids(ctx, "{search_title}: ("+ftsGroup([][]string{{term}})+") AND "+ftsGroup([][]string{scope}))
}

// anyWord is the alternatives of every word of terms, as one word: a
// title holding any of them holds some of the query.
func anyWord(terms [][]string) []string {
	var out []string
	for _, alts := range terms {
		out = append(out, alts...)
	}
	return out
}

func toMatches(ids []int64, title map[int64]int8) []Match {
	out := make([]Match, len(ids))
	for i, id := range ids {
		out[i] = Match{ID: id, Title: title[id]}
	}
	return out
}

// ftsGroup writes terms as an FTS5 expression: each word a group of
// quoted alternatives, all words required. Quoting makes every term a
// plain string, whatever it holds.
func ftsGroup(terms [][]string) string {
	var b strings.Builder
	for i, alts := range terms {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString("(")
		for j, t := range alts {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString(`"` + strings.ReplaceAll(t, `"`, `""`) + `"`)
		}
		b.WriteString(")")
	}
	return b.String()
}
