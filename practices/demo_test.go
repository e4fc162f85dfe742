package practices_test

import (
	"context"
	"testing"
	"time"

	"birlik"
	"birlik/demo"
	"birlik/network"
	"birlik/practices"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

// TestDemoPractices loads the demo's practices at scale 1 and checks what
// the library then offers: a thousand practices in three languages over
// many municipalities, found by Turkish queries with suffixes.
func TestDemoPractices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
		net := network.New(db)
		if _, err := seed.Base(ctx, db, net); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := demo.Practices(ctx, demo.Deps{DB: db, Network: net}, 1); err != nil {
			t.Fatal(err)
		}
		t.Logf("1,000 practices in %s", time.Since(start))
		var n, orgs int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT org_id) FROM practices`).Scan(&n, &orgs); err != nil {
			t.Fatal(err)
		}
		if n != 1000 || orgs < 100 {
			t.Errorf("%d practices from %d municipalities, want 1,000 from over 100", n, orgs)
		}
		s := practices.New(db)
		public := birlik.WithActor(context.Background(), birlik.Actor{})
		all, err := s.Search(public, practices.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if all.Total < 850 || len(all.Facets.Langs) != 3 || len(all.Facets.Provinces) < 5 {
			t.Errorf("library: %d published, languages %+v, %d provinces", all.Total, all.Facets.Langs, len(all.Facets.Provinces))
		}
		for _, q := range []string{"göçmenlere", "çocuklara", "yaşlılar", "réfugiés", "refugees"} {
			r, err := s.Search(public, practices.Query{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if r.Total == 0 || len(r.Practices) == 0 {
				t.Errorf("%q finds nothing in the demo library", q)
			}
		}
	})
}
