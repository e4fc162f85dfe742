// Package publiclife holds counts of people in public space made after
// Gehl's Public Life Data Protocol 1.0: studies, the locations they count
// at (a line people cross or an area people stay in), surveys with their
// start and stop time, method and conditions, and the counts themselves
// by perceived gender, age band, mode, posture, activity, group size and
// carried objects. It compares a street site's counts before and after
// its transformation, warning when the conditions differ, and reads and
// writes the protocol's own tables as CSV.
//
// Surveys of a street site are written by union staff and by the focal
// points of the site's municipality (enforced in the queries); they are
// read by whoever may read the site.
package publiclife

import (
	"context"
	"errors"
	"io"
	"time"

	"birlik/store"
)

var errTodo = errors.New("publiclife: not built yet")

// Service is the public-life store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

// Stage says whether a study counts before or after the intervention.
type Stage string

// Stages.
const (
	Before Stage = "before"
	After  Stage = "after"
)

// Study is the protocol's study: a campaign of surveys with a purpose.
type Study struct {
	ID           int64
	SiteID       int64 // the street site studied; 0 for none
	Title        string
	Stage        Stage
	StartDate    string // YYYY-MM-DD
	EndDate      string // YYYY-MM-DD
	ManagerName  string
	Organisation string // who ran it (the municipality, a university)
	Notes        string
	Version      int
}

// LocationKind is the protocol's location type.
type LocationKind string

// Location kinds.
const (
	Line LocationKind = "line" // people moving across it are counted
	Area LocationKind = "area" // people staying in it are counted
)

// Location is where a survey counts.
type Location struct {
	ID       int64
	SiteID   int64
	Name     string
	Kind     LocationKind
	Geometry []byte  // GeoJSON LineString or Polygon
	Measure  float64 // length (line) or area (area) in metres / m², computed
}

// Method is how people were counted.
type Method string

// Methods.
const (
	MethodAnalog  Method = "analog"  // tally on paper
	MethodDigital Method = "digital" // a counter app
	MethodVideo   Method = "video"
)

// Survey is one counting session at one location.
type Survey struct {
	ID           int64
	StudyID      int64
	LocationID   int64
	SiteID       int64
	Stage        Stage
	Start        time.Time
	Stop         time.Time
	Method       Method
	Microclimate string   // sunny, cloudy, rain, snow, windy, hot, cold
	TemperatureC *float64 // nil: not taken
	DayKind      string   // weekday, weekend, holiday
	Surveyor     string
	Notes        string
	Counts       []Count
	Version      int
	CreatedBy    int64
	CreatedAt    time.Time
}

// Count is how many people were seen with the given attributes; an
// empty attribute was not recorded for them. A tally of one component
// (15 women) fills one attribute; an imported observation may fill
// several.
type Count struct {
	Gender   string // male, female, unknown
	Age      string // 0-4, 5-14, 15-24, 25-44, 45-64, 65-74, 75+; or child, young, adult, elderly
	Mode     string // pedestrian, bicyclist, wheelchair, stroller, scooter, other (moving counts)
	Posture  string // standing, sitting_formal, sitting_informal, lying, leaning, multiple (staying counts)
	Activity string // the protocol's activities: commercial, consuming, conversing, …
	Group    string // single, pair, group
	Object   string // stroller, wheelchair, walking_aid, bicycle, animal, luggage
	N        int
}

// Summary is what a set of surveys shows: the figures the before/after
// comparison and the dashboard use.
type Summary struct {
	Surveys        int
	Hours          float64
	People         int
	MovingPerHour  float64
	StayingPerHour float64
	ChildShare     float64 // of people with an age band: 0-14
	OlderShare     float64 // 65+
	WomenShare     float64 // of people with a perceived gender
	Activities     map[string]int
	Postures       map[string]int
	Objects        map[string]int
}

// Warning is a reason a before/after comparison may compare unlike with
// like: a catalogue key and its arguments.
type Warning struct {
	Key  string
	Args []any
}

// Comparison is a site's before and after.
type Comparison struct {
	SiteID   int64
	Before   Summary
	After    Summary
	Warnings []Warning
}

// Reach is what the counts say a site reached: the figures the
// programme's dashboard adds up.
type Reach struct {
	Surveys  int
	Children int // the most children counted in one after-intervention survey
	People   int // the most people counted in one after-intervention survey
}

// The service's methods as the skeleton promises them; each moves to its
// own file when it is built.

// Studies returns a site's studies. ENOTFOUND when the site is hidden.
func (s *Service) Studies(ctx context.Context, siteID int64) ([]Study, error) { return nil, errTodo }

// SaveStudy creates or updates a study. EINVALID, EFORBIDDEN, ECONFLICT.
func (s *Service) SaveStudy(ctx context.Context, st *Study) error { return errTodo }

// Locations returns a site's locations.
func (s *Service) Locations(ctx context.Context, siteID int64) ([]Location, error) { return nil, errTodo }

// SaveLocation creates or updates a location. EINVALID (bad geometry, on
// field "geometry"), EFORBIDDEN.
func (s *Service) SaveLocation(ctx context.Context, l *Location) error { return errTodo }

// Surveys returns a site's surveys, latest first, without counts.
func (s *Service) Surveys(ctx context.Context, siteID int64) ([]Survey, error) { return nil, errTodo }

// Survey returns one survey with its counts. ENOTFOUND.
func (s *Service) Survey(ctx context.Context, id int64) (*Survey, error) { return nil, errTodo }

// SaveSurvey creates or updates a survey with its counts, and the site's
// reach, in one transaction. EINVALID, EFORBIDDEN, ECONFLICT.
func (s *Service) SaveSurvey(ctx context.Context, sv *Survey) error { return errTodo }

// Compare returns the site's before/after comparison.
func (s *Service) Compare(ctx context.Context, siteID int64) (*Comparison, error) { return nil, errTodo }

// Reaches returns every site's reach, by site id, from the rollup kept
// with each survey (no scan of the counts).
func (s *Service) Reaches(ctx context.Context, q store.Querier) (map[int64]Reach, error) {
	return nil, errTodo
}

// Tables are the protocol's tables, in the order an import reads them.
var Tables = []string{"study", "location", "survey", "survey_data"}

// Export writes one protocol table as CSV for the site (0: every site the
// actor may read).
func (s *Service) Export(ctx context.Context, table string, siteID int64, w io.Writer) error {
	return errTodo
}

// Import reads the protocol's tables (keyed by table name) for the site,
// validates them whole and saves them in one transaction; an *ImportError
// lists every bad row with its table and line.
func (s *Service) Import(ctx context.Context, siteID int64, tables map[string][]byte) (ImportResult, error) {
	return ImportResult{}, errTodo
}

// ImportResult counts what an import saved.
type ImportResult struct {
	Studies, Locations, Surveys, Counts int
}

// ImportError lists the problems of an import, each with its place.
type ImportError struct {
	Rows []RowError
}

func (e *ImportError) Error() string { return "publiclife: the import has errors" }

// RowError is one problem of an import: the table, the line (1 is the
// header), the column and a catalogue key with its arguments.
type RowError struct {
	Table  string
	Line   int
	Column string
	Key    string
	Args   []any
}
