package streets_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/network"
	"birlik/publiclife"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
	"birlik/streets"
)

func as(a birlik.Actor) context.Context { return birlik.WithActor(context.Background(), a) }

// fixture is a database with the seed's places and municipalities,
// accounts of the roles the programme tells apart, and a clock that
// moves a minute a call.
type fixture struct {
	db                          *store.DB
	s                           *streets.Service
	admin, kadikoyFP, niluferFP birlik.Actor
	viewer, anonymous           birlik.Actor
}

var start = time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := as(birlik.SystemActor)
	if _, err := seed.Base(ctx, db, network.New(db)); err != nil {
		t.Fatalf("seed: %v", err)
	}
	f := &fixture{db: db, s: streets.New(db)}
	clock := start
	f.s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	user := func(email string, role birlik.Role, org string) birlik.Actor {
		t.Helper()
		var o any
		if org != "" {
			o = org
		}
		var id int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, `INSERT INTO users (email, role, org_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				email, string(role), o, start, start).Scan(&id)
		})
		if err != nil {
			t.Fatal(err)
		}
		return birlik.Actor{UserID: id, Email: email, Role: role, OrgID: org}
	}
	f.admin = user("admin@test", birlik.RoleAdmin, "")
	f.kadikoyFP = user("odak@kadikoy.test", birlik.RoleFocalPoint, "istanbul-kadikoy")
	f.niluferFP = user("odak@nilufer.test", birlik.RoleFocalPoint, "bursa-nilufer")
	f.viewer = user("izleyici@test", birlik.RoleViewer, "")
	return f
}

func (f *fixture) cycle(t *testing.T, year int) *streets.Cycle {
	t.Helper()
	c := &streets.Cycle{Year: year, Name: fmt.Sprintf("Sokaklar Bizim %d", year), Partners: "Superpool\nGDCI"}
	if err := f.s.SaveCycle(as(f.admin), c); err != nil {
		t.Fatalf("cycle %d: %v", year, err)
	}
	return c
}

// Real places for street polygons: Moda in Kadıköy (İstanbul), a side
// street of FSM Bulvarı in Nilüfer (Bursa), by Cumhuriyet Parkı in İzmit
// (Kocaeli), and Athens for a polygon in the wrong country.
var (
	moda   = [2]float64{29.0262, 40.9840}
	fsm    = [2]float64{28.9745, 40.2197}
	izmit  = [2]float64{29.9187, 40.7656}
	athens = [2]float64{23.7275, 37.9838}
)

// rect returns the GeoJSON of a street: length metres east-west by width
// metres north-south from the south-west corner at, counter-clockwise,
// and its area on the ellipsoid from the local radii of curvature of
// WGS84 (exact to a few parts per million at this size: an independent
// reckoning of what geo.Area computes).
func rect(at [2]float64, length, width float64) ([]byte, float64) {
	const a, f = 6378137.0, 1 / 298.257223563
	e2 := f * (2 - f)
	lat := (at[1] + width/2/111000) * math.Pi / 180
	w := 1 - e2*math.Sin(lat)*math.Sin(lat)
	m := a * (1 - e2) / math.Pow(w, 1.5) * math.Pi / 180  // metres per degree of latitude
	n := a / math.Sqrt(w) * math.Cos(lat) * math.Pi / 180 // of longitude
	dlon, dlat := length/n, width/m
	x0, y0 := at[0], at[1]
	x1, y1 := x0+dlon, y0+dlat
	g := fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f]]]}`,
		x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)
	return []byte(g), dlon * n * dlat * m
}

func (f *fixture) site(t *testing.T, as context.Context, in streets.SiteInput) *streets.Site {
	t.Helper()
	s, err := f.s.SaveSite(as, in)
	if err != nil {
		t.Fatalf("site %q: %v (%v)", in.Name, err, birlik.FieldArgs(err, "geometry"))
	}
	return s
}

func code(t *testing.T, err error, want string) {
	t.Helper()
	if got := birlik.ErrorCode(err); got != want {
		t.Fatalf("error %v: code %q, want %q", err, got, want)
	}
}

func field(t *testing.T, err error, name, want string) {
	t.Helper()
	code(t, err, birlik.EINVALID)
	if got := birlik.FieldErrors(err)[name]; got != want {
		t.Fatalf("field %s: %q, want %q (all: %v)", name, got, want, birlik.FieldErrors(err))
	}
}

func TestCycles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.cycle(t, 2024)
		if c.ID == 0 || c.Version != 1 || c.Partners != "Superpool\nGDCI" {
			t.Fatalf("stored %+v", c)
		}
		t.Run("refused", func(t *testing.T) {
			code(t, f.s.SaveCycle(as(f.kadikoyFP), &streets.Cycle{Year: 2030, Name: "x"}), birlik.EFORBIDDEN)
			field(t, f.s.SaveCycle(as(f.admin), &streets.Cycle{Year: 2024, Name: "again"}), "year", "error.streets.year_taken")
			field(t, f.s.SaveCycle(as(f.admin), &streets.Cycle{Year: 1999, Name: "old"}), "year", "error.streets.year_invalid")
			field(t, f.s.SaveCycle(as(f.admin), &streets.Cycle{Year: 2031, Name: " "}), "name", "error.streets.required")
			field(t, f.s.SaveCycle(as(f.admin), &streets.Cycle{Year: 2031, Name: "x", CallOpens: "2031-03-01", CallCloses: "2031-02-01"}),
				"call_closes", "error.streets.date_order")
			stale := *c
			stale.Version = 0
			stale.Name = "renamed"
			code(t, f.s.SaveCycle(as(f.admin), &stale), birlik.ECONFLICT)
		})
		t.Run("update", func(t *testing.T) {
			c.Call = "Başvurular açık"
			c.CallOpens, c.CallCloses = "2024-02-01", "2024-03-15"
			if err := f.s.SaveCycle(as(f.admin), c); err != nil {
				t.Fatal(err)
			}
			got, err := f.s.Cycle(as(birlik.Actor{}), c.ID)
			if err != nil || got.Version != 2 || got.CallCloses != "2024-03-15" || got.Call != "Başvurular açık" {
				t.Fatalf("%+v %v", got, err)
			}
			var n int
			if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'street_cycle' AND entity_id = ?`,
				fmt.Sprint(c.ID)).Scan(&n); err != nil || n != 2 {
				t.Fatalf("%d audit entries (%v), want 2", n, err)
			}
		})
		t.Run("missing", func(t *testing.T) {
			_, err := f.s.Cycle(as(birlik.Actor{}), c.ID+100)
			code(t, err, birlik.ENOTFOUND)
		})
	})
}

func TestParticipants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.cycle(t, 2025)
		apply := &streets.Participant{CycleID: c.ID, Status: streets.Applied, Team: "Ayşe Yılmaz, Fen İşleri"}
		if err := f.s.SaveParticipant(as(f.kadikoyFP), apply); err != nil {
			t.Fatal(err)
		}
		if apply.OrgID != "istanbul-kadikoy" || apply.ProvinceID != "istanbul" || apply.AppliedOn != "2025-06-01" || apply.Version != 1 {
			t.Fatalf("stored %+v", apply)
		}
		for _, tc := range []struct {
			name  string
			actor birlik.Actor
			p     streets.Participant
			code  string
		}{
			{"another municipality", f.kadikoyFP, streets.Participant{CycleID: c.ID, OrgID: "bursa-nilufer", Status: streets.Applied}, birlik.EFORBIDDEN},
			{"select itself", f.niluferFP, streets.Participant{CycleID: c.ID, Status: streets.Selected}, birlik.EFORBIDDEN},
			{"viewer", f.viewer, streets.Participant{CycleID: c.ID, OrgID: "bursa-nilufer", Status: streets.Applied}, birlik.EFORBIDDEN},
			{"twice", f.kadikoyFP, streets.Participant{CycleID: c.ID, Status: streets.Applied}, birlik.ECONFLICT},
			{"no cycle", f.admin, streets.Participant{CycleID: c.ID + 9, OrgID: "bursa-nilufer", Status: streets.Applied}, birlik.ENOTFOUND},
			{"not a municipality", f.admin, streets.Participant{CycleID: c.ID, OrgID: "umm", Status: streets.Applied}, birlik.EINVALID},
			{"bad status", f.admin, streets.Participant{CycleID: c.ID, OrgID: "bursa-nilufer", Status: "won"}, birlik.EINVALID},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := tc.p
				code(t, f.s.SaveParticipant(as(tc.actor), &p), tc.code)
			})
		}
		t.Run("focal point decides nothing", func(t *testing.T) {
			p := *apply
			p.Status = streets.Selected
			code(t, f.s.SaveParticipant(as(f.kadikoyFP), &p), birlik.EFORBIDDEN)
			// Nilüfer's focal point cannot touch Kadıköy's application:
			// the row is outside their scope, so there is none to change.
			p.Status = streets.Withdrawn
			code(t, f.s.SaveParticipant(as(f.niluferFP), &p), birlik.EFORBIDDEN)
		})
		for _, org := range []string{"bursa-nilufer", "kocaeli-izmit", "istanbul-sisli"} {
			p := &streets.Participant{CycleID: c.ID, OrgID: org, Status: streets.Applied, Team: "ekip " + org}
			if err := f.s.SaveParticipant(as(f.admin), p); err != nil {
				t.Fatal(err)
			}
			if org != "istanbul-sisli" {
				p.Status, p.Training = streets.Selected, streets.TrainingOngoing
				if err := f.s.SaveParticipant(as(f.admin), p); err != nil {
					t.Fatal(err)
				}
				if p.DecidedOn == "" || p.Version != 2 {
					t.Fatalf("decided %+v", p)
				}
			}
		}
		t.Run("team edit", func(t *testing.T) {
			p := *apply
			p.Team = "Ayşe Yılmaz\nMehmet Demir"
			p.Training = streets.TrainingCompleted // not theirs to say: kept
			if err := f.s.SaveParticipant(as(f.kadikoyFP), &p); err != nil {
				t.Fatal(err)
			}
			if p.Team != "Ayşe Yılmaz\nMehmet Demir" || p.Training != streets.TrainingNotStarted || p.Version != 2 {
				t.Fatalf("%+v", p)
			}
			*apply = p
		})
		t.Run("who reads what", func(t *testing.T) {
			for _, tc := range []struct {
				name  string
				actor birlik.Actor
				want  string // org:team?, in order
			}{
				{"staff", f.admin, "bursa-nilufer:T istanbul-kadikoy:T istanbul-sisli:T kocaeli-izmit:T"},
				{"kadikoy", f.kadikoyFP, "bursa-nilufer: istanbul-kadikoy:T kocaeli-izmit:"},
				{"public", f.anonymous, "bursa-nilufer: kocaeli-izmit:"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					ps, err := f.s.Participants(as(tc.actor), c.ID)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, p := range ps {
						s := p.OrgID + ":"
						if p.Team != "" {
							s += "T"
						}
						got = append(got, s)
					}
					if strings.Join(got, " ") != tc.want {
						t.Fatalf("got %v, want %s", got, tc.want)
					}
				})
			}
		})
		t.Run("withdraw", func(t *testing.T) {
			p := *apply
			p.Status = streets.Withdrawn
			if err := f.s.SaveParticipant(as(f.kadikoyFP), &p); err != nil || p.Status != streets.Withdrawn {
				t.Fatalf("%+v %v", p, err)
			}
			p.Status = streets.Applied // back again: staff only
			code(t, f.s.SaveParticipant(as(f.kadikoyFP), &p), birlik.EFORBIDDEN)
		})
		t.Run("figures", func(t *testing.T) {
			got, err := f.s.Cycle(as(f.anonymous), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Applicants != 4 || got.Selected != 2 || strings.Join(got.Cities, ",") != "bursa,kocaeli" {
				t.Fatalf("%d applicants, %d selected, cities %v", got.Applicants, got.Selected, got.Cities)
			}
		})
	})
}

func TestSites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.cycle(t, 2025)
		g, want := rect(moda, 120, 9)
		kadikoy := f.site(t, as(f.kadikoyFP), streets.SiteInput{CycleID: c.ID, Name: "Moda Oyun Sokağı", Intervention: streets.PlayStreet,
			Phase: streets.Tactical, PhaseDates: map[streets.Phase]string{streets.Baseline: "2025-03-01", streets.Tactical: "2025-05-10"},
			Geometry: g, Published: true})
		t.Run("stored", func(t *testing.T) {
			if kadikoy.OrgID != "istanbul-kadikoy" || kadikoy.ProvinceID != "istanbul" || kadikoy.CycleYear != 2025 || kadikoy.Version != 1 {
				t.Fatalf("%+v", kadikoy)
			}
			if rel := math.Abs(kadikoy.AreaM2-want) / want; rel > 0.001 {
				t.Fatalf("area %.3f m², want %.3f (relative error %.2g)", kadikoy.AreaM2, want, rel)
			}
			if c := kadikoy.Centroid; math.Abs(c[0]-moda[0]) > 0.01 || math.Abs(c[1]-moda[1]) > 0.01 {
				t.Fatalf("centroid %v", c)
			}
			if len(kadikoy.Geometry) != 1 || len(kadikoy.Geometry[0][0]) != 5 {
				t.Fatalf("geometry %v", kadikoy.Geometry)
			}
			var overview string
			if err := db.QueryRowContext(context.Background(), `SELECT overview FROM street_sites WHERE id = ?`, kadikoy.ID).Scan(&overview); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(overview, `"Polygon"`) || len(overview) > 400 {
				t.Fatalf("overview of %d bytes: %s", len(overview), overview)
			}
		})

		bursa, _ := rect(fsm, 80, 12)
		draft := f.site(t, as(f.niluferFP), streets.SiteInput{CycleID: c.ID, Name: "FSM Okul Sokağı", Intervention: streets.SchoolStreet,
			Phase: streets.Design, Geometry: bursa})

		t.Run("refused", func(t *testing.T) {
			bowtie := []byte(`{"type":"Polygon","coordinates":[[[29.0262,40.9840],[29.0272,40.9841],[29.0272,40.9840],[29.0262,40.9841],[29.0262,40.9840]]]}`)
			greece, _ := rect(athens, 100, 10)
			izmitG, _ := rect(izmit, 100, 10)
			// The arguments a message must carry: the province a site
			// drawn elsewhere is said to be outside of.
			wantArg := map[string]any{"wrong province": "İstanbul"}
			base := streets.SiteInput{CycleID: c.ID, OrgID: "istanbul-kadikoy", Name: "x", Intervention: streets.Plaza, Phase: streets.Baseline, Geometry: g}
			for _, tc := range []struct {
				name, field, key string // key "" means any geo.error.* with arguments
				edit             func(in *streets.SiteInput)
			}{
				{"no geometry", "geometry", "error.streets.geometry_required", func(in *streets.SiteInput) { in.Geometry = nil }},
				{"not geometry", "geometry", "", func(in *streets.SiteInput) { in.Geometry = []byte(`{"type":"Point","coordinates":[29,41]}`) }},
				{"bow tie", "geometry", "", func(in *streets.SiteInput) { in.Geometry = bowtie }},
				{"wrong country", "geometry", "", func(in *streets.SiteInput) { in.Geometry = greece }},
				{"wrong province", "geometry", "geo.error.outside_named", func(in *streets.SiteInput) { in.Geometry = izmitG }},
				{"no name", "name", "error.streets.required", func(in *streets.SiteInput) { in.Name = "" }},
				{"bad phase", "phase", "error.streets.phase_invalid", func(in *streets.SiteInput) { in.Phase = "done" }},
				{"bad intervention", "intervention", "error.streets.intervention_invalid", func(in *streets.SiteInput) { in.Intervention = "wall" }},
				{"no cycle", "cycle_id", "error.streets.cycle_invalid", func(in *streets.SiteInput) { in.CycleID = c.ID + 5 }},
				{"not a municipality", "org_id", "error.streets.org_invalid", func(in *streets.SiteInput) { in.OrgID = "umm" }},
				{"dates backwards", "phase_date_design", "error.streets.phase_dates_order", func(in *streets.SiteInput) {
					in.Phase = streets.Tactical
					in.PhaseDates = map[streets.Phase]string{streets.Baseline: "2025-03-01", streets.Design: "2025-02-01"}
				}},
				{"date not reached", "phase_date_permanent", "error.streets.phase_not_reached", func(in *streets.SiteInput) {
					in.PhaseDates = map[streets.Phase]string{streets.Permanent: "2025-03-01"}
				}},
				{"bad date", "phase_date_baseline", "error.streets.date_invalid", func(in *streets.SiteInput) {
					in.PhaseDates = map[streets.Phase]string{streets.Baseline: "1 March"}
				}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					in := base
					tc.edit(&in)
					_, err := f.s.SaveSite(as(f.admin), in)
					code(t, err, birlik.EINVALID)
					got := birlik.FieldErrors(err)[tc.field]
					if tc.key != "" && got != tc.key {
						t.Fatalf("%s: %q, want %q (%v)", tc.field, got, tc.key, birlik.FieldErrors(err))
					}
					if arg, ok := wantArg[tc.name]; ok && !slices.Contains(birlik.FieldArgs(err, tc.field), arg) {
						t.Fatalf("%s: arguments %v, want %v among them", tc.field, birlik.FieldArgs(err, tc.field), arg)
					}
					if tc.key == "" && (!strings.HasPrefix(got, "geo.error.") || len(birlik.FieldArgs(err, tc.field)) == 0) {
						t.Fatalf("%s: %q with arguments %v, want a geo.error.* with its arguments", tc.field, got, birlik.FieldArgs(err, tc.field))
					}
				})
			}
		})

		t.Run("scope", func(t *testing.T) {
			// Nilüfer's focal point reads Kadıköy's published site but may
			// not change it, nor make one for Kadıköy.
			in := streets.SiteInput{ID: kadikoy.ID, Version: kadikoy.Version, CycleID: c.ID, Name: "Bizim", Intervention: streets.PlayStreet, Phase: streets.Tactical}
			_, err := f.s.SaveSite(as(f.niluferFP), in)
			code(t, err, birlik.EFORBIDDEN)
			in.ID, in.OrgID, in.Geometry = 0, "istanbul-kadikoy", g
			_, err = f.s.SaveSite(as(f.niluferFP), in)
			code(t, err, birlik.EFORBIDDEN)
			_, err = f.s.SaveSite(as(f.viewer), in)
			code(t, err, birlik.EFORBIDDEN)
			// Kadıköy's focal point does not even see Nilüfer's draft.
			_, err = f.s.SaveSite(as(f.kadikoyFP), streets.SiteInput{ID: draft.ID, Version: 1, CycleID: c.ID, Name: "x",
				Intervention: streets.Plaza, Phase: streets.Design})
			code(t, err, birlik.ENOTFOUND)
			code(t, f.s.MayChange(as(f.niluferFP), kadikoy.ID), birlik.EFORBIDDEN)
			code(t, f.s.MayChange(as(f.kadikoyFP), kadikoy.ID), "")
		})

		t.Run("drafts hidden", func(t *testing.T) {
			for _, tc := range []struct {
				name  string
				actor birlik.Actor
				sees  bool
			}{
				{"public", f.anonymous, false}, {"viewer", f.viewer, false}, {"other focal point", f.kadikoyFP, false},
				{"own focal point", f.niluferFP, true}, {"staff", f.admin, true},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, err := f.s.Site(as(tc.actor), draft.ID)
					page, lerr := f.s.Sites(as(tc.actor), streets.SiteFilter{})
					if lerr != nil {
						t.Fatal(lerr)
					}
					listed := false
					for _, s := range page.Sites {
						listed = listed || s.ID == draft.ID
					}
					if (err == nil) != tc.sees || listed != tc.sees || page.Total != len(page.Sites) {
						t.Fatalf("read: %v; listed %v of %d; want seen %v", err, listed, page.Total, tc.sees)
					}
					if err != nil {
						code(t, err, birlik.ENOTFOUND)
					}
				})
			}
		})

		t.Run("update", func(t *testing.T) {
			in := streets.SiteInput{ID: kadikoy.ID, Version: kadikoy.Version, CycleID: c.ID, Name: "Moda Oyun Sokağı", Intervention: streets.PlayStreet,
				Phase: streets.Permanent, PhaseDates: map[streets.Phase]string{streets.Baseline: "2025-03-01", streets.Tactical: "2025-05-10", streets.Permanent: "2025-09-01"},
				Published: true}
			got, err := f.s.SaveSite(as(f.kadikoyFP), in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != 2 || got.Phase != streets.Permanent || got.AreaM2 != kadikoy.AreaM2 || got.PhaseDates[streets.Permanent] != "2025-09-01" {
				t.Fatalf("%+v", got)
			}
			_, err = f.s.SaveSite(as(f.kadikoyFP), in) // version 1 again
			code(t, err, birlik.ECONFLICT)
			bigger, area := rect(moda, 200, 9)
			in.Version, in.Geometry = got.Version, bigger
			got, err = f.s.SaveSite(as(f.admin), in)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.AreaM2-area)/area > 0.001 {
				t.Fatalf("area %.1f after the new geometry, want %.1f", got.AreaM2, area)
			}
			*kadikoy = *got
		})

		t.Run("search and filter", func(t *testing.T) {
			for _, tc := range []struct {
				f    streets.SiteFilter
				want int
			}{
				{streets.SiteFilter{Query: "moda"}, 1},
				{streets.SiteFilter{Query: "KADIKÖY"}, 1},
				{streets.SiteFilter{ProvinceID: "bursa"}, 1},
				{streets.SiteFilter{Phase: streets.Design}, 1},
				{streets.SiteFilter{OrgID: "istanbul-kadikoy", CycleID: c.ID}, 1},
				{streets.SiteFilter{Query: "yok böyle"}, 0},
			} {
				page, err := f.s.Sites(as(f.admin), tc.f)
				if err != nil || page.Total != tc.want {
					t.Fatalf("%+v: %d (%v), want %d", tc.f, page.Total, err, tc.want)
				}
			}
		})

		t.Run("map and export", func(t *testing.T) {
			ms, err := f.s.MapSites(as(f.admin), streets.DashboardFilter{}, true)
			if err != nil || len(ms) != 1 || ms[0].ID != kadikoy.ID || !strings.Contains(string(ms[0].Overview), "coordinates") {
				t.Fatalf("%+v %v", ms, err)
			}
			markers, err := f.s.MapSites(as(f.admin), streets.DashboardFilter{}, false)
			if err != nil || len(markers) != 1 || markers[0].Overview != nil || markers[0].Centroid != ms[0].Centroid {
				t.Fatalf("a map of markers: %+v %v", markers, err)
			}
			all, err := f.s.ExportSites(as(f.admin), streets.DashboardFilter{})
			if err != nil || len(all) != 2 || len(all[1].Geometry) != 1 {
				t.Fatalf("%d sites %v", len(all), err)
			}
			pub, err := f.s.ExportSites(as(f.anonymous), streets.DashboardFilter{ProvinceID: "bursa"})
			if err != nil || len(pub) != 0 {
				t.Fatalf("the public exports %d of Bursa's sites (%v), want 0", len(pub), err)
			}
		})

		t.Run("audit", func(t *testing.T) {
			var n int
			if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'street_site'`).Scan(&n); err != nil || n != 4 {
				t.Fatalf("%d audit entries (%v), want 4 (two sites, two changes)", n, err)
			}
		})

		t.Run("import", func(t *testing.T) {
			a, _ := rect([2]float64{moda[0] + 0.003, moda[1]}, 50, 8)
			b, _ := rect([2]float64{moda[0] + 0.006, moda[1]}, 60, 8)
			elsewhere, _ := rect(izmit, 100, 10)
			batch := []streets.SiteInput{
				{CycleID: c.ID, OrgID: "istanbul-kadikoy", Name: "A", Intervention: streets.Parklet, Phase: streets.Baseline, Geometry: a},
				{CycleID: c.ID, OrgID: "istanbul-kadikoy", Name: "B", Intervention: streets.Parklet, Phase: streets.Baseline, Geometry: b},
			}
			_, err := f.s.ImportSites(as(f.kadikoyFP), batch)
			code(t, err, birlik.EFORBIDDEN)
			bad := append(slices.Clone(batch), streets.SiteInput{CycleID: c.ID, OrgID: "istanbul-kadikoy", Name: "C",
				Intervention: streets.Parklet, Phase: streets.Baseline, Geometry: elsewhere})
			if _, err := f.s.ImportSites(as(f.admin), bad); birlik.ErrorCode(err) != birlik.EINVALID {
				t.Fatalf("a batch with a site outside its province: %v", err)
			}
			ids, err := f.s.ImportSites(as(f.admin), batch)
			if err != nil || len(ids) != 2 || ids[1] <= ids[0] {
				t.Fatalf("%v %v", ids, err)
			}
			var n int
			if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM street_sites`).Scan(&n); err != nil || n != 4 {
				t.Fatalf("%d sites (%v), want 4: the refused batch stored nothing", n, err)
			}
		})
	})
}

func TestDashboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c24, c25 := f.cycle(t, 2024), f.cycle(t, 2025)
		for _, p := range []streets.Participant{
			{CycleID: c24.ID, OrgID: "istanbul-kadikoy"}, {CycleID: c24.ID, OrgID: "bursa-nilufer"},
			{CycleID: c25.ID, OrgID: "kocaeli-izmit"}, {CycleID: c25.ID, OrgID: "istanbul-kadikoy"},
		} {
			p.Status = streets.Selected
			if err := f.s.SaveParticipant(as(f.admin), &p); err != nil {
				t.Fatal(err)
			}
		}
		declined := streets.Participant{CycleID: c25.ID, OrgID: "istanbul-sisli", Status: streets.Declined}
		if err := f.s.SaveParticipant(as(f.admin), &declined); err != nil {
			t.Fatal(err)
		}
		type spec struct {
			cycle     int64
			org       string
			at        [2]float64
			length    float64
			phase     streets.Phase
			published bool
		}
		area, ids := map[string]float64{}, map[string]int64{}
		for i, sp := range []spec{
			{c24.ID, "istanbul-kadikoy", moda, 100, streets.Evaluated, true},
			{c24.ID, "bursa-nilufer", fsm, 150, streets.Permanent, true},
			{c24.ID, "bursa-nilufer", [2]float64{fsm[0] + 0.01, fsm[1]}, 60, streets.Design, true},
			{c25.ID, "kocaeli-izmit", izmit, 200, streets.Tactical, true},
			{c25.ID, "istanbul-kadikoy", [2]float64{moda[0] + 0.005, moda[1]}, 80, streets.Tactical, false},
		} {
			g, _ := rect(sp.at, sp.length, 10)
			s := f.site(t, as(f.admin), streets.SiteInput{CycleID: sp.cycle, OrgID: sp.org, Name: fmt.Sprintf("Sokak %d", i),
				Intervention: streets.PlayStreet, Phase: sp.phase, Geometry: g, Published: sp.published})
			key := fmt.Sprintf("%d", i)
			area[key], ids[key] = s.AreaM2, s.ID
		}
		// Counts after the intervention at İzmit's site (3): the most
		// children seen in one survey is what it reached.
		life := publiclife.New(db)
		study := &publiclife.Study{SiteID: ids["3"], Title: "Sonra", Stage: publiclife.After, StartDate: "2025-06-01", EndDate: "2025-06-30"}
		if err := life.SaveStudy(as(f.admin), study); err != nil {
			t.Fatal(err)
		}
		area3, _ := rect(izmit, 200, 10)
		loc := &publiclife.Location{SiteID: ids["3"], Name: "Sokak", Kind: publiclife.Area, Geometry: area3}
		if err := life.SaveLocation(as(f.admin), loc); err != nil {
			t.Fatal(err)
		}
		for _, children := range []int{12, 30, 7} {
			at := time.Date(2025, 6, 10, 10, 0, 0, 0, time.UTC)
			sv := &publiclife.Survey{StudyID: study.ID, LocationID: loc.ID, SiteID: ids["3"], Stage: publiclife.After, Start: at, Stop: at.Add(time.Hour),
				Method: publiclife.MethodAnalog, Microclimate: "sunny", DayKind: "weekday",
				Counts: []publiclife.Count{{Age: "5-14", N: children}, {Age: "25-44", N: 20}}}
			if err := life.SaveSurvey(as(f.admin), sv); err != nil {
				t.Fatalf("survey: %v %v", err, birlik.FieldErrors(err))
			}
		}
		near := func(got, want float64) bool { return math.Abs(got-want) < 1e-6 }
		t.Run("public", func(t *testing.T) {
			d, err := f.s.Dashboard(as(f.anonymous), streets.DashboardFilter{})
			if err != nil {
				t.Fatal(err)
			}
			tot := d.Totals
			// Published: sites 0-3. Transformed: 0, 1, 3. Municipalities:
			// Kadıköy, Nilüfer, İzmit (with a site or selected); cities:
			// İstanbul, Bursa, Kocaeli. Şişli was declined: not counted.
			if tot.Sites != 4 || tot.Streets != 3 || tot.Municipalities != 3 || tot.Cities != 3 || !near(tot.AreaM2, area["0"]+area["1"]+area["3"]) ||
				tot.Children != 30 || tot.Surveys != 3 {
				t.Fatalf("totals %+v", tot)
			}
			if len(d.ByCycle) != 2 || d.ByCycle[0].Label != "2025" || d.ByCycle[1].Label != "2024" {
				t.Fatalf("by cycle %+v", d.ByCycle)
			}
			c25row, c24row := d.ByCycle[0].Figures, d.ByCycle[1].Figures
			if c25row.Sites != 1 || c25row.Streets != 1 || c25row.Municipalities != 2 || c25row.Cities != 2 || !near(c25row.AreaM2, area["3"]) ||
				c25row.Children != 30 || d.ByCycle[1].Figures.Children != 0 {
				t.Fatalf("2025: %+v", c25row)
			}
			if c24row.Sites != 3 || c24row.Streets != 2 || c24row.Municipalities != 2 || !near(c24row.AreaM2, area["0"]+area["1"]) {
				t.Fatalf("2024: %+v", c24row)
			}
			var cities []string
			for _, r := range d.ByCity {
				cities = append(cities, fmt.Sprintf("%s:%d", r.Label, r.Figures.Streets))
			}
			if strings.Join(cities, " ") != "Bursa:1 İstanbul:1 Kocaeli:1" {
				t.Fatalf("by city %v", cities)
			}
			if len(d.ByMunicipality) != 3 {
				t.Fatalf("by municipality %+v", d.ByMunicipality)
			}
			for _, r := range d.ByMunicipality {
				if r.Key == "bursa-nilufer" && (r.Figures.Sites != 2 || r.Figures.Streets != 1 || !near(r.Figures.AreaM2, area["1"])) {
					t.Fatalf("Nilüfer %+v", r)
				}
			}
		})
		t.Run("staff", func(t *testing.T) {
			d, err := f.s.Dashboard(as(f.admin), streets.DashboardFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Totals.Sites != 5 || d.Totals.Streets != 4 || !near(d.Totals.AreaM2, area["0"]+area["1"]+area["3"]+area["4"]) {
				t.Fatalf("totals %+v", d.Totals)
			}
		})
		t.Run("filtered", func(t *testing.T) {
			d, err := f.s.Dashboard(as(f.anonymous), streets.DashboardFilter{ProvinceID: "istanbul"})
			if err != nil {
				t.Fatal(err)
			}
			if d.Totals.Sites != 1 || d.Totals.Streets != 1 || d.Totals.Municipalities != 1 || d.Totals.Cities != 1 || len(d.ByCity) != 1 {
				t.Fatalf("İstanbul %+v, %+v", d.Totals, d.ByCity)
			}
			d, err = f.s.Dashboard(as(f.anonymous), streets.DashboardFilter{CycleID: c24.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.ByCycle) != 1 || d.Totals.Sites != 3 || d.Totals.Municipalities != 2 {
				t.Fatalf("2024 %+v %+v", d.Totals, d.ByCycle)
			}
		})
	})
}

func TestTargetProgress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.cycle(t, 2024)
		for i, at := range [][2]float64{moda, {moda[0] + 0.004, moda[1]}} {
			g, _ := rect(at, 100, 10)
			f.site(t, as(f.admin), streets.SiteInput{CycleID: c.ID, OrgID: "istanbul-kadikoy", Name: fmt.Sprint("s", i),
				Intervention: streets.PlayStreet, Phase: streets.Tactical, Geometry: g, Published: true})
		}
		sel := streets.Participant{CycleID: c.ID, OrgID: "istanbul-kadikoy", Status: streets.Selected}
		if err := f.s.SaveParticipant(as(f.admin), &sel); err != nil {
			t.Fatal(err)
		}
		for _, tg := range []streets.Target{
			{Measure: streets.MeasureStreets, Value: 4, Baseline: 0, BaselineDate: "2024-01-01", Deadline: "2026-01-01"},
			{Measure: streets.MeasureMunicipalities, Value: 1, Baseline: 0, BaselineDate: "2024-01-01", Deadline: "2026-01-01"},
			{Measure: streets.MeasureChildren, Value: 100, Baseline: 0, BaselineDate: "2024-01-01", Deadline: "2026-01-01"},
		} {
			if err := f.s.SaveTarget(as(f.admin), &tg); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("refused", func(t *testing.T) {
			code(t, f.s.SaveTarget(as(f.kadikoyFP), &streets.Target{Measure: streets.MeasureStreets, Value: 1, BaselineDate: "2024-01-01", Deadline: "2025-01-01"}), birlik.EFORBIDDEN)
			field(t, f.s.SaveTarget(as(f.admin), &streets.Target{Measure: "trees", Value: 1, BaselineDate: "2024-01-01", Deadline: "2025-01-01"}), "measure", "error.streets.measure_invalid")
			field(t, f.s.SaveTarget(as(f.admin), &streets.Target{Measure: streets.MeasureArea, Value: 0, BaselineDate: "2024-01-01", Deadline: "2025-01-01"}), "value", "error.streets.value_invalid")
			field(t, f.s.SaveTarget(as(f.admin), &streets.Target{Measure: streets.MeasureArea, Value: 5, BaselineDate: "2025-01-01", Deadline: "2024-01-01"}), "deadline", "error.streets.deadline_order")
		})
		// On 1 January 2025, 366 days after the baseline (2024 is a leap
		// year) and 365 before the deadline: 2 streets from 0 is a pace of
		// 2 / (366/365.25) a year, which reaches 2 + 2·365/366 = 3.99454…
		// streets by the deadline: short of 4.
		f.s.Now = func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
		d, err := f.s.Dashboard(as(f.anonymous), streets.DashboardFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Targets) != 3 {
			t.Fatalf("%d targets", len(d.Targets))
		}
		for _, tc := range []struct {
			measure                            streets.Measure
			current, share, perYear, projected float64
			onTrack                            bool
		}{
			{streets.MeasureStreets, 2, 0.5, 2 * 365.25 / 366, 2 + 2*365.0/366, false},
			{streets.MeasureMunicipalities, 1, 1, 365.25 / 366, 1 + 365.0/366, true},
			{streets.MeasureChildren, 0, 0, 0, 0, false}, // no survey counted: no children
		} {
			var p *streets.Progress
			for i := range d.Targets {
				if d.Targets[i].Target.Measure == tc.measure {
					p = &d.Targets[i]
				}
			}
			if p == nil {
				t.Fatalf("no %s target", tc.measure)
			}
			close := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
			if !close(p.Current, tc.current) || !close(p.Share, tc.share) || !close(p.PerYear, tc.perYear) ||
				!close(p.Projected, tc.projected) || p.OnTrack != tc.onTrack {
				t.Fatalf("%s: %+v, want current %v share %v pace %v projected %v on track %v",
					tc.measure, p, tc.current, tc.share, tc.perYear, tc.projected, tc.onTrack)
			}
		}
		// After the deadline the projection is where the programme stands.
		f.s.Now = func() time.Time { return time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC) }
		d, err = f.s.Dashboard(as(f.anonymous), streets.DashboardFilter{})
		if err != nil || d.Targets[0].Projected != 2 || d.Targets[0].OnTrack {
			t.Fatalf("after the deadline: %+v %v", d.Targets[0], err)
		}
	})
}

func TestPhotos(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		c := f.cycle(t, 2025)
		g, _ := rect(moda, 100, 10)
		site := f.site(t, as(f.kadikoyFP), streets.SiteInput{CycleID: c.ID, Name: "Moda", Intervention: streets.PlayStreet,
			Phase: streets.Tactical, Geometry: g, Published: true})
		other := f.site(t, as(f.kadikoyFP), streets.SiteInput{CycleID: c.ID, Name: "Moda 2", Intervention: streets.PlayStreet,
			Phase: streets.Tactical, Geometry: g, Published: true})
		doc := func(parent int64, contentType string) int64 {
			t.Helper()
			var id int64
			ctx := context.Background()
			err := db.InTx(ctx, func(tx *store.Tx) error {
				return tx.QueryRowContext(ctx, `INSERT INTO documents (parent_kind, parent_id, name, content_type, size, sha256, blob_key, created_at)
					VALUES ('site', ?, 'f', ?, 10, 'x', ?, ?) RETURNING id`, parent, contentType, fmt.Sprint(time.Now().UnixNano()), start).Scan(&id)
			})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		before, after := doc(site.ID, "image/jpeg"), doc(site.ID, "image/png")
		pdf, elsewhere := doc(site.ID, "application/pdf"), doc(other.ID, "image/jpeg")
		for _, tc := range []struct {
			name  string
			actor birlik.Actor
			p     streets.Photo
			field string // "" for an error code only
			code  string
		}{
			{"no alt", f.kadikoyFP, streets.Photo{SiteID: site.ID, DocumentID: before, Stage: streets.Before, Alt: " "}, "alt", birlik.EINVALID},
			{"no stage", f.kadikoyFP, streets.Photo{SiteID: site.ID, DocumentID: before, Alt: "x"}, "stage", birlik.EINVALID},
			{"not an image", f.kadikoyFP, streets.Photo{SiteID: site.ID, DocumentID: pdf, Stage: streets.After, Alt: "x"}, "document_id", birlik.EINVALID},
			{"another site's", f.kadikoyFP, streets.Photo{SiteID: site.ID, DocumentID: elsewhere, Stage: streets.After, Alt: "x"}, "document_id", birlik.EINVALID},
			{"no document", f.kadikoyFP, streets.Photo{SiteID: site.ID, DocumentID: 99999, Stage: streets.After, Alt: "x"}, "document_id", birlik.EINVALID},
			{"other municipality", f.niluferFP, streets.Photo{SiteID: site.ID, DocumentID: before, Stage: streets.Before, Alt: "x"}, "", birlik.EFORBIDDEN},
			{"public", f.anonymous, streets.Photo{SiteID: site.ID, DocumentID: before, Stage: streets.Before, Alt: "x"}, "", birlik.EFORBIDDEN},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := f.s.AddPhoto(as(tc.actor), tc.p)
				code(t, err, tc.code)
				if tc.field != "" && birlik.FieldErrors(err)[tc.field] == "" {
					t.Fatalf("no error on %s: %v", tc.field, err)
				}
			})
		}
		for _, p := range []streets.Photo{
			{SiteID: site.ID, DocumentID: after, Stage: streets.After, Alt: "Çocuklar sokakta oynuyor"},
			{SiteID: site.ID, DocumentID: before, Stage: streets.Before, Alt: "Park etmiş arabalar"},
		} {
			if err := f.s.AddPhoto(as(f.kadikoyFP), p); err != nil {
				t.Fatal(err)
			}
		}
		// Attaching it again changes its text.
		if err := f.s.AddPhoto(as(f.admin), streets.Photo{SiteID: site.ID, DocumentID: before, Stage: streets.Before, Alt: "Arabalarla dolu sokak"}); err != nil {
			t.Fatal(err)
		}
		ps, err := f.s.Photos(as(f.anonymous), site.ID)
		if err != nil || len(ps) != 2 || ps[0].DocumentID != before || ps[0].Alt != "Arabalarla dolu sokak" || ps[1].Stage != streets.After || ps[0].Position != 1 {
			t.Fatalf("%+v %v", ps, err)
		}
		code(t, f.s.RemovePhoto(as(f.niluferFP), site.ID, before), birlik.EFORBIDDEN)
		if err := f.s.RemovePhoto(as(f.kadikoyFP), site.ID, before); err != nil {
			t.Fatal(err)
		}
		code(t, f.s.RemovePhoto(as(f.kadikoyFP), site.ID, before), birlik.ENOTFOUND)
		if ps, err := f.s.Photos(as(f.anonymous), site.ID); err != nil || len(ps) != 1 {
			t.Fatalf("%+v %v", ps, err)
		}
		var n int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'street_site_photo'`).Scan(&n); err != nil || n != 4 {
			t.Fatalf("%d audit entries (%v), want 4", n, err)
		}
	})
}
