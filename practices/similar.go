package practices

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"birlik"
	"birlik/locale"
)

// Similar returns up to n published practices like p that the actor in
// ctx may read, most alike first. It is cheap on purpose, as it runs on
// every practice page: candidates are the practices whose titles share
// p's title terms (from the index, best first) and the newest that share
// a theme; each scores three points per shared title term and one per
// shared tag.
func (s *Service) Similar(ctx context.Context, p *Practice, n int) ([]Summary, error) {
	cond, args := publishedCond(birlik.ActorFrom(ctx))
	cond += " AND p.id <> ?"
	args = append(args, p.ID)
	var title []string
	for _, t := range locale.Terms(p.Lang, p.Title) {
		if len(t) >= 3 && !slices.Contains(title, t) {
			title = append(title, t)
		}
	}
	var ids []int64
	if len(title) > 0 {
		var err error
		if ids, err = s.Index.Related(ctx, title, cond, args, 40); err != nil {
			return nil, err
		}
	}
	mine := tagsOf(p)
	if mine.themes != 0 {
		rows, err := s.DB.QueryContext(ctx, `SELECT p.id FROM practices p WHERE `+cond+` AND (p.theme_bits & ?) <> 0
			ORDER BY p.status, p.published_at DESC, p.id DESC LIMIT 20`, append(args, mine.themes)...)
		if err != nil {
			return nil, err
		}
		more, err := scanIDs(rows)
		if err != nil {
			return nil, err
		}
		for _, id := range more {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	idArgs := make([]any, len(ids))
	for i, id := range ids {
		idArgs[i] = id
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT p.id, p.theme_bits, p.group_bits, p.right_bits, p.sdg_bits, p.search_title
		FROM practices p WHERE p.id IN (`+ph+`)`, idArgs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type scored struct {
		id    int64
		score int
	}
	var cands []scored
	for rows.Next() {
		var c scored
		var t tags
		var st string
		if err := rows.Scan(&c.id, &t.themes, &t.groups, &t.rights, &t.sdgs, &st); err != nil {
			return nil, err
		}
		for _, w := range strings.Fields(st) {
			if slices.Contains(title, w) {
				c.score += 3
			}
		}
		c.score += sharedTags(&mine, &t)
		cands = append(cands, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(cands, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	out := make([]int64, 0, n)
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.id)
	}
	return s.summaries(ctx, out, nil)
}

// RecentInSpace returns the n practices published last in the space, for
// the space's page; the caller has checked the actor may read the space.
func (s *Service) RecentInSpace(ctx context.Context, spaceID int64, n int) ([]Summary, error) {
	cond, args := publishedCond(birlik.ActorFrom(ctx))
	rows, err := s.DB.QueryContext(ctx, `SELECT p.id FROM practices p WHERE p.space_id = ? AND `+cond+`
		ORDER BY p.published_at DESC, p.id DESC LIMIT ?`, append(append([]any{spaceID}, args...), n)...)
	if err != nil {
		return nil, err
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	return s.summaries(ctx, ids, nil)
}

// Drafts returns the drafts the actor in ctx may change, newest first,
// at most n: a focal point's municipality's, or every draft for union
// staff.
func (s *Service) Drafts(ctx context.Context, n int) ([]Summary, error) {
	a := birlik.ActorFrom(ctx)
	if !MayShare(a) {
		return nil, nil
	}
	cond, args := "p.status = 'draft'", []any(nil)
	if !a.System && !a.Staff() {
		cond, args = "p.status = 'draft' AND p.org_id = ?", []any{a.OrgID}
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT p.id FROM practices p WHERE `+cond+` ORDER BY p.updated_at DESC, p.id DESC LIMIT ?`, append(args, n)...)
	if err != nil {
		return nil, err
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	return s.summaries(ctx, ids, nil)
}

// SpaceChoice is a space a practice may be shared in.
type SpaceChoice struct {
	ID   int64
	Slug string
	Name map[string]string // by language; "tr" always set
}

// SpaceChoices lists the spaces the actor in ctx may read, for the
// form's choice of where to share a practice.
func (s *Service) SpaceChoices(ctx context.Context) ([]SpaceChoice, error) {
	vis, args := spacesVisible(birlik.ActorFrom(ctx))
	rows, err := s.DB.QueryContext(ctx, `SELECT s.id, s.slug, s.name_tr, s.name_en, s.name_fr FROM spaces s
		WHERE s.archived = ? AND `+vis+` ORDER BY s.id`, append([]any{false}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SpaceChoice
	for rows.Next() {
		var c SpaceChoice
		var tr, en, fr string
		if err := rows.Scan(&c.ID, &c.Slug, &tr, &en, &fr); err != nil {
			return nil, err
		}
		c.Name = map[string]string{"tr": tr, "en": en, "fr": fr}
		out = append(out, c)
	}
	return out, rows.Err()
}
