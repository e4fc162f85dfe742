package practices_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"birlik"
	"birlik/demo"
	"birlik/demo/demotest"
	"birlik/practices"
	"birlik/store"
)

// The search benchmark runs over the demo's practices at scale 100
// (100,000 practices) and nothing else of the demo: a partial fixture of
// demotest (the seed and demo.Practices), built once per machine and
// named after the migrations and the demo version, so that a change to
// either builds a fresh one.

// searchFixture is the name of the partial fixture; its number moves when the
// practices it holds must be generated again for a reason the key does
// not see.
const searchFixture = "practices3"

func sqliteFixture(b *testing.B) *store.DB {
	return demotest.Open(b, demotest.PartialSQLitePath(b, searchFixture, demotest.Scale, demo.Practices))
}

func postgresFixture(b *testing.B) *store.DB {
	return demotest.Open(b, demotest.PartialPostgresURL(b, searchFixture, demotest.Scale, demo.Practices))
}

// benchQueries are what people type into the library's search box, with
// and without filters: common and rare words, suffixes, diacritics left
// out, the three languages, an empty query with facets.
var benchQueries = []practices.Query{
	{Text: "göçmenlere"},
	{Text: "cocuk"},
	{Text: "yaşlılara evde bakım"},
	{Text: "kadın kooperatifi"},
	{Text: "evsizler için kış barınağı"},
	{Text: "refugees"},
	{Text: "réfugiés"},
	{Text: "mülteci", Themes: []string{"psychosocial_support"}},
	{Text: "engelli", Province: "bursa"},
	{},
	{Groups: []string{"children"}, Lang: "tr"},
	{Text: "sosyal market", Page: 3},
}

// BenchmarkPracticeSearch measures a search of the library as the public
// makes it, results with snippets and facets, at scale 100; it reports
// the 95th percentile. "cold" forgets the cached matches before each
// search, as for a query nobody made since the library last changed;
// "warm" keeps them, as for the front page and the searches people
// repeat.
func BenchmarkPracticeSearch(b *testing.B) {
	for _, mode := range []string{"cold", "warm"} {
		b.Run(mode, func(b *testing.B) { benchSearch(b, mode == "cold") })
	}
}

func benchSearch(b *testing.B, cold bool) {
	for _, d := range []struct {
		name string
		open func(*testing.B) *store.DB
	}{{"sqlite", sqliteFixture}, {"postgres", postgresFixture}} {
		b.Run(d.name, func(b *testing.B) {
			db := d.open(b)
			s := practices.New(db)
			ctx := birlik.WithActor(context.Background(), birlik.Actor{})
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM practices`).Scan(&n); err != nil || n < 90000 {
				b.Fatalf("fixture holds %d practices (%v)", n, err)
			}
			for _, q := range benchQueries { // warm up, and check each finds something
				r, err := s.Search(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				if r.Total == 0 {
					b.Fatalf("%+v finds nothing", q)
				}
			}
			times := make([]time.Duration, 0, b.N)
			i := 0
			for b.Loop() {
				if cold {
					s.ForgetMatches()
				}
				start := time.Now()
				if _, err := s.Search(ctx, benchQueries[i%len(benchQueries)]); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
				i++
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// BenchmarkPracticeShow measures the practice page's reads: the practice
// and its similar practices.
func BenchmarkPracticeShow(b *testing.B) {
	for _, d := range []struct {
		name string
		open func(*testing.B) *store.DB
	}{{"sqlite", sqliteFixture}, {"postgres", postgresFixture}} {
		b.Run(d.name, func(b *testing.B) {
			db := d.open(b)
			s := practices.New(db)
			ctx := birlik.WithActor(context.Background(), birlik.Actor{})
			times := make([]time.Duration, 0, b.N)
			id := int64(1)
			for b.Loop() {
				start := time.Now()
				p, err := s.Practice(ctx, id)
				if err == nil {
					_, err = s.Similar(ctx, p, 5)
				}
				if err != nil && birlik.ErrorCode(err) != birlik.ENOTFOUND {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
				id = id*7919%100000 + 1
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
