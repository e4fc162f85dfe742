package practices

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"birlik/store"
)

// postgresIndex searches the tsvectors of practice_search and
// practice_titles (migration 0010), the narrow tables of the searchable
// documents, through their GIN indexes, with the 'simple' configuration,
// which only splits the stored terms: the stemming was done in Go. Each
// query returns its ids as one string (string_agg), not a row per match.
// As on SQLite, the documents give the matches of a search with words,
// and the titles how much of the query each holds (one more query, two
// for several words); a search without words lists the scope from the
// titles, whose rows are a fifth of the documents' size.
type postgresIndex struct{ db *store.DB }

// ids runs queries returning one string of ids each, in one transaction
// with sequential scans off: for the tokens most practices hold (a
// search without words lists nearly all of them) the planner estimates
// that reading every row beats the GIN index, which it does not (at demo
// scale 100, 30 ms against 25 for the documents, 18 against 15 for the
// titles), since testing @@ on every stored vector costs more than
// visiting the matching rows. SET LOCAL keeps the setting to this
// transaction.
func (x *postgresIndex) ids(ctx context.Context, queries ...idQuery) ([][]int64, error) {
	tx, err := x.db.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if len(queries) > 1 {
		// The titles scored are those of the documents matched, however
		// a practice changes meanwhile: one snapshot for every query.
		if _, err := tx.ExecContext(ctx, `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		return nil, err
	}
	out := make([][]int64, len(queries))
	for i, q := range queries {
		var list sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT string_agg(t.practice_id::text, ',') FROM `+q.table+` t
			WHERE t.`+q.column+` @@ to_tsquery('simple', ?)`, q.tsquery).Scan(&list); err != nil {
			return nil, err
		}
		if out[i], err = parseIDs(list.String); err != nil {
			return nil, err
		}
	}
	return out, tx.Commit()
}

// idQuery asks a table of vectors for the ids of the rows whose vector
// (column) matches tsquery.
type idQuery struct{ table, column, tsquery string }

func docs(tsquery string) idQuery   { return idQuery{"practice_search", "doc", tsquery} }
func titles(tsquery string) idQuery { return idQuery{"practice_titles", "title", tsquery} }

func (x *postgresIndex) Match(ctx context.Context, terms [][]string, scope []string) ([]Match, error) {
	if len(scope) == 0 {
		return nil, nil
	}
	in := tsGroup([][]string{scope})
	if len(terms) == 0 {
		res, err := x.ids(ctx, titles(in))
		if err != nil {
			return nil, err
		}
		return toMatches(res[0], nil), nil
	}
	qs := []idQuery{docs(tsGroup(terms) + " & " + in), titles(tsGroup(terms) + " & " + in)}
	if len(terms) > 1 {
		qs = append(qs, titles(tsGroup([][]string{anyWord(terms)})+" & "+in))
	}
	res, err := x.ids(ctx, qs...)
	if err != nil || len(res[0]) == 0 {
		return nil, err
	}
	title := map[int64]int8{}
	for _, id := range res[1] {
		title[id] = 2
	}
	if len(res) > 2 {
		for _, id := range res[2] {
			title[id] = max(title[id], 1)
		}
	}
	return toMatches(res[0], title), nil
}

func (x *postgresIndex) Titles(ctx context.Context, term string, scope []string) ([]int64, error) {
	if len(scope) == 0 {
		return nil, nil
	}
	res, err := x.ids(ctx, titles(tsGroup([][]string{{term}, scope})))
	if err != nil {
		return nil, err
	}
	return res[0], nil
}

// tsGroup writes terms as a to_tsquery expression: each word a group of
// quoted alternatives, all words required.
func tsGroup(terms [][]string) string {
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
		}
		b.WriteString(")")
	}
	return b.String()
}

// parseIDs reads a comma-separated list of ids.
func parseIDs(list string) ([]int64, error) {
	if list == "" {
		return nil, nil
	}
	out := make([]int64, 0, strings.Count(list, ",")+1)
	for len(list) > 0 {
		part := list
		if i := strings.IndexByte(list, ','); i >= 0 {
			part, list = list[:i], list[i+1:]
		} else {
			list = ""
		}
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
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
