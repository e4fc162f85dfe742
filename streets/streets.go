// Package streets holds the Reclaiming Streets programme: its yearly
// cycles (the call, the municipalities that apply and are selected, the
// training their teams follow), the street sites each municipality
// transforms (with the geometry of the space reclaimed and its area,
// computed on the ellipsoid), their phases and photos, the programme's
// targets and the dashboard that follows progress towards them.
//
// Every figure the dashboard shows is computed from stored sites and, for
// children reached, from the public-life counts of package publiclife.
// Sites are public once published; a municipality's focal point edits
// only their municipality's sites (enforced in the queries), union staff
// any.
package streets

import (
	"sync"
	"time"

	"github.com/paulmach/orb"

	"birlik/geo"
	"birlik/publiclife"
	"birlik/store"
)

// Service is the programme's store and rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
	// Life gives the dashboard its children reached and surveys, from the
	// public-life counts' rollup; New sets one on the same DB. nil: those
	// figures are 0.
	Life *publiclife.Service

	mu      sync.Mutex             // guards regions
	regions map[string]*geo.Region // by province id; "" is the whole region
}

// New returns a Service on db, reading the public-life counts of db.
func New(db *store.DB) *Service {
	return &Service{DB: db, Now: time.Now, Life: publiclife.New(db)}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Cycle is one yearly round of the programme.
type Cycle struct {
	ID         int64
	Year       int    // unique; 2022 is the first
	Name       string // e.g. "Reclaiming Streets 2025"
	Partners   string // one partner per line (Superpool, GDCI, …)
	Call       string // the call for applications, as published
	CallOpens  string // date, YYYY-MM-DD; "" unknown
	CallCloses string // date, YYYY-MM-DD; "" unknown
	Training   string // the training programme every selected team follows
	Notes      string
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time

	// Figures computed from records when read.
	Applicants int      // municipalities that applied
	Selected   int      // municipalities selected
	Cities     []string // province ids of the selected municipalities, sorted
	Sites      int      // the sites the reader may read
	AreaM2     float64  // reclaimed by its transformed sites (of those)
}

// ParticipantStatus is where a municipality's application to a cycle
// stands.
type ParticipantStatus string

// Participant statuses.
const (
	Applied   ParticipantStatus = "applied"
	Selected  ParticipantStatus = "selected"
	Declined  ParticipantStatus = "declined"
	Withdrawn ParticipantStatus = "withdrawn"
)

// Participant is a municipality's application to a cycle and, once
// selected, its team and training.
type Participant struct {
	CycleID      int64
	OrgID        string
	OrgName      string
	ProvinceID   string
	ProvinceName string
	Status       ParticipantStatus
	AppliedOn    string // YYYY-MM-DD
	DecidedOn    string // YYYY-MM-DD; "" while applied
	Team         string // the team's members and units, one per line
	Training     TrainingStatus
	Notes        string
	Version      int
}

// TrainingStatus is how far a selected team is through the cycle's
// training.
type TrainingStatus string

// Training statuses.
const (
	TrainingNotStarted TrainingStatus = "not_started"
	TrainingOngoing    TrainingStatus = "ongoing"
	TrainingCompleted  TrainingStatus = "completed"
)

// Intervention is the kind of transformation a site receives.
type Intervention string

// Interventions.
const (
	PlayStreet        Intervention = "play_street"
	SchoolStreet      Intervention = "school_street"
	Pedestrianisation Intervention = "pedestrianisation"
	Plaza             Intervention = "plaza"
	TrafficCalming    Intervention = "traffic_calming"
	Parklet           Intervention = "parklet"
	Superblock        Intervention = "superblock"
	OtherIntervention Intervention = "other"
)

// Interventions lists the interventions in the order forms offer them.
var Interventions = []Intervention{PlayStreet, SchoolStreet, Pedestrianisation, Plaza, TrafficCalming, Parklet, Superblock, OtherIntervention}

// Phase is where a site stands. Phases follow one another in this order;
// a site counts as transformed from Tactical on.
type Phase string

// Phases.
const (
	Baseline  Phase = "baseline"
	Design    Phase = "design"
	Tactical  Phase = "tactical"
	Permanent Phase = "permanent"
	Evaluated Phase = "evaluated"
)

// Phases lists the phases in order.
var Phases = []Phase{Baseline, Design, Tactical, Permanent, Evaluated}

// Transformed reports whether a site in phase p has had its street
// transformed (a tactical intervention at least): only those count in
// the programme's streets and m².
func (p Phase) Transformed() bool { return p == Tactical || p == Permanent || p == Evaluated }

// Site is one street (or plaza) a municipality transforms.
type Site struct {
	ID           int64
	CycleID      int64
	CycleYear    int
	OrgID        string
	OrgName      string
	ProvinceID   string
	ProvinceName string
	Name         string
	Description  string
	Intervention Intervention
	Phase        Phase
	// PhaseDates holds the day each phase began (YYYY-MM-DD), for the
	// phases reached so far.
	PhaseDates map[Phase]string
	// Geometry is the space reclaimed; AreaM2 is computed from it on the
	// WGS84 ellipsoid when it is saved, never typed in.
	Geometry  orb.MultiPolygon
	AreaM2    float64
	Centroid  orb.Point
	Published bool // shown on the public map and pages
	Version   int
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// SiteInput is what a form or an upload gives to save a site. Geometry
// is the raw GeoJSON or KML document, parsed and validated by the
// service; nil keeps the stored geometry.
type SiteInput struct {
	ID           int64 // 0 for a new site
	Version      int   // the version edited; checked against the stored one
	CycleID      int64
	OrgID        string
	Name         string
	Description  string
	Intervention Intervention
	Phase        Phase
	PhaseDates   map[Phase]string
	Geometry     []byte
	Published    bool
}

// SiteFilter narrows the list of sites.
type SiteFilter struct {
	CycleID    int64
	ProvinceID string
	OrgID      string
	Phase      Phase
	Query      string
	Page       int // from 1
	PerPage    int // default 50
}

// SitePage is one page of sites.
type SitePage struct {
	Sites []Site // without geometry
	Total int
}

// PhotoStage says whether a photo shows the street before or after.
type PhotoStage string

// Photo stages.
const (
	Before PhotoStage = "before"
	After  PhotoStage = "after"
)

// Photo is a picture of a site, a document of package documents.
type Photo struct {
	SiteID     int64
	DocumentID int64
	Stage      PhotoStage
	Alt        string // what the photo shows, for people who cannot see it; required
	Position   int
}

// Measure is what a target counts.
type Measure string

// Measures.
const (
	MeasureStreets        Measure = "streets"        // transformed sites
	MeasureArea           Measure = "area_m2"        // m² reclaimed by transformed sites
	MeasureMunicipalities Measure = "municipalities" // municipalities selected in a cycle
	MeasureChildren       Measure = "children"       // children reached (see publiclife.Reach)
)

// Measures lists the measures.
var Measures = []Measure{MeasureStreets, MeasureArea, MeasureMunicipalities, MeasureChildren}

// Target is one of the programme's goals: a value of a measure to reach
// by a deadline, from a baseline at a date.
type Target struct {
	ID           int64
	Measure      Measure
	Value        float64
	Baseline     float64
	BaselineDate string // YYYY-MM-DD
	Deadline     string // YYYY-MM-DD
	Notes        string
	Version      int
}

// Figures are the programme's counts over a set of sites.
type Figures struct {
	Sites          int     // all sites
	Streets        int     // transformed sites
	AreaM2         float64 // reclaimed by transformed sites
	Municipalities int     // distinct municipalities with a site or selected in a cycle
	Cities         int     // distinct provinces of those municipalities
	Children       int     // children reached, from the after-intervention counts
	Surveys        int     // public-life surveys recorded
}

// Row is the figures of one cycle, city or municipality.
type Row struct {
	Key     string // cycle id, province id or organisation id
	Label   string // cycle year, province name or municipality name
	Figures Figures
}

// Progress is a target with where the programme stands and where it is
// heading.
type Progress struct {
	Target    Target
	Current   float64
	Share     float64 // Current / Value, 0..; may exceed 1
	PerYear   float64 // pace since the baseline date
	Projected float64 // at the deadline, at that pace
	OnTrack   bool    // Projected ≥ Value
}

// DashboardFilter narrows the dashboard to a cycle or a city.
type DashboardFilter struct {
	CycleID    int64
	ProvinceID string
}

// Dashboard is the programme's figures: totals, per cycle, per city and
// per municipality, and the targets' progress.
type Dashboard struct {
	Totals         Figures
	ByCycle        []Row
	ByCity         []Row
	ByMunicipality []Row
	Targets        []Progress
}

// MapSite is a site as the overview map draws it: its simplified
// outline and what its marker says.
type MapSite struct {
	ID           int64
	Name         string
	OrgName      string
	ProvinceID   string
	CycleYear    int
	Phase        Phase
	Intervention Intervention
	AreaM2       float64
	Centroid     orb.Point
	Overview     []byte // GeoJSON geometry, simplified and rounded
}
