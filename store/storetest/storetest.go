// Package storetest gives tests real databases: a fresh SQLite file, and a
// fresh PostgreSQL schema when BIRLIK_TEST_POSTGRES_URL names a server. The
// same test body runs on both through Each.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"birlik/store"
)

// PostgresURLEnv names the environment variable that switches the
// PostgreSQL half of the storage suite on.
const PostgresURLEnv = "BIRLIK_TEST_POSTGRES_URL"

// Each runs fn once per available dialect, as a subtest named after it.
// Without BIRLIK_TEST_POSTGRES_URL the PostgreSQL run is skipped, except
// under CI (CI=true), where it fails: CI must exercise both.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated database in a fresh file, closed when the test
// ends.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "birlik.db"))
}

// Postgres returns a migrated database in a fresh schema of the server named
// by BIRLIK_TEST_POSTGRES_URL; the schema is dropped when the test ends.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, but CI=true: the PostgreSQL suite must run in CI", PostgresURLEnv)
		}
		t.Skipf("PostgreSQL not configured: set %s=postgres://… to run this against a real server", PostgresURLEnv)
	}
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	ctx := context.Background()
	// Extensions belong to the whole database: made once in public, which
	// every test schema's search path includes, so that dropping a test's
	// schema never drops an extension another test's indexes use.
	if _, err := admin.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"); err != nil && !strings.Contains(err.Error(), "already exists") && !strings.Contains(err.Error(), "duplicate key") {
		t.Fatalf("create extension pg_trgm: %v", err)
	}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema on %s: %v", base, err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return open(t, u.String())
}

// URL returns a database URL for a fresh database of the given dialect,
// migrated and seeded by nobody; for tests that start the whole program.
func open(t testing.TB, url string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
