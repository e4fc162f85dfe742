package practices

import (
	"context"
	"strings"

	"birlik/store"
)

// sqliteIndex searches an FTS5 table over the stored terms
// (practice_search, migration 0010). Scores are FTS5's bm25, negated so
// that higher is better, with a title term weighing eight body terms.
type sqliteIndex struct{ db *store.DB }

// ftsQuery writes terms as an FTS5 query: each word a group of quoted
// alternatives, all words required. Quoting makes every term a plain
// string, whatever it holds.
func ftsQuery(terms [][]string, column string) string {
	var b strings.Builder
	if column != "" {
		b.WriteString("{" + column + "}: (")
	}
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
	if column != "" {
		b.WriteString(")")
	}
	return b.String()
}

func (x *sqliteIndex) Match(ctx context.Context, terms [][]string, cond string, args []any) ([]Hit, error) {
	rows, err := x.db.QueryContext(ctx, `SELECT `+hitColumns+`, -bm25(practice_search, 8.0, 1.0)
		FROM practice_search JOIN practices p ON p.id = practice_search.rowid
		WHERE practice_search MATCH ? AND `+cond, append([]any{ftsQuery(terms, "")}, args...)...)
	if err != nil {
		return nil, err
	}
	return scanHits(rows, true)
}

func (x *sqliteIndex) Related(ctx context.Context, terms []string, cond string, args []any, limit int) ([]int64, error) {
	alts := [][]string{terms}
	rows, err := x.db.QueryContext(ctx, `SELECT p.id FROM practice_search JOIN practices p ON p.id = practice_search.rowid
		WHERE practice_search MATCH ? AND `+cond+` ORDER BY bm25(practice_search, 8.0, 1.0) LIMIT ?`,
		append(append([]any{ftsQuery(alts, "search_title")}, args...), limit)...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}
