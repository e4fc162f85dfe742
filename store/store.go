// Package store opens Birlik's database, SQLite by default or PostgreSQL,
// applies the embedded migrations and hides the few ways the two dialects
// differ. Domain packages write plain SQL with `?` placeholders against the
// Querier interface; store rewrites the placeholders for PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names the SQL database behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Querier is what both a DB (reading) and a Tx (reading and writing) offer.
// Domain helpers take a Querier so they run inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

// DB is an open database. With SQLite it holds one writer connection, so
// writes never fight over the lock, and a pool of readers that WAL lets run
// beside it. With PostgreSQL both are the same pool.
type DB struct {
	dialect Dialect
	write   *sql.DB // never nil; the only connection that writes
	read    *sql.DB // never nil; may equal write
	path    string  // SQLite file path, "" for PostgreSQL
}

// Open opens the database named by url: a postgres:// or postgresql:// URL
// for PostgreSQL, otherwise the path of an SQLite file (created, with its
// folder, if missing). It does not migrate; call Migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url)
	}
	return openSQLite(ctx, url)
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return &DB{dialect: Postgres, write: pool, read: pool}, nil
}

// sqlitePragmas come in this order on purpose: busy_timeout first, so that
// setting WAL on a busy file waits instead of failing.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
	}
	// _txlock=immediate takes the write lock at BEGIN, so a transaction that
	// reads then writes cannot fail half-way with SQLITE_BUSY.
	// The writer gets a 64 MiB page cache (SQLite's default is 2 MiB):
	// bulk imports of tens of thousands of rows otherwise spill pages to
	// disk mid-transaction. Readers keep 16 MiB each.
	uri := "file:" + sqliteURIPath(path) + "?"
	write, err := sql.Open("sqlite", uri+sqlitePragmas+"&_pragma=cache_size(-65536)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", uri+sqlitePragmas+"&_pragma=cache_size(-16384)&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	read.SetConnMaxLifetime(0)
	return &DB{dialect: SQLite, write: write, read: read, path: path}, nil
}

// sqliteURIPath escapes the characters that end or change the path part of
// an SQLite URI filename, so that a data folder named "a#b" or "50%" opens
// the file it names.
func sqliteURIPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Close closes every connection. On SQLite it first lets the query
// planner refresh the statistics it found stale (PRAGMA optimize, as
// SQLite recommends on closing), so that plans stay good after bulk loads.
func (db *DB) Close() error {
	if db.dialect == SQLite {
		db.write.Exec(`PRAGMA optimize`)
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Dialect returns the database's dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// Ping checks the database answers; /healthz uses it.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return err
	}
	return db.read.PingContext(ctx)
}

// Stats returns the connection statistics of the reader pool.
func (db *DB) Stats() sql.DBStats { return db.read.Stats() }

// ExecContext runs a statement on the writer. Prefer a transaction for
// anything that changes records: the audit entry belongs in it.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.write.ExecContext(ctx, db.rebind(query), args...)
}

// QueryContext runs a query on the reader pool.
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, db.rebind(query), args...)
}

// QueryRowContext runs a single-row query on the reader pool.
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.rebind(query), args...)
}

// Begin starts a writing transaction. Callers defer tx.Rollback() and end
// with tx.Commit().
func (db *DB) Begin(ctx context.Context) (*Tx, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{Tx: tx, db: db}, nil
}

// InTx runs fn in a transaction, committing if it returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Tx is a writing transaction that rewrites placeholders like DB does.
type Tx struct {
	*sql.Tx
	db    *DB
	stmts map[string]*sql.Stmt // prepared in this transaction; closed with it
}

// Dialect returns the database's dialect.
func (tx *Tx) Dialect() Dialect { return tx.db.dialect }

// ExecContext runs a statement in the transaction.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.Tx.ExecContext(ctx, tx.db.rebind(query), args...)
}

// QueryContext runs a query in the transaction.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.Tx.QueryContext(ctx, tx.db.rebind(query), args...)
}

// QueryRowContext runs a single-row query in the transaction.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.Tx.QueryRowContext(ctx, tx.db.rebind(query), args...)
}

// Prepared returns a statement prepared once per transaction and reused:
// a statement run for every row of a bulk change (the audit entry, say)
// is parsed once rather than thousands of times. database/sql closes it
// when the transaction ends.
func (tx *Tx) Prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[query] = st
	return st, nil
}

// PrepareContext prepares a statement in the transaction; bulk imports use
// it to parse an INSERT once for thousands of rows.
func (tx *Tx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return tx.Tx.PrepareContext(ctx, tx.db.rebind(query))
}

var rebound sync.Map // query string → PostgreSQL form

// rebind turns `?` placeholders into PostgreSQL's `$1, $2, …`, leaving
// question marks inside quoted strings and identifiers alone. Results are
// cached: the same few hundred queries run over and over.
func (db *DB) rebind(query string) string {
	if db.dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	q := Rebind(query)
	rebound.Store(query, q)
	return q
}

// Rebind rewrites `?` placeholders as `$n`, skipping quoted text.
func Rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// SQLDB returns the reader pool, for metrics collectors that report on
// connection use. Do not query through it: use the DB's methods.
func (db *DB) SQLDB() *sql.DB { return db.read }

// Null returns v for a query's argument, or nil (SQL NULL) when v is its
// type's zero value: an empty optional text, an absent id.
func Null[T comparable](v T) any {
	var zero T
	if v == zero {
		return nil
	}
	return v
}
