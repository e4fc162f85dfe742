package network_test

import (
	"errors"
	"strings"
	"testing"

	"birlik"
	"birlik/audit"
	"birlik/network"
	"birlik/store"
	"birlik/store/storetest"
)

func TestPlaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		ctx := as(anonymous)

		p, err := s.Place(ctx, "istanbul")
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "İstanbul" || p.ParentName != "Marmara" || string(p.Boundary) != square {
			t.Errorf("Place(istanbul) = %+v", p)
		}
		_, err = s.Place(ctx, "ankara")
		wantCode(t, err, birlik.ENOTFOUND)

		tests := []struct {
			name string
			f    network.PlaceFilter
			want []string
		}{
			{"provinces in Turkish order", network.PlaceFilter{Kind: network.Province}, []string{"bursa", "canakkale", "edirne", "istanbul", "kocaeli"}},
			{"districts of one province", network.PlaceFilter{ParentID: "kocaeli"}, []string{"kocaeli-izmit"}},
			{"folded query", network.PlaceFilter{Query: "IZMIT"}, []string{"kocaeli-izmit"}},
			{"query without Turkish letters", network.PlaceFilter{Query: "canakkale", Kind: network.Province}, []string{"canakkale"}},
			{"no match", network.PlaceFilter{Query: "ankara"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.Places(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, p := range got {
					ids = append(ids, p.ID)
					if p.Boundary != nil {
						t.Errorf("list carries the boundary of %s", p.ID)
					}
				}
				if !sameStrings(ids, tt.want) {
					t.Errorf("Places = %v, want %v", ids, tt.want)
				}
			})
		}

		b, err := s.Boundaries(ctx, network.Province)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != 2 || b[0].ID != "bursa" || b[1].ID != "istanbul" || len(b[0].Boundary) == 0 {
			t.Errorf("Boundaries = %v", b)
		}
	})
}

func TestSavePlaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newNetwork(t, db)
		wantCode(t, s.SavePlaces(as(coordinator), testPlaces()), birlik.EFORBIDDEN)
		wantCode(t, s.SavePlaces(as(kadikoyFP), testPlaces()), birlik.EFORBIDDEN)

		before := auditCount(t, db, "place", "")
		if before != len(testPlaces()) {
			t.Errorf("%d place audit entries, want one per place (%d)", before, len(testPlaces()))
		}
		// Saving the same places again changes nothing and records nothing.
		if err := s.SavePlaces(as(admin), testPlaces()); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, db, "place", ""); n != before {
			t.Errorf("idempotent save wrote %d audit entries", n-before)
		}

		bad := []network.Place{
			{ID: "Bad Id", Kind: network.District, ParentID: "bursa", Name: "X"},
			{ID: "x1", Kind: "county", Name: "X"},
			{ID: "x2", Kind: network.District, ParentID: "nowhere", Name: "X"},
			{ID: "x3", Kind: network.District, ParentID: "marmara", Name: "X"},
			{ID: "x4", Kind: network.Province, ParentID: "marmara", Name: "", Boundary: []byte(`{"type":"Point","coordinates":[1,2]}`)},
		}
		err := s.SavePlaces(as(admin), bad)
		wantCode(t, err, birlik.EINVALID)
		var ie *network.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("error %T is not an *ImportError", err)
		}
		want := map[int]string{1: "id", 2: "kind", 3: "parent_id", 4: "parent_id", 5: "name"}
		got := map[int]string{}
		for _, r := range ie.Rows {
			if _, ok := got[r.Line]; !ok {
				got[r.Line] = r.Field
			}
			if r.Line == 5 && r.Field == "boundary" {
				got[6] = "boundary"
			}
		}
		for line, field := range want {
			if got[line] != field {
				t.Errorf("row %d: first problem on %q, want %q (%v)", line, got[line], field, ie.Rows)
			}
		}
		if got[6] != "boundary" {
			t.Errorf("bad boundary not reported: %v", ie.Rows)
		}

		// Renaming a district refreshes the search text of the
		// organisations in it.
		c.Add(1)
		places := testPlaces()
		places[8].Name = "İzmit Merkez Yeni"
		if err := s.SavePlaces(as(admin), places); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, db, "place", "kocaeli-izmit"); n != 2 {
			t.Errorf("kocaeli-izmit has %d audit entries, want 2", n)
		}
		orgs, _, err := s.Organisations(as(anonymous), network.OrgFilter{Query: "yeni"})
		if err != nil || len(orgs) != 1 || orgs[0].ID != "kocaeli-izmit" {
			t.Errorf("search by new place name: %v %v", orgIDs(orgs), err)
		}
	})
}

func TestOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		o, err := s.Organisation(as(anonymous), "istanbul-kadikoy")
		if err != nil {
			t.Fatal(err)
		}
		if o.ParentName != "İstanbul Büyükşehir Belediyesi" || o.PlaceName != "Kadıköy" || o.ProvinceID != "istanbul" ||
			o.ProvinceName != "İstanbul" || o.Version != 1 || *o.Population != 467919 {
			t.Errorf("Organisation = %+v", o)
		}
		_, err = s.Organisation(as(anonymous), "ankara-cankaya")
		wantCode(t, err, birlik.ENOTFOUND)
	})
}

func TestOrganisationsSearchAndSortInTurkish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		ctx := as(anonymous)
		for _, q := range []string{"izmit", "IZMIT", "Izmit", "İzmit", "İZMİT", "izm"} {
			got, n, err := s.Organisations(ctx, network.OrgFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 || len(got) != 1 || got[0].ID != "kocaeli-izmit" {
				t.Errorf("query %q found %v (%d)", q, orgIDs(got), n)
			}
		}
		for _, q := range []string{"canakkale", "ÇANAKKALE", "Çanakkale"} {
			got, _, err := s.Organisations(ctx, network.OrgFilter{Query: q, Kind: network.Municipality})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != "canakkale-il" {
				t.Errorf("query %q found %v", q, orgIDs(got))
			}
		}
		// Wildcards in the query are taken literally.
		if got, n, _ := s.Organisations(ctx, network.OrgFilter{Query: "%"}); n != 0 {
			t.Errorf("query %% found %v", orgIDs(got))
		}
		got, _, err := s.Organisations(ctx, network.OrgFilter{MunicipalityKind: network.Provincial})
		if err != nil {
			t.Fatal(err)
		}
		if !sameStrings(orgIDs(got), []string{"canakkale-il", "edirne-il"}) {
			t.Errorf("provincial municipalities = %v", orgIDs(got))
		}
		got, _, _ = s.Organisations(ctx, network.OrgFilter{Kind: network.Municipality, Sort: "name"})
		want := []string{"bursa-bb", "canakkale-il", "edirne-il", "istanbul-bb", "kocaeli-izmit", "istanbul-kadikoy", "bursa-nilufer"}
		if !sameStrings(orgIDs(got), want) {
			t.Errorf("by name = %v, want %v (Bursa < Çanakkale < Edirne < İstanbul < İzmit < Kadıköy < Nilüfer)", orgIDs(got), want)
		}
		got, _, _ = s.Organisations(ctx, network.OrgFilter{Kind: network.Municipality, Sort: "-name"})
		for i := range want {
			if got[i].ID != want[len(want)-1-i] {
				t.Fatalf("by -name = %v", orgIDs(got))
			}
		}
	})
}

func TestOrganisationsFiltersCountsAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		ctx := as(anonymous)
		tests := []struct {
			name  string
			f     network.OrgFilter
			want  []string
			total int
		}{
			{"everything", network.OrgFilter{}, nil, 10},
			{"kind", network.OrgFilter{Kind: network.NGO}, []string{"ihh"}, 1},
			{"province", network.OrgFilter{ProvinceID: "bursa"}, []string{"bursa-bb", "bursa-nilufer"}, 2},
			{"parent", network.OrgFilter{ParentID: "istanbul-bb"}, []string{"istanbul-kadikoy"}, 1},
			{"members", network.OrgFilter{Member: network.Member}, nil, 5},
			{"former members", network.OrgFilter{Member: network.Former}, []string{"edirne-il"}, 1},
			{"not members", network.OrgFilter{Member: network.NotMember, Sort: "name"}, []string{"ihh", "umm", "uclg"}, 3},
			{"query and province", network.OrgFilter{Query: "belediye", ProvinceID: "istanbul"}, []string{"istanbul-bb", "istanbul-kadikoy"}, 2},
			{"population, unknown last", network.OrgFilter{Kind: network.Municipality, Sort: "population"},
				[]string{"edirne-il", "kocaeli-izmit", "istanbul-kadikoy", "bursa-nilufer", "bursa-bb", "istanbul-bb", "canakkale-il"}, 7},
			{"-population, unknown last", network.OrgFilter{Kind: network.Municipality, Sort: "-population"},
				[]string{"istanbul-bb", "bursa-bb", "bursa-nilufer", "istanbul-kadikoy", "kocaeli-izmit", "edirne-il", "canakkale-il"}, 7},
			{"by province", network.OrgFilter{Kind: network.Municipality, Sort: "province"},
				[]string{"bursa-bb", "bursa-nilufer", "canakkale-il", "edirne-il", "istanbul-bb", "istanbul-kadikoy", "kocaeli-izmit"}, 7},
			{"by province, none last", network.OrgFilter{Sort: "province"},
				[]string{"bursa-bb", "bursa-nilufer", "canakkale-il", "edirne-il", "ihh", "istanbul-bb", "istanbul-kadikoy", "kocaeli-izmit", "umm", "uclg"}, 10},
			{"page 2 of 3", network.OrgFilter{Kind: network.Municipality, PerPage: 3, Page: 2}, []string{"istanbul-bb", "kocaeli-izmit", "istanbul-kadikoy"}, 7},
			{"last page", network.OrgFilter{Kind: network.Municipality, PerPage: 3, Page: 3}, []string{"bursa-nilufer"}, 7},
			{"past the end", network.OrgFilter{Kind: network.Municipality, PerPage: 3, Page: 9}, []string{}, 7},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := s.Organisations(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if total != tt.total {
					t.Errorf("total = %d, want %d", total, tt.total)
				}
				if tt.want != nil && !sameStrings(orgIDs(got), tt.want) && !(len(tt.want) == 0 && len(got) == 0) {
					t.Errorf("got %v, want %v", orgIDs(got), tt.want)
				}
			})
		}
		all, err := s.ExportOrganisations(ctx, network.OrgFilter{Kind: network.Municipality, PerPage: 1})
		if err != nil || len(all) != 7 {
			t.Errorf("export ignores paging: %d rows, %v", len(all), err)
		}
	})
}

func TestCreateOrganisationValidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		base := func() network.Organisation {
			return network.Organisation{Kind: network.NGO, Name: "Kent Hakları Derneği"}
		}
		tests := []struct {
			name   string
			change func(o *network.Organisation)
			field  string
			key    string
		}{
			{"name required", func(o *network.Organisation) { o.Name = "  " }, "name", "error.network.required"},
			{"name too long", func(o *network.Organisation) { o.Name = repeat("ş", 201) }, "name", "error.network.too_long"},
			{"name control characters", func(o *network.Organisation) { o.Name = "A\x00B" }, "name", "error.network.text.invalid"},
			{"short name too long", func(o *network.Organisation) { o.ShortName = repeat("a", 101) }, "short_name", "error.network.too_long"},
			{"bad id", func(o *network.Organisation) { o.ID = "Kadıköy" }, "id", "error.network.id.invalid"},
			{"taken id", func(o *network.Organisation) { o.ID = "bursa-nilufer" }, "id", "error.network.id.taken"},
			{"kind required", func(o *network.Organisation) { o.Kind = "" }, "kind", "error.network.required"},
			{"bad kind", func(o *network.Organisation) { o.Kind = "club" }, "kind", "error.network.kind.invalid"},
			{"municipality kind required", func(o *network.Organisation) { o.Kind = network.Municipality }, "municipality_kind", "error.network.required"},
			{"municipality kind on an NGO", func(o *network.Organisation) { o.MunicipalityKind = network.Belde }, "municipality_kind", "error.network.municipality_kind.not_allowed"},
			{"bad municipality kind", func(o *network.Organisation) { o.Kind, o.MunicipalityKind = network.Municipality, "village" }, "municipality_kind", "error.network.municipality_kind.invalid"},
			{"unknown parent", func(o *network.Organisation) { o.ParentID = "ankara-bb" }, "parent_id", "error.network.org.unknown"},
			{"own parent", func(o *network.Organisation) { o.ID, o.ParentID = "kent", "kent" }, "parent_id", "error.network.parent.cycle"},
			{"unknown place", func(o *network.Organisation) { o.PlaceID = "ankara" }, "place_id", "error.network.place.unknown"},
			{"negative population", func(o *network.Organisation) { o.Population = i64(-1) }, "population", "error.network.population.invalid"},
			{"bad website", func(o *network.Organisation) { o.Website = "javascript:alert(1)" }, "website", "error.network.website.invalid"},
			{"bad e-mail", func(o *network.Organisation) { o.Email = "bilgi@" }, "email", "error.network.email.invalid"},
			{"bad phone", func(o *network.Organisation) { o.Phone = "call us" }, "phone", "error.network.phone.invalid"},
			{"address too long", func(o *network.Organisation) { o.Address = repeat("a", 501) }, "address", "error.network.too_long"},
			{"bad member status", func(o *network.Organisation) { o.MemberStatus = "vip" }, "member_status", "error.network.member_status.invalid"},
			{"bad date", func(o *network.Organisation) { o.MemberSince = "2026-02-30" }, "member_since", "error.network.date.invalid"},
			{"bad until", func(o *network.Organisation) { o.MemberUntil = "yesterday" }, "member_until", "error.network.date.invalid"},
			{"until before since", func(o *network.Organisation) { o.MemberSince, o.MemberUntil = "2020-01-01", "2019-12-31" }, "member_until", "error.network.date.order"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				o := base()
				tt.change(&o)
				err := s.CreateOrganisation(as(admin), &o)
				wantCode(t, err, birlik.EINVALID)
				if got := birlik.FieldErrors(err)[tt.field]; got != tt.key {
					t.Errorf("field %s: %q, want %q (all: %v)", tt.field, got, tt.key, birlik.FieldErrors(err))
				}
			})
		}
		// Every problem is reported at once.
		o := network.Organisation{Kind: "club", Email: "x", Phone: "?", MemberSince: "soon"}
		fe := birlik.FieldErrors(s.CreateOrganisation(as(admin), &o))
		for _, f := range []string{"name", "kind", "email", "phone", "member_since"} {
			if fe[f] == "" {
				t.Errorf("no error on %s: %v", f, fe)
			}
		}
	})
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func TestCreateOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		for _, a := range []birlik.Actor{kadikoyFP, committee, viewer, anonymous} {
			o := network.Organisation{Kind: network.NGO, Name: "Yasak Derneği"}
			wantCode(t, s.CreateOrganisation(as(a), &o), birlik.EFORBIDDEN)
		}
		o := network.Organisation{Kind: network.NGO, Name: " Göç ve Uyum Derneği ", PlaceID: "bursa-nilufer", Website: "www.goc.org.tr", Email: "Bilgi@Goc.org.tr"}
		if err := s.CreateOrganisation(as(coordinator), &o); err != nil {
			t.Fatal(err)
		}
		if o.ID != "goc-ve-uyum-dernegi" || o.Name != "Göç ve Uyum Derneği" || o.Version != 1 || o.ProvinceID != "bursa" ||
			o.ProvinceName != "Bursa" || o.Website != "https://www.goc.org.tr" || o.Email != "bilgi@goc.org.tr" || o.MemberStatus != network.NotMember {
			t.Errorf("created %+v", o)
		}
		o2 := network.Organisation{Kind: network.NGO, Name: "Göç ve Uyum Derneği"}
		if err := s.CreateOrganisation(as(admin), &o2); err != nil {
			t.Fatal(err)
		}
		if o2.ID != "goc-ve-uyum-dernegi-2" {
			t.Errorf("second slug = %q", o2.ID)
		}
		if n := auditCount(t, db, "organisation", o.ID); n != 1 {
			t.Errorf("%d audit entries for the new organisation, want 1", n)
		}
	})
}

func TestUpdateOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newNetwork(t, db)
		get := func(id string) *network.Organisation {
			t.Helper()
			o, err := s.Organisation(as(anonymous), id)
			if err != nil {
				t.Fatal(err)
			}
			return o
		}

		// Staff change anything.
		c.Add(60e9)
		o := get("istanbul-kadikoy")
		o.MemberStatus, o.Name = network.Suspended, "Kadıköy Belediye Başkanlığı"
		if err := s.UpdateOrganisation(as(coordinator), o); err != nil {
			t.Fatal(err)
		}
		if o.Version != 2 || o.MemberStatus != network.Suspended || !o.UpdatedAt.Equal(c.Now()) {
			t.Errorf("after update: %+v", o)
		}
		if n := auditCount(t, db, "organisation", "istanbul-kadikoy"); n != 2 {
			t.Errorf("%d audit entries, want 2", n)
		}

		entries, err := audit.List(as(admin), db, audit.Filter{Entity: "organisation", EntityID: "istanbul-kadikoy"})
		if err != nil || len(entries) != 2 {
			t.Fatalf("audit entries: %v %v", entries, err)
		}
		changed := map[string]string{}
		for _, c := range entries[0].Changes() {
			changed[c.Field] = c.After
		}
		if changed["member_status"] != "suspended" || changed["name"] != "Kadıköy Belediye Başkanlığı" || changed["version"] != "2" || len(changed) != 3 {
			t.Errorf("audit changes %v", changed)
		}
		if strings.Contains(string(entries[0].After), "search_text") || strings.Contains(string(entries[0].After), "sort_key") {
			t.Errorf("audit keeps derived columns: %s", entries[0].After)
		}
		if entries[0].Actor != coordinator.Email || entries[0].Action != audit.Update || entries[1].Before != nil {
			t.Errorf("audit entries %+v", entries)
		}

		// A stale version is refused.
		stale := *o
		stale.Version = 1
		stale.Phone = "0216 000 00 00"
		wantCode(t, s.UpdateOrganisation(as(admin), &stale), birlik.ECONFLICT)

		// Saving an unchanged record writes nothing.
		same := get("istanbul-kadikoy")
		if err := s.UpdateOrganisation(as(admin), same); err != nil || same.Version != 2 {
			t.Errorf("unchanged save: version %d, %v", same.Version, err)
		}
		if n := auditCount(t, db, "organisation", "istanbul-kadikoy"); n != 2 {
			t.Errorf("unchanged save wrote an audit entry")
		}

		// A focal point changes only their own organisation's contact
		// details; what else they send is ignored.
		mine := get("istanbul-kadikoy")
		mine.Phone, mine.Website, mine.Population = "+90 216 542 50 50", "kadikoy.bel.tr", i64(470000)
		mine.Name, mine.MemberStatus, mine.ParentID = "Bağımsız Kadıköy", network.Member, ""
		if err := s.UpdateOrganisation(as(kadikoyFP), mine); err != nil {
			t.Fatal(err)
		}
		if mine.Phone != "+90 216 542 50 50" || mine.Website != "https://kadikoy.bel.tr" || *mine.Population != 470000 ||
			mine.Name != "Kadıköy Belediye Başkanlığı" || mine.MemberStatus != network.Suspended || mine.ParentID != "istanbul-bb" {
			t.Errorf("focal point's update stored %+v", mine)
		}
		theirs := get("bursa-nilufer")
		theirs.Phone = "0224 000 00 00"
		for _, a := range []birlik.Actor{kadikoyFP, committee, viewer, anonymous} {
			wantCode(t, s.UpdateOrganisation(as(a), theirs), birlik.EFORBIDDEN)
		}
		bad := get("istanbul-kadikoy")
		bad.Email = "not an address"
		wantCode(t, s.UpdateOrganisation(as(kadikoyFP), bad), birlik.EINVALID)

		// A parent may not become a descendant.
		metro := get("istanbul-bb")
		metro.ParentID = "istanbul-kadikoy"
		err = s.UpdateOrganisation(as(admin), metro)
		if birlik.FieldErrors(err)["parent_id"] != "error.network.parent.cycle" {
			t.Errorf("cycle: %v", err)
		}
		_, err = s.Organisation(as(anonymous), "nowhere")
		wantCode(t, err, birlik.ENOTFOUND)
		ghost := network.Organisation{ID: "nowhere", Version: 1}
		wantCode(t, s.UpdateOrganisation(as(admin), &ghost), birlik.ENOTFOUND)
	})
}

func TestSaveOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newService(t, db)
		wantCode(t, func() error { _, _, err := s.SaveOrganisations(as(kadikoyFP), testOrgs(), nil); return err }(), birlik.EFORBIDDEN)

		// Children may come before their parents.
		orgs := testOrgs()
		orgs[1], orgs[2] = orgs[2], orgs[1]
		var calls int
		created, updated, err := s.SaveOrganisations(as(system), orgs, func(done, total int) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		if created != 10 || updated != 0 || calls == 0 {
			t.Errorf("created %d, updated %d, progress calls %d", created, updated, calls)
		}
		entries := auditCount(t, db, "organisation", "")
		if entries != 10 {
			t.Errorf("%d audit entries, want 10", entries)
		}

		// Saving the same rows again is a no-op.
		c.Add(1e9)
		created, updated, err = s.SaveOrganisations(as(system), testOrgs(), nil)
		if err != nil || created != 0 || updated != 0 {
			t.Errorf("second save: created %d, updated %d, %v", created, updated, err)
		}
		if n := auditCount(t, db, "organisation", ""); n != entries {
			t.Errorf("idempotent save wrote %d audit entries", n-entries)
		}

		// One changed row, one row matched by its name and province.
		orgs = testOrgs()
		orgs[5].Population = i64(370000)
		orgs[4].ID = ""
		orgs[4].Phone = "0224 441 00 00"
		created, updated, err = s.SaveOrganisations(as(system), orgs, nil)
		if err != nil || created != 0 || updated != 2 {
			t.Errorf("changed save: created %d, updated %d, %v", created, updated, err)
		}
		if orgs[4].ID != "bursa-nilufer" || orgs[4].Version != 2 {
			t.Errorf("natural key match gave %q v%d", orgs[4].ID, orgs[4].Version)
		}

		// Many rows go in batches; saving them again writes nothing.
		many := generatedOrgs(250)
		many[0].ParentID = many[249].ID // a parent in a later batch
		if created, _, err := s.SaveOrganisations(as(system), many, nil); err != nil || created != 250 {
			t.Fatalf("250 rows: %d, %v", created, err)
		}
		if created, updated, err := s.SaveOrganisations(as(system), generatedOrgs(250), nil); err != nil || created != 0 || updated != 1 {
			t.Errorf("250 rows again: %d, %d, %v", created, updated, err)
		}

		// Bad rows: every one reported, nothing written.
		bad := []network.Organisation{
			{ID: "ok-1", Kind: network.NGO, Name: "İyi Dernek"},
			{ID: "ok-1", Kind: network.NGO, Name: "Aynı Kimlik"},
			{ID: "loop-a", Kind: network.NGO, Name: "A", ParentID: "loop-b"},
			{ID: "loop-b", Kind: network.NGO, Name: "B", ParentID: "loop-a"},
			{ID: "orphan", Kind: network.NGO, Name: "C", ParentID: "nobody"},
			{ID: "umm", Kind: network.Union, Name: "Marmara Belediyeler Birliği", ParentID: "istanbul-kadikoy"},
			{ID: "istanbul-bb", Kind: network.Municipality, MunicipalityKind: network.Metropolitan, Name: "İstanbul Büyükşehir Belediyesi", ParentID: "istanbul-kadikoy", PlaceID: "istanbul"},
		}
		_, _, err = s.SaveOrganisations(as(system), bad, nil)
		var ie *network.ImportError
		if !errors.As(err, &ie) || birlik.ErrorCode(err) != birlik.EINVALID {
			t.Fatalf("bad rows: %v", err)
		}
		want := map[int]string{2: "error.network.duplicate", 3: "error.network.parent.cycle", 4: "error.network.parent.cycle",
			5: "error.network.org.unknown", 7: "error.network.parent.cycle"}
		got := map[int]string{}
		for _, r := range ie.Rows {
			got[r.Line] = r.Message
		}
		for line, key := range want {
			if got[line] != key {
				t.Errorf("row %d: %q, want %q", line, got[line], key)
			}
		}
		if _, ok := got[1]; ok {
			t.Errorf("row 1 reported: %v", ie.Rows)
		}
		if _, ok := got[6]; ok {
			t.Errorf("row 6 (a valid reparenting) reported: %v", ie.Rows)
		}
		if _, err := s.Organisation(as(anonymous), "ok-1"); birlik.ErrorCode(err) != birlik.ENOTFOUND {
			t.Errorf("a row of a refused batch was written: %v", err)
		}
	})
}
