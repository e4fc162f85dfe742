package meetings

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/audit"
	"birlik/spaces"
	"birlik/store"
)

// Field lengths, in characters.
const (
	maxTitle       = 200
	maxDescription = 5000
	maxPlace       = 200
	maxAddress     = 500
	maxURL         = 500
	maxCapacity    = 100_000
	maxAgendaItems = 50
	maxDuration    = 24 * 60
	maxOther       = 1000
	maxMinutes     = 50_000
	maxDecision    = 5000
)

func idString(id int64) string { return strconv.FormatInt(id, 10) }

func notFound() error { return birlik.Errorf(birlik.ENOTFOUND, "error.not_found") }

func forbidden() error { return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden") }

func conflict() error { return birlik.Errorf(birlik.ECONFLICT, "error.meetings.stale") }

// text checks a text field: trimmed, acceptable text (birlik.CleanText),
// within max characters, required when asked, single-line unless
// multiline.
func text(v *birlik.Invalid, field string, s *string, required bool, max int, multiline bool) {
	c, ok := birlik.CleanText(strings.ReplaceAll(*s, "\r\n", "\n"), multiline)
	*s = c
	switch {
	case !ok:
		// Control characters too: a NUL byte would fail on PostgreSQL.
		v.Add(field, "error.meetings.malformed")
	case c == "" && required:
		v.Add(field, "error.meetings.required")
	case utf8.RuneCountInString(c) > max:
		v.Add(field, "error.meetings.too_long")
	}
}

// Validate checks a meeting's fields and adds what is wrong to v, by the
// names forms use: title, description, format, place, address,
// online_url, starts_at, ends_at, capacity, agenda. A time field that
// already has an error in v (the page could not read it) is not checked
// again. It trims and normalises m in place.
func Validate(m *Meeting, v *birlik.Invalid) {
	text(v, "title", &m.Title, true, maxTitle, false)
	text(v, "description", &m.Description, false, maxDescription, true)
	if !m.Format.Valid() {
		v.Add("format", "error.meetings.format.invalid")
	}
	text(v, "place", &m.Place, false, maxPlace, false)
	text(v, "address", &m.Address, false, maxAddress, true)
	text(v, "online_url", &m.OnlineURL, false, maxURL, false)
	if m.Format.HasPlace() && m.Place == "" && m.Address == "" {
		v.Add("place", "error.meetings.place.required")
	}
	if m.Format.HasLink() && m.OnlineURL == "" {
		v.Add("online_url", "error.meetings.online_url.required")
	}
	if m.OnlineURL != "" && !v.Has("online_url") {
		u, err := url.Parse(m.OnlineURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			v.Add("online_url", "error.meetings.online_url.invalid")
		}
	}
	if !m.Format.HasLink() {
		m.OnlineURL = "" // a link nobody is told to use would still leak
	}
	if m.StartsAt.IsZero() {
		v.Add("starts_at", "error.meetings.required")
	}
	if m.EndsAt.IsZero() {
		v.Add("ends_at", "error.meetings.required")
	}
	if !v.Has("starts_at") && !v.Has("ends_at") && !m.EndsAt.After(m.StartsAt) {
		v.Add("ends_at", "error.meetings.ends_at.before_start")
	}
	m.StartsAt, m.EndsAt = m.StartsAt.UTC().Truncate(time.Second), m.EndsAt.UTC().Truncate(time.Second)
	if m.Capacity < 0 || m.Capacity > maxCapacity {
		v.Add("capacity", "error.meetings.capacity.invalid")
	}
	var agenda []AgendaItem
	for _, it := range m.Agenda {
		it.Title, it.Presenter = strings.TrimSpace(it.Title), strings.TrimSpace(it.Presenter)
		if it.Title == "" && it.Presenter == "" && it.Duration == 0 {
			continue // an empty row of the form
		}
		if it.Title == "" || utf8.RuneCountInString(it.Title) > maxTitle || utf8.RuneCountInString(it.Presenter) > maxPlace ||
			it.Duration < 0 || it.Duration > maxDuration || strings.ContainsAny(it.Title+it.Presenter, "\n\r") {
			v.Add("agenda", "error.meetings.agenda.invalid")
		}
		agenda = append(agenda, it)
	}
	if len(agenda) > maxAgendaItems {
		v.Add("agenda", "error.meetings.agenda.too_many")
	}
	m.Agenda = agenda
}

// personOf returns the person the actor's account is linked to, or 0.
func personOf(ctx context.Context, q store.Querier, a birlik.Actor) (int64, error) {
	if a.UserID == 0 {
		return 0, nil
	}
	var id sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT person_id FROM users WHERE id = ?`, a.UserID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id.Int64, err
}

const meetingColumns = `m.id, m.space_id, s.slug, m.title, m.description, m.format, m.place, m.address, m.online_url,
	m.starts_at, m.ends_at, m.capacity, m.registration_open, m.minutes, m.version, m.created_at, m.updated_at,
	(SELECT COUNT(*) FROM meeting_registrations r WHERE r.meeting_id = m.id AND r.status = 'registered'),
	(SELECT COUNT(*) FROM meeting_registrations r WHERE r.meeting_id = m.id AND r.status = 'waiting')`

func scanMeeting(row interface{ Scan(...any) error }) (*Meeting, error) {
	m := &Meeting{}
	err := row.Scan(&m.ID, &m.SpaceID, &m.SpaceSlug, &m.Title, &m.Description, &m.Format, &m.Place, &m.Address, &m.OnlineURL,
		&m.StartsAt, &m.EndsAt, &m.Capacity, &m.RegistrationOpen, &m.Minutes, &m.Version, &m.CreatedAt, &m.UpdatedAt,
		&m.Registered, &m.Waiting)
	m.StartsAt, m.EndsAt, m.CreatedAt, m.UpdatedAt = m.StartsAt.UTC(), m.EndsAt.UTC(), m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return m, err
}

// meetingByID reads a meeting the actor may see (its space's visibility),
// with its agenda; lock asks PostgreSQL to hold the row for the
// transaction (SQLite's single writer already does).
func meetingByID(ctx context.Context, q store.Querier, a birlik.Actor, id int64, lock bool) (*Meeting, error) {
	vis, args := spaces.VisibleSQL(a, "s")
	if lock && q.Dialect() == store.Postgres {
		if _, err := q.ExecContext(ctx, `SELECT id FROM meetings WHERE id = ? FOR UPDATE`, id); err != nil {
			return nil, err
		}
	}
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+` FROM meetings m JOIN spaces s ON s.id = m.space_id
		WHERE m.id = ? AND `+vis, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT title, presenter, duration FROM meeting_agenda_items WHERE meeting_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it AgendaItem
		if err := rows.Scan(&it.Title, &it.Presenter, &it.Duration); err != nil {
			return nil, err
		}
		m.Agenda = append(m.Agenda, it)
	}
	return m, rows.Err()
}

// hideLink blanks the online link unless the actor is staff or holds a
// place.
func hideLink(ctx context.Context, q store.Querier, a birlik.Actor, m *Meeting) error {
	if m.OnlineURL == "" || a.System || a.Staff() {
		return nil
	}
	person, err := personOf(ctx, q, a)
	if err != nil {
		return err
	}
	if person != 0 {
		var n int
		err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_registrations WHERE meeting_id = ? AND person_id = ? AND status = 'registered'`,
			m.ID, person).Scan(&n)
		if err != nil || n > 0 {
			return err
		}
	}
	m.OnlineURL, m.LinkHidden = "", true
	return nil
}

// Meeting returns the meeting with its agenda, if the actor in ctx may
// see its space; ENOTFOUND otherwise. The online link is blanked
// (LinkHidden set) for whoever is neither registered nor union staff.
func (s *Service) Meeting(ctx context.Context, id int64) (*Meeting, error) {
	a := birlik.ActorFrom(ctx)
	m, err := meetingByID(ctx, s.DB, a, id, false)
	if err != nil {
		return nil, err
	}
	return m, hideLink(ctx, s.DB, a, m)
}

// Page selects part of a list.
type Page struct {
	Past   bool // meetings that have ended, newest first; else the coming ones, soonest first
	Limit  int  // default 20, at most 200
	Offset int
}

// List returns a space's meetings the actor may see (none when the space
// is not theirs to read), without agendas and links, and how many there
// are in all on that side of now.
func (s *Service) List(ctx context.Context, spaceID int64, p Page) ([]*Meeting, int, error) {
	return s.listPage(ctx, spaceID, p, true)
}

func (s *Service) listPage(ctx context.Context, spaceID int64, p Page, count bool) ([]*Meeting, int, error) {
	if p.Limit <= 0 || p.Limit > 200 {
		p.Limit = 20
	}
	vis, args := spaces.VisibleSQL(birlik.ActorFrom(ctx), "s")
	cond, order := `m.ends_at > ?`, `m.starts_at, m.id`
	if p.Past {
		cond, order = `m.ends_at <= ?`, `m.starts_at DESC, m.id DESC`
	}
	where := ` FROM meetings m JOIN spaces s ON s.id = m.space_id WHERE m.space_id = ? AND ` + cond + ` AND ` + vis
	qargs := append([]any{spaceID, s.now()}, args...)
	var total int
	if count {
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+where, qargs...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	ms, err := s.list(ctx, `SELECT `+meetingColumns+where+` ORDER BY `+order+` LIMIT `+strconv.Itoa(p.Limit)+` OFFSET `+strconv.Itoa(max(0, p.Offset)), qargs)
	return ms, total, err
}

func (s *Service) list(ctx context.Context, q string, args []any) ([]*Meeting, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		m.OnlineURL = ""
		out = append(out, m)
	}
	return out, rows.Err()
}

// UpcomingMeetings returns the next n meetings of a space that have not
// ended, soonest first, for the space page; none when the actor may not
// read the space. Links and agendas are left out.
func (s *Service) UpcomingMeetings(ctx context.Context, spaceID int64, n int) ([]*Meeting, error) {
	ms, _, err := s.listPage(ctx, spaceID, Page{Limit: n}, false)
	return ms, err
}

func meetingAudit(m *Meeting) map[string]any {
	return map[string]any{"space_id": m.SpaceID, "title": m.Title, "description": m.Description, "format": m.Format,
		"place": m.Place, "address": m.Address, "online_url": m.OnlineURL, "starts_at": m.StartsAt, "ends_at": m.EndsAt,
		"capacity": m.Capacity, "registration_open": m.RegistrationOpen, "agenda": m.Agenda}
}

func saveAgenda(ctx context.Context, tx *store.Tx, id int64, items []AgendaItem) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_agenda_items WHERE meeting_id = ?`, id); err != nil {
		return err
	}
	for i, it := range items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_agenda_items (meeting_id, position, title, presenter, duration) VALUES (?, ?, ?, ?, ?)`,
			id, i+1, it.Title, it.Presenter, it.Duration); err != nil {
			return err
		}
	}
	return nil
}

// Create adds a meeting to the space m.SpaceID. Only union staff may
// (EFORBIDDEN); the space must be one they read (ENOTFOUND); EINVALID
// lists every field problem. On success m holds the stored meeting.
func (s *Service) Create(ctx context.Context, m *Meeting) error {
	a := birlik.ActorFrom(ctx)
	if !a.Staff() && !a.System {
		return forbidden()
	}
	var v birlik.Invalid
	Validate(m, &v)
	if err := v.Err(); err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM spaces WHERE id = ?`, m.SpaceID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return notFound()
	}
	now := s.now()
	err = tx.QueryRowContext(ctx, `INSERT INTO meetings (space_id, title, description, format, place, address, online_url,
		starts_at, ends_at, capacity, registration_open, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		m.SpaceID, m.Title, m.Description, string(m.Format), m.Place, m.Address, m.OnlineURL,
		m.StartsAt, m.EndsAt, m.Capacity, m.RegistrationOpen, now, now).Scan(&m.ID)
	if err != nil {
		return err
	}
	if err := saveAgenda(ctx, tx, m.ID, m.Agenda); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "meeting", idString(m.ID), "", nil, meetingAudit(m)); err != nil {
		return err
	}
	stored, err := meetingByID(ctx, tx, birlik.SystemActor, m.ID, false)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*m = *stored
	return nil
}

// Update saves changes to a meeting's details and agenda (not its space,
// minutes or registrations). m.Version must be the version the change
// was made from, else ECONFLICT. Only union staff may. When more places
// are offered, people waiting move up in the same transaction; they are
// returned, for TellPromoted.
func (s *Service) Update(ctx context.Context, m *Meeting) ([]Promoted, error) {
	a := birlik.ActorFrom(ctx)
	if !a.Staff() && !a.System {
		return nil, forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	old, err := meetingByID(ctx, tx, a, m.ID, true)
	if err != nil {
		return nil, err
	}
	var v birlik.Invalid
	Validate(m, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if m.Version != old.Version {
		return nil, conflict()
	}
	now := s.now()
	m.SpaceID = old.SpaceID
	res, err := tx.ExecContext(ctx, `UPDATE meetings SET title = ?, description = ?, format = ?, place = ?, address = ?, online_url = ?,
		starts_at = ?, ends_at = ?, capacity = ?, registration_open = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		m.Title, m.Description, string(m.Format), m.Place, m.Address, m.OnlineURL, m.StartsAt, m.EndsAt, m.Capacity,
		m.RegistrationOpen, now, m.ID, old.Version)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict()
	}
	if err := saveAgenda(ctx, tx, m.ID, m.Agenda); err != nil {
		return nil, err
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "meeting", idString(m.ID), "", meetingAudit(old), meetingAudit(m)); err != nil {
		return nil, err
	}
	promoted, err := promote(ctx, tx, m.ID, now)
	if err != nil {
		return nil, err
	}
	stored, err := meetingByID(ctx, tx, birlik.SystemActor, m.ID, false)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	*m = *stored
	return promoted, nil
}
