package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"birlik/store"
	"birlik/store/storetest"
)

func TestRebind(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"none", "SELECT 1", "SELECT 1"},
		{"two", "SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{"quoted", "SELECT '?' FROM t WHERE b = ?", "SELECT '?' FROM t WHERE b = $1"},
		{"identifier", `SELECT "a?" FROM t WHERE b = ?`, `SELECT "a?" FROM t WHERE b = $1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := store.Rebind(tt.in); got != tt.want {
				t.Errorf("Rebind(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestRoundTrip checks that the types the domain packages rely on come back
// the same from both dialects: times in UTC, booleans, blobs, NULLs.
func TestRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 11, 25, 16, 48, 36, 123000000, time.UTC)
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO places (id, kind, name, sort_key, search_text, created_at, updated_at)
				VALUES (?, 'region', ?, ?, ?, ?, ?)`, "marmara", "Marmara", []byte{1, 2, 0xff}, "marmara", at, at)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO organisations (id, kind, name, sort_key, search_text, created_at, updated_at)
				VALUES ('umm', 'union', 'Marmara Belediyeler Birliği', ?, 'x', ?, ?)`, []byte{1}, at, at)
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO users (email, role, active, created_at, updated_at) VALUES (?, 'admin', ?, ?, ?)`,
				"a@example.org", false, at, at)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var (
			created time.Time
			key     []byte
			pop     *int64
		)
		if err := db.QueryRowContext(ctx, `SELECT created_at, sort_key, population FROM places WHERE id = ?`, "marmara").Scan(&created, &key, &pop); err != nil {
			t.Fatal(err)
		}
		if !created.Equal(at) {
			t.Errorf("created_at = %v, want %v", created, at)
		}
		if string(key) != string([]byte{1, 2, 0xff}) {
			t.Errorf("sort_key = %v", key)
		}
		if pop != nil {
			t.Errorf("population = %v, want NULL", *pop)
		}
		var active bool
		if err := db.QueryRowContext(ctx, `SELECT active FROM users WHERE email = ?`, "a@example.org").Scan(&active); err != nil {
			t.Fatal(err)
		}
		if active {
			t.Error("active = true, want false")
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE active = ?`, false).Scan(&n); err != nil || n != 1 {
			t.Errorf("filter on boolean: n = %d, err = %v", n, err)
		}
	})
}

func TestUniqueViolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		ins := `INSERT INTO users (email, role, created_at, updated_at) VALUES ('x@example.org', 'viewer', ?, ?)`
		if _, err := db.ExecContext(ctx, ins, now, now); err != nil {
			t.Fatal(err)
		}
		_, err := db.ExecContext(ctx, ins, now, now)
		if !store.IsUniqueViolation(err) {
			t.Fatalf("second insert: %v, want a unique violation", err)
		}
		_, err = db.ExecContext(ctx, `INSERT INTO users (email, role, org_id, created_at, updated_at) VALUES ('y@example.org', 'viewer', 'nowhere', ?, ?)`, now, now)
		if !store.IsForeignKeyViolation(err) {
			t.Fatalf("insert with unknown org: %v, want a foreign key violation", err)
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, entity, entity_id) VALUES (?, 'system', 'create', 'x', '1')`, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE audit_log SET actor = 'someone else'`); err == nil {
			t.Error("UPDATE audit_log succeeded; it must be refused")
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM audit_log`); err == nil {
			t.Error("DELETE FROM audit_log succeeded; it must be refused")
		}
	})
}

func TestMigrateTwiceAppliesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second Migrate applied %v", applied)
		}
		v, _ := db.Version(context.Background())
		if v < 1 {
			t.Errorf("Version = %d", v)
		}
	})
}

func TestBackup(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	now := time.Now().UTC()
	if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('k', 'v')`); err != nil {
		t.Fatal(err)
	}
	_ = now
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, out); err == nil {
		t.Error("second backup over an existing file succeeded")
	}
	cp, err := store.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var v string
	if err := cp.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'k'`).Scan(&v); err != nil || v != "v" {
		t.Errorf("backup holds %q, %v", v, err)
	}
	// The source still writes after a backup: the reader connection that ran
	// VACUUM INTO went back to read-only, the writer was never touched.
	if _, err := db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('k2', 'v')`); err != nil {
		t.Fatal(err)
	}
}

// TestOpenOddPaths opens databases in folders whose names mean something in
// a URI: the file must land where the path says.
func TestOpenOddPaths(t *testing.T) {
	for _, name := range []string{"a#b", "fifty%", "what?", "boşluk ve Türkçe"} {
		dir := filepath.Join(t.TempDir(), name)
		path := filepath.Join(dir, "birlik.db")
		db, err := store.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("%s: migrate: %v", name, err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: no database at %s: %v", name, path, err)
		}
	}
}
