package practices

import (
	"cmp"
	"context"
	"math"
	"slices"

	"birlik"
	"birlik/locale"
)

// Similar returns up to n published practices like p that the actor in
// ctx may read, most alike first. It is cheap on purpose, as it runs on
// every practice page: for each of the three longest terms of p's title,
// the index gives the practices whose titles hold it (cached like
// searches), each scoring three points weighted by how rare the term is;
// each shared tag adds a point. When titles share nothing, the newest
// practices sharing a theme are the candidates.
func (s *Service) Similar(ctx context.Context, p *Practice, n int) ([]Summary, error) {
	scope, err := s.scope(ctx, birlik.ActorFrom(ctx), 0)
	if err != nil {
		return nil, err
	}
	// The title's three longest terms: the longer, the rarer, mostly.
	var title []string
	for _, t := range locale.Terms(p.Lang, p.Title) {
		if len(t) >= 3 && !slices.Contains(title, t) {
			title = append(title, t)
		}
	}
	slices.SortStableFunc(title, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	title = title[:min(len(title), 3)]
	score := map[int64]float64{}
	for _, t := range title {
		ids, err := s.titles(ctx, t, scope)
		if err != nil {
			return nil, err
		}
		weight := 3 / (1 + math.Log1p(float64(len(ids))))
		for _, id := range ids {
			score[id] += weight
		}
	}
	delete(score, p.ID)
	if len(score) < n && tagsOf(p).themes != 0 {
		cond, args := publishedCond(birlik.ActorFrom(ctx))
		rows, err := s.DB.QueryContext(ctx, `SELECT p.id FROM practices p WHERE `+cond+` AND p.id <> ? AND (p.theme_bits & ?) <> 0
			ORDER BY p.status, p.published_at DESC, p.id DESC LIMIT ?`, append(args, p.ID, tagsOf(p).themes, 4*n)...)
		if err != nil {
			return nil, err
		}
		more, err := scanIDs(rows)
		if err != nil {
			return nil, err
		}
		for _, id := range more {
			score[id] += 0
		}
	}
	ids := make([]int64, 0, len(score))
	for id := range score {
		ids = append(ids, id)
	}
	if _, err := s.cat.generation(ctx, s.DB); err != nil {
		return nil, err
	}
	if err := s.cat.ensure(ctx, s.DB, ids); err != nil {
		return nil, err
	}
	mine := tagsOf(p)
	type scored struct {
		id    int64
		score float64
	}
	cands := make([]scored, 0, len(ids))
	s.cat.mu.RLock()
	for _, id := range ids {
		sc := score[id]
		if id < int64(len(s.cat.entries)) && s.cat.entries[id].present {
			sc += float64(sharedTags(&mine, &s.cat.entries[id].tags))
		}
		cands = append(cands, scored{id, sc})
	}
	s.cat.mu.RUnlock()
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

// CountInSpace returns how many practices are published in the space,
// for the space's page; the caller has checked the actor may read the
// space.
func (s *Service) CountInSpace(ctx context.Context, spaceID int64) (int, error) {
	cond, args := publishedCond(birlik.ActorFrom(ctx))
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM practices p WHERE p.space_id = ? AND `+cond,
		append([]any{spaceID}, args...)...).Scan(&n)
	return n, err
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
