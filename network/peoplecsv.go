package network

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"birlik"
)

// PeopleCSVColumns are the columns of a people CSV, in the order exports
// write them: the person, then their main current affiliation. Imports
// accept them in any order; given_name, family_name and org_id are
// required, and a column left out keeps the stored value of the people
// the file updates.
var PeopleCSVColumns = []string{"id", "email", "given_name", "family_name", "honorific", "gender", "phone", "lang",
	"org_id", "department", "position", "affiliation_kind", "work_email", "work_phone", "started"}

var peopleCSVRequired = []string{"given_name", "family_name", "org_id"}

// PeopleImport is a checked people file, nothing of it written yet.
type PeopleImport struct {
	Rows   []PersonImport // every row read, normalised; pass to SavePeople when Errors is empty
	Errors []RowError     // every problem, by line; empty when the file can be saved
	// What saving the file would do. Rows with errors count in none.
	Creates, Updates, Unchanged int
}

// ParsePeopleCSV reads and checks a whole people file without writing
// anything, like ParseOrganisationsCSV. Rows are matched to stored people
// by id, else by e-mail, else by names at the row's organisation (see
// SavePeople). Only union staff and the system may import people; anyone
// else gets EFORBIDDEN.
func (s *Service) ParsePeopleCSV(ctx context.Context, r io.Reader, progress func(lines int)) (*PeopleImport, error) {
	if !birlik.ActorFrom(ctx).Staff() {
		return nil, forbidden()
	}
	t, err := readCSV(r, PeopleCSVColumns, peopleCSVRequired, progress)
	if err != nil {
		return nil, err
	}
	imp := &PeopleImport{Errors: t.errs}
	if len(t.col) == 0 || hasHeaderErrors(t.errs) {
		return imp, nil
	}
	rows := make([]PersonImport, len(t.rows))
	pre := make([]issues, len(t.rows))
	for i := range t.rows {
		p, a := &rows[i].Person, &rows[i].Affiliation
		if id := strings.TrimSpace(t.cell(i, "id")); id != "" {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil || n <= 0 {
				pre[i].add("id", "error.network.person.unknown")
			}
			p.ID = n
		}
		p.Email, p.GivenName, p.FamilyName = t.cell(i, "email"), t.cell(i, "given_name"), t.cell(i, "family_name")
		p.Honorific, p.Gender, p.Phone, p.Lang = t.cell(i, "honorific"), Gender(t.cell(i, "gender")), t.cell(i, "phone"), t.cell(i, "lang")
		a.OrgID, a.Department, a.Position = t.cell(i, "org_id"), t.cell(i, "department"), t.cell(i, "position")
		a.Kind, a.WorkEmail, a.WorkPhone, a.Started = AffiliationKind(t.cell(i, "affiliation_kind")), t.cell(i, "work_email"), t.cell(i, "work_phone"), t.cell(i, "started")
	}
	if err := s.keepAbsentPeopleColumns(ctx, t, rows, pre); err != nil {
		return nil, err
	}
	p, err := planPeople(ctx, s.DB, rows, t.lines, pre)
	if err != nil {
		return nil, err
	}
	imp.Rows = rows
	imp.Errors = append(imp.Errors, p.errs...)
	sortRowErrors(imp.Errors)
	imp.Creates, imp.Updates, imp.Unchanged = p.count(actCreate), p.count(actUpdate), p.count(actSame)
	return imp, nil
}

// keepAbsentPeopleColumns gives the rows that match a stored person the
// stored values of the columns the file leaves out.
func (s *Service) keepAbsentPeopleColumns(ctx context.Context, t *csvTable, rows []PersonImport, pre []issues) error {
	absent := false
	for _, c := range PeopleCSVColumns {
		if !t.has(c) {
			absent = true
		}
	}
	if !absent {
		return nil
	}
	probe := make([]PersonImport, len(rows))
	skip := make([]bool, len(rows))
	probeIssues := make([]issues, len(rows))
	for i := range rows {
		probe[i] = rows[i]
		is := validatePerson(&probe[i].Person)
		validateAffiliation(&probe[i].Affiliation, &is)
		skip[i] = len(pre[i]) > 0 || is.has("given_name") || is.has("family_name") || is.has("email") || is.has("org_id")
	}
	old, err := matchPeople(ctx, s.DB, probe, skip, probeIssues)
	if err != nil {
		return err
	}
	for i := range rows {
		o := old[probe[i].Person.ID]
		if skip[i] || o == nil {
			continue
		}
		p, a := &rows[i].Person, &rows[i].Affiliation
		p.ID = o.ID
		keep := func(col string, dst *string, v string) {
			if !t.has(col) {
				*dst = v
			}
		}
		keep("email", &p.Email, o.Email)
		keep("honorific", &p.Honorific, o.Honorific)
		keep("phone", &p.Phone, o.Phone)
		keep("lang", &p.Lang, o.Lang)
		if !t.has("gender") {
			p.Gender = o.Gender
		}
		var cur *Affiliation
		for k := range o.Affiliations {
			if c := &o.Affiliations[k]; c.OrgID == probe[i].Affiliation.OrgID && (cur == nil || c.ID > cur.ID) {
				cur = c
			}
		}
		if cur == nil {
			continue
		}
		keep("department", &a.Department, cur.Department)
		keep("position", &a.Position, cur.Position)
		keep("work_email", &a.WorkEmail, cur.WorkEmail)
		keep("work_phone", &a.WorkPhone, cur.WorkPhone)
		keep("started", &a.Started, cur.Started)
		if !t.has("affiliation_kind") {
			a.Kind = cur.Kind
		}
	}
	return nil
}

// exportAffiliation is the affiliation an export row shows for p: the
// current one with the main organisation, else any current one.
func exportAffiliation(p *Person) Affiliation {
	var found *Affiliation
	for i := range p.Affiliations {
		a := &p.Affiliations[i]
		if !a.Current() {
			continue
		}
		if a.OrgID == p.OrgID {
			return *a
		}
		if found == nil {
			found = a
		}
	}
	if found != nil {
		return *found
	}
	return Affiliation{OrgID: p.OrgID, OrgName: p.OrgName, Department: p.Department, Position: p.Position}
}

func personCSVRecord(p *Person) []string {
	a := exportAffiliation(p)
	id := ""
	if p.ID != 0 {
		id = strconv.FormatInt(p.ID, 10)
	}
	return []string{id, p.Email, p.GivenName, p.FamilyName, p.Honorific, string(p.Gender), p.Phone, p.Lang,
		a.OrgID, a.Department, a.Position, string(a.Kind), a.WorkEmail, a.WorkPhone, a.Started}
}

// WritePeopleCSV writes people with PeopleCSVColumns, one row per person
// with their main current affiliation (as ExportPeople or Person return
// them); ParsePeopleCSV reads the result back unchanged. People with no
// current affiliation are written with an empty org_id, which an import
// refuses: there is no organisation to put them in.
func WritePeopleCSV(w io.Writer, people []Person) error {
	return writeCSV(w, PeopleCSVColumns, len(people), func(i int) []string { return personCSVRecord(&people[i]) })
}

// PersonRecord is a person as the JSON export shows them: the CSV columns
// with the organisation's name and the time of the last change. Notes are
// left out; they stay in the product.
type PersonRecord struct {
	ID              int64     `json:"id"`
	Email           string    `json:"email"`
	GivenName       string    `json:"given_name"`
	FamilyName      string    `json:"family_name"`
	Honorific       string    `json:"honorific"`
	Gender          string    `json:"gender"`
	Phone           string    `json:"phone"`
	Lang            string    `json:"lang"`
	OrgID           string    `json:"org_id"`
	OrgName         string    `json:"org_name"`
	Department      string    `json:"department"`
	Position        string    `json:"position"`
	AffiliationKind string    `json:"affiliation_kind"`
	WorkEmail       string    `json:"work_email"`
	WorkPhone       string    `json:"work_phone"`
	Started         string    `json:"started"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// Record returns p as exports show them.
func (p *Person) Record() PersonRecord {
	a := exportAffiliation(p)
	return PersonRecord{
		ID: p.ID, Email: p.Email, GivenName: p.GivenName, FamilyName: p.FamilyName, Honorific: p.Honorific,
		Gender: string(p.Gender), Phone: p.Phone, Lang: p.Lang, OrgID: a.OrgID, OrgName: a.OrgName,
		Department: a.Department, Position: a.Position, AffiliationKind: string(a.Kind), WorkEmail: a.WorkEmail,
		WorkPhone: a.WorkPhone, Started: a.Started, UpdatedAt: p.UpdatedAt.UTC(),
	}
}

// WritePeopleJSON writes people as a JSON array of PersonRecord.
func WritePeopleJSON(w io.Writer, people []Person) error {
	return writeJSONArray(w, len(people), func(i int) any { return people[i].Record() })
}
