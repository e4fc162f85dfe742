package indicators_test

import (
	"context"
	"testing"

	"birlik"
	"birlik/indicators"
	"birlik/store"
	"birlik/store/storetest"
)

// TestTargetStatus sets targets on trends known in advance: 10, 20, 30
// over 2022–2024 projects to 50 at the start of 2026.
func TestTargetStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		up := f.define(t, indicators.Indicator{Code: "UP-1"})
		down := f.define(t, indicators.Indicator{Code: "DN-1", Direction: indicators.LowerBetter})
		single := f.define(t, indicators.Indicator{Code: "ONE-1"})
		for i, year := range []string{"2022", "2023", "2024"} {
			f.save(t, f.admin, v(up, "edirne-il", year, float64(10*(i+1))), v(down, "edirne-il", year, float64(10*(i+1))))
		}
		f.save(t, f.admin, v(single, "edirne-il", "2024", 5))
		tests := []struct {
			name  string
			ind   *indicators.Indicator
			value float64
			want  indicators.TargetStatus
		}{
			{"projection reaches the target", up, 48, indicators.OnTrack},
			{"short by less than a tenth of the way", up, 52, indicators.AtRisk},
			{"far short", up, 80, indicators.OffTrack},
			{"lower is better, rising", down, 5, indicators.OffTrack},
			{"lower is better, target above the projection", down, 60, indicators.OnTrack},
			{"one point is no trend", single, 12, indicators.NoData},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				tg := &indicators.Target{IndicatorID: tc.ind.ID, PlaceID: "edirne", Baseline: 10, BaselinePeriod: "2022",
					Value: tc.value, Deadline: "2026-01-01"}
				if err := f.s.SaveTarget(as(f.admin), tg); err != nil {
					t.Fatal(err)
				}
				defer db.ExecContext(context.Background(), `DELETE FROM indicator_targets WHERE id = ?`, tg.ID)
				s := f.dashboard(t, f.admin, indicators.Area{PlaceID: "edirne"}, false, tc.ind)[0]
				if len(s.Targets) != 1 {
					t.Fatalf("%d targets", len(s.Targets))
				}
				if got := s.Targets[0]; got.Status != tc.want {
					t.Errorf("status %s (projected %g), want %s", got.Status, got.Projected, tc.want)
				}
			})
		}
		// A focal point sets their municipality's targets only.
		err := f.s.SaveTarget(as(f.kadikoyFP), &indicators.Target{IndicatorID: up.ID, OrgID: "istanbul-uskudar", Baseline: 1,
			BaselinePeriod: "2024", Value: 2, Deadline: "2027-01-01"})
		wantCode(t, err, birlik.EFORBIDDEN)
		err = f.s.SaveTarget(as(f.kadikoyFP), &indicators.Target{IndicatorID: up.ID, OrgID: "istanbul-kadikoy", Baseline: 1,
			BaselinePeriod: "2024", Value: 2, Deadline: "2027-01-01"})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// figures is a Recorder with figures given by the test.
type figures map[string][]indicators.Value

func (fs figures) Names() []string {
	var out []string
	for n := range fs {
		out = append(out, n)
	}
	return out
}

func (fs figures) Figures(ctx context.Context, name string, pt indicators.PeriodType) ([]indicators.Value, error) {
	return fs[name], nil
}

func TestRefresh(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		rec := f.define(t, indicators.Indicator{Code: "REC-1", Source: indicators.Recorded, Recorded: "meetings.attendance",
			Dimensions: []indicators.Dimension{indicators.Sex}})
		fig := func(org string, x float64, sex string) indicators.Value {
			return indicators.Value{OrgID: org, Period: "2024", Value: x, Combo: indicators.Combo{Sex: sex}}
		}
		// Nobody types a recorded figure in.
		wantCode(t, f.s.SaveValues(as(f.admin), []indicators.Value{v(rec, "istanbul-kadikoy", "2024", 3, "female")}), birlik.EINVALID)
		n, err := f.s.Refresh(as(birlik.SystemActor), figures{"meetings.attendance": {fig("istanbul-kadikoy", 7, "female"), fig("istanbul-kadikoy", 5, "male")}})
		if err != nil || n != 2 {
			t.Fatalf("refresh: %d, %v", n, err)
		}
		n, err = f.s.Refresh(as(birlik.SystemActor), figures{"meetings.attendance": {fig("istanbul-kadikoy", 8, "female")}})
		if err != nil || n != 2 { // one changed, one gone
			t.Fatalf("refresh again: %d, %v", n, err)
		}
		vals, _ := f.s.Values(as(f.admin), "istanbul-kadikoy", "2024", nil)
		if len(vals) != 1 || vals[0].Value != 8 || vals[0].EnteredBy != 0 {
			t.Errorf("after refresh: %+v", vals)
		}
		got := figureString(total(t, f.dashboard(t, f.admin, indicators.Area{PlaceID: "istanbul"}, false, rec)[0], "2024"))
		if got != "8 (1 of 40)" {
			t.Errorf("dashboard after refresh: %s", got)
		}
		_, err = f.s.Refresh(as(f.kadikoyFP), figures{})
		wantCode(t, err, birlik.EFORBIDDEN)
	})
}
