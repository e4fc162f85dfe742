package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"birlik"
	"birlik/accounts"
	"birlik/locale"
	"birlik/network"
	"birlik/seed"
	"birlik/store/storetest"
)

func init() {
	authCases = append(authCases,
		authCase{pattern: "GET /api/v1/openapi.json", own: "/api/v1/openapi.json", def: ok},
		authCase{pattern: "GET /api/v1/places", own: "/api/v1/places?kind=province", def: ok},
		authCase{pattern: "GET /api/v1/places/{id}", own: "/api/v1/places/istanbul-kadikoy", other: "/api/v1/places/bursa-nilufer", def: ok},
		authCase{pattern: "GET /api/v1/organisations", own: "/api/v1/organisations?province=istanbul", def: ok},
		authCase{pattern: "GET /api/v1/organisations/{id}", own: "/api/v1/organisations/" + ownOrg, other: "/api/v1/organisations/" + otherOrg, def: ok},
		// A focal point may list people; the list holds their own
		// municipality's only (TestAPIPeople checks which).
		authCase{pattern: "GET /api/v1/people", own: "/api/v1/people?org=" + ownOrg, other: "/api/v1/people?org=" + otherOrg, def: ok,
			want: map[string]int{"anon": unauth, "viewer": forbidden}},
		authCase{pattern: "GET /api/v1/people/{id}", own: "/api/v1/people/" + strconv.Itoa(fixtureOwnPerson),
			other: "/api/v1/people/" + strconv.Itoa(fixtureOtherPerson), def: ok,
			want:      map[string]int{"anon": unauth, "viewer": forbidden},
			wantOther: map[string]int{"focal": notFound}},
	)
}

// apiEnv is a running server (with newEnv's fixture people, one at each
// of ownOrg and otherOrg) and personal access tokens.
type apiEnv struct {
	*testEnv
	// tokens holds a personal access token per role name of the matrix
	// (and "otherFocal", the focal point of otherOrg), a revoked one
	// ("revoked") and one that never existed ("bogus").
	tokens map[string]string
}

// The fixture people's family names, looked for in answers, and a note
// given to the own person that must never leave through the API.
const (
	ownFamilyName   = "Demir"
	otherFamilyName = "Işık"
	secretNote      = "iç not: yalnızca birlik görür"
)

func newAPIEnv(t *testing.T) *apiEnv {
	t.Helper()
	e := &apiEnv{testEnv: newEnv(t), tokens: map[string]string{"bogus": accounts.APITokenPrefix + "no-such-token"}}
	sys := birlik.WithActor(context.Background(), birlik.SystemActor)
	p, err := e.network.Person(sys, e.ownPerson)
	if err != nil {
		t.Fatal(err)
	}
	p.Notes = secretNote
	if err := e.network.UpdatePerson(sys, p); err != nil {
		t.Fatal(err)
	}
	for role, email := range roleEmail {
		if email != "" {
			e.tokens[role] = e.apiToken(email)
		}
	}
	e.tokens["otherFocal"] = e.apiToken(otherFocalEmail)
	revoked := e.apiToken(coordinatorEmail)
	ctx := birlik.WithActor(context.Background(), e.users[coordinatorEmail].Actor())
	tokens, err := e.accounts.APITokens(ctx) // newest first
	if err != nil {
		t.Fatal(err)
	}
	if err := e.accounts.RevokeAPIToken(ctx, tokens[0].ID); err != nil {
		t.Fatal(err)
	}
	e.tokens["revoked"] = revoked
	return e
}

// apiToken makes a personal access token for the account, as its owner
// would on the profile page.
func (e *testEnv) apiToken(email string) string {
	e.t.Helper()
	u := e.users[email]
	secret, _, err := e.accounts.CreateAPIToken(birlik.WithActor(context.Background(), u.Actor()), "test", 0)
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

// api calls the API with the named token ("" for none) and headers.
func (e *apiEnv) api(token, path string, header map[string]string) response {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	if token != "" {
		secret, ok := e.tokens[token]
		if !ok {
			e.t.Fatalf("no token %q", token)
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return e.do(e.client(), req)
}

// bearer is the header of a token, for scenarios.
func (e *apiEnv) bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + e.tokens[token]}
}

// decode reads an answer's body into T, failing the test when it does not
// fit.
func apiDecode[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(res.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("status %d, body does not decode: %v\n%s", res.StatusCode, err, excerpt(res.Body))
	}
	return v
}

type apiErrorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func apiPtr(s string) *string { return &s }

func TestAPIPagination(t *testing.T) {
	e := newAPIEnv(t)
	ctx := context.Background()
	_, total, err := e.network.Organisations(ctx, network.OrgFilter{})
	if err != nil {
		t.Fatal(err)
	}
	_, municipalities, err := e.network.Organisations(ctx, network.OrgFilter{Kind: network.Municipality})
	if err != nil {
		t.Fatal(err)
	}
	pages := (total + 49) / 50
	mpages := (municipalities + 9) / 10
	const orgs = "/api/v1/organisations"
	tests := []struct {
		name      string
		path      string
		wantMeta  apiMeta
		wantLen   int
		wantLinks apiLinks
	}{
		{"first page by default", orgs, apiMeta{total, 1, 50, pages}, 50,
			apiLinks{orgs, apiPtr(orgs + "?page=2"), nil}},
		{"a middle page keeps the filters", orgs + "?kind=municipality&per_page=10&page=2", apiMeta{municipalities, 2, 10, mpages}, 10,
			apiLinks{orgs + "?kind=municipality&page=2&per_page=10", apiPtr(orgs + "?kind=municipality&page=3&per_page=10"), apiPtr(orgs + "?kind=municipality&per_page=10")}},
		{"the last page", orgs + "?kind=municipality&per_page=10&page=" + strconv.Itoa(mpages), apiMeta{municipalities, mpages, 10, mpages}, municipalities - 10*(mpages-1),
			apiLinks{orgs + "?kind=municipality&page=" + strconv.Itoa(mpages) + "&per_page=10", nil, apiPtr(orgs + "?kind=municipality&page=" + strconv.Itoa(mpages-1) + "&per_page=10")}},
		{"beyond the end: empty, back to the last page", orgs + "?page=999", apiMeta{total, 999, 50, pages}, 0,
			apiLinks{orgs + "?page=999", nil, apiPtr(orgs + "?page=" + strconv.Itoa(pages))}},
		{"blank values are dropped from links", orgs + "?q=&kind=&per_page=200", apiMeta{total, 1, 200, (total + 199) / 200}, min(200, total),
			apiLinks{orgs + "?per_page=200", apiPtr(orgs + "?page=2&per_page=200"), nil}},
		{"nothing matches", orgs + "?q=zzzzqqq", apiMeta{0, 1, 50, 0}, 0,
			apiLinks{orgs + "?q=zzzzqqq", nil, nil}},
		{"places page in memory", "/api/v1/places?kind=province&per_page=4&page=3&lang=en", apiMeta{11, 3, 4, 3}, 3,
			apiLinks{"/api/v1/places?kind=province&lang=en&page=3&per_page=4", nil, apiPtr("/api/v1/places?kind=province&lang=en&page=2&per_page=4")}},
		{"people: a focal point's total is their own", "/api/v1/people?per_page=1", apiMeta{1, 1, 1, 1}, 1,
			apiLinks{"/api/v1/people?per_page=1", nil, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.api("focal", tt.path, nil)
			if res.StatusCode != 200 {
				t.Fatalf("status %d\n%s", res.StatusCode, excerpt(res.Body))
			}
			got := apiDecode[apiList[map[string]any]](t, res)
			if got.Meta != tt.wantMeta {
				t.Errorf("meta %+v, want %+v", got.Meta, tt.wantMeta)
			}
			if len(got.Data) != tt.wantLen {
				t.Errorf("%d records, want %d", len(got.Data), tt.wantLen)
			}
			if s := linksString(got.Links); s != linksString(tt.wantLinks) {
				t.Errorf("links %s\nwant  %s", s, linksString(tt.wantLinks))
			}
		})
	}
	t.Run("following next walks every record once", func(t *testing.T) {
		seen := map[string]bool{}
		next := apiPtr(orgs + "?per_page=37&sort=-population")
		for n := 0; next != nil; n++ {
			if n > 20 {
				t.Fatal("too many pages")
			}
			got := apiDecode[apiList[apiOrganisation]](t, e.api("", *next, nil))
			for _, o := range got.Data {
				if seen[o.ID] {
					t.Errorf("%s on two pages", o.ID)
				}
				seen[o.ID] = true
			}
			next = got.Links.Next
		}
		if len(seen) != total {
			t.Errorf("walked %d organisations, want %d", len(seen), total)
		}
	})
}

func linksString(l apiLinks) string {
	s := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	return fmt.Sprintf("self=%s next=%s prev=%s", l.Self, s(l.Next), s(l.Prev))
}

func TestAPIFilters(t *testing.T) {
	e := newAPIEnv(t)
	orgs := func(t *testing.T, query string) []apiOrganisation {
		t.Helper()
		res := e.api("", "/api/v1/organisations?per_page=200&"+query, nil)
		if res.StatusCode != 200 {
			t.Fatalf("status %d\n%s", res.StatusCode, excerpt(res.Body))
		}
		return apiDecode[apiList[apiOrganisation]](t, res).Data
	}
	ids := func(list []apiOrganisation) []string {
		var out []string
		for _, o := range list {
			out = append(out, o.ID)
		}
		return out
	}
	tests := []struct {
		name  string
		query string
		check func(t *testing.T, list []apiOrganisation)
	}{
		{"Turkish search: izmit finds İzmit", "q=izmit", func(t *testing.T, list []apiOrganisation) {
			if !slices.Contains(ids(list), "kocaeli-izmit") {
				t.Errorf("got %v", ids(list))
			}
		}},
		{"Turkish search: İZMİT too", "q=%C4%B0ZM%C4%B0T", func(t *testing.T, list []apiOrganisation) {
			if !slices.Contains(ids(list), "kocaeli-izmit") {
				t.Errorf("got %v", ids(list))
			}
		}},
		{"Turkish search: kadıköy finds both Kadıköys", "q=kad%C4%B1k%C3%B6y", func(t *testing.T, list []apiOrganisation) {
			if got := ids(list); !slices.Contains(got, "istanbul-kadikoy") || !slices.Contains(got, "yalova-merkez-kadikoy") {
				t.Errorf("got %v", got)
			}
		}},
		{"metropolitan municipalities", "kind=municipality&municipality_kind=metropolitan", func(t *testing.T, list []apiOrganisation) {
			if len(list) != 6 {
				t.Errorf("%d, want 6: %v", len(list), ids(list))
			}
			for _, o := range list {
				if o.Kind != "municipality" || o.MunicipalityKind == nil || *o.MunicipalityKind != "metropolitan" {
					t.Errorf("%s: kind %s %v", o.ID, o.Kind, o.MunicipalityKind)
				}
			}
		}},
		{"by province", "province=bursa", func(t *testing.T, list []apiOrganisation) {
			if !slices.Contains(ids(list), otherOrg) {
				t.Errorf("Nilüfer missing: %v", ids(list))
			}
			for _, o := range list {
				if o.Province == nil || o.Province.ID != "bursa" {
					t.Errorf("%s: province %v", o.ID, o.Province)
				}
			}
		}},
		{"by parent", "parent=istanbul-bb", func(t *testing.T, list []apiOrganisation) {
			if !slices.Contains(ids(list), ownOrg) {
				t.Errorf("Kadıköy missing: %v", ids(list))
			}
			for _, o := range list {
				if o.Parent == nil || o.Parent.ID != "istanbul-bb" || o.Parent.Name != "İstanbul Büyükşehir Belediyesi" {
					t.Errorf("%s: parent %v", o.ID, o.Parent)
				}
			}
		}},
		{"largest population first", "kind=municipality&sort=-population", func(t *testing.T, list []apiOrganisation) {
			if len(list) == 0 || list[0].ID != "istanbul-bb" {
				t.Fatalf("first %v", ids(list)[:min(3, len(list))])
			}
			for i := 1; i < len(list); i++ {
				a, b := list[i-1].Population, list[i].Population
				if b != nil && (a == nil || *a < *b) {
					t.Errorf("%s before %s", list[i-1].ID, list[i].ID)
				}
			}
		}},
		{"membership", "member=none&kind=ngo", func(t *testing.T, list []apiOrganisation) {
			for _, o := range list {
				if o.Membership.Status != "none" || o.Kind != "ngo" {
					t.Errorf("%s: %+v", o.ID, o.Membership)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, orgs(t, tt.query)) })
	}

	t.Run("places by kind and parent", func(t *testing.T) {
		list := apiDecode[apiList[apiPlace]](t, e.api("", "/api/v1/places?kind=district&parent=bursa&per_page=200", nil)).Data
		var found bool
		for _, p := range list {
			found = found || p.ID == "bursa-nilufer"
			if p.Kind != "district" || p.Parent == nil || p.Parent.ID != "bursa" {
				t.Errorf("%s: kind %s, parent %v", p.ID, p.Kind, p.Parent)
			}
		}
		if !found || len(list) < 10 {
			t.Errorf("%d districts of Bursa, Nilüfer found: %v", len(list), found)
		}
		provinces := apiDecode[apiList[apiPlace]](t, e.api("", "/api/v1/places?kind=province", nil)).Data
		var names []string
		for _, p := range provinces {
			names = append(names, p.Name)
		}
		// Turkish order: Çanakkale after Bursa, before Edirne.
		if i, j, k := slices.Index(names, "Bursa"), slices.Index(names, "Çanakkale"), slices.Index(names, "Edirne"); !(i >= 0 && i < j && j < k) {
			t.Errorf("provinces in order %v", names)
		}
	})
}

func TestAPIPlaceBoundary(t *testing.T) {
	e := newAPIEnv(t)
	raw := func(path string) map[string]any {
		t.Helper()
		res := e.api("", path, nil)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		var v struct{ Data map[string]any }
		if err := json.Unmarshal([]byte(res.Body), &v); err != nil {
			t.Fatal(err)
		}
		return v.Data
	}
	plain := raw("/api/v1/places/bursa")
	for _, k := range []string{"boundary", "attribution"} {
		if _, ok := plain[k]; ok {
			t.Errorf("%q without ?include=boundary", k)
		}
	}
	if plain["code"] != "16" || plain["population"] == nil || plain["parent"].(map[string]any)["id"] != "marmara" {
		t.Errorf("bursa: %v", plain)
	}
	with := raw("/api/v1/places/bursa?include=boundary")
	b, _ := with["boundary"].(map[string]any)
	if typ := b["type"]; typ != "Polygon" && typ != "MultiPolygon" {
		t.Errorf("boundary type %v", typ)
	}
	if with["attribution"] != seed.Attribution {
		t.Errorf("attribution %v, want %q", with["attribution"], seed.Attribution)
	}
	district := raw("/api/v1/places/bursa-nilufer?include=boundary")
	if v, ok := district["boundary"]; !ok || v != nil {
		t.Errorf("a district without a boundary: boundary %v (present %v), want null", v, ok)
	}
	if v, ok := district["attribution"]; !ok || v != nil {
		t.Errorf("a district without a boundary: attribution %v, want null", v)
	}
}

func TestAPIPeople(t *testing.T) {
	e := newAPIEnv(t)
	own, other := strconv.FormatInt(e.ownPerson, 10), strconv.FormatInt(e.otherPerson, 10)
	e.run(t, []scenario{
		{name: "focal point's token lists their own people only", method: "GET", path: "/api/v1/people", header: e.bearer("focal"),
			wantStatus: 200, wantBody: []string{ownFamilyName}, notBody: []string{otherFamilyName},
			wantHeader: map[string]string{"Cache-Control": "no-store"}},
		{name: "other focal point's token likewise", method: "GET", path: "/api/v1/people", header: e.bearer("otherFocal"),
			wantStatus: 200, wantBody: []string{otherFamilyName}, notBody: []string{ownFamilyName}},
		{name: "a filter cannot widen the scope", method: "GET", path: "/api/v1/people?org=" + otherOrg + "&current=true", header: e.bearer("focal"),
			wantStatus: 200, wantBody: []string{`"total":0`}, notBody: []string{otherFamilyName}},
		{name: "coordinator's token lists everyone", method: "GET", path: "/api/v1/people", header: e.bearer("coordinator"),
			wantStatus: 200, wantBody: []string{ownFamilyName, otherFamilyName}},
		{name: "committee member's token lists everyone", method: "GET", path: "/api/v1/people?sort=-name", header: e.bearer("committee"),
			wantStatus: 200, wantBody: []string{ownFamilyName, otherFamilyName}},
		{name: "past affiliations filter", method: "GET", path: "/api/v1/people?org=" + otherOrg + "&current=false", header: e.bearer("admin"),
			wantStatus: 200, wantBody: []string{ownFamilyName, `"total":1`}, notBody: []string{otherFamilyName}},
		{name: "search folds Turkish: IŞIK finds Işık", method: "GET", path: "/api/v1/people?q=I%C5%9EIK", header: e.bearer("coordinator"),
			wantStatus: 200, wantBody: []string{otherFamilyName, `"total":1`}},
		{name: "a signed-in session works too", as: coordinatorEmail, method: "GET", path: "/api/v1/people", wantStatus: 200,
			wantBody: []string{ownFamilyName, otherFamilyName}},
		{name: "focal point reads their own person", method: "GET", path: "/api/v1/people/" + own, header: e.bearer("focal"),
			wantStatus: 200, wantBody: []string{`"family_name":"` + ownFamilyName + `"`, `"affiliations":[`}},
		{name: "focal point: another municipality's person is not found", method: "GET", path: "/api/v1/people/" + other, header: e.bearer("focal"),
			wantStatus: 404, wantBody: []string{`"code":"not_found"`}, notBody: []string{otherFamilyName}},
		{name: "viewer's token is forbidden", method: "GET", path: "/api/v1/people", header: e.bearer("viewer"),
			wantStatus: 403, wantBody: []string{`"code":"forbidden"`}, notBody: []string{ownFamilyName}},
		{name: "viewer's token is forbidden one by one too", method: "GET", path: "/api/v1/people/" + own, header: e.bearer("viewer"),
			wantStatus: 403},
		{name: "no token", method: "GET", path: "/api/v1/people", wantStatus: 401,
			wantBody:   []string{"kişisel erişim anahtarı", `"code":"unauthorized"`},
			wantHeader: map[string]string{"WWW-Authenticate": "Bearer", "Content-Type": "application/json", "Cache-Control": "no-store"}},
		{name: "no token, in English", method: "GET", path: "/api/v1/people/" + own + "?lang=en", wantStatus: 401,
			wantBody: []string{"send a personal access token"}, wantHeader: map[string]string{"WWW-Authenticate": "Bearer"}},
		{name: "revoked token", method: "GET", path: "/api/v1/people", header: e.bearer("revoked"), wantStatus: 401,
			wantBody: []string{"iptal edilmiş"}, wantHeader: map[string]string{"WWW-Authenticate": "Bearer"}},
		{name: "revoked token on a public endpoint", method: "GET", path: "/api/v1/places", header: e.bearer("revoked"), wantStatus: 401},
		{name: "unknown token", method: "GET", path: "/api/v1/people", header: e.bearer("bogus"), wantStatus: 401},
		{name: "not a bearer token", method: "GET", path: "/api/v1/people", header: map[string]string{"Authorization": "Basic Zm9vOmJhcg=="}, wantStatus: 401},
		{name: "authentication comes before the query check", method: "GET", path: "/api/v1/people?colour=blue", wantStatus: 401},
	})

	t.Run("the person's record", func(t *testing.T) {
		res := e.api("focal", "/api/v1/people/"+own, nil)
		got := apiDecode[apiItem[apiPersonDetail]](t, res).Data
		if got.Organisation == nil || got.Organisation.ID != ownOrg || got.Position == nil || *got.Position != "Müdür" ||
			got.Gender == nil || *got.Gender != "female" || got.Honorific != nil || got.Phone != nil {
			t.Errorf("person %+v", got.apiPerson)
		}
		if len(got.Affiliations) != 2 {
			t.Fatalf("affiliations %+v", got.Affiliations)
		}
		now, before := got.Affiliations[0], got.Affiliations[1]
		if !now.Current || now.Organisation.ID != ownOrg || now.Ended != nil || now.Started == nil || *now.Started != "2023-09-01" {
			t.Errorf("current affiliation %+v", now)
		}
		if before.Current || before.Organisation.ID != otherOrg || before.Organisation.Name != "Nilüfer Belediyesi" ||
			before.Ended == nil || *before.Ended != "2023-09-01" {
			t.Errorf("past affiliation %+v", before)
		}
		for _, leak := range []string{secretNote, `"notes"`, `"version"`, `"search_text"`, `"sort_key"`} {
			if strings.Contains(res.Body, leak) {
				t.Errorf("the answer leaks %s", leak)
			}
		}
		list := e.api("coordinator", "/api/v1/people?per_page=200", nil)
		if strings.Contains(list.Body, secretNote) || strings.Contains(list.Body, `"notes"`) {
			t.Error("the list leaks notes")
		}
	})
}

func TestAPIBadQuery(t *testing.T) {
	e := newAPIEnv(t)
	tests := []struct {
		name   string
		path   string
		token  string
		header map[string]string
		fields map[string]string // parameter → start of the Turkish message; nil for none
		msg    string            // start of the message
	}{
		{"unknown parameter", "/api/v1/organisations?colour=blue", "", nil,
			map[string]string{"colour": "Bu uç nokta"}, "Sorgu parametrelerinden"},
		{"a typo is not silently dropped", "/api/v1/organisations?knd=ngo", "", nil, map[string]string{"knd": "Bu uç nokta"}, ""},
		{"a parameter of another endpoint", "/api/v1/places?member=member", "", nil, map[string]string{"member": "Bu uç nokta"}, ""},
		{"repeated", "/api/v1/organisations?kind=ngo&kind=academia", "", nil, map[string]string{"kind": "Bu parametreyi"}, ""},
		{"every offender is listed", "/api/v1/organisations?per_page=0&page=abc&kind=bogus&province=Bursa!&sort=size&member=yes&municipality_kind=city&parent=a--b", "", nil,
			map[string]string{"per_page": "1 ile 200", "page": "1 ile 1.000.000", "kind": "İzin verilen", "province": "Bir kimlik",
				"sort": "İzin verilen", "member": "İzin verilen", "municipality_kind": "İzin verilen", "parent": "Bir kimlik"}, ""},
		{"per_page above the maximum", "/api/v1/places?per_page=201", "", nil, map[string]string{"per_page": "1 ile 200"}, ""},
		{"page too far", "/api/v1/places?page=1000001", "", nil, map[string]string{"page": "1 ile"}, ""},
		{"control character in the search", "/api/v1/organisations?q=a%00b", "", nil, map[string]string{"q": "En çok 200"}, ""},
		{"search too long", "/api/v1/organisations?q=" + strings.Repeat("a", 201), "", nil, map[string]string{"q": "En çok 200"}, ""},
		{"not UTF-8", "/api/v1/places?q=%FF", "", nil, map[string]string{"q": "En çok 200"}, ""},
		{"boolean", "/api/v1/people?current=yes", "coordinator", nil, map[string]string{"current": "true ya da false"}, ""},
		{"affiliation kind", "/api/v1/people?kind=municipality", "coordinator", nil, map[string]string{"kind": "İzin verilen"}, ""},
		{"include", "/api/v1/places/bursa?include=all", "", nil, map[string]string{"include": "İzin verilen"}, ""},
		{"single records take no filters", "/api/v1/organisations/" + ownOrg + "?kind=ngo", "", nil, map[string]string{"kind": "Bu uç nokta"}, ""},
		{"broken escape", "/api/v1/organisations?q=%zz", "", nil, nil, "Sorgu dizesi okunamadı"},
		{"semicolon", "/api/v1/organisations?q=a;kind=ngo", "", nil, nil, "Sorgu dizesi okunamadı"},
		{"in English by ?lang=", "/api/v1/organisations?colour=blue&lang=en", "", nil,
			map[string]string{"colour": "This endpoint has no such parameter."}, "Some query parameters"},
		{"in French by Accept-Language", "/api/v1/organisations?per_page=500", "", map[string]string{"Accept-Language": "fr-FR,fr;q=0.9"},
			map[string]string{"per_page": "Doit être un nombre entier compris entre 1 et 200."}, "Certains paramètres"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.api(tt.token, tt.path, tt.header)
			if res.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400\n%s", res.StatusCode, excerpt(res.Body))
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
			got := apiDecode[apiErrorBody](t, res)
			if got.Error.Code != birlik.EINVALID || !strings.HasPrefix(got.Error.Message, tt.msg) || strings.HasPrefix(got.Error.Message, "error.") {
				t.Errorf("error %+v", got.Error)
			}
			if len(got.Error.Fields) != len(tt.fields) {
				t.Errorf("fields %v, want %d", got.Error.Fields, len(tt.fields))
			}
			for k, want := range tt.fields {
				if !strings.HasPrefix(got.Error.Fields[k], want) {
					t.Errorf("field %s: %q, want it to start with %q", k, got.Error.Fields[k], want)
				}
			}
		})
	}
}

func TestAPICaching(t *testing.T) {
	e := newAPIEnv(t)
	first := e.api("", "/api/v1/organisations/"+ownOrg, nil)
	etag := first.Header.Get("ETag")
	if first.Header.Get("Cache-Control") != "public, max-age=60" || !strings.HasPrefix(etag, `"`) {
		t.Fatalf("Cache-Control %q, ETag %q", first.Header.Get("Cache-Control"), etag)
	}
	tests := []struct {
		name        string
		ifNoneMatch string
		want        int
	}{
		{"same ETag", etag, http.StatusNotModified},
		{"weak form of it", "W/" + etag, http.StatusNotModified},
		{"in a list", `"other", ` + etag, http.StatusNotModified},
		{"another ETag", `"0123"`, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.api("", "/api/v1/organisations/"+ownOrg, map[string]string{"If-None-Match": tt.ifNoneMatch})
			if res.StatusCode != tt.want {
				t.Errorf("status %d, want %d", res.StatusCode, tt.want)
			}
			if tt.want == http.StatusNotModified && (res.Body != "" || res.Header.Get("ETag") != etag) {
				t.Errorf("304 with body %q, ETag %q", res.Body, res.Header.Get("ETag"))
			}
		})
	}
	if other := e.api("", "/api/v1/organisations/"+otherOrg, nil).Header.Get("ETag"); other == etag {
		t.Error("two organisations share an ETag")
	}
	people := e.api("coordinator", "/api/v1/people/"+strconv.FormatInt(e.ownPerson, 10), nil)
	if people.Header.Get("Cache-Control") != "no-store" || people.Header.Get("ETag") != "" {
		t.Errorf("people: Cache-Control %q, ETag %q", people.Header.Get("Cache-Control"), people.Header.Get("ETag"))
	}
	e.run(t, []scenario{
		{name: "the OpenAPI document", method: "GET", path: "/api/v1/openapi.json", wantStatus: 200,
			wantBody:   []string{`"openapi": "3.1.0"`, `"/people/{id}"`},
			wantHeader: map[string]string{"Content-Type": "application/json", "Cache-Control": "public, max-age=60"}},
		{name: "an unknown API path answers JSON", method: "GET", path: "/api/v1/nothing", wantStatus: 404,
			wantBody: []string{`"code":"not_found"`}, wantHeader: map[string]string{"Content-Type": "application/json"}},
		{name: "a person id that cannot be one", method: "GET", path: "/api/v1/people/007", header: e.bearer("coordinator"), wantStatus: 404},
	})
}

// FuzzAPIQuery feeds raw query strings to the API's strict check and to
// the running handlers. For every route, the check must agree with the
// OpenAPI document; what it accepts, network's tolerant parsers must keep
// whole; and the handlers must answer 200 or 400 with JSON, never 500.
func FuzzAPIQuery(f *testing.F) {
	for _, s := range []string{
		"", "q=izmit", "q=%C4%B0zmit&kind=municipality&sort=-population&page=2&per_page=10",
		"kind=ngo&kind=ngo", "per_page=201", "page=0", "page=+3", "page=007", "q=%00", "q=%zz", "a;b", "=",
		"province=bursa&parent=bursa-bb&member=member&municipality_kind=district", "sort=name&per_page=50&page=1",
		"org=istanbul-kadikoy&current=false&kind=elected", "current=TRUE", "include=boundary", "lang=fr&q=%20",
		"q=" + strings.Repeat("ğ", 200), "q=" + strings.Repeat("ğ", 201), "q=%C2%A0izmit%C2%A0", "q=a%C2%85b", "lang=%E80",
	} {
		f.Add(s)
	}
	d := loadOpenAPI(f)
	srv, token := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, raw string) {
		for pattern, params := range apiParams {
			_, path, _ := strings.Cut(pattern, " ")
			values, err := checkAPIQuery(raw, params)
			doc, derr := d.acceptsQuery(d.operation(strings.TrimPrefix(path, "/api/v1"), "get"), raw)
			if derr != nil {
				t.Fatal(derr)
			}
			if (err == nil) != doc {
				t.Fatalf("%s ?%q: the API accepts it: %v (%v); the document: %v", pattern, raw, err == nil, err, doc)
			}
			if err != nil {
				continue
			}
			var kept url.Values
			switch pattern {
			case "GET /api/v1/organisations":
				kept = network.ParseOrgFilter(values).Values()
			case "GET /api/v1/people":
				kept = network.ParsePeopleFilter(values).Values()
			default:
				continue
			}
			if want := canonicalQuery(values); want.Encode() != kept.Encode() {
				t.Fatalf("%s ?%q: accepted %v, the parser kept %v", pattern, raw, want, kept)
			}
		}
		for _, path := range []string{"/api/v1/organisations", "/api/v1/places", "/api/v1/people", "/api/v1/places/bursa"} {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.URL.RawQuery = raw
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			_, err := checkAPIQuery(raw, apiParams["GET "+strings.Replace(path, "/bursa", "/{id}", 1)])
			want := http.StatusOK
			if err != nil {
				want = http.StatusBadRequest
			}
			if rec.Code != want {
				t.Fatalf("%s?%q: status %d, want %d\n%s", path, raw, rec.Code, want, rec.Body.String())
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s?%q: body is not JSON", path, raw)
			}
		}
	})
}

// canonicalQuery is what a tolerant parser's Values should give back for
// checked values: trimmed search, numbers in their plain form, defaults
// left out, the language (not a filter) dropped.
func canonicalQuery(values url.Values) url.Values {
	out := url.Values{}
	for k, vs := range values {
		v := vs[0]
		switch k {
		case "lang":
			continue
		case "q":
			v = strings.TrimSpace(v)
		case "page", "per_page":
			n, _ := strconv.Atoi(v)
			if (k == "page" && n == 1) || (k == "per_page" && n == network.DefaultPerPage) {
				continue
			}
			v = strconv.Itoa(n)
		case "sort":
			if v == "name" {
				continue
			}
		}
		out.Set(k, v)
	}
	return out
}

// newFuzzServer is a server on a seeded database with one coordinator and
// their token, without the rest of newEnv: fuzzing has no *testing.T to
// give it.
func newFuzzServer(f *testing.F) (*Server, string) {
	f.Helper()
	ctx := context.Background()
	db := storetest.SQLite(f)
	net, acc := network.New(db), accounts.New(db)
	if _, err := seed.Base(ctx, db, net); err != nil {
		f.Fatal(err)
	}
	u, _, err := acc.Create(birlik.WithActor(ctx, birlik.SystemActor),
		accounts.NewUser{Email: coordinatorEmail, Role: birlik.RoleCoordinator, Name: "Cem Koordinatör", Password: testPassword})
	if err != nil {
		f.Fatal(err)
	}
	token, _, err := acc.CreateAPIToken(birlik.WithActor(ctx, u.Actor()), "fuzz", 0)
	if err != nil {
		f.Fatal(err)
	}
	srv, err := New(Config{BaseURL: "http://birlik.test", Version: "test"}, Deps{
		DB: db, Accounts: acc, Network: net, Catalogue: locale.MustLoad(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		f.Fatal(err)
	}
	return srv, token
}
