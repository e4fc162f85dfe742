package web

import (
	"net/http"
	"strings"
	"testing"

	"birlik/network"
	"birlik/seed"
	"birlik/spaces"
)

// Browser tests of the spaces pages: every page in every language with
// axe-core, for JavaScript errors and CSP violations, and on a 360 px
// phone. See browser_test.go for the harness.

// spaceBrowserPages are the spaces pages, as browserPages lists the
// others. They expect the members spaceBrowserFixture adds.
func spaceBrowserPages() []browserPage {
	social := "/spaces/" + seed.SocialServicesPlatform
	return []browserPage{
		{name: "spaces", path: "/spaces"},
		{name: "spaces filtered", path: "/spaces?kind=platform&group=refugees"},
		{name: "spaces of an admin", as: adminEmail, path: "/spaces"},
		{name: "spaces of an organisation", path: "/spaces?org=" + ownOrg},
		{name: "space", path: social},
		{name: "space with its members", as: adminEmail, path: social},
		{name: "space of a focal point", as: focalEmail, path: social},
		{name: "private working group", as: focalEmail, path: "/spaces/yaslilar-icin-evde-bakim-calisma-grubu"},
		{name: "committee", path: "/spaces/" + seed.CohesionCommittee},
		{name: "new space", as: adminEmail, path: "/spaces/new"},
		{name: "new working group", as: adminEmail, path: "/spaces/new?parent=2"},
		{name: "space refused", as: adminEmail, open: func(b *browser) {
			b.visit("/spaces/new")
			b.fill("#f-quorum", "çok")
			b.submit("main form button[type=submit]", http.StatusUnprocessableEntity)
			summaryHasFocus(b)
		}},
		{name: "space form", as: adminEmail, path: social + "/edit"},
		{name: "members", as: adminEmail, path: social + "/members"},
		{name: "members found", as: adminEmail, path: social + "/members?q=y"},
		{name: "members of a focal point", as: focalEmail, path: social + "/members?q=selin"},
		{name: "members of a committee member", as: committeeEmail, path: social + "/members"},
	}
}

// spaceBrowserFixture gives the Social Services platform two members, a
// chair from Nilüfer and an expert from Kadıköy, who left once before,
// and a private working group inside it; and adds a person in Kadıköy
// who is in no space, for the members search to find.
func spaceBrowserFixture(e *testEnv) {
	e.t.Helper()
	svc, ctx := e.spaceSvc()
	selin := &network.Person{GivenName: "Selin", FamilyName: "Yılmaz", Gender: network.Female, Lang: "tr"}
	if err := e.network.CreatePerson(ctx, selin, network.Affiliation{OrgID: ownOrg, Position: "Sosyal Çalışmacı", Kind: network.Staff}); err != nil {
		e.t.Fatal(err)
	}
	social := e.seedSpace(seed.SocialServicesPlatform)
	first, err := svc.AddMember(ctx, social.ID, spaces.NewMember{PersonID: e.ownPerson, JoinedOn: "2024-03-01"})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := svc.EndMember(ctx, social.ID, first.ID, "2025-06-30"); err != nil {
		e.t.Fatal(err)
	}
	for _, nm := range []spaces.NewMember{{PersonID: e.ownPerson, Role: spaces.Expert}, {PersonID: e.otherPerson, Role: spaces.Chair}} {
		if _, err := svc.AddMember(ctx, social.ID, nm); err != nil {
			e.t.Fatal(err)
		}
	}
	wg := &spaces.Space{Kind: spaces.WorkingGroup, ParentID: social.ID, Visibility: spaces.Private,
		Name:    map[string]string{"tr": "Yaşlılar için Evde Bakım Çalışma Grubu", "en": "Home Care for Older People Working Group", "fr": "Groupe de travail Soins à domicile des personnes âgées"},
		Purpose: map[string]string{"tr": "Evde bakım hizmetlerinin standartları üzerine çalışır."},
		Themes:  []string{"care"}, Groups: []string{"older_people", "carers"}}
	if err := svc.Create(ctx, wg); err != nil {
		e.t.Fatal(err)
	}
	if _, err := svc.AddMember(ctx, wg.ID, spaces.NewMember{PersonID: e.ownPerson, Role: spaces.Coordinator}); err != nil {
		e.t.Fatal(err)
	}
}

func TestBrowserSpacesPages(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	spaceBrowserFixture(e)
	checkPages(t, e, spaceBrowserPages())
}

// TestBrowserSpaceMemberAdd adds a member through the search, without
// JavaScript: a focal point finds their municipality's
// person and adds them; the space page then lists them.
func TestBrowserSpaceMemberAdd(t *testing.T) {
	startChromium(t)
	e := newEnv(t)
	b := newBrowser(t, e, withoutJavaScript())
	b.signIn(focalEmail)
	b.language("tr")
	b.visit("/spaces/" + seed.MigrationPlatform + "/members")
	b.fill("#f-q", "ayla")
	b.submit("form[role=search] button[type=submit]", http.StatusOK)
	b.submit("form[action$='/members'][method=post] button[type=submit]", http.StatusOK) // the redirect lands on the members page
	if got := b.html("main table"); !strings.Contains(got, "Demir, Ayla") {
		t.Errorf("after adding, the members table is %q", got)
	}
	b.visit("/spaces/" + seed.MigrationPlatform)
	if got := b.html("main"); !strings.Contains(got, "Ayla Demir") {
		t.Error("the space page does not list the new member")
	}
}
