// Package equality holds Gender Equality Plans: the union's own and any
// municipality's, with their versions over time, objectives, measures
// (the actions: who is responsible, budget, timeline, status), the
// indicators each plan follows (from package indicators, with the plan's
// baselines and targets), monitoring reports per period with their
// narrative and evidence, and reviews that record what changed and why.
//
// A plan belongs to an organisation: union staff write the union's and
// any municipality's; a focal point writes their municipality's. Plans
// are public once published; drafts are read by their writers.
package equality

import (
	"context"
	"errors"
	"time"

	"birlik/store"
)

var errTodo = errors.New("equality: not built yet")

// Service is the plans' store and rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

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
	StartDate string // YYYY-MM-DD
	EndDate   string
	Status    PlanStatus
	Published bool
	Current   int // the version number in force
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
	Code        string // e.g. "O1"
	Title       string
	Description string
	Position    int
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
	Title       string
	Description string
	Responsible string  // the responsible unit
	Budget      float64 // Turkish lira; 0 unknown
	StartDate   string
	EndDate     string
	Status      MeasureStatus
	Version     int
}

// PlanIndicator is an indicator of the engine a plan follows, with the
// plan's baseline and target (an indicators.Target of the plan's
// organisation).
type PlanIndicator struct {
	PlanID      int64
	ObjectiveID int64 // 0: the plan as a whole
	IndicatorID int64
	TargetID    int64
}

// Report is a monitoring report of a period: what was done, with
// evidence attached (documents of kind "plan_report").
type Report struct {
	ID        int64
	PlanID    int64
	Period    string // e.g. "2025" or "2025-H1"
	Narrative string
	// MeasureStatus records each measure's status as reported.
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
	ReviewedOn  string
	FromVersion int
	ToVersion   int
	Changes     string
	Reasons     string
	CreatedBy   int64
	CreatedAt   time.Time
}

// The service's methods as the skeleton promises them; each moves to its
// own file when it is built.

// Plans returns the plans the actor may read, the union's first.
func (s *Service) Plans(ctx context.Context) ([]Plan, error) { return nil, errTodo }

// Plan returns a plan. ENOTFOUND.
func (s *Service) Plan(ctx context.Context, id int64) (*Plan, error) { return nil, errTodo }

// SavePlan creates or updates a plan. EINVALID, EFORBIDDEN, ECONFLICT.
func (s *Service) SavePlan(ctx context.Context, p *Plan) error { return errTodo }

// Revise adopts a new version of the plan with a review of what changed
// and why, in one transaction.
func (s *Service) Revise(ctx context.Context, planID int64, adoptedOn string, r Review) error {
	return errTodo
}

// Versions and Reviews return a plan's history.
func (s *Service) Versions(ctx context.Context, planID int64) ([]PlanVersion, error) {
	return nil, errTodo
}

// Reviews returns a plan's reviews, latest first.
func (s *Service) Reviews(ctx context.Context, planID int64) ([]Review, error) { return nil, errTodo }

// Objectives returns a plan's objectives with their measures.
func (s *Service) Objectives(ctx context.Context, planID int64) ([]Objective, map[int64][]Measure, error) {
	return nil, nil, errTodo
}

// SaveObjective and SaveMeasure create or update.
func (s *Service) SaveObjective(ctx context.Context, o *Objective) error { return errTodo }

// SaveMeasure creates or updates a measure.
func (s *Service) SaveMeasure(ctx context.Context, m *Measure) error { return errTodo }

// Indicators returns the indicators a plan follows.
func (s *Service) Indicators(ctx context.Context, planID int64) ([]PlanIndicator, error) {
	return nil, errTodo
}

// Follow links an indicator (and its target) to a plan or an objective.
func (s *Service) Follow(ctx context.Context, pi PlanIndicator) error { return errTodo }

// Reports returns a plan's monitoring reports, latest first.
func (s *Service) Reports(ctx context.Context, planID int64) ([]Report, error) { return nil, errTodo }

// SaveReport creates or updates a monitoring report.
func (s *Service) SaveReport(ctx context.Context, r *Report) error { return errTodo }
