package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"birlik"
	"birlik/network"
	_ "birlik/seed"
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
