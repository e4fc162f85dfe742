package demo_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"birlik"
	"birlik/demo"
	"birlik/store"
	"birlik/store/storetest"
	"birlik/streets"
)

// TestStreets checks the programme the demo writes at scale 1 against
// the seed's figures: four cycles with Superpool and GDCI, 15 streets
// transformed over the first three making about 10,000 m², the 2025
// cycle's 26 municipalities in six cities, and the targets that double
// the 2024 figures; and that two databases get the same sites.
func TestStreets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := seeded(t, db)
		if err := demo.Streets(context.Background(), demo.Deps{DB: db, Network: e.net}, 1); err != nil {
			t.Fatal(err)
		}
		s := streets.New(db)
		staff := birlik.WithActor(context.Background(), birlik.SystemActor)
		cycles, err := s.Cycles(staff)
		if err != nil || len(cycles) != 4 {
			t.Fatalf("%d cycles (%v)", len(cycles), err)
		}
		latest := cycles[0]
		if latest.Year != 2025 || latest.Selected != 26 || len(latest.Cities) != 6 || !strings.Contains(latest.Partners, "GDCI") {
			t.Fatalf("2025: %d selected in %v, partners %q", latest.Selected, latest.Cities, latest.Partners)
		}
		streetsBefore, area := 0, 0.0
		d, err := s.Dashboard(staff, streets.DashboardFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range d.ByCycle {
			if r.Label != "2025" {
				streetsBefore += r.Figures.Streets
				area += r.Figures.AreaM2
			}
		}
		if streetsBefore != 15 || math.Abs(area-10000) > 2500 {
			t.Fatalf("2022-2024: %d streets, %.0f m²; the seed says 15 and about 10,000", streetsBefore, area)
		}
		t.Logf("2022-2024: %d streets, %.0f m²; all: %+v", streetsBefore, area, d.Totals)
		if d.Totals.Sites < 30 || d.Totals.Sites > 45 {
			t.Fatalf("%d sites at scale 1", d.Totals.Sites)
		}
		if len(d.Targets) != 4 || d.Targets[0].Target.Deadline != "2025-10-31" {
			t.Fatalf("targets %+v", d.Targets)
		}
		for _, p := range d.Targets {
			if p.Target.Measure == streets.MeasureStreets && (p.Target.Value != 30 || p.Current < 15) {
				t.Fatalf("streets target %+v", p)
			}
		}
		ms, err := s.MapSites(staff, streets.DashboardFilter{}, true)
		if err != nil || len(ms) == 0 {
			t.Fatalf("%d sites on the map (%v)", len(ms), err)
		}

		again := fresh(t, db)
		e2 := seeded(t, again)
		if err := demo.Streets(context.Background(), demo.Deps{DB: again, Network: e2.net}, 1); err != nil {
			t.Fatal(err)
		}
		a, _ := s.ExportSites(staff, streets.DashboardFilter{})
		b, err := streets.New(again).ExportSites(staff, streets.DashboardFilter{})
		if err != nil || len(a) != len(b) {
			t.Fatalf("%d and %d sites (%v)", len(a), len(b), err)
		}
		for i := range a {
			if a[i].ID != b[i].ID || a[i].Name != b[i].Name || a[i].AreaM2 != b[i].AreaM2 || a[i].Phase != b[i].Phase {
				t.Fatalf("site %d differs: %+v / %+v", i, a[i], b[i])
			}
		}
	})
}
