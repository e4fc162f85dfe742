package network

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"birlik"
	"birlik/audit"
	"birlik/locale"
	"birlik/store"
)

const orgColumns = `o.id, o.kind, COALESCE(o.municipality_kind, ''), o.name, o.short_name, COALESCE(o.parent_id, ''),
	COALESCE(o.place_id, ''), COALESCE(o.province_id, ''), o.population, o.website, o.email, o.phone, o.address,
	o.member_status, COALESCE(o.member_since, ''), COALESCE(o.member_until, ''), o.version, o.created_at, o.updated_at,
	COALESCE(po.name, ''), COALESCE(pl.name, ''), COALESCE(pr.name, '')`

const orgFrom = ` FROM organisations o
	LEFT JOIN organisations po ON po.id = o.parent_id
	LEFT JOIN places pl ON pl.id = o.place_id
	LEFT JOIN places pr ON pr.id = o.province_id`

func scanOrg(sc interface{ Scan(...any) error }) (*Organisation, error) {
	var o Organisation
	err := sc.Scan(&o.ID, &o.Kind, &o.MunicipalityKind, &o.Name, &o.ShortName, &o.ParentID, &o.PlaceID, &o.ProvinceID,
		&o.Population, &o.Website, &o.Email, &o.Phone, &o.Address, &o.MemberStatus, &o.MemberSince, &o.MemberUntil,
		&o.Version, &o.CreatedAt, &o.UpdatedAt, &o.ParentName, &o.PlaceName, &o.ProvinceName)
	if err != nil {
		return nil, err
	}
	return &o, nil
}

func orgByID(ctx context.Context, q store.Querier, id string) (*Organisation, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgColumns+orgFrom+` WHERE o.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return o, err
}

// Organisation returns one organisation with the names of its parent,
// place and province. Organisations are public facts: anyone may read
// them. It returns ENOTFOUND when there is no such organisation.
func (s *Service) Organisation(ctx context.Context, id string) (*Organisation, error) {
	return orgByID(ctx, s.DB, id)
}

// orgAudit is what the audit log keeps of an organisation: its stored
// fields, without the derived search and sort columns. A struct rather
// than a map, since bulk imports write thousands of these.
type orgAudit struct {
	ID               string           `json:"id"`
	Kind             OrgKind          `json:"kind"`
	MunicipalityKind MunicipalityKind `json:"municipality_kind"`
	Name             string           `json:"name"`
	ShortName        string           `json:"short_name"`
	ParentID         string           `json:"parent_id"`
	PlaceID          string           `json:"place_id"`
	ProvinceID       string           `json:"province_id"`
	Population       *int64           `json:"population"`
	Website          string           `json:"website"`
	Email            string           `json:"email"`
	Phone            string           `json:"phone"`
	Address          string           `json:"address"`
	MemberStatus     MemberStatus     `json:"member_status"`
	MemberSince      string           `json:"member_since"`
	MemberUntil      string           `json:"member_until"`
	Version          int              `json:"version"`
}

func orgAuditOf(o *Organisation) orgAudit {
	return orgAudit{o.ID, o.Kind, o.MunicipalityKind, o.Name, o.ShortName, o.ParentID, o.PlaceID, o.ProvinceID, o.Population,
		o.Website, o.Email, o.Phone, o.Address, o.MemberStatus, o.MemberSince, o.MemberUntil, o.Version}
}

// orgSame reports whether a and b store the same facts; versions and
// times are not facts.
func orgSame(a, b *Organisation) bool {
	return a.ID == b.ID && a.Kind == b.Kind && a.MunicipalityKind == b.MunicipalityKind && a.Name == b.Name &&
		a.ShortName == b.ShortName && a.ParentID == b.ParentID && a.PlaceID == b.PlaceID && a.ProvinceID == b.ProvinceID &&
		eqInt(a.Population, b.Population) && a.Website == b.Website && a.Email == b.Email && a.Phone == b.Phone &&
		a.Address == b.Address && a.MemberStatus == b.MemberStatus && a.MemberSince == b.MemberSince && a.MemberUntil == b.MemberUntil
}

// orgSearch is the folded text an organisation is found by.
func orgSearch(o *Organisation, places placeIndex) string {
	pl, pr := places[o.PlaceID], places[o.ProvinceID]
	return locale.Fold(strings.Join([]string{o.Name, o.ShortName, o.ID, pl.name, pr.name}, " "))
}

// noProvinceKey is the province_key of organisations in no province: it
// sorts after the collation key of any name.
var noProvinceKey = []byte{0xff, 0xff, 0xff, 0xff}

// provinceKey is the collation key of o's province name, for ordering by
// province with an index.
func provinceKey(o *Organisation, places placeIndex) []byte {
	if pr, ok := places[o.ProvinceID]; ok && o.ProvinceID != "" {
		return pr.key
	}
	return noProvinceKey
}

// validateOrg normalises o in place (trimmed text, lowercased e-mail,
// https:// on a bare website, YYYY-MM-DD dates, the province derived from
// the place, "none" for an empty membership) and lists every problem with
// its fields. Field names are the CSV column names. References to other
// organisations are the caller's to check: it knows whether they may be
// in the same batch.
func validateOrg(o *Organisation, places placeIndex) issues {
	var is issues
	o.ID = strings.TrimSpace(o.ID)
	if o.ID != "" && !validID(o.ID) {
		is.add("id", "error.network.id.invalid")
	}
	is.text("name", &o.Name, true, maxName, false)
	is.text("short_name", &o.ShortName, false, maxShortName, false)
	o.Kind = OrgKind(strings.ToLower(strings.TrimSpace(string(o.Kind))))
	o.MunicipalityKind = MunicipalityKind(strings.ToLower(strings.TrimSpace(string(o.MunicipalityKind))))
	switch {
	case o.Kind == "":
		is.add("kind", "error.network.required")
	case !validOrgKind(o.Kind):
		is.add("kind", "error.network.kind.invalid")
	case o.Kind == Municipality && o.MunicipalityKind == "":
		is.add("municipality_kind", "error.network.required")
	case o.Kind != Municipality && o.MunicipalityKind != "":
		is.add("municipality_kind", "error.network.municipality_kind.not_allowed")
	}
	if o.MunicipalityKind != "" && !validMunicipalityKind(o.MunicipalityKind) {
		is.add("municipality_kind", "error.network.municipality_kind.invalid")
	}
	o.ParentID = strings.TrimSpace(o.ParentID)
	if o.ParentID != "" && !validID(o.ParentID) {
		is.add("parent_id", "error.network.org.unknown")
	} else if o.ParentID != "" && o.ParentID == o.ID {
		is.add("parent_id", "error.network.parent.cycle")
	}
	o.PlaceID = strings.TrimSpace(o.PlaceID)
	o.ProvinceID = ""
	if o.PlaceID != "" {
		if pl, ok := places[o.PlaceID]; ok {
			o.ProvinceID = pl.province
		} else {
			is.add("place_id", "error.network.place.unknown")
		}
	}
	is.population("population", o.Population)
	is.website("website", &o.Website)
	is.email("email", &o.Email)
	is.phone("phone", &o.Phone)
	is.text("address", &o.Address, false, maxAddress, true)
	o.MemberStatus = MemberStatus(strings.ToLower(strings.TrimSpace(string(o.MemberStatus))))
	if o.MemberStatus == "" {
		o.MemberStatus = NotMember
	}
	if !validMemberStatus(o.MemberStatus) {
		is.add("member_status", "error.network.member_status.invalid")
	}
	is.date("member_since", &o.MemberSince)
	is.date("member_until", &o.MemberUntil)
	is.dateOrder("member_until", o.MemberSince, o.MemberUntil)
	return is
}

// checkParent adds a problem when o's parent does not exist or would make
// o its own ancestor; parents are looked up in the database.
func checkParent(ctx context.Context, q store.Querier, o *Organisation, is *issues) error {
	if o.ParentID == "" || is.has("parent_id") {
		return nil
	}
	cur := o.ParentID
	for depth := 0; cur != "" && depth < 64; depth++ {
		var parent string
		err := q.QueryRowContext(ctx, `SELECT COALESCE(parent_id, '') FROM organisations WHERE id = ?`, cur).Scan(&parent)
		if errors.Is(err, sql.ErrNoRows) {
			if depth == 0 {
				is.add("parent_id", "error.network.org.unknown")
			}
			return nil
		}
		if err != nil {
			return err
		}
		if parent == o.ID && o.ID != "" {
			is.add("parent_id", "error.network.parent.cycle")
			return nil
		}
		cur = parent
	}
	return nil
}

// uniqueOrgID returns a free id made from name: the slug, or the slug with
// -2, -3, … when it is taken in the database or in taken.
func uniqueOrgID(ctx context.Context, q store.Querier, name string, taken map[string]bool) (string, error) {
	base := locale.Slug(name)
	if len(base) > maxID-8 {
		base = strings.TrimRight(base[:maxID-8], "-")
	}
	if base == "" {
		base = "org"
	}
	// Most names are new: one look-up by primary key settles it. The LIKE
	// below is for a taken slug only, since no index serves it (SQLite's
	// LIKE ignores case, PostgreSQL's needs the C collation): it reads the
	// whole table, which made a 10,000-row import of new names take
	// minutes on a database of 20,000 organisations.
	if !taken[base] {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ?`, base).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return base, nil
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT id FROM organisations WHERE id = ? OR id LIKE ?`, base, base+"-%")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	used := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", err
		}
		used[id] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	id := base
	for n := 2; used[id] || taken[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id, nil
}

// CreateOrganisation adds an organisation. Union staff and the system
// may; the network is the union's to shape. When o.ID is empty it is made
// from the name (a unique slug), so URLs stay readable. On success o holds
// the stored record. It returns EFORBIDDEN, EINVALID with every field
// problem, or ECONFLICT when the id was taken meanwhile.
func (s *Service) CreateOrganisation(ctx context.Context, o *Organisation) error {
	if !birlik.ActorFrom(ctx).Staff() {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	places, err := loadPlaceIndex(ctx, tx)
	if err != nil {
		return err
	}
	is := validateOrg(o, places)
	if err := checkParent(ctx, tx, o, &is); err != nil {
		return err
	}
	if o.ID != "" && !is.has("id") {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ?`, o.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			is.add("id", "error.network.id.taken")
		}
	}
	if err := is.err(); err != nil {
		return err
	}
	if o.ID == "" {
		if o.ID, err = uniqueOrgID(ctx, tx, o.Name, nil); err != nil {
			return err
		}
	}
	now := s.now()
	o.Version, o.CreatedAt, o.UpdatedAt = 1, now, now
	if err := insertOrg(ctx, tx, o, places); err != nil {
		if store.IsUniqueViolation(err) {
			return &birlik.Error{Code: birlik.ECONFLICT, Message: "error.network.id.taken", Fields: map[string]string{"id": "error.network.id.taken"}}
		}
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "organisation", o.ID, o.ID, nil, orgAuditOf(o)); err != nil {
		return err
	}
	stored, err := orgByID(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	*o = *stored
	return tx.Commit()
}

const (
	insertOrgHead = `INSERT INTO organisations (id, kind, municipality_kind, name, short_name, parent_id, place_id, province_id,
	population, website, email, phone, address, member_status, member_since, member_until, sort_key, province_key, search_text,
	version, created_at, updated_at) VALUES `
	insertOrgRow = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertOrgSQL = insertOrgHead + insertOrgRow
)

// insertOrgsSQL inserts n organisations in one statement: bulk saves send
// rows a hundred at a time rather than one round trip each.
func insertOrgsSQL(n int) string {
	return insertOrgHead + strings.TrimSuffix(strings.Repeat(insertOrgRow+", ", n), ", ")
}

func insertOrgArgs(o *Organisation, places placeIndex) []any {
	return []any{o.ID, string(o.Kind), store.Null(string(o.MunicipalityKind)), o.Name, o.ShortName, store.Null(o.ParentID),
		store.Null(o.PlaceID), store.Null(o.ProvinceID), o.Population, o.Website, o.Email, o.Phone, o.Address,
		string(o.MemberStatus), store.Null(o.MemberSince), store.Null(o.MemberUntil),
		locale.SortKey(o.Name), provinceKey(o, places), orgSearch(o, places), o.Version, o.CreatedAt, o.UpdatedAt}
}

func insertOrg(ctx context.Context, tx *store.Tx, o *Organisation, places placeIndex) error {
	_, err := tx.ExecContext(ctx, insertOrgSQL, insertOrgArgs(o, places)...)
	return err
}

const updateOrgSQL = `UPDATE organisations SET kind = ?, municipality_kind = ?, name = ?, short_name = ?, parent_id = ?, place_id = ?,
	province_id = ?, population = ?, website = ?, email = ?, phone = ?, address = ?, member_status = ?, member_since = ?,
	member_until = ?, sort_key = ?, province_key = ?, search_text = ?, version = version + 1, updated_at = ?
	WHERE id = ? AND version = ?`

func updateOrgArgs(o *Organisation, places placeIndex, now any, version int) []any {
	return []any{string(o.Kind), store.Null(string(o.MunicipalityKind)), o.Name, o.ShortName, store.Null(o.ParentID),
		store.Null(o.PlaceID), store.Null(o.ProvinceID), o.Population, o.Website, o.Email, o.Phone, o.Address,
		string(o.MemberStatus), store.Null(o.MemberSince), store.Null(o.MemberUntil),
		locale.SortKey(o.Name), provinceKey(o, places), orgSearch(o, places), now, o.ID, version}
}

// UpdateOrganisation stores changes to an existing organisation. o.Version
// must be the version the change was made from: a stale form is refused
// with ECONFLICT instead of overwriting someone else's work. Union staff
// may change every field. A focal point may change only their own
// organisation's contact details (short name, website, e-mail, phone,
// address, population): what it is and where it belongs is the union's
// to say, so the other fields keep their stored values. Anyone else gets
// EFORBIDDEN. Saving an unchanged record writes nothing. On success o
// holds the stored record.
func (s *Service) UpdateOrganisation(ctx context.Context, o *Organisation) error {
	a := birlik.ActorFrom(ctx)
	staff := a.Staff()
	if !staff && !(a.Scoped() && a.OrgID != "" && a.OrgID == o.ID) {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := orgByID(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	if o.Version != old.Version {
		return conflict()
	}
	next := *o
	if !staff {
		next = *old
		next.ShortName, next.Website, next.Email, next.Phone, next.Address, next.Population =
			o.ShortName, o.Website, o.Email, o.Phone, o.Address, o.Population
	}
	places, err := loadPlaceIndex(ctx, tx)
	if err != nil {
		return err
	}
	is := validateOrg(&next, places)
	if next.ParentID != old.ParentID {
		if err := checkParent(ctx, tx, &next, &is); err != nil {
			return err
		}
	}
	if err := is.err(); err != nil {
		return err
	}
	if orgSame(old, &next) {
		*o = *old
		return nil
	}
	now := s.now()
	res, err := tx.ExecContext(ctx, updateOrgSQL, updateOrgArgs(&next, places, now, old.Version)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict()
	}
	stored, err := orgByID(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "organisation", o.ID, o.ID, orgAuditOf(old), orgAuditOf(stored)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*o = *stored
	return nil
}

// refreshOrgSearch recomputes the search text and province key of the
// organisations in or under the given places, whose names are part of
// them.
func refreshOrgSearch(ctx context.Context, tx *store.Tx, placeIDs []string) error {
	places, err := loadPlaceIndex(ctx, tx)
	if err != nil {
		return err
	}
	for _, pid := range placeIDs {
		rows, err := tx.QueryContext(ctx, `SELECT `+orgColumns+orgFrom+` WHERE o.place_id = ? OR o.province_id = ?`, pid, pid)
		if err != nil {
			return err
		}
		var orgs []*Organisation
		for rows.Next() {
			o, err := scanOrg(rows)
			if err != nil {
				rows.Close()
				return err
			}
			orgs = append(orgs, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, o := range orgs {
			if _, err := tx.ExecContext(ctx, `UPDATE organisations SET search_text = ?, province_key = ? WHERE id = ?`,
				orgSearch(o, places), provinceKey(o, places), o.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
