package practices

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/notify"
	"birlik/spaces"
	"birlik/store"
	"birlik/topics"
)

func notFound() error  { return birlik.Errorf(birlik.ENOTFOUND, "error.not_found") }
func forbidden() error { return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden") }
func conflict() error  { return birlik.Errorf(birlik.ECONFLICT, "error.conflict") }

// readCond returns the condition on practices (aliased p) the actor may
// read, with its arguments: published practices in spaces they may read,
// and, for union staff and a municipality's focal points, its drafts.
func readCond(a birlik.Actor) (string, []any) {
	if a.System || a.Staff() {
		return "1 = 1", nil
	}
	cond, args := "p.status = 'published'", []any(nil)
	if a.Scoped() && a.OrgID != "" {
		cond, args = "(p.status = 'published' OR p.org_id = ?)", []any{a.OrgID}
	}
	vis, vargs := spaces.VisibleSQL(a, "s")
	return cond + " AND (p.space_id IS NULL OR p.space_id IN (SELECT s.id FROM spaces s WHERE " + vis + "))", append(args, vargs...)
}

// publishedCond is readCond for lists and search: published practices
// only.
func publishedCond(a birlik.Actor) (string, []any) {
	if a.System || a.Staff() {
		return "p.status = 'published'", nil
	}
	vis, args := spaces.VisibleSQL(a, "s")
	return "p.status = 'published' AND (p.space_id IS NULL OR p.space_id IN (SELECT s.id FROM spaces s WHERE " + vis + "))", args
}

// mayWrite reports whether the actor may share and change practices of
// the organisation: union staff for any, a focal point for their own.
func mayWrite(a birlik.Actor, orgID string) bool {
	return a.ActsFor(orgID)
}

// MayShare reports whether the actor may share practices at all (the
// "share a practice" button).
func MayShare(a birlik.Actor) bool { return a.System || a.Staff() || (a.Scoped() && a.OrgID != "") }

// MayEdit reports whether the actor may change p.
func MayEdit(a birlik.Actor, p *Practice) bool { return mayWrite(a, p.OrgID) }

const practiceColumns = `p.id, p.org_id, COALESCE(o.name, ''), COALESCE(p.province_id, ''), COALESCE(pl.name, ''),
	COALESCE(p.space_id, 0), COALESCE(sp.slug, ''), p.lang, p.status, p.title, p.problem, p.action, p.results,
	p.people_reached, COALESCE(p.period_start, ''), COALESCE(p.period_end, ''), p.cost_amount, p.cost_currency,
	COALESCE(p.contact_person_id, 0), COALESCE(pe.given_name || ' ' || pe.family_name, ''), p.contact_text,
	p.theme_bits, p.group_bits, p.right_bits, p.sdg_bits, COALESCE(p.created_by, 0), p.published_at,
	p.version, p.created_at, p.updated_at`

const practiceFrom = ` FROM practices p
	LEFT JOIN organisations o ON o.id = p.org_id
	LEFT JOIN places pl ON pl.id = p.province_id
	LEFT JOIN spaces sp ON sp.id = p.space_id
	LEFT JOIN people pe ON pe.id = p.contact_person_id`

func scanPractice(sc interface{ Scan(...any) error }) (*Practice, error) {
	var p Practice
	var reached, cost sql.NullInt64
	var published sql.NullTime
	var tb tags
	err := sc.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.Province, &p.ProvinceName, &p.SpaceID, &p.SpaceSlug, &p.Lang, &p.Status,
		&p.Title, &p.Problem, &p.Action, &p.Results, &reached, &p.PeriodStart, &p.PeriodEnd, &cost, &p.CostCurrency,
		&p.ContactPersonID, &p.ContactName, &p.ContactText, &tb.themes, &tb.groups, &tb.rights, &tb.sdgs, &p.CreatedBy,
		&published, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if reached.Valid {
		p.PeopleReached = &reached.Int64
	}
	if cost.Valid {
		p.CostAmount = &cost.Int64
	}
	if published.Valid {
		p.PublishedAt = published.Time
	}
	p.Themes, p.Groups = tagCodes(topics.Theme, tb.themes), tagCodes(topics.Group, tb.groups)
	p.Rights, p.SDGs = tagCodes(topics.Right, tb.rights), tagCodes(topics.SDG, tb.sdgs)
	return &p, nil
}

func byID(ctx context.Context, q store.Querier, id int64, cond string, args []any) (*Practice, error) {
	p, err := scanPractice(q.QueryRowContext(ctx, `SELECT `+practiceColumns+practiceFrom+` WHERE p.id = ? AND `+cond,
		append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return p, err
}

// Practice returns one practice the actor in ctx may read; ENOTFOUND
// when there is none, or none they may read (a draft of another
// municipality, a practice in a private space they are not in).
func (s *Service) Practice(ctx context.Context, id int64) (*Practice, error) {
	cond, args := readCond(birlik.ActorFrom(ctx))
	return byID(ctx, s.DB, id, cond, args)
}

// MayRead returns nil when the actor in ctx may read practice id, and
// ENOTFOUND otherwise: the documents attached to a practice are read
// by those who may read the practice.
func (s *Service) MayRead(ctx context.Context, id int64) error {
	cond, args := readCond(birlik.ActorFrom(ctx))
	var one int
	err := s.DB.QueryRowContext(ctx, `SELECT 1 FROM practices p WHERE p.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound()
	}
	return err
}

// MayChange returns nil when the actor in ctx may change practice id
// (and attach documents to it), ENOTFOUND when they may not read it and
// EFORBIDDEN when they may read but not change it.
func (s *Service) MayChange(ctx context.Context, id int64) error {
	p, err := s.Practice(ctx, id)
	if err != nil {
		return err
	}
	if !MayEdit(birlik.ActorFrom(ctx), p) {
		return forbidden()
	}
	return nil
}

// practiceAudit is what the audit log keeps of a practice.
type practiceAudit struct {
	ID              int64    `json:"id"`
	OrgID           string   `json:"org_id"`
	SpaceID         int64    `json:"space_id,omitempty"`
	Lang            string   `json:"lang"`
	Status          Status   `json:"status"`
	Title           string   `json:"title"`
	Problem         string   `json:"problem"`
	Action          string   `json:"action"`
	Results         string   `json:"results"`
	PeopleReached   *int64   `json:"people_reached"`
	PeriodStart     string   `json:"period_start"`
	PeriodEnd       string   `json:"period_end"`
	CostAmount      *int64   `json:"cost_amount"`
	CostCurrency    string   `json:"cost_currency"`
	ContactPersonID int64    `json:"contact_person_id,omitempty"`
	ContactText     string   `json:"contact_text"`
	Themes          []string `json:"themes"`
	Groups          []string `json:"groups"`
	Rights          []string `json:"rights"`
	SDGs            []string `json:"sdgs"`
	Version         int      `json:"version"`
}

func auditOf(p *Practice) practiceAudit {
	return practiceAudit{p.ID, p.OrgID, p.SpaceID, p.Lang, p.Status, p.Title, p.Problem, p.Action, p.Results, p.PeopleReached,
		p.PeriodStart, p.PeriodEnd, p.CostAmount, p.CostCurrency, p.ContactPersonID, p.ContactText, p.Themes, p.Groups, p.Rights, p.SDGs, p.Version}
}

// checkRefs checks the organisation is a municipality, the space one the
// actor may read and the contact person one of the organisation's; it
// fills in the
// organisation's name and province, which the search terms include.
func checkRefs(ctx context.Context, q store.Querier, p *Practice) error {
	var v birlik.Invalid
	var kind string
	err := q.QueryRowContext(ctx, `SELECT o.kind, o.name, COALESCE(o.province_id, ''), COALESCE(pl.name, '')
		FROM organisations o LEFT JOIN places pl ON pl.id = o.province_id WHERE o.id = ?`, p.OrgID).
		Scan(&kind, &p.OrgName, &p.Province, &p.ProvinceName)
	switch {
	case errors.Is(err, sql.ErrNoRows) || err == nil && kind != "municipality":
		v.Add("org_id", "error.practices.org_invalid")
	case err != nil:
		return err
	}
	if p.SpaceID != 0 {
		vis, args := spaces.VisibleSQL(birlik.ActorFrom(ctx), "s")
		err := q.QueryRowContext(ctx, `SELECT s.slug FROM spaces s WHERE s.id = ? AND `+vis, append([]any{p.SpaceID}, args...)...).Scan(&p.SpaceSlug)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			v.Add("space_id", "error.practices.space_invalid")
		case err != nil:
			return err
		}
	}
	if p.ContactPersonID != 0 {
		// The contact works for the municipality: a practice must not
		// publish the name of someone of another.
		var one int
		err := q.QueryRowContext(ctx, `SELECT 1 FROM affiliations WHERE person_id = ? AND org_id = ? AND ended IS NULL LIMIT 1`,
			p.ContactPersonID, p.OrgID).Scan(&one)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			v.Add("contact_person_id", "error.practices.person_invalid")
		case err != nil:
			return err
		}
	}
	return v.Err()
}

const insertSQL = `INSERT INTO practices (org_id, province_id, space_id, lang, status, title, problem, action, results,
	people_reached, period_start, period_end, cost_amount, cost_currency, contact_person_id, contact_text,
	theme_bits, group_bits, right_bits, sdg_bits, search_title, search_body, created_by, published_at, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`

func insertArgs(p *Practice, now time.Time) []any {
	t := tagsOf(p)
	var published any
	if p.Status == Published {
		published = p.PublishedAt
	}
	return []any{p.OrgID, store.Null(p.Province), store.Null(p.SpaceID), p.Lang, string(p.Status), p.Title, p.Problem, p.Action, p.Results,
		p.PeopleReached, store.Null(p.PeriodStart), store.Null(p.PeriodEnd), p.CostAmount, p.CostCurrency, store.Null(p.ContactPersonID), p.ContactText,
		t.themes, t.groups, t.rights, t.sdgs, searchTitle(p), searchBody(p), store.Null(p.CreatedBy), published, now, now}
}

// Create shares a new practice, as a draft unless p.Status is Published.
// Union staff share for any municipality; a focal point for their own
// (p.OrgID is theirs whatever was asked). It returns EFORBIDDEN to anyone
// else and EINVALID with every problem. On success p holds the stored
// practice.
func (s *Service) Create(ctx context.Context, p *Practice) error {
	a := birlik.ActorFrom(ctx)
	if a.Scoped() {
		p.OrgID = a.OrgID
	}
	if !mayWrite(a, p.OrgID) || !MayShare(a) {
		return forbidden()
	}
	if p.Status != Published {
		p.Status = Draft
	}
	err := validate(p)
	tx, txErr := s.DB.Begin(ctx)
	if txErr != nil {
		return txErr
	}
	defer tx.Rollback()
	if refErr := checkRefs(ctx, tx, p); refErr != nil {
		var e *birlik.Error
		if !errors.As(refErr, &e) {
			return refErr
		}
		err = mergeInvalid(err, refErr)
	}
	if err != nil {
		return err
	}
	now := s.now()
	p.CreatedBy = a.UserID
	if p.Status == Published {
		p.PublishedAt = now
	}
	if err := tx.QueryRowContext(ctx, insertSQL, insertArgs(p, now)...).Scan(&p.ID); err != nil {
		return err
	}
	stored, err := byID(ctx, tx, p.ID, "1 = 1", nil)
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "practice", strconv.FormatInt(p.ID, 10), p.OrgID, nil, auditOf(stored)); err != nil {
		return err
	}
	if err := s.published(ctx, tx, stored); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*p = *stored
	return nil
}

// mergeInvalid joins the field errors of two EINVALID errors (either may
// be nil).
func mergeInvalid(a, b error) error {
	var v birlik.Invalid
	for _, err := range []error{a, b} {
		for f, k := range birlik.FieldErrors(err) {
			v.Add(f, k)
		}
	}
	return v.Err()
}

const updateSQL = `UPDATE practices SET province_id = ?, space_id = ?, lang = ?, title = ?, problem = ?, action = ?, results = ?,
	people_reached = ?, period_start = ?, period_end = ?, cost_amount = ?, cost_currency = ?, contact_person_id = ?, contact_text = ?,
	theme_bits = ?, group_bits = ?, right_bits = ?, sdg_bits = ?, search_title = ?, search_body = ?,
	version = version + 1, updated_at = ?
	WHERE id = ? AND version = ?`

// Update stores changes to a practice. p.Version must be the version the
// change was made from: a stale form gets ECONFLICT. The municipality and
// the status are not changed here (see Publish). It returns ENOTFOUND for
// a practice the actor may not read, EFORBIDDEN for one they may read but
// not change, EINVALID with every problem. On success p holds the stored
// practice.
func (s *Service) Update(ctx context.Context, p *Practice) error {
	a := birlik.ActorFrom(ctx)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cond, args := readCond(a)
	old, err := byID(ctx, tx, p.ID, cond, args)
	if err != nil {
		return err
	}
	if !mayWrite(a, old.OrgID) {
		return forbidden()
	}
	if p.Version != old.Version {
		return conflict()
	}
	next := *p
	next.OrgID, next.Status, next.PublishedAt, next.CreatedBy = old.OrgID, old.Status, old.PublishedAt, old.CreatedBy
	err = validate(&next)
	if refErr := checkRefs(ctx, tx, &next); refErr != nil {
		var e *birlik.Error
		if !errors.As(refErr, &e) {
			return refErr
		}
		err = mergeInvalid(err, refErr)
	}
	if err != nil {
		return err
	}
	now := s.now()
	t := tagsOf(&next)
	res, err := tx.ExecContext(ctx, updateSQL, store.Null(next.Province), store.Null(next.SpaceID), next.Lang, next.Title, next.Problem,
		next.Action, next.Results, next.PeopleReached, store.Null(next.PeriodStart), store.Null(next.PeriodEnd), next.CostAmount,
		next.CostCurrency, store.Null(next.ContactPersonID), next.ContactText, t.themes, t.groups, t.rights, t.sdgs,
		searchTitle(&next), searchBody(&next), now, old.ID, old.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict()
	}
	stored, err := byID(ctx, tx, old.ID, "1 = 1", nil)
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "practice", strconv.FormatInt(old.ID, 10), old.OrgID, auditOf(old), auditOf(stored)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*p = *stored
	return nil
}

// Publish makes a draft public (to those who may read its space), from
// the version the actor saw; ECONFLICT when it changed since, and as
// Update for the rest. Publishing a published practice changes nothing.
func (s *Service) Publish(ctx context.Context, id int64, version int) (*Practice, error) {
	a := birlik.ActorFrom(ctx)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	cond, args := readCond(a)
	old, err := byID(ctx, tx, id, cond, args)
	if err != nil {
		return nil, err
	}
	if !mayWrite(a, old.OrgID) {
		return nil, forbidden()
	}
	if old.Status == Published {
		return old, nil
	}
	if version != old.Version {
		return nil, conflict()
	}
	now := s.now()
	next := *old
	next.Status = Published
	res, err := tx.ExecContext(ctx, `UPDATE practices SET status = 'published', published_at = ?, search_title = ?, search_body = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, now, searchTitle(&next), searchBody(&next), now, id, old.Version)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict()
	}
	stored, err := byID(ctx, tx, id, "1 = 1", nil)
	if err != nil {
		return nil, err
	}
	if err := audit.Write(ctx, tx, now, "publish", "practice", strconv.FormatInt(id, 10), old.OrgID, auditOf(old), auditOf(stored)); err != nil {
		return nil, err
	}
	if err := s.published(ctx, tx, stored); err != nil {
		return nil, err
	}
	return stored, tx.Commit()
}

// EventPublished is the kind of the notification event of a practice
// published; its sentence is the catalogue key practices.event.published
// (title, org).
const EventPublished = "practice.published"

// published tells the followers of p's space, when Notify is set and p
// is published.
func (s *Service) published(ctx context.Context, tx *store.Tx, p *Practice) error {
	if s.Notify == nil || p.Status != Published {
		return nil
	}
	_, err := s.Notify.Publish(ctx, tx, notify.Event{
		Kind: EventPublished, TargetKind: notify.Practice, TargetID: p.ID, SpaceID: p.SpaceID,
		Key: "practices.event.published", Args: map[string]any{"title": p.Title, "org": p.OrgName},
		URL: "/practices/" + strconv.FormatInt(p.ID, 10),
	})
	return err
}

// Import stores many practices in one transaction, as they are (status
// and publication time included), with one audit entry for the batch:
// the demo data and bulk loads. System and union staff only; the
// practices are validated as one by one.
func (s *Service) Import(ctx context.Context, ps []Practice) error {
	a := birlik.ActorFrom(ctx)
	if !a.System && !a.Staff() {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	orgs := map[string]*Practice{}
	st, err := tx.Prepared(ctx, insertSQL)
	if err != nil {
		return err
	}
	now := s.now()
	for i := range ps {
		p := &ps[i]
		if err := validate(p); err != nil {
			return fmt.Errorf("practice %d (%q): %w", i, p.Title, err)
		}
		if p.Status == Published && p.PublishedAt.IsZero() {
			p.PublishedAt = now
		}
		if p.Status != Published {
			p.Status, p.PublishedAt = Draft, time.Time{}
		}
		ref := orgs[p.OrgID]
		if ref == nil {
			ref = &Practice{OrgID: p.OrgID}
			if err := checkRefs(ctx, tx, ref); err != nil {
				return fmt.Errorf("practice %d: %w", i, err)
			}
			orgs[p.OrgID] = ref
		}
		p.OrgName, p.Province, p.ProvinceName = ref.OrgName, ref.Province, ref.ProvinceName
		created := p.CreatedAt
		if created.IsZero() {
			created = now
		}
		args := insertArgs(p, created)
		args[len(args)-1] = now
		if err := st.QueryRowContext(ctx, args...).Scan(&p.ID); err != nil {
			return fmt.Errorf("practice %d: %w", i, err)
		}
	}
	if len(ps) > 0 {
		if err := audit.Write(ctx, tx, now, audit.Import, "practice", strconv.FormatInt(ps[0].ID, 10), "",
			nil, map[string]any{"count": len(ps), "first_id": ps[0].ID, "last_id": ps[len(ps)-1].ID}); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func spacesVisible(a birlik.Actor) (string, []any) { return spaces.VisibleSQL(a, "s") }
