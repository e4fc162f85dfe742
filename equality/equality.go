// Package equality holds Gender Equality Plans: the union's own and any
// municipality's, with their versions over time, objectives, measures
// (the actions: who is responsible, budget, timeline, status), the
// indicators each plan follows (from package indicators, with the plan's
// baselines and targets), monitoring reports per period with their
// narrative and evidence, and reviews that record what changed and why.
//
// A plan belongs to an organisation, the union (organisations.kind
// 'union') or a municipality: union staff write every plan; a focal
// point writes their municipality's plans only. Plans are public once
// published; drafts are read by their writers. Both rules are conditions
// of the queries (readCond, editCond), never checks after a read.
//
// Versions: a plan has a current version. Revise adopts the next one,
// with the Review that says what changed and why, in one transaction;
// earlier versions and reviews stay. Objectives and measures belong to
// the plan, not to a version: a version is a dated adoption with its
// note, and what an objective or a measure looked like before a revision
// is in the audit records (every change is audited with its before and
// after). Copying every objective and measure into each version would
// keep each version's content readable as a whole, but would make the
// measures a report follows and the indicators an objective follows
// point at one version's copy, and a correction of a typo a revision;
// the plan's history is its reviews, which is what the union reports on.
//
// Monitoring reports are per period ("2025", "2025-H1"), one per period
// and plan, with a narrative and each measure's status as reported;
// their evidence is documents of parent kind "plan_report" (package
// documents), whose reading follows the report's (MayReadReport).
package equality

import (
	"time"

	"birlik/store"
)

// Service is the plans' store and rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// PlanStatus is where a plan stands.
type PlanStatus string

// Plan statuses.
const (
	DraftPlan  PlanStatus = "draft"
	ActivePlan PlanStatus = "active"
	ClosedPlan PlanStatus = "closed"
)

// Plan is a Gender Equality Plan of an organisation.
type Plan struct {
	ID        int64
	OrgID     string
	OrgName   string
	Title     string
	Summary   string
	StartDate string // YYYY-MM-DD; "" unknown
	EndDate   string // not before StartDate
	Status    PlanStatus
	Published bool
	Current   int // the version number in force; Revise moves it
	Version   int // optimistic lock of the record
	CreatedAt time.Time
	UpdatedAt time.Time
}

// PlanVersion is the plan as adopted at a date: a revision keeps the
// earlier ones.
type PlanVersion struct {
	PlanID    int64
	Number    int
	AdoptedOn string // YYYY-MM-DD
	Note      string // what this version changed
	CreatedBy int64
	CreatedAt time.Time
}

// Objective is what a plan sets out to achieve.
type Objective struct {
	ID          int64
	PlanID      int64
	Code        string // e.g. "O1", unique in the plan; "" on create: the next free "O<n>"
	Title       string
	Description string
	Position    int // order in the plan; 0 on create: after the last
	Version     int
}

// MeasureStatus is where an action stands.
type MeasureStatus string

// Measure statuses.
const (
	Planned   MeasureStatus = "planned"
	Ongoing   MeasureStatus = "ongoing"
	Done      MeasureStatus = "done"
	Delayed   MeasureStatus = "delayed"
	Cancelled MeasureStatus = "cancelled"
)

// Measure is an action of an objective.
type Measure struct {
	ID          int64
	ObjectiveID int64
	PlanID      int64 // the objective's; set when read
	Title       string
	Description string
	Responsible string  // the responsible unit
	Budget      float64 // Turkish lira; 0 unknown
	StartDate   string
	EndDate     string
	Status      MeasureStatus // "" on save: planned
	Version     int
}

// PlanIndicator is an indicator of the engine a plan follows, with the
// plan's baseline and target (an indicators.Target of the plan's
// organisation).
type PlanIndicator struct {
	PlanID      int64
	ObjectiveID int64 // 0: the plan as a whole
	IndicatorID int64 // indicators.Indicator.ID
	TargetID    int64 // indicators.Target.ID; 0 none yet
}

// Report is a monitoring report of a period: what was done, with
// evidence attached (documents of kind "plan_report").
type Report struct {
	ID        int64
	PlanID    int64
	Period    string // e.g. "2025" or "2025-H1"
	Narrative string
	// MeasureStatus records each measure's status as reported, by
	// measure id; only the plan's measures.
	MeasureStatus map[int64]MeasureStatus
	Published     bool
	CreatedBy     int64
	CreatedAt     time.Time
	Version       int
}

// Review records a revision of the plan: what changed and why, between
// two versions.
type Review struct {
	ID          int64
	PlanID      int64
	ReviewedOn  string // YYYY-MM-DD; "" on Revise: the adoption date
	FromVersion int    // on Revise: 0, or the version the review was written against (else ECONFLICT)
	ToVersion   int    // set by Revise
	Changes     string
	Reasons     string
	CreatedBy   int64
	CreatedAt   time.Time
}
