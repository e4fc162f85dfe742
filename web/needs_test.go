package web

import (
	"context"
	"encoding/csv"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/needs"
	"birlik/spaces"
)

// The needs' fixture, added to every test server: a public space and a
// private one none of the test accounts is a member of, and in them
//
//   - need 1, public space, raised by Kadıköy (the focal point's own);
//   - need 2, public space, raised by Nilüfer;
//   - need 3, private space, raised by Nilüfer;
//   - recommendation 1, public space, published publicly;
//   - recommendation 2, public space, a draft.
const (
	needsPublicSpace  = "matrix-needs"
	needsPrivateSpace = "matrix-needs-private"
	fixtureOwnNeed    = 1
	fixtureOtherNeed  = 2
	fixtureHiddenNeed = 3
	fixturePublicRec  = 1
	fixtureDraftRec   = 2
)

func addNeedsFixtures(t testing.TB, e *testEnv) {
	t.Helper()
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	var ids []int64
	for _, sp := range []struct {
		slug string
		vis  spaces.Visibility
	}{{needsPublicSpace, spaces.Public}, {needsPrivateSpace, spaces.Private}} {
		ids = append(ids, addFixtureSpace(t, e.db, sp.slug, sp.vis, map[string]string{"tr": "İhtiyaç çalışma grubu " + string(sp.vis),
			"en": "Needs working group " + string(sp.vis), "fr": "Groupe de travail besoins " + string(sp.vis)}))
	}
	svc := needs.New(e.db)
	raise := func(space int64, org, title string) int64 {
		n := &needs.Need{SpaceID: space, OrgID: org, Title: title, Description: "Talep ayrıntısı.", Urgency: needs.High,
			Themes: []string{"migration"}, Groups: []string{"refugees"}}
		if err := svc.Create(ctx, n); err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	n1 := raise(ids[0], ownOrg, "Mülteci çocuklar için Türkçe destek")
	n2 := raise(ids[0], otherOrg, "Göç masası için tercüman")
	n3 := raise(ids[1], otherOrg, "Kapalı grupta bir ihtiyaç")
	rec := func(title string, publish bool) int64 {
		r := &needs.Recommendation{SpaceID: ids[0], Title: title, Summary: "Özet", Level: needs.LevelUnion, Rights: []string{"public_services"}}
		if err := svc.CreateRecommendation(ctx, r); err != nil {
			t.Fatal(err)
		}
		if publish {
			if err := svc.Publish(ctx, r.ID, needs.Public, 0); err != nil {
				t.Fatal(err)
			}
		}
		return r.ID
	}
	r1 := rec("Ortak tercüman havuzu", true)
	r2 := rec("Taslak öneri", false)
	if n1 != fixtureOwnNeed || n2 != fixtureOtherNeed || n3 != fixtureHiddenNeed || r1 != fixturePublicRec || r2 != fixtureDraftRec {
		t.Fatalf("needs fixtures got ids %d %d %d, recommendations %d %d; the matrix assumes 1 2 3, 1 2", n1, n2, n3, r1, r2)
	}
}

func init() {
	envFixtures = append(envFixtures, addNeedsFixtures)
	pub, priv := "/spaces/"+needsPublicSpace, "/spaces/"+needsPrivateSpace
	np := func(id int, rest string) string { return "/needs/" + strconv.Itoa(id) + rest }
	rp := func(id int, rest string) string { return "/recommendations/" + strconv.Itoa(id) + rest }
	readers := map[string]int{"anon": toSignIn}
	hidden := map[string]int{"focal": notFound, "committee": notFound, "viewer": notFound}
	editors := map[string]int{"anon": toSignIn, "committee": forbidden, "viewer": forbidden}
	postEditors := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "committee": forbidden, "viewer": forbidden, "admin": status, "coordinator": status, "focal": status}
	}
	postStaff := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "admin": status, "coordinator": status}
	}
	drafters := map[string]int{"anon": toSignIn, "admin": ok, "coordinator": ok}
	postDrafters := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "admin": status, "coordinator": status}
	}
	longNote := url.Values{"note": {strings.Repeat("uzun ", 500)}}
	authCases = append(authCases,
		// Needs are read by signed-in accounts in the spaces they may
		// read; a private space's needs do not exist for others.
		authCase{pattern: "GET /needs", own: "/needs?theme=migration", def: ok, want: readers},
		authCase{pattern: "GET /needs.csv", own: "/needs.csv?status=submitted", def: ok, want: readers},
		authCase{pattern: "GET /needs/dashboard", own: "/needs/dashboard", def: ok, want: readers},
		authCase{pattern: "GET /needs/{id}", own: np(fixtureOwnNeed, ""), other: np(fixtureHiddenNeed, ""), def: ok, want: readers, wantOther: hidden},
		// Changing a need: staff, and the focal point of the municipality
		// that raised it (another's is forbidden).
		authCase{pattern: "GET /needs/{id}/edit", own: np(fixtureOwnNeed, "/edit"), other: np(fixtureOtherNeed, "/edit"), def: ok, want: editors,
			wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "POST /needs/{id}", own: np(fixtureOwnNeed, ""), other: np(fixtureOtherNeed, ""), form: url.Values{"version": {"1"}, "title": {""}},
			def: invalid, want: postEditors(invalid), wantOther: map[string]int{"focal": forbidden}},
		// "We have this too": a count that is not one changes nothing.
		authCase{pattern: "POST /needs/{id}/cosign", own: np(fixtureOtherNeed, "/cosign"), other: np(fixtureHiddenNeed, "/cosign"),
			form: url.Values{"people_affected": {"çok"}}, def: invalid, want: postEditors(invalid), wantOther: map[string]int{"focal": notFound}},
		// Withdrawing: Kadıköy has not said it has need 2 (nothing to
		// withdraw); staff must name a municipality.
		authCase{pattern: "POST /needs/{id}/uncosign", own: np(fixtureOtherNeed, "/uncosign"), other: np(fixtureHiddenNeed, "/uncosign"),
			form: url.Values{}, def: invalid, want: map[string]int{"anon": forbidden, "committee": forbidden, "viewer": forbidden, "focal": notFound},
			wantOther: map[string]int{"focal": notFound}},
		// The workflow is the staff's; a stale version or an empty form
		// changes nothing.
		authCase{pattern: "POST /needs/{id}/review", own: np(fixtureOwnNeed, "/review"), form: url.Values{"version": {"99"}}, def: forbidden, want: postStaff(needConflict)},
		authCase{pattern: "POST /needs/{id}/close", own: np(fixtureOwnNeed, "/close"), form: url.Values{}, def: forbidden, want: postStaff(invalid)},
		authCase{pattern: "POST /needs/{id}/merge", own: np(fixtureOwnNeed, "/merge"), form: url.Values{"into": {""}}, def: forbidden, want: postStaff(invalid)},
		authCase{pattern: "GET /spaces/{slug}/needs", own: pub + "/needs", other: priv + "/needs", def: ok, want: readers, wantOther: hidden},
		authCase{pattern: "GET /spaces/{slug}/needs.csv", own: pub + "/needs.csv", other: priv + "/needs.csv", def: ok, want: readers, wantOther: hidden},
		authCase{pattern: "GET /spaces/{slug}/needs/dashboard", own: pub + "/needs/dashboard", other: priv + "/needs/dashboard", def: ok, want: readers, wantOther: hidden},
		authCase{pattern: "GET /spaces/{slug}/needs/new", own: pub + "/needs/new", other: priv + "/needs/new", def: ok, want: editors, wantOther: map[string]int{"focal": notFound}},
		authCase{pattern: "POST /spaces/{slug}/needs", own: pub + "/needs", other: priv + "/needs", form: url.Values{}, def: invalid, want: postEditors(invalid),
			wantOther: map[string]int{"focal": notFound}},

		// Recommendations: published publicly, anyone reads them; drafts
		// are their authors' and the staff's.
		authCase{pattern: "GET /recommendations", own: "/recommendations?level=union", def: ok},
		authCase{pattern: "GET /recommendations/{id}", own: rp(fixturePublicRec, ""), other: rp(fixtureDraftRec, ""), def: ok,
			wantOther: map[string]int{"anon": notFound, "focal": notFound, "committee": notFound, "viewer": notFound}},
		authCase{pattern: "GET /recommendations/{id}/versions/{rev}", own: rp(fixturePublicRec, "/versions/1"), other: rp(fixtureDraftRec, "/versions/1"), def: ok,
			wantOther: map[string]int{"anon": notFound, "focal": notFound, "committee": notFound, "viewer": notFound}},
		authCase{pattern: "GET /recommendations/{id}/edit", own: rp(fixturePublicRec, "/edit"), other: rp(fixtureDraftRec, "/edit"), def: forbidden, want: drafters,
			wantOther: hidden},
		authCase{pattern: "POST /recommendations/{id}", own: rp(fixturePublicRec, ""), other: rp(fixtureDraftRec, ""), form: url.Values{"title": {""}},
			def: forbidden, want: postDrafters(needConflict), wantOther: hidden}, // no version: a stale page
		authCase{pattern: "POST /recommendations/{id}/publish", own: rp(fixturePublicRec, "/publish"), other: rp(fixtureDraftRec, "/publish"),
			form: url.Values{"publication": {"everyone"}}, def: forbidden, want: postDrafters(invalid), wantOther: hidden},
		// Endorsing and reporting: a note too long changes nothing; a
		// draft cannot be endorsed.
		authCase{pattern: "POST /recommendations/{id}/endorse", own: rp(fixturePublicRec, "/endorse"), other: rp(fixtureDraftRec, "/endorse"), form: longNote,
			def: invalid, want: postEditors(invalid), wantOther: map[string]int{"focal": notFound, "admin": needConflict, "coordinator": needConflict}},
		authCase{pattern: "POST /recommendations/{id}/adoption", own: rp(fixturePublicRec, "/adoption"), other: rp(fixtureDraftRec, "/adoption"), form: url.Values{},
			def: invalid, want: postEditors(invalid), wantOther: map[string]int{"focal": notFound, "admin": needConflict, "coordinator": needConflict}},
		authCase{pattern: "GET /spaces/{slug}/recommendations", own: pub + "/recommendations", other: priv + "/recommendations", def: ok,
			wantOther: map[string]int{"anon": notFound, "focal": notFound, "committee": notFound, "viewer": notFound}},
		authCase{pattern: "GET /spaces/{slug}/recommendations/new", own: pub + "/recommendations/new", other: priv + "/recommendations/new", def: forbidden, want: drafters,
			wantOther: hidden},
		authCase{pattern: "POST /spaces/{slug}/recommendations", own: pub + "/recommendations", other: priv + "/recommendations", form: url.Values{},
			def: forbidden, want: postDrafters(invalid), wantOther: hidden},
	)
}

const needConflict = 409

// rawNeedsKey finds a needs catalogue key shown as such.
var rawNeedsKey = regexp.MustCompile(`[>\s](needs|recs)\.[A-Za-z_]+\.[A-Za-z_.]+`)

// TestNeedsRaiseAnswerFlow raises a need through the form as Kadıköy's
// focal point, has Nilüfer's say it has it too, and answers it: the staff
// review it, draft a recommendation from the need's page, publish it; the
// need is answered, timed, and the recommendation's reach counts
// Kadıköy's endorsement and adoption.
func TestNeedsRaiseAnswerFlow(t *testing.T) {
	e := newEnv(t)
	focal, other, coord := e.signedIn(focalEmail), e.signedIn(otherFocalEmail), e.signedIn(coordinatorEmail)
	space := "/spaces/" + needsPublicSpace

	// A focal point raises for their own municipality only.
	form := url.Values{"title": {"Yaşlılar için evde bakım"}, "description": {"Talep artıyor."}, "themes": {"care", "health"},
		"groups": {"older_people"}, "people_affected": {"1.200"}, "urgency": {"high"}}
	bad := url.Values{"org_id": {otherOrg}}
	for k, v := range form {
		bad[k] = v
	}
	if res := e.post(focal, space+"/needs", bad); res.StatusCode != forbidden {
		t.Errorf("raising for another municipality: %d", res.StatusCode)
	}
	refused := e.post(focal, space+"/needs", url.Values{"title": {"Başlık yeterli"}, "people_affected": {"çok"}})
	if refused.StatusCode != invalid || !strings.Contains(refused.Body, "Başlık yeterli") || !strings.Contains(refused.Body, `href="#f-themes"`) ||
		!strings.Contains(refused.Body, `href="#f-people_affected"`) {
		t.Errorf("refused form: %d, keeps typing / lists errors?", refused.StatusCode)
	}
	res := e.post(focal, space+"/needs", form)
	if res.StatusCode != seeOther {
		t.Fatalf("raise: %d %s", res.StatusCode, res.Body)
	}
	path := res.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/needs/"), 10, 64)
	page := e.get(focal, path)
	if !strings.Contains(page.Body, "Yaşlılar için evde bakım") || !strings.Contains(page.Body, "1.200") {
		t.Errorf("need page does not show the need")
	}
	if strings.Contains(page.Body, `action="`+path+`/cosign"`) {
		t.Error("the raising municipality is offered to co-sign its own need")
	}
	// Nilüfer has it too.
	if page := e.get(other, path); !strings.Contains(page.Body, `action="`+path+`/cosign"`) {
		t.Error("another municipality is not offered to co-sign")
	}
	if res := e.post(other, path+"/cosign", url.Values{"people_affected": {"300"}}); res.StatusCode != seeOther {
		t.Fatalf("cosign: %d", res.StatusCode)
	}
	if res := e.post(other, path+"/cosign", url.Values{}); res.StatusCode != needConflict {
		t.Errorf("cosign twice: %d", res.StatusCode)
	}
	// Withdrawn and said again.
	if res := e.post(other, path+"/uncosign", url.Values{}); res.StatusCode != seeOther {
		t.Errorf("withdraw: %d", res.StatusCode)
	}
	if page := e.get(focal, path); !strings.Contains(page.Body, "1 belediyede var") || !strings.Contains(page.Body, "artık bu ihtiyaç bizde yok") {
		t.Error("a withdrawn co-signer still counts, or the history does not say it withdrew")
	}
	if res := e.post(other, path+"/cosign", url.Values{"people_affected": {"300"}}); res.StatusCode != seeOther {
		t.Fatalf("cosign again: %d", res.StatusCode)
	}
	page = e.get(focal, path)
	if !strings.Contains(page.Body, "Nilüfer") || !strings.Contains(page.Body, "1.500") {
		t.Errorf("co-signer or people total missing from the need page")
	}
	// Nilüfer cannot edit Kadıköy's need.
	if res := e.post(other, path, url.Values{"version": {"1"}, "title": {"Değişti"}}); res.StatusCode != forbidden {
		t.Errorf("another municipality edited: %d", res.StatusCode)
	}

	// The staff answer it.
	if res := e.post(coord, path+"/review", url.Values{"version": {"1"}}); res.StatusCode != seeOther {
		t.Fatalf("review: %d %s", res.StatusCode, res.Body)
	}
	page = e.get(coord, path)
	answer := "/spaces/" + needsPublicSpace + "/recommendations/new?needs=" + strconv.FormatInt(id, 10)
	if !strings.Contains(page.Body, strings.ReplaceAll(answer, "&", "&amp;")) {
		t.Fatalf("need page offers no answer link %s", answer)
	}
	newPage := e.get(coord, answer)
	if newPage.StatusCode != ok || !strings.Contains(newPage.Body, `value="`+strconv.FormatInt(id, 10)+`"`) {
		t.Fatalf("new recommendation form: %d, need not filled in", newPage.StatusCode)
	}
	res = e.post(coord, space+"/recommendations", url.Values{"title": {"Evde bakım hizmet standardı"}, "summary": {"Ortak standart."},
		"level": {"municipality"}, "rights": {"public_services"}, "sdgs": {"3"}, "needs": {strconv.FormatInt(id, 10)}})
	if res.StatusCode != seeOther {
		t.Fatalf("draft: %d %s", res.StatusCode, res.Body)
	}
	rec := res.Header.Get("Location")
	if e.get(focal, rec).StatusCode != notFound {
		t.Error("a focal point reads a draft")
	}
	if res := e.post(coord, rec+"/publish", url.Values{"publication": {"members"}, "version": {"1"}}); res.StatusCode != seeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	page = e.get(focal, path)
	if !strings.Contains(page.Body, ">Yanıtlandı<") || !strings.Contains(page.Body, "Evde bakım hizmet standardı") {
		t.Errorf("the need is not shown answered by the recommendation")
	}
	// Kadıköy endorses and reports adoption.
	if res := e.post(focal, rec+"/endorse", url.Values{"note": {"Destekliyoruz."}}); res.StatusCode != seeOther {
		t.Fatalf("endorse: %d", res.StatusCode)
	}
	if res := e.post(focal, rec+"/adoption", url.Values{"status": {"in_progress"}, "on": {time.Now().Format(time.DateOnly)}}); res.StatusCode != seeOther {
		t.Fatalf("adoption: %d %s", res.StatusCode, res.Body)
	}
	rp := e.get(e.signedIn(viewerEmail), rec)
	if !strings.Contains(rp.Body, "Sürüyor") || !strings.Contains(rp.Body, "Kadıköy") {
		t.Errorf("reach not shown")
	}
	// Editing the published recommendation makes version 2; version 1
	// stays readable.
	res = e.post(coord, rec, url.Values{"version": {"2"}, "title": {"Evde bakım hizmet standardı"}, "summary": {"Genişletilmiş standart."},
		"level": {"municipality"}, "needs": {strconv.FormatInt(id, 10)}})
	if res.StatusCode != seeOther {
		t.Fatalf("edit published: %d %s", res.StatusCode, res.Body)
	}
	if v1 := e.get(focal, rec+"/versions/1"); v1.StatusCode != ok || !strings.Contains(v1.Body, "Ortak standart.") {
		t.Errorf("version 1: %d", v1.StatusCode)
	}

	// Each step was told to the followers of the need and its space.
	var shared int
	if err := e.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM notify_events WHERE kind = 'need.shared'`).Scan(&shared); err != nil || shared != 2 {
		t.Errorf("%d need.shared events (said twice), %v", shared, err)
	}
	for _, kind := range []string{"need.raised", "need.under_review", "recommendation.published", "need.answered",
		"recommendation.endorsed", "recommendation.updated"} {
		var n int
		if err := e.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM notify_events WHERE kind = ? AND url IN (?, ?)`, kind, path, rec).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d %s events, %v", n, kind, err)
		}
	}

	// The list, its search and its CSV.
	list := e.get(focal, space+"/needs?q=EVDE+BAKIM")
	if !strings.Contains(list.Body, "Yaşlılar için evde bakım") || strings.Contains(list.Body, "Göç masası için tercüman") {
		t.Error("Turkish search on titles")
	}
	csvRes := e.get(focal, "/needs.csv?status=answered")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvRes.Body, "\xef\xbb\xbf"))).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != strconv.FormatInt(id, 10) || rows[1][10] != "2" || rows[1][11] != "1500" {
		t.Errorf("CSV of answered needs: %v %v", rows, err)
	}
	// The dashboard counts it, with its times in words.
	dash := e.get(focal, space+"/needs/dashboard")
	if dash.StatusCode != ok || !strings.Contains(dash.Body, "Bakım") || !strings.Contains(dash.Body, "0 saat") {
		t.Errorf("dashboard: %d", dash.StatusCode)
	}
	for _, p := range []response{dash, page, rp, e.get(focal, path)} {
		if m := rawNeedsKey.FindString(p.Body); m != "" {
			t.Errorf("%s shows the catalogue key %q", p.Request.URL.Path, m)
		}
	}
}

// TestNeedsMergePage merges a duplicate from the need's page: the
// co-signers move, nobody twice.
func TestNeedsMergePage(t *testing.T) {
	e := newEnv(t)
	coord := e.signedIn(coordinatorEmail)
	res := e.post(coord, needPath(fixtureOtherNeed, "/merge"), url.Values{"into": {strconv.Itoa(fixtureOwnNeed)}})
	if res.StatusCode != seeOther || res.Header.Get("Location") != needPath(fixtureOwnNeed, "") {
		t.Fatalf("merge: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	kept := e.get(coord, needPath(fixtureOwnNeed, ""))
	if !strings.Contains(kept.Body, "Nilüfer") {
		t.Error("Nilüfer, who raised the duplicate, does not count on the kept need")
	}
	dup := e.get(coord, needPath(fixtureOtherNeed, ""))
	if !strings.Contains(dup.Body, "#"+strconv.Itoa(fixtureOwnNeed)) || strings.Contains(dup.Body, `action="/needs/2/merge"`) {
		t.Error("the duplicate does not say where it went, or still offers the workflow")
	}
	if res := e.post(coord, needPath(fixtureOwnNeed, "/merge"), url.Values{"into": {"x"}}); res.StatusCode != invalid {
		t.Errorf("merge into a non-number: %d", res.StatusCode)
	}
}

func needPath(id int, rest string) string { return "/needs/" + strconv.Itoa(id) + rest }
