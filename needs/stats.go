package needs

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"birlik"
	"birlik/store"
	"birlik/topics"
)

// The dashboard's figures live in narrow rollups, one per view (migration
// 0009): need_counts (status), need_months (month raised, status),
// need_themes (theme, status), need_hist (histograms of the hours to first
// response and to answer, for all themes and per theme) and need_pcts
// (each histogram's median and 90th percentile). Each is kept per scope: a
// space, a group of spaces (-1 public, -2 private, need_scopes), and 0 for
// every space. Every change to a need takes its old contribution out and
// puts its new one in, in the same transaction (updateStats), and
// RebuildStats computes them afresh from needs and need_topics in SQL.
//
// Why: one rollup of the cross product (space, theme, month, status) had
// 220,870 rows for the demo's 200,000 needs over 303 spaces, and the
// union-wide dashboard read them all (about 600 ms on SQLite). Now staff
// read the scope 0 rows (a few hundred, with one line per space), a reader
// of the public spaces the group -1 rows, and a focal point with private
// spaces those spaces' rows besides.

// statKey is what a need contributes to the rollups.
type statKey struct {
	space     int64
	month     string
	status    Status
	themes    []string
	resp, ans *int64
}

func keyOf(n *Need) *statKey {
	return &statKey{n.SpaceID, month(n.CreatedAt), n.Status, n.Themes, n.ResponseHours, n.AnswerHours}
}

// bucket returns the lower bound of the histogram bucket of h hours: the
// hour up to 3 days, 6 hours up to 14 days, a day up to 90 days, a week
// after. Medians and 90th percentiles are read to that precision.
func bucket(h int64) int64 {
	switch {
	case h < 72:
		return h
	case h < 336:
		return h - (h-72)%6
	case h < 2160:
		return h - (h-336)%24
	}
	return h - (h-2160)%168
}

// bucketSQL is bucket in SQL, for the column col.
func bucketSQL(col string) string {
	return `CASE WHEN ` + col + ` < 72 THEN ` + col + ` WHEN ` + col + ` < 336 THEN ` + col + ` - (` + col + ` - 72) % 6 WHEN ` +
		col + ` < 2160 THEN ` + col + ` - (` + col + ` - 336) % 24 ELSE ` + col + ` - (` + col + ` - 2160) % 168 END`
}

// scopeAll is the scope of every space.
const scopeAll = 0

// groupSQL is the group of the space of the spaces row s: -1 for a public
// space, -2 for a private one.
const groupSQL = `CASE WHEN s.visibility = 'public' THEN -1 ELSE -2 END`

const (
	upsertCount = `INSERT INTO need_counts (scope, status, n) VALUES (?, ?, ?)
	ON CONFLICT (scope, status) DO UPDATE SET n = need_counts.n + excluded.n`
	upsertMonth = `INSERT INTO need_months (scope, month, status, n) VALUES (?, ?, ?, ?)
	ON CONFLICT (scope, month, status) DO UPDATE SET n = need_months.n + excluded.n`
	upsertTheme = `INSERT INTO need_themes (scope, theme, status, n) VALUES (?, ?, ?, ?)
	ON CONFLICT (scope, theme, status) DO UPDATE SET n = need_themes.n + excluded.n`
	upsertHist = `INSERT INTO need_hist (scope, theme, kind, hours, n) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (scope, theme, kind, hours) DO UPDATE SET n = need_hist.n + excluded.n`
	upsertPct = `INSERT INTO need_pcts (scope, theme, kind, median, p90, n) VALUES (?, ?, ?, ?, ?, ?)
	ON CONFLICT (scope, theme, kind) DO UPDATE SET median = excluded.median, p90 = excluded.p90, n = excluded.n`
)

// histKey names one histogram.
type histKey struct {
	scope       int64
	theme, kind string
}

// updateStats takes old's contribution out of the rollups and puts
// next's in (either may be nil), then recomputes the percentiles of the
// histograms that changed. The changes are summed first, so that rows a
// change leaves as they were are not written, and written in the order of
// their keys, so that two transactions on PostgreSQL that touch the same
// rows (every change touches the scope of every space) queue rather than
// deadlock.
func updateStats(ctx context.Context, tx *store.Tx, old, next *statKey) error {
	deltas := map[rollupRow]int{}
	for _, c := range []struct {
		k    *statKey
		sign int
	}{{old, -1}, {next, 1}} {
		if c.k == nil {
			continue
		}
		scopes, err := scopesOf(ctx, tx, c.k.space)
		if err != nil {
			return err
		}
		st := string(c.k.status)
		for _, sc := range scopes {
			deltas[rollupRow{table: rollCount, scope: sc, a: st}] += c.sign
			deltas[rollupRow{table: rollMonth, scope: sc, a: c.k.month, b: st}] += c.sign
			for _, theme := range c.k.themes {
				deltas[rollupRow{table: rollTheme, scope: sc, a: theme, b: st}] += c.sign
			}
			for _, theme := range append([]string{""}, c.k.themes...) {
				for _, t := range []struct {
					kind  string
					hours *int64
				}{{"response", c.k.resp}, {"answer", c.k.ans}} {
					if t.hours != nil {
						deltas[rollupRow{table: rollHist, scope: sc, a: theme, b: t.kind, hours: bucket(*t.hours)}] += c.sign
					}
				}
			}
		}
	}
	rows := slices.SortedFunc(maps.Keys(deltas), compareRows)
	var touched []rollupRow // histograms, one row each, in key order
	for _, r := range rows {
		n := deltas[r]
		if n == 0 {
			continue
		}
		var err error
		switch r.table {
		case rollCount:
			err = exec(ctx, tx, upsertCount, r.scope, r.a, n)
		case rollMonth:
			err = exec(ctx, tx, upsertMonth, r.scope, r.a, r.b, n)
		case rollTheme:
			err = exec(ctx, tx, upsertTheme, r.scope, r.a, r.b, n)
		case rollHist:
			err = exec(ctx, tx, upsertHist, r.scope, r.a, r.b, r.hours, n)
			h := rollupRow{table: rollHist, scope: r.scope, a: r.a, b: r.b}
			if len(touched) == 0 || touched[len(touched)-1] != h {
				touched = append(touched, h)
			}
		}
		if err != nil {
			return err
		}
	}
	for _, h := range touched {
		if err := refreshPct(ctx, tx, histKey{h.scope, h.a, h.b}); err != nil {
			return err
		}
	}
	return nil
}

// The rollup tables updateStats writes, in the order it writes them.
const (
	rollCount = iota
	rollMonth
	rollTheme
	rollHist
)

// rollupRow is the key of a row of a rollup: for need_counts a is the
// status; for need_months the month and b the status; for need_themes the
// theme and b the status; for need_hist the theme, b the kind, and hours.
type rollupRow struct {
	table int
	scope int64
	a, b  string
	hours int64
}

func compareRows(x, y rollupRow) int {
	return cmp.Or(cmp.Compare(x.table, y.table), cmp.Compare(x.scope, y.scope), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b),
		cmp.Compare(x.hours, y.hours))
}

// scopesOf returns the scopes a need of the space counts in: the space,
// its group and every space. A space's group is set when its first need
// is counted (or by RebuildStats), from its visibility then.
func scopesOf(ctx context.Context, tx *store.Tx, space int64) ([]int64, error) {
	var grp int64
	err := tx.QueryRowContext(ctx, `SELECT grp FROM need_scopes WHERE space_id = ?`, space).Scan(&grp)
	if err != nil {
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		// Two first needs of a space at once: the second waits for the
		// first's row and keeps it.
		if err := exec(ctx, tx, `INSERT INTO need_scopes (space_id, grp) SELECT s.id, `+groupSQL+` FROM spaces s WHERE s.id = ?
			ON CONFLICT (space_id) DO NOTHING`, space); err != nil {
			return nil, err
		}
		if err := tx.QueryRowContext(ctx, `SELECT grp FROM need_scopes WHERE space_id = ?`, space).Scan(&grp); err != nil {
			return nil, fmt.Errorf("space %d: %w", space, err)
		}
	}
	return []int64{space, grp, scopeAll}, nil
}

func exec(ctx context.Context, tx *store.Tx, query string, args ...any) error {
	st, err := tx.Prepared(ctx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// refreshPct recomputes a histogram's percentiles from its buckets.
func refreshPct(ctx context.Context, tx *store.Tx, h histKey) error {
	var bs []bucketCount
	err := each(ctx, tx, `SELECT hours, n FROM need_hist WHERE scope = ? AND theme = ? AND kind = ? AND n > 0 ORDER BY hours`,
		[]any{h.scope, h.theme, h.kind}, func(sc scanner) error {
			var b bucketCount
			err := sc.Scan(&b.hours, &b.n)
			bs = append(bs, b)
			return err
		})
	if err != nil {
		return err
	}
	median, p90, total := percentiles(bs)
	if total == 0 {
		return exec(ctx, tx, `DELETE FROM need_pcts WHERE scope = ? AND theme = ? AND kind = ?`, h.scope, h.theme, h.kind)
	}
	return exec(ctx, tx, upsertPct, h.scope, h.theme, h.kind, *median, *p90, total)
}

// RebuildStats computes the dashboard's rollups afresh from the needs, in
// SQL (staff and the system only). Bulk loads call it once at the end
// rather than keeping the rollups in step row by row.
func (s *Service) RebuildStats(ctx context.Context) error {
	if err := staffOnly(birlik.ActorFrom(ctx)); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return rebuildStats(ctx, tx) })
}

func rebuildStats(ctx context.Context, tx *store.Tx) error {
	qs := []string{
		`DELETE FROM need_counts`,
		`DELETE FROM need_months`,
		`DELETE FROM need_themes`,
		`DELETE FROM need_hist`,
		`DELETE FROM need_pcts`,
		`DELETE FROM need_scopes`,
		`INSERT INTO need_scopes (space_id, grp) SELECT s.id, ` + groupSQL + ` FROM spaces s WHERE s.id IN (SELECT n.space_id FROM needs n)`,
		// Each space's rows, from the needs.
		`INSERT INTO need_counts (scope, status, n) SELECT n.space_id, n.status, COUNT(*) FROM needs n GROUP BY n.space_id, n.status
			ORDER BY n.space_id, n.status`,
		`INSERT INTO need_months (scope, month, status, n) SELECT n.space_id, n.month, n.status, COUNT(*) FROM needs n
			GROUP BY n.space_id, n.month, n.status ORDER BY n.space_id, n.month, n.status`,
		`INSERT INTO need_themes (scope, theme, status, n) SELECT n.space_id, t.code, n.status, COUNT(*)
			FROM needs n JOIN need_topics t ON t.need_id = n.id AND t.kind = 'theme' GROUP BY n.space_id, t.code, n.status
			ORDER BY n.space_id, t.code, n.status`,
	}
	// The histograms in one statement, in the order of their key, so
	// that each scope's rows lie together on disk (PostgreSQL keeps the
	// order of insertion; a scattered scope cost a page read per row).
	var hist []string
	for _, kind := range []struct{ name, col string }{{"response", "n.response_hours"}, {"answer", "n.answer_hours"}} {
		b := bucketSQL(kind.col)
		hist = append(hist,
			`SELECT n.space_id, '', '`+kind.name+`', `+b+`, COUNT(*) FROM needs n WHERE `+kind.col+` IS NOT NULL
				GROUP BY n.space_id, `+b,
			`SELECT n.space_id, t.code, '`+kind.name+`', `+b+`, COUNT(*) FROM needs n JOIN need_topics t ON t.need_id = n.id AND t.kind = 'theme'
				WHERE `+kind.col+` IS NOT NULL GROUP BY n.space_id, t.code, `+b)
	}
	qs = append(qs, `INSERT INTO need_hist (scope, theme, kind, hours, n) `+strings.Join(hist, " UNION ALL ")+` ORDER BY 1, 2, 3, 4`)
	// The groups' and every space's rows, from the spaces'.
	for _, t := range []struct{ table, cols string }{
		{"need_counts", "status"}, {"need_months", "month, status"}, {"need_themes", "theme, status"}, {"need_hist", "theme, kind, hours"},
	} {
		cols := strings.Split(t.cols, ", ")
		for i := range cols {
			cols[i] = "x." + cols[i]
		}
		xcols := strings.Join(cols, ", ")
		qs = append(qs,
			`INSERT INTO `+t.table+` (scope, `+t.cols+`, n) SELECT m.grp, `+xcols+`, SUM(x.n) FROM `+t.table+` x
				JOIN need_scopes m ON m.space_id = x.scope GROUP BY m.grp, `+xcols+` ORDER BY m.grp, `+xcols,
			`INSERT INTO `+t.table+` (scope, `+t.cols+`, n) SELECT 0, `+xcols+`, SUM(x.n) FROM `+t.table+` x
				WHERE x.scope > 0 GROUP BY `+xcols+` ORDER BY `+xcols)
	}
	// Percentiles by nearest rank, as percentiles does: the first bucket
	// whose running count reaches half, or nine tenths, of the needs.
	qs = append(qs, `INSERT INTO need_pcts (scope, theme, kind, median, p90, n)
		SELECT scope, theme, kind, MIN(CASE WHEN 2 * cum >= total THEN hours END), MIN(CASE WHEN 10 * cum >= 9 * total THEN hours END), MAX(total)
		FROM (SELECT scope, theme, kind, hours, SUM(n) OVER (PARTITION BY scope, theme, kind ORDER BY hours) AS cum,
			SUM(n) OVER (PARTITION BY scope, theme, kind) AS total FROM need_hist WHERE n > 0) h
		GROUP BY scope, theme, kind ORDER BY scope, theme, kind`)
	for _, q := range qs {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// Times are the median and 90th percentile of the hours to first
// response and to answer (nil when no need has one), and how many needs
// they are taken over.
type Times struct {
	ResponseMedian, ResponseP90 *int64
	AnswerMedian, AnswerP90     *int64
	Responded, AnsweredCount    int64
}

// Row is one line of the dashboard: a space, a theme or a month, with its
// needs by status and, for spaces and themes, their times.
type Row struct {
	Key                                      string // the theme code or the month (YYYY-MM); the space's slug for spaces
	SpaceID                                  int64  // for spaces
	SpaceName                                string // for spaces: the Turkish name
	Submitted, UnderReview, Answered, Closed int64
	Times
}

// Total is the row's needs in every status.
func (r Row) Total() int64 { return r.Submitted + r.UnderReview + r.Answered + r.Closed }

// Open is the row's needs still waiting for an answer.
func (r Row) Open() int64 { return r.Submitted + r.UnderReview }

func (r *Row) add(st Status, n int64) {
	switch st {
	case Submitted:
		r.Submitted += n
	case UnderReview:
		r.UnderReview += n
	case Answered:
		r.Answered += n
	case Closed:
		r.Closed += n
	}
}

// Dashboard is the needs dashboard of one space or of every space the
// reader may read.
type Dashboard struct {
	All     Row   // every need, with the times over all of them
	BySpace []Row // by name order of the spaces' slugs
	ByTheme []Row // themes with needs, in vocabulary order
	ByMonth []Row // months with needs, oldest first (by month raised)
}

// Dashboard returns the needs' figures in the space spaceID, or in every
// space the actor may read when spaceID is 0: counts by status, by space,
// by theme and by month raised, and the median and 90th-percentile hours
// to first response and to answer per space and per theme. The public
// gets EFORBIDDEN.
func (s *Service) Dashboard(ctx context.Context, spaceID int64) (*Dashboard, error) {
	with, args, err := readScopes(birlik.ActorFrom(ctx), spaceID)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{}
	// By space, from each space's rows (those the actor may read).
	bySpace := map[int64]int{} // index in d.BySpace
	err = each(ctx, s.DB, with+`SELECT c.scope, s.slug, s.name_tr, c.status, c.n FROM need_counts c JOIN spaces s ON s.id = c.scope
		WHERE c.scope IN (SELECT scope FROM sp) ORDER BY s.slug`, args, func(sc scanner) error {
		var id, n int64
		var slug, name string
		var st Status
		if err := sc.Scan(&id, &slug, &name, &st, &n); err != nil {
			return err
		}
		i, ok := bySpace[id]
		if !ok {
			i = len(d.BySpace)
			d.BySpace = append(d.BySpace, Row{Key: slug, SpaceID: id, SpaceName: name})
			bySpace[id] = i
		}
		d.BySpace[i].add(st, n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(ctx, s.DB, with+`SELECT p.scope, p.kind, p.median, p.p90, p.n FROM need_pcts p
		WHERE p.scope IN (SELECT scope FROM sp) AND p.theme = ''`, args, func(sc scanner) error {
		var id int64
		var p pct
		if err := sc.Scan(&id, &p.kind, &p.median, &p.p90, &p.n); err != nil {
			return err
		}
		if i, ok := bySpace[id]; ok {
			p.set(&d.BySpace[i].Times)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The rest from the scopes the actor reads: every space's rows, a
	// group's, or spaces' one by one.
	err = each(ctx, s.DB, with+`SELECT c.status, SUM(c.n) FROM need_counts c WHERE c.scope IN (SELECT scope FROM sc) GROUP BY c.status`, args,
		func(sc scanner) error {
			var st Status
			var n int64
			if err := sc.Scan(&st, &n); err != nil {
				return err
			}
			d.All.add(st, n)
			return nil
		})
	if err != nil {
		return nil, err
	}
	byTheme := map[string]int{} // index in themeRows
	var themeRows []Row
	err = each(ctx, s.DB, with+`SELECT t.theme, t.status, SUM(t.n) FROM need_themes t WHERE t.scope IN (SELECT scope FROM sc)
		GROUP BY t.theme, t.status`, args, func(sc scanner) error {
		var theme string
		var st Status
		var n int64
		if err := sc.Scan(&theme, &st, &n); err != nil {
			return err
		}
		i, ok := byTheme[theme]
		if !ok {
			i = len(themeRows)
			themeRows = append(themeRows, Row{Key: theme})
			byTheme[theme] = i
		}
		themeRows[i].add(st, n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(ctx, s.DB, with+`SELECT m.month, m.status, SUM(m.n) FROM need_months m WHERE m.scope IN (SELECT scope FROM sc)
		GROUP BY m.month, m.status ORDER BY m.month`, args, func(sc scanner) error {
		var m string
		var st Status
		var n int64
		if err := sc.Scan(&m, &st, &n); err != nil {
			return err
		}
		if len(d.ByMonth) == 0 || d.ByMonth[len(d.ByMonth)-1].Key != m {
			d.ByMonth = append(d.ByMonth, Row{Key: m})
		}
		d.ByMonth[len(d.ByMonth)-1].add(st, n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	times := func(theme string) *Times {
		if theme == "" {
			return &d.All.Times
		}
		if i, ok := byTheme[theme]; ok {
			return &themeRows[i].Times
		}
		return nil
	}
	// Times: one scope has its percentiles ready; several have their
	// histograms summed here and walked in order.
	err = each(ctx, s.DB, with+`SELECT p.theme, p.kind, p.median, p.p90, p.n FROM need_pcts p
		WHERE p.scope IN (SELECT scope FROM sc) AND (SELECT COUNT(*) FROM sc) = 1`, args, func(sc scanner) error {
		var theme string
		var p pct
		if err := sc.Scan(&theme, &p.kind, &p.median, &p.p90, &p.n); err != nil {
			return err
		}
		if t := times(theme); t != nil {
			p.set(t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var cur *hist
	flush := func() {
		if cur != nil {
			if t := times(cur.theme); t != nil {
				cur.set(t)
			}
		}
	}
	err = each(ctx, s.DB, with+`SELECT h.theme, h.kind, h.hours, SUM(h.n) FROM need_hist h
		WHERE h.scope IN (SELECT scope FROM sc) AND (SELECT COUNT(*) FROM sc) > 1
		GROUP BY h.theme, h.kind, h.hours HAVING SUM(h.n) > 0 ORDER BY h.theme, h.kind, h.hours`, args, func(sc scanner) error {
		var b bucketCount
		var theme, kind string
		if err := sc.Scan(&theme, &kind, &b.hours, &b.n); err != nil {
			return err
		}
		if cur == nil || cur.theme != theme {
			flush()
			cur = &hist{theme: theme, by: map[string][]bucketCount{}}
		}
		cur.by[kind] = append(cur.by[kind], b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	flush()
	order := map[string]int{}
	for i, c := range topics.Themes {
		order[c] = i
	}
	slices.SortFunc(themeRows, func(a, b Row) int { return order[a.Key] - order[b.Key] })
	for _, r := range themeRows {
		if r.Total() > 0 {
			d.ByTheme = append(d.ByTheme, r)
		}
	}
	d.BySpace = slices.DeleteFunc(d.BySpace, func(r Row) bool { return r.Total() == 0 })
	d.ByMonth = slices.DeleteFunc(d.ByMonth, func(r Row) bool { return r.Total() == 0 })
	return d, nil
}

// readScopes returns the common table expressions that name what the
// actor reads of the rollups, with their arguments: sp, the spaces whose
// lines the dashboard shows (those the actor may read, or the space
// spaceID if they may), and sc, the scopes whose rows make up the rest:
// every space (0) for one who may read all, each group (-1, -2) all of
// whose spaces they may read, and their spaces of the other groups one by
// one. The spaces' visibility rule (spaces.VisibleSQL) decides, in the
// query. The public gets EFORBIDDEN.
func readScopes(a birlik.Actor, spaceID int64) (string, []any, error) {
	vis, args, err := readScope(a)
	if err != nil {
		return "", nil, err
	}
	if spaceID != 0 {
		return `WITH sp AS (SELECT s.id AS scope FROM spaces s WHERE s.id = ? AND ` + vis + `), sc AS (SELECT scope FROM sp) `,
			append([]any{spaceID}, args...), nil
	}
	return `WITH vs AS (SELECT m.space_id, m.grp, CASE WHEN ` + vis + ` THEN 1 ELSE 0 END AS ok FROM need_scopes m JOIN spaces s ON s.id = m.space_id),
		fg AS (SELECT grp FROM vs GROUP BY grp HAVING MIN(ok) = 1),
		sp AS (SELECT space_id AS scope FROM vs WHERE ok = 1),
		sc AS (SELECT 0 AS scope WHERE NOT EXISTS (SELECT 1 FROM vs WHERE ok = 0)
			UNION ALL SELECT grp FROM fg WHERE EXISTS (SELECT 1 FROM vs WHERE ok = 0)
			UNION ALL SELECT space_id FROM vs WHERE ok = 1 AND grp NOT IN (SELECT grp FROM fg)) `, args, nil
}

// pct is a histogram's percentiles as need_pcts keeps them.
type pct struct {
	kind           string
	median, p90, n int64
}

// set fills t's times of p's kind.
func (p pct) set(t *Times) {
	median, p90 := p.median, p.p90
	switch p.kind {
	case "response":
		t.ResponseMedian, t.ResponseP90, t.Responded = &median, &p90, p.n
	case "answer":
		t.AnswerMedian, t.AnswerP90, t.AnsweredCount = &median, &p90, p.n
	}
}

// bucketCount is one bucket of a histogram: needs that took hours (the
// bucket's lower bound).
type bucketCount struct{ hours, n int64 }

// hist is the histograms of one theme (” for all), by kind (response,
// answer), buckets in order of hours.
type hist struct {
	theme string
	by    map[string][]bucketCount
}

// set fills t from the histograms.
func (h *hist) set(t *Times) {
	t.ResponseMedian, t.ResponseP90, t.Responded = percentiles(h.by["response"])
	t.AnswerMedian, t.AnswerP90, t.AnsweredCount = percentiles(h.by["answer"])
}

// percentiles returns the median and 90th percentile of a histogram
// (nearest rank: the first bucket whose running count reaches half, or
// nine tenths, of the needs) and how many needs it holds; nil and 0 for
// an empty one.
func percentiles(bs []bucketCount) (median, p90 *int64, total int64) {
	for _, b := range bs {
		total += b.n
	}
	if total == 0 {
		return nil, nil, 0
	}
	var cum int64
	for _, b := range bs {
		cum += b.n
		if median == nil && 2*cum >= total {
			median = &b.hours
		}
		if 10*cum >= 9*total {
			p90 = &b.hours
			break
		}
	}
	return median, p90, total
}

// each runs a query and passes each row to fn.
func each(ctx context.Context, q store.Querier, query string, args []any, fn func(sc scanner) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Summary is what a space's page shows of its needs.
type Summary struct {
	Open, Answered int64
	AnswerMedian   *int64 // hours; nil when no need was answered
	Latest         []Recommendation
}

// SpaceSummary returns the space's open and answered needs, the median
// hours to answer, and its three latest published recommendations the
// actor may read; for the space's page, so it reads the rollups of that
// space alone (a few hundred rows). The public, who read no needs, get the
// recommendations only. A space the actor may not read gives nothing.
func (s *Service) SpaceSummary(ctx context.Context, spaceID int64) (*Summary, error) {
	a := birlik.ActorFrom(ctx)
	sum := &Summary{}
	if a.Signed() {
		vis, args, err := readScope(a)
		if err != nil {
			return nil, err
		}
		args = append([]any{spaceID}, args...)
		err = each(ctx, s.DB, `SELECT c.status, c.n FROM need_counts c JOIN spaces s ON s.id = c.scope
			WHERE c.scope = ? AND `+vis, args, func(sc scanner) error {
			var st Status
			var n int64
			if err := sc.Scan(&st, &n); err != nil {
				return err
			}
			if st.Open() {
				sum.Open += n
			} else if st == Answered {
				sum.Answered += n
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = each(ctx, s.DB, `SELECT p.median FROM need_pcts p JOIN spaces s ON s.id = p.scope
			WHERE p.scope = ? AND p.theme = '' AND p.kind = 'answer' AND `+vis, args, func(sc scanner) error {
			var m int64
			err := sc.Scan(&m)
			sum.AnswerMedian = &m
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	scope, args := recScope(a)
	err := each(ctx, s.DB, `SELECT `+recColumns+recFrom+` WHERE r.space_id = ? AND r.publication <> 'draft' AND `+scope+`
		ORDER BY r.published_at DESC, r.id DESC LIMIT 3`, append([]any{spaceID}, args...), func(sc scanner) error {
		r, err := scanRec(sc)
		if err == nil {
			sum.Latest = append(sum.Latest, *r)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}
