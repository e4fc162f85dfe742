package demotest

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"

	"birlik/demo"
	"birlik/store"
)

// A partial fixture holds the seed (seed.Base) and only the parts of the
// demo a benchmark needs (the Reclaiming Streets programme and its
// surveys, say, without the 200,000 people of a full load), built once
// per machine like the full fixture and named after it plus the part's
// name: a new migration or demo.Version builds a fresh one, and so does
// a new name (put a version in it when what the parts write changes).

// Parts writes the demo's parts at scale into a database holding the
// seed: demo.Streets, demo.Surveys, …, given d's DB and Network.
type Parts func(ctx context.Context, d demo.Deps, scale int) error

var partialName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,30}$`)

// partialKey names the fixture of name in a dialect at scale.
func partialKey(tb testing.TB, d store.Dialect, name string, scale int) string {
	tb.Helper()
	if !partialName.MatchString(name) {
		tb.Fatalf("demotest: partial fixture name %q: lower-case letters, digits and _ only", name)
	}
	key, err := Key(d, scale)
	if err != nil {
		tb.Fatal(err)
	}
	return key + "_" + name
}

// EachPartial runs fn as a sub-benchmark per available dialect
// ("sqlite", and "postgres" when BIRLIK_TEST_POSTGRES_URL is set), on
// the partial fixture name built by parts at scale.
func EachPartial(b *testing.B, name string, scale int, parts Parts, fn func(b *testing.B, db *store.DB)) {
	b.Helper()
	b.Run("sqlite", func(b *testing.B) { fn(b, Open(b, PartialSQLitePath(b, name, scale, parts))) })
	b.Run("postgres", func(b *testing.B) { fn(b, Open(b, PartialPostgresURL(b, name, scale, parts))) })
}

// PartialSQLitePath returns the path of the SQLite partial fixture name
// at scale, building it with parts first when it is missing.
func PartialSQLitePath(tb testing.TB, name string, scale int, parts Parts) string {
	tb.Helper()
	Require(tb)
	return sqliteFixture(tb, partialKey(tb, store.SQLite, name, scale),
		func(path string) error { return buildPartial(path, name, scale, parts) })
}

// PartialPostgresURL returns the URL of the PostgreSQL partial fixture
// name at scale (its own schema on the server of
// BIRLIK_TEST_POSTGRES_URL), building it with parts first when it is
// missing. It skips tb when no server is configured.
func PartialPostgresURL(tb testing.TB, name string, scale int, parts Parts) string {
	tb.Helper()
	Require(tb)
	return postgresFixture(tb, partialKey(tb, store.Postgres, name, scale),
		func(url string) error { return buildPartial(url, name, scale, parts) })
}

// buildPartial creates the database at url: migrated, seeded, and
// written by parts at scale, then made ready to measure as build does.
func buildPartial(url, name string, scale int, parts Parts) error {
	start := time.Now()
	fmt.Fprintf(os.Stderr, "demotest: building the %s fixture at scale %d once for this machine: %s\n", name, scale, url)
	if err := fill(url, scale, parts); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "demotest: %s fixture built in %.1f s\n", name, time.Since(start).Seconds())
	return nil
}

// StreetsFixture names the partial fixture of the Reclaiming Streets
// programme (StreetsProgramme): the streets and web benchmarks share
// it, one build. Its number moves when what demo.Streets or demo.Surveys
// write changes.
const StreetsFixture = "streets2"

// StreetsProgramme writes the programme and its public-life counts:
// demo.Streets, then demo.Surveys on its sites.
func StreetsProgramme(ctx context.Context, d demo.Deps, scale int) error {
	if err := demo.Streets(ctx, d, scale); err != nil {
		return err
	}
	return demo.Surveys(ctx, d, scale)
}
