package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"birlik"
	"birlik/accounts"
	"birlik/blobs"
	"birlik/documents"
	"birlik/locale"
	"birlik/mail"
	"birlik/mail/mailtest"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

// testPassword is every test account's password.
const testPassword = "test password for birlik"

// Test accounts, one per role, and a second focal point in another
// municipality for the own/other cases.
const (
	adminEmail       = "admin@test.birlik"
	coordinatorEmail = "coordinator@test.birlik"
	focalEmail       = "focal@kadikoy.test.birlik"
	otherFocalEmail  = "focal@nilufer.test.birlik"
	committeeEmail   = "committee@test.birlik"
	viewerEmail      = "viewer@test.birlik"
	ownOrg           = "istanbul-kadikoy"
	otherOrg         = "bursa-nilufer"
)

// testEnv is a running Birlik on a fresh, seeded database, with an SMTP
// sink receiving its mail.
type testEnv struct {
	t        *testing.T
	db       *store.DB
	srv      *Server
	ts       *httptest.Server
	accounts *accounts.Service
	network  *network.Service
	mail     *mailtest.Sink
	users    map[string]*accounts.User // by e-mail
	// ownPerson and otherPerson work at ownOrg and otherOrg: every test
	// server starts with them (addFixturePeople).
	ownPerson, otherPerson int64
}

// envFixtures add each area's records to every test server, after the
// fixture people, so that its rows of the authorization matrix have
// records to act on. Areas append to it in an init function of their own
// test file; they run in the order of the files' names.
var envFixtures []func(t testing.TB, e *testEnv)

// newEnv starts a server on a fresh SQLite database.
func newEnv(t *testing.T) *testEnv { return newEnvOn(t, storetest.SQLite(t)) }

func newEnvOn(t *testing.T, db *store.DB) *testEnv {
	t.Helper()
	ctx := context.Background()
	e := &testEnv{t: t, db: db, accounts: accounts.New(db), network: network.New(db), mail: mailtest.Start(t), users: map[string]*accounts.User{}}
	if _, err := seed.Base(ctx, db, e.network); err != nil {
		t.Fatal(err)
	}
	sys := birlik.WithActor(ctx, birlik.SystemActor)
	for _, nu := range []accounts.NewUser{
		{Email: adminEmail, Role: birlik.RoleAdmin, Name: "Ayşe Admin"},
		{Email: coordinatorEmail, Role: birlik.RoleCoordinator, Name: "Cem Koordinatör"},
		{Email: focalEmail, Role: birlik.RoleFocalPoint, OrgID: ownOrg, Name: "Fatma Odak"},
		{Email: otherFocalEmail, Role: birlik.RoleFocalPoint, OrgID: otherOrg, Name: "Nilüfer Odak"},
		{Email: committeeEmail, Role: birlik.RoleCommittee, Name: "Kemal Meclis"},
		{Email: viewerEmail, Role: birlik.RoleViewer, Name: "Vedat İzleyici"},
	} {
		nu.Password = testPassword
		u, _, err := e.accounts.Create(sys, nu)
		if err != nil {
			t.Fatal(err)
		}
		e.users[u.Email] = u
	}
	e.ownPerson, e.otherPerson = addFixturePeople(t, e)
	for _, fix := range envFixtures {
		fix(t, e)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	e.ts = httptest.NewUnstartedServer(nil)
	base := "http://" + e.ts.Listener.Addr().String()
	srv, err := New(Config{BaseURL: base, Version: "test"}, Deps{
		DB: db, Accounts: e.accounts, Network: e.network,
		Documents: documents.New(db, blobs.Dir(t.TempDir())),
		Mail:      &mail.SMTP{Addr: e.mail.Addr, From: "birlik@test.birlik", Timeout: 5 * time.Second},
		Catalogue: locale.MustLoad(), Logger: log,
	})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.ts.Config.Handler = srv
	e.ts.Start()
	t.Cleanup(func() {
		e.ts.Close()
		// Background imports stop before the database closes.
		if err := srv.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return e
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// client returns an HTTP client that keeps cookies and does not follow
// redirects, so tests see each response as it is.
func (e *testEnv) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signedIn returns a client signed in as the account with that e-mail,
// or an anonymous client for "".
func (e *testEnv) signedIn(email string) *http.Client {
	e.t.Helper()
	c := e.client()
	if email == "" {
		return c
	}
	res := e.post(c, "/signin", url.Values{"email": {email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s: status %d", email, res.StatusCode)
	}
	return c
}

// response is a finished response with its body read.
type response struct {
	*http.Response
	Body string
}

func (e *testEnv) do(c *http.Client, req *http.Request) response {
	e.t.Helper()
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		if m := rawKey.FindStringSubmatch(string(body)); m != nil {
			e.t.Errorf("%s %s shows the untranslated catalogue key %q", req.Method, req.URL.Path, m[1])
		}
	}
	return response{res, string(body)}
}

// rawKey finds a catalogue key shown as such: a label, hint or error
// message whose key is missing from the catalogue.
var rawKey = regexp.MustCompile(`[>\s"]([a-z][a-z_]*\.(?:field|hint|title)\.[a-z_]+|error\.[a-z_]+(?:\.[a-z_]+)*)[<\s"]`)

func (e *testEnv) get(c *http.Client, path string) response {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
	return e.do(c, req)
}

// post sends a form as a same-origin browser would.
func (e *testEnv) post(c *http.Client, path string, form url.Values) response {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return e.do(c, req)
}

// The people every test server starts with, so that the authorization
// matrix has personal records to scope: on a fresh database, person 1
// works at ownOrg (affiliation 2) after working at otherOrg (affiliation
// 1, ended), and person 2 works at otherOrg (affiliation 3).
const (
	fixtureOwnPerson        = 1
	fixtureOtherPerson      = 2
	fixtureOwnAffiliation   = 2
	fixtureOtherAffiliation = 3
)

// addFixturePeople adds the fixture people and returns their ids.
func addFixturePeople(t testing.TB, e *testEnv) (own, other int64) {
	t.Helper()
	ctx := birlik.WithActor(context.Background(), birlik.SystemActor)
	p := &network.Person{GivenName: "Ayla", FamilyName: "Demir", Gender: network.Female, Email: "ayla.demir@fixture.test.birlik", Lang: "tr"}
	if err := e.network.CreatePerson(ctx, p, network.Affiliation{OrgID: otherOrg, Position: "Uzman", Kind: network.Staff, Started: "2018-02-01"}); err != nil {
		t.Fatal(err)
	}
	move := &network.Affiliation{OrgID: ownOrg, Department: "Sosyal Destek Hizmetleri", Position: "Müdür", Kind: network.Staff, Started: "2023-09-01"}
	if err := e.network.AddAffiliation(ctx, p.ID, move, true); err != nil {
		t.Fatal(err)
	}
	q := &network.Person{GivenName: "Emre", FamilyName: "Işık", Gender: network.Male, Email: "emre.isik@fixture.test.birlik", Lang: "tr"}
	if err := e.network.CreatePerson(ctx, q, network.Affiliation{OrgID: otherOrg, Department: "Göç Masası", Position: "Koordinatör", Kind: network.Staff}); err != nil {
		t.Fatal(err)
	}
	if p.ID != fixtureOwnPerson || q.ID != fixtureOtherPerson || move.ID != fixtureOwnAffiliation {
		t.Fatalf("fixture people got ids %d, %d (affiliation %d); the matrix rows assume %d, %d (%d)",
			p.ID, q.ID, move.ID, fixtureOwnPerson, fixtureOtherPerson, fixtureOwnAffiliation)
	}
	return p.ID, q.ID
}
