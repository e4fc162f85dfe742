// Package indicators holds the union's monitoring engine: indicator
// definitions (what is measured, in which unit, for which rights and SDG
// targets, broken down by which categories), the values municipalities
// report per period and category, their submission and approval, the
// targets and baselines, and the roll-up of values from municipality to
// province to region, each indicator by its own aggregation rule, with
// the coverage that says how complete a total is.
//
// Roll-ups are kept in the same transaction as the values they add up
// (package-private rollup tables), so a dashboard reads a few thousand
// narrow rows whatever the number of values stored, and a value entered
// is visible on the next page load: there is no nightly rebuild.
package indicators

import (
	"time"

	"birlik/store"
)

// Service is the indicators store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

// Unit is what a value counts in.
type Unit string

// Units.
const (
	Count      Unit = "count"
	Percentage Unit = "percentage" // 0–100
	Ratio      Unit = "ratio"
	Currency   Unit = "currency" // Turkish lira
	SquareM    Unit = "m2"
	YesNo      Unit = "yes_no" // 1 or 0
)

// Type is the OHCHR kind of human-rights indicator.
type Type string

// Types.
const (
	Structural Type = "structural"
	Process    Type = "process"
	Outcome    Type = "outcome"
)

// Direction says which way is better.
type Direction string

// Directions.
const (
	HigherBetter Direction = "higher"
	LowerBetter  Direction = "lower"
)

// Aggregation is how values combine: across municipalities, across
// categories (only Sum adds categories up: its totals and breakdowns by
// one category are computed from the finest combinations), and across
// periods (a year from its quarters).
type Aggregation string

// Aggregations.
const (
	Sum      Aggregation = "sum"      // add up
	Average  Aggregation = "average"  // mean of the municipalities' values
	Weighted Aggregation = "weighted" // mean weighted by the municipalities' population
	Latest   Aggregation = "latest"   // over periods the last one; across places added up (a stock)
	NoneAgg  Aggregation = "none"     // never combined: shown per municipality only
)

// Scope says what a municipality's value describes, which decides how a
// province adds up without counting anything twice.
type Scope string

// Scopes.
const (
	// Institution: the municipality as an organisation (its staff, its
	// budget): every municipality's value adds up.
	Institution Scope = "institution"
	// Territory: the people of the municipality's area. A metropolitan
	// municipality's area is the whole province and holds its districts',
	// so in a metropolitan province the metropolitan value stands for the
	// province (its districts' are not added to it; they count only while
	// it has not reported); elsewhere areas do not overlap and add up.
	Territory Scope = "territory"
)

// PeriodType is how often an indicator is reported.
type PeriodType string

// Period types. A period is written "2025" (year), "2025-Q2" (quarter)
// or "2025-04" (month).
const (
	Yearly    PeriodType = "year"
	Quarterly PeriodType = "quarter"
	Monthly   PeriodType = "month"
)

// Dimension is a way values are broken down.
type Dimension string

// Dimensions, in the order combinations are written.
const (
	Sex        Dimension = "sex"
	AgeBand    Dimension = "age"
	Disability Dimension = "disability"
	Migration  Dimension = "migration"
)

// Dimensions lists the dimensions in order.
var Dimensions = []Dimension{Sex, AgeBand, Disability, Migration}

// NotDisclosed is the category every dimension has: the person did not
// say, or it was not recorded.
const NotDisclosed = "nd"

// Categories lists each dimension's categories (NotDisclosed included).
var Categories = map[Dimension][]string{
	Sex:        {"female", "male", NotDisclosed},
	AgeBand:    {"0-4", "5-14", "15-24", "25-44", "45-64", "65-74", "75+", NotDisclosed},
	Disability: {"yes", "no", NotDisclosed},
	Migration:  {"citizen", "temporary_protection", "international_protection", "other", NotDisclosed},
}

// Source is where an indicator's values come from.
type Source string

// Sources.
const (
	Entered  Source = "entered"  // typed in or imported by municipalities
	Formula  Source = "formula"  // computed from other indicators (Indicator.Formula)
	Recorded Source = "recorded" // taken from Birlik's own records (Indicator.Recorded)
)

// Indicator is a definition.
type Indicator struct {
	ID          int64
	Code        string            // unique, e.g. "GEP-01"; upper-case letters, digits, '-', '.'
	Name        map[string]string // by language: tr (required), en, fr
	Definition  map[string]string // by language
	Unit        Unit
	Type        Type
	Rights      []string // UCLG Charter-Agenda rights (topics.Rights codes)
	SDGTargets  []string // e.g. "5.5", "11.7"
	Direction   Direction
	Aggregation Aggregation
	Scope       Scope
	Period      PeriodType
	Dimensions  []Dimension // the breakdowns it uses, in Dimensions order; may be empty
	Source      Source
	Formula     string // for Source Formula: e.g. "100 * [GEP-02] / [GEP-01]"
	Recorded    string // for Source Recorded: the name of the product figure (see Recorded figures)
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
	HasValues   bool // read: values are stored, so Dimensions cannot change
}

// Combo is one combination of categories: a category per dimension the
// indicator uses, "" for a dimension not broken down (the total over it).
type Combo struct {
	Sex, Age, Disability, Migration string
}

// Status is where a value stands in the approval workflow.
type Status string

// Statuses.
const (
	Draft     Status = "draft"
	Submitted Status = "submitted"
	Approved  Status = "approved" // locked
	Returned  Status = "returned" // sent back with a comment; editable again
)

// Value is one reported number.
type Value struct {
	IndicatorID int64
	OrgID       string
	Period      string
	Combo       Combo
	Value       float64
	Status      Status
	EnteredBy   int64 // account id; 0 for the system (recorded figures)
	EnteredAt   time.Time
	Note        string
}

// Submission is a municipality's period put forward for approval.
type Submission struct {
	OrgID                  string
	Period                 string
	Status                 Status // submitted, approved or returned
	Comment                string // the union's, when returned
	SubmittedBy, DecidedBy int64
	SubmittedAt, DecidedAt time.Time
}

// Target is a value to reach by a date, from a baseline, for an
// indicator at an organisation or a place (region, province).
type Target struct {
	ID             int64
	IndicatorID    int64
	OrgID          string // one of OrgID and PlaceID is set
	PlaceID        string
	Baseline       float64
	BaselinePeriod string
	Value          float64
	Deadline       string // YYYY-MM-DD
	Version        int
}

// TargetStatus is a target's outlook from the trend.
type TargetStatus string

// Target statuses.
const (
	OnTrack  TargetStatus = "on_track"
	AtRisk   TargetStatus = "at_risk"
	OffTrack TargetStatus = "off_track"
	NoData   TargetStatus = "no_data"
)

// Area is where a figure is added up: the region, a province, a district
// or one municipality.
type Area struct {
	PlaceID string // "marmara", a province or a district id; "" with OrgID
	OrgID   string // one municipality
}

// Figure is an aggregated value with its coverage.
type Figure struct {
	Period   string
	Combo    Combo
	Value    float64
	HasValue bool // false: nothing reported, or a formula divided by zero
	Reported int  // municipalities whose values it holds
	Expected int  // municipalities of the area
}

// Series is an indicator's figures over an area: the trend of its total,
// and its breakdown for the latest period.
type Series struct {
	Indicator Indicator
	Trend     []Figure // total, one per period, oldest first
	Breakdown []Figure // latest period, per category of each dimension used (one dimension at a time)
	Targets   []TargetProgress
}

// TargetProgress is a target with where the area stands.
type TargetProgress struct {
	Target    Target
	Current   *Figure
	Projected float64
	Status    TargetStatus
}

// DashboardQuery asks for a dashboard.
type DashboardQuery struct {
	Area         Area
	Indicators   []int64 // in the order shown
	From, To     string  // periods, inclusive; "" for all
	ApprovedOnly bool
}
