package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"birlik"
	"birlik/accounts"
	"birlik/blobs"
	"birlik/demo/demotest"
	"birlik/documents"
	"birlik/locale"
	"birlik/mail"
	"birlik/network"
	"birlik/store"
)

// The programme's page-time targets at demo scale 100 (about 3,000 sites
// and 60,000 surveys), through the real handler, for the public: the
// dashboard under 30 ms p95 server time, the whole map's GeoJSON under
// 100 ms and 2 MB. They run on the partial fixture of the seed and the
// programme only that the streets package's benchmarks use
// (demotest.StreetsFixture, built once per machine):
//
//	go test ./web -run '^$' -bench 'Streets' -benchtime 200x

// eachStreets runs fn on the programme's fixture in each database: the
// streets pages' and the survey pages' benchmarks share it.
func eachStreets(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	b.Helper()
	demotest.EachPartial(b, demotest.StreetsFixture, demotest.Scale, demotest.StreetsProgramme, fn)
}

// newStreetsBenchEnv is a server on the programme's fixture, for the
// public.
func newStreetsBenchEnv(b *testing.B, db *store.DB) *benchEnv {
	b.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	net := network.New(db)
	srv, err := New(Config{BaseURL: "http://localhost", Version: "bench"}, Deps{
		DB: db, Accounts: accounts.New(db), Network: net, Mail: mail.Log{Logger: log},
		Catalogue: locale.MustLoad(), Logger: log, Documents: documents.New(db, blobs.Dir(b.TempDir())),
	})
	if err != nil {
		b.Fatal(err)
	}
	// A cookie the server does not read: the public has no session.
	return &benchEnv{srv: srv, cookie: &http.Cookie{Name: "bench", Value: "public"}, net: net}
}

// BenchmarkStreetsDashboardPage is the programme's dashboard, whole,
// by cycle, by city and sorted. Target: p95 under 30 ms.
func BenchmarkStreetsDashboardPage(b *testing.B) {
	eachStreets(b, func(b *testing.B, db *store.DB) {
		e := newStreetsBenchEnv(b, db)
		cycles, err := e.srv.streets.Cycles(birlik.WithActor(context.Background(), birlik.Actor{}))
		if err != nil || len(cycles) == 0 {
			b.Fatal(cycles, err)
		}
		latest := strconv.FormatInt(cycles[0].ID, 10)
		benchPages(b, e, []string{
			"/streets/dashboard",
			"/streets/dashboard?cycle=" + latest,
			"/streets/dashboard?province=istanbul",
			"/streets/dashboard?sort=-area",
		})
	})
}

// BenchmarkStreetsProgrammePage is the programme's public page: the
// dashboard's totals and targets, the cycles and the map drawn on the
// server with a marker per site.
func BenchmarkStreetsProgrammePage(b *testing.B) {
	eachStreets(b, func(b *testing.B, db *store.DB) {
		benchPages(b, newStreetsBenchEnv(b, db), []string{"/streets"})
	})
}

// BenchmarkStreetsSitesGeoJSON is the whole map's GeoJSON: every
// published site's overview. Targets: p95 under 100 ms, under 2 MB
// (reported as bytes).
func BenchmarkStreetsSitesGeoJSON(b *testing.B) {
	eachStreets(b, func(b *testing.B, db *store.DB) {
		e := newStreetsBenchEnv(b, db)
		req := httptest.NewRequest(http.MethodGet, "/streets/sites.geojson", nil)
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Body.Len() < 100_000 {
			b.Fatalf("status %d, %d bytes", rec.Code, rec.Body.Len())
		}
		size := rec.Body.Len()
		benchPages(b, e, []string{"/streets/sites.geojson"})
		b.ReportMetric(float64(size), "bytes")
	})
}
