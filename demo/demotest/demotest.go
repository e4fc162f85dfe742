// Package demotest gives benchmarks in any package a database holding the
// demo dataset at a large scale (Scale 100: about 20,000 organisations
// and 200,000 people), as the performance targets are stated for
// it. Building one takes about a minute, so it is built once per machine
// and reused: an SQLite file in os.TempDir() and, when
// BIRLIK_TEST_POSTGRES_URL names a server, a schema there, both named
// after the schema version and demo.Version, so that a new migration or a
// new dataset builds a fresh one. BIRLIK_DEMO_REBUILD=1 forces a rebuild
// (for a change to how records are stored that neither number catches).
//
// The fixtures are too big for a quick run: every helper skips its caller
// unless the test binary runs benchmarks (-bench) outside -short mode.
// Unit tests must not use them.
//
// Benchmarks share the fixture and should only read it, apart from the
// sessions and audit entries that signing in writes; anything that
// imports or edits works on a Scratch copy.
package demotest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"birlik/accounts"
	"birlik/demo"
	"birlik/network"
	"birlik/seed"
	"birlik/store"
	"birlik/store/storetest"
)

// Scale is the scale the performance targets are stated for.
const Scale = 100

// RebuildEnv names the environment variable that forces the fixtures to
// be built again.
const RebuildEnv = "BIRLIK_DEMO_REBUILD"

// Require skips tb unless benchmarks are being run (-bench given) and not
// in -short mode: the fixtures take a minute to build the first time.
func Require(tb testing.TB) {
	tb.Helper()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		tb.Skip("needs the scale-100 demo database: runs only with -bench")
	}
	if testing.Short() {
		tb.Skip("needs the scale-100 demo database: not in -short mode")
	}
}

// Key names the fixture of a dialect at a scale: it changes with the
// dialect's migrations (their number and their text) and with
// demo.Version, so that a stale fixture is never reused. It is a valid
// file name and PostgreSQL schema name.
func Key(d store.Dialect, scale int) (string, error) {
	ms, err := store.Migrations(d)
	if err != nil {
		return "", err
	}
	if len(ms) == 0 {
		return "", fmt.Errorf("demotest: no %s migrations", d)
	}
	h := sha256.New()
	for _, m := range ms {
		fmt.Fprintf(h, "%d %s\n%s\n", m.Version, m.Name, m.SQL)
	}
	return fmt.Sprintf("birlik_demo_%s_s%d_v%d_m%d_%s", d, scale, demo.Version, ms[len(ms)-1].Version, hex.EncodeToString(h.Sum(nil))[:8]), nil
}

// Each runs fn as a sub-benchmark per available dialect ("sqlite", and
// "postgres" when BIRLIK_TEST_POSTGRES_URL is set), on the shared fixture
// at scale.
func Each(b *testing.B, scale int, fn func(b *testing.B, db *store.DB)) {
	b.Helper()
	b.Run("sqlite", func(b *testing.B) { fn(b, Open(b, SQLitePath(b, scale))) })
	b.Run("postgres", func(b *testing.B) { fn(b, Open(b, PostgresURL(b, scale))) })
}

// Open opens the database at url for the rest of tb.
func Open(tb testing.TB, url string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// SQLitePath returns the path of the SQLite fixture at scale, building it
// first when it is missing.
func SQLitePath(tb testing.TB, scale int) string {
	tb.Helper()
	Require(tb)
	key, err := Key(store.SQLite, scale)
	if err != nil {
		tb.Fatal(err)
	}
	return sqliteFixture(tb, key, func(path string) error { return build(path, scale, os.Stderr) })
}

// sqliteFixture returns the path of the SQLite fixture named key in the
// temporary folder, made by build first when it is missing (or when a
// rebuild is asked for). Processes building at the same time take turns
// through a lock file; the file appears under its name only once built.
func sqliteFixture(tb testing.TB, key string, build func(path string) error) string {
	tb.Helper()
	path := filepath.Join(os.TempDir(), key+".db")
	if os.Getenv(RebuildEnv) == "" {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	unlock := lockFile(tb, path+".lock")
	defer unlock()
	if _, err := os.Stat(path); err == nil && os.Getenv(RebuildEnv) == "" {
		return path // built by another process while we waited
	}
	tmp := fmt.Sprintf("%s.building-%d", path, os.Getpid())
	removeSQLite(tmp)
	defer removeSQLite(tmp)
	if err := build(tmp); err != nil {
		tb.Fatalf("build the fixture %s: %v", key, err)
	}
	removeSQLite(path)
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

func removeSQLite(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// lockFile takes an exclusive lock by creating path, waiting while another
// process holds it. A lock older than an hour is taken for abandoned.
func lockFile(tb testing.TB, path string) (unlock func()) {
	tb.Helper()
	for waited := false; ; waited = true {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			f.Close()
			return func() { os.Remove(path) }
		}
		if !errors.Is(err, os.ErrExist) {
			tb.Fatal(err)
		}
		if fi, err := os.Stat(path); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(path)
			continue
		}
		if !waited {
			fmt.Fprintf(os.Stderr, "demotest: waiting for another process to build %s\n", path)
		}
		time.Sleep(time.Second)
	}
}

// PostgresURL returns the URL of the PostgreSQL fixture at scale (the
// server of BIRLIK_TEST_POSTGRES_URL, its search_path set to the
// fixture's schema), building it first when it is missing. It skips tb
// when no server is configured.
func PostgresURL(tb testing.TB, scale int) string {
	tb.Helper()
	Require(tb)
	key, err := Key(store.Postgres, scale)
	if err != nil {
		tb.Fatal(err)
	}
	u := postgresFixture(tb, key, func(url string) error { return build(url, scale, os.Stderr) })
	if err := analyze(context.Background(), u); err != nil {
		tb.Fatal(err)
	}
	return u
}

// postgresFixture returns the URL of the PostgreSQL fixture named key: a
// schema of that name on the server of BIRLIK_TEST_POSTGRES_URL, made by
// build (given the URL of a schema to fill) when it is missing or a
// rebuild is asked for. It skips tb when no server is configured.
// Processes building at the same time take turns through an advisory
// lock; the schema is renamed to key only once complete, so that an
// interrupted build is never taken for a fixture.
func postgresFixture(tb testing.TB, key string, build func(url string) error) string {
	tb.Helper()
	base := os.Getenv(storetest.PostgresURLEnv)
	if base == "" {
		tb.Skipf("PostgreSQL not configured: set %s=postgres://… to benchmark it", storetest.PostgresURLEnv)
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(hashtext($1))`, key); err != nil {
		tb.Fatal(err)
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(hashtext($1))`, key)
	u := schemaURL(tb, base, key)
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, key).Scan(&exists); err != nil {
		tb.Fatal(err)
	}
	if exists && os.Getenv(RebuildEnv) == "" {
		return u
	}
	building := key + "_building"
	for _, q := range []string{`DROP SCHEMA IF EXISTS ` + building + ` CASCADE`, `DROP SCHEMA IF EXISTS ` + key + ` CASCADE`, `CREATE SCHEMA ` + building} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			tb.Fatal(err)
		}
	}
	if err := build(schemaURL(tb, base, building)); err != nil {
		tb.Fatalf("build the fixture %s: %v", key, err)
	}
	if _, err := conn.ExecContext(ctx, `ALTER SCHEMA `+building+` RENAME TO `+key); err != nil {
		tb.Fatal(err)
	}
	return u
}

// analyze gives the planner statistics of the fixture as it is, when it
// has none or thinks its people table empty (a migration may ANALYZE the
// empty tables). A production server's autovacuum would do it soon after
// a bulk load; a test server may run without autovacuum, and then every
// benchmark would measure plans made for empty tables.
func analyze(ctx context.Context, url string) error {
	db, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	var tuples float64
	if err := db.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'people'::regclass`).Scan(&tuples); err != nil {
		return err
	}
	if tuples >= 1 {
		return nil
	}
	return maintain(ctx, db, "ANALYZE ")
}

// maintain runs a maintenance command (ANALYZE, VACUUM) on every table of
// the fixture's schema at once.
func maintain(ctx context.Context, db *store.DB, command string) error {
	rows, err := db.QueryContext(ctx, `SELECT quote_ident(table_name) FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, command+strings.Join(tables, ", "))
	return err
}

// schemaURL returns base with its search_path set to schema, then public:
// the tables live in schema, while extensions (pg_trgm's operator
// classes) are installed once per database, in public.
func schemaURL(tb testing.TB, base, schema string) string {
	tb.Helper()
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// build creates the database at url: migrated, seeded, and loaded with
// the demo at scale, with progress on out.
func build(url string, scale int, out io.Writer) error {
	fmt.Fprintf(out, "demotest: building the scale-%d demo database once for this machine (about a minute): %s\n", scale, url)
	return fill(url, scale, func(ctx context.Context, d demo.Deps, scale int) error {
		d.Accounts = accounts.New(d.DB)
		return demo.Load(ctx, d, scale, out, "http://localhost")
	})
}

// fill creates the database at url: migrated, seeded (seed.Base), written
// by parts at scale, then made ready to measure.
func fill(url string, scale int, parts Parts) error {
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
	if err := parts(ctx, demo.Deps{DB: db, Network: net}, scale); err != nil {
		return err
	}
	if db.Dialect() == store.SQLite {
		// Fold the write-ahead log into the file, so the file alone is
		// the database once renamed.
		if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return err
		}
		// The planner's statistics, as PRAGMA optimize on Close would
		// gather them only for tables it deems to need them.
		if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
			return err
		}
	} else {
		// What autovacuum does soon after a bulk load, done now so that
		// benchmarks measure the steady state: statistics, and visibility
		// maps that let counts scan indexes only (a count of a platform's
		// 7,000 practices read 5,600 pages of the table without them,
		// 250 with them).
		if err := maintain(ctx, db, "VACUUM (ANALYZE) "); err != nil {
			return err
		}
	}
	return db.Close()
}

// Scratch returns a private, writable copy of the fixture of the dialect
// at scale, for benchmarks that write (imports): SQLite's is a consistent
// copy of the file (store's online backup), PostgreSQL's a fresh schema
// filled from the fixture's tables. release closes and removes it; it
// runs when tb ends if not called before, so a benchmark that takes a
// copy per iteration can free each as it goes (a copy is half a
// gigabyte).
func Scratch(tb testing.TB, d store.Dialect, scale int) (db *store.DB, release func()) {
	tb.Helper()
	ctx := context.Background()
	var once sync.Once
	var undo []func()
	release = func() {
		once.Do(func() {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
		})
	}
	tb.Cleanup(release)
	open := func(url string) *store.DB {
		db, err := store.Open(ctx, url)
		if err != nil {
			tb.Fatal(err)
		}
		undo = append(undo, func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			tb.Fatal(err)
		}
		return db
	}
	if d == store.SQLite {
		src := Open(tb, SQLitePath(tb, scale))
		// Not tb.TempDir(): a repeated benchmark's folder is named after
		// it with "#01", and store.Open puts the path in a file: URI
		// unescaped, where "#" would cut it short and open another file.
		dir, err := os.MkdirTemp("", "birlik-scratch-")
		if err != nil {
			tb.Fatal(err)
		}
		undo = append(undo, func() { os.RemoveAll(dir) })
		path := filepath.Join(dir, "scratch.db")
		if err := src.Backup(ctx, path); err != nil {
			tb.Fatal(err)
		}
		return open(path), release
	}
	fixture := PostgresURL(tb, scale)
	key, _ := Key(store.Postgres, scale)
	base := os.Getenv(storetest.PostgresURLEnv)
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		tb.Fatal(err)
	}
	undo = append(undo, func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			a.Close()
		}
	})
	db = open(schemaURL(tb, base, schema))
	if err := copySchema(ctx, admin, key, schema); err != nil {
		tb.Fatalf("copy %s: %v", fixture, err)
	}
	if err := analyze(ctx, schemaURL(tb, base, schema)); err != nil {
		tb.Fatal(err)
	}
	return db, release
}

// copySchema copies every table's rows from one schema to another of the
// same migrations, then moves the identity sequences past the copied ids.
// Triggers and foreign keys are switched off for the copy (replica mode,
// which needs a superuser): the rows were checked when first written, and
// the append-only audit log accepts inserts anyway.
func copySchema(ctx context.Context, admin *sql.DB, from, to string) error {
	conn, err := admin.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SET session_replication_role = replica`); err != nil {
		return fmt.Errorf("switching off triggers needs a superuser: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SET session_replication_role = DEFAULT`)
	tables, err := queryStrings(ctx, conn, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`, from)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s.%s SELECT * FROM %s.%s`, to, t, from, t)); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	cols, err := queryStrings(ctx, conn, `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = $1 AND is_identity = 'YES' ORDER BY 1`, to)
	if err != nil {
		return err
	}
	for _, tc := range cols {
		t, c, _ := strings.Cut(tc, ".")
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s.%s', '%s'), COALESCE((SELECT MAX(%s) FROM %s.%s), 0) + 1, false)`, to, t, c, c, to, t)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", tc, err)
		}
	}
	return nil
}

// queryStrings returns the one text column of a query's rows.
func queryStrings(ctx context.Context, conn *sql.Conn, q string, args ...any) ([]string, error) {
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Latencies collects the duration of each operation of a benchmark, for
// the percentiles that ns/op (a mean) hides.
type Latencies []time.Duration

// Time runs op and records how long it took.
func (l *Latencies) Time(op func()) {
	start := time.Now()
	op()
	*l = append(*l, time.Since(start))
}

// Percentile returns the p-th percentile (0 < p ≤ 100) by the
// nearest-rank method, or 0 when nothing was recorded.
func (l Latencies) Percentile(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := slices.Clone(l)
	slices.Sort(s)
	rank := int(float64(len(s))*p/100+0.999999) - 1
	return s[max(0, min(rank, len(s)-1))]
}

// Mean returns the average duration, or 0 when nothing was recorded.
func (l Latencies) Mean() time.Duration {
	if len(l) == 0 {
		return 0
	}
	var sum time.Duration
	for _, d := range l {
		sum += d
	}
	return sum / time.Duration(len(l))
}

// Report adds the mean, median and 95th percentile, in milliseconds, to
// b's results (as mean-ms, p50-ms and p95-ms), so benchstat compares them
// like ns/op.
func (l Latencies) Report(b *testing.B) {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(l.Mean()), "mean-ms")
	b.ReportMetric(ms(l.Percentile(50)), "p50-ms")
	b.ReportMetric(ms(l.Percentile(95)), "p95-ms")
}

// PersonIDs returns n ids spread evenly over the people of a fixture
// (whose ids run from 1 without gaps: they were written into an empty
// database), so that a benchmark visits people of every kind.
func PersonIDs(people, n int) []int64 {
	out := make([]int64, 0, n)
	for i := range n {
		out = append(out, 1+int64(i)*int64(people)/int64(n))
	}
	return out
}
