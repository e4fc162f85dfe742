package publiclife_test

import (
	"context"
	"testing"
	"time"

	"birlik"
	"birlik/network"
	"birlik/publiclife"
	"birlik/seed"
	"birlik/store"
)

func as(a birlik.Actor) context.Context { return birlik.WithActor(context.Background(), a) }

func f64(x float64) *float64 { return &x }

// fixture is a database with the seed's municipalities, accounts of every
// role, a cycle and three street sites: Kadıköy's published one and its
// draft, and Nilüfer's published one. The street_sites rows are written
// directly: the surveys' rules read only their municipality and
// publication.
type fixture struct {
	db                                       *store.DB
	s                                        *publiclife.Service
	admin, coordinator, kadikoyFP, niluferFP birlik.Actor
	viewer, anonymous                        birlik.Actor
	kadikoy, kadikoyDraft, nilufer           int64 // site ids
	cycle                                    int64
	exec                                     func(q string, args ...any) int64
}

// site adds a street site of the municipality.
func (f *fixture) site(org, name string, published bool) int64 {
	return f.exec(`INSERT INTO street_sites (cycle_id, org_id, published, phase, intervention, area_m2, centroid_lon, centroid_lat,
		name, sort_key, search_text, created_at, updated_at, overview, geometry)
		VALUES (?, ?, ?, 'tactical', 'play_street', 1200, 29.03, 40.99, ?, ?, ?, ?, ?, '', '')`,
		f.cycle, org, published, name, []byte(name), name, at, at)
}

// at is the fixture's clock and the day its surveys are made on.
var at = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := as(birlik.SystemActor)
	if _, err := seed.Base(ctx, db, network.New(db)); err != nil {
		t.Fatalf("seed: %v", err)
	}
	exec := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id) }); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	f := &fixture{db: db, s: publiclife.New(db), exec: exec}
	clock := at
	f.s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	user := func(email string, role birlik.Role, org string) birlik.Actor {
		var o any
		if org != "" {
			o = org
		}
		id := exec(`INSERT INTO users (email, role, org_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`, email, string(role), o, at, at)
		return birlik.Actor{UserID: id, Email: email, Role: role, OrgID: org}
	}
	f.admin = user("admin@test", birlik.RoleAdmin, "")
	f.coordinator = user("koordinator@test", birlik.RoleCoordinator, "")
	f.kadikoyFP = user("odak@kadikoy.test", birlik.RoleFocalPoint, "istanbul-kadikoy")
	f.niluferFP = user("odak@nilufer.test", birlik.RoleFocalPoint, "bursa-nilufer")
	f.viewer = user("izleyici@test", birlik.RoleViewer, "")
	f.cycle = exec(`INSERT INTO street_cycles (year, name, created_at, updated_at) VALUES (2025, 'Sokaklar Bizim 2025', ?, ?)`, at, at)
	f.kadikoy = f.site("istanbul-kadikoy", "Moda Caddesi", true)
	f.kadikoyDraft = f.site("istanbul-kadikoy", "Yeldeğirmeni Sokağı", false)
	f.nilufer = f.site("bursa-nilufer", "Özlüce Sokağı", true)
	return f
}

// line and area are a screenline across Moda Caddesi and the play street
// beside it.
const (
	line = `{"type":"LineString","coordinates":[[29.02655,40.98412],[29.02671,40.98405]]}`
	area = `{"type":"Polygon","coordinates":[[[29.02600,40.98400],[29.02700,40.98400],[29.02700,40.98440],[29.02600,40.98440],[29.02600,40.98400]]]}`
)

// place makes a study of each stage and a line and an area on the site,
// as the actor.
type place struct {
	before, after publiclife.Study
	line, area    publiclife.Location
}

func (f *fixture) place(t testing.TB, a birlik.Actor, site int64) place {
	t.Helper()
	ctx := as(a)
	p := place{
		before: publiclife.Study{SiteID: site, Title: "Moda öncesi", Stage: publiclife.Before, StartDate: "2025-05-01", EndDate: "2025-05-31"},
		after:  publiclife.Study{SiteID: site, Title: "Moda sonrası", Stage: publiclife.After, StartDate: "2025-09-01"},
		line:   publiclife.Location{SiteID: site, Name: "Moda çizgisi", Kind: publiclife.Line, Geometry: []byte(line)},
		area:   publiclife.Location{SiteID: site, Name: "Oyun alanı", Kind: publiclife.Area, Geometry: []byte(area)},
	}
	for _, st := range []*publiclife.Study{&p.before, &p.after} {
		if err := f.s.SaveStudy(ctx, st); err != nil {
			t.Fatalf("save study: %v", err)
		}
	}
	for _, l := range []*publiclife.Location{&p.line, &p.area} {
		if err := f.s.SaveLocation(ctx, l); err != nil {
			t.Fatalf("save location: %v", err)
		}
	}
	return p
}

// survey returns a survey of the study at the location from start for
// the hours, on a sunny weekday at 20 °C, counted on paper.
func survey(st publiclife.Study, l publiclife.Location, start time.Time, hours float64, counts ...publiclife.Count) *publiclife.Survey {
	return &publiclife.Survey{SiteID: st.SiteID, StudyID: st.ID, LocationID: l.ID, Start: start,
		Stop: start.Add(time.Duration(hours * float64(time.Hour))), Method: publiclife.MethodAnalog, Microclimate: "sunny",
		TemperatureC: f64(20), DayKind: "weekday", Counts: counts}
}
