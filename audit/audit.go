// Package audit keeps the record of every change: who made it, when, to
// which record, and the record before and after. Domain packages write an
// entry inside the transaction that makes the change, so a change and its
// record are stored together or not at all. Entries are append-only: the
// database refuses UPDATE and DELETE on them, and the product offers no way
// to change them.
package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"birlik"
	"birlik/store"
)

// Actions recorded. Domain packages may add more specific ones.
const (
	Create = "create"
	Update = "update"
	Delete = "delete"
	Import = "import"
	SignIn = "sign_in"
)

// Entry is one recorded change.
type Entry struct {
	ID       int64
	At       time.Time
	ActorID  int64  // 0 for the system
	Actor    string // e-mail of the account, or "system"
	Action   string
	Entity   string // "organisation", "person", "user", …
	EntityID string
	OrgID    string          // the organisation the record belongs to, for scoping
	Before   json.RawMessage // nil on create
	After    json.RawMessage // nil on delete
	Address  string          // client address, when known
}

type addressKey struct{}

// WithAddress returns a context carrying the client address that entries
// written under it record.
func WithAddress(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addressKey{}, addr)
}

const insertEntry = `INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, org_id, before, after, address)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// Write records a change made by the actor in ctx, in tx. before and after
// are marshalled to JSON; pass nil for the side that does not exist.
func Write(ctx context.Context, tx *store.Tx, at time.Time, action, entity, entityID, orgID string, before, after any) error {
	a := birlik.ActorFrom(ctx)
	var actorID *int64
	if a.UserID != 0 {
		actorID = &a.UserID
	}
	actor := a.Email
	if actor == "" {
		actor = "anonymous"
	}
	b, err := marshal(before)
	if err != nil {
		return err
	}
	af, err := marshal(after)
	if err != nil {
		return err
	}
	var org *string
	if orgID != "" {
		org = &orgID
	}
	addr, _ := ctx.Value(addressKey{}).(string)
	st, err := tx.Prepared(ctx, insertEntry)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	_, err = st.ExecContext(ctx, at.UTC(), actorID, actor, action, entity, entityID, org, b, af, addr)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

func marshal(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	s := string(data)
	return &s, nil
}

// Filter narrows a listing of entries. Zero fields do not filter.
type Filter struct {
	Entity   string
	EntityID string
	Actor    string // part of the actor's e-mail
	Action   string
	From, To time.Time // To is exclusive
	Before   int64     // entries with a smaller id (for paging backwards in time)
	Limit    int       // default 50, at most 500
}

// List returns entries newest first. Only union admins may read the whole
// log; the caller's role is checked here, not only in the page.
func List(ctx context.Context, db store.Querier, f Filter) ([]Entry, error) {
	if a := birlik.ActorFrom(ctx); !a.Is(birlik.RoleAdmin) {
		return nil, birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden")
	}
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if f.Actor != "" {
		add("actor LIKE ? ESCAPE '\\'", "%"+strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(f.Actor))+"%")
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UTC())
	}
	if f.Before > 0 {
		add("id < ?", f.Before)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := `SELECT id, at, actor_id, actor, action, entity, entity_id, org_id, before, after, address FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT " + strconv.Itoa(f.Limit)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var actorID sql.NullInt64
		var org, before, after sql.NullString
		if err := rows.Scan(&e.ID, &e.At, &actorID, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &org, &before, &after, &e.Address); err != nil {
			return nil, err
		}
		e.ActorID, e.OrgID = actorID.Int64, org.String
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Change is one field that differs between an entry's before and after.
type Change struct {
	Field         string
	Before, After string
}

// Changes lists the top-level fields whose values differ between Before
// and After, sorted by name, so a reader sees what changed at a glance.
func (e Entry) Changes() []Change {
	var before, after map[string]any
	json.Unmarshal(e.Before, &before)
	json.Unmarshal(e.After, &after)
	seen := map[string]bool{}
	var out []Change
	for _, m := range []map[string]any{before, after} {
		for k := range m {
			if seen[k] {
				continue
			}
			seen[k] = true
			b, a := show(before[k]), show(after[k])
			if b != a {
				out = append(out, Change{Field: k, Before: b, After: a})
			}
		}
	}
	sortChanges(out)
	return out
}

func show(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	data, _ := json.Marshal(v)
	return string(data)
}

func sortChanges(cs []Change) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].Field < cs[j-1].Field; j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}
