package publiclife_test

import (
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"birlik/publiclife"
	"birlik/store"
	"birlik/store/storetest"
)

type pc = publiclife.Count

// local returns the time of day on 2025-06-10 (a Tuesday) in Istanbul.
func local(h, m int) time.Time { return time.Date(2025, 6, 10, h, m, 0, 0, publiclife.Local) }

// knownSurveys are a site's counts before and after, whose figures the
// tests below work out by hand. change alters the after-surveys.
func knownSurveys(p place, change func(sv *publiclife.Survey)) []*publiclife.Survey {
	b1 := survey(p.before, p.line, local(9, 0), 1,
		pc{Mode: "pedestrian", N: 60}, pc{Gender: "female", N: 24}, pc{Gender: "male", N: 36})
	b2 := survey(p.before, p.area, local(10, 0), 2,
		pc{Age: "0-4", N: 1}, pc{Age: "25-44", N: 6}, pc{Age: "65-74", N: 1}, pc{Posture: "standing", N: 5},
		pc{Posture: "sitting_formal", N: 3}, pc{Activity: "conversing", N: 4}, pc{Gender: "female", N: 3}, pc{Gender: "male", N: 5})
	b2.TemperatureC = f64(22)
	a1 := survey(p.after, p.line, local(9, 30).AddDate(0, 3, 0), 1,
		pc{Mode: "pedestrian", N: 45}, pc{Mode: "stroller", N: 5}, pc{Gender: "female", N: 30}, pc{Gender: "male", N: 20},
		pc{Object: "stroller", N: 5})
	a1.TemperatureC = f64(24)
	a2 := survey(p.after, p.area, local(10, 0).AddDate(0, 3, 0), 2,
		pc{Age: "child", N: 10}, pc{Age: "adult", N: 8}, pc{Age: "elderly", N: 2}, pc{Posture: "sitting_informal", N: 12},
		pc{Posture: "standing", N: 8}, pc{Activity: "playing", N: 10}, pc{Activity: "conversing", N: 6},
		pc{Gender: "female", N: 12}, pc{Gender: "male", N: 8})
	a2.TemperatureC = f64(24)
	if change != nil {
		change(a1)
		change(a2)
	}
	return []*publiclife.Survey{b1, b2, a1, a2}
}

func TestCompare(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.kadikoyFP)
		p := f.place(t, f.kadikoyFP, f.kadikoy)
		for _, sv := range knownSurveys(p, nil) {
			if err := f.s.SaveSurvey(ctx, sv); err != nil {
				t.Fatal(err)
			}
		}
		c, err := f.s.Compare(as(f.anonymous), f.kadikoy)
		if err != nil {
			t.Fatal(err)
		}
		t21, t24 := 21.0, 24.0
		want := publiclife.Comparison{
			SiteID: f.kadikoy,
			Before: publiclife.Summary{Surveys: 2, Hours: 3, People: 68, MovingPerHour: 60, StayingPerHour: 4,
				ChildShare: 1.0 / 8, OlderShare: 1.0 / 8, WomenShare: 27.0 / 68,
				Activities: map[string]int{"conversing": 4}, Postures: map[string]int{"standing": 5, "sitting_formal": 3},
				Objects: map[string]int{}, DayKinds: []string{"weekday"}, Microclimates: []string{"sunny"},
				Methods: []string{"analog"}, Windows: []string{"morning"}, TemperatureC: &t21},
			After: publiclife.Summary{Surveys: 2, Hours: 3, People: 70, MovingPerHour: 50, StayingPerHour: 10,
				ChildShare: 10.0 / 20, OlderShare: 2.0 / 20, WomenShare: 42.0 / 70,
				Activities: map[string]int{"playing": 10, "conversing": 6}, Postures: map[string]int{"sitting_informal": 12, "standing": 8},
				Objects: map[string]int{"stroller": 5}, DayKinds: []string{"weekday"}, Microclimates: []string{"sunny"},
				Methods: []string{"analog"}, Windows: []string{"morning"}, TemperatureC: &t24},
		}
		for _, side := range []struct {
			name      string
			got, want publiclife.Summary
		}{{"before", c.Before, want.Before}, {"after", c.After, want.After}} {
			g, w := side.got, side.want
			nums := func(s publiclife.Summary) []float64 {
				return []float64{float64(s.Surveys), s.Hours, float64(s.People), s.MovingPerHour, s.StayingPerHour, s.ChildShare, s.OlderShare, s.WomenShare, *s.TemperatureC}
			}
			if g.TemperatureC == nil || !slices.Equal(nums(g), nums(w)) {
				t.Errorf("%s: figures %v, want %v", side.name, g, w)
				continue
			}
			if !maps.Equal(g.Activities, w.Activities) || !maps.Equal(g.Postures, w.Postures) || !maps.Equal(g.Objects, w.Objects) {
				t.Errorf("%s: activities %v postures %v objects %v, want %v %v %v", side.name, g.Activities, g.Postures, g.Objects, w.Activities, w.Postures, w.Objects)
			}
			if !slices.Equal(g.DayKinds, w.DayKinds) || !slices.Equal(g.Microclimates, w.Microclimates) || !slices.Equal(g.Methods, w.Methods) || !slices.Equal(g.Windows, w.Windows) {
				t.Errorf("%s: conditions %v %v %v %v", side.name, g.DayKinds, g.Microclimates, g.Methods, g.Windows)
			}
		}
		if len(c.Warnings) != 0 {
			t.Errorf("warnings %v for like compared with like", c.Warnings)
		}
	})
}

func TestCompareWarnings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.coordinator)
		tests := []struct {
			name   string
			change func(sv *publiclife.Survey)
			drop   publiclife.Stage // a side without surveys
			want   []publiclife.Warning
		}{
			{name: "like with like"},
			{name: "weekend after", change: func(sv *publiclife.Survey) { sv.DayKind = "weekend" },
				want: []publiclife.Warning{{Key: "publiclife.warning.day_kinds"}}},
			{name: "rain after", change: func(sv *publiclife.Survey) { sv.Microclimate = "rain" },
				want: []publiclife.Warning{{Key: "publiclife.warning.microclimates"}}},
			{name: "8 degrees apart", change: func(sv *publiclife.Survey) { sv.TemperatureC = f64(29) }},
			{name: "10 degrees apart", change: func(sv *publiclife.Survey) { sv.TemperatureC = f64(31) },
				want: []publiclife.Warning{{Key: "publiclife.warning.temperature", Args: []any{"before", 21.0, "after", 31.0}}}},
			{name: "video after", change: func(sv *publiclife.Survey) { sv.Method = publiclife.MethodVideo },
				want: []publiclife.Warning{{Key: "publiclife.warning.methods"}}},
			{name: "evenings after", change: func(sv *publiclife.Survey) {
				sv.Start = sv.Start.Add(9 * time.Hour)
				sv.Stop = sv.Stop.Add(9 * time.Hour)
			},
				want: []publiclife.Warning{{Key: "publiclife.warning.windows"}}},
			{name: "twice the hours", change: func(sv *publiclife.Survey) { sv.Stop = sv.Stop.Add(time.Duration(float64(sv.Stop.Sub(sv.Start)))) }},
			{name: "more than twice the hours", change: func(sv *publiclife.Survey) { sv.Stop = sv.Stop.Add(2 * sv.Stop.Sub(sv.Start)) },
				want: []publiclife.Warning{{Key: "publiclife.warning.hours", Args: []any{"before", 3.0, "after", 9.0}}}},
			{name: "no after", drop: publiclife.After, want: []publiclife.Warning{{Key: "publiclife.warning.no_after"}}},
			{name: "no before", drop: publiclife.Before, change: func(sv *publiclife.Survey) { sv.DayKind = "weekend" },
				want: []publiclife.Warning{{Key: "publiclife.warning.no_before"}}},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				site := f.site("istanbul-kadikoy", "Sokak "+strconv.Itoa(i), true)
				p := f.place(t, f.coordinator, site)
				for _, sv := range knownSurveys(p, tt.change) {
					if (tt.drop == publiclife.After && sv.StudyID == p.after.ID) ||
						(tt.drop == publiclife.Before && sv.StudyID == p.before.ID) {
						continue
					}
					if err := f.s.SaveSurvey(ctx, sv); err != nil {
						t.Fatal(err)
					}
				}
				c, err := f.s.Compare(ctx, site)
				if err != nil {
					t.Fatal(err)
				}
				if len(c.Warnings) != len(tt.want) {
					t.Fatalf("warnings %v, want %v", c.Warnings, tt.want)
				}
				for i, w := range tt.want {
					if g := c.Warnings[i]; g.Key != w.Key || !slices.Equal(g.Args, w.Args) {
						t.Errorf("warning %d = %v, want %v", i, g, w)
					}
				}
			})
		}
	})
}
