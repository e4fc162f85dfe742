// Package needs holds the needs and requests member municipalities raise in
// spaces, and the solution recommendations the union answers them with.
//
// A need is raised by one municipality in one space; other municipalities
// say "we have this need too" (co-sign), so the union sees how widespread
// it is. Union staff move it through its workflow — submitted, under
// review, then answered by a published recommendation or closed with a
// reason — and merge duplicates. Every move is timed and kept (need
// events), and the dashboard reads the times to first response and to
// answer per space, theme and month.
//
// Who may read what is decided in the queries: every query of needs and
// recommendations includes spaces.VisibleSQL, so that a private space's
// needs are never read by whom they are not for; a focal point changes
// only the records of their own municipality (the organisation is a
// condition of the query, not a check after it).
package needs

import (
	"time"

	"birlik/store"
)

// Service is the needs store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Status is where a need is in its workflow.
type Status string

// The statuses, in workflow order.
const (
	Submitted   Status = "submitted"
	UnderReview Status = "under_review"
	Answered    Status = "answered"
	Closed      Status = "closed"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{Submitted, UnderReview, Answered, Closed}

// Open reports whether a need in status st still waits for an answer.
func (st Status) Open() bool { return st == Submitted || st == UnderReview }

// Urgency is how pressing a need is.
type Urgency string

// The urgencies, from the least pressing.
const (
	Low      Urgency = "low"
	Medium   Urgency = "medium"
	High     Urgency = "high"
	Critical Urgency = "critical"
)

// Urgencies lists every urgency from the least pressing.
var Urgencies = []Urgency{Low, Medium, High, Critical}

// CloseReasons are the reasons staff may give for closing a need without
// an answer; their names are catalogue keys "needs.reason.<code>".
// ReasonMerged is set by Merge only.
var CloseReasons = []string{"out_of_scope", "resolved_locally", "not_enough_information", "withdrawn", "duplicate", "other"}

// ReasonMerged is the close reason of a need merged into another.
const ReasonMerged = "merged"

// Event actions, in need_events.action.
const (
	ActSubmit   = "submit"   // raised
	ActReview   = "review"   // taken under review
	ActAnswer   = "answer"   // answered by a published recommendation (RefID)
	ActClose    = "close"    // closed with a reason
	ActMerge    = "merge"    // merged into need RefID
	ActAbsorb   = "absorb"   // need RefID was merged into this one
	ActEdit     = "edit"     // its text or tags changed
	ActCosign   = "cosign"   // an organisation said it has this need too
	ActUncosign = "uncosign" // an organisation withdrew that
)

// Need is a need or request of a member municipality.
type Need struct {
	ID          int64
	SpaceID     int64
	SpaceSlug   string // read-only, joined
	SpaceName   string // read-only, joined: the Turkish name
	OrgID       string // the municipality that raised it
	OrgName     string // read-only, joined
	Title       string
	Description string
	// PeopleAffected is how many people the raising municipality counts;
	// nil when not given.
	PeopleAffected *int64
	Urgency        Urgency
	Themes         []string // topics.Themes codes
	Groups         []string // topics.Groups codes
	Status         Status
	CloseReason    string // one of CloseReasons or ReasonMerged when Closed
	CloseNote      string
	MergedInto     int64 // the kept need, when merged; 0 otherwise
	RaisedBy       int64 // the account that raised it; 0 when unknown
	// CosignOrgs and CosignPeople count the other organisations that have
	// this need too and the people they count.
	CosignOrgs      int
	CosignPeople    int64
	FirstResponseAt *time.Time
	AnsweredAt      *time.Time
	ClosedAt        *time.Time
	ResponseHours   *int64 // whole hours to the first response
	AnswerHours     *int64 // whole hours to the answer
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Organisations is how many organisations have this need: the raising one
// and its co-signers.
func (n *Need) Organisations() int { return 1 + n.CosignOrgs }

// People is the people counted by the raising municipality and its
// co-signers together.
func (n *Need) People() int64 {
	p := n.CosignPeople
	if n.PeopleAffected != nil {
		p += *n.PeopleAffected
	}
	return p
}

// Cosign is one organisation's "we have this need too".
type Cosign struct {
	NeedID         int64
	OrgID          string
	OrgName        string // read-only, joined
	PeopleAffected *int64
	CreatedAt      time.Time
}

// Event is one timed step of a need's history.
type Event struct {
	ID         int64
	NeedID     int64
	At         time.Time
	Action     string
	FromStatus Status
	ToStatus   Status
	Reason     string
	Note       string
	RefID      int64 // the answering recommendation, or the other need of a merge
	Actor      string
}

// Level is who a recommendation asks to act.
type Level string

// The responsible levels.
const (
	LevelMunicipality Level = "municipality"
	LevelUnion        Level = "union"
	LevelNational     Level = "national"
)

// Levels lists every responsible level.
var Levels = []Level{LevelMunicipality, LevelUnion, LevelNational}

// Publication is who may read a recommendation.
type Publication string

// The publications.
const (
	Draft   Publication = "draft"   // its authors and union staff
	Members Publication = "members" // signed-in accounts that may read the space
	Public  Publication = "public"  // anyone who may read the space
)

// Publications lists them from the narrowest.
var Publications = []Publication{Draft, Members, Public}

// Recommendation is a solution recommendation answering one or more needs.
type Recommendation struct {
	ID          int64
	SpaceID     int64
	SpaceSlug   string // read-only, joined
	SpaceName   string // read-only, joined: the Turkish name
	Title       string
	Summary     string
	Proposal    string // the policy or service it proposes
	Level       Level
	Refs        string   // references to practices and documents: one per line, text or URL
	Rights      []string // topics.Rights codes
	SDGs        []string // topics.SDGs codes
	NeedIDs     []int64  // the needs it answers
	Publication Publication
	Revision    int // the current version's number, from 1
	PublishedAt *time.Time
	CreatedBy   int64
	Version     int // for optimistic locking
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// RefLines returns the references, one per non-empty line.
func (r *Recommendation) RefLines() []string { return lines(r.Refs) }

// PublishedOn is when it was first published; the zero time for a draft.
func (r *Recommendation) PublishedOn() time.Time {
	if r.PublishedAt == nil {
		return time.Time{}
	}
	return *r.PublishedAt
}

// RecVersion is one kept version of a recommendation.
type RecVersion struct {
	RecommendationID int64
	Revision         int
	Title            string
	Summary          string
	Proposal         string
	Level            Level
	Refs             string
	Rights           []string
	SDGs             []string
	CreatedBy        string
	CreatedAt        time.Time
}

// RefLines returns the version's references, one per non-empty line.
func (v *RecVersion) RefLines() []string { return lines(v.Refs) }

// AdoptionStatus is what a municipality reports of a recommendation.
type AdoptionStatus string

// The adoption statuses.
const (
	Adopted       AdoptionStatus = "adopted"
	InProgress    AdoptionStatus = "in_progress"
	NotApplicable AdoptionStatus = "not_applicable"
)

// AdoptionStatuses lists them.
var AdoptionStatuses = []AdoptionStatus{Adopted, InProgress, NotApplicable}

// Endorsement is a municipality's support of a recommendation.
type Endorsement struct {
	OrgID     string
	OrgName   string
	Note      string
	CreatedAt time.Time
}

// Adoption is a municipality's latest report of what it did with a
// recommendation.
type Adoption struct {
	OrgID     string
	OrgName   string
	Status    AdoptionStatus
	On        string // YYYY-MM-DD
	Note      string
	UpdatedAt time.Time
}

// Reach counts how far a recommendation went.
type Reach struct {
	Endorsements  int
	Adopted       int
	InProgress    int
	NotApplicable int
	// Organisations is how many organisations endorsed it or reported on
	// it, each once.
	Organisations int
}
