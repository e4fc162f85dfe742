package needs

import (
	"context"
	"slices"
	"strconv"

	"birlik"
	"birlik/store"
	"birlik/topics"
)

// The dashboard's figures live in need_stats (counts by space, theme,
// month and status) and need_times (histograms of the hours to first
// response and to answer by space and theme). Every change to a need
// takes its old contribution out and puts its new one in, in the same
// transaction (applyStats), and RebuildStats computes both tables afresh
// from needs and need_topics in SQL. Reading the needs themselves for each
// dashboard cost about 170 ms at 200,000 needs on SQLite (a covering index
// scan per figure); the rollups are a few thousand rows.

// statKey is what a need contributes to the rollups.
type statKey struct {
	space     int64
	month     string
	status    Status
	themes    []string
	resp, ans *int64
}

func keyOf(n *Need) statKey {
	return statKey{n.SpaceID, month(n.CreatedAt), n.Status, n.Themes, n.ResponseHours, n.AnswerHours}
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

const upsertStat = `INSERT INTO need_stats (space_id, theme, month, status, n) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (space_id, theme, month, status) DO UPDATE SET n = need_stats.n + excluded.n`

const upsertTime = `INSERT INTO need_times (space_id, theme, kind, hours, n) VALUES (?, ?, ?, ?, ?)
	ON CONFLICT (space_id, theme, kind, hours) DO UPDATE SET n = need_times.n + excluded.n`

// applyStats adds (sign 1) or takes out (sign -1) a need's contribution.
func applyStats(ctx context.Context, tx *store.Tx, k statKey, sign int) error {
	stat, err := tx.Prepared(ctx, upsertStat)
	if err != nil {
		return err
	}
	tm, err := tx.Prepared(ctx, upsertTime)
	if err != nil {
		return err
	}
	for _, theme := range append([]string{""}, k.themes...) {
		if _, err := stat.ExecContext(ctx, k.space, theme, k.month, string(k.status), sign); err != nil {
			return err
		}
		if k.resp != nil {
			if _, err := tm.ExecContext(ctx, k.space, theme, "response", bucket(*k.resp), sign); err != nil {
				return err
			}
		}
		if k.ans != nil {
			if _, err := tm.ExecContext(ctx, k.space, theme, "answer", bucket(*k.ans), sign); err != nil {
				return err
			}
		}
	}
	return nil
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
	for _, q := range []string{
		`DELETE FROM need_stats`,
		`DELETE FROM need_times`,
		`INSERT INTO need_stats (space_id, theme, month, status, n)
			SELECT n.space_id, '', n.month, n.status, COUNT(*) FROM needs n GROUP BY n.space_id, n.month, n.status`,
		`INSERT INTO need_stats (space_id, theme, month, status, n)
			SELECT n.space_id, t.code, n.month, n.status, COUNT(*) FROM needs n JOIN need_topics t ON t.need_id = n.id AND t.kind = 'theme'
			GROUP BY n.space_id, t.code, n.month, n.status`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, kind := range []struct{ name, col string }{{"response", "n.response_hours"}, {"answer", "n.answer_hours"}} {
		b := bucketSQL(kind.col)
		for _, q := range []string{
			`INSERT INTO need_times (space_id, theme, kind, hours, n)
				SELECT n.space_id, '', '` + kind.name + `', ` + b + `, COUNT(*) FROM needs n WHERE ` + kind.col + ` IS NOT NULL
				GROUP BY n.space_id, ` + b,
			`INSERT INTO need_times (space_id, theme, kind, hours, n)
				SELECT n.space_id, t.code, '` + kind.name + `', ` + b + `, COUNT(*) FROM needs n JOIN need_topics t ON t.need_id = n.id AND t.kind = 'theme'
				WHERE ` + kind.col + ` IS NOT NULL GROUP BY n.space_id, t.code, ` + b,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
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

// dashScope is the condition on need_stats or need_times (aliased st,
// joined to spaces aliased s) for the reader and an optional space.
func dashScope(a birlik.Actor, spaceID int64) (string, []any, error) {
	vis, args, err := readScope(a)
	if err != nil {
		return "", nil, err
	}
	if spaceID != 0 {
		vis += " AND st.space_id = ?"
		args = append(args, spaceID)
	}
	return vis, args, nil
}

// Dashboard returns the needs' figures in the space spaceID, or in every
// space the actor may read when spaceID is 0: counts by status, by space,
// by theme and by month raised, and the median and 90th-percentile hours
// to first response and to answer per space and per theme. The public
// gets EFORBIDDEN.
func (s *Service) Dashboard(ctx context.Context, spaceID int64) (*Dashboard, error) {
	cond, args, err := dashScope(birlik.ActorFrom(ctx), spaceID)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{}
	from := ` FROM need_stats st JOIN spaces s ON s.id = st.space_id WHERE ` + cond
	// By space (the all-themes rows), which also gives the totals.
	bySpace := map[int64]int{} // index in d.BySpace
	err = each(ctx, s.DB, `SELECT st.space_id, s.slug, s.name_tr, st.status, SUM(st.n)`+from+` AND st.theme = ''
		GROUP BY st.space_id, s.slug, s.name_tr, st.status ORDER BY s.slug`, args, func(sc scanner) error {
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
		d.All.add(st, n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	byTheme := map[string]int{} // index in themeRows
	var themeRows []Row
	err = each(ctx, s.DB, `SELECT st.theme, st.status, SUM(st.n)`+from+` AND st.theme <> '' GROUP BY st.theme, st.status`, args, func(sc scanner) error {
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
	err = each(ctx, s.DB, `SELECT st.month, st.status, SUM(st.n)`+from+` AND st.theme = '' GROUP BY st.month, st.status ORDER BY st.month`, args, func(sc scanner) error {
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
	// Percentiles, computed in SQL from the histograms.
	tfrom := ` FROM need_times st JOIN spaces s ON s.id = st.space_id WHERE ` + cond
	err = percentiles(ctx, s.DB, `CAST(st.space_id AS TEXT)`, tfrom+` AND st.theme = ''`, args, func(g string, t *Times) {
		id, _ := strconv.ParseInt(g, 10, 64)
		if i, ok := bySpace[id]; ok {
			d.BySpace[i].Times = *t
		}
	})
	if err != nil {
		return nil, err
	}
	err = percentiles(ctx, s.DB, `st.theme`, tfrom+` AND st.theme = ''`, args, func(_ string, t *Times) { d.All.Times = *t })
	if err != nil {
		return nil, err
	}
	err = percentiles(ctx, s.DB, `st.theme`, tfrom+` AND st.theme <> ''`, args, func(g string, t *Times) {
		if i, ok := byTheme[g]; ok {
			themeRows[i].Times = *t
		}
	})
	if err != nil {
		return nil, err
	}
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

// percentiles reads the median and 90th percentile of each group's
// histograms (nearest rank: the first bucket whose running count reaches
// half, or nine tenths, of the group's needs) and passes them to set.
func percentiles(ctx context.Context, q store.Querier, group, from string, args []any, set func(g string, t *Times)) error {
	query := `WITH h AS (SELECT ` + group + ` AS g, st.kind AS kind, st.hours AS hours, SUM(st.n) AS n` + from + `
			GROUP BY ` + group + `, st.kind, st.hours HAVING SUM(st.n) > 0),
		c AS (SELECT g, kind, hours, SUM(n) OVER (PARTITION BY g, kind ORDER BY hours) AS cum, SUM(n) OVER (PARTITION BY g, kind) AS total FROM h)
		SELECT g, kind, MIN(CASE WHEN 2 * cum >= total THEN hours END), MIN(CASE WHEN 10 * cum >= 9 * total THEN hours END), CAST(MAX(total) AS BIGINT)
		FROM c GROUP BY g, kind ORDER BY g`
	byGroup := map[string]*Times{}
	var groups []string
	err := each(ctx, q, query, args, func(sc scanner) error {
		var g, kind string
		var med, p90, total int64
		if err := sc.Scan(&g, &kind, &med, &p90, &total); err != nil {
			return err
		}
		t := byGroup[g]
		if t == nil {
			t = &Times{}
			byGroup[g] = t
			groups = append(groups, g)
		}
		if kind == "response" {
			t.ResponseMedian, t.ResponseP90, t.Responded = &med, &p90, total
		} else {
			t.AnswerMedian, t.AnswerP90, t.AnsweredCount = &med, &p90, total
		}
		return nil
	})
	for _, g := range groups {
		set(g, byGroup[g])
	}
	return err
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
// hours to answer, and its three latest recommendations the actor may
// read. The public, who read no needs, get the recommendations only.
func (s *Service) SpaceSummary(ctx context.Context, spaceID int64) (*Summary, error) {
	a := birlik.ActorFrom(ctx)
	sum := &Summary{}
	if a.Signed() {
		d, err := s.Dashboard(ctx, spaceID)
		if err != nil {
			return nil, err
		}
		sum.Open, sum.Answered, sum.AnswerMedian = d.All.Open(), d.All.Answered, d.All.AnswerMedian
	}
	recs, _, err := s.Recommendations(ctx, RecFilter{SpaceID: spaceID, PerPage: 3, Published: true})
	if err != nil {
		return nil, err
	}
	sum.Latest = recs
	return sum, nil
}
