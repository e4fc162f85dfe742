package needs

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/locale"
	"birlik/spaces"
	"birlik/store"
	"birlik/topics"
)

// readScope returns the condition (on spaces aliased s) that limits the
// needs an actor may read: signed-in accounts read the needs of the
// spaces they may read; the public reads none (EFORBIDDEN).
func readScope(a birlik.Actor) (string, []any, error) {
	if !a.Signed() {
		return "", nil, birlik.Errorf(birlik.EFORBIDDEN, "error.signin_required")
	}
	vis, args := spaces.VisibleSQL(a, "s")
	return vis, args, nil
}

const needColumns = `n.id, n.space_id, s.slug, s.name_tr, n.org_id, COALESCE(o.name, ''), n.title, n.description, n.people_affected,
	n.urgency, n.status, n.close_reason, n.close_note, COALESCE(n.merged_into, 0), COALESCE(n.raised_by, 0), n.cosign_orgs, n.cosign_people,
	n.first_response_at, n.answered_at, n.closed_at, n.response_hours, n.answer_hours, n.version, n.created_at, n.updated_at`

const needFrom = ` FROM needs n JOIN spaces s ON s.id = n.space_id LEFT JOIN organisations o ON o.id = n.org_id`

type scanner interface{ Scan(...any) error }

func scanNeed(sc scanner) (*Need, error) {
	var n Need
	var people, resp, ans sql.NullInt64
	var first, answered, closed sql.NullTime
	err := sc.Scan(&n.ID, &n.SpaceID, &n.SpaceSlug, &n.SpaceName, &n.OrgID, &n.OrgName, &n.Title, &n.Description, &people,
		&n.Urgency, &n.Status, &n.CloseReason, &n.CloseNote, &n.MergedInto, &n.RaisedBy, &n.CosignOrgs, &n.CosignPeople,
		&first, &answered, &closed, &resp, &ans, &n.Version, &n.CreatedAt, &n.UpdatedAt)
	if err != nil {
		return nil, err
	}
	n.PeopleAffected = intPtr(people)
	n.ResponseHours, n.AnswerHours = intPtr(resp), intPtr(ans)
	n.FirstResponseAt, n.AnsweredAt, n.ClosedAt = timePtr(first), timePtr(answered), timePtr(closed)
	n.CreatedAt, n.UpdatedAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC()
	return &n, nil
}

func intPtr(v sql.NullInt64) *int64 {
	if !v.Valid {
		return nil
	}
	return &v.Int64
}

func timePtr(v sql.NullTime) *time.Time {
	if !v.Valid {
		return nil
	}
	t := v.Time.UTC()
	return &t
}

// needByID reads one need within the scope condition, with its topics.
// extra is a further condition (a focal point's own municipality).
func needByID(ctx context.Context, q store.Querier, id int64, scope string, args []any, extra string, extraArgs ...any) (*Need, error) {
	query := `SELECT ` + needColumns + needFrom + ` WHERE n.id = ? AND ` + scope
	if extra != "" {
		query += " AND " + extra
	}
	n, err := scanNeed(q.QueryRowContext(ctx, query, append(append([]any{id}, args...), extraArgs...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	if err := loadTopics(ctx, q, []*Need{n}); err != nil {
		return nil, err
	}
	return n, nil
}

// loadTopics fills the themes and groups of ns.
func loadTopics(ctx context.Context, q store.Querier, ns []*Need) error {
	if len(ns) == 0 {
		return nil
	}
	byID := make(map[int64]*Need, len(ns))
	ids := make([]any, 0, len(ns))
	marks := make([]byte, 0, 2*len(ns))
	for _, n := range ns {
		n.Themes, n.Groups = nil, nil
		byID[n.ID] = n
		ids = append(ids, n.ID)
		if len(marks) > 0 {
			marks = append(marks, ',')
		}
		marks = append(marks, '?')
	}
	rows, err := q.QueryContext(ctx, `SELECT need_id, kind, code FROM need_topics WHERE need_id IN (`+string(marks)+`)`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, code string
		if err := rows.Scan(&id, &kind, &code); err != nil {
			return err
		}
		n := byID[id]
		if kind == string(topics.Theme) {
			n.Themes = append(n.Themes, code)
		} else {
			n.Groups = append(n.Groups, code)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range ns {
		n.Themes, n.Groups = ordered(topics.Theme, n.Themes), ordered(topics.Group, n.Groups)
	}
	return nil
}

// ordered puts codes in their vocabulary's order.
func ordered(k topics.Kind, in []string) []string {
	if len(in) < 2 {
		return in
	}
	seen := map[string]bool{}
	for _, c := range in {
		seen[c] = true
	}
	var out []string
	for _, c := range topics.Codes(k) {
		if seen[c] {
			out = append(out, c)
		}
	}
	return out
}

// Need returns one need with its themes and groups. The public gets
// EFORBIDDEN; a need of a space the actor may not read is ENOTFOUND.
func (s *Service) Need(ctx context.Context, id int64) (*Need, error) {
	scope, args, err := readScope(birlik.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	return needByID(ctx, s.DB, id, scope, args, "")
}

// CanRead returns nil when the actor in ctx may read the need, else
// ENOTFOUND or EFORBIDDEN. Documents attached to a need are readable by
// exactly those (the documents package's hook).
func (s *Service) CanRead(ctx context.Context, needID int64) error {
	_, err := s.Need(ctx, needID)
	return err
}

// CanEdit reports whether the actor in ctx may change the need's text and
// attach files to it: union staff, or a focal point of the municipality
// that raised it.
func (s *Service) CanEdit(ctx context.Context, n *Need) bool {
	a := birlik.ActorFrom(ctx)
	return a.Staff() || a.System || (a.Scoped() && a.OrgID == n.OrgID)
}

// CanAttach reports whether the actor in ctx may attach files to the
// need (the documents package's hook): those who may change it. A need
// the actor may not read is ENOTFOUND.
func (s *Service) CanAttach(ctx context.Context, needID int64) (bool, error) {
	n, err := s.Need(ctx, needID)
	if err != nil {
		return false, err
	}
	return s.CanEdit(ctx, n), nil
}

// Cosigns returns the organisations that have the need too, by name.
func (s *Service) Cosigns(ctx context.Context, needID int64) ([]Cosign, error) {
	if err := s.CanRead(ctx, needID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT c.need_id, c.org_id, COALESCE(o.name, ''), c.people_affected, c.created_at
		FROM need_cosigns c LEFT JOIN organisations o ON o.id = c.org_id WHERE c.need_id = ? ORDER BY o.sort_key, c.org_id`, needID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Cosign
	for rows.Next() {
		var c Cosign
		var p sql.NullInt64
		if err := rows.Scan(&c.NeedID, &c.OrgID, &c.OrgName, &p, &c.CreatedAt); err != nil {
			return nil, err
		}
		c.PeopleAffected = intPtr(p)
		out = append(out, c)
	}
	return out, rows.Err()
}

// History returns a need's events, oldest first.
func (s *Service) History(ctx context.Context, needID int64) ([]Event, error) {
	if err := s.CanRead(ctx, needID); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, need_id, at, action, from_status, to_status, reason, note, COALESCE(ref_id, 0), actor
		FROM need_events WHERE need_id = ? ORDER BY at, id`, needID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.NeedID, &e.At, &e.Action, &e.FromStatus, &e.ToStatus, &e.Reason, &e.Note, &e.RefID, &e.Actor); err != nil {
			return nil, err
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// validateNeed normalises n in place and lists every problem.
func validateNeed(n *Need, v *birlik.Invalid) {
	text(v, "title", &n.Title, true, maxTitle, false)
	text(v, "description", &n.Description, false, maxText, true)
	people(v, "people_affected", n.PeopleAffected)
	if !validUrgency(n.Urgency) {
		v.Add("urgency", "error.needs.choose")
	}
	n.Themes = codes(v, "themes", topics.Theme, n.Themes)
	if len(n.Themes) == 0 {
		v.Add("themes", "error.needs.theme_required")
	}
	n.Groups = codes(v, "groups", topics.Group, n.Groups)
}

func validUrgency(u Urgency) bool {
	for _, x := range Urgencies {
		if u == x {
			return true
		}
	}
	return false
}

// spaceReadable reports whether the actor may read the space.
func spaceReadable(ctx context.Context, q store.Querier, a birlik.Actor, spaceID int64) (bool, error) {
	vis, args := spaces.VisibleSQL(a, "s")
	var id int64
	err := q.QueryRowContext(ctx, `SELECT s.id FROM spaces s WHERE s.id = ? AND `+vis, append([]any{spaceID}, args...)...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

type needAudit struct {
	ID             int64    `json:"id"`
	SpaceID        int64    `json:"space_id"`
	OrgID          string   `json:"org_id"`
	Title          string   `json:"title"`
	Description    string   `json:"description"`
	PeopleAffected *int64   `json:"people_affected"`
	Urgency        Urgency  `json:"urgency"`
	Themes         []string `json:"themes"`
	Groups         []string `json:"groups"`
	Status         Status   `json:"status"`
	CloseReason    string   `json:"close_reason,omitempty"`
	CloseNote      string   `json:"close_note,omitempty"`
	MergedInto     int64    `json:"merged_into,omitempty"`
	CosignOrgs     int      `json:"cosign_orgs"`
	CosignPeople   int64    `json:"cosign_people"`
	Version        int      `json:"version"`
}

func needAuditOf(n *Need) needAudit {
	return needAudit{n.ID, n.SpaceID, n.OrgID, n.Title, n.Description, n.PeopleAffected, n.Urgency, n.Themes, n.Groups,
		n.Status, n.CloseReason, n.CloseNote, n.MergedInto, n.CosignOrgs, n.CosignPeople, n.Version}
}

// Create raises a need. A focal point raises needs for their own
// municipality only (n.OrgID empty or theirs; another is EFORBIDDEN), in
// a space they may read; union staff for any municipality. Others get
// EFORBIDDEN; a space the actor may not read is ENOTFOUND. EINVALID lists
// every field problem. On success n holds the stored need, submitted.
func (s *Service) Create(ctx context.Context, n *Need) error {
	a := birlik.ActorFrom(ctx)
	if !a.Staff() && !a.System && !a.Scoped() {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if ok, err := spaceReadable(ctx, tx, a, n.SpaceID); err != nil {
		return err
	} else if !ok {
		return notFound()
	}
	var v birlik.Invalid
	org, err := checkOrg(ctx, tx, a, n.OrgID, &v)
	if err != nil {
		return err
	}
	n.OrgID = org
	validateNeed(n, &v)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	n.Status, n.Version, n.CreatedAt, n.UpdatedAt = Submitted, 1, now, now
	n.RaisedBy = a.UserID
	var raisedBy any
	if a.UserID != 0 {
		raisedBy = a.UserID
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO needs (space_id, org_id, title, description, people_affected, urgency, status,
		raised_by, search_text, month, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		n.SpaceID, n.OrgID, n.Title, n.Description, nullInt(n.PeopleAffected), string(n.Urgency), string(Submitted),
		raisedBy, locale.Fold(n.Title), month(now), now, now).Scan(&n.ID)
	if err != nil {
		return err
	}
	if err := writeTopics(ctx, tx, n.ID, n.Themes, n.Groups); err != nil {
		return err
	}
	if err := addEvent(ctx, tx, Event{NeedID: n.ID, At: now, Action: ActSubmit, ToStatus: Submitted}); err != nil {
		return err
	}
	if err := updateStats(ctx, tx, nil, keyOf(n)); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "need", idString(n.ID), n.OrgID, nil, needAuditOf(n)); err != nil {
		return err
	}
	stored, err := needByID(ctx, tx, n.ID, "1 = 1", nil, "")
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*n = *stored
	return nil
}

func month(t time.Time) string { return t.UTC().Format("2006-01") }

func writeTopics(ctx context.Context, tx *store.Tx, id int64, themes, groups []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM need_topics WHERE need_id = ?`, id); err != nil {
		return err
	}
	for _, set := range []struct {
		kind  topics.Kind
		codes []string
	}{{topics.Theme, themes}, {topics.Group, groups}} {
		for _, c := range set.codes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO need_topics (need_id, kind, code) VALUES (?, ?, ?)`, id, string(set.kind), c); err != nil {
				return err
			}
		}
	}
	return nil
}

// addEvent records a step of a need's history, by the actor in ctx.
func addEvent(ctx context.Context, tx *store.Tx, e Event) error {
	a := birlik.ActorFrom(ctx)
	var actorID, ref any
	if a.UserID != 0 {
		actorID = a.UserID
	}
	if e.RefID != 0 {
		ref = e.RefID
	}
	actor := a.Email
	if actor == "" {
		actor = "system"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO need_events (need_id, at, action, from_status, to_status, reason, note, ref_id, actor_id, actor)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.NeedID, e.At, e.Action, string(e.FromStatus), string(e.ToStatus), e.Reason, e.Note, ref, actorID, actor)
	return err
}

// editScope is the condition that limits the needs an actor may change:
// staff any they may read, a focal point their municipality's (in the
// query, so that another's is simply not found).
func editScope(a birlik.Actor) (string, []any, error) {
	switch {
	case a.Staff() || a.System:
		return "", nil, nil
	case a.Scoped() && a.OrgID != "":
		return "n.org_id = ?", []any{a.OrgID}, nil
	}
	return "", nil, forbidden()
}

// Update stores changes to a need's text and tags (title, description,
// people affected, urgency, themes, groups) while it is open. n.Version
// must be the version the change was made from, else ECONFLICT. Union
// staff may update any need; a focal point only their municipality's
// (others' are ENOTFOUND); anyone else gets EFORBIDDEN.
func (s *Service) Update(ctx context.Context, n *Need) error {
	a := birlik.ActorFrom(ctx)
	extra, extraArgs, err := editScope(a)
	if err != nil {
		return err
	}
	scope, args, err := readScope(a)
	if err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := needByID(ctx, tx, n.ID, scope, args, extra, extraArgs...)
	if err != nil {
		return err
	}
	if n.Version != old.Version {
		return conflict()
	}
	if !old.Status.Open() {
		return birlik.Errorf(birlik.ECONFLICT, "error.needs.not_open")
	}
	next := *old
	next.Title, next.Description, next.PeopleAffected, next.Urgency = n.Title, n.Description, n.PeopleAffected, n.Urgency
	next.Themes, next.Groups = n.Themes, n.Groups
	var v birlik.Invalid
	validateNeed(&next, &v)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE needs SET title = ?, description = ?, people_affected = ?, urgency = ?, search_text = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, next.Title, next.Description, nullInt(next.PeopleAffected),
		string(next.Urgency), locale.Fold(next.Title), now, old.ID, old.Version)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return conflict()
	}
	if !sameCodes(old.Themes, next.Themes) || !sameCodes(old.Groups, next.Groups) {
		if err := writeTopics(ctx, tx, old.ID, next.Themes, next.Groups); err != nil {
			return err
		}
		if err := updateStats(ctx, tx, keyOf(old), keyOf(&next)); err != nil {
			return err
		}
	}
	if err := addEvent(ctx, tx, Event{NeedID: old.ID, At: now, Action: ActEdit, FromStatus: old.Status, ToStatus: old.Status}); err != nil {
		return err
	}
	stored, err := needByID(ctx, tx, old.ID, "1 = 1", nil, "")
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "need", idString(old.ID), old.OrgID, needAuditOf(old), needAuditOf(stored)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*n = *stored
	return nil
}

// Cosign records that an organisation has the need too, with the people
// it counts (nil: not given). A focal point co-signs for their own
// municipality (org empty or theirs); union staff for any municipality.
// The raising municipality cannot co-sign its own need, nor a
// municipality twice (ECONFLICT); a merged need cannot be co-signed
// (ECONFLICT: co-sign the need it was merged into).
func (s *Service) Cosign(ctx context.Context, needID int64, org string, peopleAffected *int64) error {
	a := birlik.ActorFrom(ctx)
	scope, args, err := readScope(a)
	if err != nil {
		return err
	}
	if !a.Staff() && !a.System && !a.Scoped() {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	n, err := needByID(ctx, tx, needID, scope, args, "")
	if err != nil {
		return err
	}
	var v birlik.Invalid
	org, err = checkOrg(ctx, tx, a, org, &v)
	if err != nil {
		return err
	}
	people(&v, "people_affected", peopleAffected)
	if err := v.Err(); err != nil {
		return err
	}
	switch {
	case n.MergedInto != 0:
		return birlik.Errorf(birlik.ECONFLICT, "error.needs.merged")
	case org == n.OrgID:
		return birlik.Errorf(birlik.ECONFLICT, "error.needs.cosign_own")
	}
	now := s.now()
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO need_cosigns (need_id, org_id, people_affected, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		needID, org, nullInt(peopleAffected), by, now)
	if store.IsUniqueViolation(err) {
		return birlik.Errorf(birlik.ECONFLICT, "error.needs.cosigned_already")
	}
	if err != nil {
		return err
	}
	if err := recount(ctx, tx, needID, now); err != nil {
		return err
	}
	if err := addEvent(ctx, tx, Event{NeedID: needID, At: now, Action: ActCosign, FromStatus: n.Status, ToStatus: n.Status, Note: org}); err != nil {
		return err
	}
	after := struct {
		NeedID int64  `json:"need_id"`
		OrgID  string `json:"org_id"`
		People *int64 `json:"people_affected"`
	}{needID, org, peopleAffected}
	if err := audit.Write(ctx, tx, now, audit.Create, "need_cosign", idString(needID)+"/"+org, org, nil, after); err != nil {
		return err
	}
	return tx.Commit()
}

// Uncosign withdraws an organisation's co-signature: a focal point their
// own municipality's, staff any. ENOTFOUND when there is none.
func (s *Service) Uncosign(ctx context.Context, needID int64, org string) error {
	a := birlik.ActorFrom(ctx)
	scope, args, err := readScope(a)
	if err != nil {
		return err
	}
	var v birlik.Invalid
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	n, err := needByID(ctx, tx, needID, scope, args, "")
	if err != nil {
		return err
	}
	if org, err = checkOrg(ctx, tx, a, org, &v); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM need_cosigns WHERE need_id = ? AND org_id = ?`, needID, org)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return notFound()
	}
	now := s.now()
	if err := recount(ctx, tx, needID, now); err != nil {
		return err
	}
	if err := addEvent(ctx, tx, Event{NeedID: needID, At: now, Action: ActUncosign, FromStatus: n.Status, ToStatus: n.Status, Note: org}); err != nil {
		return err
	}
	before := struct {
		NeedID int64  `json:"need_id"`
		OrgID  string `json:"org_id"`
	}{needID, org}
	if err := audit.Write(ctx, tx, now, audit.Delete, "need_cosign", idString(needID)+"/"+org, org, before, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// recount sets a need's co-signer figures from need_cosigns.
func recount(ctx context.Context, tx *store.Tx, needID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE needs SET
		cosign_orgs = (SELECT COUNT(*) FROM need_cosigns c WHERE c.need_id = needs.id),
		cosign_people = (SELECT COALESCE(SUM(c.people_affected), 0) FROM need_cosigns c WHERE c.need_id = needs.id),
		updated_at = ? WHERE id = ?`, now, needID)
	return err
}
