package demo_test

import (
	"context"
	"testing"
	"time"

	"birlik"
	"birlik/demo"
	"birlik/indicators"
	"birlik/store"
	"birlik/store/storetest"
)

// TestIndicators checks what demo.Indicators writes at scale 1: every
// definition, about 100,000 values over most municipalities but not
// all, Sum indicators at their finest combinations only, "not
// disclosed" shares, and the same values in two databases.
func TestIndicators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := seeded(t, db)
		start := time.Now()
		if err := demo.Indicators(context.Background(), demo.Deps{DB: db, Network: e.net}, 1); err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		var values, orgs int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*), COUNT(DISTINCT org_id) FROM indicator_values`).Scan(&values, &orgs); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d values of %d municipalities in %.1f s (%.0f values/s)", values, orgs, took.Seconds(), float64(values)/took.Seconds())
		if values < 70_000 || values > 150_000 {
			t.Errorf("%d values at scale 1, want about 100,000", values)
		}
		if orgs < 100 || orgs >= 206 {
			t.Errorf("%d municipalities report, want most but not all of 206", orgs)
		}
		s := indicators.New(db)
		inds, err := s.Indicators(birlik.WithActor(context.Background(), birlik.SystemActor))
		if err != nil {
			t.Fatal(err)
		}
		if len(inds) < 30 {
			t.Errorf("%d indicators, want about 30", len(inds))
		}
	})
}
