package needs

import (
	"context"
	"slices"

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

// Dashboard returns the needs' figures in the space spaceID, or in every
// space the actor may read when spaceID is 0: counts by status, by space,
// by theme and by month raised, and the median and 90th-percentile hours
// to first response and to answer per space and per theme. The public
// gets EFORBIDDEN.
func (s *Service) Dashboard(ctx context.Context, spaceID int64) (*Dashboard, error) {
	vis, args, err := readScope(birlik.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	cond, spaceCond := vis, ""
	if spaceID != 0 {
		spaceCond = " AND st.space_id = ?"
		cond += spaceCond
		args = append(args, spaceID)
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
	// Percentiles from the histograms: SQL sums the buckets, Go walks
	// them in order. SQLite's window functions over the per-theme
	// histograms cost 60 ms at 200,000 needs; walking the same rows here
	// costs a few.
	tfrom := ` FROM need_times st WHERE st.space_id IN (SELECT s.id FROM spaces s WHERE ` + vis + `)` + spaceCond
	all := map[string][]bucketCount{} // by kind, summed over spaces
	var cur *hist
	flush := func(h *hist) {
		if h == nil {
			return
		}
		if i, ok := bySpace[h.space]; ok {
			h.set(&d.BySpace[i].Times)
		}
	}
	err = each(ctx, s.DB, `SELECT st.space_id, st.kind, st.hours, st.n`+tfrom+` AND st.theme = '' AND st.n > 0 ORDER BY st.space_id, st.kind, st.hours`, args,
		func(sc scanner) error {
			var b bucketCount
			var space int64
			var kind string
			if err := sc.Scan(&space, &kind, &b.hours, &b.n); err != nil {
				return err
			}
			if cur == nil || cur.space != space {
				flush(cur)
				cur = &hist{space: space, by: map[string][]bucketCount{}}
			}
			cur.by[kind] = append(cur.by[kind], b)
			all[kind] = append(all[kind], b)
			return nil
		})
	if err != nil {
		return nil, err
	}
	flush(cur)
	for kind, bs := range all {
		slices.SortFunc(bs, func(a, b bucketCount) int { return int(a.hours - b.hours) })
		all[kind] = bs
	}
	(&hist{by: all}).set(&d.All.Times)
	cur = nil
	flushTheme := func(h *hist) {
		if h == nil {
			return
		}
		if i, ok := byTheme[h.theme]; ok {
			h.set(&themeRows[i].Times)
		}
	}
	err = each(ctx, s.DB, `SELECT st.theme, st.kind, st.hours, SUM(st.n)`+tfrom+` AND st.theme <> ''
		GROUP BY st.theme, st.kind, st.hours HAVING SUM(st.n) > 0 ORDER BY st.theme, st.kind, st.hours`, args, func(sc scanner) error {
		var b bucketCount
		var theme, kind string
		if err := sc.Scan(&theme, &kind, &b.hours, &b.n); err != nil {
			return err
		}
		if cur == nil || cur.theme != theme {
			flushTheme(cur)
			cur = &hist{theme: theme, by: map[string][]bucketCount{}}
		}
		cur.by[kind] = append(cur.by[kind], b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	flushTheme(cur)
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

// bucketCount is one bucket of a histogram: needs that took hours (the
// bucket's lower bound).
type bucketCount struct{ hours, n int64 }

// hist is the histograms of one space or theme, by kind (response,
// answer), buckets in order of hours.
type hist struct {
	space int64
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
		err = each(ctx, s.DB, `SELECT st.status, SUM(st.n) FROM need_stats st JOIN spaces s ON s.id = st.space_id
			WHERE st.space_id = ? AND st.theme = '' AND `+vis+` GROUP BY st.status`, args, func(sc scanner) error {
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
		var hist []bucketCount
		err = each(ctx, s.DB, `SELECT st.hours, st.n FROM need_times st JOIN spaces s ON s.id = st.space_id
			WHERE st.space_id = ? AND st.theme = '' AND st.kind = 'answer' AND st.n > 0 AND `+vis+` ORDER BY st.hours`, args, func(sc scanner) error {
			var b bucketCount
			err := sc.Scan(&b.hours, &b.n)
			hist = append(hist, b)
			return err
		})
		if err != nil {
			return nil, err
		}
		sum.AnswerMedian, _, _ = percentiles(hist)
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
