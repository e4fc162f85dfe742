package network

import (
	"strings"

	"birlik/locale"
	"birlik/store"
)

// searchCond returns the condition that finds a folded query anywhere in
// the search_text of a table with an FTS5 trigram index on SQLite (people),
// and its argument. It uses the table's
// trigram index where one can answer: on PostgreSQL the GIN index serves
// the LIKE directly; on SQLite the FTS5 trigram table (index, holding
// column key) is asked instead, but only for a LIKE without ESCAPE of at
// least three characters, the cases its index serves — anything else
// reads the column itself, which is right, only slower.
func searchCond(d store.Dialect, column, key, index, indexKey, query string) (string, string) {
	folded := locale.Fold(strings.TrimSpace(query))
	if d == store.SQLite && len([]rune(folded)) >= 3 && !strings.ContainsAny(folded, `%_\`) {
		return key + ` IN (SELECT ` + indexKey + ` FROM ` + index + ` WHERE search_text LIKE ?)`, "%" + folded + "%"
	}
	return column + ` LIKE ? ESCAPE '\'`, locale.LikePattern(query)
}
