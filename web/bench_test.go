package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"birlik"
	"birlik/accounts"
	"birlik/blobs"
	"birlik/demo"
	"birlik/demo/demotest"
	"birlik/documents"
	"birlik/locale"
	"birlik/mail"
	"birlik/network"
	"birlik/store"
)

// The page-time targets, measured through the real handler on
// the scale-100 demo database (about 20,000 organisations and 200,000
// people): server time only, from ServeHTTP to the last byte written to
// a recorder, signed in as a coordinator. Run them with
//
//	go test ./web/ -run '^$' -bench . -benchtime 200x -count 5
//
// The first run builds the fixture, once per machine (see demotest).

// benchEnv is a server on a fixture and the cookie of a coordinator's
// session.
type benchEnv struct {
	srv    *Server
	cookie *http.Cookie
	net    *network.Service
}

func newBenchEnv(b *testing.B, db *store.DB) *benchEnv {
	b.Helper()
	acc, net := accounts.New(db), network.New(db)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(Config{BaseURL: "http://localhost", Version: "bench"}, Deps{
		DB: db, Accounts: acc, Network: net, Mail: mail.Log{Logger: log}, Catalogue: locale.MustLoad(), Logger: log,
		Documents: documents.New(db, blobs.Dir(b.TempDir())),
	})
	if err != nil {
		b.Fatal(err)
	}
	var coord demo.Account
	for _, a := range demo.Accounts() {
		if a.Role == birlik.RoleCoordinator {
			coord = a
		}
	}
	token, _, err := acc.SignIn(context.Background(), coord.Email, coord.Password, "127.0.0.1", "birlik benchmark")
	if err != nil {
		b.Fatalf("sign in as the demo coordinator: %v", err)
	}
	b.Cleanup(func() { acc.SignOut(context.Background(), token) })
	return &benchEnv{srv: srv, cookie: &http.Cookie{Name: sessionCookie, Value: token}, net: net}
}

// get serves one request and returns its status.
func (e *benchEnv) get(path string) int {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(e.cookie)
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec.Code
}

// benchPages requests each of paths in turn, b.N times in all, and
// reports the mean and 95th percentile. It skips when the first path is
// not served (404): the page does not exist yet.
func benchPages(b *testing.B, e *benchEnv, paths []string) {
	b.Helper()
	switch code := e.get(paths[0]); code {
	case http.StatusOK:
	case http.StatusNotFound:
		b.Skipf("GET %s is not served yet (404)", paths[0])
	default:
		b.Fatalf("GET %s: status %d", paths[0], code)
	}
	var lat demotest.Latencies
	b.ResetTimer()
	for i := range b.N {
		p := paths[i%len(paths)]
		lat.Time(func() {
			if code := e.get(p); code != http.StatusOK {
				b.Fatalf("GET %s: status %d", p, code)
			}
		})
	}
	lat.Report(b)
}

// BenchmarkOrganisationsPage is the organisations list with a search, a
// filter and an order, 50 rows a page. Target: p95 under 15 ms.
func BenchmarkOrganisationsPage(b *testing.B) {
	paths := []string{
		"/organisations?q=mahalle&province=istanbul&sort=-name",
		"/organisations?q=belediye&kind=municipality&sort=-population",
		"/organisations?q=ilkokulu&province=bursa&kind=public_institution",
		"/organisations?q=dayan%C4%B1%C5%9Fma&kind=ngo&sort=province&page=3",
	}
	demotest.Each(b, demotest.Scale, func(b *testing.B, db *store.DB) {
		e := newBenchEnv(b, db)
		// Each page must be full, or the benchmark measures less than it
		// says: the service tells how many rows the page shows.
		for _, p := range paths {
			u, _ := url.Parse(p)
			orgs, _, err := e.net.Organisations(context.Background(), network.ParseOrgFilter(u.Query()))
			if err != nil || len(orgs) != network.DefaultPerPage {
				b.Fatalf("%s: %d rows, %v; want a full page", p, len(orgs), err)
			}
		}
		benchPages(b, e, paths)
	})
}

// BenchmarkPersonPage is a person's page, with their affiliations, for
// people spread over the whole database. Target: p95 under 5 ms.
func BenchmarkPersonPage(b *testing.B) {
	demotest.Each(b, demotest.Scale, func(b *testing.B, db *store.DB) {
		e := newBenchEnv(b, db)
		st, err := e.net.Stats(birlik.WithActor(context.Background(), birlik.SystemActor))
		if err != nil {
			b.Fatal(err)
		}
		var paths []string
		for _, id := range demotest.PersonIDs(st.People, 1000) {
			paths = append(paths, "/people/"+strconv.FormatInt(id, 10))
		}
		benchPages(b, e, paths)
	})
}
