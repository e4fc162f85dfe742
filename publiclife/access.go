package publiclife

import (
	"context"
	"database/sql"
	"errors"

	"birlik"
	"birlik/store"
)

// Who may read and write the counts of a street site is decided in SQL,
// on the street_sites row (aliased ss) of package streets: the site's
// municipality and whether it is published. Counts are read by whoever
// may read the site; they are written by union staff for any site and by
// a focal point for their municipality's sites.

// readSiteCond returns the condition on street_sites ss that holds for
// the sites the actor may read, with its arguments: published sites for
// everyone, drafts for union staff and the focal points of the site's
// municipality.
func readSiteCond(a birlik.Actor) (string, []any) {
	return birlik.OwnedReadSQL(a, "ss.published", "ss.org_id")
}

// writeSiteCond returns the condition on street_sites ss that holds for
// the sites whose counts the actor may write.
func writeSiteCond(a birlik.Actor) (string, []any) {
	return birlik.OwnedWriteSQL(a, "ss.org_id")
}

// mayWrite returns nil when the actor in ctx may write the counts of the
// site, ENOTFOUND when they may not even read it (or it does not exist)
// and EFORBIDDEN when they may read but not write it. It returns the
// site's municipality, for the audit record.
func mayWrite(ctx context.Context, q store.Querier, siteID int64) (orgID string, err error) {
	a := birlik.ActorFrom(ctx)
	rc, rargs := readSiteCond(a)
	wc, wargs := writeSiteCond(a)
	var writable bool
	args := append(append(wargs, siteID), rargs...)
	err = q.QueryRowContext(ctx, `SELECT ss.org_id, CASE WHEN `+wc+` THEN 1 ELSE 0 END = 1
		FROM street_sites ss WHERE ss.id = ? AND `+rc, args...).Scan(&orgID, &writable)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", notFound()
	case err != nil:
		return "", err
	case !writable:
		return "", forbidden()
	}
	return orgID, nil
}

// withoutNames runs blank, which empties the names of people (who
// counted, who managed the study) in what was read of the site, unless
// the actor in ctx may write the site's counts: names are personal data,
// for the site's municipality and the union, not for the public.
func (s *Service) withoutNames(ctx context.Context, siteID int64, blank func()) error {
	switch err := s.MayWrite(ctx, siteID); birlik.ErrorCode(err) {
	case "":
	case birlik.EFORBIDDEN, birlik.ENOTFOUND:
		blank()
	default:
		return err
	}
	return nil
}

// mayRead returns nil when the actor in ctx may read the site, ENOTFOUND
// otherwise.
func mayRead(ctx context.Context, q store.Querier, siteID int64) error {
	rc, args := readSiteCond(birlik.ActorFrom(ctx))
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM street_sites ss WHERE ss.id = ? AND `+rc, append([]any{siteID}, args...)...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound()
	}
	return err
}

// MayWrite returns nil when the actor in ctx may add and change the
// surveys of the site (the "add a survey" link), ENOTFOUND when they may
// not read it, EFORBIDDEN when they may read but not write it.
func (s *Service) MayWrite(ctx context.Context, siteID int64) error {
	_, err := mayWrite(ctx, s.DB, siteID)
	return err
}

// siteRows returns the rows of query (whose one argument is the site) for
// a site the actor in ctx may read, each read by scan; ENOTFOUND when the
// site is hidden from them.
func siteRows[T any](ctx context.Context, db *store.DB, siteID int64, query string, scan func(sc interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	if err := mayRead(ctx, db, siteID); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, query, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
