package streets

import (
	"context"
	"database/sql"
	"errors"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/store"
)

func notFound() error  { return birlik.Errorf(birlik.ENOTFOUND, "error.not_found") }
func forbidden() error { return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden") }
func conflict() error  { return birlik.Errorf(birlik.ECONFLICT, "error.conflict") }

// staff reports whether the actor runs the programme: union staff and
// the system. They create cycles and targets, decide applications and
// read every site, drafts included.
func staff(a birlik.Actor) bool { return a.System || a.Staff() }

// MayEdit reports whether the actor may change sites of the organisation.
func MayEdit(a birlik.Actor, orgID string) bool {
	return a.ActsFor(orgID)
}

// MayManage reports whether the actor may create cycles and targets and
// decide applications: union staff.
func MayManage(a birlik.Actor) bool { return staff(a) }

// readCond returns the condition on street_sites (aliased ss) that holds
// for the sites the actor may read, with its arguments: published sites,
// and drafts to staff and to the focal points of their municipality.
func readCond(a birlik.Actor) (string, []any) {
	return birlik.OwnedReadSQL(a, "ss.published", "ss.org_id")
}

// editCond is the condition on street_sites' columns (unqualified, as
// an UPDATE names them) that holds for the sites the actor may change:
// every site to staff, their municipality's to a focal point, none to
// anyone else.
func editCond(a birlik.Actor) (string, []any) {
	return birlik.OwnedWriteSQL(a, "org_id")
}

// Text limits, in characters.
const (
	maxName = 200
	maxText = 20000
)

// checkText cleans *s and adds a field error when it is missing (if
// required), holds control characters or is longer than max.
func checkText(v *birlik.Invalid, field string, s *string, required, multiline bool, max int) {
	t, ok := birlik.CleanText(*s, multiline)
	*s = t
	switch {
	case !ok:
		v.Add(field, "error.streets.text_invalid")
	case required && t == "":
		v.Add(field, "error.streets.required")
	case utf8.RuneCountInString(t) > max:
		v.AddArgs(field, "error.streets.too_long", "max", max)
	}
}

const dateLayout = "2006-01-02"

// checkDate adds a field error when s is neither empty nor a date
// YYYY-MM-DD (or empty while required).
func checkDate(v *birlik.Invalid, field, s string, required bool) {
	if s == "" {
		if required {
			v.Add(field, "error.streets.required")
		}
		return
	}
	if _, err := time.Parse(dateLayout, s); err != nil {
		v.Add(field, "error.streets.date_invalid")
	}
}

// checkStored turns the read of the stored record a change starts from
// into the change's error: ENOTFOUND when there is none, ECONFLICT when
// it moved on from the version the change was made to (version).
func checkStored(err error, stored, version int) error {
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return notFound()
	case err != nil:
		return err
	case stored != version:
		return conflict()
	}
	return nil
}

// updateVersioned runs an UPDATE whose WHERE clause holds the version
// (and the actor's scope): no row changed means someone changed it
// first, ECONFLICT.
func updateVersioned(ctx context.Context, tx *store.Tx, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict()
	}
	return nil
}
