package network

import (
	"context"
	"io"
	"strconv"
	"time"

	"birlik"
)

// OrgCSVColumns are the columns of an organisations CSV, in the order
// exports write them. Imports accept them in any order; name and kind are
// required, and a column left out keeps the stored value of the
// organisations the file updates.
var OrgCSVColumns = []string{"id", "name", "short_name", "kind", "municipality_kind", "parent_id", "place_id", "population",
	"website", "email", "phone", "address", "member_status", "member_since", "member_until"}

var orgCSVRequired = []string{"name", "kind"}

// OrgImport is a checked organisations file, nothing of it written yet.
type OrgImport struct {
	Rows   []Organisation // every row read, normalised; pass to SaveOrganisations when Errors is empty
	Errors []RowError     // every problem, by line; empty when the file can be saved
	// What saving the file would do. Rows with errors count in none.
	Creates, Updates, Unchanged int
}

// ParseOrganisationsCSV reads and checks a whole organisations file
// without writing anything, so the user sees every problem (each with its
// line, the header being line 1) and what saving would change before
// confirming. Rows are matched to stored organisations by id, else by name
// and province. References to parents may point at stored organisations
// or at any row of the file. Only union staff and the system may import;
// anyone else gets EFORBIDDEN. It returns an EINVALID error for a file
// over MaxImportBytes or MaxImportRows, and other errors only when
// reading fails; problems with the contents are in Errors.
func (s *Service) ParseOrganisationsCSV(ctx context.Context, r io.Reader, progress func(lines int)) (*OrgImport, error) {
	if !birlik.ActorFrom(ctx).Staff() {
		return nil, forbidden()
	}
	t, err := readCSV(r, OrgCSVColumns, orgCSVRequired, progress)
	if err != nil {
		return nil, err
	}
	imp := &OrgImport{Errors: t.errs}
	if len(t.col) == 0 || hasHeaderErrors(t.errs) {
		return imp, nil
	}
	rows := make([]Organisation, len(t.rows))
	pre := make([]issues, len(t.rows))
	for i := range t.rows {
		o := &rows[i]
		o.ID, o.Name, o.ShortName = t.cell(i, "id"), t.cell(i, "name"), t.cell(i, "short_name")
		o.Kind, o.MunicipalityKind = OrgKind(t.cell(i, "kind")), MunicipalityKind(t.cell(i, "municipality_kind"))
		o.ParentID, o.PlaceID = t.cell(i, "parent_id"), t.cell(i, "place_id")
		o.Website, o.Email, o.Phone, o.Address = t.cell(i, "website"), t.cell(i, "email"), t.cell(i, "phone"), t.cell(i, "address")
		o.MemberStatus = MemberStatus(t.cell(i, "member_status"))
		o.MemberSince, o.MemberUntil = t.cell(i, "member_since"), t.cell(i, "member_until")
		pop, ok := parsePopulation(t.cell(i, "population"))
		if !ok {
			pre[i].add("population", "error.network.population.invalid")
		}
		o.Population = pop
	}
	if err := s.keepAbsentOrgColumns(ctx, t, rows); err != nil {
		return nil, err
	}
	p, err := planOrgs(ctx, s.DB, rows, t.lines, pre)
	if err != nil {
		return nil, err
	}
	imp.Rows = rows
	imp.Errors = append(imp.Errors, p.errs...)
	sortRowErrors(imp.Errors)
	imp.Creates, imp.Updates, imp.Unchanged = p.count(actCreate), p.count(actUpdate), p.count(actSame)
	return imp, nil
}

func hasHeaderErrors(errs []RowError) bool {
	for _, e := range errs {
		if e.Line == 1 {
			return true
		}
	}
	return false
}

// keepAbsentOrgColumns gives the rows that match a stored organisation
// the stored values of the columns the file leaves out, so that a file of
// just names and phone numbers updates phone numbers and nothing else.
func (s *Service) keepAbsentOrgColumns(ctx context.Context, t *csvTable, rows []Organisation) error {
	absent := false
	for _, c := range OrgCSVColumns {
		if !t.has(c) {
			absent = true
		}
	}
	if !absent {
		return nil
	}
	places, err := loadPlaceIndex(ctx, s.DB)
	if err != nil {
		return err
	}
	skip := make([]bool, len(rows))
	probe := make([]Organisation, len(rows))
	for i := range rows {
		probe[i] = Organisation{ID: rows[i].ID, Name: rows[i].Name, PlaceID: rows[i].PlaceID}
		var is issues
		is.text("id", &probe[i].ID, false, maxID, false)
		is.text("name", &probe[i].Name, false, maxName, false)
		is.text("place_id", &probe[i].PlaceID, false, maxID, false)
		skip[i] = len(is) > 0 || (probe[i].ID != "" && !validID(probe[i].ID))
	}
	old, err := matchOrgs(ctx, s.DB, probe, skip, places, !t.has("place_id"))
	if err != nil {
		return err
	}
	for i := range rows {
		o := old[probe[i].ID]
		if skip[i] || o == nil {
			continue
		}
		r := &rows[i]
		r.ID = o.ID
		keep := func(col string, dst *string, v string) {
			if !t.has(col) {
				*dst = v
			}
		}
		keep("short_name", &r.ShortName, o.ShortName)
		keep("parent_id", &r.ParentID, o.ParentID)
		keep("website", &r.Website, o.Website)
		keep("email", &r.Email, o.Email)
		keep("phone", &r.Phone, o.Phone)
		keep("address", &r.Address, o.Address)
		keep("member_since", &r.MemberSince, o.MemberSince)
		keep("member_until", &r.MemberUntil, o.MemberUntil)
		if !t.has("municipality_kind") {
			r.MunicipalityKind = o.MunicipalityKind
		}
		if !t.has("member_status") {
			r.MemberStatus = o.MemberStatus
		}
		if !t.has("place_id") {
			r.PlaceID = o.PlaceID
		}
		if !t.has("population") {
			r.Population = o.Population
		}
	}
	return nil
}

func orgCSVRecord(o *Organisation) []string {
	pop := ""
	if o.Population != nil {
		pop = strconv.FormatInt(*o.Population, 10)
	}
	return []string{o.ID, o.Name, o.ShortName, string(o.Kind), string(o.MunicipalityKind), o.ParentID, o.PlaceID, pop,
		o.Website, o.Email, o.Phone, o.Address, string(o.MemberStatus), o.MemberSince, o.MemberUntil}
}

// WriteOrganisationsCSV writes orgs with OrgCSVColumns, in UTF-8 with
// comma separators; ParseOrganisationsCSV reads the result back
// unchanged.
func WriteOrganisationsCSV(w io.Writer, orgs []Organisation) error {
	return writeCSV(w, OrgCSVColumns, len(orgs), func(i int) []string { return orgCSVRecord(&orgs[i]) })
}

// OrgRecord is an organisation as the JSON export shows it: the CSV
// columns with their snake_case names, plus the joined names and the time
// of the last change. Every key is always present.
type OrgRecord struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	ShortName        string    `json:"short_name"`
	Kind             string    `json:"kind"`
	MunicipalityKind string    `json:"municipality_kind"`
	ParentID         string    `json:"parent_id"`
	ParentName       string    `json:"parent_name"`
	PlaceID          string    `json:"place_id"`
	PlaceName        string    `json:"place_name"`
	ProvinceID       string    `json:"province_id"`
	ProvinceName     string    `json:"province_name"`
	Population       *int64    `json:"population"`
	Website          string    `json:"website"`
	Email            string    `json:"email"`
	Phone            string    `json:"phone"`
	Address          string    `json:"address"`
	MemberStatus     string    `json:"member_status"`
	MemberSince      string    `json:"member_since"`
	MemberUntil      string    `json:"member_until"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Record returns o as exports show it.
func (o *Organisation) Record() OrgRecord {
	return OrgRecord{
		ID: o.ID, Name: o.Name, ShortName: o.ShortName, Kind: string(o.Kind), MunicipalityKind: string(o.MunicipalityKind),
		ParentID: o.ParentID, ParentName: o.ParentName, PlaceID: o.PlaceID, PlaceName: o.PlaceName,
		ProvinceID: o.ProvinceID, ProvinceName: o.ProvinceName, Population: o.Population,
		Website: o.Website, Email: o.Email, Phone: o.Phone, Address: o.Address,
		MemberStatus: string(o.MemberStatus), MemberSince: o.MemberSince, MemberUntil: o.MemberUntil, UpdatedAt: o.UpdatedAt.UTC(),
	}
}

// WriteOrganisationsJSON writes orgs as a JSON array of OrgRecord.
func WriteOrganisationsJSON(w io.Writer, orgs []Organisation) error {
	return writeJSONArray(w, len(orgs), func(i int) any { return orgs[i].Record() })
}
