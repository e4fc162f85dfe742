package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"birlik"
	"birlik/network"
	"birlik/seed"
)

// The network pages' rows of the authorization matrix. Own records are
// Kadıköy's (the focal point's municipality) and the fixture person who
// works there; other records are Nilüfer's. POSTs carry forms that are
// invalid for everyone allowed, so that the matrix changes nothing.
func init() {
	person := func(id int) string { return "/people/" + strconv.Itoa(id) }
	ownP, otherP := person(fixtureOwnPerson), person(fixtureOtherPerson)
	readers := map[string]int{"anon": toSignIn, "viewer": forbidden}
	editors := map[string]int{"anon": toSignIn, "viewer": forbidden, "committee": forbidden}
	postEditors := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "viewer": forbidden, "committee": forbidden, "admin": status, "coordinator": status, "focal": status}
	}
	staffOnly := map[string]int{"anon": toSignIn, "admin": ok, "coordinator": ok}
	postStaff := func(status int) map[string]int {
		return map[string]int{"anon": forbidden, "admin": status, "coordinator": status}
	}
	badEmail := url.Values{"version": {"1"}, "email": {"not an address"}}
	authCases = append(authCases,
		// Places and organisations are public facts.
		authCase{pattern: "GET /places", own: "/places", def: ok},
		authCase{pattern: "GET /places.geojson", own: "/places.geojson", def: ok},
		authCase{pattern: "GET /places/{id}", own: "/places/istanbul", other: "/places/bursa-nilufer", def: ok},
		authCase{pattern: "GET /organisations", own: "/organisations?q=kadikoy", def: ok},
		authCase{pattern: "GET /organisations.csv", own: "/organisations.csv?province=istanbul", def: ok},
		authCase{pattern: "GET /organisations.json", own: "/organisations.json?province=istanbul", def: ok},
		authCase{pattern: "GET /organisations/new", own: "/organisations/new", def: forbidden, want: staffOnly},
		authCase{pattern: "POST /organisations", own: "/organisations", form: url.Values{}, def: forbidden, want: postStaff(invalid)},
		authCase{pattern: "GET /organisations/{id}", own: "/organisations/" + ownOrg, other: "/organisations/" + otherOrg, def: ok},
		// A focal point edits their own organisation (contact details)
		// and no other.
		authCase{pattern: "GET /organisations/{id}/edit", own: "/organisations/" + ownOrg + "/edit", other: "/organisations/" + otherOrg + "/edit",
			def: ok, want: editors, wantOther: map[string]int{"focal": forbidden}},
		authCase{pattern: "POST /organisations/{id}", own: "/organisations/" + ownOrg, other: "/organisations/" + otherOrg, form: badEmail,
			def: invalid, want: postEditors(invalid), wantOther: map[string]int{"focal": forbidden}},

		// People are personal data: viewers and the public see none; a
		// focal point sees and changes their own organisation's only.
		authCase{pattern: "GET /people", own: "/people?org=" + ownOrg, other: "/people?org=" + otherOrg, def: ok, want: readers},
		authCase{pattern: "GET /people.csv", own: "/people.csv", def: ok, want: readers},
		authCase{pattern: "GET /people.json", own: "/people.json", def: ok, want: readers},
		authCase{pattern: "GET /people/new", own: "/people/new", def: ok, want: editors},
		authCase{pattern: "POST /people", own: "/people", form: url.Values{}, def: invalid, want: postEditors(invalid)},
		authCase{pattern: "GET /people/{id}", own: ownP, other: otherP, def: ok, want: readers, wantOther: map[string]int{"focal": notFound}},
		authCase{pattern: "GET /people/{id}/edit", own: ownP + "/edit", other: otherP + "/edit", def: ok, want: editors,
			wantOther: map[string]int{"focal": notFound}},
		authCase{pattern: "POST /people/{id}", own: ownP, other: otherP, form: url.Values{"version": {"1"}, "given_name": {""}},
			def: invalid, want: postEditors(invalid), wantOther: map[string]int{"focal": notFound}},
		authCase{pattern: "POST /people/{id}/affiliations", own: ownP + "/affiliations", other: otherP + "/affiliations",
			form: url.Values{"started": {"not a date"}}, def: invalid, want: postEditors(invalid), wantOther: map[string]int{"focal": notFound}},
		authCase{pattern: "POST /people/{id}/affiliations/{aid}/end",
			own:   ownP + "/affiliations/" + strconv.Itoa(fixtureOwnAffiliation) + "/end",
			other: otherP + "/affiliations/" + strconv.Itoa(fixtureOtherAffiliation) + "/end",
			form:  url.Values{"ended": {"not a date"}}, def: invalid, want: postEditors(invalid), wantOther: map[string]int{"focal": notFound}},

		// Imports are the union staff's.
		authCase{pattern: "GET /import", own: "/import", def: forbidden, want: staffOnly},
		authCase{pattern: "GET /import/{kind}/template.csv", own: "/import/organisations/template.csv", other: "/import/people/template.csv",
			def: forbidden, want: staffOnly},
		authCase{pattern: "POST /import/{kind}", own: "/import/organisations", other: "/import/people", form: url.Values{},
			def: forbidden, want: postStaff(invalid)},
		authCase{pattern: "POST /import/{kind}/confirm", own: "/import/organisations/confirm", other: "/import/people/confirm",
			form: url.Values{"upload": {"0123456789abcdef0123456789abcdef"}}, def: forbidden, want: postStaff(invalid)},
		// A background job is its session's alone: staff asking for one
		// that is not theirs (here, none) are told it does not exist.
		authCase{pattern: "GET /import/{kind}/jobs/{id}", own: "/import/organisations/jobs/0123456789abcdef0123456789abcdef",
			other: "/import/people/jobs/0123456789abcdef0123456789abcdef",
			def:   forbidden, want: map[string]int{"anon": toSignIn, "admin": notFound, "coordinator": notFound}},
		authCase{pattern: "GET /import/{kind}/jobs/{id}/progress.json", own: "/import/organisations/jobs/0123456789abcdef0123456789abcdef/progress.json",
			other: "/import/people/jobs/0123456789abcdef0123456789abcdef/progress.json",
			def:   forbidden, want: map[string]int{"anon": toSignIn, "admin": notFound, "coordinator": notFound}},
	)
}

// TestNetworkFixture checks the ids the matrix rows assume.
func TestNetworkFixture(t *testing.T) {
	e := newEnv(t)
	if e.ownPerson != fixtureOwnPerson || e.otherPerson != fixtureOtherPerson {
		t.Fatalf("fixture people %d, %d", e.ownPerson, e.otherPerson)
	}
	p, err := e.network.Person(birlik.WithActor(context.Background(), birlik.SystemActor), e.otherPerson)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Affiliations) != 1 || p.Affiliations[0].ID != fixtureOtherAffiliation || p.Affiliations[0].OrgID != otherOrg {
		t.Fatalf("affiliations of the other person: %+v", p.Affiliations)
	}
}

// sys is a context acting as the system, for arranging records.
func sys() context.Context { return birlik.WithActor(context.Background(), birlik.SystemActor) }

// orgTotal counts the organisations a filter matches, as the service does.
func (e *testEnv) orgTotal(f network.OrgFilter) int {
	e.t.Helper()
	_, n, err := e.network.Organisations(sys(), f)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// setMembers makes the organisations members of the union.
func (e *testEnv) setMembers(ids ...string) {
	e.t.Helper()
	for _, id := range ids {
		o, err := e.network.Organisation(sys(), id)
		if err != nil {
			e.t.Fatal(err)
		}
		o.MemberStatus, o.MemberSince = network.Member, "2026-01-15"
		if err := e.network.UpdateOrganisation(sys(), o); err != nil {
			e.t.Fatal(err)
		}
	}
}

// inOrder fails unless the strings appear in body in the order given.
func inOrder(t *testing.T, body string, want ...string) {
	t.Helper()
	last := -1
	for _, w := range want {
		i := strings.Index(body, w)
		if i < 0 {
			t.Errorf("%q is missing", w)
			return
		}
		if i < last {
			t.Errorf("%q comes before %q; want the order %q", w, want[0], want)
			return
		}
		last = i
	}
}

var nextLink = regexp.MustCompile(`href="(\?[^"]*)" rel="next"`)

func TestOrganisationsList(t *testing.T) {
	e := newEnv(t)
	kocaeliDistricts := e.orgTotal(network.OrgFilter{ProvinceID: "kocaeli", MunicipalityKind: network.DistrictMun})
	kocaeli := e.orgTotal(network.OrgFilter{ProvinceID: "kocaeli"})
	e.run(t, []scenario{
		{name: "izmit finds İzmit", method: "GET", path: "/organisations?q=izmit", wantStatus: 200,
			wantBody: []string{`href="/organisations/kocaeli-izmit"`, "İzmit Belediyesi", "1 kurum"}},
		{name: "IZMIT finds İzmit", method: "GET", path: "/organisations?q=IZMIT", wantStatus: 200,
			wantBody: []string{`href="/organisations/kocaeli-izmit"`, `value="IZMIT"`}},
		{name: "İZMİT finds İzmit", method: "GET", path: "/organisations?q=%C4%B0ZM%C4%B0T", wantStatus: 200, wantBody: []string{"İzmit Belediyesi"}},
		{name: "a province's name finds its municipalities", method: "GET", path: "/organisations?q=canakkale&municipality_kind=provincial", wantStatus: 200,
			wantBody: []string{"Çanakkale Belediyesi", "1 kurum"}},
		{name: "filters and count", method: "GET", path: "/organisations?province=kocaeli&municipality_kind=district", wantStatus: 200,
			wantBody: []string{fmt.Sprintf("%d kurum", kocaeliDistricts), "İzmit Belediyesi", `<option value="kocaeli" selected>`, `<option value="district" selected>`},
			notBody:  []string{"Nilüfer Belediyesi", "Kocaeli Büyükşehir Belediyesi"}},
		{name: "count in English", method: "GET", path: "/organisations?q=izmit&lang=en", wantStatus: 200, wantBody: []string{"1 organisation<"}},
		{name: "count in English, plural", method: "GET", path: "/organisations?province=kocaeli&lang=en", wantStatus: 200, wantBody: []string{fmt.Sprintf("%d organisations", kocaeli)}},
		{name: "count in French", method: "GET", path: "/organisations?province=kocaeli&lang=fr", wantStatus: 200, wantBody: []string{fmt.Sprintf("%d organisations", kocaeli)}},
		{name: "one in French", method: "GET", path: "/organisations?q=izmit&lang=fr", wantStatus: 200, wantBody: []string{"1 organisation<"}},
		{name: "nothing found", method: "GET", path: "/organisations?q=yokboylebirbelediye", wantStatus: 200,
			wantBody: []string{"0 kurum", "Bu filtrelere uyan kurum yok."}, notBody: []string{"<table"}},
		{name: "member filter", method: "GET", path: "/organisations?member=member", wantStatus: 200, wantBody: []string{"0 kurum"}},
		{name: "sorted by name: aria-sort and reversing link", method: "GET", path: "/organisations?province=bursa", wantStatus: 200,
			wantBody: []string{`aria-sort="ascending"><a class="sort-link" href="?province=bursa&amp;sort=-name"`}},
		{name: "sorted by population, largest first", method: "GET", path: "/organisations?province=bursa&sort=-population", wantStatus: 200,
			wantBody: []string{`class="num" aria-sort="descending"><a class="sort-link" href="?province=bursa&amp;sort=population"`}},
		{name: "export links keep the filters", method: "GET", path: "/organisations?province=bursa&page=1&sort=-population", wantStatus: 200,
			wantBody: []string{`href="/organisations.csv?province=bursa&amp;sort=-population"`, `href="/organisations.json?province=bursa&amp;sort=-population"`}},
		{name: "a page past the end", method: "GET", path: "/organisations?page=99", wantStatus: 200, wantBody: []string{"Bu sayfada kayıt yok."}},
		{name: "staff see the add button", as: coordinatorEmail, method: "GET", path: "/organisations", wantStatus: 200, wantBody: []string{`href="/organisations/new"`}},
		{name: "others do not", as: focalEmail, method: "GET", path: "/organisations", wantStatus: 200, notBody: []string{`href="/organisations/new"`}},
		{name: "a script in the query is text", method: "GET", path: "/organisations?q=%3Cscript%3Ealert(1)%3C/script%3E", wantStatus: 200,
			notBody: []string{"<script>alert"}},
	})

	t.Run("Turkish order: Bursa, Çanakkale, Edirne", func(t *testing.T) {
		c := e.client()
		byName := e.get(c, "/organisations?kind=municipality&municipality_kind=provincial&per_page=200").Body
		inOrder(t, byName, "Bilecik Belediyesi", "Çanakkale Belediyesi", "Edirne Belediyesi")
		metro := e.get(c, "/organisations?q=belediyesi&per_page=200").Body
		inOrder(t, metro, "Bursa Büyükşehir Belediyesi", "Çanakkale Belediyesi", "Çatalca Belediyesi", "Edirne Belediyesi")
		byProvince := e.get(c, "/organisations?kind=municipality&sort=province&per_page=200").Body
		inOrder(t, byProvince, `href="/places/bursa"`, `href="/places/canakkale"`, `href="/places/edirne"`)
	})

	t.Run("pages keep the filters", func(t *testing.T) {
		c := e.client()
		total := e.orgTotal(network.OrgFilter{Query: "belediye", Kind: network.Municipality})
		first := e.get(c, "/organisations?q=belediye&kind=municipality&sort=-population")
		m := nextLink.FindStringSubmatch(first.Body)
		if m == nil {
			t.Fatalf("no next link on the first page")
		}
		next := strings.ReplaceAll(m[1], "&amp;", "&")
		for _, want := range []string{"q=belediye", "kind=municipality", "sort=-population", "page=2"} {
			if !strings.Contains(next, want) {
				t.Errorf("next link %q lacks %q", next, want)
			}
		}
		second := e.get(c, "/organisations"+next)
		pages := (total + network.DefaultPerPage - 1) / network.DefaultPerPage
		if want := fmt.Sprintf("Sayfa 2 / %d", pages); !strings.Contains(second.Body, want) {
			t.Errorf("second page lacks %q", want)
		}
		if !strings.Contains(second.Body, fmt.Sprintf("%d kurum", total)) {
			t.Errorf("second page lacks the total %d", total)
		}
		// Sorting starts again from the first page, with the filters.
		if !strings.Contains(second.Body, `href="?kind=municipality&amp;q=belediye"`) {
			t.Errorf("the name column's link does not keep the filters and drop the page")
		}
	})
}

// readCSV parses an export, which starts with a byte-order mark.
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\ufeff") {
		t.Errorf("the CSV does not start with a byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	return recs
}

func TestOrganisationsExport(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	municipalities := e.orgTotal(network.OrgFilter{Kind: network.Municipality})
	if municipalities <= network.DefaultPerPage {
		t.Fatalf("only %d municipalities: the test needs more than a page", municipalities)
	}

	res := e.get(c, "/organisations.csv?kind=municipality&page=3&sort=-population")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type %q", ct)
	}
	recs := readCSV(t, res.Body)
	if got := strings.Join(recs[0], ","); got != strings.Join(network.OrgCSVColumns, ",") {
		t.Errorf("header %s", got)
	}
	if len(recs)-1 != municipalities {
		t.Errorf("%d rows, want every one of the %d municipalities, not one page", len(recs)-1, municipalities)
	}
	if recs[1][0] != "istanbul-bb" {
		t.Errorf("first row %v, want the largest municipality first", recs[1][:2])
	}
	for _, r := range recs[1:] {
		if r[3] != "municipality" {
			t.Fatalf("a row that is not a municipality: %v", r)
		}
	}

	js := e.get(c, "/organisations.json?q=izmit")
	var orgs []network.OrgRecord
	if err := json.Unmarshal([]byte(js.Body), &orgs); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	if len(orgs) != 1 || orgs[0].ID != "kocaeli-izmit" || orgs[0].Name != "İzmit Belediyesi" {
		t.Errorf("JSON export: %+v", orgs)
	}
	if !strings.HasPrefix(js.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("JSON Content-Disposition %q", js.Header.Get("Content-Disposition"))
	}

	t.Run("re-imports cleanly", func(t *testing.T) {
		admin := e.signedIn(adminEmail)
		rep := e.upload(admin, "/import/organisations", "export.csv", []byte(res.Body))
		if rep.StatusCode != 200 {
			t.Fatalf("status %d\n%s", rep.StatusCode, excerpt(rep.Body))
		}
		for _, want := range []string{"Dosya temiz", fmt.Sprintf(`<span class="figure__value">%d</span> <span class="figure__label">değişmeyecek`, municipalities),
			"Dosya hiçbir kaydı değiştirmiyor"} {
			if !strings.Contains(rep.Body, want) {
				t.Errorf("report lacks %q", want)
			}
		}
	})
}

// upload posts a file to an import form as a browser would.
func (e *testEnv) upload(c *http.Client, path, name string, data []byte) response {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		e.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return e.do(c, req)
}

func TestOrganisationPage(t *testing.T) {
	e := newEnv(t)
	kadikoy := "/organisations/" + ownOrg
	e.run(t, []scenario{
		{name: "facts, parent and place", method: "GET", path: kadikoy, wantStatus: 200,
			wantBody: []string{"<h1>Kadıköy Belediyesi</h1>", `href="/organisations/istanbul-bb"`, "İstanbul Büyükşehir Belediyesi",
				`href="/places/istanbul-kadikoy"`, "485.233", "Üye değil"},
			notBody: []string{"Ayla", `id="org-people"`, "/edit"}},
		{name: "a metropolitan municipality lists those under it", method: "GET", path: "/organisations/istanbul-bb", wantStatus: 200,
			wantBody: []string{"39 bağlı belediye", `href="/organisations/istanbul-kadikoy"`}},
		{name: "staff see the people", as: adminEmail, method: "GET", path: kadikoy, wantStatus: 200,
			wantBody: []string{`id="org-people"`, "Ayla Demir", "1 kişi", `href="/organisations/istanbul-kadikoy/edit"`, `href="/people/new?org=istanbul-kadikoy"`}},
		{name: "committee members see them, read-only", as: committeeEmail, method: "GET", path: kadikoy, wantStatus: 200,
			wantBody: []string{"Ayla Demir"}, notBody: []string{"/edit", "/people/new"}},
		{name: "its focal point sees them and may edit the contact details", as: focalEmail, method: "GET", path: kadikoy, wantStatus: 200,
			wantBody: []string{"Ayla Demir", "İletişim bilgilerini düzenle", `href="/people/new?org=istanbul-kadikoy"`}},
		{name: "another focal point sees no people and no edit link", as: otherFocalEmail, method: "GET", path: kadikoy, wantStatus: 200,
			notBody: []string{"Ayla", `id="org-people"`, "/edit"}},
		{name: "a viewer sees no people", as: viewerEmail, method: "GET", path: kadikoy, wantStatus: 200, notBody: []string{"Ayla"}},
		{name: "Nilüfer's page to its focal point", as: otherFocalEmail, method: "GET", path: "/organisations/" + otherOrg, wantStatus: 200,
			wantBody: []string{"Emre Işık"}, notBody: []string{"Ayla"}},
		{name: "unknown", method: "GET", path: "/organisations/no-such-org", wantStatus: 404},
		{name: "malformed", method: "GET", path: "/organisations/%00%ff", wantStatus: 404},
	})
}

func TestOrganisationEdit(t *testing.T) {
	e := newEnv(t)
	kadikoy := "/organisations/" + ownOrg
	e.run(t, []scenario{
		{name: "staff edit every field", as: coordinatorEmail, method: "GET", path: kadikoy + "/edit", wantStatus: 200,
			wantBody: []string{`name="kind"`, `name="member_status"`, `name="parent_id"`, `name="place_id"`, `name="version" value="1"`, `value="Kadıköy Belediyesi"`}},
		{name: "the focal point edits the contact fields only", as: focalEmail, method: "GET", path: kadikoy + "/edit", wantStatus: 200,
			wantBody: []string{"Birliğin belirlediği bilgiler", `name="phone"`, `name="website"`, `name="version" value="1"`},
			notBody:  []string{`name="kind"`, `name="member_status"`, `name="name"`, `name="parent_id"`}},
		{name: "another focal point may not", as: otherFocalEmail, method: "GET", path: kadikoy + "/edit", wantStatus: 403},
		{name: "nor post", as: otherFocalEmail, method: "POST", path: kadikoy, form: url.Values{"version": {"1"}, "phone": {"0216 000 00 00"}}, wantStatus: 403},
		{name: "invalid fields are shown beside them", as: adminEmail, method: "POST", path: kadikoy,
			form: url.Values{"version": {"1"}, "name": {""}, "kind": {"municipality"}, "municipality_kind": {"district"}, "email": {"yanlış"},
				"population": {"çok"}, "member_status": {"member"}, "phone": {"0216 542 50 00"}},
			wantStatus: 422, wantBody: []string{`id="error-summary"`, `href="#f-name"`, `href="#f-email"`, `href="#f-population"`, `aria-invalid="true"`,
				`value="0216 542 50 00"`, `value="yanlış"`, `value="çok"`}},
	})

	t.Run("the focal point changes contact details, not what the union decides", func(t *testing.T) {
		c := e.signedIn(focalEmail)
		res := e.post(c, kadikoy, url.Values{"version": {"1"}, "phone": {"0216 542 50 00"}, "website": {"www.kadikoy.bel.tr"},
			"email": {"Bilgi@Kadikoy.bel.tr"}, "population": {"485.300"},
			// Posted by hand: a focal point's form has none of these.
			"kind": {"ngo"}, "member_status": {"member"}, "name": {"Başka Ad"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != kadikoy {
			t.Fatalf("status %d, location %q\n%s", res.StatusCode, res.Header.Get("Location"), excerpt(res.Body))
		}
		o, err := e.network.Organisation(sys(), ownOrg)
		if err != nil {
			t.Fatal(err)
		}
		if o.Phone != "0216 542 50 00" || o.Website != "https://www.kadikoy.bel.tr" || o.Email != "bilgi@kadikoy.bel.tr" || *o.Population != 485300 {
			t.Errorf("contact details not saved: %+v", o)
		}
		if o.Kind != network.Municipality || o.MemberStatus != network.NotMember || o.Name != "Kadıköy Belediyesi" {
			t.Errorf("the focal point changed what the union decides: %s %s %s", o.Kind, o.MemberStatus, o.Name)
		}
		page := e.get(c, kadikoy)
		for _, want := range []string{"Kurum kaydedildi.", "0216 542 50 00", `href="mailto:bilgi@kadikoy.bel.tr"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
	})

	t.Run("a stale form answers 409 and keeps what was typed", func(t *testing.T) {
		admin := e.signedIn(adminEmail)
		o, _ := e.network.Organisation(sys(), ownOrg)
		stale := strconv.Itoa(o.Version)
		form := url.Values{"version": {stale}, "name": {"Kadıköy Belediyesi"}, "kind": {"municipality"}, "municipality_kind": {"district"},
			"parent_id": {"istanbul-bb"}, "place_id": {"istanbul-kadikoy"}, "member_status": {"member"}, "member_since": {"2026-02-01"},
			"phone": {"0216 111 11 11"}}
		if res := e.post(e.signedIn(coordinatorEmail), kadikoy, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		form.Set("phone", "0216 222 22 22")
		form.Set("address", "Hasanpaşa, Fahrettin Kerim Gökay Cd. No:2")
		res := e.post(admin, kadikoy, form)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("status %d, want 409", res.StatusCode)
		}
		for _, want := range []string{"başka biri tarafından değiştirildi", `value="0216 222 22 22"`, "Hasanpaşa, Fahrettin Kerim Gökay Cd. No:2",
			"Başka birinin kaydettiği güncel değerler", "0216 111 11 11", fmt.Sprintf(`name="version" value="%d"`, o.Version+1)} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		if stored, _ := e.network.Organisation(sys(), ownOrg); stored.Phone != "0216 111 11 11" {
			t.Errorf("the stale form overwrote the record: %q", stored.Phone)
		}
	})

	t.Run("staff add an organisation", func(t *testing.T) {
		c := e.signedIn(coordinatorEmail)
		res := e.post(c, "/organisations", url.Values{"name": {"Marmara Göç ve Uyum Derneği"}, "kind": {"ngo"}, "place_id": {"bursa-nilufer"},
			"member_status": {"none"}, "email": {"iletisim@goc-uyum.org.tr"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/organisations/marmara-goc-ve-uyum-dernegi" {
			t.Fatalf("status %d, location %q\n%s", res.StatusCode, res.Header.Get("Location"), excerpt(res.Body))
		}
		page := e.get(c, res.Header.Get("Location"))
		for _, want := range []string{"Kurum eklendi.", "Marmara Göç ve Uyum Derneği", "Sivil toplum", `href="/places/bursa-nilufer"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("new organisation's page lacks %q", want)
			}
		}
		bad := e.post(c, "/organisations", url.Values{"name": {"Yeni Belediye"}, "kind": {"municipality"}, "id": {"Geçersiz Kimlik"}})
		if bad.StatusCode != 422 || !strings.Contains(bad.Body, `href="#f-municipality_kind"`) || !strings.Contains(bad.Body, `href="#f-id"`) {
			t.Errorf("invalid new organisation: %d\n%s", bad.StatusCode, excerpt(bad.Body))
		}
	})
}

func TestPeoplePages(t *testing.T) {
	e := newEnv(t)
	own, other := "/people/"+strconv.FormatInt(e.ownPerson, 10), "/people/"+strconv.FormatInt(e.otherPerson, 10)
	e.run(t, []scenario{
		{name: "staff see everyone", as: coordinatorEmail, method: "GET", path: "/people", wantStatus: 200,
			wantBody: []string{"2 kişi", "Demir, Ayla", "Işık, Emre", `href="/people.csv"`, `href="/people/new"`}},
		{name: "committee members read everyone", as: committeeEmail, method: "GET", path: "/people", wantStatus: 200,
			wantBody: []string{"Demir, Ayla", "Işık, Emre"}, notBody: []string{`href="/people/new"`}},
		{name: "a focal point sees their organisation's people only", as: focalEmail, method: "GET", path: "/people", wantStatus: 200,
			wantBody: []string{"1 kişi", "Demir, Ayla"}, notBody: []string{"Işık"}},
		{name: "even when filtering for another organisation", as: focalEmail, method: "GET", path: "/people?org=" + otherOrg + "&current=true", wantStatus: 200,
			wantBody: []string{"0 kişi"}, notBody: []string{"Işık"}},
		{name: "who once worked there, and works here now", as: focalEmail, method: "GET", path: "/people?org=" + otherOrg, wantStatus: 200,
			wantBody: []string{"1 kişi", "Demir, Ayla"}, notBody: []string{"Işık"}},
		{name: "viewers may not list people", as: viewerEmail, method: "GET", path: "/people", wantStatus: 403},
		{name: "the public is sent to sign in", method: "GET", path: "/people", wantStatus: 303,
			wantHeader: map[string]string{"Location": "/signin?next=%2Fpeople"}},
		{name: "Turkish search: isik finds Işık", as: adminEmail, method: "GET", path: "/people?q=isik", wantStatus: 200,
			wantBody: []string{"1 kişi", "Işık, Emre"}, notBody: []string{"Demir, Ayla"}},
		{name: "ISIK finds Işık", as: adminEmail, method: "GET", path: "/people?q=ISIK", wantStatus: 200, wantBody: []string{"Işık, Emre"}},
		{name: "by organisation", as: adminEmail, method: "GET", path: "/people?org=" + otherOrg + "&current=true", wantStatus: 200,
			wantBody: []string{"1 kişi", "Işık, Emre"}, notBody: []string{"Demir, Ayla"}},
		{name: "past positions: who left Nilüfer", as: adminEmail, method: "GET", path: "/people?org=" + otherOrg + "&current=false", wantStatus: 200,
			wantBody: []string{"1 kişi", "Demir, Ayla"}, notBody: []string{"Işık, Emre"}},
		{name: "by province", as: adminEmail, method: "GET", path: "/people?province=bursa", wantStatus: 200, wantBody: []string{"1 kişi", "Işık, Emre"}},
		{name: "by kind of position", as: adminEmail, method: "GET", path: "/people?kind=elected", wantStatus: 200, wantBody: []string{"0 kişi"}},
		{name: "sorted by name, reversed", as: adminEmail, method: "GET", path: "/people?sort=-name", wantStatus: 200,
			wantBody: []string{`aria-sort="descending"><a class="sort-link" href="?"`}},
		{name: "count in English", as: adminEmail, method: "GET", path: "/people?lang=en", wantStatus: 200, wantBody: []string{"2 people"}},

		{name: "a person's page with their history", as: adminEmail, method: "GET", path: own, wantStatus: 200,
			wantBody: []string{"<h1>Ayla Demir</h1>", "Kadıköy Belediyesi", "Nilüfer Belediyesi", "1 Şubat 2018</time> – <time datetime=\"2023-09-01\">1 Eylül 2023", "1 Eylül 2023</time> – sürüyor",
				"süren", "geçmiş", "Kadın", `action="` + own + `/affiliations/2/end"`, `href="` + own + `?add=position#add"`},
			notBody: []string{`name="end_others"`, `<select id="f-org_id"`}},
		{name: "the form that adds a position", as: adminEmail, method: "GET", path: own + "?add=position", wantStatus: 200,
			wantBody: []string{`action="` + own + `/affiliations"`, `name="end_others"`, `<select id="f-org_id"`, "Görev ekle ya da görev değişikliği kaydet"}},
		{name: "a past position has no end button", as: adminEmail, method: "GET", path: own, wantStatus: 200,
			notBody: []string{`action="` + own + `/affiliations/1/end"`}},
		{name: "the focal point reads their own person", as: focalEmail, method: "GET", path: own, wantStatus: 200,
			wantBody: []string{"Ayla Demir", `href="` + own + `?add=position#add"`}},
		{name: "and adds positions at their organisation only", as: focalEmail, method: "GET", path: own + "?add=position", wantStatus: 200,
			wantBody: []string{"kendi kurumunuz", `<input type="hidden" name="org_id" value="istanbul-kadikoy">`}, notBody: []string{`<select id="f-org_id"`}},
		{name: "committee members get no form, whatever they ask", as: committeeEmail, method: "GET", path: own + "?add=position", wantStatus: 200,
			notBody: []string{`name="end_others"`, `?add=position#add"`}},
		{name: "and not Nilüfer's", as: focalEmail, method: "GET", path: other, wantStatus: 404, notBody: []string{"Emre"}},
		{name: "nor edits them", as: focalEmail, method: "GET", path: other + "/edit", wantStatus: 404},
		{name: "nor posts to them", as: focalEmail, method: "POST", path: other, form: url.Values{"version": {"1"}, "given_name": {"X"}, "family_name": {"Y"}}, wantStatus: 404},
		{name: "committee members read, without forms", as: committeeEmail, method: "GET", path: other, wantStatus: 200,
			wantBody: []string{"Emre Işık"}, notBody: []string{"<form method=\"post\" action=\"" + other}},
		{name: "unknown person", as: adminEmail, method: "GET", path: "/people/999999", wantStatus: 404},
		{name: "malformed id", as: adminEmail, method: "GET", path: "/people/abc", wantStatus: 404},

		{name: "new person form: gender, including prefer not to say, and language", as: adminEmail, method: "GET", path: "/people/new", wantStatus: 200,
			wantBody: []string{`<option value="undisclosed">Belirtmek istemiyor</option>`, `<option value="" selected>Belirtilmemiş</option>`,
				`<option value="tr" selected>Türkçe</option>`, `name="org_id"`}},
		{name: "a focal point's organisation is locked", as: focalEmail, method: "GET", path: "/people/new", wantStatus: 200,
			wantBody: []string{"Kadıköy Belediyesi", "kendi kurumunuz", `<input type="hidden" name="org_id" value="istanbul-kadikoy">`},
			notBody:  []string{`<select id="f-org_id"`}},
		{name: "staff come with an organisation chosen", as: adminEmail, method: "GET", path: "/people/new?org=umm", wantStatus: 200,
			wantBody: []string{`<option value="umm" selected>Marmara Belediyeler Birliği</option>`}},
		{name: "a focal point may not add a person to another organisation", as: focalEmail, method: "POST", path: "/people",
			form: url.Values{"given_name": {"Deniz"}, "family_name": {"Kaya"}, "org_id": {otherOrg}}, wantStatus: 403},
		{name: "an invalid person keeps what was typed", as: focalEmail, method: "POST", path: "/people",
			form: url.Values{"given_name": {"Deniz"}, "family_name": {""}, "email": {"deniz@"}, "position": {"Uzman"}}, wantStatus: 422,
			wantBody: []string{`href="#f-family_name"`, `href="#f-email"`, `value="Deniz"`, `value="Uzman"`}},
	})

	t.Run("a focal point adds a person to their organisation", func(t *testing.T) {
		c := e.signedIn(focalEmail)
		res := e.post(c, "/people", url.Values{"given_name": {"Deniz"}, "family_name": {"Kaya"}, "gender": {"undisclosed"}, "lang": {"en"},
			"email": {"deniz.kaya@kadikoy.bel.tr"}, "position": {"Göç Uzmanı"}, "affiliation_kind": {"staff"}, "started": {"01.03.2025"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		page := e.get(c, res.Header.Get("Location"))
		for _, want := range []string{"Kişi eklendi.", "Deniz Kaya", "Belirtmek istemiyor", "English", "Göç Uzmanı", "1 Mart 2025"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("new person's page lacks %q", want)
			}
		}
	})

	t.Run("editing, and a stale form", func(t *testing.T) {
		admin := e.signedIn(adminEmail)
		form := url.Values{"version": {"1"}, "given_name": {"Emre"}, "family_name": {"Işık"}, "gender": {"male"}, "lang": {"tr"},
			"email": {"emre.isik@fixture.test.birlik"}, "phone": {"0224 441 00 00"}}
		if res := e.post(admin, other, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		form.Set("phone", "0224 999 99 99")
		form.Set("notes", "Göç masasının kurucusu.")
		res := e.post(e.signedIn(coordinatorEmail), other, form)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("stale save: %d, want 409", res.StatusCode)
		}
		for _, want := range []string{"başka biri tarafından değiştirildi", `value="0224 999 99 99"`, "Göç masasının kurucusu.", "0224 441 00 00",
			`name="version" value="2"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
	})

	t.Run("a move ends the current position and keeps the history", func(t *testing.T) {
		admin := e.signedIn(adminEmail)
		res := e.post(admin, other+"/affiliations", url.Values{"org_id": {ownOrg}, "position": {"Müdür Yardımcısı"}, "affiliation_kind": {"appointed"},
			"started": {"2026-03-01"}, "end_others": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("move: %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		p, err := e.network.Person(sys(), e.otherPerson)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Affiliations) != 2 || !p.Affiliations[0].Current() || p.Affiliations[0].OrgID != ownOrg ||
			p.Affiliations[1].Current() || p.Affiliations[1].Ended != "2026-03-01" {
			t.Fatalf("affiliations after the move: %+v", p.Affiliations)
		}
		page := e.get(admin, other)
		inOrder(t, page.Body, "Müdür Yardımcısı", "Atanmış", "Koordinatör")
		// The person now works at Kadıköy: its focal point sees them.
		if res := e.get(e.signedIn(focalEmail), other); res.StatusCode != 200 {
			t.Errorf("Kadıköy's focal point after the move: %d", res.StatusCode)
		}
	})

	t.Run("ending a position", func(t *testing.T) {
		c := e.signedIn(focalEmail)
		p, _ := e.network.Person(sys(), e.ownPerson)
		aid := strconv.FormatInt(p.Affiliations[0].ID, 10)
		bad := e.post(c, own+"/affiliations/"+aid+"/end", url.Values{"ended": {"2020-01-01"}})
		if bad.StatusCode != 422 || !strings.Contains(bad.Body, "Bitiş tarihi başlangıç tarihinden önce olamaz") || !strings.Contains(bad.Body, `aria-invalid="true"`) {
			t.Errorf("end before the start: %d\n%s", bad.StatusCode, excerpt(bad.Body))
		}
		ok := e.post(c, own+"/affiliations/"+aid+"/end", url.Values{"ended": {"2026-06-30"}})
		if ok.StatusCode != http.StatusSeeOther {
			t.Fatalf("end: %d\n%s", ok.StatusCode, excerpt(ok.Body))
		}
		// Nobody at Kadıköy any more: the focal point loses sight of them.
		if res := e.get(c, own); res.StatusCode != 404 {
			t.Errorf("after the end, the focal point still reads the person: %d", res.StatusCode)
		}
	})
}

func TestPeopleExport(t *testing.T) {
	e := newEnv(t)
	recs := readCSV(t, e.get(e.signedIn(adminEmail), "/people.csv?org="+otherOrg+"&current=true").Body)
	if len(recs) != 2 || recs[1][2] != "Emre" || recs[1][8] != otherOrg {
		t.Errorf("export of Nilüfer's people: %v", recs)
	}
	focal := readCSV(t, e.get(e.signedIn(focalEmail), "/people.csv").Body)
	if len(focal) != 2 || focal[1][3] != "Demir" {
		t.Errorf("a focal point's export holds others: %v", focal)
	}
	js := e.get(e.signedIn(committeeEmail), "/people.json?q=demir")
	var people []network.PersonRecord
	if err := json.Unmarshal([]byte(js.Body), &people); err != nil {
		t.Fatal(err)
	}
	if len(people) != 1 || people[0].FamilyName != "Demir" || people[0].OrgID != ownOrg {
		t.Errorf("JSON export: %+v", people)
	}
	if res := e.get(e.signedIn(viewerEmail), "/people.csv"); res.StatusCode != 403 {
		t.Errorf("a viewer exported people: %d", res.StatusCode)
	}
	// The export of everyone imports back unchanged.
	all := e.get(e.signedIn(adminEmail), "/people.csv")
	rep := e.upload(e.signedIn(adminEmail), "/import/people", "people.csv", []byte(all.Body))
	if rep.StatusCode != 200 || !strings.Contains(rep.Body, "Dosya hiçbir kaydı değiştirmiyor") {
		t.Errorf("re-import of the people export: %d\n%s", rep.StatusCode, excerpt(rep.Body))
	}
}

func TestPlacesPages(t *testing.T) {
	e := newEnv(t)
	// Every municipality of Yalova, and one of Bursa's 18, are members.
	yalova, _, err := e.network.Organisations(sys(), network.OrgFilter{Kind: network.Municipality, ProvinceID: "yalova", PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range yalova {
		ids = append(ids, o.ID)
	}
	e.setMembers(append(ids, otherOrg)...)
	e.run(t, []scenario{
		{name: "the region, its provinces and a map", method: "GET", path: "/places", wantStatus: 200,
			wantBody: []string{"<h1>Yerler</h1>", `<svg class="map-svg"`, `href="/places/yalova" aria-label="Yalova: 14 belediyeden 14 tanesi üye"`,
				`class="map-share-3"`, `class="map-share-1"`, `class="map-share-0"`, seed.Attribution, "Üçte iki ya da daha fazla (kareli)",
				`data-geojson="/places.geojson?lang=tr"`, "16</td>", `href="/organisations?kind=municipality&amp;province=bursa"`,
				fmt.Sprintf("%d üye", len(ids)+1), "vendor/leaflet/leaflet.js", "js/map.js"}},
		{name: "no inline style anywhere", method: "GET", path: "/places", wantStatus: 200, notBody: []string{"style=", "<style"}},
		{name: "a province", method: "GET", path: "/places/bursa", wantStatus: 200,
			wantBody: []string{"<h1>Bursa</h1>", `<svg class="map-svg"`, "Nilüfer Belediyesi", "Bursa Büyükşehir Belediyesi", `href="/places/bursa-nilufer"`,
				seed.Attribution, "18 belediye", "1 üye", `data-geojson="/places.geojson?id=bursa&amp;lang=tr"`}},
		{name: "a district: its municipalities, no map", method: "GET", path: "/places/bursa-nilufer", wantStatus: 200,
			wantBody: []string{"<h1>Nilüfer</h1>", `href="/organisations/bursa-nilufer"`, `href="/places/bursa"`}, notBody: []string{"<svg class=\"map-svg\"", "leaflet"}},
		{name: "the region's page is the list", method: "GET", path: "/places/marmara", wantStatus: 303, wantHeader: map[string]string{"Location": "/places"}},
		{name: "unknown", method: "GET", path: "/places/atlantis", wantStatus: 404},
		{name: "in English", method: "GET", path: "/places?lang=en", wantStatus: 200, wantBody: []string{"Yalova: 14 of 14 municipalities are members", "Two thirds or more (cross-hatched)"}},
		{name: "tiles only when configured", method: "GET", path: "/places", wantStatus: 200, notBody: []string{"data-tiles"}},
	})

	t.Run("Turkish order in the table", func(t *testing.T) {
		body := e.get(e.client(), "/places").Body
		table := body[strings.Index(body, "<table"):]
		inOrder(t, table, ">Bursa<", ">Çanakkale<", ">Edirne<", ">İstanbul<", ">Kırklareli<", ">Kocaeli<")
		if n := strings.Count(body, `<a class="map-area"`); n != 11 {
			t.Errorf("%d provinces on the map, want 11", n)
		}
	})

	t.Run("GeoJSON with the licence notice", func(t *testing.T) {
		res := e.get(e.client(), "/places.geojson?lang=en")
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/geo+json") {
			t.Errorf("Content-Type %q", ct)
		}
		var fc geoFeatureCollection
		if err := json.Unmarshal([]byte(res.Body), &fc); err != nil {
			t.Fatal(err)
		}
		if fc.Type != "FeatureCollection" || fc.Attribution != seed.Attribution || len(fc.Features) != 11 {
			t.Fatalf("collection: %s %q, %d features", fc.Type, fc.Attribution, len(fc.Features))
		}
		for _, f := range fc.Features {
			if f.Properties.Attribution != seed.Attribution || len(f.Geometry) == 0 || f.Properties.URL != "/places/"+f.ID {
				t.Errorf("feature %s: %+v", f.ID, f.Properties)
			}
			if f.ID == "yalova" && (f.Properties.ShareClass != "map-share-3" || f.Properties.Members != 14) {
				t.Errorf("Yalova: %+v", f.Properties)
			}
		}
		one := e.get(e.client(), "/places.geojson?id=bursa")
		if err := json.Unmarshal([]byte(one.Body), &fc); err != nil || len(fc.Features) != 1 || fc.Features[0].ID != "bursa" {
			t.Errorf("one province: %v %d", err, len(fc.Features))
		}
	})
}

// orgsCSV is an organisations file for import tests.
func orgsCSV(lines ...string) []byte {
	return []byte(strings.Join(append([]string{"id,name,kind,municipality_kind,place_id,email,member_status"}, lines...), "\r\n") + "\r\n")
}

func TestImport(t *testing.T) {
	e := newEnv(t)
	admin := e.signedIn(adminEmail)

	t.Run("the page", func(t *testing.T) {
		res := e.get(admin, "/import")
		for _, want := range []string{`enctype="multipart/form-data"`, `action="/import/organisations"`, `action="/import/people"`,
			`href="/import/organisations/template.csv"`, "given_name", `type="file"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("import page lacks %q", want)
			}
		}
		tpl := e.get(admin, "/import/people/template.csv")
		if recs := readCSV(t, tpl.Body); len(recs) != 1 || strings.Join(recs[0], ",") != strings.Join(network.PeopleCSVColumns, ",") {
			t.Errorf("template: %v", recs)
		}
		if !strings.HasPrefix(tpl.Header.Get("Content-Disposition"), "attachment;") {
			t.Errorf("template is not a download")
		}
	})

	t.Run("every bad row is reported with its line, and nothing is saved", func(t *testing.T) {
		file := orgsCSV(
			",Göç Çalışmaları Derneği,ngo,,istanbul-kadikoy,info@goc.org.tr,none",
			",Kötü Tür Vakfı,vakif,,istanbul,,none",
			",,ngo,,istanbul,,none",
			",Yanlış E-posta Derneği,ngo,,bursa,posta@,none",
			",Bilinmeyen Yer Derneği,ngo,,atlantis,,member",
		)
		res := e.upload(admin, "/import/organisations", "kurumlar.csv", file)
		if res.StatusCode != 422 {
			t.Fatalf("status %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		for _, want := range []string{"4 satırda hata var", "Hiçbir şey kaydedilmedi", "kurumlar.csv",
			`data-label="Satır">3</td>`, `data-label="Satır">4</td>`, `data-label="Satır">5</td>`, `data-label="Satır">6</td>`,
			"Geçerli bir tür seçin.", "Bu alan zorunludur.", "Böyle bir yer yok."} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("report lacks %q", want)
			}
		}
		if strings.Contains(res.Body, `data-label="Satır">2</td>`) || strings.Contains(res.Body, `name="upload"`) {
			t.Errorf("the good line is reported, or the bad file may be confirmed")
		}
		if n := e.orgTotal(network.OrgFilter{Query: "Göç Çalışmaları"}); n != 0 {
			t.Errorf("a bad file saved rows: %d", n)
		}
	})

	t.Run("a clean file is saved only when confirmed", func(t *testing.T) {
		file := orgsCSV(
			",Göç Çalışmaları Derneği,ngo,,istanbul-kadikoy,info@goc.org.tr,none",
			ownOrg+",Kadıköy Belediyesi,municipality,district,istanbul-kadikoy,bilgi@kadikoy.bel.tr,member",
		)
		res := e.upload(admin, "/import/organisations", "kurumlar.csv", file)
		if res.StatusCode != 200 {
			t.Fatalf("status %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		m := regexp.MustCompile(`name="upload" value="([0-9a-f]{32})"`).FindStringSubmatch(res.Body)
		if m == nil {
			t.Fatalf("no confirmation form\n%s", excerpt(res.Body))
		}
		for _, want := range []string{"Dosya temiz", "eklenecek", "güncellenecek", "İçe aktarmayı onayla"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("summary lacks %q", want)
			}
		}
		if n := e.orgTotal(network.OrgFilter{Query: "Göç Çalışmaları"}); n != 0 {
			t.Fatalf("saved before the confirmation")
		}
		if o, _ := e.network.Organisation(sys(), ownOrg); o.MemberStatus != network.NotMember {
			t.Fatalf("updated before the confirmation")
		}
		// Another account cannot confirm someone else's upload.
		if other := e.post(e.signedIn(coordinatorEmail), "/import/organisations/confirm", url.Values{"upload": {m[1]}}); other.StatusCode != 422 ||
			!strings.Contains(other.Body, "Bu yükleme artık geçerli değil") {
			t.Errorf("another account's confirmation: %d", other.StatusCode)
		}
		// Nor as another kind.
		if wrong := e.post(admin, "/import/people/confirm", url.Values{"upload": {m[1]}}); wrong.StatusCode != 422 {
			t.Errorf("confirmed as people: %d", wrong.StatusCode)
		}
		ok := e.post(admin, "/import/organisations/confirm", url.Values{"upload": {m[1]}})
		if ok.StatusCode != http.StatusSeeOther || ok.Header.Get("Location") != "/import" {
			t.Fatalf("confirm: %d %q\n%s", ok.StatusCode, ok.Header.Get("Location"), excerpt(ok.Body))
		}
		if n := e.orgTotal(network.OrgFilter{Query: "Göç Çalışmaları"}); n != 1 {
			t.Errorf("not saved after the confirmation")
		}
		if o, _ := e.network.Organisation(sys(), ownOrg); o.MemberStatus != network.Member || o.Email != "bilgi@kadikoy.bel.tr" {
			t.Errorf("Kadıköy not updated: %s %s", o.MemberStatus, o.Email)
		}
		page := e.get(admin, "/import")
		for _, want := range []string{"İçe aktarma kaydedildi.", "1 kurum eklendi, 1 kurum güncellendi."} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("after the import, the page lacks %q", want)
			}
		}
		// A confirmation cannot be replayed.
		if again := e.post(admin, "/import/organisations/confirm", url.Values{"upload": {m[1]}}); again.StatusCode != 422 {
			t.Errorf("a second confirmation: %d", again.StatusCode)
		}
	})

	t.Run("people", func(t *testing.T) {
		file := []byte("given_name,family_name,org_id,email,gender,position\n" +
			"Selin,Aydın,istanbul-kadikoy,selin.aydin@kadikoy.bel.tr,female,Sosyal Hizmet Uzmanı\n" +
			"Burak,Şahin,bursa-nilufer,,male,Meclis Üyesi\n")
		res := e.upload(admin, "/import/people", "kisiler.csv", file)
		m := regexp.MustCompile(`name="upload" value="([0-9a-f]{32})"`).FindStringSubmatch(res.Body)
		if res.StatusCode != 200 || m == nil {
			t.Fatalf("status %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		if ok := e.post(admin, "/import/people/confirm", url.Values{"upload": {m[1]}}); ok.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d", ok.StatusCode)
		}
		if body := e.get(admin, "/import").Body; !strings.Contains(body, "2 kişi eklendi, 0 kişi güncellendi.") {
			t.Errorf("result missing")
		}
		if body := e.get(e.signedIn(focalEmail), "/people").Body; !strings.Contains(body, "Aydın, Selin") || strings.Contains(body, "Şahin") {
			t.Errorf("imported people not scoped as expected")
		}
	})

	t.Run("uploads that are not files", func(t *testing.T) {
		for name, res := range map[string]response{
			"no multipart":  e.post(admin, "/import/organisations", url.Values{"file": {"name,kind"}}),
			"empty file":    e.upload(admin, "/import/organisations", "empty.csv", nil),
			"only a header": e.upload(admin, "/import/organisations", "header.csv", []byte("name,kind\n")),
			"unknown kind":  e.upload(admin, "/import/places", "p.csv", []byte("x")),
			"binary":        e.upload(admin, "/import/people", "x.csv", []byte("\x00\x01\x02\xff\xfe")),
		} {
			if res.StatusCode >= 500 || res.StatusCode == 200 && name != "only a header" {
				t.Errorf("%s: status %d", name, res.StatusCode)
			}
		}
	})
}

// TestNetworkGarbage sends malformed query strings, forms and paths to
// every network route: none may reach a 500.
func TestNetworkGarbage(t *testing.T) {
	e := newEnv(t)
	queries := []string{
		"?q=%00%ff%fe&page=-1&per_page=0&sort=;DROP+TABLE",
		"?page=99999999999999999999&per_page=99999999&kind=%3Cscript%3E&member=x&province=../../etc",
		"?q=" + strings.Repeat("ş", 5000) + "&municipality_kind=belde&current=maybe&org=%25",
		"?lang=xx&sort=-updated&q=%27%22%3E%3C&current=false&kind=elected",
		"?q=a&q=b&page=2&page=3&province=istanbul&province=bursa",
	}
	forms := []url.Values{
		{},
		{"version": {"abc"}, "name": {"\x00"}, "kind": {"<b>"}, "population": {"1e999"}, "given_name": {strings.Repeat("x", 100000)}},
		{"version": {"-5"}, "member_since": {"31.02.2026"}, "started": {"9999-99-99"}, "org_id": {"../x"}, "end_others": {"yes"}, "ended": {"\xff"}},
		{"upload": {"' OR 1=1 --"}, "email": {"a@b"}, "gender": {"robot"}, "lang": {"klingon"}, "affiliation_kind": {"boss"}},
	}
	for _, as := range []string{"", adminEmail, focalEmail} {
		c := e.signedIn(as)
		for _, rt := range e.srv.routes() {
			method, path, _ := strings.Cut(rt.pattern, " ")
			if !strings.HasPrefix(path, "/places") && !strings.HasPrefix(path, "/organisations") && !strings.HasPrefix(path, "/people") &&
				!strings.HasPrefix(path, "/import") {
				continue
			}
			for _, id := range []string{"istanbul-kadikoy", "1", "%00", "99999999999999999999999", "organisations"} {
				p := strings.NewReplacer("{id}", id, "{aid}", id, "{kind}", id).Replace(path)
				if method == http.MethodGet {
					for _, q := range queries {
						if res := e.get(c, p+q); res.StatusCode >= 500 {
							t.Errorf("GET %s%s as %q: %d", p, q[:min(len(q), 60)], as, res.StatusCode)
						}
					}
					continue
				}
				for _, f := range forms {
					if res := e.post(c, p, f); res.StatusCode >= 500 {
						t.Errorf("POST %s %v as %q: %d", p, f, as, res.StatusCode)
					}
				}
			}
		}
	}
}

// TestMapTiles checks that tiles are offered to the interactive map only
// when the server is configured with a tile address, with its notice
// beside the boundaries' one, and that the CSP then lets them in.
func TestMapTiles(t *testing.T) {
	e := newEnv(t)
	srv, err := New(Config{BaseURL: e.ts.URL, TileURL: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
		TileAttribution: "© OpenStreetMap"}, Deps{
		DB: e.db, Accounts: e.accounts, Network: e.network, Mail: e.srv.mail, Catalogue: e.srv.cat, Logger: e.srv.log,
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/places", nil))
	body := rec.Body.String()
	for _, want := range []string{`data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"`, `data-tile-attribution="© OpenStreetMap"`,
		seed.Attribution + " · © OpenStreetMap"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https://tile.openstreetmap.org") {
		t.Errorf("CSP %q does not allow the tiles", csp)
	}
}
