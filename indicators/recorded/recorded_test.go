package recorded_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"birlik"
	"birlik/indicators"
	"birlik/indicators/recorded"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

// fill writes known records of every part the recorder reads, straight
// into the tables (the recorder reads only them): two municipalities,
// Kadıköy and Nilüfer, and the union, whose attendance must not count.
func fill(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	if _, err := seed.Base(ctx, db, network.New(db)); err != nil {
		t.Fatalf("seed: %v", err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	exec := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id) }); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	run := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	utc := func(s string) time.Time {
		at, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return at.UTC()
	}

	// Meetings: the first starts at 01:30 on 1 April in Istanbul, still
	// March in UTC.
	var space int64
	if err := db.QueryRowContext(ctx, `SELECT MIN(id) FROM spaces`).Scan(&space); err != nil {
		t.Fatal(err)
	}
	person := func(name, gender string) int64 {
		return exec(`INSERT INTO people (given_name, family_name, gender, sort_key, search_text, created_at, updated_at)
			VALUES (?, 'Test', ?, ?, ?, ?, ?)`, name, gender, []byte(name), name, now, now)
	}
	meeting := func(starts time.Time) int64 {
		return exec(`INSERT INTO meetings (space_id, title, format, starts_at, ends_at, created_at, updated_at)
			VALUES (?, 'Toplantı', 'in_person', ?, ?, ?, ?)`, space, starts, starts.Add(2*time.Hour), now, now)
	}
	attend := func(m, p int64, org string) {
		run(`INSERT INTO meeting_attendance (meeting_id, person_id, org_id, created_at) VALUES (?, ?, ?, ?)`, m, p, org, now)
	}
	ayse, burak, cem, deniz, ece, fatma := person("Ayşe", "female"), person("Burak", "male"), person("Cem", "undisclosed"),
		person("Deniz", "other"), person("Ece", "female"), person("Fatma", "female")
	april, january := meeting(utc("2025-03-31T22:30:00Z")), meeting(utc("2025-01-10T10:00:00Z"))
	attend(april, ayse, "istanbul-kadikoy")
	attend(april, burak, "istanbul-kadikoy")
	attend(april, cem, "istanbul-kadikoy")
	attend(april, deniz, "bursa-nilufer")
	attend(april, ece, seed.UnionID)
	attend(january, ayse, "istanbul-kadikoy")
	attend(january, fatma, "istanbul-kadikoy")

	// Needs: Kadıköy's first is raised at 01:00 on 1 January in Istanbul.
	need := func(org string, raised time.Time, answered any) {
		exec(`INSERT INTO needs (space_id, org_id, title, urgency, month, answered_at, created_at, updated_at)
			VALUES (?, ?, 'İhtiyaç', 'medium', ?, ?, ?, ?)`, space, org, raised.Format("2006-01"), answered, raised, raised)
	}
	need("istanbul-kadikoy", utc("2024-12-31T22:00:00Z"), utc("2025-02-15T09:00:00Z"))
	need("istanbul-kadikoy", utc("2025-01-05T09:00:00Z"), nil)
	need("bursa-nilufer", utc("2025-06-01T09:00:00Z"), utc("2025-07-01T09:00:00Z"))

	// Street sites: two transformed in Kadıköy in 2024, one still in
	// design (not counted), one transformed in Nilüfer in 2025.
	cycle := exec(`INSERT INTO street_cycles (year, name, created_at, updated_at) VALUES (2024, 'Sokaklar 2024', ?, ?)`, now, now)
	site := func(org, phase string, tactical any, m2 float64) int64 {
		return exec(`INSERT INTO street_sites (cycle_id, org_id, published, phase, intervention, area_m2, centroid_lon, centroid_lat,
			tactical_on, name, sort_key, search_text, created_at, updated_at, overview, geometry)
			VALUES (?, ?, ?, ?, 'play_street', ?, 29.03, 40.99, ?, 'Sokak', ?, 'sokak', ?, ?, '', '')`,
			cycle, org, true, phase, m2, tactical, []byte("sokak"), now, now)
	}
	moda := site("istanbul-kadikoy", "tactical", "2024-05-10", 1000)
	site("istanbul-kadikoy", "permanent", "2024-07-01", 500)
	site("istanbul-kadikoy", "design", nil, 700)
	ozluce := site("bursa-nilufer", "tactical", "2025-03-01", 250)

	// Surveys: Moda's first counts 20 people, 3 aged 0-4, 5 aged 5-14 and
	// 2 children in the basic band, besides 10 women and 10 men; its
	// second 4 people aged 25-44; Özlüce's 5 people of no age.
	survey := func(siteID int64, start time.Time, people int, counts ...[2]any) {
		study := exec(`INSERT INTO publiclife_studies (site_id, title, stage, created_at, updated_at) VALUES (?, 'Sayım', 'after', ?, ?)`, siteID, now, now)
		loc := exec(`INSERT INTO publiclife_locations (site_id, name, kind, created_at, updated_at) VALUES (?, 'Alan', 'area', ?, ?)`, siteID, now, now)
		sv := exec(`INSERT INTO publiclife_surveys (site_id, study_id, location_id, stage, time_start, time_stop, method, people, created_at, updated_at)
			VALUES (?, ?, ?, 'after', ?, ?, 'analog', ?, ?, ?)`, siteID, study, loc, start, start.Add(time.Hour), people, now, now)
		for i, c := range counts {
			gender, age := "", c[0].(string)
			if age == "female" || age == "male" {
				gender, age = age, ""
			}
			run(`INSERT INTO publiclife_counts (survey_id, position, gender, age, n) VALUES (?, ?, ?, ?, ?)`, sv, i, gender, age, c[1])
		}
	}
	survey(moda, utc("2025-05-01T09:00:00Z"), 20, [2]any{"0-4", 3}, [2]any{"5-14", 5}, [2]any{"child", 2}, [2]any{"female", 10}, [2]any{"male", 10})
	survey(moda, utc("2025-05-20T09:00:00Z"), 4, [2]any{"25-44", 4})
	survey(ozluce, utc("2025-11-02T09:00:00Z"), 5)
}

// line writes a value as "org period category=value", the category
// being the one dimension set, if any.
func line(v indicators.Value) string {
	cat := v.Combo.Sex + v.Combo.Age + v.Combo.Disability + v.Combo.Migration
	if cat != "" {
		cat = " " + cat
	}
	return fmt.Sprintf("%s %s%s=%g", v.OrgID, v.Period, cat, v.Value)
}

func TestFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fill(t, db)
		r := recorded.New(db)
		for _, tc := range []struct {
			name   string
			figure string
			period indicators.PeriodType
			want   []string
		}{
			{"attendance by month, Istanbul's April", recorded.MeetingAttendance, indicators.Monthly, []string{
				"bursa-nilufer 2025-04 nd=1",
				"istanbul-kadikoy 2025-01 female=2",
				"istanbul-kadikoy 2025-04 female=1", "istanbul-kadikoy 2025-04 male=1", "istanbul-kadikoy 2025-04 nd=1",
			}},
			{"attendance by quarter", recorded.MeetingAttendance, indicators.Quarterly, []string{
				"bursa-nilufer 2025-Q2 nd=1",
				"istanbul-kadikoy 2025-Q1 female=2",
				"istanbul-kadikoy 2025-Q2 female=1", "istanbul-kadikoy 2025-Q2 male=1", "istanbul-kadikoy 2025-Q2 nd=1",
			}},
			{"attendance by year, the union left out", recorded.MeetingAttendance, indicators.Yearly, []string{
				"bursa-nilufer 2025 nd=1",
				"istanbul-kadikoy 2025 female=3", "istanbul-kadikoy 2025 male=1", "istanbul-kadikoy 2025 nd=1",
			}},
			{"needs raised by month", recorded.NeedsRaised, indicators.Monthly, []string{
				"bursa-nilufer 2025-06=1", "istanbul-kadikoy 2025-01=2",
			}},
			{"needs answered by month, unanswered left out", recorded.NeedsAnswered, indicators.Monthly, []string{
				"bursa-nilufer 2025-07=1", "istanbul-kadikoy 2025-02=1",
			}},
			{"needs answered by year", recorded.NeedsAnswered, indicators.Yearly, []string{
				"bursa-nilufer 2025=1", "istanbul-kadikoy 2025=1",
			}},
			{"street m² by year, design left out", recorded.StreetsArea, indicators.Yearly, []string{
				"bursa-nilufer 2025=250", "istanbul-kadikoy 2024=1500",
			}},
			{"street m² by quarter", recorded.StreetsArea, indicators.Quarterly, []string{
				"bursa-nilufer 2025-Q1=250", "istanbul-kadikoy 2024-Q2=1000", "istanbul-kadikoy 2024-Q3=500",
			}},
			{"people by age, the rest not disclosed", recorded.StreetsPeopleByAge, indicators.Monthly, []string{
				"bursa-nilufer 2025-11 nd=5",
				"istanbul-kadikoy 2025-05 0-4=3", "istanbul-kadikoy 2025-05 25-44=4", "istanbul-kadikoy 2025-05 5-14=5",
				"istanbul-kadikoy 2025-05 nd=12",
			}},
			{"people by age by year", recorded.StreetsPeopleByAge, indicators.Yearly, []string{
				"bursa-nilufer 2025 nd=5",
				"istanbul-kadikoy 2025 0-4=3", "istanbul-kadikoy 2025 25-44=4", "istanbul-kadikoy 2025 5-14=5",
				"istanbul-kadikoy 2025 nd=12",
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				vs, err := r.Figures(context.Background(), tc.figure, tc.period)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, v := range vs {
					got = append(got, line(v))
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("got\n%q\nwant\n%q", got, tc.want)
				}
			})
		}
	})
}

func TestFiguresRefused(t *testing.T) {
	db := storetest.SQLite(t)
	r := recorded.New(db)
	for _, tc := range []struct {
		name, figure string
		period       indicators.PeriodType
	}{
		{"unknown figure", "meetings.minutes", indicators.Yearly},
		{"unknown period", recorded.NeedsRaised, "week"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.Figures(context.Background(), tc.figure, tc.period)
			if birlik.ErrorCode(err) != birlik.EINVALID {
				t.Errorf("got %v, want EINVALID", err)
			}
		})
	}
}

// Every figure the recorder names is computed, and gives nothing on a
// database without records (no zeros for periods nobody recorded).
func TestNamesComputed(t *testing.T) {
	r := recorded.New(storetest.SQLite(t))
	for _, name := range r.Names() {
		t.Run(name, func(t *testing.T) {
			if _, ok := recorded.Lookup(name); !ok {
				t.Errorf("not described in Figures")
			}
			vs, err := r.Figures(context.Background(), name, indicators.Quarterly)
			if err != nil || len(vs) != 0 {
				t.Errorf("got %v, %v; want no values", vs, err)
			}
		})
	}
}
