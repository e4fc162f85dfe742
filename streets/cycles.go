package streets

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

const cycleColumns = `c.id, c.year, c.name, c.partners, c.call_text, COALESCE(c.call_opens, ''), COALESCE(c.call_closes, ''),
	c.training, c.notes, c.version, c.created_at, c.updated_at`

func scanCycle(sc interface{ Scan(...any) error }) (*Cycle, error) {
	var c Cycle
	err := sc.Scan(&c.ID, &c.Year, &c.Name, &c.Partners, &c.Call, &c.CallOpens, &c.CallCloses,
		&c.Training, &c.Notes, &c.Version, &c.CreatedAt, &c.UpdatedAt)
	return &c, err
}

// Cycles returns every cycle, latest year first, with its figures.
func (s *Service) Cycles(ctx context.Context) ([]Cycle, error) {
	return s.cycles(ctx, s.DB, 0)
}

// Cycle returns one cycle with its figures. ENOTFOUND.
func (s *Service) Cycle(ctx context.Context, id int64) (*Cycle, error) {
	cs, err := s.cycles(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, notFound()
	}
	return &cs[0], nil
}

// cycles reads the cycles (one when id is not 0) and computes their
// figures: two grouped reads, of the applications and of the sites the
// actor may read.
func (s *Service) cycles(ctx context.Context, q store.Querier, id int64) ([]Cycle, error) {
	where, args := "", []any(nil)
	if id != 0 {
		where, args = " WHERE c.id = ?", []any{id}
	}
	rows, err := q.QueryContext(ctx, `SELECT `+cycleColumns+` FROM street_cycles c`+where+` ORDER BY c.year DESC`, args...)
	if err != nil {
		return nil, err
	}
	var out []Cycle
	at := map[int64]int{}
	for rows.Next() {
		c, err := scanCycle(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		at[c.ID] = len(out)
		out = append(out, *c)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}

	pwhere := ""
	if id != 0 {
		pwhere = " WHERE p.cycle_id = ?"
	}
	rows, err = q.QueryContext(ctx, `SELECT p.cycle_id, p.status, COALESCE(o.province_id, '')
		FROM street_participants p JOIN organisations o ON o.id = p.org_id`+pwhere, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var cid int64
		var status, province string
		if err := rows.Scan(&cid, &status, &province); err != nil {
			rows.Close()
			return nil, err
		}
		c := &out[at[cid]]
		c.Applicants++
		if ParticipantStatus(status) == Selected {
			c.Selected++
			if province != "" && !slices.Contains(c.Cities, province) {
				c.Cities = append(c.Cities, province)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		slices.Sort(out[i].Cities)
	}

	cond, cargs := readCond(birlik.ActorFrom(ctx))
	if id != 0 {
		cond, cargs = cond+" AND ss.cycle_id = ?", append(cargs, id)
	}
	rows, err = q.QueryContext(ctx, `SELECT ss.cycle_id, COUNT(*),
		COALESCE(SUM(CASE WHEN ss.phase IN ('tactical', 'permanent', 'evaluated') THEN ss.area_m2 ELSE 0 END), 0)
		FROM street_sites ss WHERE `+cond+` GROUP BY ss.cycle_id`, cargs...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var n int
		var area float64
		if err := rows.Scan(&cid, &n, &area); err != nil {
			return nil, err
		}
		if i, ok := at[cid]; ok {
			out[i].Sites, out[i].AreaM2 = n, area
		}
	}
	return out, rows.Err()
}

// cycleAudit is what the audit log keeps of a cycle.
type cycleAudit struct {
	ID         int64  `json:"id"`
	Year       int    `json:"year"`
	Name       string `json:"name"`
	Partners   string `json:"partners"`
	Call       string `json:"call"`
	CallOpens  string `json:"call_opens"`
	CallCloses string `json:"call_closes"`
	Training   string `json:"training"`
	Notes      string `json:"notes"`
	Version    int    `json:"version"`
}

func auditCycle(c *Cycle) cycleAudit {
	return cycleAudit{c.ID, c.Year, c.Name, c.Partners, c.Call, c.CallOpens, c.CallCloses, c.Training, c.Notes, c.Version}
}

func validateCycle(c *Cycle) error {
	var v birlik.Invalid
	if c.Year < 2000 || c.Year > 2100 {
		v.Add("year", "error.streets.year_invalid")
	}
	checkText(&v, "name", &c.Name, true, false, maxName)
	checkText(&v, "partners", &c.Partners, false, true, maxText)
	checkText(&v, "call", &c.Call, false, true, maxText)
	checkText(&v, "training", &c.Training, false, true, maxText)
	checkText(&v, "notes", &c.Notes, false, true, maxText)
	checkDate(&v, "call_opens", c.CallOpens, false)
	checkDate(&v, "call_closes", c.CallCloses, false)
	if !v.Has("call_opens") && !v.Has("call_closes") && c.CallOpens != "" && c.CallCloses != "" && c.CallCloses < c.CallOpens {
		v.Add("call_closes", "error.streets.date_order")
	}
	return v.Err()
}

// yearTaken is the field error of a cycle whose year another cycle has.
func yearTaken() error {
	var v birlik.Invalid
	v.Add("year", "error.streets.year_taken")
	return v.Err()
}

// SaveCycle creates (ID 0) or updates a cycle; union staff only. On
// success c holds the stored cycle. EINVALID (field errors; "year" when
// another cycle has that year), EFORBIDDEN, ECONFLICT (stale version),
// ENOTFOUND.
func (s *Service) SaveCycle(ctx context.Context, c *Cycle) error {
	if !staff(birlik.ActorFrom(ctx)) {
		return forbidden()
	}
	if err := validateCycle(c); err != nil {
		return err
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := s.now()
	var old *Cycle
	if c.ID == 0 {
		err = tx.QueryRowContext(ctx, `INSERT INTO street_cycles (year, name, partners, call_text, call_opens, call_closes,
			training, notes, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id`,
			c.Year, c.Name, c.Partners, c.Call, store.Null(c.CallOpens), store.Null(c.CallCloses), c.Training, c.Notes, now, now).Scan(&c.ID)
	} else {
		old, err = scanCycle(tx.QueryRowContext(ctx, `SELECT `+cycleColumns+` FROM street_cycles c WHERE c.id = ?`, c.ID))
		if err := checkStored(err, old.Version, c.Version); err != nil {
			return err
		}
		err = updateVersioned(ctx, tx, `UPDATE street_cycles SET year = ?, name = ?, partners = ?, call_text = ?, call_opens = ?,
			call_closes = ?, training = ?, notes = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			c.Year, c.Name, c.Partners, c.Call, store.Null(c.CallOpens), store.Null(c.CallCloses), c.Training, c.Notes, now, c.ID, c.Version)
	}
	if store.IsUniqueViolation(err) {
		return yearTaken()
	}
	if err != nil {
		return err
	}
	stored, err := s.cycles(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	action, before := audit.Create, any(nil)
	if old != nil {
		action, before = audit.Update, auditCycle(old)
	}
	if err := audit.Write(ctx, tx, now, action, "street_cycle", strconv.FormatInt(c.ID, 10), "", before, auditCycle(&stored[0])); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*c = stored[0]
	return nil
}

const participantColumns = `p.cycle_id, p.org_id, o.name, COALESCE(o.province_id, ''), COALESCE(pl.name, ''), p.status,
	p.applied_on, COALESCE(p.decided_on, ''), p.team, p.training, p.notes, p.version`

const participantFrom = ` FROM street_participants p JOIN organisations o ON o.id = p.org_id
	LEFT JOIN places pl ON pl.id = o.province_id`

func scanParticipant(sc interface{ Scan(...any) error }) (*Participant, error) {
	var p Participant
	err := sc.Scan(&p.CycleID, &p.OrgID, &p.OrgName, &p.ProvinceID, &p.ProvinceName, &p.Status,
		&p.AppliedOn, &p.DecidedOn, &p.Team, &p.Training, &p.Notes, &p.Version)
	return &p, err
}

// participantCond is the condition on street_participants (aliased p)
// the actor may read: every application to staff; to anyone the selected
// municipalities; to a focal point, also their own municipality's.
func participantCond(a birlik.Actor) (string, []any) {
	switch {
	case staff(a):
		return "1 = 1", nil
	case a.Scoped() && a.OrgID != "":
		return "(p.status = 'selected' OR p.org_id = ?)", []any{a.OrgID}
	}
	return "p.status = 'selected'", nil
}

// Participants returns the cycle's applications the actor may read, by
// province then name: every one to staff, the selected municipalities to
// anyone, and a focal point's own municipality's. A team and its notes
// are shown to those who may edit them only. ENOTFOUND for no cycle.
func (s *Service) Participants(ctx context.Context, cycleID int64) ([]Participant, error) {
	var one int
	err := s.DB.QueryRowContext(ctx, `SELECT 1 FROM street_cycles WHERE id = ?`, cycleID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	a := birlik.ActorFrom(ctx)
	cond, args := participantCond(a)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+participantColumns+participantFrom+` WHERE p.cycle_id = ? AND `+cond+`
		ORDER BY pl.sort_key, o.sort_key`, append([]any{cycleID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Participant
	for rows.Next() {
		p, err := scanParticipant(rows)
		if err != nil {
			return nil, err
		}
		if !MayEdit(a, p.OrgID) {
			p.Team, p.Notes = "", ""
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// participantAudit is what the audit log keeps of an application.
type participantAudit struct {
	CycleID   int64             `json:"cycle_id"`
	OrgID     string            `json:"org_id"`
	Status    ParticipantStatus `json:"status"`
	AppliedOn string            `json:"applied_on"`
	DecidedOn string            `json:"decided_on"`
	Team      string            `json:"team"`
	Training  TrainingStatus    `json:"training"`
	Notes     string            `json:"notes"`
	Version   int               `json:"version"`
}

func auditParticipant(p *Participant) participantAudit {
	return participantAudit{p.CycleID, p.OrgID, p.Status, p.AppliedOn, p.DecidedOn, p.Team, p.Training, p.Notes, p.Version}
}

// focalMoves are the changes of status a focal point may make to their
// municipality's application: apply, edit it, and withdraw it before or
// after selection. Deciding is union staff's.
var focalMoves = map[ParticipantStatus][]ParticipantStatus{
	"":       {Applied},
	Applied:  {Applied, Withdrawn},
	Selected: {Selected, Withdrawn},
}

func validateParticipant(p *Participant, today string) error {
	var v birlik.Invalid
	if !slices.Contains([]ParticipantStatus{Applied, Selected, Declined, Withdrawn}, p.Status) {
		v.Add("status", "error.streets.status_invalid")
	}
	if p.Training == "" {
		p.Training = TrainingNotStarted
	}
	if !slices.Contains([]TrainingStatus{TrainingNotStarted, TrainingOngoing, TrainingCompleted}, p.Training) {
		v.Add("training", "error.streets.training_invalid")
	}
	checkText(&v, "team", &p.Team, false, true, maxText)
	checkText(&v, "notes", &p.Notes, false, true, maxText)
	if p.AppliedOn == "" {
		p.AppliedOn = today
	}
	switch p.Status {
	case Applied:
		p.DecidedOn = ""
	case Selected, Declined:
		if p.DecidedOn == "" {
			p.DecidedOn = today
		}
	}
	checkDate(&v, "applied_on", p.AppliedOn, true)
	checkDate(&v, "decided_on", p.DecidedOn, false)
	if !v.Has("applied_on") && !v.Has("decided_on") && p.DecidedOn != "" && p.DecidedOn < p.AppliedOn {
		v.Add("decided_on", "error.streets.date_order")
	}
	return v.Err()
}

// SaveParticipant records an application (p.Version 0) or changes one
// (p.Version the version edited). A focal point applies for their own
// municipality (p.OrgID empty or theirs), edits its team and notes, and
// withdraws it; the training status stays as staff set it. Union staff
// add any municipality, decide (selected, declined) and follow the
// training. The municipality's scope is a condition of the statements
// themselves. On success p holds the stored application. EINVALID,
// EFORBIDDEN (another municipality, or a decision), ECONFLICT (stale
// version, or an application that exists already), ENOTFOUND (no cycle,
// or no application to change).
func (s *Service) SaveParticipant(ctx context.Context, p *Participant) error {
	a := birlik.ActorFrom(ctx)
	focal := !staff(a)
	if focal {
		if !a.Scoped() || a.OrgID == "" {
			return forbidden()
		}
		if p.OrgID == "" {
			p.OrgID = a.OrgID
		}
		if p.OrgID != a.OrgID {
			return forbidden()
		}
	}
	// scope(column) is the condition that the organisation in column is
	// one the actor may apply for.
	scope, sargs := func(string) string { return "1 = 1" }, []any(nil)
	if focal {
		scope, sargs = func(column string) string { return column + " = ?" }, []any{a.OrgID}
	}
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM street_cycles WHERE id = ?`, p.CycleID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
		return notFound()
	} else if err != nil {
		return err
	}
	var old *Participant
	if p.Version != 0 {
		old, err = scanParticipant(tx.QueryRowContext(ctx, `SELECT `+participantColumns+participantFrom+
			` WHERE p.cycle_id = ? AND p.org_id = ? AND `+scope("p.org_id"), append([]any{p.CycleID, p.OrgID}, sargs...)...))
		if err := checkStored(err, old.Version, p.Version); err != nil {
			return err
		}
	}
	if focal {
		from := ParticipantStatus("")
		if old != nil {
			from = old.Status
			p.Training, p.DecidedOn = old.Training, old.DecidedOn
		} else {
			p.Training, p.DecidedOn = TrainingNotStarted, ""
		}
		if !slices.Contains(focalMoves[from], p.Status) {
			return forbidden()
		}
	}
	now := s.now()
	if err := validateParticipant(p, now.Format(dateLayout)); err != nil {
		return err
	}
	if old == nil {
		// The organisation must be a municipality, and the focal point's
		// own: both conditions of the insert.
		res, err := tx.ExecContext(ctx, `INSERT INTO street_participants (cycle_id, org_id, status, applied_on, decided_on, team,
			training, notes, version, created_at, updated_at)
			SELECT ?, o.id, ?, ?, ?, ?, ?, ?, 1, ?, ? FROM organisations o WHERE o.id = ? AND o.kind = 'municipality' AND `+scope("o.id"),
			append([]any{p.CycleID, string(p.Status), p.AppliedOn, store.Null(p.DecidedOn), p.Team, string(p.Training), p.Notes,
				now, now, p.OrgID}, sargs...)...)
		if store.IsUniqueViolation(err) {
			return birlik.Errorf(birlik.ECONFLICT, "error.streets.already_applied")
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var v birlik.Invalid
			v.Add("org_id", "error.streets.org_invalid")
			return v.Err()
		}
	} else {
		err := updateVersioned(ctx, tx, `UPDATE street_participants SET status = ?, applied_on = ?, decided_on = ?, team = ?,
			training = ?, notes = ?, version = version + 1, updated_at = ?
			WHERE cycle_id = ? AND org_id = ? AND version = ? AND `+scope("org_id"),
			append([]any{string(p.Status), p.AppliedOn, store.Null(p.DecidedOn), p.Team, string(p.Training), p.Notes, now,
				p.CycleID, p.OrgID, p.Version}, sargs...)...)
		if err != nil {
			return err
		}
	}
	stored, err := scanParticipant(tx.QueryRowContext(ctx, `SELECT `+participantColumns+participantFrom+
		` WHERE p.cycle_id = ? AND p.org_id = ?`, p.CycleID, p.OrgID))
	if err != nil {
		return err
	}
	action, before := audit.Create, any(nil)
	if old != nil {
		action, before = audit.Update, auditParticipant(old)
	}
	id := strconv.FormatInt(p.CycleID, 10) + "/" + p.OrgID
	if err := audit.Write(ctx, tx, now, action, "street_participant", id, p.OrgID, before, auditParticipant(stored)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*p = *stored
	return nil
}
