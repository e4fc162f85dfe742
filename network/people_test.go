package network_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"birlik"
	"birlik/network"
	"birlik/store"
	"birlik/store/storetest"
)

// TestPeopleScoping is the authorization matrix for personal data: every
// role against a person of their own municipality and of another one.
func TestPeopleScoping(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		ayse := mustPerson(t, s, "Ayşe", "Yılmaz", "ayse@kadikoy.bel.tr", "istanbul-kadikoy")
		mehmet := mustPerson(t, s, "Mehmet", "Öztürk", "mehmet@nilufer.bel.tr", "bursa-nilufer")

		tests := []struct {
			name   string
			actor  birlik.Actor
			person int64
			read   string // error code of Person, "" for success
			write  string // error code of UpdatePerson
		}{
			{"admin, any", admin, mehmet.ID, "", ""},
			{"system, any", system, mehmet.ID, "", ""},
			{"coordinator, any", coordinator, mehmet.ID, "", ""},
			{"committee member reads, does not write", committee, mehmet.ID, "", birlik.EFORBIDDEN},
			{"viewer", viewer, mehmet.ID, birlik.EFORBIDDEN, birlik.EFORBIDDEN},
			{"public", anonymous, mehmet.ID, birlik.EFORBIDDEN, birlik.EFORBIDDEN},
			{"focal point, own municipality", kadikoyFP, ayse.ID, "", ""},
			{"focal point, other municipality", kadikoyFP, mehmet.ID, birlik.ENOTFOUND, birlik.ENOTFOUND},
			{"other focal point, own", niluferFP, mehmet.ID, "", ""},
			{"other focal point, other", niluferFP, ayse.ID, birlik.ENOTFOUND, birlik.ENOTFOUND},
			{"focal point, nobody", kadikoyFP, 99999, birlik.ENOTFOUND, birlik.ENOTFOUND},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := s.Person(as(tt.actor), tt.person)
				if got := birlik.ErrorCode(err); got != tt.read {
					t.Fatalf("Person: %v, want code %q", err, tt.read)
				}
				if err != nil {
					// Try the write with what the admin sees.
					p, _ = s.Person(as(admin), tt.person)
					if p == nil {
						p = &network.Person{ID: tt.person, GivenName: "X", FamilyName: "Y", Version: 1}
					}
				}
				p.Phone = "0212 000 00 00"
				if got := birlik.ErrorCode(s.UpdatePerson(as(tt.actor), p)); got != tt.write {
					t.Errorf("UpdatePerson: code %q, want %q", got, tt.write)
				}
			})
		}

		list := func(a birlik.Actor, f network.PeopleFilter) ([]string, int, error) {
			people, n, err := s.People(as(a), f)
			return personNames(people), n, err
		}
		if names, n, err := list(kadikoyFP, network.PeopleFilter{}); err != nil || n != 1 || names[0] != "Yılmaz" {
			t.Errorf("focal point's list: %v %d %v", names, n, err)
		}
		if names, n, _ := list(kadikoyFP, network.PeopleFilter{OrgID: "bursa-nilufer"}); n != 0 {
			t.Errorf("focal point filtering on another municipality sees %v", names)
		}
		if _, n, err := list(committee, network.PeopleFilter{}); err != nil || n != 2 {
			t.Errorf("committee member sees %d, %v", n, err)
		}
		for _, a := range []birlik.Actor{viewer, anonymous} {
			if _, _, err := list(a, network.PeopleFilter{}); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
				t.Errorf("%s lists people: %v", a.Role, err)
			}
		}

		// Creating: a focal point only into their own organisation.
		p := &network.Person{GivenName: "Zeynep", FamilyName: "Kaya"}
		wantCode(t, s.CreatePerson(as(kadikoyFP), p, network.Affiliation{OrgID: "bursa-nilufer"}), birlik.EFORBIDDEN)
		wantCode(t, s.CreatePerson(as(committee), p, network.Affiliation{OrgID: "bursa-nilufer"}), birlik.EFORBIDDEN)
		wantCode(t, s.CreatePerson(as(viewer), p, network.Affiliation{OrgID: "bursa-nilufer"}), birlik.EFORBIDDEN)
		if err := s.CreatePerson(as(kadikoyFP), p, network.Affiliation{OrgID: "istanbul-kadikoy", Position: "Sosyal Hizmetler Müdürü"}); err != nil {
			t.Fatal(err)
		}
		if p.OrgID != "istanbul-kadikoy" || p.Position != "Sosyal Hizmetler Müdürü" || len(p.Affiliations) != 1 {
			t.Errorf("created %+v", p)
		}
		// Adding affiliations: a focal point only to their own
		// organisation, and only for people they can see.
		wantCode(t, s.AddAffiliation(as(kadikoyFP), ayse.ID, &network.Affiliation{OrgID: "bursa-nilufer"}, false), birlik.EFORBIDDEN)
		wantCode(t, s.AddAffiliation(as(kadikoyFP), mehmet.ID, &network.Affiliation{OrgID: "istanbul-kadikoy"}, false), birlik.ENOTFOUND)
		wantCode(t, s.EndAffiliation(as(kadikoyFP), mehmet.ID, mehmet.Affiliations[0].ID, ""), birlik.ENOTFOUND)

		// The focal point loses sight of Ayşe when staff record her move
		// to Nilüfer, and Nilüfer's focal point gains it.
		move := &network.Affiliation{OrgID: "bursa-nilufer", Position: "Uzman", Started: "2026-09-01"}
		if err := s.AddAffiliation(as(coordinator), ayse.ID, move, true); err != nil {
			t.Fatal(err)
		}
		_, err := s.Person(as(kadikoyFP), ayse.ID)
		wantCode(t, err, birlik.ENOTFOUND)
		moved, err := s.Person(as(niluferFP), ayse.ID)
		if err != nil {
			t.Fatal(err)
		}
		if moved.OrgID != "bursa-nilufer" || len(moved.Affiliations) != 2 || moved.Affiliations[0].OrgID != "bursa-nilufer" ||
			moved.Affiliations[1].Ended != "2026-09-01" {
			t.Errorf("after the move: %+v", moved)
		}
		if _, n, _ := list(kadikoyFP, network.PeopleFilter{}); n != 1 {
			t.Errorf("focal point's list still holds %d people after the move", n)
		}

		// And of Zeynep when they end her affiliation themselves.
		if err := s.EndAffiliation(as(kadikoyFP), p.ID, p.Affiliations[0].ID, "2026-11-30"); err != nil {
			t.Fatal(err)
		}
		_, err = s.Person(as(kadikoyFP), p.ID)
		wantCode(t, err, birlik.ENOTFOUND)
		gone, _ := s.Person(as(admin), p.ID)
		if gone.OrgID != "" || gone.Affiliations[0].Ended != "2026-11-30" {
			t.Errorf("after leaving: %+v", gone)
		}
	})
}

func TestPersonValidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		mustPerson(t, s, "Ayşe", "Yılmaz", "ayse@kadikoy.bel.tr", "istanbul-kadikoy")
		tests := []struct {
			name   string
			person func(p *network.Person)
			aff    func(a *network.Affiliation)
			field  string
			key    string
		}{
			{"given name required", func(p *network.Person) { p.GivenName = "" }, nil, "given_name", "error.network.required"},
			{"family name required", func(p *network.Person) { p.FamilyName = " " }, nil, "family_name", "error.network.required"},
			{"family name too long", func(p *network.Person) { p.FamilyName = repeat("ğ", 101) }, nil, "family_name", "error.network.too_long"},
			{"honorific too long", func(p *network.Person) { p.Honorific = repeat("a", 51) }, nil, "honorific", "error.network.too_long"},
			{"bad gender", func(p *network.Person) { p.Gender = "x" }, nil, "gender", "error.network.gender.invalid"},
			{"bad e-mail", func(p *network.Person) { p.Email = "ayse at kadikoy" }, nil, "email", "error.network.email.invalid"},
			{"bad phone", func(p *network.Person) { p.Phone = "12" }, nil, "phone", "error.network.phone.invalid"},
			{"bad language", func(p *network.Person) { p.Lang = "de" }, nil, "lang", "error.network.lang.invalid"},
			{"notes too long", func(p *network.Person) { p.Notes = repeat("a", 5001) }, nil, "notes", "error.network.too_long"},
			{"organisation required", nil, func(a *network.Affiliation) { a.OrgID = "" }, "org_id", "error.network.required"},
			{"unknown organisation", nil, func(a *network.Affiliation) { a.OrgID = "ankara-bb" }, "org_id", "error.network.org.unknown"},
			{"department too long", nil, func(a *network.Affiliation) { a.Department = repeat("a", 201) }, "department", "error.network.too_long"},
			{"position too long", nil, func(a *network.Affiliation) { a.Position = repeat("a", 201) }, "position", "error.network.too_long"},
			{"bad affiliation kind", nil, func(a *network.Affiliation) { a.Kind = "boss" }, "affiliation_kind", "error.network.affiliation_kind.invalid"},
			{"bad work e-mail", nil, func(a *network.Affiliation) { a.WorkEmail = "@x.tr" }, "work_email", "error.network.email.invalid"},
			{"bad work phone", nil, func(a *network.Affiliation) { a.WorkPhone = "abc" }, "work_phone", "error.network.phone.invalid"},
			{"bad start", nil, func(a *network.Affiliation) { a.Started = "2026-13-01" }, "started", "error.network.date.invalid"},
			{"bad end", nil, func(a *network.Affiliation) { a.Ended = "31/12/2026" }, "ended", "error.network.date.invalid"},
			{"end before start", nil, func(a *network.Affiliation) { a.Started, a.Ended = "2026-01-02", "2026-01-01" }, "ended", "error.network.date.order"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := &network.Person{GivenName: "Zeynep", FamilyName: "Kaya"}
				a := network.Affiliation{OrgID: "istanbul-kadikoy"}
				if tt.person != nil {
					tt.person(p)
				}
				if tt.aff != nil {
					tt.aff(&a)
				}
				err := s.CreatePerson(as(admin), p, a)
				wantCode(t, err, birlik.EINVALID)
				if got := birlik.FieldErrors(err)[tt.field]; got != tt.key {
					t.Errorf("field %s: %q, want %q (all: %v)", tt.field, got, tt.key, birlik.FieldErrors(err))
				}
			})
		}
		err := s.CreatePerson(as(admin), &network.Person{GivenName: "A", FamilyName: "B", Email: "AYSE@kadikoy.bel.tr"}, network.Affiliation{OrgID: "istanbul-kadikoy"})
		wantCode(t, err, birlik.ECONFLICT)
		if birlik.FieldErrors(err)["email"] != "error.network.email.taken" {
			t.Errorf("taken e-mail: %v", err)
		}
		// A focal point's first affiliation must be current: they could
		// not see the person otherwise.
		err = s.CreatePerson(as(kadikoyFP), &network.Person{GivenName: "A", FamilyName: "B"}, network.Affiliation{OrgID: "istanbul-kadikoy", Started: "2020-01-01", Ended: "2021-01-01"})
		if birlik.FieldErrors(err)["ended"] != "error.network.affiliation.must_be_current" {
			t.Errorf("ended first affiliation by a focal point: %v", err)
		}
	})
}

func TestUpdatePerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newNetwork(t, db)
		ayse := mustPerson(t, s, "Ayşe", "Yılmaz", "ayse@kadikoy.bel.tr", "istanbul-kadikoy")
		mustPerson(t, s, "Mehmet", "Öztürk", "mehmet@nilufer.bel.tr", "bursa-nilufer")
		c.Add(60e9)
		p, _ := s.Person(as(kadikoyFP), ayse.ID)
		p.Honorific, p.FamilyName, p.Notes = "Dr.", "Yılmaz Demir", "Göç masası sorumlusu"
		if err := s.UpdatePerson(as(kadikoyFP), p); err != nil {
			t.Fatal(err)
		}
		if p.Version != 2 || p.FamilyName != "Yılmaz Demir" || !p.UpdatedAt.Equal(c.Now()) || len(p.Affiliations) != 1 {
			t.Errorf("after update %+v", p)
		}
		if n := auditCount(t, db, "person", idStr(ayse.ID)); n != 2 {
			t.Errorf("%d audit entries, want 2", n)
		}
		stale, _ := s.Person(as(admin), ayse.ID)
		stale.Version = 1
		stale.Phone = "0216 111 11 11"
		wantCode(t, s.UpdatePerson(as(admin), stale), birlik.ECONFLICT)

		cur, _ := s.Person(as(admin), ayse.ID)
		cur.Email = "mehmet@nilufer.bel.tr"
		wantCode(t, s.UpdatePerson(as(admin), cur), birlik.ECONFLICT)
		cur, _ = s.Person(as(admin), ayse.ID)
		cur.Gender = "?"
		wantCode(t, s.UpdatePerson(as(admin), cur), birlik.EINVALID)

		// Unchanged: nothing written.
		cur, _ = s.Person(as(admin), ayse.ID)
		if err := s.UpdatePerson(as(admin), cur); err != nil || cur.Version != 2 {
			t.Errorf("unchanged update: v%d %v", cur.Version, err)
		}
		if n := auditCount(t, db, "person", idStr(ayse.ID)); n != 2 {
			t.Errorf("unchanged update wrote an audit entry")
		}
	})
}

func TestAffiliations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newNetwork(t, db)
		ayse := mustPerson(t, s, "Ayşe", "Yılmaz", "ayse@kadikoy.bel.tr", "istanbul-kadikoy")
		first := ayse.Affiliations[0].ID

		// A second, concurrent affiliation: both last, the new one is main.
		council := &network.Affiliation{OrgID: "istanbul-bb", Kind: network.Elected, Position: "Meclis üyesi", Started: "2024-04-01"}
		if err := s.AddAffiliation(as(admin), ayse.ID, council, false); err != nil {
			t.Fatal(err)
		}
		p, _ := s.Person(as(admin), ayse.ID)
		if p.OrgID != "istanbul-bb" || p.OrgName != "İstanbul Büyükşehir Belediyesi" || p.Position != "Meclis üyesi" {
			t.Errorf("main affiliation: %+v", p)
		}
		if !p.Affiliations[0].Current() || !p.Affiliations[1].Current() {
			t.Errorf("both should last: %+v", p.Affiliations)
		}
		// Kadıköy's focal point still sees her, and a move they record
		// ends only Kadıköy's affiliation.
		c.Add(24 * 3600e9)
		if err := s.AddAffiliation(as(kadikoyFP), ayse.ID, &network.Affiliation{OrgID: "istanbul-kadikoy", Position: "Müdür"}, true); err != nil {
			t.Fatal(err)
		}
		p, _ = s.Person(as(admin), ayse.ID)
		ended := map[int64]string{}
		for _, a := range p.Affiliations {
			ended[a.ID] = a.Ended
		}
		if ended[first] != "2026-11-26" || ended[council.ID] != "" || p.OrgID != "istanbul-kadikoy" || p.Position != "Müdür" {
			t.Errorf("after the focal point's move: %+v", p)
		}

		tests := []struct {
			name  string
			aff   int64
			ended string
			code  string
			key   string
		}{
			{"already ended", first, "2026-12-01", birlik.EINVALID, "error.network.affiliation.ended"},
			{"bad date", council.ID, "soon", birlik.EINVALID, "error.network.date.invalid"},
			{"before the start", council.ID, "2024-03-31", birlik.EINVALID, "error.network.date.order"},
			{"someone else's affiliation", 999999, "", birlik.ENOTFOUND, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := s.EndAffiliation(as(admin), ayse.ID, tt.aff, tt.ended)
				wantCode(t, err, tt.code)
				if tt.key != "" && birlik.FieldErrors(err)["ended"] != tt.key {
					t.Errorf("ended: %v, want %s", err, tt.key)
				}
			})
		}
		// A focal point may not end another organisation's affiliation.
		wantCode(t, s.EndAffiliation(as(kadikoyFP), ayse.ID, council.ID, ""), birlik.EFORBIDDEN)
		if err := s.EndAffiliation(as(admin), ayse.ID, council.ID, ""); err != nil {
			t.Fatal(err)
		}
		p, _ = s.Person(as(admin), ayse.ID)
		if p.OrgID != "istanbul-kadikoy" {
			t.Errorf("main organisation after ending the council seat: %q", p.OrgID)
		}
		if n := auditCount(t, db, "affiliation", ""); n != 5 {
			t.Errorf("%d affiliation audit entries, want 5 (3 created, 2 ended)", n)
		}
	})
}

func TestPeopleSearchSortAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		mustPerson(t, s, "Emre", "Demir", "", "istanbul-kadikoy")
		mustPerson(t, s, "Selin", "Çelik", "selin@nilufer.bel.tr", "bursa-nilufer")
		mustPerson(t, s, "Can", "Cengiz", "", "bursa-nilufer")
		mustPerson(t, s, "İpek", "İnce", "", "kocaeli-izmit")
		mustPerson(t, s, "Ilgın", "Işık", "ilgin@izmit.bel.tr", "kocaeli-izmit")
		mustPerson(t, s, "Ahmet", "Ak", "", "edirne-il")
		mustPerson(t, s, "Ali", "Akın", "", "edirne-il")
		gone := mustPerson(t, s, "Oya", "Ulu", "", "istanbul-kadikoy")
		if err := s.EndAffiliation(as(admin), gone.ID, gone.Affiliations[0].ID, "2025-06-30"); err != nil {
			t.Fatal(err)
		}
		elected := &network.Affiliation{OrgID: "istanbul-kadikoy", Kind: network.Elected, Position: "Meclis üyesi"}
		if err := s.AddAffiliation(as(admin), gone.ID, elected, false); err != nil {
			t.Fatal(err)
		}
		if err := s.EndAffiliation(as(admin), gone.ID, elected.ID, ""); err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name  string
			f     network.PeopleFilter
			want  []string
			total int
		}{
			{"Turkish order", network.PeopleFilter{}, []string{"Ak", "Akın", "Cengiz", "Çelik", "Demir", "Işık", "İnce", "Ulu"}, 8},
			{"reversed", network.PeopleFilter{Sort: "-name", PerPage: 2}, []string{"Ulu", "İnce"}, 8},
			{"folded query, dotted İ", network.PeopleFilter{Query: "ince"}, []string{"İnce"}, 1},
			{"folded query, dotless ı", network.PeopleFilter{Query: "ISIK"}, []string{"Işık"}, 1},
			{"query on e-mail", network.PeopleFilter{Query: "nilufer.bel"}, []string{"Çelik"}, 1},
			{"query on given name", network.PeopleFilter{Query: "ılgın"}, []string{"Işık"}, 1},
			{"organisation", network.PeopleFilter{OrgID: "bursa-nilufer"}, []string{"Cengiz", "Çelik"}, 2},
			{"province", network.PeopleFilter{ProvinceID: "edirne"}, []string{"Ak", "Akın"}, 2},
			{"current at an organisation", network.PeopleFilter{OrgID: "istanbul-kadikoy", Current: yes()}, []string{"Demir"}, 1},
			{"formerly at an organisation", network.PeopleFilter{OrgID: "istanbul-kadikoy", Current: no()}, []string{"Ulu"}, 1},
			{"any tie with an organisation", network.PeopleFilter{OrgID: "istanbul-kadikoy"}, []string{"Demir", "Ulu"}, 2},
			{"elected", network.PeopleFilter{Kind: network.Elected}, []string{"Ulu"}, 1},
			{"by organisation", network.PeopleFilter{Sort: "org", Current: yes()},
				[]string{"Ak", "Akın", "Işık", "İnce", "Demir", "Cengiz", "Çelik"}, 7},
			{"page 2", network.PeopleFilter{PerPage: 3, Page: 2}, []string{"Çelik", "Demir", "Işık"}, 8},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := s.People(as(coordinator), tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if total != tt.total || !sameStrings(personNames(got), tt.want) {
					t.Errorf("got %v (%d), want %v (%d)", personNames(got), total, tt.want, tt.total)
				}
			})
		}
		all, err := s.ExportPeople(as(coordinator), network.PeopleFilter{Current: yes(), PerPage: 1})
		if err != nil || len(all) != 7 || len(all[0].Affiliations) != 1 || all[0].Affiliations[0].OrgID != "edirne-il" {
			t.Errorf("export: %d rows, %v", len(all), err)
		}
	})
}

func TestSavePeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		rows := func() []network.PersonImport {
			return []network.PersonImport{
				{Person: network.Person{GivenName: "Ayşe", FamilyName: "Yılmaz", Email: "ayse@kadikoy.bel.tr", Gender: network.Female},
					Affiliation: network.Affiliation{OrgID: "istanbul-kadikoy", Position: "Müdür", Department: "Sosyal Destek"}},
				{Person: network.Person{GivenName: "Mehmet", FamilyName: "Öztürk", Lang: "en"},
					Affiliation: network.Affiliation{OrgID: "bursa-nilufer", Kind: network.Elected}},
			}
		}
		_, _, err := s.SavePeople(as(kadikoyFP), rows(), nil)
		wantCode(t, err, birlik.EFORBIDDEN)
		created, updated, err := s.SavePeople(as(system), rows(), nil)
		if err != nil || created != 2 || updated != 0 {
			t.Fatalf("first save: %d %d %v", created, updated, err)
		}
		entries := auditCount(t, db, "person", "") + auditCount(t, db, "affiliation", "")
		created, updated, err = s.SavePeople(as(system), rows(), nil)
		if err != nil || created != 0 || updated != 0 {
			t.Errorf("second save: %d %d %v", created, updated, err)
		}
		if n := auditCount(t, db, "person", "") + auditCount(t, db, "affiliation", ""); n != entries {
			t.Errorf("idempotent save wrote %d audit entries", n-entries)
		}

		// Notes written in the product survive an import.
		people, _, _ := s.People(as(admin), network.PeopleFilter{Query: "ayse"})
		ayse, _ := s.Person(as(admin), people[0].ID)
		ayse.Notes = "Göç masası"
		if err := s.UpdatePerson(as(admin), ayse); err != nil {
			t.Fatal(err)
		}
		// Matched by e-mail, by names at the organisation; a new tie adds
		// an affiliation beside the old one.
		r := rows()
		r[0].Person.Phone = "0216 000 00 01"
		r[1].Affiliation.OrgID = "istanbul-kadikoy"
		created, updated, err = s.SavePeople(as(system), r, nil)
		if err != nil || created != 1 || updated != 1 {
			t.Errorf("changed save: %d %d %v", created, updated, err)
		}
		// A row matched by names keeps the e-mail it does not carry.
		mehmet, _, _ := s.People(as(admin), network.PeopleFilter{Query: "mehmet"})
		m, _ := s.Person(as(admin), mehmet[0].ID)
		m.Email = "mehmet@nilufer.bel.tr"
		if err := s.UpdatePerson(as(admin), m); err != nil {
			t.Fatal(err)
		}
		if created, updated, err := s.SavePeople(as(system), r, nil); err != nil || created+updated != 0 {
			t.Errorf("save without the e-mail: %d %d %v", created, updated, err)
		}
		ayse, _ = s.Person(as(admin), ayse.ID)
		if ayse.Phone != "0216 000 00 01" || ayse.Notes != "Göç masası" {
			t.Errorf("after import %+v", ayse)
		}

		bad := []network.PersonImport{
			{Person: network.Person{GivenName: "A", FamilyName: "B", Email: "x@y.tr"}, Affiliation: network.Affiliation{OrgID: "istanbul-kadikoy"}},
			{Person: network.Person{GivenName: "C", FamilyName: "D", Email: "x@y.tr"}, Affiliation: network.Affiliation{OrgID: "istanbul-kadikoy"}},
			{Person: network.Person{ID: 987654, GivenName: "E", FamilyName: "F"}, Affiliation: network.Affiliation{OrgID: "istanbul-kadikoy"}},
			{Person: network.Person{GivenName: "G", FamilyName: "H"}, Affiliation: network.Affiliation{OrgID: "ankara-bb"}},
			{Person: network.Person{ID: ayse.ID, GivenName: "Ayşe", FamilyName: "Yılmaz", Email: "mehmet@x.tr"}, Affiliation: network.Affiliation{OrgID: "istanbul-kadikoy"}},
			{Person: network.Person{GivenName: "I", FamilyName: "J"}, Affiliation: network.Affiliation{OrgID: "istanbul-kadikoy", Ended: "2020-01-01"}},
		}
		// Make "mehmet@x.tr" someone else's.
		if err := s.CreatePerson(as(admin), &network.Person{GivenName: "M", FamilyName: "X", Email: "mehmet@x.tr"}, network.Affiliation{OrgID: "umm"}); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.SavePeople(as(system), bad, nil)
		var ie *network.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("bad rows: %v", err)
		}
		want := map[int]string{2: "error.network.duplicate", 3: "error.network.person.unknown", 4: "error.network.org.unknown",
			5: "error.network.email.taken", 6: "error.network.affiliation.must_be_current"}
		got := map[int]string{}
		for _, r := range ie.Rows {
			got[r.Line] = r.Message
		}
		for line, key := range want {
			if got[line] != key {
				t.Errorf("row %d: %q, want %q (%v)", line, got[line], key, ie.Rows)
			}
		}
		if _, ok := got[1]; ok {
			t.Errorf("row 1 reported: %v", ie.Rows)
		}
	})
}

func TestStats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newNetwork(t, db)
		mustPerson(t, s, "Ayşe", "Yılmaz", "", "istanbul-kadikoy")
		mustPerson(t, s, "Fatma", "Kaya", "", "istanbul-kadikoy")
		p := &network.Person{GivenName: "Mehmet", FamilyName: "Öztürk", Gender: network.Male}
		if err := s.CreatePerson(as(admin), p, network.Affiliation{OrgID: "bursa-nilufer"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			actor  birlik.Actor
			people int
			women  int
		}{
			{admin, 3, 2}, {committee, 3, 2}, {kadikoyFP, 2, 2}, {niluferFP, 1, 0}, {viewer, 0, 0}, {anonymous, 0, 0},
		}
		for _, tt := range tests {
			st, err := s.Stats(as(tt.actor))
			if err != nil {
				t.Fatal(err)
			}
			if st.Provinces != 5 || st.Districts != 5 || st.Organisations != 10 || st.Municipalities != 7 ||
				st.ByKind[network.NGO] != 1 || st.ByMunicipalityKind[network.Metropolitan] != 2 || st.Members != 5 {
				t.Errorf("%s: %+v", tt.actor.Role, st)
			}
			if st.People != tt.people || st.PeopleByGender[network.Female] != tt.women {
				t.Errorf("%q sees %d people, %d women; want %d, %d", tt.actor.Role, st.People, st.PeopleByGender[network.Female], tt.people, tt.women)
			}
		}
	})
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// TestAffiliationEndsOnTheUnionsDay: an affiliation ended without a date
// ends on the day it is in Istanbul, which at 01:30 is a day ahead of UTC.
func TestAffiliationEndsOnTheUnionsDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, c := newNetwork(t, db)
		c.t = time.Date(2026, 11, 25, 22, 30, 0, 0, time.UTC) // 01:30 on the 26th in Istanbul
		ayse := mustPerson(t, s, "Ayşe", "Yılmaz", "ayse@kadikoy.bel.tr", "istanbul-kadikoy")
		if err := s.EndAffiliation(as(admin), ayse.ID, ayse.Affiliations[0].ID, ""); err != nil {
			t.Fatal(err)
		}
		p, err := s.Person(as(admin), ayse.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Affiliations[0].Ended; got != "2026-11-26" {
			t.Errorf("ended on %s, want 2026-11-26 (Istanbul's day)", got)
		}
	})
}
