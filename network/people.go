package network

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/locale"
	"birlik/store"
)

// People are personal data. Who may read them is decided in the WHERE
// clause of every query, from the actor: union staff and committee members
// read everyone; a focal point reads only the people who currently work
// for their organisation; anyone else reads no one. A person outside the
// actor's reach is reported as not found, so that a focal point cannot
// learn who exists elsewhere.

// scopeCond is the condition that limits people (aliased p) to the
// focal point's organisation: a current affiliation there. It is written
// as IN over the organisation's affiliations, not as a correlated EXISTS,
// so that SQLite starts from the affiliations_org index instead of
// testing every person (counting a municipality's people at demo scale
// 100: 76 ms → 3 ms).
const scopeCond = `p.id IN (SELECT s.person_id FROM affiliations s WHERE s.org_id = ? AND s.ended IS NULL)`

// readScope returns the condition and arguments that limit the people an
// actor may read, "" for everyone, or EFORBIDDEN.
func readScope(a birlik.Actor) (string, []any, error) {
	switch {
	case a.Is(birlik.RoleAdmin, birlik.RoleCoordinator, birlik.RoleCommittee):
		return "", nil, nil
	case a.Scoped() && a.OrgID != "":
		return scopeCond, []any{a.OrgID}, nil
	}
	return "", nil, forbidden()
}

// writeScope is readScope for changes: committee members read but do not
// write.
func writeScope(a birlik.Actor) (string, []any, error) {
	switch {
	case a.Staff():
		return "", nil, nil
	case a.Scoped() && a.OrgID != "":
		return scopeCond, []any{a.OrgID}, nil
	}
	return "", nil, forbidden()
}

// mainAffiliation picks a person's main current affiliation: the one
// recorded last. people.org_id always names its organisation.
const mainAffiliation = `(SELECT x.id FROM affiliations x WHERE x.person_id = p.id AND x.ended IS NULL ORDER BY x.id DESC LIMIT 1)`

const personColumns = `p.id, p.given_name, p.family_name, p.honorific, p.gender, COALESCE(p.email, ''), p.phone, p.lang, p.notes,
	p.version, p.created_at, p.updated_at, COALESCE(p.org_id, ''), COALESCE(o.name, ''), COALESCE(m.position, ''), COALESCE(m.department, '')`

const personFrom = ` FROM people p
	LEFT JOIN organisations o ON o.id = p.org_id
	LEFT JOIN affiliations m ON m.id = ` + mainAffiliation

func scanPerson(sc interface{ Scan(...any) error }) (*Person, error) {
	var p Person
	err := sc.Scan(&p.ID, &p.GivenName, &p.FamilyName, &p.Honorific, &p.Gender, &p.Email, &p.Phone, &p.Lang, &p.Notes,
		&p.Version, &p.CreatedAt, &p.UpdatedAt, &p.OrgID, &p.OrgName, &p.Position, &p.Department)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// personByID reads one person within the scope condition, with their
// affiliations.
func personByID(ctx context.Context, q store.Querier, id int64, scope string, scopeArgs []any) (*Person, error) {
	query := `SELECT ` + personColumns + personFrom + ` WHERE p.id = ?`
	if scope != "" {
		query += " AND " + scope
	}
	p, err := scanPerson(q.QueryRowContext(ctx, query, append([]any{id}, scopeArgs...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	p.Affiliations, err = affiliationsOf(ctx, q, id)
	return p, err
}

const affiliationColumns = `a.id, a.person_id, a.org_id, COALESCE(o.name, ''), a.department, a.position, a.kind,
	a.work_email, a.work_phone, COALESCE(a.started, ''), COALESCE(a.ended, '')`

func scanAffiliation(sc interface{ Scan(...any) error }) (Affiliation, error) {
	var a Affiliation
	err := sc.Scan(&a.ID, &a.PersonID, &a.OrgID, &a.OrgName, &a.Department, &a.Position, &a.Kind, &a.WorkEmail, &a.WorkPhone, &a.Started, &a.Ended)
	return a, err
}

func affiliationsOf(ctx context.Context, q store.Querier, personID int64) ([]Affiliation, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+affiliationColumns+` FROM affiliations a LEFT JOIN organisations o ON o.id = a.org_id
		WHERE a.person_id = ? ORDER BY a.ended IS NOT NULL, COALESCE(a.ended, '') DESC, COALESCE(a.started, '') DESC, a.id DESC`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Affiliation
	for rows.Next() {
		a, err := scanAffiliation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Person returns one person with their affiliations, current first. It
// returns EFORBIDDEN to those who may read no one, and ENOTFOUND when the
// person does not exist or is outside the actor's reach.
func (s *Service) Person(ctx context.Context, id int64) (*Person, error) {
	scope, args, err := readScope(birlik.ActorFrom(ctx))
	if err != nil {
		return nil, err
	}
	return personByID(ctx, s.DB, id, scope, args)
}

// personSortKey orders people by family name, then given name. The two
// keys are joined rather than the names, so that "Ak, Zeynep" sorts before
// "Akın, Ali" whatever the collation makes of a space.
func personSortKey(p *Person) []byte {
	return append(locale.SortKey(p.FamilyName), locale.SortKey(p.GivenName)...)
}

func personSearch(p *Person) string {
	return locale.Fold(p.GivenName + " " + p.FamilyName + " " + p.Email)
}

// personAudit and affiliationAudit are what the audit log keeps of a
// person and an affiliation.
type personAudit struct {
	ID         int64  `json:"id"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	Honorific  string `json:"honorific"`
	Gender     Gender `json:"gender"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
	Lang       string `json:"lang"`
	Notes      string `json:"notes"`
	OrgID      string `json:"org_id"`
	Version    int    `json:"version"`
}

func personAuditOf(p *Person) personAudit {
	return personAudit{p.ID, p.GivenName, p.FamilyName, p.Honorific, p.Gender, p.Email, p.Phone, p.Lang, p.Notes, p.OrgID, p.Version}
}

type affiliationAudit struct {
	ID         int64           `json:"id"`
	PersonID   int64           `json:"person_id"`
	OrgID      string          `json:"org_id"`
	Department string          `json:"department"`
	Position   string          `json:"position"`
	Kind       AffiliationKind `json:"kind"`
	WorkEmail  string          `json:"work_email"`
	WorkPhone  string          `json:"work_phone"`
	Started    string          `json:"started"`
	Ended      string          `json:"ended"`
}

func affiliationAuditOf(a *Affiliation) affiliationAudit {
	return affiliationAudit{a.ID, a.PersonID, a.OrgID, a.Department, a.Position, a.Kind, a.WorkEmail, a.WorkPhone, a.Started, a.Ended}
}

func personSame(a, b *Person) bool {
	return a.GivenName == b.GivenName && a.FamilyName == b.FamilyName && a.Honorific == b.Honorific && a.Gender == b.Gender &&
		a.Email == b.Email && a.Phone == b.Phone && a.Lang == b.Lang && a.Notes == b.Notes
}

func affiliationSame(a, b *Affiliation) bool {
	return a.OrgID == b.OrgID && a.Department == b.Department && a.Position == b.Position && a.Kind == b.Kind &&
		a.WorkEmail == b.WorkEmail && a.WorkPhone == b.WorkPhone && a.Started == b.Started && a.Ended == b.Ended
}

// validatePerson normalises p in place and lists every problem. Field
// names are the CSV column names.
func validatePerson(p *Person) issues {
	var is issues
	is.text("given_name", &p.GivenName, true, maxPersonName, false)
	is.text("family_name", &p.FamilyName, true, maxPersonName, false)
	is.text("honorific", &p.Honorific, false, maxHonorific, false)
	p.Gender = Gender(strings.ToLower(strings.TrimSpace(string(p.Gender))))
	if !validGender(p.Gender) {
		is.add("gender", "error.network.gender.invalid")
	}
	is.email("email", &p.Email)
	is.phone("phone", &p.Phone)
	p.Lang = strings.ToLower(strings.TrimSpace(p.Lang))
	if p.Lang == "" {
		p.Lang = locale.Default
	}
	if !validLang(p.Lang) {
		is.add("lang", "error.network.lang.invalid")
	}
	is.text("notes", &p.Notes, false, maxNotes, true)
	return is
}

// validateAffiliation normalises a in place and adds its problems to is.
// Whether the organisation exists is the caller's to check.
func validateAffiliation(a *Affiliation, is *issues) {
	a.OrgID = strings.TrimSpace(a.OrgID)
	if a.OrgID == "" {
		is.add("org_id", "error.network.required")
	} else if !validID(a.OrgID) {
		is.add("org_id", "error.network.org.unknown")
	}
	is.text("department", &a.Department, false, maxPosition, false)
	is.text("position", &a.Position, false, maxPosition, false)
	a.Kind = AffiliationKind(strings.ToLower(strings.TrimSpace(string(a.Kind))))
	if a.Kind == "" {
		a.Kind = Staff
	}
	if !validAffiliationKind(a.Kind) {
		is.add("affiliation_kind", "error.network.affiliation_kind.invalid")
	}
	is.email("work_email", &a.WorkEmail)
	is.phone("work_phone", &a.WorkPhone)
	is.date("started", &a.Started)
	is.date("ended", &a.Ended)
	is.dateOrder("ended", a.Started, a.Ended)
}

func orgExists(ctx context.Context, q store.Querier, id string) (string, bool, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM organisations WHERE id = ?`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return name, err == nil, err
}

func (is *issues) org(ctx context.Context, q store.Querier, a *Affiliation) error {
	if a.OrgID == "" || is.has("org_id") {
		return nil
	}
	name, ok, err := orgExists(ctx, q, a.OrgID)
	if err != nil {
		return err
	}
	if !ok {
		is.add("org_id", "error.network.org.unknown")
	}
	a.OrgName = name
	return nil
}

func emailTaken() error {
	return &birlik.Error{Code: birlik.ECONFLICT, Message: "error.network.email.taken", Fields: map[string]string{"email": "error.network.email.taken"}}
}

const insertPersonSQL = `INSERT INTO people (given_name, family_name, honorific, gender, email, phone, lang, notes, org_id, sort_key, search_text, version, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`

func insertPersonArgs(p *Person, now time.Time) []any {
	return []any{p.GivenName, p.FamilyName, p.Honorific, string(p.Gender), store.Null(p.Email), p.Phone, p.Lang, p.Notes,
		store.Null(p.OrgID), personSortKey(p), personSearch(p), now, now}
}

const insertAffiliationSQL = `INSERT INTO affiliations (person_id, org_id, department, position, kind, work_email, work_phone, started, ended, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

func insertAffiliationArgs(a *Affiliation, now time.Time) []any {
	return []any{a.PersonID, a.OrgID, a.Department, a.Position, string(a.Kind), a.WorkEmail, a.WorkPhone,
		store.Null(a.Started), store.Null(a.Ended), now, now}
}

const updatePersonSQL = `UPDATE people SET given_name = ?, family_name = ?, honorific = ?, gender = ?, email = ?, phone = ?,
	lang = ?, notes = ?, sort_key = ?, search_text = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`

func updatePersonArgs(p *Person, now time.Time, version int) []any {
	return []any{p.GivenName, p.FamilyName, p.Honorific, string(p.Gender), store.Null(p.Email), p.Phone, p.Lang, p.Notes,
		personSortKey(p), personSearch(p), now, p.ID, version}
}

// setMainOrg points people.org_id at the organisation of the person's main
// current affiliation, or NULL when none lasts.
func setMainOrg(ctx context.Context, tx *store.Tx, personID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE people SET org_id = (SELECT a.org_id FROM affiliations a
		WHERE a.person_id = people.id AND a.ended IS NULL ORDER BY a.id DESC LIMIT 1), updated_at = ? WHERE id = ?`, now, personID)
	return err
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// CreatePerson adds a person with their first affiliation. Union staff may
// add anyone; a focal point may add people only to their own organisation
// (first.OrgID must be it), and only with a current affiliation, so that
// they can see what they made. Committee members, viewers and the public
// get EFORBIDDEN. It returns EINVALID with every field problem (person
// and affiliation fields together, by their CSV column names), and
// ECONFLICT when the e-mail belongs to someone else. On success p holds
// the stored person with the affiliation.
func (s *Service) CreatePerson(ctx context.Context, p *Person, first Affiliation) error {
	a := birlik.ActorFrom(ctx)
	if _, _, err := writeScope(a); err != nil {
		return err
	}
	if !a.Staff() && strings.TrimSpace(first.OrgID) != a.OrgID {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	is := validatePerson(p)
	validateAffiliation(&first, &is)
	if !a.Staff() && first.Ended != "" && !is.has("ended") {
		is.add("ended", "error.network.affiliation.must_be_current")
	}
	if err := is.org(ctx, tx, &first); err != nil {
		return err
	}
	if err := is.err(); err != nil {
		return err
	}
	now := s.now()
	p.OrgID = ""
	if first.Current() {
		p.OrgID = first.OrgID
	}
	err = tx.QueryRowContext(ctx, insertPersonSQL, insertPersonArgs(p, now)...).Scan(&p.ID)
	if store.IsUniqueViolation(err) {
		return emailTaken()
	}
	if err != nil {
		return err
	}
	p.Version = 1
	first.PersonID = p.ID
	if err := tx.QueryRowContext(ctx, insertAffiliationSQL, insertAffiliationArgs(&first, now)...).Scan(&first.ID); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "person", idString(p.ID), p.OrgID, nil, personAuditOf(p)); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "affiliation", idString(first.ID), first.OrgID, nil, affiliationAuditOf(&first)); err != nil {
		return err
	}
	stored, err := personByID(ctx, tx, p.ID, "", nil)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*p = *stored
	return nil
}

// UpdatePerson stores changes to a person's own fields (names, honorific,
// gender, e-mail, phone, language, notes); affiliations change through
// AddAffiliation and EndAffiliation. p.Version must be the version the
// change was made from, else ECONFLICT. Union staff may update anyone, a
// focal point only people currently at their organisation (others are
// ENOTFOUND); anyone else gets EFORBIDDEN. On success p holds the stored
// person.
func (s *Service) UpdatePerson(ctx context.Context, p *Person) error {
	scope, args, err := writeScope(birlik.ActorFrom(ctx))
	if err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := personByID(ctx, tx, p.ID, scope, args)
	if err != nil {
		return err
	}
	if p.Version != old.Version {
		return conflict()
	}
	next := *p
	if err := validatePerson(&next).err(); err != nil {
		return err
	}
	if personSame(old, &next) {
		*p = *old
		return nil
	}
	now := s.now()
	next.ID = old.ID
	res, err := tx.ExecContext(ctx, updatePersonSQL, updatePersonArgs(&next, now, old.Version)...)
	if store.IsUniqueViolation(err) {
		return emailTaken()
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict()
	}
	stored, err := personByID(ctx, tx, p.ID, "", nil)
	if err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Update, "person", idString(p.ID), stored.OrgID, personAuditOf(old), personAuditOf(stored)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*p = *stored
	return nil
}

// today is the calendar date affiliations end on when no date is given:
// the date where the union works, not in UTC, which is still yesterday
// between midnight and 03:00 in Istanbul.
func (s *Service) today() string { return s.Now().In(unionZone).Format(time.DateOnly) }

// unionZone is Turkey's time, UTC+3 all year since 2016; the fixed zone
// stands in where the binary carries no zone database.
var unionZone = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Istanbul"); err == nil {
		return l
	}
	return time.FixedZone("TRT", 3*60*60)
}()

// AddAffiliation records a new tie between a person and an organisation.
// With endOthers it records a move: the person's current affiliations end
// on the new one's start date (today when it has none), so the history
// stays. The new affiliation, when current, becomes the person's main one.
// Union staff may do this for anyone. A focal point may add affiliations
// only to their own organisation, for people currently there, and
// endOthers then ends only the affiliations with their organisation: the
// records of other municipalities are not theirs to change. It returns
// EFORBIDDEN, ENOTFOUND (no such person within reach) or EINVALID. On
// success a holds the stored affiliation.
func (s *Service) AddAffiliation(ctx context.Context, personID int64, a *Affiliation, endOthers bool) error {
	actor := birlik.ActorFrom(ctx)
	scope, args, err := writeScope(actor)
	if err != nil {
		return err
	}
	if !actor.Staff() && strings.TrimSpace(a.OrgID) != actor.OrgID {
		return forbidden()
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	person, err := personByID(ctx, tx, personID, scope, args)
	if err != nil {
		return err
	}
	var is issues
	validateAffiliation(a, &is)
	if err := is.org(ctx, tx, a); err != nil {
		return err
	}
	if err := is.err(); err != nil {
		return err
	}
	now := s.now()
	if endOthers {
		end := a.Started
		if end == "" {
			end = s.today()
		}
		for i := range person.Affiliations {
			c := &person.Affiliations[i]
			if !c.Current() || (!actor.Staff() && c.OrgID != actor.OrgID) {
				continue
			}
			if err := s.endAffiliation(ctx, tx, c, max(end, c.Started), now); err != nil {
				return err
			}
		}
	}
	a.PersonID = personID
	if err := tx.QueryRowContext(ctx, insertAffiliationSQL, insertAffiliationArgs(a, now)...).Scan(&a.ID); err != nil {
		return err
	}
	if err := audit.Write(ctx, tx, now, audit.Create, "affiliation", idString(a.ID), a.OrgID, nil, affiliationAuditOf(a)); err != nil {
		return err
	}
	if err := setMainOrg(ctx, tx, personID, now); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Service) endAffiliation(ctx context.Context, tx *store.Tx, a *Affiliation, ended string, now time.Time) error {
	before := *a
	if _, err := tx.ExecContext(ctx, `UPDATE affiliations SET ended = ?, updated_at = ? WHERE id = ?`, ended, now, a.ID); err != nil {
		return err
	}
	a.Ended = ended
	return audit.Write(ctx, tx, now, audit.Update, "affiliation", idString(a.ID), a.OrgID, affiliationAuditOf(&before), affiliationAuditOf(a))
}

// EndAffiliation ends a current affiliation on the given date (today when
// ""), for when someone leaves. A focal point may end only affiliations
// with their own organisation, and loses sight of the person once none is
// left there. It returns EFORBIDDEN, ENOTFOUND (no such person or
// affiliation within reach), or EINVALID when the date is malformed,
// before the start, or the affiliation has already ended.
func (s *Service) EndAffiliation(ctx context.Context, personID, affiliationID int64, ended string) error {
	actor := birlik.ActorFrom(ctx)
	scope, args, err := writeScope(actor)
	if err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	person, err := personByID(ctx, tx, personID, scope, args)
	if err != nil {
		return err
	}
	var a *Affiliation
	for i := range person.Affiliations {
		if person.Affiliations[i].ID == affiliationID {
			a = &person.Affiliations[i]
		}
	}
	if a == nil {
		return notFound()
	}
	if !actor.Staff() && a.OrgID != actor.OrgID {
		return forbidden()
	}
	var is issues
	if ended == "" {
		ended = s.today()
	}
	is.date("ended", &ended)
	switch {
	case is.has("ended"):
	case !a.Current():
		is.add("ended", "error.network.affiliation.ended")
	default:
		is.dateOrder("ended", a.Started, ended)
	}
	if err := is.err(); err != nil {
		return err
	}
	now := s.now()
	if err := s.endAffiliation(ctx, tx, a, ended, now); err != nil {
		return err
	}
	if err := setMainOrg(ctx, tx, personID, now); err != nil {
		return err
	}
	return tx.Commit()
}
