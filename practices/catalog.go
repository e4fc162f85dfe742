package practices

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"

	"birlik/store"
)

// catalog keeps in memory, for every practice, what search counts and
// sorts its matches by: tags, province, language, publication time —
// about fifty bytes a practice. A common word matches a fifth of the
// library (20,000 practices at demo scale 100); reading those rows from
// the database for every search cost ten times the 30 ms a search may
// take, while the ids alone come from the full-text index in a
// millisecond or two. The catalog holds no text and decides nothing
// about who may read what: the index query does (see scopeTokens).
//
// Each search first asks the database for the newest id and the latest
// change (two index lookups) and reads again the rows that changed, so
// that several servers sharing one PostgreSQL stay in step. Rows changed
// by another server with a clock more than catalogSkew behind are only
// caught when they change again; an id the catalog lacks is read on
// demand.
type catalog struct {
	mu        sync.RWMutex
	entries   []entry // by id; guarded by mu
	provinces []string
	provIdx   map[string]uint16
	maxID     int64
	changed   time.Time // latest updated_at read
	gen       uint64    // counts the refreshes that found changes
}

// catalogSkew is how far back a refresh reads changes before the latest
// it has seen, for writers whose clocks lag.
const catalogSkew = 2 * time.Minute

type entry struct {
	tags      tags
	published int64 // Unix microseconds; 0 for a draft
	province  uint16
	lang      uint8
	present   bool
}

var langCodes = []string{"tr", "en", "fr"}

func langIndex(l string) uint8 {
	for i, c := range langCodes {
		if c == l {
			return uint8(i)
		}
	}
	return 0
}

func newCatalog() *catalog {
	return &catalog{provinces: []string{""}, provIdx: map[string]uint16{"": 0}}
}

// generation reads what changed since the last call, if anything did,
// and returns the number of the catalog's state: it grows with every
// change seen, so that what was computed from an older state is known
// stale.
func (c *catalog) generation(ctx context.Context, db *store.DB) (uint64, error) {
	var maxID int64
	var changed time.Time
	err := db.QueryRowContext(ctx, `SELECT id FROM practices ORDER BY id DESC LIMIT 1`).Scan(&maxID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	err = db.QueryRowContext(ctx, `SELECT updated_at FROM practices ORDER BY updated_at DESC LIMIT 1`).Scan(&changed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	c.mu.RLock()
	stale := maxID != c.maxID || !changed.Equal(c.changed)
	lastID, lastChanged, gen := c.maxID, c.changed, c.gen
	c.mu.RUnlock()
	if !stale {
		return gen, nil
	}
	loads := []load{{"p.id > ?", []any{lastID}}}
	if !lastChanged.IsZero() {
		loads = append(loads, load{"p.updated_at >= ?", []any{lastChanged.Add(-catalogSkew)}})
	}
	if err := c.load(ctx, db, loads); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.maxID, c.changed = max(maxID, c.maxID), changed
	c.gen++
	return c.gen, nil
}

// ensure reads the rows of the ids the catalog lacks: written by another
// server since the last generation.
func (c *catalog) ensure(ctx context.Context, db *store.DB, ids []int64) error {
	var missing []any
	c.mu.RLock()
	for _, id := range ids {
		if id >= int64(len(c.entries)) || !c.entries[id].present {
			missing = append(missing, id)
		}
	}
	c.mu.RUnlock()
	if len(missing) == 0 {
		return nil
	}
	return c.load(ctx, db, []load{{"p.id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(missing)), ", ") + ")", missing}})
}

// load is a condition on practices p choosing rows to read.
type load struct {
	cond string
	args []any
}

func (c *catalog) load(ctx context.Context, db *store.DB, loads []load) error {
	const cols = `SELECT p.id, p.theme_bits, p.group_bits, p.right_bits, p.sdg_bits, COALESCE(p.province_id, ''), p.lang, p.published_at FROM practices p WHERE `
	type row struct {
		id       int64
		e        entry
		province string
	}
	var rows []row
	for _, l := range loads {
		rs, err := db.QueryContext(ctx, cols+l.cond, l.args...)
		if err != nil {
			return err
		}
		for rs.Next() {
			var r row
			var lang string
			var published sql.NullTime
			if err := rs.Scan(&r.id, &r.e.tags.themes, &r.e.tags.groups, &r.e.tags.rights, &r.e.tags.sdgs, &r.province, &lang, &published); err != nil {
				rs.Close()
				return err
			}
			r.e.lang, r.e.present = langIndex(lang), true
			if published.Valid {
				r.e.published = published.Time.UnixMicro()
			}
			rows = append(rows, r)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range rows {
		for r.id >= int64(len(c.entries)) {
			c.entries = append(c.entries, make([]entry, max(len(c.entries), 1024))...)
		}
		idx, ok := c.provIdx[r.province]
		if !ok {
			idx = uint16(len(c.provinces))
			c.provinces = append(c.provinces, r.province)
			c.provIdx[r.province] = idx
		}
		r.e.province = idx
		c.entries[r.id] = r.e
	}
	return nil
}
