package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"birlik"
	"birlik/demo/demotest"
	"birlik/seed"
	"birlik/spaces"
	"birlik/store"
)

// The spaces' rows of the authorization matrix. The matrix's server has
// the seed's spaces, public and without members: the public platform is
// read by everyone, a slug that does not exist is not found for anyone.
// Private spaces and memberships are tested in TestSpacesPrivate and
// TestSpacesMembers, on servers of their own.
func init() {
	platform := "/spaces/" + seed.MigrationPlatform
	none := "/spaces/no-such-space"
	editors := map[string]int{"anon": toSignIn, "admin": ok} // a coordinator manages only the spaces they coordinate
	postAdmin := func(status int) map[string]int { return map[string]int{"anon": forbidden, "admin": status} }
	memberReaders := map[string]int{"anon": toSignIn, "viewer": forbidden}
	postMembers := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "committee": forbidden, "viewer": forbidden, "admin": status, "focal": status}
	}
	authCases = append(authCases,
		authCase{pattern: "GET /spaces", own: "/spaces?kind=platform&theme=migration", def: ok},
		authCase{pattern: "GET /spaces/new", own: "/spaces/new", def: forbidden, want: editors},
		authCase{pattern: "POST /spaces", own: "/spaces", form: url.Values{"kind": {"platform"}}, def: forbidden, want: postAdmin(invalid)},
		authCase{pattern: "GET /spaces/{slug}", own: platform, other: none, def: ok, wantOther: map[string]int{
			"anon": notFound, "admin": notFound, "coordinator": notFound, "focal": notFound, "committee": notFound, "viewer": notFound}},
		authCase{pattern: "GET /spaces/{slug}/edit", own: platform + "/edit", other: none + "/edit", def: forbidden, want: editors,
			wantOther: map[string]int{"admin": notFound, "coordinator": notFound}},
		authCase{pattern: "POST /spaces/{slug}", own: platform, other: none, form: url.Values{"version": {"1"}, "name_tr": {""}},
			def: forbidden, want: postAdmin(invalid), wantOther: map[string]int{"admin": notFound, "coordinator": notFound}},
		authCase{pattern: "GET /spaces/{slug}/members", own: platform + "/members?q=Demir", other: none + "/members", def: ok, want: memberReaders,
			wantOther: map[string]int{"admin": notFound, "coordinator": notFound, "focal": notFound, "committee": notFound}},
		// A bad role changes nothing: the focal point adding their own
		// municipality's person is refused for the role (422). The person
		// is in the form, not the path: another municipality's is
		// TestSpacesMembers' (not found).
		authCase{pattern: "POST /spaces/{slug}/members", own: platform + "/members",
			form: url.Values{"person_id": {strconv.Itoa(fixtureOwnPerson)}, "role": {"boss"}}, def: forbidden, want: postMembers(invalid)},
		authCase{pattern: "POST /spaces/{slug}/members/{id}/end", own: platform + "/members/999/end", other: none + "/members/1/end",
			form: url.Values{"left_on": {"not a date"}}, def: forbidden, want: postMembers(notFound),
			wantOther: map[string]int{"admin": notFound, "coordinator": notFound, "focal": notFound}},
	)
}

// spaceSvc returns the test server's spaces service and a context for
// the system.
func (e *testEnv) spaceSvc() (*spaces.Service, context.Context) {
	return e.srv.spaces, birlik.WithActor(context.Background(), birlik.SystemActor)
}

// seedSpace returns one of the seed's spaces.
func (e *testEnv) seedSpace(slug string) *spaces.Space {
	e.t.Helper()
	svc, ctx := e.spaceSvc()
	sp, err := svc.BySlug(ctx, slug)
	if err != nil {
		e.t.Fatal(err)
	}
	return sp
}

// privateSpace adds a private working group in the Migration platform
// whose one member is the fixture person of ownOrg (Kadıköy).
func (e *testEnv) privateSpace() *spaces.Space {
	e.t.Helper()
	svc, ctx := e.spaceSvc()
	sp := &spaces.Space{Kind: spaces.WorkingGroup, ParentID: e.seedSpace(seed.MigrationPlatform).ID, Visibility: spaces.Private,
		Name: map[string]string{"tr": "Geçici Koruma Çalışma Grubu", "en": "Temporary Protection Working Group"}}
	if err := svc.Create(ctx, sp); err != nil {
		e.t.Fatal(err)
	}
	if _, err := svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: e.ownPerson}); err != nil {
		e.t.Fatal(err)
	}
	return sp
}

// linkCoordinator links the coordinator's account to the fixture person
// of otherOrg and makes that person a coordinator of the space, so that
// the account coordinates it.
func (e *testEnv) linkCoordinator(sp *spaces.Space) {
	e.t.Helper()
	svc, ctx := e.spaceSvc()
	if _, err := e.db.ExecContext(ctx, `UPDATE users SET person_id = ? WHERE id = ?`, e.otherPerson, e.users[coordinatorEmail].ID); err != nil {
		e.t.Fatal(err)
	}
	if _, err := svc.AddMember(ctx, sp.ID, spaces.NewMember{PersonID: e.otherPerson, Role: spaces.Coordinator}); err != nil {
		e.t.Fatal(err)
	}
}

func TestSpacesPrivate(t *testing.T) {
	e := newEnv(t)
	priv := e.privateSpace()
	path := "/spaces/" + priv.Slug
	name := "Geçici Koruma Çalışma Grubu"
	var scs []scenario
	for _, c := range []struct {
		as   string
		sees bool
	}{
		{"", false}, {adminEmail, true}, {coordinatorEmail, true}, {focalEmail, true},
		{otherFocalEmail, false}, {committeeEmail, false}, {viewerEmail, false},
	} {
		want, list := http.StatusNotFound, scenario{name: "list as " + c.as, as: c.as, method: "GET", path: "/spaces", wantStatus: ok}
		if c.sees {
			want = ok
			list.wantBody = []string{name}
		} else {
			list.notBody = []string{name}
		}
		scs = append(scs, scenario{name: "page as " + c.as, as: c.as, method: "GET", path: path, wantStatus: want}, list)
		// The platform lists the private group among its sub-spaces only
		// for those who may read it.
		sub := scenario{name: "platform as " + c.as, as: c.as, method: "GET", path: "/spaces/" + seed.MigrationPlatform, wantStatus: ok}
		if c.sees {
			sub.wantBody = []string{name}
		} else {
			sub.notBody = []string{name}
		}
		scs = append(scs, sub)
	}
	scs = append(scs,
		scenario{name: "members page of another municipality's focal point", as: otherFocalEmail, method: "GET", path: path + "/members", wantStatus: notFound},
		scenario{name: "adding by another municipality's focal point", as: otherFocalEmail, method: "POST", path: path + "/members",
			form: url.Values{"person_id": {strconv.FormatInt(e.otherPerson, 10)}}, wantStatus: notFound},
		scenario{name: "the member's municipality sees who is in it", as: focalEmail, method: "GET", path: path, wantStatus: ok,
			wantBody: []string{"Ayla Demir", "Kadıköy Belediyesi", "Göç Platformu"}},
	)
	e.run(t, scs)
}

func TestSpacesCreateAndEdit(t *testing.T) {
	e := newEnv(t)
	platform := e.seedSpace(seed.MigrationPlatform)
	c := e.signedIn(adminEmail)
	form := url.Values{"name_tr": {"Kent Konseyleri Çalışma Grubu"}, "name_en": {"City Councils Working Group"}, "kind": {"working_group"},
		"parent": {strconv.FormatInt(platform.ID, 10)}, "visibility": {"public"}, "quorum": {""},
		"purpose_tr": {"Kent konseylerinde göçmenlerin katılımı."}, "themes": {"inclusion", "migration"}, "groups": {"refugees"}}
	res := e.post(c, "/spaces", form)
	if res.StatusCode != seeOther || res.Header.Get("Location") != "/spaces/kent-konseyleri-calisma-grubu" {
		t.Fatalf("create: %d → %q\n%s", res.StatusCode, res.Header.Get("Location"), excerpt(res.Body))
	}
	page := e.get(e.client(), "/spaces/kent-konseyleri-calisma-grubu?lang=tr")
	for _, want := range []string{"Kent Konseyleri Çalışma Grubu", "Kent konseylerinde göçmenlerin katılımı.", "Kapsayıcılık", "Mülteciler", `href="/spaces/migration-platform"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the new space's page lacks %q", want)
		}
	}
	if en := e.get(e.client(), "/spaces/kent-konseyleri-calisma-grubu?lang=en"); !strings.Contains(en.Body, "<h1>City Councils Working Group</h1>") {
		t.Error("the page in English does not show the English name")
	}
	if p := e.get(e.client(), "/spaces/"+seed.MigrationPlatform); !strings.Contains(p.Body, "Kent Konseyleri Çalışma Grubu") {
		t.Error("the platform does not list its new working group")
	}

	e.run(t, []scenario{
		{name: "refused: what was typed is kept", as: adminEmail, method: "POST", path: "/spaces",
			form:       url.Values{"name_tr": {""}, "name_en": {"Only in English"}, "kind": {"working_group"}, "themes": {"care"}, "quorum": {"many"}},
			wantStatus: invalid, wantBody: []string{`id="error-summary"`, `href="#f-name_tr"`, `href="#f-parent"`, `href="#f-quorum"`, `value="Only in English"`, `value="care" checked`}},
		{name: "filter by theme", method: "GET", path: "/spaces?theme=addiction", wantStatus: ok,
			wantBody: []string{"Sosyal Hizmetler Platformu"}, notBody: []string{"Kent Konseyleri"}},
		{name: "filter by group and kind", method: "GET", path: "/spaces?group=refugees&kind=working_group", wantStatus: ok,
			wantBody: []string{"Kent Konseyleri"}, notBody: []string{"Sosyal Hizmetler Platformu"}},
		{name: "a coordinator of nothing may not edit", as: coordinatorEmail, method: "GET", path: "/spaces/migration-platform/edit", wantStatus: forbidden},
	})

	// Two editors from version 1: the second is told, keeps what they
	// typed, and sees what the first saved.
	edit := func(name string) response {
		return e.post(c, "/spaces/kent-konseyleri-calisma-grubu", url.Values{"version": {"1"}, "name_tr": {name}, "kind": {"working_group"},
			"parent": {strconv.FormatInt(platform.ID, 10)}, "visibility": {"public"}, "themes": {"inclusion"}})
	}
	if res := edit("Kent Konseyleri ve Göç"); res.StatusCode != seeOther {
		t.Fatalf("edit: %d\n%s", res.StatusCode, excerpt(res.Body))
	}
	res = edit("Kent Konseyleri Grubu")
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale edit: %d", res.StatusCode)
	}
	for _, want := range []string{`value="Kent Konseyleri Grubu"`, "Kent Konseyleri ve Göç", `name="version" value="2"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("the conflict page lacks %q", want)
		}
	}

	// Once the coordinator coordinates the platform, they edit it and
	// start working groups in it, but do not move it.
	e.linkCoordinator(platform)
	e.run(t, []scenario{
		{name: "the coordinator edits their platform", as: coordinatorEmail, method: "GET", path: "/spaces/migration-platform/edit",
			wantStatus: ok, wantBody: []string{"yalnızca yöneticiler değiştirir"}, notBody: []string{`id="f-parent"`}},
		{name: "the coordinator saves it", as: coordinatorEmail, method: "POST", path: "/spaces/migration-platform",
			form: url.Values{"version": {"1"}, "name_tr": {"Göç Platformu"}, "kind": {"platform"}, "visibility": {"public"}, "quorum": {"12"},
				"themes": {"migration"}}, wantStatus: seeOther},
		{name: "the coordinator does not edit the committee", as: coordinatorEmail, method: "GET", path: "/spaces/" + seed.CohesionCommittee + "/edit", wantStatus: forbidden},
		{name: "the coordinator may start a working group", as: coordinatorEmail, method: "GET", path: "/spaces/new", wantStatus: ok,
			wantBody: []string{"Göç Platformu"}, notBody: []string{"Sosyal Hizmetler Platformu"}},
		{name: "the platform shows its quorum and coordinator", method: "GET", path: "/spaces/migration-platform", as: committeeEmail, wantStatus: ok,
			wantBody: []string{"12 üye", "Emre Işık"}},
	})
}

func TestSpacesMembers(t *testing.T) {
	e := newEnv(t)
	sp := e.seedSpace(seed.SocialServicesPlatform)
	path := "/spaces/" + sp.Slug
	own, other := strconv.FormatInt(e.ownPerson, 10), strconv.FormatInt(e.otherPerson, 10)
	e.run(t, []scenario{
		{name: "a focal point finds their own people", as: focalEmail, method: "GET", path: path + "/members?q=ayla", wantStatus: ok,
			wantBody: []string{"Demir, Ayla", `name="person_id" value="` + own + `"`}},
		{name: "but not another municipality's", as: focalEmail, method: "GET", path: path + "/members?q=emre", wantStatus: ok,
			notBody: []string{"Işık, Emre"}},
		{name: "a focal point may not name a chair", as: focalEmail, method: "POST", path: path + "/members",
			form: url.Values{"person_id": {own}, "role": {"chair"}, "q": {"ayla"}}, wantStatus: invalid,
			wantBody: []string{`href="#f-role"`, `id="f-role"`, "Demir, Ayla"}},
		{name: "a focal point adds their own", as: focalEmail, method: "POST", path: path + "/members",
			form: url.Values{"person_id": {own}, "role": {"expert"}}, wantStatus: seeOther},
		{name: "twice is a conflict", as: focalEmail, method: "POST", path: path + "/members",
			form: url.Values{"person_id": {own}, "role": {"member"}}, wantStatus: http.StatusConflict, wantBody: []string{"zaten bu alanın üyesi"}},
		{name: "a focal point may not add another municipality's person", as: focalEmail, method: "POST", path: path + "/members",
			form: url.Values{"person_id": {other}}, wantStatus: notFound},
		{name: "an admin adds anyone, as chair", as: adminEmail, method: "POST", path: path + "/members",
			form: url.Values{"person_id": {other}, "role": {"chair"}}, wantStatus: seeOther},
		{name: "members by organisation, with the chair", as: focalEmail, method: "GET", path: path, wantStatus: ok,
			wantBody: []string{"Ayla Demir", "Emre Işık", "Kadıköy Belediyesi", "Nilüfer Belediyesi", "2 üye", "2 kurum", "(Başkan)"}},
		{name: "the public sees organisations, not names", method: "GET", path: path, wantStatus: ok,
			wantBody: []string{"Kadıköy Belediyesi", "Nilüfer Belediyesi"}, notBody: []string{"Ayla", "Emre"}},
		{name: "the list counts them", method: "GET", path: "/spaces?kind=platform", wantStatus: ok, wantBody: []string{">2</td>"}},
		{name: "the spaces Kadıköy is in", method: "GET", path: "/spaces?org=" + ownOrg, wantStatus: ok,
			wantBody: []string{"Kadıköy Belediyesi kurumunun", "Sosyal Hizmetler Platformu", `name="org" value="` + ownOrg + `"`}, notBody: []string{"Göç Platformu"}},
	})
	svc, ctx := e.spaceSvc()
	ms, err := svc.Members(ctx, sp.ID)
	if err != nil || len(ms) != 2 {
		t.Fatalf("members %v, %v", ms, err)
	}
	var kadikoy, nilufer spaces.Member
	for _, m := range ms {
		if m.OrgID == ownOrg {
			kadikoy = m
		} else {
			nilufer = m
		}
	}
	end := func(m spaces.Member) string { return path + "/members/" + strconv.FormatInt(m.ID, 10) + "/end" }
	e.run(t, []scenario{
		{name: "the members page offers the focal point their own only", as: focalEmail, method: "GET", path: path + "/members", wantStatus: ok,
			wantBody: []string{`action="` + end(kadikoy) + `"`}, notBody: []string{`action="` + end(nilufer) + `"`}},
		{name: "a focal point may not end another municipality's", as: focalEmail, method: "POST", path: end(nilufer), wantStatus: notFound},
		{name: "nor Nilüfer Kadıköy's", as: otherFocalEmail, method: "POST", path: end(kadikoy), wantStatus: notFound},
		{name: "a bad date is refused at the top", as: focalEmail, method: "POST", path: end(kadikoy), form: url.Values{"left_on": {"dün"}},
			wantStatus: invalid, wantBody: []string{`id="error-summary"`, "YYYY-AA-GG"}},
		{name: "a focal point ends their own", as: focalEmail, method: "POST", path: end(kadikoy), wantStatus: seeOther},
		{name: "the ended membership stays in the history", as: focalEmail, method: "GET", path: path + "/members", wantStatus: ok,
			wantBody: []string{"Geçmiş üyeler", "Ayla Demir — Kadıköy Belediyesi"}},
		{name: "and leaves the space page", as: adminEmail, method: "GET", path: path, wantStatus: ok,
			wantBody: []string{"1 üye"}, notBody: []string{"Ayla Demir"}},
		{name: "a committee member reads the members page without forms", as: committeeEmail, method: "GET", path: path + "/members", wantStatus: ok,
			wantBody: []string{"Işık, Emre"}, notBody: []string{"/end\"", `name="q"`}},
	})
}

// BenchmarkSpacePage is a space's page at demo scale 100, signed in as
// the demo coordinator (who coordinates the platforms, so the page shows
// every member's name): the three seed spaces, whose platforms gather
// the representatives of some 190 municipalities, and working groups.
// Target: p95 under 20 ms. Run it like the others in bench_test.go:
//
//	go test ./web/ -run '^$' -bench SpacePage -benchtime 200x -count 5
func BenchmarkSpacePage(b *testing.B) {
	demotest.Each(b, demotest.Scale, func(b *testing.B, db *store.DB) {
		e := newBenchEnv(b, db)
		ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
		list, err := spaces.New(db).List(ctx, spaces.Filter{})
		if err != nil {
			b.Fatal(err)
		}
		paths := []string{"/spaces/" + seed.MigrationPlatform, "/spaces/" + seed.SocialServicesPlatform, "/spaces/" + seed.CohesionCommittee}
		for _, su := range list {
			if su.Kind == spaces.WorkingGroup && len(paths) < 23 {
				paths = append(paths, "/spaces/"+su.Slug)
			}
		}
		if len(paths) < 23 {
			b.Fatalf("the fixture has %d working groups; want at least 20 (is it older than the spaces' demo data?)", len(paths)-3)
		}
		benchPages(b, e, paths)
	})
}
