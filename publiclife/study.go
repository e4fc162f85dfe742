package publiclife

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"birlik"
	"birlik/audit"
	"birlik/store"
)

// Text limits, in characters.
const (
	maxName = 200
	maxNote = 4000
)

// cleanField checks one text field: usable characters (birlik.CleanText)
// and at most max characters; it stores the trimmed text back.
func cleanField(v *birlik.Invalid, field string, s *string, max int, multiline bool) {
	t, ok := birlik.CleanText(*s, multiline)
	*s = t
	switch {
	case !ok:
		v.Add(field, "error.publiclife.text_invalid")
	case utf8.RuneCountInString(t) > max:
		v.AddArgs(field, "error.publiclife.too_long", "max", max)
	}
}

// validDate reports whether s is a calendar date YYYY-MM-DD.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// checkStudy returns the problems of st as field errors (fields title,
// stage, start_date, end_date, manager_name, organisation,
// protocol_version, notes), with its text cleaned.
func checkStudy(st *Study) *birlik.Invalid {
	var v birlik.Invalid
	cleanField(&v, "title", &st.Title, maxName, false)
	if st.Title == "" {
		v.Add("title", "error.publiclife.required")
	}
	if st.Stage != Before && st.Stage != After {
		v.Add("stage", "error.publiclife.stage_invalid")
	}
	if st.StartDate != "" && !validDate(st.StartDate) {
		v.Add("start_date", "error.publiclife.date_invalid")
	}
	if st.EndDate != "" && !validDate(st.EndDate) {
		v.Add("end_date", "error.publiclife.date_invalid")
	}
	if !v.Has("start_date") && !v.Has("end_date") && st.StartDate != "" && st.EndDate != "" && st.EndDate < st.StartDate {
		v.Add("end_date", "error.publiclife.end_before_start")
	}
	cleanField(&v, "manager_name", &st.ManagerName, maxName, false)
	cleanField(&v, "organisation", &st.Organisation, maxName, false)
	cleanField(&v, "protocol_version", &st.ProtocolVersion, 20, false)
	if st.ProtocolVersion == "" {
		st.ProtocolVersion = "1.0"
	}
	cleanField(&v, "notes", &st.Notes, maxNote, true)
	return &v
}

const studyColumns = `st.id, st.site_id, st.title, st.stage, st.start_date, st.end_date, st.manager_name, st.organisation,
	st.protocol_version, st.notes, st.version, (SELECT COUNT(*) FROM publiclife_surveys c WHERE c.study_id = st.id)`

func scanStudy(sc interface{ Scan(...any) error }) (Study, error) {
	var st Study
	err := sc.Scan(&st.ID, &st.SiteID, &st.Title, &st.Stage, &st.StartDate, &st.EndDate, &st.ManagerName, &st.Organisation,
		&st.ProtocolVersion, &st.Notes, &st.Version, &st.Surveys)
	return st, err
}

// Studies returns a site's studies, before ones first, then by start
// date. ENOTFOUND when the site is hidden from the actor in ctx.
func (s *Service) Studies(ctx context.Context, siteID int64) ([]Study, error) {
	sts, err := siteRows(ctx, s.DB, siteID, `SELECT `+studyColumns+` FROM publiclife_studies st WHERE st.site_id = ?
		ORDER BY st.stage DESC, st.start_date, st.id`, scanStudy)
	if err != nil {
		return nil, err
	}
	return sts, s.withoutNames(ctx, siteID, func() {
		for i := range sts {
			sts[i].ManagerName = ""
		}
	})
}

func studyByID(ctx context.Context, q store.Querier, id int64) (*Study, error) {
	st, err := scanStudy(q.QueryRowContext(ctx, `SELECT `+studyColumns+` FROM publiclife_studies st WHERE st.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound()
	}
	return &st, err
}

// SaveStudy creates a study of st.SiteID (st.ID 0) or updates one from
// the version st.Version (a study never moves to another site). A change
// of stage moves its surveys with it, and the site's reach. It returns
// ENOTFOUND for a site or study the actor may not read, EFORBIDDEN for
// one they may read but not write, EINVALID with every problem, ECONFLICT
// for a stale version. On success st holds the stored study.
func (s *Service) SaveStudy(ctx context.Context, st *Study) error {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var old *Study
	if st.ID != 0 {
		if old, err = studyByID(ctx, tx, st.ID); err != nil {
			return err
		}
		st.SiteID = old.SiteID
	}
	org, err := mayWrite(ctx, tx, st.SiteID)
	if err != nil {
		return err
	}
	if err := checkStudy(st).Err(); err != nil {
		return err
	}
	if old != nil && st.Version != old.Version {
		return conflict()
	}
	now := s.now()
	action := audit.Create
	if old == nil {
		err = tx.QueryRowContext(ctx, `INSERT INTO publiclife_studies (site_id, title, stage, start_date, end_date, manager_name,
			organisation, protocol_version, notes, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, st.SiteID, st.Title, string(st.Stage), st.StartDate, st.EndDate,
			st.ManagerName, st.Organisation, st.ProtocolVersion, st.Notes, store.Null(birlik.ActorFrom(ctx).UserID), now, now).Scan(&st.ID)
		if err != nil {
			return err
		}
	} else {
		action = audit.Update
		res, err := tx.ExecContext(ctx, `UPDATE publiclife_studies SET title = ?, stage = ?, start_date = ?, end_date = ?,
			manager_name = ?, organisation = ?, protocol_version = ?, notes = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ?`, st.Title, string(st.Stage), st.StartDate, st.EndDate, st.ManagerName, st.Organisation,
			st.ProtocolVersion, st.Notes, now, st.ID, old.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict()
		}
		if old.Stage != st.Stage {
			if _, err := tx.ExecContext(ctx, `UPDATE publiclife_surveys SET stage = ? WHERE study_id = ?`, string(st.Stage), st.ID); err != nil {
				return err
			}
			if err := updateReach(ctx, tx, st.SiteID); err != nil {
				return err
			}
		}
	}
	stored, err := studyByID(ctx, tx, st.ID)
	if err != nil {
		return err
	}
	var before any
	if old != nil {
		before = old
	}
	if err := audit.Write(ctx, tx, now, action, "publiclife_study", strconv.FormatInt(st.ID, 10), org, before, stored); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	*st = *stored
	return nil
}
