package practices

import (
	"context"
	"database/sql"
	"strings"

	"birlik/store"
)

// postgresIndex searches the tsvector column practices.search (migration
// 0010) through its GIN index, with the 'simple' configuration, which
// only splits the stored terms: the stemming was done in Go. Scores are
// ts_rank, title terms weighing A (1.0) and the rest D (0.1).
type postgresIndex struct{ db *store.DB }

// tsQuery writes terms as a to_tsquery expression: each word a group of
// quoted alternatives, all words required; weight ("A") limits a term to
// the title.
func tsQuery(terms [][]string, weight string) string {
	var b strings.Builder
	for i, alts := range terms {
		if i > 0 {
			b.WriteString(" & ")
		}
		b.WriteString("(")
		for j, t := range alts {
			if j > 0 {
				b.WriteString(" | ")
			}
			b.WriteString("'" + strings.ReplaceAll(strings.ReplaceAll(t, `\`, `\\`), "'", "''") + "'")
			if weight != "" {
				b.WriteString(":" + weight)
			}
		}
		b.WriteString(")")
	}
	return b.String()
}

func (x *postgresIndex) Match(ctx context.Context, terms [][]string, cond string, args []any) ([]Hit, error) {
	rows, err := x.db.QueryContext(ctx, `SELECT `+hitColumns+`, ts_rank(p.search, tq.q)::float8
		FROM practices p, (SELECT to_tsquery('simple', ?) AS q) tq
		WHERE p.search @@ tq.q AND `+cond, append([]any{tsQuery(terms, "")}, args...)...)
	if err != nil {
		return nil, err
	}
	return scanHits(rows, true)
}

func (x *postgresIndex) Related(ctx context.Context, terms []string, cond string, args []any, limit int) ([]int64, error) {
	rows, err := x.db.QueryContext(ctx, `SELECT p.id FROM practices p, (SELECT to_tsquery('simple', ?) AS q) tq
		WHERE p.search @@ tq.q AND `+cond+` ORDER BY ts_rank(p.search, tq.q) DESC, p.id DESC LIMIT ?`,
		append(append([]any{tsQuery([][]string{terms}, "A")}, args...), limit)...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
