package network_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"birlik"
	"birlik/network"
	"birlik/store"
)

// clock is a controllable time source.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time      { return c.t }
func (c *clock) Add(d time.Duration) { c.t = c.t.Add(d) }

// Actors of every role, bound where it matters to the two municipalities
// the scoping tests play with.
var (
	system      = birlik.SystemActor
	admin       = birlik.Actor{UserID: 1, Email: "admin@marmara.bel.tr", Role: birlik.RoleAdmin}
	coordinator = birlik.Actor{UserID: 2, Email: "koordinator@marmara.bel.tr", Role: birlik.RoleCoordinator}
	committee   = birlik.Actor{UserID: 3, Email: "meclis@marmara.bel.tr", Role: birlik.RoleCommittee}
	viewer      = birlik.Actor{UserID: 4, Email: "izleyici@marmara.bel.tr", Role: birlik.RoleViewer}
	kadikoyFP   = birlik.Actor{UserID: 5, Email: "odak@kadikoy.bel.tr", Role: birlik.RoleFocalPoint, OrgID: "istanbul-kadikoy"}
	niluferFP   = birlik.Actor{UserID: 6, Email: "odak@nilufer.bel.tr", Role: birlik.RoleFocalPoint, OrgID: "bursa-nilufer"}
	anonymous   = birlik.Actor{}
)

func as(a birlik.Actor) context.Context { return birlik.WithActor(context.Background(), a) }

func i64(n int64) *int64 { return &n }
func yes() *bool         { b := true; return &b }
func no() *bool          { b := false; return &b }

// newService returns a service on db with a fixed clock and the places
// every test uses: the region, five provinces and a few districts.
func newService(t testing.TB, db *store.DB) (*network.Service, *clock) {
	t.Helper()
	c := &clock{time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	s := network.New(db)
	s.Now = c.Now
	if err := s.SavePlaces(as(system), testPlaces()); err != nil {
		t.Fatalf("save places: %v", err)
	}
	return s, c
}

const square = `{"type":"Polygon","coordinates":[[[29,40],[29.1,40],[29.1,40.1],[29,40]]]}`

func testPlaces() []network.Place {
	return []network.Place{
		{ID: "marmara", Kind: network.Region, Name: "Marmara"},
		{ID: "istanbul", Kind: network.Province, ParentID: "marmara", Name: "İstanbul", Code: "34", Boundary: []byte(square)},
		{ID: "bursa", Kind: network.Province, ParentID: "marmara", Name: "Bursa", Code: "16", Boundary: []byte(square)},
		{ID: "edirne", Kind: network.Province, ParentID: "marmara", Name: "Edirne", Code: "22"},
		{ID: "canakkale", Kind: network.Province, ParentID: "marmara", Name: "Çanakkale", Code: "17", Population: i64(559383)},
		{ID: "kocaeli", Kind: network.Province, ParentID: "marmara", Name: "Kocaeli", Code: "41"},
		{ID: "istanbul-kadikoy", Kind: network.District, ParentID: "istanbul", Name: "Kadıköy"},
		{ID: "bursa-nilufer", Kind: network.District, ParentID: "bursa", Name: "Nilüfer"},
		{ID: "kocaeli-izmit", Kind: network.District, ParentID: "kocaeli", Name: "İzmit"},
		{ID: "canakkale-merkez", Kind: network.District, ParentID: "canakkale", Name: "Çanakkale Merkez"},
		{ID: "edirne-merkez", Kind: network.District, ParentID: "edirne", Name: "Edirne Merkez"},
	}
}

func testOrgs() []network.Organisation {
	return []network.Organisation{
		{ID: "umm", Kind: network.Union, Name: "Marmara Belediyeler Birliği", ShortName: "MBB", PlaceID: "marmara"},
		{ID: "istanbul-bb", Kind: network.Municipality, MunicipalityKind: network.Metropolitan, Name: "İstanbul Büyükşehir Belediyesi",
			ShortName: "İBB", PlaceID: "istanbul", Population: i64(15655924), MemberStatus: network.Member, MemberSince: "1976-01-01"},
		{ID: "istanbul-kadikoy", Kind: network.Municipality, MunicipalityKind: network.DistrictMun, Name: "Kadıköy Belediyesi",
			ParentID: "istanbul-bb", PlaceID: "istanbul-kadikoy", Population: i64(467919), MemberStatus: network.Member,
			Website: "https://www.kadikoy.bel.tr", Email: "bilgi@kadikoy.bel.tr", Phone: "+90 216 542 50 00"},
		{ID: "bursa-bb", Kind: network.Municipality, MunicipalityKind: network.Metropolitan, Name: "Bursa Büyükşehir Belediyesi",
			PlaceID: "bursa", Population: i64(3214571), MemberStatus: network.Member},
		{ID: "bursa-nilufer", Kind: network.Municipality, MunicipalityKind: network.DistrictMun, Name: "Nilüfer Belediyesi",
			ParentID: "bursa-bb", PlaceID: "bursa-nilufer", Population: i64(498851), MemberStatus: network.Member},
		{ID: "kocaeli-izmit", Kind: network.Municipality, MunicipalityKind: network.DistrictMun, Name: "İzmit Belediyesi",
			PlaceID: "kocaeli-izmit", Population: i64(367990), MemberStatus: network.Candidate},
		{ID: "canakkale-il", Kind: network.Municipality, MunicipalityKind: network.Provincial, Name: "Çanakkale Belediyesi",
			PlaceID: "canakkale-merkez", MemberStatus: network.Member},
		{ID: "edirne-il", Kind: network.Municipality, MunicipalityKind: network.Provincial, Name: "Edirne Belediyesi",
			PlaceID: "edirne-merkez", Population: i64(185408), MemberStatus: network.Former, MemberSince: "2001-05-01", MemberUntil: "2020-12-31"},
		{ID: "ihh", Kind: network.NGO, Name: "Göç ve Uyum Derneği", PlaceID: "istanbul"},
		{ID: "uclg", Kind: network.International, Name: "United Cities and Local Governments", ShortName: "UCLG"},
	}
}

// newNetwork returns a service whose database holds the test places and
// organisations.
func newNetwork(t testing.TB, db *store.DB) (*network.Service, *clock) {
	t.Helper()
	s, c := newService(t, db)
	if _, _, err := s.SaveOrganisations(as(system), testOrgs(), nil); err != nil {
		t.Fatalf("save organisations: %v", err)
	}
	return s, c
}

// mustPerson creates a person with a first affiliation as the system.
func mustPerson(t testing.TB, s *network.Service, given, family, email, org string) *network.Person {
	t.Helper()
	p := &network.Person{GivenName: given, FamilyName: family, Email: email, Gender: network.Female}
	if err := s.CreatePerson(as(system), p, network.Affiliation{OrgID: org, Position: "Uzman", Started: "2024-01-01"}); err != nil {
		t.Fatalf("create %s %s: %v", given, family, err)
	}
	return p
}

// auditCount returns how many audit entries exist for the entity.
func auditCount(t testing.TB, db *store.DB, entity, id string) int {
	t.Helper()
	var n int
	q := `SELECT COUNT(*) FROM audit_log WHERE entity = ?`
	args := []any{entity}
	if id != "" {
		q += ` AND entity_id = ?`
		args = append(args, id)
	}
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := birlik.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func orgIDs(orgs []network.Organisation) []string {
	out := make([]string, len(orgs))
	for i, o := range orgs {
		out[i] = o.ID
	}
	return out
}

func personNames(people []network.Person) []string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = p.FamilyName
	}
	return out
}

func sameStrings(a, b []string) bool { return slices.Equal(a, b) }
