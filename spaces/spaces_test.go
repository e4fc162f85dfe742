package spaces_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/audit"
	"birlik/network"
	"birlik/seed"
	"birlik/spaces"
	"birlik/store"
	"birlik/store/storetest"
)

func as(a birlik.Actor) context.Context { return birlik.WithActor(context.Background(), a) }

// fixture is a seeded database with people in Kadıköy, in Nilüfer and at
// the union, and an account per role; the coordinator's account is linked
// to the union's person, the focal points' to nobody.
type fixture struct {
	db                      *store.DB
	svc                     *spaces.Service
	kadikoy, nilufer, union int64 // people
	kadikoy2                int64 // a second person in Kadıköy
	admin, coordinator      birlik.Actor
	kadikoyFP, niluferFP    birlik.Actor
	committee, viewer, anon birlik.Actor
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := as(birlik.SystemActor)
	net := network.New(db)
	if _, err := seed.Base(ctx, db, net); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, svc: spaces.New(db)}
	f.svc.Now = func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }
	person := func(given, family, org string) int64 {
		p := &network.Person{GivenName: given, FamilyName: family, Lang: "tr"}
		if err := net.CreatePerson(ctx, p, network.Affiliation{OrgID: org, Position: "Uzman", Kind: network.Staff}); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	f.kadikoy = person("Zeynep", "Çelik", "istanbul-kadikoy")
	f.kadikoy2 = person("Ali", "Ak", "istanbul-kadikoy")
	f.nilufer = person("Emre", "Işık", "bursa-nilufer")
	f.union = person("Cem", "Yıldız", "umm")
	acc := accounts.New(db)
	user := func(email string, role birlik.Role, org string) birlik.Actor {
		u, _, err := acc.Create(ctx, accounts.NewUser{Email: email, Name: email, Role: role, OrgID: org, Password: "a long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	f.admin = user("admin@test.birlik", birlik.RoleAdmin, "")
	f.coordinator = user("coordinator@test.birlik", birlik.RoleCoordinator, "")
	f.kadikoyFP = user("focal@kadikoy.test.birlik", birlik.RoleFocalPoint, "istanbul-kadikoy")
	f.niluferFP = user("focal@nilufer.test.birlik", birlik.RoleFocalPoint, "bursa-nilufer")
	f.committee = user("committee@test.birlik", birlik.RoleCommittee, "")
	f.viewer = user("viewer@test.birlik", birlik.RoleViewer, "")
	if _, err := db.ExecContext(ctx, `UPDATE users SET person_id = ? WHERE id = ?`, f.union, f.coordinator.UserID); err != nil {
		t.Fatal(err)
	}
	return f
}

func code(err error) string { return birlik.ErrorCode(err) }

func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if code(err) != want {
		t.Errorf("%s: error %v, want code %q", what, err, want)
	}
}

func (f *fixture) space(t *testing.T, slug string) *spaces.Space {
	t.Helper()
	sp, err := f.svc.BySlug(as(f.admin), slug)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func (f *fixture) private(t *testing.T) *spaces.Space {
	t.Helper()
	parent := f.space(t, seed.MigrationPlatform)
	sp := &spaces.Space{Kind: spaces.WorkingGroup, ParentID: parent.ID, Visibility: spaces.Private,
		Name: map[string]string{"tr": "Geçici Koruma Çalışma Grubu"}, Themes: []string{"inclusion", "migration"}, Groups: []string{"refugees"}}
	if err := f.svc.Create(as(f.admin), sp); err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestSeedSpaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, want := range seed.SeedSpaces() {
			sp, err := f.svc.BySlug(as(birlik.Actor{}), want.Slug)
			if err != nil {
				t.Fatalf("%s: %v", want.Slug, err)
			}
			for _, l := range spaces.Langs {
				if sp.Name[l] == "" || sp.Purpose[l] == "" {
					t.Errorf("%s has no name or purpose in %s", sp.Slug, l)
				}
			}
			if !slices.Equal(sp.Themes, want.Themes) || !slices.Equal(sp.Groups, want.Groups) {
				t.Errorf("%s: themes %v groups %v, want %v %v", sp.Slug, sp.Themes, sp.Groups, want.Themes, want.Groups)
			}
		}
		if c := f.space(t, seed.CohesionCommittee); c.Quorum == 0 || c.Kind != spaces.Committee {
			t.Errorf("the committee: kind %s, quorum %d", c.Kind, c.Quorum)
		}
		if g := f.space(t, seed.SocialServicesPlatform); len(g.Groups) != 11 {
			t.Errorf("the social services platform serves %d groups, want 11", len(g.Groups))
		}
		// Renamed by the union, it stays renamed on the next start.
		sp := f.space(t, seed.MigrationPlatform)
		sp.Name["tr"] = "Göç Platformu (MBB)"
		if err := f.svc.Update(as(f.admin), sp); err != nil {
			t.Fatal(err)
		}
		if made, err := seed.Spaces(context.Background(), db); err != nil || made {
			t.Errorf("second seed: made %v, %v", made, err)
		}
		if got := f.space(t, seed.MigrationPlatform).Name["tr"]; got != "Göç Platformu (MBB)" {
			t.Errorf("after a second seed the name is %q", got)
		}
		// A database seeded before spaces existed gets them on its next
		// start.
		for _, q := range []string{`DELETE FROM space_topics`, `DELETE FROM spaces`,
			`DELETE FROM settings WHERE key = 'seeded_spaces'`} {
			if _, err := db.ExecContext(context.Background(), q); err != nil {
				t.Fatal(err)
			}
		}
		if fresh, err := seed.Base(context.Background(), db, network.New(db)); err != nil || fresh {
			t.Fatalf("seeding again: fresh %v, %v", fresh, err)
		}
		for _, want := range seed.SeedSpaces() {
			if _, err := f.svc.BySlug(as(birlik.Actor{}), want.Slug); err != nil {
				t.Errorf("%s after seeding an old database: %v", want.Slug, err)
			}
		}
	})
}

func TestVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		priv := f.private(t)
		if _, err := f.svc.AddMember(as(f.admin), priv.ID, spaces.NewMember{PersonID: f.kadikoy}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			actor birlik.Actor
			sees  bool
		}{
			{"admin", f.admin, true},
			{"coordinator", f.coordinator, true},
			{"focal point of a represented municipality", f.kadikoyFP, true},
			{"focal point of another municipality", f.niluferFP, false},
			{"committee member who is not a member", f.committee, false},
			{"viewer", f.viewer, false},
			{"public", f.anon, false},
		} {
			_, err := f.svc.BySlug(as(c.actor), priv.Slug)
			if c.sees && err != nil || !c.sees && code(err) != birlik.ENOTFOUND {
				t.Errorf("%s reads the private space: %v", c.name, err)
			}
			list, err := f.svc.List(as(c.actor), spaces.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			listed := slices.ContainsFunc(list, func(s spaces.Summary) bool { return s.ID == priv.ID })
			if listed != c.sees {
				t.Errorf("%s: private space listed %v, want %v", c.name, listed, c.sees)
			}
			if !slices.ContainsFunc(list, func(s spaces.Summary) bool { return s.Slug == seed.MigrationPlatform }) {
				t.Errorf("%s does not see the public platform", c.name)
			}
			_, err = f.svc.ByOrganisation(as(c.actor), priv.ID)
			if c.sees && err != nil || !c.sees && code(err) != birlik.ENOTFOUND {
				t.Errorf("%s reads the private space's organisations: %v", c.name, err)
			}
		}
		// Once Kadıköy's only member leaves, its focal point no longer
		// reads the space.
		ms, err := f.svc.Members(as(f.admin), priv.ID)
		if err != nil || len(ms) != 1 {
			t.Fatalf("members %v, %v", ms, err)
		}
		if err := f.svc.EndMember(as(f.admin), priv.ID, ms[0].ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.BySlug(as(f.kadikoyFP), priv.Slug); code(err) != birlik.ENOTFOUND {
			t.Errorf("after the membership ended the focal point still reads the space: %v", err)
		}
	})
}

func TestMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sp := f.space(t, seed.SocialServicesPlatform)
		ctx := as(f.admin)
		for _, p := range []int64{f.kadikoy, f.nilufer, f.kadikoy2} {
			if _, err := f.svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: p}); err != nil {
				t.Fatal(err)
			}
		}
		m, err := f.svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: f.union, Role: spaces.Coordinator, JoinedOn: "2025-01-15"})
		if err != nil {
			t.Fatal(err)
		}
		if m.OrgID != "umm" || m.Role != spaces.Coordinator || m.JoinedOn != "2025-01-15" || m.FamilyName != "Yıldız" {
			t.Errorf("added %+v", m)
		}
		_, err = f.svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: f.kadikoy})
		wantCode(t, "a member twice", err, birlik.ECONFLICT)
		_, err = f.svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: f.nilufer, Role: "boss"})
		wantCode(t, "an unknown role", err, birlik.EINVALID)
		_, err = f.svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: 999999})
		wantCode(t, "an unknown person", err, birlik.ENOTFOUND)

		ms, err := f.svc.Members(ctx, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		// By organisation (Kadıköy, Marmara Belediyeler Birliği, Nilüfer
		// the Turkish way), then family name: Ak before Çelik.
		var got []string
		for _, m := range ms {
			got = append(got, m.OrgID+"/"+m.FamilyName)
		}
		want := []string{"istanbul-kadikoy/Ak", "istanbul-kadikoy/Çelik", "umm/Yıldız", "bursa-nilufer/Işık"}
		if !slices.Equal(got, want) {
			t.Errorf("members %v, want %v", got, want)
		}
		orgs, err := f.svc.ByOrganisation(as(birlik.Actor{}), sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(orgs) != 3 || orgs[0].Count != 2 || orgs[0].Members != nil {
			t.Errorf("the public sees %+v", orgs)
		}
		if _, err := f.svc.Members(as(f.viewer), sp.ID); code(err) != birlik.EFORBIDDEN {
			t.Errorf("a viewer reads names: %v", err)
		}
		leaders, err := f.svc.Leaders(as(f.committee), sp.ID)
		if err != nil || len(leaders) != 1 || leaders[0].PersonID != f.union {
			t.Errorf("leaders %+v, %v", leaders, err)
		}

		// Ending keeps the row.
		err = f.svc.EndMember(ctx, sp.ID, ms[0].ID, "2020-01-01")
		wantCode(t, "ending before joining", err, birlik.EINVALID)
		if err := f.svc.EndMember(ctx, sp.ID, ms[0].ID, ""); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "ending twice", f.svc.EndMember(ctx, sp.ID, ms[0].ID, ""), birlik.ENOTFOUND)
		hist, err := f.svc.History(ctx, sp.ID)
		if err != nil || len(hist) != 4 {
			t.Fatalf("history %v, %v", hist, err)
		}
		ended := hist[len(hist)-1]
		if hist[0].LeftOn != "" || !slices.ContainsFunc(hist, func(m spaces.Member) bool { return m.ID == ms[0].ID && m.LeftOn == "2026-11-25" }) {
			t.Errorf("history %+v (last %+v)", hist, ended)
		}
		list, err := f.svc.List(ctx, spaces.Filter{Kind: spaces.Platform})
		if err != nil {
			t.Fatal(err)
		}
		for _, su := range list {
			if su.ID == sp.ID && (su.Members != 3 || su.Orgs != 3) {
				t.Errorf("counts %d members, %d organisations; want 3, 3", su.Members, su.Orgs)
			}
		}
		for _, c := range []struct {
			f    spaces.Filter
			want int
		}{
			{spaces.Filter{OrgID: "istanbul-kadikoy"}, 1}, {spaces.Filter{OrgID: "umm"}, 1}, {spaces.Filter{OrgID: "bursa-bb"}, 0},
			{spaces.Filter{PersonID: ms[0].PersonID}, 0}, {spaces.Filter{PersonID: f.nilufer}, 1},
		} {
			if got, err := f.svc.List(ctx, c.f); err != nil || len(got) != c.want {
				t.Errorf("List(%+v): %d spaces (%v), want %d", c.f, len(got), err, c.want)
			}
		}
		// The person may come back: a new membership, the old one kept.
		if _, err := f.svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: ms[0].PersonID}); err != nil {
			t.Errorf("rejoining: %v", err)
		}
	})
}

func TestFocalPointMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sp := f.space(t, seed.MigrationPlatform)
		fp := as(f.kadikoyFP)
		m, err := f.svc.AddMember(fp, sp.ID, spaces.NewMember{PersonID: f.kadikoy})
		if err != nil {
			t.Fatal(err)
		}
		if m.OrgID != "istanbul-kadikoy" {
			t.Errorf("represents %s", m.OrgID)
		}
		_, err = f.svc.AddMember(fp, sp.ID, spaces.NewMember{PersonID: f.nilufer})
		wantCode(t, "another municipality's person", err, birlik.ENOTFOUND)
		_, err = f.svc.AddMember(fp, sp.ID, spaces.NewMember{PersonID: f.kadikoy2, OrgID: "bursa-nilufer"})
		wantCode(t, "for another municipality", err, birlik.EFORBIDDEN)
		_, err = f.svc.AddMember(fp, sp.ID, spaces.NewMember{PersonID: f.kadikoy2, Role: spaces.Chair})
		wantCode(t, "naming a chair", err, birlik.EINVALID)
		_, err = f.svc.AddMember(as(f.viewer), sp.ID, spaces.NewMember{PersonID: f.kadikoy2})
		wantCode(t, "a viewer adding", err, birlik.EFORBIDDEN)
		_, err = f.svc.AddMember(as(f.committee), sp.ID, spaces.NewMember{PersonID: f.kadikoy2})
		wantCode(t, "a committee member adding", err, birlik.EFORBIDDEN)
		_, err = f.svc.AddMember(as(f.coordinator), sp.ID, spaces.NewMember{PersonID: f.kadikoy2})
		wantCode(t, "a coordinator of another space adding", err, birlik.EFORBIDDEN)

		other, err := f.svc.AddMember(as(f.admin), sp.ID, spaces.NewMember{PersonID: f.nilufer})
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, "ending another municipality's membership", f.svc.EndMember(fp, sp.ID, other.ID, ""), birlik.ENOTFOUND)
		wantCode(t, "Nilüfer ending Kadıköy's", f.svc.EndMember(as(f.niluferFP), sp.ID, m.ID, ""), birlik.ENOTFOUND)
		if err := f.svc.EndMember(fp, sp.ID, m.ID, ""); err != nil {
			t.Errorf("ending their own: %v", err)
		}
		// A private space they cannot read does not exist for them.
		priv := f.private(t)
		_, err = f.svc.AddMember(fp, priv.ID, spaces.NewMember{PersonID: f.kadikoy})
		wantCode(t, "adding to an unreadable private space", err, birlik.ENOTFOUND)
	})
}

func TestCoordinators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sp := f.space(t, seed.MigrationPlatform)
		co := as(f.coordinator)
		edit := *sp
		edit.Purpose = map[string]string{"tr": "Yeni amaç"}
		edit.Name = sp.Name
		wantCode(t, "a coordinator of nothing editing", f.svc.Update(co, &edit), birlik.EFORBIDDEN)
		if ok, _ := f.svc.MayCreate(co); ok {
			t.Error("a coordinator of nothing may create")
		}
		if _, err := f.svc.AddMember(as(f.admin), sp.ID, spaces.NewMember{PersonID: f.union, Role: spaces.Coordinator}); err != nil {
			t.Fatal(err)
		}
		if ok, err := f.svc.Manages(co, sp.ID); !ok || err != nil {
			t.Errorf("the platform's coordinator does not manage it: %v", err)
		}
		if ok, _ := f.svc.Manages(co, f.space(t, seed.CohesionCommittee).ID); ok {
			t.Error("the platform's coordinator manages the committee")
		}
		if err := f.svc.Update(co, &edit); err != nil {
			t.Fatalf("the coordinator edits their platform: %v", err)
		}
		if edit.Version != 2 || edit.Purpose["tr"] != "Yeni amaç" {
			t.Errorf("stored %+v", edit)
		}
		wg := &spaces.Space{Kind: spaces.WorkingGroup, ParentID: sp.ID, Name: map[string]string{"tr": "Dil Desteği Çalışma Grubu"}}
		if err := f.svc.Create(co, wg); err != nil {
			t.Fatalf("the coordinator creates a working group in their platform: %v", err)
		}
		if wg.Slug != "dil-destegi-calisma-grubu" {
			t.Errorf("slug %q", wg.Slug)
		}
		// They coordinate what sits inside their platform.
		if _, err := f.svc.AddMember(co, wg.ID, spaces.NewMember{PersonID: f.nilufer, Role: spaces.Chair}); err != nil {
			t.Errorf("adding to the working group: %v", err)
		}
		top := &spaces.Space{Kind: spaces.Platform, Name: map[string]string{"tr": "Yeni Platform"}}
		wantCode(t, "a coordinator creating a platform", f.svc.Create(co, top), birlik.EFORBIDDEN)
		move := *wg
		move.ParentID = f.space(t, seed.CohesionCommittee).ID
		wantCode(t, "a coordinator moving a space", f.svc.Update(co, &move), birlik.EINVALID)
		wantCode(t, "a focal point editing", f.svc.Update(as(f.kadikoyFP), &move), birlik.EFORBIDDEN)
	})
}

func TestSaveRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.admin)
		bad := &spaces.Space{Kind: "club", Visibility: "secret", Quorum: -1, Slug: "Bad Slug",
			Name: map[string]string{"en": "English only"}, Themes: []string{"knitting"}}
		err := f.svc.Create(ctx, bad)
		wantCode(t, "a bad space", err, birlik.EINVALID)
		fields := birlik.FieldErrors(err)
		for _, name := range []string{"kind", "visibility", "quorum", "slug", "name_tr", "themes"} {
			if fields[name] == "" {
				t.Errorf("no error for %s: %v", name, fields)
			}
		}
		wantCode(t, "a working group without a parent",
			f.svc.Create(ctx, &spaces.Space{Kind: spaces.WorkingGroup, Name: map[string]string{"tr": "Grup"}}), birlik.EINVALID)
		wantCode(t, "the slug new",
			f.svc.Create(ctx, &spaces.Space{Kind: spaces.Platform, Slug: "new", Name: map[string]string{"tr": "Yeni"}}), birlik.EINVALID)
		wantCode(t, "a taken slug",
			f.svc.Create(ctx, &spaces.Space{Kind: spaces.Platform, Slug: seed.MigrationPlatform, Name: map[string]string{"tr": "Göç"}}), birlik.EINVALID)
		wantCode(t, "a viewer creating",
			f.svc.Create(as(f.viewer), &spaces.Space{Kind: spaces.Platform, Name: map[string]string{"tr": "Göç"}}), birlik.EFORBIDDEN)

		// Two spaces named alike get distinct slugs.
		a := &spaces.Space{Kind: spaces.Platform, Name: map[string]string{"tr": "Göç Platformu"}}
		if err := f.svc.Create(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a.Slug != "goc-platformu" {
			t.Errorf("slug %q", a.Slug)
		}
		b := &spaces.Space{Kind: spaces.WorkingGroup, ParentID: a.ID, Name: map[string]string{"tr": "Göç Platformu"}}
		if err := f.svc.Create(ctx, b); err != nil {
			t.Fatal(err)
		}
		if b.Slug != "goc-platformu-2" {
			t.Errorf("slug %q", b.Slug)
		}
		// No cycles: a cannot move into b, which sits in a.
		up := *a
		up.ParentID = b.ID
		err = f.svc.Update(ctx, &up)
		if birlik.FieldErrors(err)["parent"] != "error.spaces.parent_cycle" {
			t.Errorf("a cycle: %v", err)
		}
		self := *a
		self.ParentID = a.ID
		if birlik.FieldErrors(f.svc.Update(ctx, &self))["parent"] != "error.spaces.parent_cycle" {
			t.Error("a space inside itself was accepted")
		}
		// Optimistic locking.
		first, second := *a, *a
		first.Quorum = 3
		if err := f.svc.Update(ctx, &first); err != nil {
			t.Fatal(err)
		}
		second.Quorum = 4
		wantCode(t, "a stale version", f.svc.Update(ctx, &second), birlik.ECONFLICT)

		// Turkish order: C, Ç, I (dotless), İ, Z.
		for _, n := range []string{"Zeytin", "İnsan", "Işık", "Çocuk", "Cami"} {
			if err := f.svc.Create(ctx, &spaces.Space{Kind: spaces.Committee, Name: map[string]string{"tr": n}}); err != nil {
				t.Fatal(err)
			}
		}
		list, err := f.svc.List(ctx, spaces.Filter{Kind: spaces.Committee})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, su := range list {
			names = append(names, su.Name["tr"])
		}
		want := []string{"Cami", "Çocuk", "Göç ve Sosyal Uyum Komisyonu", "Işık", "İnsan", "Zeytin"}
		if !slices.Equal(names, want) {
			t.Errorf("committees %v, want %v", names, want)
		}
		// Filters by theme and group.
		byTheme, _ := f.svc.List(ctx, spaces.Filter{Theme: "addiction"})
		byGroup, _ := f.svc.List(ctx, spaces.Filter{Group: "refugees", Kind: spaces.Platform})
		if len(byTheme) != 1 || byTheme[0].Slug != seed.SocialServicesPlatform || len(byGroup) != 2 {
			t.Errorf("by theme %d, by group %d", len(byTheme), len(byGroup))
		}
		inside, _ := f.svc.List(ctx, spaces.Filter{ParentID: a.ID})
		if len(inside) != 1 || inside[0].ID != b.ID || inside[0].ParentNameIn("en") != "Göç Platformu" {
			t.Errorf("inside %+v", inside)
		}
	})
}

func TestAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := as(f.admin)
		sp := f.private(t)
		sp.Quorum = 4
		if err := f.svc.Update(ctx, sp); err != nil {
			t.Fatal(err)
		}
		m, err := f.svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: f.kadikoy, Role: spaces.Expert})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.EndMember(ctx, sp.ID, m.ID, ""); err != nil {
			t.Fatal(err)
		}
		count := func(entity, id, action string) int {
			es, err := audit.List(ctx, db, audit.Filter{Entity: entity, EntityID: id, Action: action})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				if e.Actor != "admin@test.birlik" {
					t.Errorf("%s %s by %q", entity, action, e.Actor)
				}
			}
			return len(es)
		}
		sid, mid := strconv.FormatInt(sp.ID, 10), strconv.FormatInt(m.ID, 10)
		for _, c := range []struct{ entity, id, action string }{
			{"space", sid, audit.Create}, {"space", sid, audit.Update},
			{"space_member", mid, audit.Create}, {"space_member", mid, audit.Update},
		} {
			if n := count(c.entity, c.id, c.action); n != 1 {
				t.Errorf("%s %s %s: %d audit rows, want 1", c.entity, c.id, c.action, n)
			}
		}
		// A refused change writes nothing.
		_, err = f.svc.AddMember(as(f.niluferFP), f.space(t, seed.MigrationPlatform).ID, spaces.NewMember{PersonID: f.kadikoy})
		wantCode(t, "refused", err, birlik.ENOTFOUND)
		if n := count("space_member", "", audit.Create); n != 1 {
			t.Errorf("%d membership creations audited, want 1", n)
		}
	})
}

func TestImportMembers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		sp := f.space(t, seed.CohesionCommittee)
		rows := []spaces.Membership{
			{SpaceID: sp.ID, PersonID: f.kadikoy, OrgID: "istanbul-kadikoy", Role: spaces.Chair, JoinedOn: "2024-06-01"},
			{SpaceID: sp.ID, PersonID: f.nilufer, OrgID: "bursa-nilufer", JoinedOn: "2024-06-01", LeftOn: "2025-01-31"},
		}
		wantCode(t, "a coordinator importing", f.svc.ImportMembers(as(f.coordinator), rows), birlik.EFORBIDDEN)
		bad := append([]spaces.Membership{}, rows...)
		bad[1].LeftOn = "2020-01-01"
		wantCode(t, "leaving before joining", f.svc.ImportMembers(as(f.admin), bad), birlik.EINVALID)
		if err := f.svc.ImportMembers(as(f.admin), rows); err != nil {
			t.Fatal(err)
		}
		hist, err := f.svc.History(as(f.admin), sp.ID)
		if err != nil || len(hist) != 2 || hist[0].Role != spaces.Chair || hist[1].LeftOn != "2025-01-31" {
			t.Errorf("history %+v, %v", hist, err)
		}
		es, err := audit.List(as(f.admin), db, audit.Filter{Entity: "space_member"})
		if err != nil || len(es) != 2 {
			t.Errorf("%d audit rows (%v), want 2", len(es), err)
		}
		// A second current membership of one person fails the whole batch.
		again := []spaces.Membership{{SpaceID: sp.ID, PersonID: f.union, OrgID: "umm", JoinedOn: "2024-06-01"}, rows[0]}
		if err := f.svc.ImportMembers(as(f.admin), again); err == nil {
			t.Error("a duplicate current membership was imported")
		}
		if ms, _ := f.svc.Members(as(f.admin), sp.ID); len(ms) != 1 {
			t.Errorf("%d current members after a failed import, want 1", len(ms))
		}
	})
}
