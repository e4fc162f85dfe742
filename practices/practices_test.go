package practices_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"birlik"
	"birlik/locale"
	"birlik/network"
	"birlik/notify"
	"birlik/practices"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

func as(a birlik.Actor) context.Context { return birlik.WithActor(context.Background(), a) }

func i64(n int64) *int64 { return &n }

// fixture is a database with the seed's places and municipalities, a
// private space Kadıköy is a member of, accounts of every role, and a
// small library whose texts the search table below is written against.
type fixture struct {
	db                                       *store.DB
	s                                        *practices.Service
	admin, coordinator, kadikoyFP, niluferFP birlik.Actor
	viewer, anonymous                        birlik.Actor
	private                                  int64 // the private space's id
	lang, yaz, housing, accueil, draft       int64 // practice ids
	health                                   int64 // in the private space
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := as(birlik.SystemActor)
	if _, err := seed.Base(ctx, db, network.New(db)); err != nil {
		t.Fatalf("seed: %v", err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	exec := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		tx, err := db.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if err := tx.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		return id
	}
	f := &fixture{db: db, s: practices.New(db)}
	clock := now
	f.s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	user := func(email string, role birlik.Role, org string) birlik.Actor {
		var o any
		if org != "" {
			o = org
		}
		id := exec(`INSERT INTO users (email, role, org_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`, email, string(role), o, now, now)
		return birlik.Actor{UserID: id, Email: email, Role: role, OrgID: org}
	}
	f.admin = user("admin@test", birlik.RoleAdmin, "")
	f.coordinator = user("koordinator@test", birlik.RoleCoordinator, "")
	f.kadikoyFP = user("odak@kadikoy.test", birlik.RoleFocalPoint, "istanbul-kadikoy")
	f.niluferFP = user("odak@nilufer.test", birlik.RoleFocalPoint, "bursa-nilufer")
	f.viewer = user("izleyici@test", birlik.RoleViewer, "")
	person := exec(`INSERT INTO people (given_name, family_name, gender, lang, org_id, sort_key, search_text, created_at, updated_at)
		VALUES ('Ayşe', 'Yılmaz', 'female', 'tr', 'istanbul-kadikoy', ?, 'ayse yilmaz', ?, ?)`, locale.SortKey("Yılmaz Ayşe"), now, now)
	exec(`INSERT INTO affiliations (person_id, org_id, kind, started, created_at, updated_at) VALUES (?, 'istanbul-kadikoy', 'staff', '2020-01-01', ?, ?)`, person, now, now)
	f.private = exec(`INSERT INTO spaces (slug, kind, name_tr, visibility, created_at, updated_at) VALUES ('kapali-alan', 'working_group', 'Kapalı alan', 'private', ?, ?)`, now, now)
	exec(`INSERT INTO space_members (space_id, person_id, org_id, joined_on, created_at, updated_at) VALUES (?, ?, 'istanbul-kadikoy', '2025-01-01', ?, ?)`,
		f.private, person, now, now)

	share := func(a birlik.Actor, p practices.Practice, publish bool) int64 {
		t.Helper()
		ctx := as(a)
		if err := f.s.Create(ctx, &p); err != nil {
			t.Fatalf("create %q: %v", p.Title, err)
		}
		if publish {
			if _, err := f.s.Publish(ctx, p.ID, p.Version); err != nil {
				t.Fatalf("publish %q: %v", p.Title, err)
			}
		}
		return p.ID
	}
	f.lang = share(f.kadikoyFP, practices.Practice{Lang: "tr", Title: "Göçmen kadınlar için dil kursu",
		Problem: "Mahallede yaşayan göçmen kadınlar Türkçe bilmediği için hizmetlere ulaşamıyordu.",
		Action:  "Belediye, çocuk bakımı da sunan ücretsiz bir dil kursu açtı.",
		Results: "İki yılda 420 kadın kursu bitirdi.", PeopleReached: i64(420),
		Themes: []string{"migration", "inclusion"}, Groups: []string{"women", "migrants"}, Rights: []string{"gender_equality"}, SDGs: []string{"5", "10"}}, true)
	f.yaz = share(f.niluferFP, practices.Practice{Lang: "tr", Title: "Çocuklara yönelik yaz okulu",
		Problem: "Yoksulluk içindeki çocukların tatilde gidecekleri bir yer yoktu.",
		Action:  "Parklarda oyun ve okuma etkinlikleri, bir de resim kursu düzenlendi.",
		Themes:  []string{"education"}, Groups: []string{"children", "people_in_poverty"}, SDGs: []string{"4"}}, true)
	f.housing = share(f.admin, practices.Practice{OrgID: "istanbul-kadikoy", Lang: "en", Title: "Housing support for refugees",
		Problem: "Refugee families could not rent flats in İzmit and nearby districts.",
		Action:  "The municipality guaranteed the deposits of 60 families.",
		Themes:  []string{"housing"}, Groups: []string{"refugees"}, Rights: []string{"housing"}, SDGs: []string{"11"},
		CostAmount: i64(250000), CostCurrency: "TRY", ContactPersonID: person}, true)
	f.accueil = share(f.niluferFP, practices.Practice{Lang: "fr", Title: "Accueil des réfugiés âgés",
		Problem: "Les personnes âgées réfugiées vivaient isolées.",
		Action:  "Des visites à domicile hebdomadaires ont été organisées avec des bénévoles.",
		Themes:  []string{"care"}, Groups: []string{"older_people", "refugees"}}, true)
	f.draft = share(f.kadikoyFP, practices.Practice{Lang: "tr", Title: "Göçmen gençler için istihdam",
		Problem: "Göçmen gençler iş bulamıyordu.", Action: "Meslek kursları açıldı.", Themes: []string{"employment"}}, false)
	f.health = share(f.kadikoyFP, practices.Practice{Lang: "tr", Title: "Göçmenlere sağlık taraması", SpaceID: f.private,
		Problem: "Göçmenler sağlık hizmetlerine erişemiyordu.", Action: "Mobil sağlık ekipleri kuruldu.", Themes: []string{"health"}}, true)
	return f
}

func ids(r *practices.Result) []int64 {
	var out []int64
	for _, p := range r.Practices {
		out = append(out, p.ID)
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if birlik.ErrorCode(err) != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
}

// TestSearch runs one table of queries on both databases: the same
// answers from FTS5 and from PostgreSQL's tsvector.
func TestSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		tests := []struct {
			name  string
			q     string
			want  []int64 // in order
			as    birlik.Actor
			inAny bool // order does not matter
		}{
			{"Turkish suffixes: göçmenlere finds göçmen", "göçmenlere", []int64{f.lang}, f.viewer, false},
			{"diacritics folded: cocuk finds çocuk", "cocuk", []int64{f.yaz, f.lang}, f.viewer, true},
			{"dotted capital I", "İZMİT", []int64{f.housing}, f.viewer, false},
			{"lowercase izmit", "izmit", []int64{f.housing}, f.viewer, false},
			{"several words, all required", "kadınların dil kursu", []int64{f.lang}, f.viewer, false},
			{"possessive + case", "yaz okuluna", []int64{f.yaz}, f.viewer, false},
			{"English plural", "refugee", []int64{f.housing}, f.viewer, false},
			{"French accents", "réfugiés", []int64{f.accueil}, f.viewer, false},
			{"French without accents", "refugies agees", []int64{f.accueil}, f.viewer, false},
			{"French stop words dropped", "visites à domicile", []int64{f.accueil}, f.viewer, false},
			{"municipality name", "Kadıköy", []int64{f.lang, f.housing}, f.viewer, true},
			{"title weighs more than text", "kurs", []int64{f.lang, f.yaz}, f.viewer, false},
			{"nothing", "uzayda", nil, f.viewer, false},
			{"private space hidden from the public", "sağlık", nil, f.anonymous, false},
			{"private space hidden from another focal point", "sağlık", nil, f.niluferFP, false},
			{"private space read by its member municipality", "sağlık", []int64{f.health}, f.kadikoyFP, false},
			{"private space read by staff", "göçmenler", []int64{f.health, f.lang}, f.coordinator, true},
			{"drafts are not searched", "istihdam", nil, f.admin, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r, err := f.s.Search(as(tt.as), practices.Query{Text: tt.q})
				if err != nil {
					t.Fatal(err)
				}
				got := ids(r)
				if tt.inAny {
					slices.Sort(got)
					slices.Sort(tt.want)
				}
				if !slices.Equal(got, tt.want) || r.Total != len(tt.want) {
					t.Errorf("Search(%q) = %v (total %d), want %v", tt.q, got, r.Total, tt.want)
				}
			})
		}
	})
}

func TestSearchHighlightsAndFacets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		r, err := f.s.Search(as(f.anonymous), practices.Query{Text: "göçmenlere"})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Practices) != 1 {
			t.Fatalf("results %v", ids(r))
		}
		var marked []string
		for _, fr := range append(r.Practices[0].Title, r.Practices[0].Snippet...) {
			if fr.Hit {
				marked = append(marked, fr.Text)
			}
		}
		if !slices.Equal(marked, []string{"Göçmen", "göçmen"}) {
			t.Errorf("marked %q, want the title's and the snippet's Göçmen", marked)
		}

		// Facets of the whole public library.
		r, err = f.s.Search(as(f.anonymous), practices.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != 4 {
			t.Fatalf("library holds %d public practices, want 4", r.Total)
		}
		wantCounts(t, "groups", r.Facets.Groups, map[string]int{"refugees": 2, "women": 1, "migrants": 1, "children": 1, "people_in_poverty": 1, "older_people": 1})
		if r.Facets.Groups[0].Code != "refugees" {
			t.Errorf("most frequent group first: %+v", r.Facets.Groups)
		}
		wantCounts(t, "provinces", r.Facets.Provinces, map[string]int{"istanbul": 2, "bursa": 2})
		wantCounts(t, "langs", r.Facets.Langs, map[string]int{"tr": 2, "en": 1, "fr": 1})
		wantCounts(t, "sdgs", r.Facets.SDGs, map[string]int{"4": 1, "5": 1, "10": 1, "11": 1})
		for _, c := range r.Facets.Provinces {
			if c.Name == "" || c.Name == c.Code {
				t.Errorf("province %s has no name: %+v", c.Code, c)
			}
		}

		// A filter narrows results and facets alike.
		r, err = f.s.Search(as(f.anonymous), practices.Query{Groups: []string{"refugees"}})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, "langs with refugees", r.Facets.Langs, map[string]int{"en": 1, "fr": 1})
		r, err = f.s.Search(as(f.anonymous), practices.Query{Groups: []string{"refugees"}, Province: "bursa"})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(r); !slices.Equal(got, []int64{f.accueil}) {
			t.Errorf("refugees in Bursa: %v", got)
		}
		r, err = f.s.Search(as(f.anonymous), practices.Query{Text: "kurs", Lang: "tr", Themes: []string{"education"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(r); !slices.Equal(got, []int64{f.yaz}) {
			t.Errorf("kurs with theme education: %v", got)
		}

		// Pages.
		r, err = f.s.Search(as(f.anonymous), practices.Query{PerPage: 3, Page: 2})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != 4 || r.Pages != 2 || len(r.Practices) != 1 {
			t.Errorf("page 2 of 3: total %d, pages %d, %d results", r.Total, r.Pages, len(r.Practices))
		}
		if r.Practices[0].ID != f.lang {
			t.Errorf("newest first: the last of page 2 is %d, want the first shared, %d", r.Practices[0].ID, f.lang)
		}
		// A page past the end is empty, however far.
		for _, page := range []int{3, 1 << 62} {
			r, err = f.s.Search(as(f.anonymous), practices.Query{PerPage: 3, Page: page})
			if err != nil || len(r.Practices) != 0 || r.Total != 4 {
				t.Errorf("page %d: %v, %d results", page, err, len(r.Practices))
			}
		}
	})
}

func wantCounts(t *testing.T, name string, got []practices.Count, want map[string]int) {
	t.Helper()
	m := map[string]int{}
	for _, c := range got {
		m[c.Code] = c.Count
	}
	if len(m) != len(want) {
		t.Errorf("%s facet %v, want %v", name, m, want)
		return
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s facet %v, want %v", name, m, want)
			return
		}
	}
}

func TestPracticeRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)

		// A focal point shares for their own municipality, whatever they ask.
		p := practices.Practice{OrgID: "bursa-nilufer", Lang: "tr", Title: "Deneme", Problem: "Sorun", Action: "Çözüm", Themes: []string{"care"}}
		if err := f.s.Create(as(f.kadikoyFP), &p); err != nil {
			t.Fatal(err)
		}
		if p.OrgID != "istanbul-kadikoy" || p.Status != practices.Draft || p.Province != "istanbul" {
			t.Errorf("stored %+v", p)
		}
		// Viewers share nothing.
		q := practices.Practice{OrgID: "istanbul-kadikoy", Lang: "tr", Title: "X", Problem: "Y", Action: "Z", Themes: []string{"care"}}
		wantCode(t, f.s.Create(as(f.viewer), &q), birlik.EFORBIDDEN)
		// Every problem at once.
		bad := practices.Practice{Lang: "de", CostAmount: i64(5), Themes: []string{"nope"}, PeriodStart: "2025-05-01", PeriodEnd: "2024-01-01"}
		err := f.s.Create(as(f.kadikoyFP), &bad)
		wantCode(t, err, birlik.EINVALID)
		for _, field := range []string{"title", "problem", "action", "lang", "cost_currency", "themes", "period_end"} {
			if birlik.FieldErrors(err)[field] == "" {
				t.Errorf("no error for %s: %v", field, err)
			}
		}
		// The contact must work for the municipality.
		c := practices.Practice{Lang: "tr", Title: "X", Problem: "Y", Action: "Z", Themes: []string{"care"}, ContactPersonID: 1}
		err = f.s.Create(as(f.niluferFP), &c)
		if birlik.FieldErrors(err)["contact_person_id"] == "" {
			t.Errorf("Nilüfer named Kadıköy's person as its contact: %v", err)
		}
		// Sharing in a private space one may not read is refused.
		r := practices.Practice{Lang: "tr", Title: "X", Problem: "Y", Action: "Z", Themes: []string{"care"}, SpaceID: f.private}
		err = f.s.Create(as(f.niluferFP), &r)
		if birlik.FieldErrors(err)["space_id"] == "" {
			t.Errorf("Nilüfer shared in a private space it is not in: %v", err)
		}

		// Drafts: read by their municipality and staff only.
		if _, err := f.s.Practice(as(f.kadikoyFP), f.draft); err != nil {
			t.Errorf("own draft: %v", err)
		}
		if _, err := f.s.Practice(as(f.coordinator), f.draft); err != nil {
			t.Errorf("staff reads a draft: %v", err)
		}
		_, err = f.s.Practice(as(f.niluferFP), f.draft)
		wantCode(t, err, birlik.ENOTFOUND)
		_, err = f.s.Practice(as(f.anonymous), f.draft)
		wantCode(t, err, birlik.ENOTFOUND)
		_, err = f.s.Practice(as(f.viewer), f.health)
		wantCode(t, err, birlik.ENOTFOUND)
		wantCode(t, f.s.MayRead(as(f.anonymous), f.health), birlik.ENOTFOUND)
		if err := f.s.MayRead(as(f.kadikoyFP), f.health); err != nil {
			t.Errorf("member municipality may read the private space's practice: %v", err)
		}

		// Changes: own municipality, current version.
		lang, err := f.s.Practice(as(f.kadikoyFP), f.lang)
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, f.s.MayChange(as(f.niluferFP), f.lang), birlik.EFORBIDDEN)
		edit := *lang
		edit.Title = "Göçmen kadınlara Türkçe kursu"
		wantCode(t, f.s.Update(as(f.niluferFP), &edit), birlik.EFORBIDDEN)
		if err := f.s.Update(as(f.kadikoyFP), &edit); err != nil {
			t.Fatal(err)
		}
		if edit.Version != lang.Version+1 || edit.Title != "Göçmen kadınlara Türkçe kursu" {
			t.Errorf("after update: version %d, title %q", edit.Version, edit.Title)
		}
		stale := *lang
		stale.Title = "Eski"
		wantCode(t, f.s.Update(as(f.admin), &stale), birlik.ECONFLICT)
		// The new title is searched.
		res, err := f.s.Search(as(f.anonymous), practices.Query{Text: "türkçe"})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !slices.Equal(got, []int64{f.lang}) {
			t.Errorf("after update, türkçe finds %v", got)
		}

		// Publishing a draft from a stale version is refused; then it is searched.
		draft, _ := f.s.Practice(as(f.kadikoyFP), f.draft)
		_, err = f.s.Publish(as(f.kadikoyFP), f.draft, draft.Version-1)
		wantCode(t, err, birlik.ECONFLICT)
		_, err = f.s.Publish(as(f.niluferFP), f.draft, draft.Version)
		wantCode(t, err, birlik.ENOTFOUND)
		pub, err := f.s.Publish(as(f.kadikoyFP), f.draft, draft.Version)
		if err != nil || pub.Status != practices.Published || pub.PublishedAt.IsZero() {
			t.Fatalf("publish: %+v, %v", pub, err)
		}
		res, _ = f.s.Search(as(f.anonymous), practices.Query{Text: "istihdam"})
		if got := ids(res); !slices.Equal(got, []int64{f.draft}) {
			t.Errorf("published draft: %v", got)
		}

		// Every change is audited.
		var n int
		if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'practice' AND entity_id = ?`, strconv.FormatInt(f.lang, 10)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3 { // create, publish, update
			t.Errorf("%d audit entries for the practice, want 3", n)
		}

		// Details come back as stored.
		h, err := f.s.Practice(as(f.anonymous), f.housing)
		if err != nil {
			t.Fatal(err)
		}
		if h.ContactName != "Ayşe Yılmaz" || *h.CostAmount != 250000 || h.CostCurrency != "TRY" || !slices.Equal(h.Rights, []string{"housing"}) {
			t.Errorf("housing practice %+v", h)
		}
	})
}

func TestSimilarAndRecent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.admin)
		more := practices.Practice{OrgID: "bursa-nilufer", Lang: "tr", Title: "Göçmen kadınlara meslek kursu", Problem: "İş bulamıyorlardı.",
			Action: "Kurs açıldı.", Themes: []string{"migration", "employment"}, Groups: []string{"women"}, SpaceID: f.private}
		if err := f.s.Create(ctx, &more); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Publish(ctx, more.ID, more.Version); err != nil {
			t.Fatal(err)
		}
		lang, _ := f.s.Practice(ctx, f.lang)
		sim, err := f.s.Similar(ctx, lang, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(sim) == 0 || sim[0].ID != more.ID {
			t.Errorf("similar to the language course: %+v, want the vocational course first", sim)
		}
		for _, s := range sim {
			if s.ID == f.lang {
				t.Error("a practice is not similar to itself")
			}
		}
		// The public does not see the private space's practice.
		sim, err = f.s.Similar(as(f.anonymous), lang, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sim {
			if s.ID == more.ID || s.ID == f.health {
				t.Errorf("similar shows a private practice to the public: %d", s.ID)
			}
		}
		recent, err := f.s.RecentInSpace(as(f.kadikoyFP), f.private, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(recent) != 2 || recent[0].ID != more.ID || recent[1].ID != f.health {
			t.Errorf("recent in space: %+v", recent)
		}
		recent, _ = f.s.RecentInSpace(as(f.anonymous), f.private, 5)
		if len(recent) != 0 {
			t.Errorf("the public sees %d practices of a private space", len(recent))
		}
		if n, err := f.s.CountInSpace(as(f.kadikoyFP), f.private); err != nil || n != 2 {
			t.Errorf("CountInSpace = %d, %v; want 2", n, err)
		}
		if n, _ := f.s.CountInSpace(as(f.anonymous), f.private); n != 0 {
			t.Errorf("the public counts %d practices of a private space", n)
		}
	})
}

// TestPublishNotifies: publishing a practice in a space tells the
// space's followers, in the same transaction; a draft tells nobody.
func TestPublishNotifies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		n := notify.New(db)
		f.s.Notify = n
		if err := n.Follow(as(f.kadikoyFP), notify.Space, f.private); err != nil {
			t.Fatal(err)
		}
		p := practices.Practice{OrgID: "bursa-nilufer", Lang: "tr", Title: "Mahalle mutfağı", Problem: "Açlık.", Action: "Mutfak.",
			Themes: []string{"care"}, SpaceID: f.private}
		if err := f.s.Create(as(f.admin), &p); err != nil {
			t.Fatal(err)
		}
		list, _, err := n.List(as(f.kadikoyFP), notify.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 0 {
			t.Fatalf("a draft notified: %+v", list)
		}
		if _, err := f.s.Publish(as(f.admin), p.ID, p.Version); err != nil {
			t.Fatal(err)
		}
		list, _, err = n.List(as(f.kadikoyFP), notify.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].Kind != practices.EventPublished || list[0].URL != "/practices/"+strconv.FormatInt(p.ID, 10) {
			t.Fatalf("notifications: %+v", list)
		}
	})
}
