package publiclife

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"birlik"
)

// The protocol's tables as CSV: one file per table, a header row naming
// the protocol's fields, one record a row. Ids in an export are the
// stored ones; in an import they are any text that ties the tables
// together (a survey's study_id names a row of study.csv), each unique in
// its table. Times are RFC 3339 with their offset; in an import, a time
// without offset is the streets' local time.

// columns are each table's columns, in the order Export writes them.
var columns = map[string][]string{
	"study": {"study_id", "project", "project_phase", "start_date", "end_date", "manager_name", "manager_organisation",
		"protocol_version", "notes"},
	"location":    {"location_id", "name", "type", "geometry"},
	"survey":      {"survey_id", "study_id", "location_id", "time_start", "time_stop", "method", "microclimate", "temperature_c", "representation", "surveyor", "notes"},
	"survey_data": {"survey_id", "gender", "age", "mode", "posture", "activities", "groups", "objects", "count"},
}

// required are the columns an import cannot do without.
var required = map[string][]string{
	"study":       {"study_id", "project", "project_phase"},
	"location":    {"location_id", "name", "type"},
	"survey":      {"survey_id", "study_id", "location_id", "time_start", "time_stop", "method"},
	"survey_data": {"survey_id", "count"},
}

// fieldColumn maps the fields of the validators' errors to the columns
// of the tables.
var fieldColumn = map[string]string{
	"title": "project", "stage": "project_phase", "organisation": "manager_organisation",
	"kind":  "type",
	"start": "time_start", "stop": "time_stop", "day_kind": "representation",
	"activity": "activities", "group": "groups", "object": "objects", "n": "count",
}

func column(field string) string {
	if c, ok := fieldColumn[field]; ok {
		return c
	}
	return field
}

// Limits of an import.
const (
	maxImportRows   = 200_000 // rows of one table
	maxImportErrors = 500     // problems reported; the rest are not listed
)

const timeLayout = time.RFC3339

func formatTemp(t *float64) string {
	if t == nil {
		return ""
	}
	return strconv.FormatFloat(*t, 'f', -1, 64)
}

// Export writes one protocol table as CSV for the site (0: every site the
// actor in ctx may read). ENOTFOUND for an unknown table or a site the
// actor may not read.
func (s *Service) Export(ctx context.Context, table string, siteID int64, w io.Writer) error {
	cols, ok := columns[table]
	if !ok {
		return notFound()
	}
	where, args := readSiteCond(birlik.ActorFrom(ctx))
	if siteID != 0 {
		if err := mayRead(ctx, s.DB, siteID); err != nil {
			return err
		}
		where, args = "ss.id = ?", []any{siteID}
	}
	// Names of people go only to those who may write the site's counts.
	wc, wargs := writeSiteCond(birlik.ActorFrom(ctx))
	if table == "study" || table == "survey" {
		args = append(wargs, args...)
	}
	var q string
	switch table {
	case "study":
		q = `SELECT x.id, x.title, x.stage, x.start_date, x.end_date, CASE WHEN ` + wc + ` THEN x.manager_name ELSE '' END,
			x.organisation, x.protocol_version, x.notes
			FROM publiclife_studies x JOIN street_sites ss ON ss.id = x.site_id WHERE ` + where + ` ORDER BY x.id`
	case "location":
		q = `SELECT x.id, x.name, x.kind, x.geometry FROM publiclife_locations x JOIN street_sites ss ON ss.id = x.site_id
			WHERE ` + where + ` ORDER BY x.id`
	case "survey":
		q = `SELECT x.id, x.study_id, x.location_id, x.time_start, x.time_stop, x.method, x.microclimate, x.temperature_c,
			x.day_kind, CASE WHEN ` + wc + ` THEN x.surveyor ELSE '' END, x.notes FROM publiclife_surveys x JOIN street_sites ss ON ss.id = x.site_id
			WHERE ` + where + ` ORDER BY x.id`
	case "survey_data":
		q = `SELECT c.survey_id, c.gender, c.age, c.mode, c.posture, c.activity, c.grp, c.object, c.n
			FROM publiclife_counts c JOIN publiclife_surveys x ON x.id = c.survey_id JOIN street_sites ss ON ss.id = x.site_id
			WHERE ` + where + ` ORDER BY c.survey_id, c.position`
	}
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	if err := cw.Write(cols); err != nil {
		return err
	}
	rec := make([]string, len(cols))
	for rows.Next() {
		switch table {
		case "survey":
			var id, study, location int64
			var start, stop time.Time
			var temp sql.NullFloat64
			if err := rows.Scan(&id, &study, &location, &start, &stop, &rec[5], &rec[6], &temp, &rec[8], &rec[9], &rec[10]); err != nil {
				return err
			}
			rec[0], rec[1], rec[2] = strconv.FormatInt(id, 10), strconv.FormatInt(study, 10), strconv.FormatInt(location, 10)
			rec[3], rec[4], rec[7] = start.In(Local).Format(timeLayout), stop.In(Local).Format(timeLayout), ""
			if temp.Valid {
				rec[7] = formatTemp(&temp.Float64)
			}
		default:
			ptrs := make([]any, len(rec))
			for i := range rec {
				ptrs[i] = &rec[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
		}
		for i := range rec {
			rec[i] = birlik.CSVCell(rec[i]) // typed names and notes must not run as formulas
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// Import reads the protocol's tables (keyed by table name: study,
// location, survey, survey_data; all four are needed, survey_data may
// hold only its header) for the site, validates them whole, references
// between the tables included, and saves them in one transaction. An
// *ImportError lists every problem with its table, line and column, and
// nothing is saved then. ENOTFOUND and EFORBIDDEN as SaveSurvey.
func (s *Service) Import(ctx context.Context, siteID int64, tables map[string][]byte) (ImportResult, error) {
	if _, err := mayWrite(ctx, s.DB, siteID); err != nil {
		return ImportResult{}, err
	}
	set, err := ParseTables(tables)
	if err != nil {
		return ImportResult{}, err
	}
	for i := range set.Studies {
		set.Studies[i].SiteID = siteID
	}
	for i := range set.Locations {
		set.Locations[i].SiteID = siteID
	}
	for i := range set.Surveys {
		set.Surveys[i].SiteID = siteID
	}
	return s.SaveSet(ctx, set)
}

// table is one CSV table being read.
type table struct {
	name  string
	r     *csv.Reader
	index map[string]int // column → position
	rec   []string
	line  int // of the current row
	rows  int // read so far
	errs  *ImportError
	// broken: the table could not be read whole (a bad header, a
	// broken quote); references to its rows are not checked, since the
	// rows missing are not the problem to report.
	broken bool
}

func (t *table) fail(line int, column, key string, args ...any) {
	if len(t.errs.Rows) < maxImportErrors {
		t.errs.Rows = append(t.errs.Rows, RowError{Table: t.name, Line: line, Column: column, Key: key, Args: args})
	} else if len(t.errs.Rows) == maxImportErrors {
		t.errs.Rows = append(t.errs.Rows, RowError{Table: t.name, Line: line, Key: "error.publiclife.import_too_many_errors", Args: []any{"max", maxImportErrors}})
	}
}

// openTable reads a table's header.
func openTable(name string, data []byte, errs *ImportError) *table {
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // spreadsheets' byte order mark
	t := &table{name: name, r: csv.NewReader(bytes.NewReader(data)), index: map[string]int{}, errs: errs}
	t.r.FieldsPerRecord = -1
	t.r.ReuseRecord = true
	header, err := t.r.Read()
	if err != nil {
		t.broken = true
		if errors.Is(err, io.EOF) {
			t.fail(1, "", "error.publiclife.import_empty")
		} else {
			t.fail(1, "", "error.publiclife.csv_invalid")
		}
		return t
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.index[h]; dup && h != "" {
			t.fail(1, h, "error.publiclife.column_duplicate")
			t.broken = true
		}
		t.index[h] = i
	}
	for _, c := range required[name] {
		if _, ok := t.index[c]; !ok {
			t.fail(1, c, "error.publiclife.column_missing")
			t.broken = true
		}
	}
	return t
}

// next reads the next row; false at the end (or after a fault that stops
// the table, reported).
func (t *table) next() bool {
	if t.broken {
		return false
	}
	for {
		rec, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			return false
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			// The reader cannot go on past a broken quote.
			t.fail(line, "", "error.publiclife.csv_invalid")
			t.broken = true
			return false
		}
		line, _ := t.r.FieldPos(0)
		if t.rows++; t.rows > maxImportRows {
			t.fail(line, "", "error.publiclife.import_too_many_rows", "max", maxImportRows)
			t.broken = true
			return false
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		t.rec, t.line = rec, line
		return true
	}
}

// get returns the value of a column in the current row ("" when the
// table has no such column or the row is short).
func (t *table) get(c string) string {
	i, ok := t.index[c]
	if !ok || i >= len(t.rec) {
		return ""
	}
	return birlik.CSVValue(strings.TrimSpace(t.rec[i]))
}

// key reads the row's id column: required and unique in the table.
func (t *table) key(c string, seen map[string]int) (string, bool) {
	k := t.get(c)
	switch _, dup := seen[k]; {
	case k == "":
		t.fail(t.line, c, "error.publiclife.required")
		return "", false
	case dup:
		t.fail(t.line, c, "error.publiclife.id_duplicate", "line", seen[k])
		return "", false
	}
	seen[k] = t.line
	return k, true
}

// invalid reports the field errors of a validator on the current row.
func (t *table) invalid(v *birlik.Invalid) bool {
	err := v.Err()
	if err == nil {
		return false
	}
	fields := birlik.FieldErrors(err)
	for _, f := range v.Fields() {
		t.fail(t.line, column(f), fields[f], birlik.FieldArgs(err, f)...)
	}
	return true
}

// parseTime reads a time of survey.csv.
func parseTime(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, Local); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ParseTables reads the protocol's four tables into a Set (without
// sites) and checks them whole: every value against the protocol, every
// reference between the tables. It returns an *ImportError listing every
// problem found, or the set.
func ParseTables(tables map[string][]byte) (*Set, error) {
	errs := &ImportError{}
	set := &Set{}
	for _, name := range Tables {
		if _, ok := tables[name]; !ok {
			errs.Rows = append(errs.Rows, RowError{Table: name, Line: 0, Key: "error.publiclife.table_missing"})
		}
	}
	if len(errs.Rows) > 0 {
		return nil, errs
	}

	studies, seen := map[string]int64{}, map[string]int{}
	t := openTable("study", tables["study"], errs)
	for t.next() {
		k, ok := t.key("study_id", seen)
		st := Study{Title: t.get("project"), Stage: Stage(t.get("project_phase")), StartDate: t.get("start_date"),
			EndDate: t.get("end_date"), ManagerName: t.get("manager_name"), Organisation: t.get("manager_organisation"),
			ProtocolVersion: t.get("protocol_version"), Notes: t.get("notes")}
		if t.invalid(checkStudy(&st)) || !ok {
			continue
		}
		set.Studies = append(set.Studies, st)
		studies[k] = int64(len(set.Studies))
	}
	studiesWhole := !t.broken

	locations, seen := map[string]int64{}, map[string]int{}
	t = openTable("location", tables["location"], errs)
	for t.next() {
		k, ok := t.key("location_id", seen)
		l := Location{Name: t.get("name"), Kind: LocationKind(t.get("type")), Geometry: []byte(t.get("geometry"))}
		if t.invalid(checkLocation(&l)) || !ok {
			continue
		}
		set.Locations = append(set.Locations, l)
		locations[k] = int64(len(set.Locations))
	}
	locationsWhole := !t.broken

	surveys, seen := map[string]int{}, map[string]int{}
	t = openTable("survey", tables["survey"], errs)
	for t.next() {
		k, ok := t.key("survey_id", seen)
		broken := false // refers to a table not read whole
		sv := Survey{Method: Method(t.get("method")), Microclimate: t.get("microclimate"), DayKind: t.get("representation"),
			Surveyor: t.get("surveyor"), Notes: t.get("notes")}
		var v birlik.Invalid
		for _, ref := range []struct {
			col   string
			ids   map[string]int64
			whole bool
			to    *int64
		}{{"study_id", studies, studiesWhole, &sv.StudyID}, {"location_id", locations, locationsWhole, &sv.LocationID}} {
			id, found := ref.ids[t.get(ref.col)]
			switch {
			case t.get(ref.col) == "":
				v.Add(ref.col, "error.publiclife.required")
			case !found && !ref.whole:
				broken = true
			case !found:
				// Also when the row it names was refused: its own
				// error is listed on its line.
				v.Add(ref.col, "error.publiclife.reference_unknown")
			}
			*ref.to = id
		}
		for _, tm := range []struct {
			col string
			to  *time.Time
		}{{"time_start", &sv.Start}, {"time_stop", &sv.Stop}} {
			if x := t.get(tm.col); x != "" {
				var ok bool
				if *tm.to, ok = parseTime(x); !ok {
					v.Add(tm.col, "error.publiclife.time_invalid")
				}
			}
		}
		if x := t.get("temperature_c"); x != "" {
			f, err := strconv.ParseFloat(strings.Replace(x, ",", ".", 1), 64)
			if err != nil {
				v.Add("temperature_c", "error.publiclife.number_invalid")
			} else {
				sv.TemperatureC = &f
			}
		}
		// The times' own errors come first; checkSurvey would call a
		// time that did not parse missing.
		w := checkSurvey(&sv)
		for _, f := range w.Fields() {
			if (f == "start" && v.Has("time_start")) || (f == "stop" && (v.Has("time_stop") || v.Has("time_start"))) {
				continue
			}
			v.AddArgs(column(f), birlik.FieldErrors(w.Err())[f], birlik.FieldArgs(w.Err(), f)...)
		}
		if t.invalid(&v) || !ok || broken {
			surveys[k] = -1
			continue
		}
		set.Surveys = append(set.Surveys, sv)
		surveys[k] = len(set.Surveys)
	}

	surveysWhole := !t.broken
	t = openTable("survey_data", tables["survey_data"], errs)
	for t.next() {
		var v birlik.Invalid
		id := t.get("survey_id")
		i, found := surveys[id]
		switch {
		case id == "":
			v.Add("survey_id", "error.publiclife.required")
		case !found && surveysWhole:
			v.Add("survey_id", "error.publiclife.reference_unknown")
		}
		c := Count{Gender: t.get("gender"), Age: t.get("age"), Mode: t.get("mode"), Posture: t.get("posture"),
			Activity: t.get("activities"), Group: t.get("groups"), Object: t.get("objects")}
		n, err := strconv.Atoi(t.get("count"))
		if err != nil {
			v.Add("count", "error.publiclife.number_invalid")
		}
		c.N = n
		if field, key := checkCount(&c); key != "" && !(field == "n" && v.Has("count")) {
			v.Add(column(field), key)
		}
		if i > 0 && len(set.Surveys[i-1].Counts) >= MaxCounts {
			v.AddArgs("survey_id", "error.publiclife.too_many_counts", "max", MaxCounts)
		}
		if t.invalid(&v) || i <= 0 {
			continue
		}
		set.Surveys[i-1].Counts = append(set.Surveys[i-1].Counts, c)
	}
	if len(errs.Rows) > 0 {
		slices.SortStableFunc(errs.Rows, func(a, b RowError) int {
			return slices.Index(Tables, a.Table) - slices.Index(Tables, b.Table)
		})
		return nil, errs
	}
	return set, nil
}

// String describes a row error for logs and tests.
func (r RowError) String() string {
	return fmt.Sprintf("%s.csv:%d:%s: %s %v", r.Table, r.Line, r.Column, r.Key, r.Args)
}
