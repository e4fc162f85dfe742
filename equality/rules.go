package equality

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/store"
)

// Who may do what, in one place:
//
//   - union staff (admins, coordinators) and the system read and write
//     every plan, the union's and every municipality's;
//   - a focal point reads published plans and writes (and reads, drafts
//     included) their municipality's plans only;
//   - everyone else, signed in or not, reads published plans.
//
// A plan's objectives, measures, versions, reviews and indicators are
// read with the plan; its reports are read when the plan is and the
// report is published, or by the plan's writers.

func notFound() error  { return birlik.Errorf(birlik.ENOTFOUND, "error.not_found") }
func forbidden() error { return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden") }
func conflict() error  { return birlik.Errorf(birlik.ECONFLICT, "error.conflict") }

func staff(a birlik.Actor) bool { return a.System || a.Staff() }

// MayWrite reports whether the actor may write the plans of the
// organisation orgID: union staff any, a focal point their own.
func MayWrite(a birlik.Actor, orgID string) bool {
	return a.ActsFor(orgID)
}

// MayCreate reports whether the actor may create a plan at all.
func MayCreate(a birlik.Actor) bool { return staff(a) || (a.Scoped() && a.OrgID != "") }

// readCond returns the condition on equality_plans (aliased p) that holds
// for the plans the actor may read, with its arguments.
func readCond(a birlik.Actor) (string, []any) {
	return birlik.OwnedReadSQL(a, "p.published", "p.org_id")
}

// editCond returns the condition on equality_plans (aliased p) that holds
// for the plans the actor may write, with its arguments.
func editCond(a birlik.Actor) (string, []any) {
	return birlik.OwnedWriteSQL(a, "p.org_id")
}

// writable returns the organisation of the plan, which the actor may
// write: ENOTFOUND
// when they may not read it, EFORBIDDEN when they may read but not write
// it. It is the first statement of every change to a plan's parts.
func writable(ctx context.Context, q store.Querier, planID int64) (orgID string, err error) {
	a := birlik.ActorFrom(ctx)
	rc, rargs := readCond(a)
	ec, eargs := editCond(a)
	var may int
	args := append(append(eargs, planID), rargs...)
	err = q.QueryRowContext(ctx, `SELECT p.org_id, CASE WHEN `+ec+` THEN 1 ELSE 0 END FROM equality_plans p
		WHERE p.id = ? AND `+rc, args...).Scan(&orgID, &may)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", notFound()
	case err != nil:
		return "", err
	case may == 0:
		return "", forbidden()
	}
	return orgID, nil
}

// readable returns ENOTFOUND unless the actor may read the plan.
func readable(ctx context.Context, q store.Querier, planID int64) error {
	rc, args := readCond(birlik.ActorFrom(ctx))
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM equality_plans p WHERE p.id = ? AND `+rc,
		append([]any{planID}, args...)...).Scan(&n)
	if err == nil && n == 0 {
		return notFound()
	}
	return err
}

// Text limits, in characters.
const (
	maxTitle  = 300
	maxCode   = 20
	maxUnit   = 200
	maxPeriod = 20
	maxText   = 20000
)

// checkText cleans *s and adds a field error when it is missing (if
// required), holds control characters or is longer than max.
func checkText(v *birlik.Invalid, field string, s *string, required, multiline bool, max int) {
	t, ok := birlik.CleanText(*s, multiline)
	*s = t
	switch {
	case !ok:
		v.Add(field, "error.equality.text_invalid")
	case required && t == "":
		v.Add(field, "error.equality.required")
	case utf8.RuneCountInString(t) > max:
		v.AddArgs(field, "error.equality.too_long", "max", max)
	}
}

// checkDates checks two optional dates YYYY-MM-DD and that the end does
// not come before the start.
func checkDates(v *birlik.Invalid, startField string, start *string, endField string, end *string) {
	ok := true
	for _, d := range []struct {
		field string
		s     *string
	}{{startField, start}, {endField, end}} {
		t, _ := birlik.CleanText(*d.s, false)
		*d.s = t
		if t == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, t); err != nil {
			v.Add(d.field, "error.equality.date_invalid")
			ok = false
		}
	}
	if ok && *start != "" && *end != "" && *end < *start {
		v.Add(endField, "error.equality.date_order")
	}
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func validBudget(b float64) bool { return b >= 0 && !math.IsInf(b, 0) && !math.IsNaN(b) }

func validMeasureStatus(s MeasureStatus) bool {
	switch s {
	case Planned, Ongoing, Done, Delayed, Cancelled:
		return true
	}
	return false
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// updateVersioned runs an UPDATE whose WHERE clause holds the version:
// no row changed means someone changed it first, ECONFLICT.
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

// today is the calendar date in Istanbul, where the union works. Turkey
// keeps UTC+3 all year since 2016.
func (s *Service) today() string {
	return s.Now().In(time.FixedZone("TRT", 3*60*60)).Format(time.DateOnly)
}
