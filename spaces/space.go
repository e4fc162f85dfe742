package spaces

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"birlik"
	"birlik/store"
	"birlik/topics"
)

// Kind is what a space is.
type Kind string

// The kinds of space.
const (
	Platform     Kind = "platform"
	Committee    Kind = "committee"
	WorkingGroup Kind = "working_group"
)

// Visibility says who may read a space (see VisibleSQL).
type Visibility string

// The visibilities.
const (
	Public  Visibility = "public"
	Private Visibility = "private"
)

// Space is a platform, a committee or a working group.
type Space struct {
	ID       int64
	Slug     string // in URLs; unique
	Kind     Kind
	ParentID int64 // 0 for a space at the top
	// Name and Purpose by language code ("tr", "en", "fr"); Turkish is
	// always set.
	Name, Purpose map[string]string
	Visibility    Visibility
	Quorum        int // members who must attend for decisions to stand; 0: no rule
	Archived      bool
	// Themes and Groups are codes of package topics (topics.Theme,
	// topics.Group), in the vocabulary's order. BySlug, ByID and Create
	// fill them; List leaves them nil.
	Themes, Groups []string
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// NameIn returns the space's name in lang, or in Turkish when it has none
// there.
func (sp *Space) NameIn(lang string) string {
	if n := sp.Name[lang]; n != "" {
		return n
	}
	return sp.Name["tr"]
}

// PurposeIn returns the space's purpose in lang, or in Turkish.
func (sp *Space) PurposeIn(lang string) string {
	if p := sp.Purpose[lang]; p != "" {
		return p
	}
	return sp.Purpose["tr"]
}

const spaceColumns = `s.id, s.slug, s.kind, COALESCE(s.parent_id, 0), s.name_tr, s.name_en, s.name_fr,
	s.purpose_tr, s.purpose_en, s.purpose_fr, s.visibility, COALESCE(s.quorum, 0), s.archived, s.version, s.created_at, s.updated_at`

func scanSpace(row interface{ Scan(...any) error }) (*Space, error) {
	sp := &Space{Name: map[string]string{}, Purpose: map[string]string{}}
	var ntr, nen, nfr, ptr, pen, pfr string
	err := row.Scan(&sp.ID, &sp.Slug, &sp.Kind, &sp.ParentID, &ntr, &nen, &nfr, &ptr, &pen, &pfr,
		&sp.Visibility, &sp.Quorum, &sp.Archived, &sp.Version, &sp.CreatedAt, &sp.UpdatedAt)
	if err != nil {
		return nil, err
	}
	sp.Name["tr"], sp.Name["en"], sp.Name["fr"] = ntr, nen, nfr
	sp.Purpose["tr"], sp.Purpose["en"], sp.Purpose["fr"] = ptr, pen, pfr
	return sp, nil
}

// BySlug returns the space with the slug, if the actor in ctx may read
// it; ENOTFOUND otherwise (a private space one may not read does not
// exist for them).
func (s *Service) BySlug(ctx context.Context, slug string) (*Space, error) {
	return s.one(ctx, s.DB, "s.slug = ?", slug)
}

// ByID returns the space with the id, if the actor in ctx may read it;
// ENOTFOUND otherwise.
func (s *Service) ByID(ctx context.Context, id int64) (*Space, error) {
	return s.one(ctx, s.DB, "s.id = ?", id)
}

func (s *Service) one(ctx context.Context, q store.Querier, cond string, arg any) (*Space, error) {
	vis, args := VisibleSQL(birlik.ActorFrom(ctx), "s")
	sp, err := scanSpace(q.QueryRowContext(ctx, `SELECT `+spaceColumns+` FROM spaces s WHERE `+cond+` AND `+vis,
		append([]any{arg}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, birlik.Errorf(birlik.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, err
	}
	if err := loadTopics(ctx, q, sp); err != nil {
		return nil, err
	}
	return sp, nil
}

// loadTopics fills the space's themes and groups, in the vocabularies'
// order.
func loadTopics(ctx context.Context, q store.Querier, sp *Space) error {
	rows, err := q.QueryContext(ctx, `SELECT kind, code FROM space_topics WHERE space_id = ?`, sp.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	has := map[topics.Kind]map[string]bool{topics.Theme: {}, topics.Group: {}}
	for rows.Next() {
		var kind, code string
		if err := rows.Scan(&kind, &code); err != nil {
			return err
		}
		if m := has[topics.Kind(kind)]; m != nil {
			m[code] = true
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	sp.Themes, sp.Groups = inOrder(topics.Theme, has[topics.Theme]), inOrder(topics.Group, has[topics.Group])
	return nil
}

// inOrder returns the codes of k that are in set, in the vocabulary's
// order.
func inOrder(k topics.Kind, set map[string]bool) []string {
	var out []string
	for _, c := range topics.Codes(k) {
		if set[c] {
			out = append(out, c)
		}
	}
	return out
}
