package spaces

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"birlik"
	"birlik/topics"
)

// Filter narrows a list of spaces. Zero values mean "any".
type Filter struct {
	Kind     Kind
	Theme    string // a code of topics.Themes
	Group    string // a code of topics.Groups
	ParentID int64  // the spaces inside this one only
	// OrgID keeps the spaces where the organisation is represented by a
	// current member; PersonID those the person is a current member of.
	OrgID    string
	PersonID int64
	// TopLevel keeps the spaces that sit in no other.
	TopLevel bool
	// Archived includes archived spaces, which lists leave out otherwise.
	Archived bool
}

// ParseFilter reads a filter from a query string (kind, theme, group,
// parent, org, archived). Like the network's parsers it drops what it cannot
// read and never panics.
func ParseFilter(q url.Values) Filter {
	var f Filter
	switch k := Kind(strings.TrimSpace(q.Get("kind"))); k {
	case Platform, Committee, WorkingGroup:
		f.Kind = k
	}
	if t := strings.TrimSpace(q.Get("theme")); topics.Valid(topics.Theme, t) {
		f.Theme = t
	}
	if g := strings.TrimSpace(q.Get("group")); topics.Valid(topics.Group, g) {
		f.Group = g
	}
	if id, err := strconv.ParseInt(strings.TrimSpace(q.Get("parent")), 10, 64); err == nil && id > 0 {
		f.ParentID = id
	}
	if org := strings.TrimSpace(q.Get("org")); org != "" && len(org) <= 100 {
		f.OrgID = org
	}
	f.Archived = q.Get("archived") == "1"
	return f
}

// Summary is a space in a list, with its parent's name and the counts of
// its current members and of the organisations they represent.
type Summary struct {
	Space
	ParentName map[string]string // by language; nil for a space at the top
	ParentSlug string
	Members    int
	Orgs       int
}

// ParentNameIn returns the parent's name in lang, or in Turkish.
func (su *Summary) ParentNameIn(lang string) string {
	if n := su.ParentName[lang]; n != "" {
		return n
	}
	return su.ParentName["tr"]
}

// List returns the spaces the actor in ctx may read that match f,
// in Turkish alphabetical order of their Turkish names, with their
// counts. Private spaces others may not read are left out in the query
// itself (VisibleSQL).
func (s *Service) List(ctx context.Context, f Filter) ([]Summary, error) {
	vis, args := VisibleSQL(birlik.ActorFrom(ctx), "s")
	where := []string{vis}
	if f.Kind != "" {
		where = append(where, "s.kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.Theme != "" {
		where = append(where, "s.id IN (SELECT t.space_id FROM space_topics t WHERE t.kind = 'theme' AND t.code = ?)")
		args = append(args, f.Theme)
	}
	if f.Group != "" {
		where = append(where, "s.id IN (SELECT t.space_id FROM space_topics t WHERE t.kind = 'group' AND t.code = ?)")
		args = append(args, f.Group)
	}
	if f.ParentID != 0 {
		where = append(where, "s.parent_id = ?")
		args = append(args, f.ParentID)
	}
	if f.OrgID != "" {
		where = append(where, "s.id IN (SELECT om.space_id FROM space_members om WHERE om.org_id = ? AND om.left_on IS NULL)")
		args = append(args, f.OrgID)
	}
	if f.PersonID != 0 {
		where = append(where, "s.id IN (SELECT pm.space_id FROM space_members pm WHERE pm.person_id = ? AND pm.left_on IS NULL)")
		args = append(args, f.PersonID)
	}
	if f.TopLevel {
		where = append(where, "s.parent_id IS NULL")
	}
	if !f.Archived {
		where = append(where, "s.archived = ?")
		args = append(args, false)
	}
	// The counts come from one grouped pass over the current members of
	// the spaces listed (the same conditions, so its own arguments come
	// first), rather than a subquery per space or a pass over every
	// space's members: a space's page lists its few sub-spaces.
	cond := strings.Join(where, " AND ")
	rows, err := s.DB.QueryContext(ctx, `SELECT `+spaceColumns+`, COALESCE(p.slug, ''), COALESCE(p.name_tr, ''), COALESCE(p.name_en, ''),
		COALESCE(p.name_fr, ''), COALESCE(c.members, 0), COALESCE(c.orgs, 0)
		FROM spaces s
		LEFT JOIN spaces p ON p.id = s.parent_id
		LEFT JOIN (SELECT m.space_id, COUNT(*) AS members, COUNT(DISTINCT m.org_id) AS orgs
			FROM space_members m JOIN spaces s ON s.id = m.space_id
			WHERE m.left_on IS NULL AND `+cond+` GROUP BY m.space_id) c ON c.space_id = s.id
		WHERE `+cond+` ORDER BY s.sort_key, s.id`, append(slices.Clone(args), args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var su Summary
		var ptr, pen, pfr string
		sp, err := scanSpace(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &su.ParentSlug, &ptr, &pen, &pfr, &su.Members, &su.Orgs)...)
		}))
		if err != nil {
			return nil, err
		}
		su.Space = *sp
		if su.ParentSlug != "" {
			su.ParentName = map[string]string{"tr": ptr, "en": pen, "fr": pfr}
		}
		out = append(out, su)
	}
	return out, rows.Err()
}

// scanFunc adapts a function to the Scan interface scanSpace takes, so
// that a query can read more columns after a space's.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }
