package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"birlik"
	"birlik/streets"
)

// The Reclaiming Streets fixtures every test server gets, made through
// the streets service:
//
//   - cycle 1 (2025), which Kadıköy (ownOrg) applied to and Nilüfer
//     (otherOrg) was selected for;
//   - site 1, Kadıköy's, published, tactical: a street in Moda;
//   - site 2, Nilüfer's draft;
//   - site 3, Nilüfer's, published, in design (another municipality's
//     site a focal point of Kadıköy reads but does not change);
//   - target 1: 30 streets by 31 October 2027.
//
// The surveys' fixtures (surveys_test.go) count people on site 1.
const (
	fixtureStreetCycle    = 1
	fixtureOwnSite        = 1
	fixtureOtherDraftSite = 2
	fixtureOtherSite      = 3
	fixtureStreetTarget   = 1
	fixtureOwnSiteName    = "Moda Caddesi oyun sokağı"
)

// streetRect returns the GeoJSON of a rectangle w metres east-west by h
// metres north-south whose south-west corner is at lon, lat, counter-
// clockwise as RFC 7946 asks.
func streetRect(lon, lat, w, h float64) string {
	dlon := w / 84_000.0 // metres per degree of longitude near 41° N, roughly
	dlat := h / 111_000.0
	return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}`,
		lon, lat, lon+dlon, lat, lon+dlon, lat+dlat, lon, lat+dlat, lon, lat)
}

// Real places: Moda in Kadıköy (İstanbul) and a street of Nilüfer
// (Bursa).
var (
	modaStreet    = streetRect(29.0262, 40.9826, 150, 8)
	niluferStreet = streetRect(28.9612, 40.2185, 120, 10)
)

func addStreetFixtures(t testing.TB, e *testEnv) {
	t.Helper()
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	svc := streets.New(e.db)
	c := streets.Cycle{Year: 2025, Name: "Sokakları Geri Kazanmak 2025", Partners: "Superpool\nGlobal Designing Cities Initiative",
		Call: "Çocuklar için sokaklar.", CallOpens: "2025-01-15", CallCloses: "2025-03-01", Training: "Taktik şehircilik eğitimi"}
	if err := svc.SaveCycle(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if c.ID != fixtureStreetCycle {
		t.Fatalf("cycle fixture got id %d", c.ID)
	}
	for _, p := range []streets.Participant{
		{CycleID: c.ID, OrgID: ownOrg, Status: streets.Applied, Team: "Park ve Bahçeler Müdürlüğü"},
		{CycleID: c.ID, OrgID: otherOrg, Status: streets.Selected, Training: streets.TrainingOngoing},
	} {
		if err := svc.SaveParticipant(ctx, &p); err != nil {
			t.Fatal(err)
		}
	}
	for i, in := range []streets.SiteInput{
		{CycleID: c.ID, OrgID: ownOrg, Name: fixtureOwnSiteName, Description: "Okul önündeki sokak oyun alanına dönüştü.",
			Intervention: streets.PlayStreet, Phase: streets.Tactical, Published: true, Geometry: []byte(modaStreet),
			PhaseDates: map[streets.Phase]string{streets.Baseline: "2025-04-01", streets.Design: "2025-05-01", streets.Tactical: "2025-06-15"}},
		{CycleID: c.ID, OrgID: otherOrg, Name: "Taslak: Nilüfer okul sokağı", Intervention: streets.SchoolStreet, Phase: streets.Baseline,
			Geometry: []byte(niluferStreet)},
		{CycleID: c.ID, OrgID: otherOrg, Name: "Nilüfer meydanı", Intervention: streets.Plaza, Phase: streets.Design, Published: true,
			Geometry: []byte(streetRect(28.9650, 40.2200, 40, 30))},
	} {
		site, err := svc.SaveSite(ctx, in)
		if err != nil {
			t.Fatalf("site fixture %q: %v %v", in.Name, err, birlik.FieldErrors(err))
		}
		if site.ID != int64(i+1) {
			t.Fatalf("site fixture %q got id %d, want %d", in.Name, site.ID, i+1)
		}
	}
	target := streets.Target{Measure: streets.MeasureStreets, Value: 30, Baseline: 0, BaselineDate: "2025-01-01", Deadline: "2027-10-31"}
	if err := svc.SaveTarget(ctx, &target); err != nil {
		t.Fatal(err)
	}
}

func init() {
	envFixtures = append(envFixtures, addStreetFixtures)
	site := func(id int, rest string) string { return "/streets/sites/" + strconv.Itoa(id) + rest }
	cycle := "/streets/cycles/" + strconv.Itoa(fixtureStreetCycle)
	target := "/streets/targets/" + strconv.Itoa(fixtureStreetTarget)
	staffGet := map[string]int{"anon": toSignIn, "admin": ok, "coordinator": ok}
	staffPost := func(status int) map[string]int { return map[string]int{"admin": status, "coordinator": status} }
	editorsGet := map[string]int{"anon": toSignIn, "admin": ok, "coordinator": ok, "focal": ok}
	editorsPost := func(status int) map[string]int {
		return map[string]int{"admin": status, "coordinator": status, "focal": status}
	}
	authCases = append(authCases,
		// The programme's pages, map and open data are public.
		authCase{pattern: "GET /streets", own: "/streets", def: ok},
		authCase{pattern: "GET /streets/dashboard", own: "/streets/dashboard?cycle=1&sort=-area", other: "/streets/dashboard?province=bursa", def: ok},
		authCase{pattern: "GET /streets/dashboard.csv", own: "/streets/dashboard.csv", def: ok},
		authCase{pattern: "GET /streets/map", own: "/streets/map?province=istanbul", def: ok},
		authCase{pattern: "GET /streets/sites.geojson", own: "/streets/sites.geojson", def: ok},
		authCase{pattern: "GET /streets/sites.csv", own: "/streets/sites.csv", def: ok},
		authCase{pattern: "GET /streets/sites/export.geojson", own: "/streets/sites/export.geojson?cycle=1", def: ok},
		// Cycles: read by all, made and changed by union staff.
		authCase{pattern: "GET /streets/cycles", own: "/streets/cycles", def: ok},
		authCase{pattern: "GET /streets/cycles/{id}", own: cycle, def: ok},
		authCase{pattern: "GET /streets/cycles/new", own: "/streets/cycles/new", def: forbidden, want: staffGet},
		authCase{pattern: "POST /streets/cycles", own: "/streets/cycles", form: url.Values{}, def: forbidden, want: staffPost(invalid)},
		authCase{pattern: "GET /streets/cycles/{id}/edit", own: cycle + "/edit", def: forbidden, want: staffGet},
		authCase{pattern: "POST /streets/cycles/{id}", own: cycle, form: url.Values{"version": {"1"}}, def: forbidden, want: staffPost(invalid)},
		// A focal point applies for their municipality: Kadıköy has
		// applied already, so the application is refused as a conflict.
		authCase{pattern: "POST /streets/cycles/{id}/apply", own: cycle + "/apply", form: url.Values{}, def: forbidden,
			want: map[string]int{"focal": http.StatusConflict}},
		// Staff decide any application; a focal point edits only their
		// own (a stale version is a conflict, so nothing changes).
		authCase{pattern: "POST /streets/cycles/{id}/participants/{org}", own: cycle + "/participants/" + ownOrg, other: cycle + "/participants/" + otherOrg,
			form: url.Values{"version": {"99"}, "status": {"applied"}}, def: forbidden, want: editorsPost(http.StatusConflict),
			wantOther: map[string]int{"focal": forbidden}},
		// Sites: a draft shows to its municipality and to union staff only;
		// a focal point edits only their municipality's sites.
		authCase{pattern: "GET /streets/sites", own: "/streets/sites?q=moda&phase=tactical", def: ok},
		authCase{pattern: "GET /streets/sites/{id}", own: site(fixtureOwnSite, ""), other: site(fixtureOtherDraftSite, ""), def: ok,
			wantOther: map[string]int{"anon": notFound, "focal": notFound, "committee": notFound, "viewer": notFound}},
		authCase{pattern: "GET /streets/sites/new", own: "/streets/sites/new", def: forbidden, want: editorsGet},
		authCase{pattern: "POST /streets/sites", own: "/streets/sites", form: url.Values{}, def: forbidden, want: editorsPost(invalid)},
		authCase{pattern: "GET /streets/sites/{id}/edit", own: site(fixtureOwnSite, "/edit"), other: site(fixtureOtherSite, "/edit"),
			def: forbidden, want: editorsGet, wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "POST /streets/sites/{id}", own: site(fixtureOwnSite, ""), other: site(fixtureOtherSite, ""), form: url.Values{"version": {"1"}},
			def: forbidden, want: editorsPost(invalid), wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "POST /streets/sites/{id}/photos", own: site(fixtureOwnSite, "/photos"), other: site(fixtureOtherSite, "/photos"),
			form: url.Values{}, def: forbidden, want: editorsPost(invalid), wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "POST /streets/sites/{id}/photos/{doc}/remove", own: site(fixtureOwnSite, "/photos/999/remove"),
			other: site(fixtureOtherSite, "/photos/999/remove"), def: forbidden, want: editorsPost(notFound), wantOther: map[string]int{"focal": forbidden}},
		// Targets: read by all, set by union staff.
		authCase{pattern: "GET /streets/targets", own: "/streets/targets", def: ok},
		authCase{pattern: "GET /streets/targets/new", own: "/streets/targets/new", def: forbidden, want: staffGet},
		authCase{pattern: "POST /streets/targets", own: "/streets/targets", form: url.Values{}, def: forbidden, want: staffPost(invalid)},
		authCase{pattern: "GET /streets/targets/{id}/edit", own: target + "/edit", def: forbidden, want: staffGet},
		authCase{pattern: "POST /streets/targets/{id}", own: target, form: url.Values{"version": {"1"}}, def: forbidden, want: staffPost(invalid)},
	)
}
