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
//
// Each survey row keeps the totals of its counts (Totals), and each site
// a row of reach (Reaches), both rewritten in the transaction that
// changes the counts: comparisons and the programme's dashboard read
// those rows, never the counts themselves.
package publiclife

import (
	"time"

	"birlik"
	"birlik/store"
)

// Service is the public-life store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Local is the time zone of the programme's streets, in which a survey's
// time of day is judged (a morning count starts before noon there).
var Local = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Istanbul")
	if err != nil {
		return time.FixedZone("TRT", 3*60*60) // Türkiye keeps UTC+3 all year
	}
	return loc
}()

func notFound() error  { return birlik.Errorf(birlik.ENOTFOUND, "error.not_found") }
func forbidden() error { return birlik.Errorf(birlik.EFORBIDDEN, "error.forbidden") }
func conflict() error  { return birlik.Errorf(birlik.ECONFLICT, "error.conflict") }

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
	// ProtocolVersion is the version of the protocol the study follows;
	// "1.0" when saved empty.
	ProtocolVersion string
	Notes           string
	Version         int
	Surveys         int // how many surveys it holds, when read
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
	Geometry []byte  // GeoJSON LineString or Polygon; nil when not drawn
	Measure  float64 // length (line) or area (area) in metres / m², computed
	Version  int
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
	Counts       []Count // nil in lists
	// Totals summarise the counts; computed when saved, never typed in.
	Totals    Totals
	Version   int
	CreatedBy int64
	CreatedAt time.Time
}

// Totals are what one survey's counts add up to. A survey may tally each
// component separately (15 women, 12 men; 9 children, 18 adults …), so
// People is the largest total of any one component that counts people
// once each (gender, age, mode, posture, activity, group, or rows that
// record nothing but a number): each such component counts the same
// people again. Objects are things people carry, not people.
type Totals struct {
	People   int
	Children int // aged 0-14 (0-4, 5-14 or the basic band child)
	Older    int // aged 65 and over (65-74, 75+ or elderly)
	Aged     int // people with an age band
	Women    int
	Men      int // Women + Men are the people with a perceived gender
	Staying  int // People when counted in an area, else 0
	Moving   int // People when counted at a line, else 0
	Hours    float64
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
	ChildShare     float64        // of people with an age band: 0-14
	OlderShare     float64        // 65+
	WomenShare     float64        // of people with a perceived gender
	Activities     map[string]int // never nil
	Postures       map[string]int // never nil
	Objects        map[string]int // never nil

	// The conditions the surveys were made in, each sorted and without
	// repeats: what the comparison page shows beside the figures.
	DayKinds      []string
	Microclimates []string
	Methods       []string
	Windows       []string // times of day counted: morning, afternoon, evening, night
	TemperatureC  *float64 // the mean of the temperatures taken; nil for none
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

// Tables are the protocol's tables, in the order an import reads them.
var Tables = []string{"study", "location", "survey", "survey_data"}

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
