package accounts_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"birlik"
	"birlik/accounts"
	"birlik/audit"
	"birlik/network"
	"birlik/store"
	"birlik/store/storetest"
)

// addPerson records a person working at org (with that work address) and
// returns their id.
func addPerson(t *testing.T, db *store.DB, given, family, email, org, workEmail string) int64 {
	t.Helper()
	p := &network.Person{GivenName: given, FamilyName: family, Email: email, Lang: "tr"}
	if err := network.New(db).CreatePerson(admin(), p, network.Affiliation{OrgID: org, Kind: network.Staff, WorkEmail: workEmail}); err != nil {
		t.Fatalf("create person %s %s: %v", given, family, err)
	}
	return p.ID
}

// userAudit returns the audit entries of an account (of one action, or
// all for ""), newest first.
func userAudit(t *testing.T, db *store.DB, id int64, action string) []audit.Entry {
	t.Helper()
	entries, err := audit.List(admin(), db, audit.Filter{Entity: "user", EntityID: itoa(id), Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// personIn returns the person_id recorded in an audit view, 0 for none.
func personIn(t *testing.T, raw json.RawMessage) int64 {
	t.Helper()
	var v struct {
		PersonID *int64 `json:"person_id"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if v.PersonID == nil {
		return 0
	}
	return *v.PersonID
}

func TestLinkPerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		ayse := addPerson(t, db, "Ayşe", "Yılmaz", "ayse.yilmaz@kadikoy.bel.tr", "istanbul-kadikoy", "")
		mehmet := addPerson(t, db, "Mehmet", "Demir", "", "bursa-nilufer", "")
		u := mustCreate(t, s, accounts.NewUser{Email: "izleyici@example.org", Role: birlik.RoleViewer, Password: pw})
		if u.PersonID != 0 {
			t.Fatalf("new account linked to %d, want none", u.PersonID)
		}

		linked, err := s.Update(admin(), u.ID, accounts.UserUpdate{Name: "İzleyici", Role: birlik.RoleViewer, Active: true, PersonID: ayse, Version: u.Version})
		if err != nil {
			t.Fatalf("link: %v", err)
		}
		if linked.PersonID != ayse {
			t.Errorf("after linking: person %d, want %d", linked.PersonID, ayse)
		}
		// Every way of reading the account reads the link.
		if got, _ := s.Get(admin(), u.ID); got.PersonID != ayse {
			t.Errorf("Get: person %d, want %d", got.PersonID, ayse)
		}
		list, _, err := s.List(admin(), accounts.UserFilter{Query: "izleyici"})
		if err != nil || len(list) != 1 || list[0].PersonID != ayse {
			t.Errorf("List: %v, %v", list, err)
		}
		tok, signed, err := s.SignIn(context.Background(), "izleyici@example.org", pw, "192.0.2.1", "test")
		if err != nil || signed.PersonID != ayse {
			t.Fatalf("SignIn: %v, %v", signed, err)
		}
		if got, _, err := s.Authenticate(context.Background(), tok); err != nil || got.PersonID != ayse {
			t.Errorf("Authenticate: %v, %v", got, err)
		}
		entries := userAudit(t, db, u.ID, audit.Update)
		if len(entries) == 0 || entries[0].Action != audit.Update || personIn(t, entries[0].Before) != 0 || personIn(t, entries[0].After) != ayse {
			t.Errorf("link audit entry: %+v", entries)
		}

		// A stale form does not link.
		if _, err := s.Update(admin(), u.ID, accounts.UserUpdate{Role: birlik.RoleViewer, Active: true, PersonID: mehmet, Version: u.Version}); birlik.ErrorCode(err) != birlik.ECONFLICT {
			t.Errorf("stale link: %v, want conflict", err)
		}

		unlinked, err := s.Update(admin(), u.ID, accounts.UserUpdate{Name: "İzleyici", Role: birlik.RoleViewer, Active: true, Version: linked.Version})
		if err != nil {
			t.Fatalf("unlink: %v", err)
		}
		if unlinked.PersonID != 0 {
			t.Errorf("after unlinking: person %d", unlinked.PersonID)
		}
		entries = userAudit(t, db, u.ID, audit.Update)
		if personIn(t, entries[0].Before) != ayse || personIn(t, entries[0].After) != 0 {
			t.Errorf("unlink audit entry: before %s after %s", entries[0].Before, entries[0].After)
		}
		var found bool
		for _, c := range entries[0].Changes() {
			found = found || c.Field == "person_id"
		}
		if !found {
			t.Errorf("the audit log shows no change of person_id: %v", entries[0].Changes())
		}

		// Only admins link.
		if _, err := s.Update(as(unlinked), u.ID, accounts.UserUpdate{Role: birlik.RoleViewer, Active: true, PersonID: ayse, Version: unlinked.Version}); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
			t.Errorf("viewer links: %v, want forbidden", err)
		}
	})
}

func TestLinkPersonRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		ayse := addPerson(t, db, "Ayşe", "Yılmaz", "", "istanbul-kadikoy", "")
		mehmet := addPerson(t, db, "Mehmet", "Demir", "", "bursa-nilufer", "")
		first := mustCreate(t, s, accounts.NewUser{Email: "birinci@example.org", Role: birlik.RoleCoordinator, Password: pw})
		first, err := s.Update(admin(), first.ID, accounts.UserUpdate{Role: birlik.RoleCoordinator, Active: true, PersonID: ayse, Version: first.Version})
		if err != nil {
			t.Fatal(err)
		}
		focal := mustCreate(t, s, accounts.NewUser{Email: "odak@example.org", Role: birlik.RoleFocalPoint, OrgID: "istanbul-kadikoy", Password: pw})
		auditBefore := len(userAudit(t, db, focal.ID, ""))

		for _, tt := range []struct {
			name   string
			person int64
			key    string
			taken  string
		}{
			{"no such person", 999999, "error.user.person_unknown", ""},
			{"not a number", -1, "error.user.person_unknown", ""},
			{"linked to another account", ayse, "error.user.person_taken", "birinci@example.org"},
			{"outside the focal point's organisation", mehmet, "error.user.person_not_in_org", ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.Update(admin(), focal.ID, accounts.UserUpdate{Role: birlik.RoleFocalPoint, OrgID: "istanbul-kadikoy", Active: true, PersonID: tt.person, Version: focal.Version})
				if got := birlik.FieldErrors(err)["person"]; got != tt.key {
					t.Errorf("error on person: %q (%v), want %q", got, err, tt.key)
				}
				if birlik.ErrorCode(err) != birlik.EINVALID {
					t.Errorf("code %q, want invalid", birlik.ErrorCode(err))
				}
				if got := accounts.LinkedElsewhere(err); got != tt.taken {
					t.Errorf("LinkedElsewhere: %q, want %q", got, tt.taken)
				}
			})
		}
		if got, _ := s.Get(admin(), focal.ID); got.PersonID != 0 || got.Version != focal.Version {
			t.Errorf("a refused link changed the account: person %d, version %d", got.PersonID, got.Version)
		}
		if n := len(userAudit(t, db, focal.ID, "")); n != auditBefore {
			t.Errorf("refused links wrote %d audit entries", n-auditBefore)
		}

		// The organisation rule binds focal points alone: a coordinator may
		// be anyone; and moving the focal point to the person's
		// organisation in the same change is accepted.
		if _, err := s.Update(admin(), first.ID, accounts.UserUpdate{Role: birlik.RoleCoordinator, OrgID: "istanbul-kadikoy", Active: true, PersonID: mehmet, Version: first.Version}); err != nil {
			t.Errorf("coordinator linked to someone elsewhere: %v", err)
		}
		_, err = s.Update(admin(), focal.ID, accounts.UserUpdate{Role: birlik.RoleFocalPoint, OrgID: "bursa-nilufer", Active: true, PersonID: mehmet, Version: focal.Version})
		if birlik.FieldErrors(err)["person"] != "error.user.person_taken" {
			t.Errorf("Mehmet is now the coordinator's: %v", err)
		}
		// Once linked, the person stays the account's: the unique index
		// holds even against a direct write.
		if _, err := db.ExecContext(context.Background(), `UPDATE users SET person_id = ? WHERE id = ?`, mehmet, focal.ID); !store.IsUniqueViolation(err) {
			t.Errorf("two accounts linked to one person in the table: %v", err)
		}
		// Unlinking frees the person for another account.
		first, _ = s.Get(admin(), first.ID)
		if _, err := s.Update(admin(), first.ID, accounts.UserUpdate{Role: birlik.RoleCoordinator, Active: true, Version: first.Version}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Update(admin(), focal.ID, accounts.UserUpdate{Role: birlik.RoleFocalPoint, OrgID: "bursa-nilufer", Active: true, PersonID: mehmet, Version: focal.Version}); err != nil || got.PersonID != mehmet {
			t.Errorf("focal point moved to Nilüfer with Mehmet: %v, %v", got, err)
		}
	})
}

func TestAutoLinkOnCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		ayse := addPerson(t, db, "Ayşe", "Yılmaz", "ayse.yilmaz@kadikoy.bel.tr", "istanbul-kadikoy", "")
		// An address stored with capitals (by an older import, say) still
		// matches: addresses are compared in lower case.
		if _, err := db.ExecContext(context.Background(), `UPDATE people SET email = 'Ayse.Yilmaz@Kadikoy.BEL.tr' WHERE id = ?`, ayse); err != nil {
			t.Fatal(err)
		}
		// One person's own address is another's work address: two matches.
		addPerson(t, db, "Can", "Öztürk", "ortak@nilufer.bel.tr", "bursa-nilufer", "")
		addPerson(t, db, "Deniz", "Kaya", "", "bursa-nilufer", "ortak@nilufer.bel.tr")
		// A work address alone is a match.
		emre := addPerson(t, db, "Emre", "Şahin", "emre@example.org", "bursa-nilufer", "emre.sahin@nilufer.bel.tr")

		u := mustCreate(t, s, accounts.NewUser{Email: "ayse.yilmaz@kadikoy.bel.tr", Role: birlik.RoleFocalPoint, OrgID: "istanbul-kadikoy"})
		if u.PersonID != ayse {
			t.Errorf("one match: linked to %d, want %d", u.PersonID, ayse)
		}
		entries := userAudit(t, db, u.ID, "")
		if len(entries) != 1 || entries[0].Action != audit.Create || personIn(t, entries[0].After) != ayse {
			t.Errorf("creation audit entry: %+v", entries)
		}

		two := mustCreate(t, s, accounts.NewUser{Email: "ortak@nilufer.bel.tr", Role: birlik.RoleViewer, Password: pw})
		if two.PersonID != 0 {
			t.Errorf("two matches: linked to %d, want none", two.PersonID)
		}
		if e := userAudit(t, db, two.ID, ""); len(e) != 1 || personIn(t, e[0].After) != 0 {
			t.Errorf("creation audit entry without a link: %+v", e)
		}

		work := mustCreate(t, s, accounts.NewUser{Email: "emre.sahin@nilufer.bel.tr", Role: birlik.RoleCommittee, Password: pw})
		if work.PersonID != emre {
			t.Errorf("work address: linked to %d, want %d", work.PersonID, emre)
		}
		// Emre has an account now: the next one with his address is not
		// linked to him.
		again := mustCreate(t, s, accounts.NewUser{Email: "emre@example.org", Role: birlik.RoleViewer, Password: pw})
		if again.PersonID != 0 {
			t.Errorf("person already linked: second account linked to %d", again.PersonID)
		}
	})
}

func TestAutoLinkFocalPointOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		addPerson(t, db, "Fatma", "Arslan", "fatma@example.org", "bursa-nilufer", "")
		u := mustCreate(t, s, accounts.NewUser{Email: "fatma@example.org", Role: birlik.RoleFocalPoint, OrgID: "istanbul-kadikoy"})
		if u.PersonID != 0 {
			t.Errorf("focal point of Kadıköy linked to a person of Nilüfer (%d)", u.PersonID)
		}
	})
}

func TestPersonChoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := newService(t, db)
		// Turkish order: Çelik after Can, İnce after Işık, Öz after Oğuz.
		names := [][2]string{{"Zeynep", "Öz"}, {"Ali", "Oğuz"}, {"Veli", "İnce"}, {"Su", "Işık"}, {"Nur", "Çelik"}, {"Ece", "Can"}}
		for _, n := range names {
			addPerson(t, db, n[0], n[1], "", "istanbul-kadikoy", "")
		}
		same := addPerson(t, db, "Selin", "Zorlu", "odak@example.org", "bursa-nilufer", "")
		addPerson(t, db, "Başka", "Biri", "", "bursa-nilufer", "")
		u := mustCreate(t, s, accounts.NewUser{Email: "odak@example.org", Role: birlik.RoleViewer, OrgID: "istanbul-kadikoy", Password: pw})
		got, err := s.PersonChoices(admin(), u)
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, p := range got {
			order = append(order, p.Name)
			if (p.ID == same) != p.SameEmail {
				t.Errorf("%s: SameEmail %v", p.Name, p.SameEmail)
			}
		}
		want := []string{"Ece Can", "Nur Çelik", "Su Işık", "Veli İnce", "Ali Oğuz", "Zeynep Öz", "Selin Zorlu"}
		if len(order) != len(want) {
			t.Fatalf("choices %v, want %v", order, want)
		}
		for i := range want {
			if order[i] != want[i] {
				t.Fatalf("choices %v, want %v", order, want)
			}
		}
		if got[0].OrgName == "" || got[0].OrgID != "istanbul-kadikoy" {
			t.Errorf("choice without its organisation: %+v", got[0])
		}
		// At most MaxPersonChoices, the one with the address kept.
		for i := 0; i < accounts.MaxPersonChoices; i++ {
			addPerson(t, db, "Kişi", "Aaa"+itoa(int64(100+i)), "", "istanbul-kadikoy", "")
		}
		got, err = s.PersonChoices(admin(), u)
		if err != nil {
			t.Fatal(err)
		}
		var kept bool
		for _, p := range got {
			kept = kept || p.ID == same
		}
		if len(got) != accounts.MaxPersonChoices || !kept {
			t.Errorf("%d choices, the same-address person kept: %v", len(got), kept)
		}
		if _, err := s.PersonChoices(as(u), u); birlik.ErrorCode(err) != birlik.EFORBIDDEN {
			t.Errorf("viewer reads choices: %v", err)
		}
		people, err := s.People(admin(), same, 0, 999999)
		if err != nil || len(people) != 1 || people[same].Name != "Selin Zorlu" || people[same].OrgID != "bursa-nilufer" {
			t.Errorf("People: %+v, %v", people, err)
		}
	})
}
