package network

import (
	"context"
	"database/sql"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// PersonImport is one row of a people import: the person and their
// current affiliation.
type PersonImport struct {
	Person      Person
	Affiliation Affiliation
}

// peoplePlan is the outcome of checking a batch of people against the
// database without writing.
type peoplePlan struct {
	rows   []PersonImport // the caller's slice, normalised in place
	old    []*Person      // the stored person each row matches, nil for new
	oldAff []*Affiliation // the matched person's current affiliation with the row's organisation
	action []rowAction
	errs   []RowError
}

func (p *peoplePlan) count(a rowAction) int {
	n := 0
	for _, x := range p.action {
		if x == a {
			n++
		}
	}
	return n
}

func nameKey(given, family, org string) string { return given + "\x00" + family + "\x00" + org }

// matchPeople gives rows without an id the id of the stored person they
// are: the one with the row's e-mail when it has one, else the one with
// the same given and family names currently at the row's organisation.
// It reports rows whose id is unknown or whose e-mail belongs to someone
// else, and returns the matched people with their affiliations.
func matchPeople(ctx context.Context, q store.Querier, rows []PersonImport, skip []bool, rowIssues []issues) (map[int64]*Person, error) {
	ids := map[int64]bool{}
	emails := map[string]bool{}
	families := map[string]bool{}
	for i := range rows {
		if skip[i] {
			continue
		}
		p := &rows[i].Person
		switch {
		case p.ID > 0:
			ids[p.ID] = true
		case p.Email == "":
			families[p.FamilyName] = true
		}
		if p.Email != "" {
			emails[p.Email] = true
		}
	}
	byEmail := map[string]int64{}
	err := inQuery(ctx, q, `SELECT id, email FROM people WHERE email IN (`, keys(emails), func(sc interface{ Scan(...any) error }) error {
		var id int64
		var email string
		err := sc.Scan(&id, &email)
		byEmail[email] = id
		return err
	})
	if err != nil {
		return nil, err
	}
	byName := map[string]int64{}
	err = inQuery(ctx, q, `SELECT p.id, p.given_name, p.family_name, a.org_id FROM people p
		JOIN affiliations a ON a.person_id = p.id AND a.ended IS NULL WHERE p.family_name IN (`, keys(families),
		func(sc interface{ Scan(...any) error }) error {
			var id int64
			var given, family, org string
			if err := sc.Scan(&id, &given, &family, &org); err != nil {
				return err
			}
			// Of namesakes at one organisation, the first recorded wins,
			// so that the choice is the same on every import.
			if k := nameKey(given, family, org); byName[k] == 0 || id < byName[k] {
				byName[k] = id
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if skip[i] {
			continue
		}
		p := &rows[i].Person
		owner := byEmail[p.Email]
		switch {
		case p.ID > 0:
			if owner != 0 && owner != p.ID {
				rowIssues[i].add("email", "error.network.email.taken")
			}
		case p.Email != "":
			p.ID = owner
		default:
			p.ID = byName[nameKey(p.GivenName, p.FamilyName, rows[i].Affiliation.OrgID)]
		}
		if p.ID > 0 {
			ids[p.ID] = true
		}
	}
	old := map[int64]*Person{}
	err = inQuery(ctx, q, `SELECT `+personColumns+personFrom+` WHERE p.id IN (`, keys(ids), func(sc interface{ Scan(...any) error }) error {
		p, err := scanPerson(sc)
		if err == nil {
			old[p.ID] = p
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = inQuery(ctx, q, `SELECT `+affiliationColumns+` FROM affiliations a LEFT JOIN organisations o ON o.id = a.org_id
		WHERE a.ended IS NULL AND a.person_id IN (`, keys(ids), func(sc interface{ Scan(...any) error }) error {
		a, err := scanAffiliation(sc)
		if p := old[a.PersonID]; err == nil && p != nil {
			p.Affiliations = append(p.Affiliations, a)
		}
		return err
	})
	return old, err
}

// planPeople checks a batch of people against the database and decides
// for each row whether saving creates the person, updates them (or their
// affiliation), or leaves them as they are.
// pre holds problems the caller found already (one per row, or nil).
func planPeople(ctx context.Context, q store.Querier, rows []PersonImport, lines []int, pre []issues) (*peoplePlan, error) {
	line := func(i int) int {
		if lines != nil {
			return lines[i]
		}
		return i + 1
	}
	p := &peoplePlan{rows: rows, old: make([]*Person, len(rows)), oldAff: make([]*Affiliation, len(rows)), action: make([]rowAction, len(rows))}
	rowIssues := make([]issues, len(rows))
	skip := make([]bool, len(rows))
	orgs := map[string]bool{}
	for i := range rows {
		r := &rows[i]
		var is issues
		if pre != nil {
			is = pre[i]
		}
		for _, x := range validatePerson(&r.Person) {
			is.add(x.field, x.key)
		}
		validateAffiliation(&r.Affiliation, &is)
		if r.Affiliation.Ended != "" && !is.has("ended") {
			is.add("ended", "error.network.affiliation.must_be_current")
		}
		if r.Person.ID < 0 {
			is.add("id", "error.network.person.unknown")
		}
		rowIssues[i] = is
		skip[i] = is.has("id") || is.has("given_name") || is.has("family_name") || is.has("email") || is.has("org_id")
		if !is.has("org_id") {
			orgs[r.Affiliation.OrgID] = true
		}
	}
	orgNames := map[string]string{}
	err := inQuery(ctx, q, `SELECT id, name FROM organisations WHERE id IN (`, keys(orgs), func(sc interface{ Scan(...any) error }) error {
		var id, name string
		err := sc.Scan(&id, &name)
		orgNames[id] = name
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range rows {
		a := &rows[i].Affiliation
		if _, ok := orgNames[a.OrgID]; !ok && !rowIssues[i].has("org_id") {
			rowIssues[i].add("org_id", "error.network.org.unknown")
		}
		a.OrgName = orgNames[a.OrgID]
	}
	wasGiven := make([]bool, len(rows))
	byName := make([]bool, len(rows)) // matched, if at all, by names
	for i := range rows {
		wasGiven[i] = rows[i].Person.ID > 0
		byName[i] = !wasGiven[i] && rows[i].Person.Email == ""
	}
	old, err := matchPeople(ctx, q, rows, skip, rowIssues)
	if err != nil {
		return nil, err
	}
	seenID := map[int64]bool{}
	seenEmail := map[string]bool{}
	seenName := map[string]bool{}
	for i := range rows {
		r := &rows[i]
		if skip[i] {
			continue
		}
		if wasGiven[i] && old[r.Person.ID] == nil {
			rowIssues[i].add("id", "error.network.person.unknown")
			continue
		}
		switch {
		case r.Person.Email != "" && seenEmail[r.Person.Email]:
			rowIssues[i].add("email", "error.network.duplicate")
		case r.Person.ID > 0 && seenID[r.Person.ID]:
			rowIssues[i].add("id", "error.network.duplicate")
		case r.Person.ID == 0 && r.Person.Email == "" && seenName[nameKey(r.Person.GivenName, r.Person.FamilyName, r.Affiliation.OrgID)]:
			rowIssues[i].add("given_name", "error.network.duplicate")
		}
		switch {
		case r.Person.Email != "":
			seenEmail[r.Person.Email] = true
		case r.Person.ID == 0:
			seenName[nameKey(r.Person.GivenName, r.Person.FamilyName, r.Affiliation.OrgID)] = true
		}
		if r.Person.ID > 0 {
			seenID[r.Person.ID] = true
		}
	}
	for i := range rows {
		if len(rowIssues[i]) > 0 {
			p.errs = append(p.errs, rowIssues[i].rows(line(i))...)
			continue
		}
		r := &rows[i]
		o := old[r.Person.ID]
		if o == nil {
			r.Person.ID = 0
			p.action[i] = actCreate
			continue
		}
		p.old[i] = o
		// Imports carry no notes: the stored ones stay. Nor does a row
		// matched by names erase the e-mail it did not know.
		r.Person.Notes = o.Notes
		if byName[i] {
			r.Person.Email = o.Email
		}
		same := personSame(o, &r.Person)
		for k := range o.Affiliations {
			if a := &o.Affiliations[k]; a.OrgID == r.Affiliation.OrgID && (p.oldAff[i] == nil || a.ID > p.oldAff[i].ID) {
				p.oldAff[i] = a
			}
		}
		if a := p.oldAff[i]; a == nil || !affiliationSame(a, &r.Affiliation) {
			same = false
		}
		if same {
			p.action[i] = actSame
		} else {
			p.action[i] = actUpdate
		}
	}
	sortRowErrors(p.errs)
	return p, nil
}

// SavePeople creates or updates people with their current affiliation in
// one transaction, for CSV imports and demo data. A row is matched to a
// stored person by id, else by e-mail when it has one, else by given and
// family names at the row's organisation. A matched person's fields are
// updated (their notes are kept: imports do not carry them); their current
// affiliation with the row's organisation is updated, or a new one is
// added beside the others, never ending them: an import says where people
// work, not where they stopped. Every row is checked first; if one is bad
// nothing is saved and the error is an *ImportError. Unchanged rows write
// nothing. Only union staff and the system may import people; anyone else
// gets EFORBIDDEN.
func (s *Service) SavePeople(ctx context.Context, people []PersonImport, progress func(done, total int)) (created, updated int, err error) {
	if !birlik.ActorFrom(ctx).Staff() {
		return 0, 0, forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	p, err := planPeople(ctx, tx, people, nil, nil)
	if err != nil {
		return 0, 0, err
	}
	if len(p.errs) > 0 {
		return 0, 0, newImportError(p.errs)
	}
	created, updated, err = s.writePeople(ctx, tx, p, progress)
	if err != nil {
		return 0, 0, err
	}
	return created, updated, tx.Commit()
}

func (s *Service) writePeople(ctx context.Context, tx *store.Tx, p *peoplePlan, progress func(done, total int)) (created, updated int, err error) {
	total := len(p.rows) - p.count(actSame)
	if progress != nil {
		progress(0, total)
	}
	if total == 0 {
		return 0, 0, nil
	}
	insP, err := tx.PrepareContext(ctx, insertPersonSQL)
	if err != nil {
		return 0, 0, err
	}
	defer insP.Close()
	insA, err := tx.PrepareContext(ctx, insertAffiliationSQL)
	if err != nil {
		return 0, 0, err
	}
	defer insA.Close()
	now := s.now()
	done := 0
	for i := range p.rows {
		r := &p.rows[i]
		person, aff := &r.Person, &r.Affiliation
		switch p.action[i] {
		case actCreate:
			person.OrgID, person.Version, person.CreatedAt, person.UpdatedAt = aff.OrgID, 1, now, now
			err := insP.QueryRowContext(ctx, insertPersonArgs(person, now)...).Scan(&person.ID)
			if store.IsUniqueViolation(err) {
				return 0, 0, emailTaken()
			}
			if err != nil {
				return 0, 0, err
			}
			aff.PersonID = person.ID
			if err := insA.QueryRowContext(ctx, insertAffiliationArgs(aff, now)...).Scan(&aff.ID); err != nil {
				return 0, 0, err
			}
			if err := audit.Write(ctx, tx, now, audit.Create, "person", idString(person.ID), person.OrgID, nil, personAuditOf(person)); err != nil {
				return 0, 0, err
			}
			if err := audit.Write(ctx, tx, now, audit.Create, "affiliation", idString(aff.ID), aff.OrgID, nil, affiliationAuditOf(aff)); err != nil {
				return 0, 0, err
			}
			created++
		case actUpdate:
			if err := s.updateImported(ctx, tx, p.old[i], p.oldAff[i], person, aff, insA, now); err != nil {
				return 0, 0, err
			}
			updated++
		default:
			o := p.old[i]
			person.Version, person.CreatedAt, person.UpdatedAt, person.OrgID = o.Version, o.CreatedAt, o.UpdatedAt, o.OrgID
			if a := p.oldAff[i]; a != nil {
				aff.ID, aff.PersonID = a.ID, a.PersonID
			}
			continue
		}
		done++
		if progress != nil && done%500 == 0 {
			progress(done, total)
		}
	}
	if progress != nil && total%500 != 0 {
		progress(total, total)
	}
	return created, updated, nil
}

// updateImported applies one changed import row to a stored person: their
// own fields, then their affiliation with the row's organisation.
func (s *Service) updateImported(ctx context.Context, tx *store.Tx, old *Person, oldAff *Affiliation, person *Person, aff *Affiliation, insA *sql.Stmt, now time.Time) error {
	person.ID, person.CreatedAt, person.Version, person.UpdatedAt, person.OrgID = old.ID, old.CreatedAt, old.Version, old.UpdatedAt, old.OrgID
	if !personSame(old, person) {
		res, err := tx.ExecContext(ctx, updatePersonSQL, updatePersonArgs(person, now, old.Version)...)
		if store.IsUniqueViolation(err) {
			return emailTaken()
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict()
		}
		person.Version, person.UpdatedAt = old.Version+1, now
		if err := audit.Write(ctx, tx, now, audit.Update, "person", idString(person.ID), person.OrgID, personAuditOf(old), personAuditOf(person)); err != nil {
			return err
		}
	}
	aff.PersonID = person.ID
	switch {
	case oldAff == nil:
		if err := insA.QueryRowContext(ctx, insertAffiliationArgs(aff, now)...).Scan(&aff.ID); err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, now, audit.Create, "affiliation", idString(aff.ID), aff.OrgID, nil, affiliationAuditOf(aff)); err != nil {
			return err
		}
		// The affiliation recorded last is the main one.
		if _, err := tx.ExecContext(ctx, `UPDATE people SET org_id = ?, updated_at = ? WHERE id = ?`, aff.OrgID, now, person.ID); err != nil {
			return err
		}
		person.OrgID, person.UpdatedAt = aff.OrgID, now
	case !affiliationSame(oldAff, aff):
		aff.ID = oldAff.ID
		if _, err := tx.ExecContext(ctx, `UPDATE affiliations SET department = ?, position = ?, kind = ?, work_email = ?, work_phone = ?,
			started = ?, updated_at = ? WHERE id = ?`, aff.Department, aff.Position, string(aff.Kind), aff.WorkEmail, aff.WorkPhone,
			store.Null(aff.Started), now, aff.ID); err != nil {
			return err
		}
		if err := audit.Write(ctx, tx, now, audit.Update, "affiliation", idString(aff.ID), aff.OrgID, affiliationAuditOf(oldAff), affiliationAuditOf(aff)); err != nil {
			return err
		}
	default:
		aff.ID = oldAff.ID
	}
	return nil
}
