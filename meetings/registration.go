package meetings

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/audit"
	"birlik/spaces"
	"birlik/store"
)

// Register registers a person for a meeting, with their accessibility
// needs. personID 0 means the actor's own person (users.person_id); an
// account linked to nobody gets EINVALID on person_id. Union staff may
// register anyone; a focal point only a person currently affiliated with
// their municipality (else EFORBIDDEN); anyone else only themselves
// (else EFORBIDDEN). The meeting must be one the actor sees (ENOTFOUND)
// and take registrations (ECONFLICT once closed or begun, or when the
// person is already registered or waiting). When every place is taken the
// registration joins the waiting list.
func (s *Service) Register(ctx context.Context, meetingID, personID int64, needs Needs) (*Registration, error) {
	a := birlik.ActorFrom(ctx)
	if !a.Signed() {
		return nil, forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	m, err := meetingByID(ctx, tx, a, meetingID, true)
	if err != nil {
		return nil, err
	}
	self, err := personOf(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	if personID == 0 {
		if self == 0 {
			var v birlik.Invalid
			v.Add("person_id", "error.meetings.no_person")
			return nil, v.Err()
		}
		personID = self
	}
	org, err := registrant(ctx, tx, a, personID, self)
	if err != nil {
		return nil, err
	}
	// Needs are checked once the actor may register the person at all.
	needs.Other = strings.TrimSpace(strings.ReplaceAll(needs.Other, "\r\n", "\n"))
	if utf8.RuneCountInString(needs.Other) > maxOther || !utf8.ValidString(needs.Other) {
		var v birlik.Invalid
		v.Add("other_needs", "error.meetings.too_long")
		return nil, v.Err()
	}
	now := s.now()
	if !m.CanRegister(now) {
		return nil, birlik.Errorf(birlik.ECONFLICT, "error.meetings.registration_closed")
	}
	status := Registered
	if m.Full() {
		status = Waiting
	}
	r := &Registration{MeetingID: meetingID, PersonID: personID, OrgID: org, Status: status, Needs: needs, CreatedAt: now}
	var by *int64
	if a.UserID != 0 {
		by = &a.UserID
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO meeting_registrations (meeting_id, person_id, org_id, status, sign_language, childcare,
		step_free, other_needs, registered_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		meetingID, personID, store.Null(org), string(status), needs.SignLanguage, needs.Childcare, needs.StepFree, needs.Other,
		by, now, now).Scan(&r.ID)
	if store.IsUniqueViolation(err) {
		return nil, birlik.Errorf(birlik.ECONFLICT, "error.meetings.already_registered")
	}
	if err != nil {
		return nil, err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "meeting_registration", idString(r.ID), org, nil, registrationAudit(r)); err != nil {
		return nil, err
	}
	stored, err := registrationByID(ctx, tx, r.ID)
	if err != nil {
		return nil, err
	}
	return stored, tx.Commit()
}

// registrant checks that the actor may register the person and returns
// the organisation they come for: the focal point's own, or the person's
// main organisation.
func registrant(ctx context.Context, q store.Querier, a birlik.Actor, personID, self int64) (string, error) {
	var org sql.NullString
	switch {
	case a.Staff() || a.System || personID == self:
		err := q.QueryRowContext(ctx, `SELECT org_id FROM people WHERE id = ?`, personID).Scan(&org)
		if errors.Is(err, sql.ErrNoRows) {
			var v birlik.Invalid
			v.Add("person_id", "error.meetings.person_unknown")
			return "", v.Err()
		}
		return org.String, err
	case a.Scoped():
		var n int
		err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM affiliations WHERE person_id = ? AND org_id = ? AND ended IS NULL`,
			personID, a.OrgID).Scan(&n)
		if err != nil {
			return "", err
		}
		if n == 0 {
			return "", birlik.Errorf(birlik.EFORBIDDEN, "error.meetings.person_out_of_scope")
		}
		return a.OrgID, nil
	}
	return "", birlik.Errorf(birlik.EFORBIDDEN, "error.meetings.person_out_of_scope")
}

func registrationAudit(r *Registration) map[string]any {
	return map[string]any{"meeting_id": r.MeetingID, "person_id": r.PersonID, "org_id": r.OrgID, "status": r.Status,
		"sign_language": r.Needs.SignLanguage, "childcare": r.Needs.Childcare, "step_free": r.Needs.StepFree, "other_needs": r.Needs.Other}
}

const registrationColumns = `r.id, r.meeting_id, r.person_id, p.given_name || ' ' || p.family_name, COALESCE(r.org_id, ''), COALESCE(o.name, ''),
	r.status, r.sign_language, r.childcare, r.step_free, r.other_needs, r.promoted_at, r.created_at,
	CASE WHEN r.status = 'waiting' THEN (SELECT COUNT(*) FROM meeting_registrations w
		WHERE w.meeting_id = r.meeting_id AND w.status = 'waiting' AND w.id <= r.id) ELSE 0 END`

const registrationFrom = ` FROM meeting_registrations r JOIN people p ON p.id = r.person_id LEFT JOIN organisations o ON o.id = r.org_id`

func scanRegistration(row interface{ Scan(...any) error }) (*Registration, error) {
	r := &Registration{}
	var promoted sql.NullTime
	err := row.Scan(&r.ID, &r.MeetingID, &r.PersonID, &r.PersonName, &r.OrgID, &r.OrgName, &r.Status,
		&r.Needs.SignLanguage, &r.Needs.Childcare, &r.Needs.StepFree, &r.Needs.Other, &promoted, &r.CreatedAt, &r.Position)
	if promoted.Valid {
		r.PromotedAt = promoted.Time.UTC()
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return r, err
}

func registrationByID(ctx context.Context, q store.Querier, id int64) (*Registration, error) {
	r, err := scanRegistration(q.QueryRowContext(ctx, `SELECT `+registrationColumns+registrationFrom+` WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return r, err
}

// MyRegistration returns the live registration (registered or waiting)
// of the actor's own person for the meeting, or nil when there is none
// or the account is linked to nobody.
func (s *Service) MyRegistration(ctx context.Context, meetingID int64) (*Registration, error) {
	self, err := personOf(ctx, s.DB, birlik.ActorFrom(ctx))
	if err != nil || self == 0 {
		return nil, err
	}
	r, err := scanRegistration(s.DB.QueryRowContext(ctx, `SELECT `+registrationColumns+registrationFrom+`
		WHERE r.meeting_id = ? AND r.person_id = ? AND r.status <> 'cancelled'`, meetingID, self))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

// Registrations returns a meeting's live registrations, places first then
// the waiting list in order: every one for union staff, their own
// municipality's for a focal point, none for anyone else. The meeting
// must be one the actor sees (ENOTFOUND).
func (s *Service) Registrations(ctx context.Context, meetingID int64) ([]*Registration, error) {
	a := birlik.ActorFrom(ctx)
	if _, err := meetingByID(ctx, s.DB, a, meetingID, false); err != nil {
		return nil, err
	}
	cond, args := "", []any{meetingID}
	switch {
	case a.Staff() || a.System:
	case a.Scoped():
		cond, args = ` AND r.org_id = ?`, append(args, a.OrgID)
	default:
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+registrationColumns+registrationFrom+`
		WHERE r.meeting_id = ? AND r.status <> 'cancelled'`+cond+` ORDER BY CASE r.status WHEN 'registered' THEN 0 ELSE 1 END, r.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Registration
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Cancel cancels a registration. The person themselves, union staff, and
// a focal point of the municipality the registration is for may; for
// anyone else it does not exist (ENOTFOUND). Once the meeting has begun
// it is too late (ECONFLICT). When it held a place, the
// first people on the waiting list move up, in the same transaction; they
// are returned, for TellPromoted. Cancelling twice changes nothing.
func (s *Service) Cancel(ctx context.Context, registrationID int64) ([]Promoted, error) {
	return s.cancel(ctx, 0, registrationID)
}

// CancelIn is Cancel for a registration that must belong to the meeting
// (ENOTFOUND otherwise), as a page's address names both.
func (s *Service) CancelIn(ctx context.Context, meetingID, registrationID int64) ([]Promoted, error) {
	return s.cancel(ctx, meetingID, registrationID)
}

func (s *Service) cancel(ctx context.Context, meetingID, registrationID int64) ([]Promoted, error) {
	a := birlik.ActorFrom(ctx)
	if !a.Signed() {
		return nil, forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r, err := registrationByID(ctx, tx, registrationID)
	if err != nil {
		return nil, err
	}
	if meetingID != 0 && r.MeetingID != meetingID {
		return nil, notFound()
	}
	// The meeting, locked, and only if the actor sees its space.
	m, err := meetingByID(ctx, tx, a, r.MeetingID, true)
	if err != nil {
		return nil, err
	}
	self, err := personOf(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	if !(a.Staff() || a.System || (self != 0 && r.PersonID == self) || (a.Scoped() && r.OrgID == a.OrgID)) {
		return nil, notFound()
	}
	if r.Status == Cancelled {
		return nil, nil
	}
	now := s.now()
	if m.Started(now) {
		// Once begun, a place can no longer be passed on: attendance says
		// who came.
		return nil, birlik.Errorf(birlik.ECONFLICT, "error.meetings.cancel_started")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meeting_registrations SET status = 'cancelled', cancelled_at = ?, updated_at = ? WHERE id = ?`,
		now, now, r.ID); err != nil {
		return nil, err
	}
	after := *r
	after.Status = Cancelled
	if err := audit.Write(ctx, tx, now, "cancel", "meeting_registration", idString(r.ID), r.OrgID, registrationAudit(r), registrationAudit(&after)); err != nil {
		return nil, err
	}
	var promoted []Promoted
	if r.Status == Registered {
		if promoted, err = promote(ctx, tx, r.MeetingID, now); err != nil {
			return nil, err
		}
	}
	return promoted, tx.Commit()
}

// promote gives free places to the waiting list, first come first served,
// and records each move.
func promote(ctx context.Context, tx *store.Tx, meetingID int64, now time.Time) ([]Promoted, error) {
	var capacity, taken int
	err := tx.QueryRowContext(ctx, `SELECT capacity, (SELECT COUNT(*) FROM meeting_registrations r WHERE r.meeting_id = m.id AND r.status = 'registered')
		FROM meetings m WHERE m.id = ?`, meetingID).Scan(&capacity, &taken)
	if err != nil {
		return nil, err
	}
	free := capacity - taken
	if capacity == 0 {
		free = 1 << 30
	}
	if free <= 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, person_id, COALESCE(org_id, '') FROM meeting_registrations
		WHERE meeting_id = ? AND status = 'waiting' ORDER BY id LIMIT ?`, meetingID, min(free, 10_000))
	if err != nil {
		return nil, err
	}
	var out []Promoted
	var orgs []string
	for rows.Next() {
		p := Promoted{MeetingID: meetingID}
		var org string
		if err := rows.Scan(&p.RegistrationID, &p.PersonID, &org); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
		orgs = append(orgs, org)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, p := range out {
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_registrations SET status = 'registered', promoted_at = ?, updated_at = ? WHERE id = ?`,
			now, now, p.RegistrationID); err != nil {
			return nil, err
		}
		if err := audit.Write(ctx, tx, now, "promote", "meeting_registration", idString(p.RegistrationID), orgs[i],
			map[string]any{"status": Waiting}, map[string]any{"status": Registered}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Candidates lists the people the actor may register for a meeting of
// the space, besides themselves: for union staff the space's current
// members, for a focal point the people currently at their municipality;
// nobody for anyone else.
func (s *Service) Candidates(ctx context.Context, spaceID int64) ([]Person, error) {
	a := birlik.ActorFrom(ctx)
	var q string
	var args []any
	switch {
	case a.Staff() || a.System:
		q = `SELECT DISTINCT p.id, p.given_name || ' ' || p.family_name, sm.org_id, COALESCE(o.name, ''), p.sort_key FROM space_members sm
			JOIN people p ON p.id = sm.person_id LEFT JOIN organisations o ON o.id = sm.org_id
			WHERE sm.space_id = ? AND sm.left_on IS NULL ORDER BY p.sort_key, p.id LIMIT 2000`
		args = []any{spaceID}
	case a.Scoped():
		vis, vargs := spaces.VisibleSQL(a, "s")
		q = `SELECT DISTINCT p.id, p.given_name || ' ' || p.family_name, af.org_id, COALESCE(o.name, ''), p.sort_key FROM affiliations af
			JOIN people p ON p.id = af.person_id LEFT JOIN organisations o ON o.id = af.org_id
			WHERE af.org_id = ? AND af.ended IS NULL AND EXISTS (SELECT 1 FROM spaces s WHERE s.id = ? AND ` + vis + `)
			ORDER BY p.sort_key, p.id LIMIT 2000`
		args = append([]any{a.OrgID, spaceID}, vargs...)
	default:
		return nil, nil
	}
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		var key []byte
		if err := rows.Scan(&p.ID, &p.Name, &p.OrgID, &p.OrgName, &key); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Self returns the person the actor's account is linked to
// (users.person_id), or 0: whom "register me" registers.
func (s *Service) Self(ctx context.Context) (int64, error) {
	return personOf(ctx, s.DB, birlik.ActorFrom(ctx))
}
