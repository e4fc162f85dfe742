package meetings

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/spaces"
	"birlik/store"
)

// staffOnly refuses everyone but union staff and the system.
func staffOnly(a birlik.Actor) error {
	if a.Staff() || a.System {
		return nil
	}
	return forbidden()
}

// Attendee is a person who came to a meeting, and the organisation they
// came for.
type Attendee struct {
	PersonID int64
	OrgID    string
}

// RollEntry is a line of a meeting's attendance sheet: a person
// registered (with a place) or recorded as present, whether they came and
// for which organisation.
type RollEntry struct {
	PersonID int64
	Name     string
	OrgID    string // as recorded at attendance, else as registered
	OrgName  string
	Came     bool
	Status   Status // their registration's, "" when they came unregistered
}

// Roll returns a meeting's attendance sheet, for union staff only
// (EFORBIDDEN): the people holding a place and whoever was recorded as
// present, by name.
func (s *Service) Roll(ctx context.Context, meetingID int64) ([]RollEntry, error) {
	a := birlik.ActorFrom(ctx)
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	if _, err := meetingByID(ctx, s.DB, a, meetingID, false); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT p.id, p.given_name || ' ' || p.family_name, p.sort_key,
		COALESCE(at.org_id, r.org_id, ''), COALESCE(o.name, ''), at.person_id IS NOT NULL, COALESCE(r.status, '')
		FROM people p
		LEFT JOIN meeting_attendance at ON at.meeting_id = ? AND at.person_id = p.id
		LEFT JOIN meeting_registrations r ON r.meeting_id = ? AND r.person_id = p.id AND r.status = 'registered'
		LEFT JOIN organisations o ON o.id = COALESCE(at.org_id, r.org_id)
		WHERE at.person_id IS NOT NULL OR r.id IS NOT NULL
		ORDER BY p.sort_key, p.id`, meetingID, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RollEntry
	for rows.Next() {
		var e RollEntry
		var key []byte
		if err := rows.Scan(&e.PersonID, &e.Name, &key, &e.OrgID, &e.OrgName, &e.Came, &e.Status); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetAttendance records who came to a meeting, replacing what was
// recorded. An attendee without an organisation is taken as coming for
// the one they registered for, else their main one. Only union staff may
// (EFORBIDDEN); the meeting must have begun (ECONFLICT).
func (s *Service) SetAttendance(ctx context.Context, meetingID int64, attendees []Attendee) error {
	a := birlik.ActorFrom(ctx)
	if err := staffOnly(a); err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	m, err := meetingByID(ctx, tx, a, meetingID, true)
	if err != nil {
		return err
	}
	now := s.now()
	if !m.Started(now) {
		return birlik.Errorf(birlik.ECONFLICT, "error.meetings.not_started")
	}
	var before []Attendee
	rows, err := tx.QueryContext(ctx, `SELECT person_id, COALESCE(org_id, '') FROM meeting_attendance WHERE meeting_id = ? ORDER BY person_id`, meetingID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var at Attendee
		if err := rows.Scan(&at.PersonID, &at.OrgID); err != nil {
			rows.Close()
			return err
		}
		before = append(before, at)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_attendance WHERE meeting_id = ?`, meetingID); err != nil {
		return err
	}
	seen := map[int64]bool{}
	var after []Attendee
	for _, at := range attendees {
		if at.PersonID <= 0 || seen[at.PersonID] {
			continue
		}
		seen[at.PersonID] = true
		// One statement a person: the organisation given, else the one
		// they registered for, else their current one; no row back means
		// no such person.
		var org sql.NullString
		err := tx.QueryRowContext(ctx, `INSERT INTO meeting_attendance (meeting_id, person_id, org_id, created_at)
			SELECT ?, p.id, COALESCE(?, (SELECT r.org_id FROM meeting_registrations r WHERE r.meeting_id = ? AND r.person_id = p.id
				AND r.status <> 'cancelled'), p.org_id), ? FROM people p WHERE p.id = ? RETURNING org_id`,
			meetingID, store.Null(at.OrgID), meetingID, now, at.PersonID).Scan(&org)
		if errors.Is(err, sql.ErrNoRows) || store.IsForeignKeyViolation(err) {
			var v birlik.Invalid
			v.Add("attended", "error.meetings.person_unknown")
			return v.Err()
		}
		if err != nil {
			return err
		}
		at.OrgID = org.String
		after = append(after, at)
	}
	sort.Slice(after, func(i, j int) bool { return after[i].PersonID < after[j].PersonID })
	if err := audit.Write(ctx, tx, now, audit.Update, "meeting_attendance", idString(meetingID), "", before, after); err != nil {
		return err
	}
	return tx.Commit()
}

// SaveMinutes stores a meeting's minutes (plain text). version must be
// the meeting's version the text was edited from, else ECONFLICT. Only
// union staff may.
func (s *Service) SaveMinutes(ctx context.Context, meetingID int64, minutes string, version int) error {
	a := birlik.ActorFrom(ctx)
	if err := staffOnly(a); err != nil {
		return err
	}
	var v birlik.Invalid
	text(&v, "minutes", &minutes, false, maxMinutes, true)
	if err := v.Err(); err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	m, err := meetingByID(ctx, tx, a, meetingID, true)
	if err != nil {
		return err
	}
	if version != m.Version {
		return conflict()
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE meetings SET minutes = ?, version = version + 1, updated_at = ? WHERE id = ?`, minutes, now, meetingID); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "meeting_minutes", idString(meetingID), "",
		map[string]any{"minutes": m.Minutes}, map[string]any{"minutes": minutes}); err != nil {
		return err
	}
	return tx.Commit()
}

// AddDecision records a decision of a meeting under the next number. Only
// union staff may.
func (s *Service) AddDecision(ctx context.Context, meetingID int64, decision string) (*Decision, error) {
	a := birlik.ActorFrom(ctx)
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	var v birlik.Invalid
	text(&v, "decision", &decision, true, maxDecision, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := meetingByID(ctx, tx, a, meetingID, true); err != nil {
		return nil, err
	}
	now := s.now()
	d := &Decision{MeetingID: meetingID, Text: decision, CreatedAt: now}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM meeting_decisions WHERE meeting_id = ?`, meetingID).Scan(&d.Number); err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO meeting_decisions (meeting_id, number, text, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		meetingID, d.Number, d.Text, now).Scan(&d.ID); err != nil {
		return nil, err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "meeting_decision", idString(d.ID), "", nil, d); err != nil {
		return nil, err
	}
	return d, tx.Commit()
}

// Decisions returns a meeting's decisions by number, for whoever sees the
// meeting (ENOTFOUND otherwise).
func (s *Service) Decisions(ctx context.Context, meetingID int64) ([]Decision, error) {
	if _, err := meetingByID(ctx, s.DB, birlik.ActorFrom(ctx), meetingID, false); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, meeting_id, number, text, created_at FROM meeting_decisions WHERE meeting_id = ? ORDER BY number`, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		if err := rows.Scan(&d.ID, &d.MeetingID, &d.Number, &d.Text, &d.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// AddAction records a follow-up action of the meeting act.MeetingID,
// open, with its owner (a person), due date and, optionally, the decision
// it carries out. Only union staff may.
func (s *Service) AddAction(ctx context.Context, act *Action) error {
	a := birlik.ActorFrom(ctx)
	if err := staffOnly(a); err != nil {
		return err
	}
	var v birlik.Invalid
	text(&v, "title", &act.Title, true, maxTitle*2, false)
	act.DueOn = strings.TrimSpace(act.DueOn)
	if act.DueOn != "" && !validDate(act.DueOn) {
		v.Add("due_on", "error.meetings.date.invalid")
	}
	if act.Status == "" {
		act.Status = ActionOpen
	}
	if !act.Status.Valid() {
		v.Add("status", "error.meetings.action_status.invalid")
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	m, err := meetingByID(ctx, tx, a, act.MeetingID, true)
	if err != nil {
		return err
	}
	if act.OwnerID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM people WHERE id = ?`, act.OwnerID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("owner_id", "error.meetings.person_unknown")
		}
	}
	if act.DecisionID != 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_decisions WHERE id = ? AND meeting_id = ?`, act.DecisionID, act.MeetingID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("decision_id", "error.meetings.decision_unknown")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	act.SpaceID, act.Version, act.CreatedAt, act.UpdatedAt = m.SpaceID, 1, now, now
	var owner, decision any
	if act.OwnerID != 0 {
		owner = act.OwnerID
	}
	if act.DecisionID != 0 {
		decision = act.DecisionID
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO meeting_actions (meeting_id, space_id, decision_id, title, owner_id, due_on, status, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		act.MeetingID, act.SpaceID, decision, act.Title, owner, store.Null(act.DueOn), string(act.Status), now, now).Scan(&act.ID)
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "meeting_action", idString(act.ID), "", nil, actionAudit(act)); err != nil {
		return err
	}
	return tx.Commit()
}

func actionAudit(a *Action) map[string]any {
	return map[string]any{"meeting_id": a.MeetingID, "decision_id": a.DecisionID, "title": a.Title, "owner_id": a.OwnerID,
		"due_on": a.DueOn, "status": a.Status}
}

// SetActionStatus moves an action to a status. version must be the
// action's current version, else ECONFLICT. Only union staff may.
func (s *Service) SetActionStatus(ctx context.Context, actionID int64, status ActionStatus, version int) error {
	a := birlik.ActorFrom(ctx)
	if err := staffOnly(a); err != nil {
		return err
	}
	if !status.Valid() {
		var v birlik.Invalid
		v.Add("status", "error.meetings.action_status.invalid")
		return v.Err()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := actionByID(ctx, tx, a, actionID)
	if err != nil {
		return err
	}
	if old.Version != version {
		return conflict()
	}
	if old.Status == status {
		return nil
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE meeting_actions SET status = ?, version = version + 1, updated_at = ? WHERE id = ?`, string(status), now, actionID); err != nil {
		return err
	}
	next := *old
	next.Status = status
	if err := audit.Write(ctx, tx, now, audit.Update, "meeting_action", idString(actionID), "", actionAudit(old), actionAudit(&next)); err != nil {
		return err
	}
	return tx.Commit()
}

const actionColumns = `a.id, a.meeting_id, m.title, m.starts_at, a.space_id, COALESCE(a.decision_id, 0), COALESCE(d.number, 0), a.title,
	COALESCE(a.owner_id, 0), COALESCE(p.given_name || ' ' || p.family_name, ''), COALESCE(a.due_on, ''), a.status, a.version, a.created_at, a.updated_at`

const actionFrom = ` FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id JOIN spaces s ON s.id = a.space_id
	LEFT JOIN meeting_decisions d ON d.id = a.decision_id LEFT JOIN people p ON p.id = a.owner_id`

func scanAction(row interface{ Scan(...any) error }) (*Action, error) {
	a := &Action{}
	err := row.Scan(&a.ID, &a.MeetingID, &a.MeetingTitle, &a.MeetingStarts, &a.SpaceID, &a.DecisionID, &a.DecisionNumber, &a.Title,
		&a.OwnerID, &a.OwnerName, &a.DueOn, &a.Status, &a.Version, &a.CreatedAt, &a.UpdatedAt)
	a.MeetingStarts = a.MeetingStarts.UTC()
	return a, err
}

func actionByID(ctx context.Context, q store.Querier, actor birlik.Actor, id int64) (*Action, error) {
	vis, args := spaces.VisibleSQL(actor, "s")
	a, err := scanAction(q.QueryRowContext(ctx, `SELECT `+actionColumns+actionFrom+` WHERE a.id = ? AND `+vis, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return a, err
}

func (s *Service) actions(ctx context.Context, cond string, arg any, order string, limit int) ([]*Action, error) {
	vis, args := spaces.VisibleSQL(birlik.ActorFrom(ctx), "s")
	rows, err := s.DB.QueryContext(ctx, `SELECT `+actionColumns+actionFrom+` WHERE `+cond+` AND `+vis+` ORDER BY `+order+` LIMIT `+idString(int64(limit)),
		append([]any{arg}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Action
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// MeetingActions returns the actions decided at a meeting, for whoever
// sees it.
func (s *Service) MeetingActions(ctx context.Context, meetingID int64) ([]*Action, error) {
	return s.actions(ctx, `a.meeting_id = ?`, meetingID, `a.id`, 1000)
}

// OpenActions returns a space's actions that are open or in progress,
// the soonest due first (those without a date last), for the space page;
// none when the actor may not read the space.
func (s *Service) OpenActions(ctx context.Context, spaceID int64) ([]*Action, error) {
	return s.actions(ctx, openActions, spaceID, openActionsOrder, 200)
}

const (
	openActions      = `a.space_id = ? AND a.status IN ('open', 'in_progress')`
	openActionsOrder = `CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on, a.id`
)

// FirstOpenActions returns how many of a space's follow-up actions are
// open and the first n of them by due date, as OpenActions orders them:
// a space's page shows the count and a few, not all of them.
func (s *Service) FirstOpenActions(ctx context.Context, spaceID int64, n int) (int, []*Action, error) {
	vis, args := spaces.VisibleSQL(birlik.ActorFrom(ctx), "s")
	var count int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_actions a JOIN spaces s ON s.id = a.space_id WHERE `+openActions+` AND `+vis,
		append([]any{spaceID}, args...)...).Scan(&count)
	if err != nil || count == 0 {
		return 0, nil, err
	}
	first, err := s.actions(ctx, openActions, spaceID, openActionsOrder, n)
	return count, first, err
}

// SpaceActions returns every action of a space's meetings, those still to
// do first, then by due date, at most 500.
func (s *Service) SpaceActions(ctx context.Context, spaceID int64) ([]*Action, error) {
	return s.actions(ctx, `a.space_id = ?`, spaceID,
		`CASE WHEN a.status IN ('open', 'in_progress') THEN 0 ELSE 1 END, CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on, a.id`, 500)
}

// Count is one line of a breakdown: a code and how many.
type Count struct {
	Code string // "" for not known
	N    int
}

// Figures are a meeting's attendance figures.
type Figures struct {
	Total int
	// BySex counts attendees by people.gender ("" not recorded).
	BySex []Count
	// ByRole counts them by the kind of their affiliation with the
	// organisation they came for, current at the meeting (elected, staff,
	// appointed, volunteer, other; "" none).
	ByRole []Count
	// ByOrgType counts them by the municipality tier of that organisation
	// (metropolitan, provincial, district, belde), or its kind when it is
	// not a municipality (ngo, academia, …); "" none.
	ByOrgType []Count
	// Quorum is the number of the space's members who must attend; 0 when
	// the space has no quorum rule.
	Quorum int
	// Members is how many attendees were members of the space on the day.
	Members int
}

// QuorumMet reports whether enough members came; true without a rule.
func (f *Figures) QuorumMet() bool { return f.Members >= f.Quorum }

// AttendanceFigures returns a meeting's attendance figures, for whoever
// sees the meeting (they hold no names).
func (s *Service) AttendanceFigures(ctx context.Context, meetingID int64) (*Figures, error) {
	m, err := meetingByID(ctx, s.DB, birlik.ActorFrom(ctx), meetingID, false)
	if err != nil {
		return nil, err
	}
	day := m.StartsAt.Format(time.DateOnly)
	f := &Figures{}
	if err := s.DB.QueryRowContext(ctx, `SELECT COALESCE(quorum, 0) FROM spaces WHERE id = ?`, m.SpaceID).Scan(&f.Quorum); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT p.gender,
		COALESCE((SELECT af.kind FROM affiliations af WHERE af.person_id = at.person_id AND af.org_id = at.org_id
			AND (af.started IS NULL OR af.started <= ?) AND (af.ended IS NULL OR af.ended >= ?) ORDER BY af.id DESC LIMIT 1), ''),
		COALESCE(o.municipality_kind, o.kind, ''),
		CASE WHEN EXISTS (SELECT 1 FROM space_members sm WHERE sm.space_id = ? AND sm.person_id = at.person_id
			AND sm.joined_on <= ? AND (sm.left_on IS NULL OR sm.left_on >= ?)) THEN 1 ELSE 0 END
		FROM meeting_attendance at JOIN people p ON p.id = at.person_id LEFT JOIN organisations o ON o.id = at.org_id
		WHERE at.meeting_id = ?`, day, day, m.SpaceID, day, day, meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sex, role, kind := map[string]int{}, map[string]int{}, map[string]int{}
	for rows.Next() {
		var g, r, k string
		var member int
		if err := rows.Scan(&g, &r, &k, &member); err != nil {
			return nil, err
		}
		f.Total++
		sex[g]++
		role[r]++
		kind[k]++
		f.Members += member
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	f.BySex = counts(sex, []string{"female", "male", "other", "undisclosed", ""})
	f.ByRole = counts(role, []string{"elected", "staff", "appointed", "volunteer", "other", ""})
	f.ByOrgType = counts(kind, []string{"metropolitan", "provincial", "district", "belde", "union", "public_institution", "ngo",
		"academia", "international", "funder", "private", "other", ""})
	return f, nil
}

// counts lists the codes with a count, in the given order, then any other
// code alphabetically.
func counts(m map[string]int, order []string) []Count {
	var out []Count
	for _, c := range order {
		if n := m[c]; n > 0 {
			out = append(out, Count{c, n})
			delete(m, c)
		}
	}
	var rest []string
	for c := range m {
		rest = append(rest, c)
	}
	sort.Strings(rest)
	for _, c := range rest {
		out = append(out, Count{c, m[c]})
	}
	return out
}
