package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"birlik"
	"birlik/practices"
	"birlik/spaces"
)

// The practices fixtures every test server gets:
//
//   - practice 1, Kadıköy's, published in the public library;
//   - practice 2, Nilüfer's, published;
//   - practice 3, Kadıköy's draft; practice 4, Nilüfer's draft;
//   - practice 5, Kadıköy's, published in the private space
//     practicesPrivateSpace, whose one member is Kadıköy's fixture person.
const (
	fixtureOwnPractice      = 1
	fixtureOtherPractice    = 2
	fixtureOwnDraft         = 3
	fixtureOtherDraft       = 4
	fixturePrivatePractice  = 5
	practicesPrivateSpace   = "practices-private"
	fixtureOwnPracticeTitle = "Göçmen kadınlar için Türkçe kursu"
)

func addPracticeFixtures(t testing.TB, e *testEnv) {
	t.Helper()
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	space := addFixtureSpace(t, e.db, practicesPrivateSpace, spaces.Private,
		map[string]string{"tr": "Kapalı uygulama grubu", "en": "Closed practices group", "fr": "Groupe fermé des pratiques"}, e.ownPerson)
	svc := practices.New(e.db)
	for i, p := range []practices.Practice{
		{OrgID: ownOrg, Status: practices.Published, Lang: "tr", Title: fixtureOwnPracticeTitle,
			Problem: "Göçmen kadınlar Türkçe bilmediği için <b>hizmetlere</b> ulaşamıyordu.",
			Action:  "Belediye çocuk bakımı da sunan ücretsiz bir dil kursu açtı.", Results: "420 kadın kursu bitirdi.",
			PeopleReached: ptr(int64(420)), CostAmount: ptr(int64(150000)), CostCurrency: "TRY", ContactText: "Sosyal Destek Hizmetleri Müdürlüğü",
			Themes: []string{"migration", "inclusion"}, Groups: []string{"women", "migrants"}, Rights: []string{"gender_equality"}, SDGs: []string{"5"}},
		{OrgID: otherOrg, Status: practices.Published, Lang: "tr", Title: "Çocuklara yönelik yaz okulu",
			Problem: "Yoksul ailelerin çocuklarının tatilde gidecekleri yer yoktu.", Action: "Parklarda oyun ve okuma etkinlikleri düzenlendi.",
			Themes: []string{"education"}, Groups: []string{"children"}},
		{OrgID: ownOrg, Lang: "tr", Title: "Taslak: yaşlılara evde bakım", Problem: "Yalnız yaşlılar.", Action: "Ziyaretler.", Themes: []string{"care"}},
		{OrgID: otherOrg, Lang: "en", Title: "Draft: winter shelter", Problem: "Cold.", Action: "A shelter.", Themes: []string{"housing"}},
		{OrgID: ownOrg, Status: practices.Published, SpaceID: space, Lang: "fr", Title: "Accueil des réfugiés âgés",
			Problem: "Les personnes âgées réfugiées vivaient isolées.", Action: "Des visites à domicile.", Themes: []string{"care"}, Groups: []string{"refugees"}},
	} {
		if err := svc.Create(ctx, &p); err != nil {
			t.Fatal(err)
		}
		if p.ID != int64(i+1) {
			t.Fatalf("practice fixture %q got id %d, want %d", p.Title, p.ID, i+1)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func init() {
	envFixtures = append(envFixtures, addPracticeFixtures)
	pp := func(id int, rest string) string { return "/practices/" + strconv.Itoa(id) + rest }
	editorsGet := map[string]int{"anon": toSignIn, "admin": ok, "coordinator": ok, "focal": ok}
	editorsPost := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "admin": status, "coordinator": status, "focal": status}
	}
	authCases = append(authCases,
		// The library is public; drafts show to their municipality and to
		// union staff, to nobody else.
		authCase{pattern: "GET /practices", own: "/practices?q=göçmenlere&theme=migration", def: ok},
		authCase{pattern: "GET /practices/{id}", own: pp(fixtureOwnDraft, ""), other: pp(fixtureOtherDraft, ""),
			def: notFound, want: map[string]int{"admin": ok, "coordinator": ok, "focal": ok}, wantOther: map[string]int{"focal": notFound}},
		// Sharing: union staff and focal points (an empty form is refused).
		authCase{pattern: "GET /practices/new", own: "/practices/new", def: forbidden, want: editorsGet},
		authCase{pattern: "POST /practices", own: "/practices", form: url.Values{}, def: forbidden, want: editorsPost(invalid)},
		// Changing: staff any practice, a focal point their municipality's;
		// another's published practice is read but not changed.
		authCase{pattern: "GET /practices/{id}/edit", own: pp(fixtureOwnPractice, "/edit"), other: pp(fixtureOtherPractice, "/edit"),
			def: forbidden, want: editorsGet, wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "POST /practices/{id}", own: pp(fixtureOwnPractice, ""), other: pp(fixtureOtherPractice, ""), form: url.Values{"version": {"1"}},
			def: forbidden, want: editorsPost(invalid), wantOther: map[string]int{"focal": forbidden}},
		// Publishing from a stale version is refused as a conflict, so
		// nothing changes; another's draft does not exist for a focal point.
		authCase{pattern: "POST /practices/{id}/publish", own: pp(fixtureOwnDraft, "/publish"), other: pp(fixtureOtherDraft, "/publish"),
			form: url.Values{"version": {"99"}}, def: forbidden, want: editorsPost(http.StatusConflict), wantOther: map[string]int{"focal": notFound}},
		// A space's practices: a private space does not exist for outsiders.
		authCase{pattern: "GET /spaces/{slug}/practices", own: "/spaces/migration-platform/practices", other: "/spaces/" + practicesPrivateSpace + "/practices",
			def: ok, wantOther: map[string]int{"anon": notFound, "committee": notFound, "viewer": notFound}},
	)
}

// TestPracticeSearchPage finds a practice by a Turkish query with a
// suffix, marks the words, escapes the stored text, and offers facets
// as links that narrow the result.
func TestPracticeSearchPage(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res := e.get(c, "/practices?q="+url.QueryEscape("göçmenlere"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{"<mark>Göçmen</mark> kadınlar için Türkçe kursu", "1 uygulama", "&lt;b&gt;hizmetlere&lt;/b&gt;",
		`href="/practices?group=women&amp;q=`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	if strings.Contains(res.Body, "<b>hizmetlere</b>") {
		t.Error("stored text is shown as markup")
	}
	// Diacritics and case folded; private and draft practices stay out.
	res = e.get(c, "/practices?q=COCUK")
	if !strings.Contains(res.Body, "2 uygulama") {
		t.Errorf("COCUK: %s", between(res.Body, `class="result-count"`, "</p>"))
	}
	res = e.get(c, "/practices?q=refugies")
	if !strings.Contains(res.Body, "0 uygulama") {
		t.Errorf("the public finds the private space's practice: %s", between(res.Body, `class="result-count"`, "</p>"))
	}
	res = e.get(e.signedIn(focalEmail), "/practices?q=refugies")
	if !strings.Contains(res.Body, "1 uygulama") || !strings.Contains(res.Body, "Accueil des <mark>réfugiés</mark> âgés") {
		t.Errorf("Kadıköy's focal point does not find the practice of its private space: %s", between(res.Body, `class="result-count"`, "</p>"))
	}
	// A facet narrows the result; the filter shows as removable.
	res = e.get(c, "/practices?group=children")
	if !strings.Contains(res.Body, "1 uygulama") || !strings.Contains(res.Body, "Çocuklara yönelik yaz okulu") || strings.Contains(res.Body, fixtureOwnPracticeTitle) {
		t.Errorf("group=children: %s", between(res.Body, `class="result-count"`, "</p>"))
	}
	if !strings.Contains(res.Body, `aria-current="true"`) {
		t.Error("the selected facet is not marked")
	}
	// The language of the texts is a facet of its own; lang= stays the
	// pages' language.
	res = e.get(c, "/practices?q=g%C3%B6%C3%A7men&text_lang=tr&lang=en")
	if !strings.Contains(res.Body, "1 practice") || !strings.Contains(res.Body, `href="/practices?q=g%C3%B6%C3%A7men"`) {
		t.Errorf("text_lang=tr in English: %s", between(res.Body, `class="result-count"`, "</p>"))
	}
	res = e.get(c, "/practices?q=g%C3%B6%C3%A7men&text_lang=fr")
	if !strings.Contains(res.Body, "0 uygulama") {
		t.Errorf("text_lang=fr: %s", between(res.Body, `class="result-count"`, "</p>"))
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// TestPracticeShareAndEdit shares a practice as a focal point (for their
// own municipality, whatever the form says), publishes it, and edits it
// from a stale form.
func TestPracticeShareAndEdit(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(focalEmail)
	res := e.get(c, "/practices/new")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `name="themes"`) {
		t.Fatalf("form: %d", res.StatusCode)
	}
	// The contact may be one of the municipality's people, no other's.
	if !strings.Contains(res.Body, ">Ayla Demir</option>") || strings.Contains(res.Body, "Emre Işık") {
		t.Error("the contact choice does not list exactly Kadıköy's people")
	}
	// Refused: every problem listed, nothing typed lost.
	res = e.post(c, "/practices", url.Values{"title": {"Mahalle mutfağı"}, "lang": {"tr"}, "cost_amount": {"12"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("incomplete form: %d", res.StatusCode)
	}
	for _, want := range []string{`id="error-summary"`, `href="#f-problem"`, `href="#f-themes"`, `href="#f-cost_currency"`, `value="Mahalle mutfağı"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	form := url.Values{"org_id": {otherOrg}, "title": {"Mahalle mutfağı"}, "lang": {"tr"}, "problem": {"Yalnız yaşayan yaşlılar sıcak yemeğe ulaşamıyordu."},
		"action": {"Mahalle mutfağı kuruldu."}, "themes": {"care", "social_assistance"}, "groups": {"older_people"}, "publish": {"1"},
		"contact_person_id": {strconv.Itoa(fixtureOwnPerson)}}
	res = e.post(c, "/practices", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d %s", res.StatusCode, between(res.Body, "error-summary", "</div>"))
	}
	loc := res.Header.Get("Location")
	res = e.get(c, loc)
	if !strings.Contains(res.Body, "Mahalle mutfağı") || !strings.Contains(res.Body, "Kadıköy") || strings.Contains(res.Body, "Nilüfer Belediyesi</a>") ||
		!strings.Contains(res.Body, ">Ayla Demir</a>") {
		t.Errorf("shared practice page: %s", between(res.Body, "<h1", "</p>"))
	}
	// Found at once by the public.
	if body := e.get(e.client(), "/practices?q=mutfaklar").Body; !strings.Contains(body, "<mark>mutfağı</mark>") {
		t.Errorf("the new practice is not found by an inflected word")
	}
	// Edit from a stale version: 409, the typed title kept, the stored one shown.
	id := strings.TrimPrefix(loc, "/practices/")
	edit := url.Values{"version": {"1"}, "title": {"Mahalle mutfakları"}, "lang": {"tr"}, "problem": {"P"}, "action": {"A"}, "themes": {"care"}}
	if res = e.post(c, "/practices/"+id, edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	edit.Set("title", "Başka başlık")
	res = e.post(c, "/practices/"+id, edit)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, `value="Başka başlık"`) || !strings.Contains(res.Body, "Mahalle mutfakları") {
		t.Errorf("stale edit: %d", res.StatusCode)
	}
}

// TestPracticeDraftAndSpacePages: a draft is published from its page;
// a space lists its practices.
func TestPracticeDraftAndSpacePages(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(focalEmail)
	res := e.get(c, "/practices")
	if !strings.Contains(res.Body, "Taslak: yaşlılara evde bakım") {
		t.Error("the focal point's drafts are not listed on the library page")
	}
	if strings.Contains(res.Body, "Draft: winter shelter") {
		t.Error("another municipality's draft is listed")
	}
	res = e.get(c, "/practices/"+strconv.Itoa(fixtureOwnDraft))
	if !strings.Contains(res.Body, `action="/practices/3/publish"`) {
		t.Fatal("no publish button on the draft")
	}
	if res = e.post(c, "/practices/3/publish", url.Values{"version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if body := e.get(e.client(), "/practices/3").Body; !strings.Contains(body, "yaşlılara evde bakım") {
		t.Error("the published draft is not public")
	}
	res = e.get(c, "/spaces/"+practicesPrivateSpace+"/practices")
	if !strings.Contains(res.Body, "Accueil des réfugiés âgés") || !strings.Contains(res.Body, "1 uygulama") {
		t.Errorf("space page: %s", between(res.Body, `class="result-count"`, "</p>"))
	}
	res = e.get(c, "/practices/1")
	if !strings.Contains(res.Body, "Benzer uygulamalar") {
		t.Error("no similar practices section")
	}
}
