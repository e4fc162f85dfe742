package demo_test

import (
	"context"
	"testing"

	"birlik"
	"birlik/demo"
	"birlik/network"
	"birlik/publiclife"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

// TestSurveys loads the programme and its counts at scale 1 and checks
// what the demo promises: counts for every transformed site and none
// other, about twenty surveys for each site of the programme, streets
// livelier after than before, and a few comparisons that warn.
func TestSurveys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
		net := network.New(db)
		if _, err := seed.Base(ctx, db, net); err != nil {
			t.Fatal(err)
		}
		d := demo.Deps{DB: db, Network: net}
		if err := demo.Streets(ctx, d, 1); err != nil {
			t.Fatal(err)
		}
		if err := demo.Surveys(ctx, d, 1); err != nil {
			t.Fatal(err)
		}
		var all, transformed, surveyed, untransformed int
		if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM street_sites),
			(SELECT COUNT(*) FROM street_sites WHERE phase IN ('tactical', 'permanent', 'evaluated')),
			(SELECT COUNT(DISTINCT site_id) FROM publiclife_surveys),
			(SELECT COUNT(*) FROM publiclife_surveys sv JOIN street_sites s ON s.id = sv.site_id WHERE s.phase IN ('baseline', 'design'))`).
			Scan(&all, &transformed, &surveyed, &untransformed); err != nil {
			t.Fatal(err)
		}
		if transformed == 0 || surveyed != transformed || untransformed != 0 {
			t.Fatalf("%d transformed sites, %d surveyed, %d surveys of sites not transformed", transformed, surveyed, untransformed)
		}
		life := publiclife.New(db)
		reaches, err := life.Reaches(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		total, livelier, moreChildren, moreWomen, warned := 0, 0, 0, 0, 0
		for site, reach := range reaches {
			total += reach.Surveys
			c, err := life.Compare(ctx, site)
			if err != nil {
				t.Fatal(err)
			}
			if c.After.StayingPerHour > c.Before.StayingPerHour {
				livelier++
			}
			if c.After.ChildShare > c.Before.ChildShare {
				moreChildren++
			}
			if c.After.WomenShare > c.Before.WomenShare {
				moreWomen++
			}
			if len(c.Warnings) > 0 {
				warned++
			}
		}
		n := len(reaches)
		t.Logf("%d sites, %d surveys; after: %d livelier, %d more children, %d more women; %d warned", n, total, livelier, moreChildren, moreWomen, warned)
		if total < 18*all || total > 22*all {
			t.Errorf("%d surveys for %d sites, want about 20 a site", total, all)
		}
		if livelier < n*8/10 || moreChildren < n*9/10 || moreWomen < n*8/10 {
			t.Errorf("of %d sites, after the change %d have more people staying, %d a larger share of children, %d of women", n, livelier, moreChildren, moreWomen)
		}
		if warned == 0 || warned > n/2 {
			t.Errorf("%d of %d comparisons warn, want a few", warned, n)
		}
	})
}
