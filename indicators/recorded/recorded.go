// Package recorded computes the figures Birlik records itself, for the
// indicators whose source is Recorded: per municipality and period, it
// reads the records of the other parts (meetings, needs, streets, public
// life) with plain SQL and gives them as indicator values, which
// indicators.Service.Refresh stores with their roll-ups.
//
// It only reads, never writes, these tables (migrations 0001, 0008,
// 0009, 0014 and 0015):
//
//   - meeting_attendance, meetings and people (gender), and
//     organisations (kind) for "meetings.attendance";
//   - needs (org_id, created_at, answered_at) for "needs.raised" and
//     "needs.answered";
//   - street_sites (org_id, phase, tactical_on, area_m2) for
//     "streets.area_m2";
//   - publiclife_surveys (site_id, time_start, people), publiclife_counts
//     (survey_id, age, n) and street_sites (org_id) for
//     "streets.people_by_age".
//
// A figure is given only for municipalities (organisations of kind
// municipality) and only where something was recorded: a period without
// records has no value rather than a zero.
package recorded

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"birlik"
	"birlik/indicators"
	"birlik/store"
	"birlik/streets"
)

// The names of the figures, as a Recorded indicator names its source
// (indicators.Indicator.Recorded). They are stored in definitions and
// never renamed.
const (
	// MeetingAttendance counts the people who attended the spaces'
	// meetings for a municipality, by sex, in the period of the meeting's
	// start. Sex is the person's gender as recorded in the network
	// (people.gender): female and male as they are; "other",
	// "undisclosed" and not recorded are all "not disclosed", as the
	// indicators' Sex dimension has no other category.
	MeetingAttendance = "meetings.attendance"
	// NeedsRaised counts the needs a municipality raised in the spaces,
	// in the period they were raised (duplicates merged into another
	// need included: each was raised).
	NeedsRaised = "needs.raised"
	// NeedsAnswered counts a municipality's needs answered by a
	// recommendation, in the period of the answer.
	NeedsAnswered = "needs.answered"
	// StreetsArea adds up the m² of a municipality's street sites
	// transformed (a tactical intervention at least, as
	// streets.Phase.Transformed says), in the period of their tactical
	// phase's date. A transformed site without that date is left out: it
	// has no period.
	StreetsArea = "streets.area_m2"
	// StreetsPeopleByAge counts the people seen in the public-life
	// surveys of a municipality's street sites (before and after the
	// intervention), by age band, in the period of the survey's start.
	// A survey's people (its largest total of one component) without a
	// detailed age band, or counted only in a basic band (child, young,
	// adult, elderly, which span several of the indicators' bands), are
	// "not disclosed", so the bands add up to the people counted.
	StreetsPeopleByAge = "streets.people_by_age"
)

// Figure describes a figure the Recorder gives: what a Recorded
// indicator taking it should be defined with.
type Figure struct {
	Name        string
	Unit        indicators.Unit
	Aggregation indicators.Aggregation
	// Dimensions are the breakdowns its values carry; the indicator
	// must use exactly these.
	Dimensions []indicators.Dimension
	// Key is the catalogue key of its name (area recorded).
	Key string
}

// Figures lists the figures Recorder gives, in the order a form offers
// them. Every one adds up (Sum).
var Figures = []Figure{
	{MeetingAttendance, indicators.Count, indicators.Sum, []indicators.Dimension{indicators.Sex}, "recorded.meetings.attendance"},
	{NeedsRaised, indicators.Count, indicators.Sum, nil, "recorded.needs.raised"},
	{NeedsAnswered, indicators.Count, indicators.Sum, nil, "recorded.needs.answered"},
	{StreetsArea, indicators.SquareM, indicators.Sum, nil, "recorded.streets.area_m2"},
	{StreetsPeopleByAge, indicators.Count, indicators.Sum, []indicators.Dimension{indicators.AgeBand}, "recorded.streets.people_by_age"},
}

// Lookup returns the figure of the name, and whether there is one.
func Lookup(name string) (Figure, bool) {
	i := slices.IndexFunc(Figures, func(f Figure) bool { return f.Name == name })
	if i < 0 {
		return Figure{}, false
	}
	return Figures[i], true
}

// Recorder reads the figures from the database. It implements
// indicators.Recorder.
type Recorder struct {
	DB *store.DB
	// Loc is the time zone a record's period is judged in (a meeting at
	// 01:00 on 1 April in Istanbul belongs to April). Never nil after New.
	Loc *time.Location
}

var _ indicators.Recorder = (*Recorder)(nil)

// New returns a Recorder on db, judging periods in Europe/Istanbul.
func New(db *store.DB) *Recorder {
	loc, err := time.LoadLocation("Europe/Istanbul")
	if err != nil {
		loc = time.FixedZone("TRT", 3*60*60) // Türkiye keeps UTC+3 all year
	}
	return &Recorder{DB: db, Loc: loc}
}

// Names returns the names of the figures, in Figures' order.
func (r *Recorder) Names() []string {
	names := make([]string, len(Figures))
	for i, f := range Figures {
		names[i] = f.Name
	}
	return names
}

// Figures returns the values of the named figure per municipality,
// period of the type and category, sorted by municipality, period and
// category. The values carry no indicator id (the caller's indicator
// takes them), status or author: they are the system's. EINVALID for an
// unknown name or period type.
func (r *Recorder) Figures(ctx context.Context, name string, period indicators.PeriodType) ([]indicators.Value, error) {
	if period != indicators.Yearly && period != indicators.Quarterly && period != indicators.Monthly {
		return nil, birlik.Errorf(birlik.EINVALID, "error.recorded.period_invalid", "period", string(period))
	}
	t := tally{period: period, loc: r.Loc, sums: map[key]float64{}}
	var err error
	switch name {
	case MeetingAttendance:
		err = r.attendance(ctx, &t)
	case NeedsRaised:
		err = r.needs(ctx, &t, "created_at")
	case NeedsAnswered:
		err = r.needs(ctx, &t, "answered_at")
	case StreetsArea:
		err = r.area(ctx, &t)
	case StreetsPeopleByAge:
		err = r.peopleByAge(ctx, &t)
	default:
		return nil, birlik.Errorf(birlik.EINVALID, "error.recorded.name_unknown", "name", name)
	}
	if err != nil {
		return nil, fmt.Errorf("recorded %s: %w", name, err)
	}
	return t.values(), nil
}

// attendance counts attendees per meeting, municipality and sex; the
// meeting's start decides the period.
func (r *Recorder) attendance(ctx context.Context, t *tally) error {
	rows, err := r.DB.QueryContext(ctx, `SELECT m.starts_at, a.org_id, p.gender, COUNT(*)
		FROM meeting_attendance a
		JOIN meetings m ON m.id = a.meeting_id
		JOIN people p ON p.id = a.person_id
		JOIN organisations o ON o.id = a.org_id
		WHERE o.kind = 'municipality'
		GROUP BY m.id, m.starts_at, a.org_id, p.gender`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var at time.Time
		var org, gender string
		var n int
		if err := rows.Scan(&at, &org, &gender, &n); err != nil {
			return err
		}
		sex := indicators.NotDisclosed
		if gender == "female" || gender == "male" {
			sex = gender
		}
		t.add(org, t.of(at), indicators.Combo{Sex: sex}, float64(n))
	}
	return rows.Err()
}

// needs counts a municipality's needs by the time in column (created_at
// or answered_at; NULL: not yet).
func (r *Recorder) needs(ctx context.Context, t *tally, column string) error {
	rows, err := r.DB.QueryContext(ctx, `SELECT n.`+column+`, n.org_id
		FROM needs n JOIN organisations o ON o.id = n.org_id
		WHERE o.kind = 'municipality' AND n.`+column+` IS NOT NULL`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var at time.Time
		var org string
		if err := rows.Scan(&at, &org); err != nil {
			return err
		}
		t.add(org, t.of(at), indicators.Combo{}, 1)
	}
	return rows.Err()
}

// area adds up the m² of transformed sites by the date of their tactical
// phase, a calendar date with no time zone.
func (r *Recorder) area(ctx context.Context, t *tally) error {
	rows, err := r.DB.QueryContext(ctx, `SELECT ss.org_id, ss.phase, ss.tactical_on, ss.area_m2
		FROM street_sites ss JOIN organisations o ON o.id = ss.org_id
		WHERE o.kind = 'municipality' AND ss.tactical_on IS NOT NULL`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org, phase, on string
		var m2 float64
		if err := rows.Scan(&org, &phase, &on, &m2); err != nil {
			return err
		}
		day, err := time.Parse(time.DateOnly, on)
		if err != nil || !streets.Phase(phase).Transformed() {
			continue // a date the streets package would not have stored
		}
		t.add(org, periodOf(day, t.period), indicators.Combo{}, m2)
	}
	return rows.Err()
}

// peopleByAge counts, per survey, the people of each detailed age band;
// the rest of the survey's people are not disclosed.
func (r *Recorder) peopleByAge(ctx context.Context, t *tally) error {
	var bands []string
	for _, b := range indicators.Categories[indicators.AgeBand] {
		if b != indicators.NotDisclosed {
			bands = append(bands, b)
		}
	}
	args := make([]any, len(bands))
	for i, b := range bands {
		args[i] = b
	}
	rows, err := r.DB.QueryContext(ctx, `SELECT sv.id, sv.time_start, ss.org_id, sv.people, COALESCE(c.age, ''), COALESCE(SUM(c.n), 0)
		FROM publiclife_surveys sv
		JOIN street_sites ss ON ss.id = sv.site_id
		JOIN organisations o ON o.id = ss.org_id
		LEFT JOIN publiclife_counts c ON c.survey_id = sv.id AND c.age IN (?`+strings.Repeat(", ?", len(bands)-1)+`)
		WHERE o.kind = 'municipality'
		GROUP BY sv.id, sv.time_start, ss.org_id, sv.people, c.age
		ORDER BY sv.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	// Rows come survey by survey: the people left over once a survey's
	// bands are read are its "not disclosed".
	var survey int64
	var org, period string
	var left float64
	flush := func() {
		if survey != 0 && left > 0 {
			t.add(org, period, indicators.Combo{Age: indicators.NotDisclosed}, left)
		}
	}
	for rows.Next() {
		var id int64
		var at time.Time
		var o, band string
		var people, n int
		if err := rows.Scan(&id, &at, &o, &people, &band, &n); err != nil {
			return err
		}
		if id != survey {
			flush()
			survey, org, period, left = id, o, t.of(at), float64(people)
		}
		if band != "" && n > 0 {
			t.add(org, period, indicators.Combo{Age: band}, float64(n))
			left -= float64(n)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	flush()
	return nil
}

// key is one value of a figure.
type key struct {
	org, period string
	combo       indicators.Combo
}

// tally adds up a figure's records into values.
type tally struct {
	period indicators.PeriodType
	loc    *time.Location
	sums   map[key]float64
}

func (t *tally) add(org, period string, c indicators.Combo, n float64) {
	t.sums[key{org, period, c}] += n
}

// of returns the period of an instant, judged in the tally's time zone.
func (t *tally) of(at time.Time) string { return periodOf(at.In(t.loc), t.period) }

// values returns the sums as values in a stable order.
func (t *tally) values() []indicators.Value {
	out := make([]indicators.Value, 0, len(t.sums))
	for k, v := range t.sums {
		out = append(out, indicators.Value{OrgID: k.org, Period: k.period, Combo: k.combo, Value: v})
	}
	slices.SortFunc(out, func(a, b indicators.Value) int {
		return cmp.Or(strings.Compare(a.OrgID, b.OrgID), strings.Compare(a.Period, b.Period),
			strings.Compare(a.Combo.Sex, b.Combo.Sex), strings.Compare(a.Combo.Age, b.Combo.Age),
			strings.Compare(a.Combo.Disability, b.Combo.Disability), strings.Compare(a.Combo.Migration, b.Combo.Migration))
	})
	return out
}

// periodOf writes the period of the type holding the day of t: "2025",
// "2025-Q2" or "2025-04", as package indicators writes periods.
func periodOf(t time.Time, p indicators.PeriodType) string {
	switch p {
	case indicators.Quarterly:
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())+2)/3)
	case indicators.Monthly:
		return fmt.Sprintf("%d-%02d", t.Year(), int(t.Month()))
	}
	return fmt.Sprintf("%d", t.Year())
}
