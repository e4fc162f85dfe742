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

// checkIndicators checks the indicators' part of the whole demo at
// scale 1 (TestLoad loads it): Birlik's recorded figures taken from the meetings, needs and
// streets loaded, periods of 2025 approved, returned and waiting, the
// targets, and the union's plan following the GEP indicators with the
// region's targets.
func checkIndicators(t *testing.T, db *store.DB) {
	{
		ctx := context.Background()
		count := func(q string) int {
			t.Helper()
			var n int
			if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, tc := range []struct {
			name   string
			q      string
			lo, hi int
		}{
			{"recorded attendance", `SELECT COUNT(*) FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.code = 'PAR-01'`, 50, 1 << 30},
			{"recorded needs raised", `SELECT COUNT(*) FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.code = 'PAR-02'`, 100, 1 << 30},
			{"recorded street m²", `SELECT COUNT(*) FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.code = 'STR-01'`, 5, 1 << 30},
			{"recorded people by age", `SELECT COUNT(*) FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.code = 'STR-03' AND v.age = '0-4'`, 1, 1 << 30},
			{"approved", `SELECT COUNT(*) FROM indicator_submissions WHERE status = 'approved'`, 500, 1 << 30},
			{"returned with a comment", `SELECT COUNT(*) FROM indicator_submissions WHERE status = 'returned' AND comment <> ''`, 5, 200},
			{"waiting", `SELECT COUNT(*) FROM indicator_submissions WHERE status = 'submitted'`, 50, 1 << 30},
			{"approved before 2025", `SELECT COUNT(*) FROM indicator_submissions WHERE period < '2025'`, 0, 0},
			{"targets", `SELECT COUNT(*) FROM indicator_targets`, 12, 20},
			{"plan's indicators", `SELECT COUNT(*) FROM equality_plan_indicators`, 10, 20},
			{"plan's indicators with a target", `SELECT COUNT(*) FROM equality_plan_indicators WHERE target_id IS NOT NULL`, 6, 20},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if n := count(tc.q); n < tc.lo || n > tc.hi {
					t.Errorf("%d, want %d to %d", n, tc.lo, tc.hi)
				}
			})
		}
	}
}
