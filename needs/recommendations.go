package needs

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/locale"
	"birlik/spaces"
	"birlik/store"
	"birlik/topics"
)

// expertCond holds when the account (argument) is a current expert
// member of the recommendation's space (r): experts draft recommendations
// beside union staff.
const expertCond = `r.space_id IN (SELECT m.space_id FROM space_members m JOIN users u ON u.person_id = m.person_id
	WHERE u.id = ? AND m.role = 'expert' AND m.left_on IS NULL)`

// recScope returns the condition (on recommendations r joined to spaces
// s) that limits the recommendations an actor may read: in spaces they
// may read, the public ones for the public; published ones and their own
// drafts, and their space's drafts for experts, for signed-in accounts;
// everything for staff.
func recScope(a birlik.Actor) (string, []any) {
	vis, args := spaces.VisibleSQL(a, "s")
	switch {
	case a.Staff() || a.System:
		return vis, args
	case !a.Signed():
		return vis + " AND r.publication = 'public'", args
	}
	return vis + " AND (r.publication <> 'draft' OR r.created_by = ? OR " + expertCond + ")", append(args, a.UserID, a.UserID)
}

// mayDraft reports whether the actor may draft and edit recommendations
// in the space: union staff, and the space's current experts.
func mayDraft(ctx context.Context, q store.Querier, a birlik.Actor, spaceID int64) (bool, error) {
	if a.Staff() || a.System {
		return true, nil
	}
	if a.UserID == 0 {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM space_members m JOIN users u ON u.person_id = m.person_id
		WHERE u.id = ? AND m.space_id = ? AND m.role = 'expert' AND m.left_on IS NULL`, a.UserID, spaceID).Scan(&n)
	return n > 0, err
}

// MayDraft reports whether the actor in ctx may draft recommendations in
// the space (pages show the button only then).
func (s *Service) MayDraft(ctx context.Context, spaceID int64) bool {
	ok, err := mayDraft(ctx, s.DB, birlik.ActorFrom(ctx), spaceID)
	return err == nil && ok
}

const recColumns = `r.id, r.space_id, s.slug, s.name_tr, r.title, r.summary, r.proposal, r.level, r.refs, r.publication, r.revision,
	r.published_at, COALESCE(r.created_by, 0), r.version, r.created_at, r.updated_at`

const recFrom = ` FROM recommendations r JOIN spaces s ON s.id = r.space_id`

func scanRec(sc scanner) (*Recommendation, error) {
	var r Recommendation
	var pub sql.NullTime
	err := sc.Scan(&r.ID, &r.SpaceID, &r.SpaceSlug, &r.SpaceName, &r.Title, &r.Summary, &r.Proposal, &r.Level, &r.Refs, &r.Publication,
		&r.Revision, &pub, &r.CreatedBy, &r.Version, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return nil, err
	}
	r.PublishedAt = timePtr(pub)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, nil
}

func recByID(ctx context.Context, q store.Querier, id int64, scope string, args []any) (*Recommendation, error) {
	r, err := scanRec(q.QueryRowContext(ctx, `SELECT `+recColumns+recFrom+` WHERE r.id = ? AND `+scope, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	err = each(ctx, q, `SELECT kind, code FROM recommendation_topics WHERE recommendation_id = ?`, []any{id}, func(sc scanner) error {
		var kind, code string
		if err := sc.Scan(&kind, &code); err != nil {
			return err
		}
		if kind == string(topics.Right) {
			r.Rights = append(r.Rights, code)
		} else {
			r.SDGs = append(r.SDGs, code)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.Rights, r.SDGs = ordered(topics.Right, r.Rights), ordered(topics.SDG, r.SDGs)
	err = each(ctx, q, `SELECT need_id FROM recommendation_needs WHERE recommendation_id = ? ORDER BY need_id`, []any{id}, func(sc scanner) error {
		var n int64
		err := sc.Scan(&n)
		r.NeedIDs = append(r.NeedIDs, n)
		return err
	})
	return r, err
}

// Recommendation returns one recommendation the actor may read, with its
// rights, SDGs and the needs it answers; ENOTFOUND otherwise.
func (s *Service) Recommendation(ctx context.Context, id int64) (*Recommendation, error) {
	scope, args := recScope(birlik.ActorFrom(ctx))
	return recByID(ctx, s.DB, id, scope, args)
}

// MayEditRec reports whether the actor in ctx may edit and publish r.
func (s *Service) MayEditRec(ctx context.Context, r *Recommendation) bool {
	return s.MayDraft(ctx, r.SpaceID)
}

// RecFilter narrows a list of recommendations. Zero fields do not filter.
type RecFilter struct {
	SpaceID     int64
	NeedID      int64 // those answering this need
	Query       string
	Level       Level
	Right       string
	Publication Publication
	Published   bool // members or public only
	Page        int
	PerPage     int
}

// Recommendations returns a page of the recommendations the actor may
// read that match f, latest first, and how many match in all.
func (s *Service) Recommendations(ctx context.Context, f RecFilter) ([]Recommendation, int, error) {
	scope, args := recScope(birlik.ActorFrom(ctx))
	where := " WHERE " + scope
	add := func(cond string, v ...any) { where += " AND " + cond; args = append(args, v...) }
	if f.SpaceID != 0 {
		add("r.space_id = ?", f.SpaceID)
	}
	if f.NeedID != 0 {
		add("r.id IN (SELECT x.recommendation_id FROM recommendation_needs x WHERE x.need_id = ?)", f.NeedID)
	}
	if q := birlik.CleanQuery(f.Query, maxQuery); q != "" {
		add(`r.search_text LIKE ? ESCAPE '\'`, locale.LikePattern(q))
	}
	if f.Level != "" {
		add("r.level = ?", string(f.Level))
	}
	if f.Right != "" {
		add("r.id IN (SELECT x.recommendation_id FROM recommendation_topics x WHERE x.kind = 'right' AND x.code = ?)", f.Right)
	}
	if f.Publication != "" {
		add("r.publication = ?", string(f.Publication))
	}
	if f.Published {
		add("r.publication <> 'draft'")
	}
	limit, offset := limits(f.Page, f.PerPage)
	var out []Recommendation
	err := each(ctx, s.DB, `SELECT `+recColumns+recFrom+where+` ORDER BY COALESCE(r.published_at, r.created_at) DESC, r.id DESC LIMIT ? OFFSET ?`,
		append(slices.Clone(args), limit, offset), func(sc scanner) error {
			r, err := scanRec(sc)
			if err == nil {
				out = append(out, *r)
			}
			return err
		})
	if err != nil {
		return nil, 0, err
	}
	total := offset + len(out)
	if len(out) == limit || (len(out) == 0 && offset > 0) {
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*)`+recFrom+where, args...).Scan(&total); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// validateRec normalises r in place and lists every problem.
func validateRec(r *Recommendation, v *birlik.Invalid) {
	text(v, "title", &r.Title, true, maxTitle, false)
	text(v, "summary", &r.Summary, true, maxText, true)
	text(v, "proposal", &r.Proposal, false, maxText, true)
	text(v, "refs", &r.Refs, false, maxRefs, true)
	if !slices.Contains(Levels, r.Level) {
		v.Add("level", "error.needs.choose")
	}
	r.Rights = codes(v, "rights", topics.Right, r.Rights)
	r.SDGs = codes(v, "sdgs", topics.SDG, r.SDGs)
	slices.Sort(r.NeedIDs)
	r.NeedIDs = slices.Compact(r.NeedIDs)
	if len(r.NeedIDs) > maxNeedsPerRec {
		v.Add("needs", "error.needs.too_many")
	}
}

// checkNeeds records a problem when a need to answer is not one of the
// space's needs the actor may read.
func checkNeeds(ctx context.Context, q store.Querier, a birlik.Actor, spaceID int64, ids []int64, v *birlik.Invalid) error {
	scope, args, err := readScope(a)
	if err != nil {
		return err
	}
	for _, id := range ids {
		var sp int64
		err := q.QueryRowContext(ctx, `SELECT n.space_id FROM needs n JOIN spaces s ON s.id = n.space_id WHERE n.id = ? AND `+scope,
			append([]any{id}, args...)...).Scan(&sp)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && sp != spaceID) {
			v.Add("needs", "error.needs.need_unknown")
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

type recAudit struct {
	ID          int64       `json:"id"`
	SpaceID     int64       `json:"space_id"`
	Title       string      `json:"title"`
	Summary     string      `json:"summary"`
	Proposal    string      `json:"proposal"`
	Level       Level       `json:"level"`
	Refs        string      `json:"refs"`
	Rights      []string    `json:"rights"`
	SDGs        []string    `json:"sdgs"`
	NeedIDs     []int64     `json:"needs"`
	Publication Publication `json:"publication"`
	Revision    int         `json:"revision"`
	Version     int         `json:"version"`
}

func recAuditOf(r *Recommendation) recAudit {
	return recAudit{r.ID, r.SpaceID, r.Title, r.Summary, r.Proposal, r.Level, r.Refs, r.Rights, r.SDGs, r.NeedIDs, r.Publication, r.Revision, r.Version}
}

// CreateRecommendation drafts a recommendation in a space: union staff
// and the space's experts only (others EFORBIDDEN; a space the actor may
// not read is ENOTFOUND). The needs it answers must be the space's.
// It is stored as a draft, version 1; Publish makes it readable.
func (s *Service) CreateRecommendation(ctx context.Context, r *Recommendation) error {
	a := birlik.ActorFrom(ctx)
	if !a.Signed() {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if ok, err := spaceReadable(ctx, tx, a, r.SpaceID); err != nil {
		return err
	} else if !ok {
		return notFound()
	}
	if ok, err := mayDraft(ctx, tx, a, r.SpaceID); err != nil {
		return err
	} else if !ok {
		return forbidden()
	}
	var v birlik.Invalid
	validateRec(r, &v)
	if err := checkNeeds(ctx, tx, a, r.SpaceID, r.NeedIDs, &v); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO recommendations (space_id, title, summary, proposal, level, refs, publication, revision,
		search_text, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', 1, ?, ?, 1, ?, ?) RETURNING id`,
		r.SpaceID, r.Title, r.Summary, r.Proposal, string(r.Level), r.Refs, locale.Fold(r.Title), by, now, now).Scan(&r.ID)
	if err != nil {
		return err
	}
	r.Publication, r.Revision, r.Version = Draft, 1, 1
	if err := writeRecLinks(ctx, tx, r); err != nil {
		return err
	}
	if err := writeVersion(ctx, tx, r, now); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "recommendation", idString(r.ID), "", nil, recAuditOf(r)); err != nil {
		return err
	}
	stored, err := recByID(ctx, tx, r.ID, "1 = 1", nil)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*r = *stored
	return nil
}

func writeRecLinks(ctx context.Context, tx *store.Tx, r *Recommendation) error {
	for _, q := range []string{`DELETE FROM recommendation_topics WHERE recommendation_id = ?`, `DELETE FROM recommendation_needs WHERE recommendation_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, r.ID); err != nil {
			return err
		}
	}
	for _, set := range []struct {
		kind  topics.Kind
		codes []string
	}{{topics.Right, r.Rights}, {topics.SDG, r.SDGs}} {
		for _, c := range set.codes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_topics (recommendation_id, kind, code) VALUES (?, ?, ?)`, r.ID, string(set.kind), c); err != nil {
				return err
			}
		}
	}
	for _, n := range r.NeedIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_needs (recommendation_id, need_id) VALUES (?, ?)`, r.ID, n); err != nil {
			return err
		}
	}
	return nil
}

// writeVersion stores r's content as its current revision (replacing
// that revision's copy while it is a draft).
func writeVersion(ctx context.Context, tx *store.Tx, r *Recommendation, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recommendation_versions WHERE recommendation_id = ? AND revision = ?`, r.ID, r.Revision); err != nil {
		return err
	}
	by := birlik.ActorFrom(ctx).Email
	_, err := tx.ExecContext(ctx, `INSERT INTO recommendation_versions (recommendation_id, revision, title, summary, proposal, level, refs,
		rights, sdgs, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.Revision, r.Title, r.Summary, r.Proposal,
		string(r.Level), r.Refs, joinCodes(r.Rights), joinCodes(r.SDGs), by, now)
	return err
}

// UpdateRecommendation stores changes to a recommendation (staff and the
// space's experts). r.Version must be the version the change was made
// from, else ECONFLICT. A draft is changed in place; a change to a
// published recommendation makes a new version, the old one staying
// readable (Versions). Needs newly linked to a published one are
// answered at once.
func (s *Service) UpdateRecommendation(ctx context.Context, r *Recommendation) error {
	a := birlik.ActorFrom(ctx)
	scope, args := recScope(a)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := recByID(ctx, tx, r.ID, scope, args)
	if err != nil {
		return err
	}
	if ok, err := mayDraft(ctx, tx, a, old.SpaceID); err != nil {
		return err
	} else if !ok {
		return forbidden()
	}
	if r.Version != old.Version {
		return conflict()
	}
	next := *old
	next.Title, next.Summary, next.Proposal, next.Level, next.Refs = r.Title, r.Summary, r.Proposal, r.Level, r.Refs
	next.Rights, next.SDGs, next.NeedIDs = r.Rights, r.SDGs, r.NeedIDs
	var v birlik.Invalid
	validateRec(&next, &v)
	if err := checkNeeds(ctx, tx, a, old.SpaceID, next.NeedIDs, &v); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	if next.Title == old.Title && next.Summary == old.Summary && next.Proposal == old.Proposal && next.Level == old.Level &&
		next.Refs == old.Refs && slices.Equal(next.Rights, old.Rights) && slices.Equal(next.SDGs, old.SDGs) && slices.Equal(next.NeedIDs, old.NeedIDs) {
		*r = *old
		return nil
	}
	now := s.now()
	if old.Publication != Draft {
		next.Revision = old.Revision + 1
	}
	res, err := tx.ExecContext(ctx, `UPDATE recommendations SET title = ?, summary = ?, proposal = ?, level = ?, refs = ?, revision = ?,
		search_text = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, next.Title, next.Summary, next.Proposal,
		string(next.Level), next.Refs, next.Revision, locale.Fold(next.Title), now, old.ID, old.Version)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return conflict()
	}
	next.Version = old.Version + 1
	if err := writeRecLinks(ctx, tx, &next); err != nil {
		return err
	}
	if err := writeVersion(ctx, tx, &next, now); err != nil {
		return err
	}
	if old.Publication != Draft {
		if err := answer(ctx, tx, old.ID, next.NeedIDs, now); err != nil {
			return err
		}
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "recommendation", idString(old.ID), "", recAuditOf(old), recAuditOf(&next)); err != nil {
		return err
	}
	stored, err := recByID(ctx, tx, old.ID, "1 = 1", nil)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*r = *stored
	return nil
}

// Publish makes a recommendation readable by members (Members) or by
// everyone who may read its space (Public); staff and the space's experts
// only. The first publication answers the open needs it answers (timed,
// in their history). version guards against a stale page (0 skips).
func (s *Service) Publish(ctx context.Context, id int64, pub Publication, version int) error {
	a := birlik.ActorFrom(ctx)
	scope, args := recScope(a)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := recByID(ctx, tx, id, scope, args)
	if err != nil {
		return err
	}
	if ok, err := mayDraft(ctx, tx, a, old.SpaceID); err != nil {
		return err
	} else if !ok {
		return forbidden()
	}
	if pub != Members && pub != Public {
		return &birlik.Error{Code: birlik.EINVALID, Message: "error.form_invalid", Fields: map[string]string{"publication": "error.needs.choose"}}
	}
	if version != 0 && version != old.Version {
		return conflict()
	}
	if old.Publication == pub {
		return nil
	}
	now := s.now()
	published := old.PublishedAt
	if published == nil {
		published = &now
	}
	if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET publication = ?, published_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		string(pub), *published, now, id); err != nil {
		return err
	}
	if err := answer(ctx, tx, id, old.NeedIDs, now); err != nil {
		return err
	}
	next := *old
	next.Publication, next.Version = pub, old.Version+1
	if err := audit.Write(ctx, tx, now, audit.Update, "recommendation", idString(id), "", recAuditOf(old), recAuditOf(&next)); err != nil {
		return err
	}
	return tx.Commit()
}

// Versions returns the kept versions of a recommendation the actor may
// read, newest first.
func (s *Service) Versions(ctx context.Context, id int64) ([]RecVersion, error) {
	if _, err := s.Recommendation(ctx, id); err != nil {
		return nil, err
	}
	var out []RecVersion
	err := each(ctx, s.DB, `SELECT recommendation_id, revision, title, summary, proposal, level, refs, rights, sdgs, created_by, created_at
		FROM recommendation_versions WHERE recommendation_id = ? ORDER BY revision DESC`, []any{id}, func(sc scanner) error {
		var v RecVersion
		var rights, sdgs string
		if err := sc.Scan(&v.RecommendationID, &v.Revision, &v.Title, &v.Summary, &v.Proposal, &v.Level, &v.Refs, &rights, &sdgs, &v.CreatedBy, &v.CreatedAt); err != nil {
			return err
		}
		v.Rights, v.SDGs, v.CreatedAt = splitCodes(rights), splitCodes(sdgs), v.CreatedAt.UTC()
		out = append(out, v)
		return nil
	})
	return out, err
}

// Version returns one kept version; ENOTFOUND when there is none.
func (s *Service) Version(ctx context.Context, id int64, revision int) (*RecVersion, error) {
	vs, err := s.Versions(ctx, id)
	if err != nil {
		return nil, err
	}
	for i := range vs {
		if vs[i].Revision == revision {
			return &vs[i], nil
		}
	}
	return nil, notFound()
}

// publishedForReach reads a published recommendation the actor may read,
// for endorsing and reporting: a draft is ECONFLICT.
func publishedForReach(ctx context.Context, q store.Querier, a birlik.Actor, id int64) (*Recommendation, error) {
	scope, args := recScope(a)
	r, err := recByID(ctx, q, id, scope, args)
	if err != nil {
		return nil, err
	}
	if r.Publication == Draft {
		return nil, birlik.Errorf(birlik.ECONFLICT, "error.needs.rec_draft")
	}
	return r, nil
}

// Endorse records that a municipality endorses a published
// recommendation: a focal point for their own municipality (org empty or
// theirs), staff for any. Twice is ECONFLICT.
func (s *Service) Endorse(ctx context.Context, id int64, org, note string) error {
	a := birlik.ActorFrom(ctx)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := publishedForReach(ctx, tx, a, id); err != nil {
		return err
	}
	var v birlik.Invalid
	if org, err = checkOrg(ctx, tx, a, org, &v); err != nil {
		return err
	}
	text(&v, "note", &note, false, maxNote, true)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO recommendation_endorsements (recommendation_id, org_id, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		id, org, note, by, now)
	if store.IsUniqueViolation(err) {
		return birlik.Errorf(birlik.ECONFLICT, "error.needs.endorsed_already")
	}
	if err != nil {
		return err
	}
	after := map[string]any{"recommendation_id": id, "org_id": org, "note": note}
	if err := audit.Write(ctx, tx, now, audit.Create, "recommendation_endorsement", idString(id)+"/"+org, org, nil, after); err != nil {
		return err
	}
	return tx.Commit()
}

// ReportAdoption records what a municipality did with a published
// recommendation (adopted, in progress, not applicable) on a date
// (YYYY-MM-DD), with a note; a later report replaces the earlier one (the
// audit log keeps both). Who may: as for Endorse.
func (s *Service) ReportAdoption(ctx context.Context, id int64, org string, status AdoptionStatus, on, note string) error {
	a := birlik.ActorFrom(ctx)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := publishedForReach(ctx, tx, a, id); err != nil {
		return err
	}
	var v birlik.Invalid
	if org, err = checkOrg(ctx, tx, a, org, &v); err != nil {
		return err
	}
	if !slices.Contains(AdoptionStatuses, status) {
		v.Add("status", "error.needs.choose")
	}
	on = strings.TrimSpace(on)
	switch {
	case on == "":
		v.Add("on", "error.needs.required")
	case !validDate(on):
		v.Add("on", "error.needs.date_invalid")
	case on > s.now().Format(time.DateOnly):
		v.Add("on", "error.needs.date_future")
	}
	text(&v, "note", &note, false, maxNote, true)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	var before any
	var old Adoption
	err = tx.QueryRowContext(ctx, `SELECT status, on_date, note FROM recommendation_adoptions WHERE recommendation_id = ? AND org_id = ?`, id, org).
		Scan(&old.Status, &old.On, &old.Note)
	switch {
	case err == nil:
		before = map[string]any{"status": old.Status, "on": old.On, "note": old.Note}
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_adoptions (recommendation_id, org_id, status, on_date, note, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (recommendation_id, org_id) DO UPDATE SET status = excluded.status, on_date = excluded.on_date,
		note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at`, id, org, string(status), on, note, by, now); err != nil {
		return err
	}
	after := map[string]any{"recommendation_id": id, "org_id": org, "status": status, "on": on, "note": note}
	action := audit.Create
	if before != nil {
		action = audit.Update
	}
	if err := audit.Write(ctx, tx, now, action, "recommendation_adoption", idString(id)+"/"+org, org, before, after); err != nil {
		return err
	}
	return tx.Commit()
}

// Endorsements lists the municipalities that endorse a recommendation.
func (s *Service) Endorsements(ctx context.Context, id int64) ([]Endorsement, error) {
	if _, err := s.Recommendation(ctx, id); err != nil {
		return nil, err
	}
	var out []Endorsement
	err := each(ctx, s.DB, `SELECT e.org_id, COALESCE(o.name, ''), e.note, e.created_at FROM recommendation_endorsements e
		LEFT JOIN organisations o ON o.id = e.org_id WHERE e.recommendation_id = ? ORDER BY o.sort_key, e.org_id`, []any{id}, func(sc scanner) error {
		var e Endorsement
		err := sc.Scan(&e.OrgID, &e.OrgName, &e.Note, &e.CreatedAt)
		out = append(out, e)
		return err
	})
	return out, err
}

// Adoptions lists the municipalities' latest adoption reports.
func (s *Service) Adoptions(ctx context.Context, id int64) ([]Adoption, error) {
	if _, err := s.Recommendation(ctx, id); err != nil {
		return nil, err
	}
	var out []Adoption
	err := each(ctx, s.DB, `SELECT x.org_id, COALESCE(o.name, ''), x.status, x.on_date, x.note, x.updated_at FROM recommendation_adoptions x
		LEFT JOIN organisations o ON o.id = x.org_id WHERE x.recommendation_id = ? ORDER BY o.sort_key, x.org_id`, []any{id}, func(sc scanner) error {
		var x Adoption
		err := sc.Scan(&x.OrgID, &x.OrgName, &x.Status, &x.On, &x.Note, &x.UpdatedAt)
		out = append(out, x)
		return err
	})
	return out, err
}

// Reach counts a recommendation's endorsements, adoption reports by
// status, and the organisations that did either, each once.
func (s *Service) Reach(ctx context.Context, id int64) (*Reach, error) {
	if _, err := s.Recommendation(ctx, id); err != nil {
		return nil, err
	}
	r := &Reach{}
	err := s.DB.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM recommendation_endorsements WHERE recommendation_id = ?),
		(SELECT COUNT(*) FROM recommendation_adoptions WHERE recommendation_id = ? AND status = 'adopted'),
		(SELECT COUNT(*) FROM recommendation_adoptions WHERE recommendation_id = ? AND status = 'in_progress'),
		(SELECT COUNT(*) FROM recommendation_adoptions WHERE recommendation_id = ? AND status = 'not_applicable'),
		(SELECT COUNT(*) FROM (SELECT org_id FROM recommendation_endorsements WHERE recommendation_id = ?
			UNION SELECT org_id FROM recommendation_adoptions WHERE recommendation_id = ?) x)`, id, id, id, id, id, id).
		Scan(&r.Endorsements, &r.Adopted, &r.InProgress, &r.NotApplicable, &r.Organisations)
	return r, err
}

// OrgStatus is what an organisation has said of a recommendation: for
// pages to show "endorsed" and the current report instead of the forms.
type OrgStatus struct {
	Endorsed bool
	Adoption *Adoption
}

// StatusOf returns what org has said of the recommendation id.
func (s *Service) StatusOf(ctx context.Context, id int64, org string) (*OrgStatus, error) {
	if _, err := s.Recommendation(ctx, id); err != nil {
		return nil, err
	}
	st := &OrgStatus{}
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM recommendation_endorsements WHERE recommendation_id = ? AND org_id = ?`, id, org).Scan(&n); err != nil {
		return nil, err
	}
	st.Endorsed = n > 0
	var x Adoption
	err := s.DB.QueryRowContext(ctx, `SELECT org_id, status, on_date, note, updated_at FROM recommendation_adoptions WHERE recommendation_id = ? AND org_id = ?`, id, org).
		Scan(&x.OrgID, &x.Status, &x.On, &x.Note, &x.UpdatedAt)
	switch {
	case err == nil:
		st.Adoption = &x
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	return st, nil
}
