package publiclife

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// checkSurvey returns the problems of sv that need no database as field
// errors: start, stop, method, microclimate, temperature_c, day_kind,
// surveyor, notes, counts, and counts.<i>.<attribute> (gender, age, mode,
// posture, activity, group, object, n) for the count at index i.
func checkSurvey(sv *Survey) *birlik.Invalid {
	var v birlik.Invalid
	switch {
	case sv.Start.IsZero():
		v.Add("start", "error.publiclife.required")
	case sv.Stop.IsZero():
		v.Add("stop", "error.publiclife.required")
	case !sv.Stop.After(sv.Start):
		v.Add("stop", "error.publiclife.stop_before_start")
	case sv.Stop.Sub(sv.Start).Hours() > maxHours:
		v.AddArgs("stop", "error.publiclife.too_long_survey", "hours", maxHours)
	}
	if !slices.Contains(Methods, sv.Method) {
		v.Add("method", "error.publiclife.method_invalid")
	}
	if sv.Microclimate != "" && !slices.Contains(Microclimates, sv.Microclimate) {
		v.Add("microclimate", "error.publiclife.category_unknown")
	}
	if t := sv.TemperatureC; t != nil && (*t < -40 || *t > 60 || *t != *t) {
		v.Add("temperature_c", "error.publiclife.temperature_invalid")
	}
	if sv.DayKind != "" && !slices.Contains(DayKinds, sv.DayKind) {
		v.Add("day_kind", "error.publiclife.category_unknown")
	}
	cleanField(&v, "surveyor", &sv.Surveyor, maxName, false)
	cleanField(&v, "notes", &sv.Notes, maxNote, true)
	if len(sv.Counts) > MaxCounts {
		v.AddArgs("counts", "error.publiclife.too_many_counts", "max", MaxCounts)
	}
	for i := range sv.Counts {
		if field, key := checkCount(&sv.Counts[i]); key != "" {
			v.Add(fmt.Sprintf("counts.%d.%s", i, field), key)
		}
	}
	return &v
}

// totalsOf adds up counts made at a location of the kind over the hours.
func totalsOf(counts []Count, kind LocationKind, hours float64) Totals {
	t := Totals{Hours: hours}
	byComponent := make([]int, len(components)+1) // the last: rows recording only a number
	for i := range counts {
		c := &counts[i]
		bare := true
		for j, comp := range components {
			if *comp.get(c) != "" {
				bare = false
				if comp.name != "object" {
					byComponent[j] += c.N
				}
			}
		}
		if bare {
			byComponent[len(components)] += c.N
		}
		switch {
		case slices.Contains(childBands, c.Age):
			t.Children += c.N
		case slices.Contains(olderBands, c.Age):
			t.Older += c.N
		}
		if c.Age != "" {
			t.Aged += c.N
		}
		switch c.Gender {
		case "female":
			t.Women += c.N
		case "male":
			t.Men += c.N
		}
	}
	t.People = slices.Max(byComponent)
	if kind == Area {
		t.Staying = t.People
	} else {
		t.Moving = t.People
	}
	return t
}

const surveyColumns = `sv.id, sv.study_id, sv.location_id, sv.site_id, sv.stage, sv.time_start, sv.time_stop, sv.method,
	sv.microclimate, sv.temperature_c, sv.day_kind, sv.surveyor, sv.notes, sv.people, sv.children, sv.older, sv.aged,
	sv.women, sv.men, sv.staying, sv.moving, sv.hours, sv.version, COALESCE(sv.created_by, 0), sv.created_at`

func scanSurvey(sc interface{ Scan(...any) error }) (Survey, error) {
	var sv Survey
	var temp sql.NullFloat64
	t := &sv.Totals
	err := sc.Scan(&sv.ID, &sv.StudyID, &sv.LocationID, &sv.SiteID, &sv.Stage, &sv.Start, &sv.Stop, &sv.Method,
		&sv.Microclimate, &temp, &sv.DayKind, &sv.Surveyor, &sv.Notes, &t.People, &t.Children, &t.Older, &t.Aged,
		&t.Women, &t.Men, &t.Staying, &t.Moving, &t.Hours, &sv.Version, &sv.CreatedBy, &sv.CreatedAt)
	if temp.Valid {
		sv.TemperatureC = &temp.Float64
	}
	sv.Start, sv.Stop, sv.CreatedAt = sv.Start.UTC(), sv.Stop.UTC(), sv.CreatedAt.UTC()
	return sv, err
}

// Surveys returns a site's surveys, latest first, without counts.
// ENOTFOUND when the site is hidden from the actor in ctx.
func (s *Service) Surveys(ctx context.Context, siteID int64) ([]Survey, error) {
	svs, err := siteRows(ctx, s.DB, siteID, `SELECT `+surveyColumns+` FROM publiclife_surveys sv WHERE sv.site_id = ?
		ORDER BY sv.time_start DESC, sv.id DESC`, scanSurvey)
	if err != nil {
		return nil, err
	}
	return svs, s.withoutNames(ctx, siteID, func() {
		for i := range svs {
			svs[i].Surveyor = ""
		}
	})
}

// Survey returns one survey with its counts. ENOTFOUND when there is
// none, or none the actor in ctx may read.
func (s *Service) Survey(ctx context.Context, id int64) (*Survey, error) {
	cond, args := readSiteCond(birlik.ActorFrom(ctx))
	sv, err := surveyByID(ctx, s.DB, id, cond, args)
	if err != nil {
		return nil, err
	}
	if err := s.withoutNames(ctx, sv.SiteID, func() { sv.Surveyor = "" }); err != nil {
		return nil, err
	}
	return sv, nil
}

func surveyByID(ctx context.Context, q store.Querier, id int64, cond string, args []any) (*Survey, error) {
	sv, err := scanSurvey(q.QueryRowContext(ctx, `SELECT `+surveyColumns+` FROM publiclife_surveys sv
		JOIN street_sites ss ON ss.id = sv.site_id WHERE sv.id = ? AND `+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT gender, age, mode, posture, activity, grp, object, n FROM publiclife_counts
		WHERE survey_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sv.Counts = []Count{}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Gender, &c.Age, &c.Mode, &c.Posture, &c.Activity, &c.Group, &c.Object, &c.N); err != nil {
			return nil, err
		}
		sv.Counts = append(sv.Counts, c)
	}
	return &sv, rows.Err()
}

// SaveSurvey creates a survey of sv.SiteID (sv.ID 0) or updates one from
// the version sv.Version, with its counts (which replace the stored
// ones), its totals and the site's reach, in one transaction. Its study
// and location must be the site's; its stage is its study's. It returns
// ENOTFOUND for a site or survey the actor may not read, EFORBIDDEN for
// one they may read but not write (a focal point and another
// municipality's site), EINVALID with every problem (see checkSurvey;
// also study_id and location_id), ECONFLICT for a stale version. On
// success sv holds the stored survey.
func (s *Service) SaveSurvey(ctx context.Context, sv *Survey) error {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var old *Survey
	if sv.ID != 0 {
		cond, args := readSiteCond(birlik.ActorFrom(ctx))
		if old, err = surveyByID(ctx, tx, sv.ID, cond, args); err != nil {
			return err
		}
		sv.SiteID = old.SiteID
	}
	org, err := mayWrite(ctx, tx, sv.SiteID)
	if err != nil {
		return err
	}
	v := checkSurvey(sv)
	// The study and the location must be the site's.
	var stage, kind sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT stage FROM publiclife_studies WHERE id = ? AND site_id = ?),
		(SELECT kind FROM publiclife_locations WHERE id = ? AND site_id = ?)`,
		sv.StudyID, sv.SiteID, sv.LocationID, sv.SiteID).Scan(&stage, &kind); err != nil {
		return err
	}
	if !stage.Valid {
		v.Add("study_id", "error.publiclife.study_invalid")
	}
	if !kind.Valid {
		v.Add("location_id", "error.publiclife.location_invalid")
	}
	sv.Stage = Stage(stage.String)
	if err := v.Err(); err != nil {
		return err
	}
	if old != nil && sv.Version != old.Version {
		return conflict()
	}
	now := s.now()
	sv.Start, sv.Stop = sv.Start.UTC().Truncate(time.Second), sv.Stop.UTC().Truncate(time.Second)
	sv.Totals = totalsOf(sv.Counts, LocationKind(kind.String), sv.Stop.Sub(sv.Start).Hours())
	if old == nil {
		sv.CreatedBy = birlik.ActorFrom(ctx).UserID
		if err := insertSurvey(ctx, tx, sv, now); err != nil {
			return err
		}
	} else if err := updateSurvey(ctx, tx, sv, old.Version, now); err != nil {
		return err
	}
	if err := insertCounts(ctx, tx, []*Survey{sv}); err != nil {
		return err
	}
	if err := updateReach(ctx, tx, sv.SiteID); err != nil {
		return err
	}
	stored, err := surveyByID(ctx, tx, sv.ID, "1 = 1", nil)
	if err != nil {
		return err
	}
	action, before := audit.Create, any(nil)
	if old != nil {
		action, before = audit.Update, old
	}
	if err := audit.Write(ctx, tx, now, action, "publiclife_survey", strconv.FormatInt(sv.ID, 10), org, before, stored); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*sv = *stored
	return nil
}

const insertSurveySQL = `INSERT INTO publiclife_surveys (site_id, study_id, location_id, stage, time_start, time_stop, method,
	microclimate, temperature_c, day_kind, surveyor, notes, people, children, older, aged, women, men, staying, moving, hours,
	created_by, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

// insertSurvey stores a new survey row (not its counts) and sets sv.ID.
func insertSurvey(ctx context.Context, tx *store.Tx, sv *Survey, now time.Time) error {
	st, err := tx.Prepared(ctx, insertSurveySQL)
	if err != nil {
		return err
	}
	t := &sv.Totals
	return st.QueryRowContext(ctx, sv.SiteID, sv.StudyID, sv.LocationID, string(sv.Stage), sv.Start, sv.Stop, string(sv.Method),
		sv.Microclimate, sv.TemperatureC, sv.DayKind, sv.Surveyor, sv.Notes, t.People, t.Children, t.Older, t.Aged, t.Women, t.Men,
		t.Staying, t.Moving, t.Hours, store.Null(sv.CreatedBy), now, now).Scan(&sv.ID)
}

// updateSurvey stores the changes to a survey's row from version, and
// drops its counts for insertCounts to write again.
func updateSurvey(ctx context.Context, tx *store.Tx, sv *Survey, version int, now time.Time) error {
	t := &sv.Totals
	res, err := tx.ExecContext(ctx, `UPDATE publiclife_surveys SET study_id = ?, location_id = ?, stage = ?, time_start = ?,
		time_stop = ?, method = ?, microclimate = ?, temperature_c = ?, day_kind = ?, surveyor = ?, notes = ?, people = ?,
		children = ?, older = ?, aged = ?, women = ?, men = ?, staying = ?, moving = ?, hours = ?, version = version + 1,
		updated_at = ? WHERE id = ? AND version = ?`,
		sv.StudyID, sv.LocationID, string(sv.Stage), sv.Start, sv.Stop, string(sv.Method), sv.Microclimate, sv.TemperatureC,
		sv.DayKind, sv.Surveyor, sv.Notes, t.People, t.Children, t.Older, t.Aged, t.Women, t.Men, t.Staying, t.Moving, t.Hours,
		now, sv.ID, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict()
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM publiclife_counts WHERE survey_id = ?`, sv.ID)
	return err
}

// countsPerInsert is how many count rows one INSERT writes: a survey's
// forty rows in one statement, a bulk load's in a few.
const countsPerInsert = 200

// insertCounts writes the counts of the surveys, many rows a statement.
func insertCounts(ctx context.Context, tx *store.Tx, svs []*Survey) error {
	var args []any
	rows := 0
	flush := func() error {
		if rows == 0 {
			return nil
		}
		q := `INSERT INTO publiclife_counts (survey_id, position, gender, age, mode, posture, activity, grp, object, n) VALUES ` +
			strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", rows-1) + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		var err error
		if rows == countsPerInsert {
			var st *sql.Stmt
			if st, err = tx.Prepared(ctx, q); err == nil {
				_, err = st.ExecContext(ctx, args...)
			}
		} else {
			_, err = tx.ExecContext(ctx, q, args...)
		}
		args, rows = args[:0], 0
		return err
	}
	for _, sv := range svs {
		for i := range sv.Counts {
			c := &sv.Counts[i]
			args = append(args, sv.ID, i, c.Gender, c.Age, c.Mode, c.Posture, c.Activity, c.Group, c.Object, c.N)
			if rows++; rows == countsPerInsert {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// updateReach rewrites the site's reach from its surveys' rows (a site
// has tens of surveys; their counts are not read).
func updateReach(ctx context.Context, tx *store.Tx, siteID int64) error {
	st, err := tx.Prepared(ctx, `INSERT INTO publiclife_reach (site_id, surveys, children, people)
		SELECT CAST(? AS BIGINT), COUNT(*), COALESCE(MAX(CASE WHEN stage = 'after' THEN children END), 0),
			COALESCE(MAX(CASE WHEN stage = 'after' THEN people END), 0)
		FROM publiclife_surveys WHERE site_id = ?
		ON CONFLICT (site_id) DO UPDATE SET surveys = excluded.surveys, children = excluded.children, people = excluded.people`)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, siteID, siteID)
	return err
}

// Reaches returns every site's reach, by site id, from the rollup kept
// with each survey (no scan of the surveys or their counts). Sites
// without surveys are missing. It reads every site: the caller shows only
// the sites its reader may read.
func (s *Service) Reaches(ctx context.Context, q store.Querier) (map[int64]Reach, error) {
	rows, err := q.QueryContext(ctx, `SELECT site_id, surveys, children, people FROM publiclife_reach`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]Reach{}
	for rows.Next() {
		var id int64
		var r Reach
		if err := rows.Scan(&id, &r.Surveys, &r.Children, &r.People); err != nil {
			return nil, err
		}
		out[id] = r
	}
	return out, rows.Err()
}
