package spaces

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/audit"
	"birlik/locale"
	"birlik/store"
	"birlik/topics"
)

// Field lengths, in characters.
const (
	maxSlug    = 80
	maxName    = 200
	maxPurpose = 5000
	maxQuorum  = 1000
)

// Langs are the languages a space's name and purpose are kept in;
// Turkish, the first, is required.
var Langs = []string{"tr", "en", "fr"}

// reserved are slugs that name pages under /spaces rather than a space.
var reserved = []string{"new"}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func ignoreNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

func text(v *birlik.Invalid, field string, s *string, required bool, max int, multiline bool) {
	t, ok := birlik.CleanText(*s, multiline)
	*s = t
	switch {
	case !ok:
		v.Add(field, "error.spaces.text_invalid")
	case t == "" && required:
		v.Add(field, "error.spaces.required")
	case utf8.RuneCountInString(t) > max:
		v.Add(field, "error.spaces.too_long")
	}
}

// validate normalises sp in place and collects every problem with its
// own fields. Field names are the form's: slug, kind, parent, name_tr,
// name_en, name_fr, purpose_tr, …, visibility, quorum, themes, groups.
func validate(sp *Space, v *birlik.Invalid) {
	if sp.Name == nil {
		sp.Name = map[string]string{}
	}
	if sp.Purpose == nil {
		sp.Purpose = map[string]string{}
	}
	for _, l := range Langs {
		n, p := sp.Name[l], sp.Purpose[l]
		text(v, "name_"+l, &n, l == "tr", maxName, false)
		text(v, "purpose_"+l, &p, false, maxPurpose, true)
		sp.Name[l], sp.Purpose[l] = n, p
	}
	sp.Kind = Kind(strings.TrimSpace(string(sp.Kind)))
	switch sp.Kind {
	case Platform, Committee:
	case WorkingGroup:
		if sp.ParentID == 0 {
			v.Add("parent", "error.spaces.parent_required")
		}
	default:
		v.Add("kind", "error.spaces.kind_invalid")
	}
	if sp.Visibility == "" {
		sp.Visibility = Public
	}
	if sp.Visibility != Public && sp.Visibility != Private {
		v.Add("visibility", "error.spaces.visibility_invalid")
	}
	if sp.Quorum < 0 || sp.Quorum > maxQuorum {
		v.Add("quorum", "error.spaces.quorum_invalid")
	}
	sp.Themes = cleanCodes(v, "themes", topics.Theme, sp.Themes)
	sp.Groups = cleanCodes(v, "groups", topics.Group, sp.Groups)
}

// cleanCodes checks codes against the vocabulary and returns them once
// each, in the vocabulary's order.
func cleanCodes(v *birlik.Invalid, field string, k topics.Kind, codes []string) []string {
	set := map[string]bool{}
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !topics.Valid(k, c) {
			v.Add(field, "error.spaces.topic_invalid")
			continue
		}
		set[c] = true
	}
	return inOrder(k, set)
}

// slugFor returns a free slug for a new space: the one asked for, or one
// made from the Turkish name with -2, -3, … added until it is free.
func slugFor(ctx context.Context, q store.Querier, asked, name string, v *birlik.Invalid) (string, error) {
	asked = strings.TrimSpace(asked)
	if asked != "" {
		if len(asked) > maxSlug || !slugRE.MatchString(asked) || slices.Contains(reserved, asked) {
			v.Add("slug", "error.spaces.slug_invalid")
			return asked, nil
		}
		taken, err := slugTaken(ctx, q, asked)
		if taken {
			v.Add("slug", "error.spaces.slug_taken")
		}
		return asked, err
	}
	base := locale.Slug(name)
	if len(base) > maxSlug-4 {
		base = strings.Trim(base[:maxSlug-4], "-")
	}
	if base == "" || slices.Contains(reserved, base) {
		base = "space"
	}
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug += "-" + strconv.Itoa(i)
		}
		taken, err := slugTaken(ctx, q, slug)
		if err != nil || !taken {
			return slug, err
		}
	}
}

func slugTaken(ctx context.Context, q store.Querier, slug string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM spaces WHERE slug = ?`, slug).Scan(&n)
	return n > 0, err
}

// checkParent records a problem when the parent does not exist (for the
// actor) or when it is the space itself or inside it, which would make a
// cycle.
func checkParent(ctx context.Context, q store.Querier, sp *Space, v *birlik.Invalid) error {
	if sp.ParentID == 0 || v.Has("parent") {
		return nil
	}
	vis, args := VisibleSQL(birlik.ActorFrom(ctx), "s")
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM spaces s WHERE s.id = ? AND `+vis, append([]any{sp.ParentID}, args...)...).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		v.Add("parent", "error.spaces.parent_unknown")
		return nil
	}
	if sp.ID == 0 {
		return nil
	}
	up, err := ancestors(ctx, q, sp.ParentID)
	if err != nil {
		return err
	}
	if slices.Contains(up, sp.ID) {
		v.Add("parent", "error.spaces.parent_cycle")
	}
	return nil
}

// spaceAudit is what the audit log keeps of a space.
type spaceAudit struct {
	ID         int64             `json:"id"`
	Slug       string            `json:"slug"`
	Kind       Kind              `json:"kind"`
	ParentID   int64             `json:"parent_id"`
	Name       map[string]string `json:"name"`
	Purpose    map[string]string `json:"purpose"`
	Visibility Visibility        `json:"visibility"`
	Quorum     int               `json:"quorum"`
	Archived   bool              `json:"archived"`
	Themes     []string          `json:"themes"`
	Groups     []string          `json:"groups"`
	Version    int               `json:"version"`
}

func auditOf(sp *Space) spaceAudit {
	return spaceAudit{sp.ID, sp.Slug, sp.Kind, sp.ParentID, sp.Name, sp.Purpose, sp.Visibility, sp.Quorum, sp.Archived,
		sp.Themes, sp.Groups, sp.Version}
}

// writeTopics replaces the space's themes and groups.
func writeTopics(ctx context.Context, tx *store.Tx, sp *Space) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM space_topics WHERE space_id = ?`, sp.ID); err != nil {
		return err
	}
	for _, kc := range []struct {
		k     topics.Kind
		codes []string
	}{{topics.Theme, sp.Themes}, {topics.Group, sp.Groups}} {
		for _, c := range kc.codes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO space_topics (space_id, kind, code) VALUES (?, ?, ?)`, sp.ID, string(kc.k), c); err != nil {
				return err
			}
		}
	}
	return nil
}

// Create adds a space. Admins may create any; a coordinator only a space
// inside one they coordinate (sp.ParentID set); anyone else gets
// EFORBIDDEN. sp.Slug may be empty: one is made from the Turkish name.
// It returns EINVALID with every field problem (the Turkish name is
// required; a working group needs a parent), and ECONFLICT when the slug
// was taken meanwhile. On success sp holds the stored space.
func (s *Service) Create(ctx context.Context, sp *Space) error {
	a := birlik.ActorFrom(ctx)
	if !a.System && !a.Is(birlik.RoleAdmin, birlik.RoleCoordinator) {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return s.create(ctx, tx, sp, true)
}

func (s *Service) create(ctx context.Context, tx *store.Tx, sp *Space, commit bool) error {
	a := birlik.ActorFrom(ctx)
	if !a.System && !a.Is(birlik.RoleAdmin) {
		if sp.ParentID == 0 {
			return forbidden()
		}
		ok, err := coordinates(ctx, tx, a, sp.ParentID)
		if err != nil {
			return err
		}
		if !ok {
			return forbidden()
		}
	}
	var v birlik.Invalid
	sp.ID = 0
	validate(sp, &v)
	slug, err := slugFor(ctx, tx, sp.Slug, sp.Name["tr"], &v)
	if err != nil {
		return err
	}
	sp.Slug = slug
	if err := checkParent(ctx, tx, sp, &v); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	err = tx.QueryRowContext(ctx, `INSERT INTO spaces (slug, kind, parent_id, name_tr, name_en, name_fr, purpose_tr, purpose_en, purpose_fr,
		visibility, quorum, archived, sort_key, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
		sp.Slug, string(sp.Kind), store.Null(sp.ParentID), sp.Name["tr"], sp.Name["en"], sp.Name["fr"],
		sp.Purpose["tr"], sp.Purpose["en"], sp.Purpose["fr"], string(sp.Visibility), store.Null(int64(sp.Quorum)), sp.Archived,
		locale.SortKey(sp.Name["tr"]), now, now).Scan(&sp.ID)
	if store.IsUniqueViolation(err) {
		return &birlik.Error{Code: birlik.ECONFLICT, Message: "error.spaces.slug_taken", Fields: map[string]string{"slug": "error.spaces.slug_taken"}}
	}
	if err != nil {
		return err
	}
	sp.Version, sp.CreatedAt, sp.UpdatedAt = 1, now, now
	if err := writeTopics(ctx, tx, sp); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "space", idString(sp.ID), "", nil, auditOf(sp)); err != nil {
		return err
	}
	if !commit {
		return nil
	}
	return tx.Commit()
}

// Update stores changes to a space's fields, themes and groups; its slug
// never changes. sp.ID names the space and sp.Version must be the version
// the change was made from, else ECONFLICT. Admins may update every
// space; a coordinator the spaces they coordinate, without moving them
// (sp.ParentID must stay). It returns ENOTFOUND for a space the actor may
// not read, EFORBIDDEN, or EINVALID. On success sp holds the stored
// space.
func (s *Service) Update(ctx context.Context, sp *Space) error {
	a := birlik.ActorFrom(ctx)
	if !a.System && !a.Is(birlik.RoleAdmin, birlik.RoleCoordinator) {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := s.one(ctx, tx, "s.id = ?", sp.ID)
	if err != nil {
		return err
	}
	ok, err := manages(ctx, tx, a, old.ID)
	if err != nil {
		return err
	}
	if !ok {
		return forbidden()
	}
	if sp.Version != old.Version {
		return conflict()
	}
	next := *sp
	next.ID, next.Slug, next.CreatedAt = old.ID, old.Slug, old.CreatedAt
	var v birlik.Invalid
	validate(&next, &v)
	if next.ParentID != old.ParentID && !a.System && !a.Is(birlik.RoleAdmin) {
		v.Add("parent", "error.spaces.parent_admins")
	}
	if err := checkParent(ctx, tx, &next, &v); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	if same(old, &next) {
		*sp = *old
		return nil
	}
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE spaces SET kind = ?, parent_id = ?, name_tr = ?, name_en = ?, name_fr = ?,
		purpose_tr = ?, purpose_en = ?, purpose_fr = ?, visibility = ?, quorum = ?, archived = ?, sort_key = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		string(next.Kind), store.Null(next.ParentID), next.Name["tr"], next.Name["en"], next.Name["fr"],
		next.Purpose["tr"], next.Purpose["en"], next.Purpose["fr"], string(next.Visibility), store.Null(int64(next.Quorum)), next.Archived,
		locale.SortKey(next.Name["tr"]), now, old.ID, old.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict()
	}
	if err := writeTopics(ctx, tx, &next); err != nil {
		return err
	}
	stored, err := s.one(ctx, tx, "s.id = ?", old.ID)
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "space", idString(old.ID), "", auditOf(old), auditOf(stored)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*sp = *stored
	return nil
}

func same(a, b *Space) bool {
	for _, l := range Langs {
		if a.Name[l] != b.Name[l] || a.Purpose[l] != b.Purpose[l] {
			return false
		}
	}
	return a.Kind == b.Kind && a.ParentID == b.ParentID && a.Visibility == b.Visibility && a.Quorum == b.Quorum &&
		a.Archived == b.Archived && slices.Equal(a.Themes, b.Themes) && slices.Equal(a.Groups, b.Groups)
}

// today is the calendar date in Istanbul, where the union works:
// memberships start and end on it when no date is given.
func (s *Service) today() string { return s.Now().In(unionZone).Format(time.DateOnly) }

var unionZone = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Istanbul"); err == nil {
		return l
	}
	return time.FixedZone("TRT", 3*60*60)
}()
