package practices_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"birlik"
	"birlik/demo"
	"birlik/demo/demotest"
	"birlik/network"
	"birlik/practices"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

// The search benchmark runs over the demo's practices at scale 100
// (100,000 practices) and nothing else of the demo: a fixture of its own,
// built once per machine like demotest's (an SQLite file in the temporary
// folder, a schema on the PostgreSQL server), named after the migrations
// and the demo version so that a change to either builds a fresh one.

// fixtureVersion changes when the practices the fixture holds must be
// generated again for a reason the key does not see.
const fixtureVersion = 3

func fixtureKey(b *testing.B, d store.Dialect) string {
	key, err := demotest.Key(d, demotest.Scale)
	if err != nil {
		b.Fatal(err)
	}
	return fmt.Sprintf("%s_practices%d", key, fixtureVersion)
}

func buildFixture(url string) error {
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	net := network.New(db)
	if _, err := seed.Base(ctx, db, net); err != nil {
		return err
	}
	start := time.Now()
	if err := demo.Practices(ctx, demo.Deps{DB: db, Network: net}, demotest.Scale); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "practices fixture: %d practices written in %.1f s\n", demotest.Scale*1000, time.Since(start).Seconds())
	if db.Dialect() == store.SQLite {
		if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return err
		}
	} else if _, err := db.ExecContext(ctx, `VACUUM ANALYZE practices, practice_search, practice_titles`); err != nil {
		// As autovacuum would soon after a bulk load: statistics, and
		// the visibility map the heap visits of a search consult.
		return err
	}
	return nil
}

func sqliteFixture(b *testing.B) *store.DB {
	demotest.Require(b)
	path := filepath.Join(os.TempDir(), fixtureKey(b, store.SQLite)+".db")
	if _, err := os.Stat(path); err != nil {
		tmp := fmt.Sprintf("%s.building-%d", path, os.Getpid())
		if err := buildFixture(tmp); err != nil {
			b.Fatal(err)
		}
		for _, sfx := range []string{"-wal", "-shm"} {
			os.Remove(tmp + sfx)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
	}
	return demotest.Open(b, path)
}

func postgresFixture(b *testing.B) *store.DB {
	demotest.Require(b)
	base := os.Getenv(storetest.PostgresURLEnv)
	if base == "" {
		b.Skipf("PostgreSQL not configured: set %s", storetest.PostgresURLEnv)
	}
	key := fixtureKey(b, store.Postgres)
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	var exists bool
	if err := admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, key).Scan(&exists); err != nil {
		b.Fatal(err)
	}
	if !exists {
		building := key + "_building"
		for _, q := range []string{`DROP SCHEMA IF EXISTS ` + building + ` CASCADE`, `CREATE SCHEMA ` + building} {
			if _, err := admin.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		if err := buildFixture(schemaURL(b, base, building)); err != nil {
			b.Fatal(err)
		}
		if _, err := admin.ExecContext(ctx, `ALTER SCHEMA `+building+` RENAME TO `+key); err != nil {
			b.Fatal(err)
		}
	}
	return demotest.Open(b, schemaURL(b, base, key))
}

func schemaURL(b *testing.B, base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
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
