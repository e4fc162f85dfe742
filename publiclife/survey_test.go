package publiclife_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"birlik"
	"birlik/publiclife"
	"birlik/store"
	"birlik/store/storetest"
)

// tally is a survey's counts tallied one component at a time, as a
// surveyor with a clicker does: 12 women and 9 men; 4 aged 0-4, 3 aged
// 5-14, 10 aged 25-44, 2 aged 75+, 2 elderly; 18 standing; 3 strollers.
var tally = []publiclife.Count{
	{Gender: "female", N: 12}, {Gender: "male", N: 9},
	{Age: "0-4", N: 4}, {Age: "5-14", N: 3}, {Age: "25-44", N: 10}, {Age: "75+", N: 2}, {Age: "elderly", N: 2},
	{Posture: "standing", N: 18},
	{Object: "stroller", N: 3},
}

func TestSaveSurveyTotalsAndReach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.kadikoyFP)
		p := f.place(t, f.kadikoyFP, f.kadikoy)

		sv := survey(p.after, p.area, at, 2, tally...)
		if err := f.s.SaveSurvey(ctx, sv); err != nil {
			t.Fatal(err)
		}
		want := publiclife.Totals{People: 21, Children: 7, Older: 4, Aged: 21, Women: 12, Men: 9, Staying: 21, Hours: 2}
		if sv.Totals != want {
			t.Errorf("totals = %+v, want %+v", sv.Totals, want)
		}
		if sv.Stage != publiclife.After || sv.Version != 1 || len(sv.Counts) != len(tally) {
			t.Errorf("stored survey: stage %q, version %d, %d counts", sv.Stage, sv.Version, len(sv.Counts))
		}
		got, err := f.s.Survey(ctx, sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Counts, tally) {
			t.Errorf("counts read back = %v, want them as given", got.Counts)
		}

		// Observations that fill several attributes at once, at a line,
		// before: people are the largest component's total.
		obs := []publiclife.Count{
			{Gender: "female", Age: "65-74", Mode: "pedestrian", N: 5},
			{Gender: "male", Age: "child", Mode: "bicyclist", N: 2},
			{Gender: "unknown", Mode: "pedestrian", N: 4},
			{N: 1},
		}
		sv2 := survey(p.before, p.line, at.Add(-24*time.Hour*120), 0.5, obs...)
		if err := f.s.SaveSurvey(ctx, sv2); err != nil {
			t.Fatal(err)
		}
		want = publiclife.Totals{People: 11, Children: 2, Older: 5, Aged: 7, Women: 5, Men: 2, Moving: 11, Hours: 0.5}
		if sv2.Totals != want {
			t.Errorf("totals = %+v, want %+v", sv2.Totals, want)
		}

		// A second after-survey with more children, then an edit that
		// brings it down: the reach follows.
		sv3 := survey(p.after, p.area, at.Add(24*time.Hour), 1, publiclife.Count{Age: "5-14", N: 30}, publiclife.Count{Age: "adult", N: 5})
		if err := f.s.SaveSurvey(ctx, sv3); err != nil {
			t.Fatal(err)
		}
		checkReach(t, f, f.kadikoy, publiclife.Reach{Surveys: 3, Children: 30, People: 35})
		sv3.Counts = []publiclife.Count{{Age: "5-14", N: 3}}
		if err := f.s.SaveSurvey(ctx, sv3); err != nil {
			t.Fatal(err)
		}
		if sv3.Version != 2 {
			t.Errorf("version after an edit = %d, want 2", sv3.Version)
		}
		checkReach(t, f, f.kadikoy, publiclife.Reach{Surveys: 3, Children: 7, People: 21})

		// Moving the after study to before empties the after figures.
		st := p.after
		st.Stage = publiclife.Before
		if err := f.s.SaveStudy(ctx, &st); err != nil {
			t.Fatal(err)
		}
		checkReach(t, f, f.kadikoy, publiclife.Reach{Surveys: 3})
	})
}

// checkReach compares the site's rollup with the figure wanted and with
// a recomputation from the counts themselves.
func checkReach(t *testing.T, f *fixture, site int64, want publiclife.Reach) {
	t.Helper()
	ctx := as(f.admin)
	reaches, err := f.s.Reaches(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	if got := reaches[site]; got != want {
		t.Errorf("reach = %+v, want %+v", got, want)
	}
	// From the counts: children per survey are the rows aged 0-14; the
	// people the largest total of a component.
	svs, err := f.s.Surveys(ctx, site)
	if err != nil {
		t.Fatal(err)
	}
	var re publiclife.Reach
	for _, s := range svs {
		full, err := f.s.Survey(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		re.Surveys++
		if full.Stage != publiclife.After {
			continue
		}
		children, comp := 0, map[string]int{}
		for _, c := range full.Counts {
			if c.Age == "0-4" || c.Age == "5-14" || c.Age == "child" {
				children += c.N
			}
			for name, v := range map[string]string{"gender": c.Gender, "age": c.Age, "mode": c.Mode, "posture": c.Posture} {
				if v != "" {
					comp[name] += c.N
				}
			}
		}
		re.Children = max(re.Children, children)
		if len(comp) > 0 {
			re.People = max(re.People, slices.Max(slices.Collect(maps.Values(comp))))
		}
	}
	if got := reaches[site]; got != re {
		t.Errorf("reach = %+v, but the counts give %+v", got, re)
	}
}

func TestSaveSurveyInvalid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.coordinator)
		p := f.place(t, f.coordinator, f.kadikoy)
		other := f.place(t, f.coordinator, f.nilufer)
		tests := []struct {
			name   string
			change func(sv *publiclife.Survey)
			field  string
			key    string
		}{
			{"stop before start", func(sv *publiclife.Survey) { sv.Stop = sv.Start.Add(-time.Minute) }, "stop", "error.publiclife.stop_before_start"},
			{"stop at start", func(sv *publiclife.Survey) { sv.Stop = sv.Start }, "stop", "error.publiclife.stop_before_start"},
			{"longer than a day", func(sv *publiclife.Survey) { sv.Stop = sv.Start.Add(25 * time.Hour) }, "stop", "error.publiclife.too_long_survey"},
			{"no start", func(sv *publiclife.Survey) { sv.Start = time.Time{} }, "start", "error.publiclife.required"},
			{"negative count", func(sv *publiclife.Survey) { sv.Counts[1].N = -1 }, "counts.1.n", "error.publiclife.count_negative"},
			{"absurd count", func(sv *publiclife.Survey) { sv.Counts[0].N = 100_001 }, "counts.0.n", "error.publiclife.count_too_large"},
			{"unknown gender", func(sv *publiclife.Survey) { sv.Counts[0].Gender = "woman" }, "counts.0.gender", "error.publiclife.category_unknown"},
			{"unknown age band", func(sv *publiclife.Survey) { sv.Counts[2].Age = "0-14" }, "counts.2.age", "error.publiclife.category_unknown"},
			{"unknown object", func(sv *publiclife.Survey) { sv.Counts[8].Object = "pram" }, "counts.8.object", "error.publiclife.category_unknown"},
			{"unknown method", func(sv *publiclife.Survey) { sv.Method = "guess" }, "method", "error.publiclife.method_invalid"},
			{"unknown weather", func(sv *publiclife.Survey) { sv.Microclimate = "foggy" }, "microclimate", "error.publiclife.category_unknown"},
			{"unknown day kind", func(sv *publiclife.Survey) { sv.DayKind = "monday" }, "day_kind", "error.publiclife.category_unknown"},
			{"absurd temperature", func(sv *publiclife.Survey) { sv.TemperatureC = f64(75) }, "temperature_c", "error.publiclife.temperature_invalid"},
			{"control character", func(sv *publiclife.Survey) { sv.Notes = "a\x00b" }, "notes", "error.publiclife.text_invalid"},
			{"another site's study", func(sv *publiclife.Survey) { sv.StudyID = other.before.ID }, "study_id", "error.publiclife.study_invalid"},
			{"another site's location", func(sv *publiclife.Survey) { sv.LocationID = other.line.ID }, "location_id", "error.publiclife.location_invalid"},
			{"no study", func(sv *publiclife.Survey) { sv.StudyID = 0 }, "study_id", "error.publiclife.study_invalid"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				sv := survey(p.before, p.line, at, 1, slices.Clone(tally)...)
				tt.change(sv)
				err := f.s.SaveSurvey(ctx, sv)
				if code := birlik.ErrorCode(err); code != birlik.EINVALID {
					t.Fatalf("error %v (code %q), want EINVALID", err, code)
				}
				if got := birlik.FieldErrors(err)[tt.field]; got != tt.key {
					t.Errorf("field %s: %q, want %q (all: %v)", tt.field, got, tt.key, birlik.FieldErrors(err))
				}
			})
		}
		if reaches, _ := f.s.Reaches(ctx, db); reaches[f.kadikoy].Surveys != 0 {
			t.Errorf("refused surveys were counted: %+v", reaches[f.kadikoy])
		}
	})
}

func TestSaveSurveyConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.kadikoyFP)
		p := f.place(t, f.kadikoyFP, f.kadikoy)
		sv := survey(p.before, p.line, at, 1, publiclife.Count{Mode: "pedestrian", N: 40})
		if err := f.s.SaveSurvey(ctx, sv); err != nil {
			t.Fatal(err)
		}
		first, second := *sv, *sv
		first.Counts = []publiclife.Count{{Mode: "pedestrian", N: 41}}
		if err := f.s.SaveSurvey(ctx, &first); err != nil {
			t.Fatal(err)
		}
		second.Counts = []publiclife.Count{{Mode: "pedestrian", N: 42}}
		if err := f.s.SaveSurvey(ctx, &second); birlik.ErrorCode(err) != birlik.ECONFLICT {
			t.Fatalf("a save from a stale version: %v, want ECONFLICT", err)
		}
		got, err := f.s.Survey(ctx, sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Totals.Moving != 41 {
			t.Errorf("stored moving = %d, want the first save's 41", got.Totals.Moving)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'publiclife_survey' AND entity_id = ?`,
			itoa(sv.ID)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Errorf("%d audit entries for the survey, want 2 (create, update)", n)
		}
	})
}

func TestAuthorization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		places := map[int64]place{}
		for _, site := range []int64{f.kadikoy, f.kadikoyDraft, f.nilufer} {
			places[site] = f.place(t, f.admin, site)
		}
		type actor struct {
			name string
			a    birlik.Actor
		}
		actors := []actor{{"admin", f.admin}, {"coordinator", f.coordinator}, {"kadikoy", f.kadikoyFP}, {"nilufer", f.niluferFP},
			{"viewer", f.viewer}, {"anonymous", f.anonymous}}
		// want: the error code of writing a survey / reading the
		// surveys, per actor, per site.
		tests := []struct {
			site        int64
			write, read map[string]string
		}{
			{f.kadikoy,
				map[string]string{"admin": "", "coordinator": "", "kadikoy": "", "nilufer": birlik.EFORBIDDEN, "viewer": birlik.EFORBIDDEN, "anonymous": birlik.EFORBIDDEN},
				map[string]string{"admin": "", "coordinator": "", "kadikoy": "", "nilufer": "", "viewer": "", "anonymous": ""}},
			{f.kadikoyDraft,
				map[string]string{"admin": "", "coordinator": "", "kadikoy": "", "nilufer": birlik.ENOTFOUND, "viewer": birlik.ENOTFOUND, "anonymous": birlik.ENOTFOUND},
				map[string]string{"admin": "", "coordinator": "", "kadikoy": "", "nilufer": birlik.ENOTFOUND, "viewer": birlik.ENOTFOUND, "anonymous": birlik.ENOTFOUND}},
			{f.nilufer,
				map[string]string{"admin": "", "coordinator": "", "kadikoy": birlik.EFORBIDDEN, "nilufer": "", "viewer": birlik.EFORBIDDEN, "anonymous": birlik.EFORBIDDEN},
				map[string]string{"admin": "", "coordinator": "", "kadikoy": "", "nilufer": "", "viewer": "", "anonymous": ""}},
		}
		for _, tt := range tests {
			p := places[tt.site]
			for _, ac := range actors {
				t.Run(itoa(tt.site)+"/"+ac.name, func(t *testing.T) {
					ctx := as(ac.a)
					sv := survey(p.before, p.line, at, 1, publiclife.Count{N: 3})
					if got := birlik.ErrorCode(f.s.SaveSurvey(ctx, sv)); got != tt.write[ac.name] {
						t.Errorf("save survey: %q, want %q", got, tt.write[ac.name])
					}
					st := publiclife.Study{SiteID: tt.site, Title: "Ek", Stage: publiclife.After}
					if got := birlik.ErrorCode(f.s.SaveStudy(ctx, &st)); got != tt.write[ac.name] {
						t.Errorf("save study: %q, want %q", got, tt.write[ac.name])
					}
					l := publiclife.Location{SiteID: tt.site, Name: "Ek", Kind: publiclife.Area}
					if got := birlik.ErrorCode(f.s.SaveLocation(ctx, &l)); got != tt.write[ac.name] {
						t.Errorf("save location: %q, want %q", got, tt.write[ac.name])
					}
					// Editing another's stored record is refused as well.
					edit := p.before
					edit.Notes = "değişti"
					if got := birlik.ErrorCode(f.s.SaveStudy(ctx, &edit)); got != tt.write[ac.name] && got != birlik.ECONFLICT {
						t.Errorf("edit study: %q, want %q", got, tt.write[ac.name])
					}
					_, err := f.s.Surveys(ctx, tt.site)
					if got := birlik.ErrorCode(err); got != tt.read[ac.name] {
						t.Errorf("read surveys: %q, want %q", got, tt.read[ac.name])
					}
					_, err = f.s.Compare(ctx, tt.site)
					if got := birlik.ErrorCode(err); got != tt.read[ac.name] {
						t.Errorf("compare: %q, want %q", got, tt.read[ac.name])
					}
				})
			}
		}
		// A survey of the draft site is hidden from those who may not
		// read the site, even by id.
		sv := survey(places[f.kadikoyDraft].before, places[f.kadikoyDraft].line, at, 1, publiclife.Count{N: 1})
		if err := f.s.SaveSurvey(as(f.admin), sv); err != nil {
			t.Fatal(err)
		}
		for _, ac := range actors {
			_, err := f.s.Survey(as(ac.a), sv.ID)
			want := ""
			if ac.name == "nilufer" || ac.name == "viewer" || ac.name == "anonymous" {
				want = birlik.ENOTFOUND
			}
			if got := birlik.ErrorCode(err); got != want {
				t.Errorf("%s reads the draft site's survey: %q, want %q", ac.name, got, want)
			}
		}
	})
}

func TestSaveLocation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.kadikoyFP)
		tests := []struct {
			name     string
			kind     publiclife.LocationKind
			geometry string
			field    string
			key      string
		}{
			{"line", publiclife.Line, line, "", ""},
			{"area", publiclife.Area, area, "", ""},
			{"no geometry", publiclife.Area, "", "", ""},
			{"polygon for a line", publiclife.Line, area, "geometry", "error.publiclife.geometry_kind"},
			{"line for an area", publiclife.Area, line, "geometry", "error.publiclife.geometry_kind"},
			{"not GeoJSON", publiclife.Line, "<kml/>", "geometry", "geo.error.format"},
			{"no kind", "", line, "kind", "error.publiclife.kind_invalid"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				l := publiclife.Location{SiteID: f.kadikoy, Name: tt.name, Kind: tt.kind, Geometry: []byte(tt.geometry)}
				err := f.s.SaveLocation(ctx, &l)
				if tt.key == "" {
					if err != nil {
						t.Fatal(err)
					}
					if (tt.geometry != "") != (l.Measure > 0) {
						t.Errorf("measure %.1f for geometry %q", l.Measure, tt.geometry)
					}
					return
				}
				if got := birlik.FieldErrors(err)[tt.field]; got != tt.key {
					t.Errorf("field %s: %q, want %q (%v)", tt.field, got, tt.key, err)
				}
			})
		}
		// The screenline is about 15.6 m long and the area about
		// 84.4 m × 44.5 m; geo measures them on the ellipsoid.
		ls, err := f.s.Locations(ctx, f.kadikoy)
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) != 3 || ls[0].Measure < 15 || ls[0].Measure > 16.5 || ls[1].Measure < 3700 || ls[1].Measure > 3800 {
			t.Errorf("locations = %+v", ls)
		}
	})
}

func itoa(n int64) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int64) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}
