package demo_test

import (
	"context"
	"math"
	"testing"
	"time"

	"birlik"
	"birlik/demo"
	"birlik/indicators"
	"birlik/store"
	"birlik/store/storetest"
)

// TestIndicators checks what demo.Indicators writes at scale 1: every
// definition, about 100,000 values from most municipalities but not
// all, "not disclosed" in the breakdowns, a yes/no adopted by more
// municipalities over the years, women managers never more than
// managers, and the same values in both databases.
func TestIndicators(t *testing.T) {
	type digest struct {
		n   int
		sum float64
	}
	var first *digest
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := seeded(t, db)
		start := time.Now()
		if err := demo.Indicators(ctx, demo.Deps{DB: db, Network: e.net}, 1); err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		var d digest
		var orgs int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(value), 0), COUNT(DISTINCT org_id) FROM indicator_values`).Scan(&d.n, &d.sum, &orgs); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d values of %d municipalities in %.1f s (%.0f values/s)", d.n, orgs, took.Seconds(), float64(d.n)/took.Seconds())
		if first == nil {
			first = &d
		} else if d.n != first.n || math.Abs(d.sum-first.sum) > 1e-6*math.Abs(first.sum) {
			t.Errorf("%+v here, %+v in the other database", d, *first)
		}

		s := indicators.New(db)
		inds, err := s.Indicators(birlik.WithActor(ctx, birlik.SystemActor))
		if err != nil {
			t.Fatal(err)
		}
		id := map[string]int64{}
		for _, ind := range inds {
			id[ind.Code] = ind.ID
		}
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, tc := range []struct {
			name    string
			got     int
			lo, hi  int
			explain string
		}{
			{"definitions", len(inds), 30, 40, "about 30 indicators"},
			{"values", d.n, 70_000, 150_000, "about 100,000 values at scale 1"},
			{"municipalities reporting", orgs, 120, 205, "most of the 206, not all"},
			{"hotline calls not disclosed", count(`SELECT COUNT(*) FROM indicator_values WHERE indicator_id = ? AND (sex = 'nd' OR age = 'nd')`, id["VAW-01"]), 1, 1 << 30, "some"},
			{"entered values of computed indicators", count(`SELECT COUNT(*) FROM indicator_values WHERE indicator_id IN (?, ?)`, id["GEP-03"], id["STR-01"]), 0, 0, "none"},
			{"units in 2016", count(`SELECT COUNT(*) FROM indicator_values WHERE indicator_id = ? AND period = '2016' AND value = 1`, id["GEP-08"]), 0, 60, "few"},
			{"units in 2025 beyond 2016", count(`SELECT COUNT(*) FROM indicator_values WHERE indicator_id = ? AND period = '2025' AND value = 1`, id["GEP-08"]) -
				count(`SELECT COUNT(*) FROM indicator_values WHERE indicator_id = ? AND period = '2016' AND value = 1`, id["GEP-08"]), 10, 200, "more"},
			{"women managers above managers", count(`SELECT COUNT(*) FROM indicator_values w JOIN indicator_values m
				ON m.org_id = w.org_id AND m.period = w.period AND m.indicator_id = ? WHERE w.indicator_id = ? AND w.value > m.value`,
				id["GEP-01"], id["GEP-02"]), 0, 0, "never"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if tc.got < tc.lo || tc.got > tc.hi {
					t.Errorf("%d; want %s (%d to %d)", tc.got, tc.explain, tc.lo, tc.hi)
				}
			})
		}
	})
}
