package network

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"

	"birlik"
	"birlik/audit"
	"birlik/locale"
	"birlik/store"
)

const placeColumns = `p.id, p.kind, COALESCE(p.parent_id, ''), COALESCE(pp.name, ''), p.name, p.code, p.population, p.created_at, p.updated_at`

const placeFrom = ` FROM places p LEFT JOIN places pp ON pp.id = p.parent_id`

func scanPlace(sc interface{ Scan(...any) error }, withBoundary bool) (Place, error) {
	var p Place
	dest := []any{&p.ID, &p.Kind, &p.ParentID, &p.ParentName, &p.Name, &p.Code, &p.Population, &p.CreatedAt, &p.UpdatedAt}
	var boundary sql.NullString
	if withBoundary {
		dest = append(dest, &boundary)
	}
	if err := sc.Scan(dest...); err != nil {
		return p, err
	}
	if boundary.Valid {
		p.Boundary = []byte(boundary.String)
	}
	return p, nil
}

// Place returns one place with its boundary. Places are public facts:
// anyone may read them. It returns ENOTFOUND when there is no such place.
func (s *Service) Place(ctx context.Context, id string) (*Place, error) {
	row := s.DB.QueryRowContext(ctx, `SELECT `+placeColumns+`, p.boundary`+placeFrom+` WHERE p.id = ?`, id)
	p, err := scanPlace(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// PlaceFilter narrows a list of places. Zero fields do not filter.
type PlaceFilter struct {
	Kind     PlaceKind
	ParentID string
	Query    string // matched against the folded name, id and code
}

// Places returns the places that match f in Turkish alphabetical order,
// without boundaries: a list of districts need not carry megabytes of
// coordinates.
func (s *Service) Places(ctx context.Context, f PlaceFilter) ([]Place, error) {
	var where []string
	var args []any
	if f.Kind != "" {
		where = append(where, "p.kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.ParentID != "" {
		where = append(where, "p.parent_id = ?")
		args = append(args, f.ParentID)
	}
	if q, ok := birlik.CleanText(f.Query, false); ok && q != "" {
		where = append(where, `p.search_text LIKE ? ESCAPE '\'`)
		args = append(args, locale.LikePattern(q))
	}
	q := `SELECT ` + placeColumns + placeFrom
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY p.sort_key, p.id"
	return s.queryPlaces(ctx, q, false, args...)
}

// Boundaries returns every place of the kind that has a boundary, with
// it, for maps.
func (s *Service) Boundaries(ctx context.Context, kind PlaceKind) ([]Place, error) {
	return s.queryPlaces(ctx, `SELECT `+placeColumns+`, p.boundary`+placeFrom+
		` WHERE p.kind = ? AND p.boundary IS NOT NULL ORDER BY p.sort_key, p.id`, true, string(kind))
}

func (s *Service) queryPlaces(ctx context.Context, q string, withBoundary bool, args ...any) ([]Place, error) {
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Place
	for rows.Next() {
		p, err := scanPlace(rows, withBoundary)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// placeAudit is what the audit log keeps of a place: the boundary only as
// its size and digest, which is enough to see that it changed.
func placeAudit(p *Place) map[string]any {
	m := map[string]any{"id": p.ID, "kind": p.Kind, "parent_id": p.ParentID, "name": p.Name, "code": p.Code, "population": p.Population}
	if p.Boundary != nil {
		sum := sha256.Sum256(p.Boundary)
		m["boundary"] = map[string]any{"bytes": len(p.Boundary), "sha256": hex.EncodeToString(sum[:])}
	}
	return m
}

// placeParentKind says what kind of place each kind sits in.
var placeParentKind = map[PlaceKind]PlaceKind{Province: Region, District: Province}

// validatePlace checks p against the places already known (stored, or
// earlier in the same batch).
func validatePlace(p *Place, known map[string]*Place) issues {
	var is issues
	p.ID = strings.TrimSpace(p.ID)
	if p.ID == "" {
		is.add("id", "error.network.required")
	} else if !validID(p.ID) {
		is.add("id", "error.network.id.invalid")
	}
	if !validPlaceKind(p.Kind) {
		is.add("kind", "error.network.kind.invalid")
	}
	is.text("name", &p.Name, true, maxName, false)
	is.text("code", &p.Code, false, maxCode, false)
	p.ParentID = strings.TrimSpace(p.ParentID)
	switch parent := known[p.ParentID]; {
	case p.ParentID == "" && p.Kind != Region && validPlaceKind(p.Kind):
		is.add("parent_id", "error.network.required")
	case p.ParentID == "":
	case p.ParentID == p.ID:
		is.add("parent_id", "error.network.parent.cycle")
	case parent == nil:
		is.add("parent_id", "error.network.place.unknown")
	case parent.Kind != placeParentKind[p.Kind]:
		is.add("parent_id", "error.network.place.parent_kind")
	}
	is.population("population", p.Population)
	if p.Boundary != nil && !validGeometry(p.Boundary) {
		is.add("boundary", "error.network.boundary.invalid")
	}
	return is
}

// validGeometry reports whether b is a GeoJSON Polygon or MultiPolygon, the
// only shapes an area can have.
func validGeometry(b []byte) bool {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return false
	}
	switch g.Type {
	case "Polygon":
		var c [][][]float64
		return json.Unmarshal(g.Coordinates, &c) == nil && len(c) > 0
	case "MultiPolygon":
		var c [][][][]float64
		return json.Unmarshal(g.Coordinates, &c) == nil && len(c) > 0
	}
	return false
}

func placeSame(a, b *Place) bool {
	return a.Kind == b.Kind && a.ParentID == b.ParentID && a.Name == b.Name && a.Code == b.Code &&
		eqInt(a.Population, b.Population) && bytes.Equal(a.Boundary, b.Boundary)
}

func eqInt(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// SavePlaces creates or updates places by id in one transaction: the seed
// and the administrators' reference-data imports use it. Parents must come
// before their children in places. Only admins and the system may, since
// every organisation's province hangs off these records. Unchanged places
// are left alone, so saving the same list twice writes nothing. It
// returns EFORBIDDEN, or EINVALID as an *ImportError listing every bad row.
func (s *Service) SavePlaces(ctx context.Context, places []Place) error {
	if !birlik.ActorFrom(ctx).Is(birlik.RoleAdmin) {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	known, err := allPlaces(ctx, tx)
	if err != nil {
		return err
	}
	stored := make(map[string]*Place, len(known))
	for id, p := range known {
		stored[id] = p
	}
	var bad []RowError
	for i := range places {
		p := &places[i]
		if p.Boundary != nil && len(bytes.TrimSpace(p.Boundary)) == 0 {
			p.Boundary = nil
		}
		is := validatePlace(p, known)
		if len(is) > 0 {
			bad = append(bad, is.rows(i+1)...)
			continue
		}
		known[p.ID] = p
	}
	if len(bad) > 0 {
		return newImportError(bad)
	}
	now := s.now()
	var renamed []string
	for i := range places {
		p := &places[i]
		old := stored[p.ID]
		if old != nil && placeSame(old, p) {
			continue
		}
		key, search := locale.SortKey(p.Name), locale.Fold(p.Name+" "+p.ID+" "+p.Code)
		var boundary any
		if p.Boundary != nil {
			boundary = string(p.Boundary)
		}
		if old == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO places (id, kind, parent_id, name, code, population, boundary, sort_key, search_text, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				p.ID, string(p.Kind), store.Null(p.ParentID), p.Name, p.Code, p.Population, boundary, key, search, now, now)
			p.CreatedAt = now
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE places SET kind = ?, parent_id = ?, name = ?, code = ?, population = ?, boundary = ?, sort_key = ?, search_text = ?, updated_at = ?
				WHERE id = ?`,
				string(p.Kind), store.Null(p.ParentID), p.Name, p.Code, p.Population, boundary, key, search, now, p.ID)
			p.CreatedAt = old.CreatedAt
			if old.Name != p.Name {
				renamed = append(renamed, p.ID)
			}
		}
		if err != nil {
			return err
		}
		p.UpdatedAt = now
		action, before := audit.Create, any(nil)
		if old != nil {
			action, before = audit.Update, placeAudit(old)
		}
		if err := audit.Write(ctx, tx, now, action, "place", p.ID, "", before, placeAudit(p)); err != nil {
			return err
		}
	}
	if len(renamed) > 0 {
		if err := refreshOrgSearch(ctx, tx, renamed); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// allPlaces loads every place, boundary included; there are a few hundred.
func allPlaces(ctx context.Context, q store.Querier) (map[string]*Place, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+placeColumns+`, p.boundary`+placeFrom)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*Place{}
	for rows.Next() {
		p, err := scanPlace(rows, true)
		if err != nil {
			return nil, err
		}
		out[p.ID] = &p
	}
	return out, rows.Err()
}

// placeIndex answers the two questions saving an organisation asks of
// places: does the id exist, and which province is it in.
type placeIndex map[string]placeInfo

type placeInfo struct {
	kind         PlaceKind
	parent, name string
	key          []byte // places.sort_key
	province     string // the province the place is in, or itself; "" for the region
}

func loadPlaceIndex(ctx context.Context, q store.Querier) (placeIndex, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, COALESCE(parent_id, ''), name, sort_key FROM places`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	idx := placeIndex{}
	for rows.Next() {
		var id string
		var pi placeInfo
		if err := rows.Scan(&id, &pi.kind, &pi.parent, &pi.name, &pi.key); err != nil {
			return nil, err
		}
		idx[id] = pi
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for id, pi := range idx {
		// Walk up at most a few levels: region → province → district.
		cur, seen := id, 0
		for cur != "" && seen < 8 {
			c := idx[cur]
			if c.kind == Province {
				pi.province = cur
				break
			}
			cur = c.parent
			seen++
		}
		idx[id] = pi
	}
	return idx, nil
}
