package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres is returned by Backup on PostgreSQL, whose own tools do
// the job better than we could.
var ErrBackupPostgres = errors.New("backups of a PostgreSQL database are made with pg_dump (for example: pg_dump --format=custom --file=birlik.dump \"$BIRLIK_DATABASE_URL\")")

// Backup writes a consistent copy of an SQLite database to path while the
// server keeps running. VACUUM INTO reads one snapshot of the database, so
// writes made during the copy are simply not in it. The file must not exist.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	}
	// Run on a reader connection: VACUUM INTO does not write to the source,
	// and this way a long backup never holds up the writer.
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA query_only = 1`)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
