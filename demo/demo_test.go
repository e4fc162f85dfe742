package demo_test

import (
	"bytes"
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/blobs"
	"birlik/demo"
	"birlik/documents"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

var system = birlik.WithActor(context.Background(), birlik.SystemActor)

// env is a seeded database with the services Load writes through.
type env struct {
	db  *store.DB
	net *network.Service
	acc *accounts.Service
}

func seeded(t *testing.T, db *store.DB) *env {
	t.Helper()
	e := &env{db: db, net: network.New(db), acc: accounts.New(db)}
	if _, err := seed.Base(context.Background(), db, e.net); err != nil {
		t.Fatal(err)
	}
	return e
}

// fresh returns another empty, migrated database of the same dialect.
func fresh(t *testing.T, like *store.DB) *store.DB {
	t.Helper()
	if like.Dialect() == store.Postgres {
		return storetest.Postgres(t)
	}
	return storetest.SQLite(t)
}

func (e *env) load(t *testing.T, scale int) string {
	t.Helper()
	var out bytes.Buffer
	err := demo.Load(context.Background(), demo.Deps{DB: e.db, Network: e.net, Accounts: e.acc}, scale, &out, "http://birlik.test")
	if err != nil {
		t.Fatalf("Load(scale %d): %v\n%s", scale, err, out.String())
	}
	return out.String()
}

func (e *env) stats(t *testing.T) network.Stats {
	t.Helper()
	st, err := e.net.Stats(system)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// printedAccounts reads the account table Load printed: e-mail →
// password.
func printedAccounts(out string) map[string]string {
	m := map[string]string{}
	re := regexp.MustCompile(`(?m)^\s+\S+\s+(\S+@demo\.birlik)\s+(\S+)\s`)
	for _, sub := range re.FindAllStringSubmatch(out, -1) {
		m[sub[1]] = sub[2]
	}
	return m
}

// TestLoad loads the demo at scale 1 once per database and checks what
// each part wrote (the parts' checks are in their own files), then, on
// SQLite, that a second load writes the same records under the same ids.
// A whole load takes seconds, so the parts share one rather than load
// their own.
func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := seeded(t, db)
		docs := documents.New(db, blobs.Dir(t.TempDir()))
		var buf bytes.Buffer
		if err := demo.Load(context.Background(), demo.Deps{DB: db, Network: e.net, Accounts: e.acc, Documents: docs}, 1, &buf, "http://birlik.test"); err != nil {
			t.Fatalf("Load: %v\n%s", err, buf.String())
		}
		out := buf.String()
		st := e.stats(t)
		t.Run("documents", func(t *testing.T) { checkDocuments(t, db, docs, out) })
		t.Run("spaces", func(t *testing.T) { checkSpaces(t, db) })
		t.Run("indicators", func(t *testing.T) { checkIndicators(t, db) })

		if st.Members != 192 {
			t.Errorf("members = %d, want 192", st.Members)
		}
		if st.People < 1800 || st.People > 2300 {
			t.Errorf("people = %d, want about 2,000", st.People)
		}
		if st.Organisations < 280 || st.ByKind[network.Academia] < 20 || st.ByKind[network.International] < 10 ||
			st.ByKind[network.Funder] < 2 || st.ByKind[network.NGO] < 8 || st.ByKind[network.PublicInstitution] < 33 {
			t.Errorf("organisations by kind: %v", st.ByKind)
		}
		women, men := st.PeopleByGender[network.Female], st.PeopleByGender[network.Male]
		if women*100 < st.People*40 || men*100 < st.People*35 {
			t.Errorf("people by gender: %v", st.PeopleByGender)
		}
		for _, id := range []string{"salar-international", "sida", "icmpd", "metropolis", "uclg", "uclg-mewa", "superpool",
			"global-designing-cities-initiative", "iom-turkiye", "unhcr-turkiye", "eu-delegation-turkiye", "istanbul-il-goc-idaresi-mudurlugu"} {
			if _, err := e.net.Organisation(system, id); err != nil {
				t.Errorf("partner %s: %v", id, err)
			}
		}
		if o, err := e.net.Organisation(system, "sida"); err != nil || o.Kind != network.Funder {
			t.Errorf("sida = %+v, %v; want a funder", o, err)
		}

		// Every municipality has people; some people left one for another.
		munis, err := e.net.ExportOrganisations(system, network.OrgFilter{Kind: network.Municipality})
		if err != nil {
			t.Fatal(err)
		}
		yes, no := true, false
		left := 0
		for _, m := range munis {
			_, n, err := e.net.People(system, network.PeopleFilter{OrgID: m.ID, Current: &yes, PerPage: 1})
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("%s has no people", m.ID)
			}
			_, n, err = e.net.People(system, network.PeopleFilter{OrgID: m.ID, Current: &no, PerPage: 1})
			if err != nil {
				t.Fatal(err)
			}
			left += n
		}
		if left < 20 {
			t.Errorf("%d people left a municipality for another, want at least 20", left)
		}
		kadikoy, err := e.net.Organisation(system, "istanbul-kadikoy")
		if err != nil || kadikoy.MemberStatus != network.Member || kadikoy.MemberSince == "" || kadikoy.Website != "https://www.kadikoy.bel.tr" {
			t.Errorf("istanbul-kadikoy = %+v, %v", kadikoy, err)
		}
		people, _, err := e.net.People(system, network.PeopleFilter{OrgID: "istanbul-kadikoy", PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range people {
			if !strings.HasSuffix(p.Email, "@kadikoy.bel.tr") {
				t.Errorf("Kadıköy's %s %s has e-mail %q", p.GivenName, p.FamilyName, p.Email)
			}
		}

		// Every role has an account that signs in with the password
		// printed once, next to the sign-in address.
		if !strings.Contains(out, "http://birlik.test/signin") || !strings.Contains(strings.ToLower(out), "demo passwords") {
			t.Errorf("output lacks the sign-in address or the demo-password warning:\n%s", out)
		}
		printed := printedAccounts(out)
		roles := map[birlik.Role]bool{}
		for _, a := range demo.Accounts() {
			pw, ok := printed[a.Email]
			if !ok {
				t.Errorf("%s not printed:\n%s", a.Email, out)
				continue
			}
			if len([]rune(pw)) < 12 {
				t.Errorf("%s: password %q shorter than 12", a.Email, pw)
			}
			_, u, err := e.acc.SignIn(context.Background(), a.Email, pw, "192.0.2.1", "demo test")
			if err != nil {
				t.Errorf("sign in as %s: %v", a.Email, err)
				continue
			}
			if u.Role != a.Role || u.OrgID != a.OrgID || u.Name == "" {
				t.Errorf("%s signed in as %+v", a.Email, u)
			}
			roles[u.Role] = true
		}
		for _, r := range birlik.Roles {
			if !roles[r] {
				t.Errorf("no demo account for role %s", r)
			}
		}

		// A second run adds nothing and prints no passwords.
		again := e.load(t, 1)
		if !strings.Contains(again, "already") || strings.Contains(again, "demo-admin") {
			t.Errorf("second load said:\n%s", again)
		}
		if got := e.stats(t); !reflect.DeepEqual(got, st) {
			t.Errorf("second load changed the figures:\n got %+v\nwant %+v", got, st)
		}

		// Another fresh database gets the same records under the same ids.
		// The generator does not depend on the database: SQLite, the
		// quicker, shows it.
		if db.Dialect() != store.SQLite {
			return
		}
		other := seeded(t, fresh(t, db))
		other.load(t, 1)
		if got := other.stats(t); !reflect.DeepEqual(got, st) {
			t.Errorf("two loads differ:\n%+v\n%+v", got, st)
		}
		for _, id := range []int64{1, 2, 500, int64(st.People / 2), int64(st.People)} {
			a, err := e.net.Person(system, id)
			if err != nil {
				t.Fatalf("person %d: %v", id, err)
			}
			b, err := other.net.Person(system, id)
			if err != nil {
				t.Fatalf("person %d in the other database: %v", id, err)
			}
			if !samePerson(a, b) {
				t.Errorf("person %d differs:\n%+v\n%+v", id, a, b)
			}
		}
	})
}

// samePerson compares what the demo decides about a person: not the
// times of writing.
func samePerson(a, b *network.Person) bool {
	x, y := *a, *b
	x.CreatedAt, x.UpdatedAt, y.CreatedAt, y.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(x, y)
}

func TestLoadLeavesDatabasesWithPeopleAlone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := seeded(t, db)
		p := &network.Person{GivenName: "Gerçek", FamilyName: "Kişi", Email: "gercek.kisi@nilufer.bel.tr"}
		if err := e.net.CreatePerson(system, p, network.Affiliation{OrgID: "bursa-nilufer", Position: "Müdür"}); err != nil {
			t.Fatal(err)
		}
		out := e.load(t, 1)
		if !strings.Contains(out, "Nothing added") {
			t.Errorf("Load said:\n%s", out)
		}
		st := e.stats(t)
		if st.People != 1 || st.Members != 0 {
			t.Errorf("after a refused load: %d people, %d members", st.People, st.Members)
		}
		if n, err := e.acc.Count(context.Background()); err != nil || n != 0 {
			t.Errorf("accounts = %d, %v; want none", n, err)
		}
	})
}

func TestLoadScale(t *testing.T) {
	if testing.Short() {
		t.Skip("loads about 8,000 people per database")
	}
	// How the scale multiplies the records does not depend on the
	// database: SQLite, the quicker, shows it.
	{
		db := storetest.SQLite(t)
		one := seeded(t, db)
		one.load(t, 1)
		two := seeded(t, fresh(t, db))
		two.load(t, 2)
		s1, s2 := one.stats(t), two.stats(t)
		if s2.People != 2*s1.People {
			t.Errorf("people: %d at scale 2, %d at scale 1", s2.People, s1.People)
		}
		if s2.Organisations != 400 {
			t.Errorf("organisations at scale 2 = %d, want 400 (scale × 200)", s2.Organisations)
		}
		if s2.Members != 192 || s2.Municipalities != s1.Municipalities {
			t.Errorf("scale 2 changed the municipalities: %+v", s2)
		}
		// Scale 1's people are scale 2's first people.
		for _, id := range []int64{1, int64(s1.People)} {
			a, _ := one.net.Person(system, id)
			b, _ := two.net.Person(system, id)
			if a == nil || b == nil || a.Email != b.Email {
				t.Errorf("person %d: %+v at scale 1, %+v at scale 2", id, a, b)
			}
		}
	}
}

func TestLoadRefusesBadScale(t *testing.T) {
	e := seeded(t, storetest.SQLite(t))
	for _, scale := range []int{-1, demo.MaxScale + 1} {
		err := demo.Load(context.Background(), demo.Deps{DB: e.db, Network: e.net, Accounts: e.acc}, scale, &bytes.Buffer{}, "")
		if err == nil {
			t.Errorf("scale %d accepted", scale)
		}
	}
}
