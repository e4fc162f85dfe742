// Package meetings holds the meetings of spaces: agenda, registration with
// capacity and a waiting list, accessibility needs, reminders by e-mail,
// calendar files, attendance, minutes, decisions and follow-up actions,
// and the attendance figures a space reports (by sex, role and
// municipality type, with its quorum).
//
// Every query of a meeting goes through the space it lives in and filters
// with spaces.VisibleSQL, so that a private space's meetings do not exist
// for whom the space is not for. Union staff (admins, coordinators) manage
// meetings; a focal point registers people of their own municipality;
// anyone signed in whose account is linked to a person registers
// themselves.
package meetings

import (
	"log/slog"
	"sync"
	"time"

	"birlik/locale"
	"birlik/store"
)

// Service is the meetings store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
	// Loc is where e-mails show times; nil: Europe/Istanbul.
	Loc *time.Location
	// Catalogue translates e-mails; nil: the embedded one, loaded once.
	Catalogue *locale.Catalogue
	// Log receives e-mail failures that must not undo a stored change;
	// nil: slog.Default().
	Log *slog.Logger

	once sync.Once
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) init() {
	s.once.Do(func() {
		if s.Catalogue == nil {
			s.Catalogue = locale.MustLoad()
		}
		if s.Loc == nil {
			if l, err := time.LoadLocation("Europe/Istanbul"); err == nil {
				s.Loc = l
			} else {
				s.Loc = time.UTC
			}
		}
		if s.Log == nil {
			s.Log = slog.Default()
		}
	})
}

// Format is how people take part in a meeting.
type Format string

// The formats.
const (
	InPerson Format = "in_person"
	Online   Format = "online"
	Hybrid   Format = "hybrid"
)

// Formats lists the formats in the order forms offer them.
var Formats = []Format{InPerson, Online, Hybrid}

// Key returns the catalogue key of the format's name.
func (f Format) Key() string { return "meetings.format." + string(f) }

// Valid reports whether f is one of Formats.
func (f Format) Valid() bool { return f == InPerson || f == Online || f == Hybrid }

// HasPlace reports whether people meet somewhere in person.
func (f Format) HasPlace() bool { return f == InPerson || f == Hybrid }

// HasLink reports whether people join through a link.
func (f Format) HasLink() bool { return f == Online || f == Hybrid }

// AgendaItem is one point of a meeting's agenda.
type AgendaItem struct {
	Title     string
	Presenter string
	Duration  int // minutes; 0: not said
}

// Meeting is a meeting of a space.
type Meeting struct {
	ID        int64
	SpaceID   int64
	SpaceSlug string // read only
	Title     string
	// Description is plain text; pages keep its line breaks.
	Description string
	Format      Format
	Place       string // venue, for in-person and hybrid meetings
	Address     string
	// OnlineURL is the link to join; reading a meeting blanks it (and sets
	// LinkHidden) for whoever is neither registered nor union staff.
	OnlineURL        string
	LinkHidden       bool
	StartsAt, EndsAt time.Time // UTC
	Capacity         int       // places; 0: no limit
	RegistrationOpen bool
	Minutes          string
	Agenda           []AgendaItem // in order; filled by Meeting, not by lists
	Registered       int          // live registrations holding a place (read only)
	Waiting          int          // on the waiting list (read only)
	Version          int
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Full reports whether every place is taken: a new registration waits.
func (m *Meeting) Full() bool { return m.Capacity > 0 && m.Registered >= m.Capacity }

// PlacesLeft returns the free places, or -1 when there is no limit.
func (m *Meeting) PlacesLeft() int {
	if m.Capacity == 0 {
		return -1
	}
	return max(0, m.Capacity-m.Registered)
}

// Over reports whether the meeting has ended at now.
func (m *Meeting) Over(now time.Time) bool { return !m.EndsAt.After(now) }

// Started reports whether the meeting has begun at now: registration is
// over.
func (m *Meeting) Started(now time.Time) bool { return !m.StartsAt.After(now) }

// CanRegister reports whether registration takes people at now.
func (m *Meeting) CanRegister(now time.Time) bool { return m.RegistrationOpen && !m.Started(now) }

// Status is where a registration stands.
type Status string

// The statuses of a registration.
const (
	Registered Status = "registered" // holds a place
	Waiting    Status = "waiting"    // on the waiting list, in order of registering
	Cancelled  Status = "cancelled"
)

// Key returns the catalogue key of the status's name.
func (s Status) Key() string { return "meetings.status." + string(s) }

// Needs are the accessibility needs asked at registration.
type Needs struct {
	SignLanguage bool
	Childcare    bool
	StepFree     bool   // step-free access
	Other        string // free text
}

// Any reports whether any need is stated.
func (n Needs) Any() bool { return n.SignLanguage || n.Childcare || n.StepFree || n.Other != "" }

// Registration is a person's registration for a meeting.
type Registration struct {
	ID         int64
	MeetingID  int64
	PersonID   int64
	PersonName string // read only
	OrgID      string // the organisation they come for
	OrgName    string // read only
	Status     Status
	// Position is the place on the waiting list, from 1; 0 unless waiting.
	Position   int
	Needs      Needs
	PromotedAt time.Time // zero unless moved up from the waiting list
	CreatedAt  time.Time
}

// Promoted is a registration moved from the waiting list to a place, to
// be told by e-mail (TellPromoted).
type Promoted struct {
	RegistrationID, MeetingID, PersonID int64
}

// ActionStatus is where a follow-up action stands.
type ActionStatus string

// The statuses of an action.
const (
	ActionOpen       ActionStatus = "open"
	ActionInProgress ActionStatus = "in_progress"
	ActionDone       ActionStatus = "done"
	ActionDropped    ActionStatus = "dropped"
)

// ActionStatuses lists the statuses in their natural order.
var ActionStatuses = []ActionStatus{ActionOpen, ActionInProgress, ActionDone, ActionDropped}

// Key returns the catalogue key of the status's name.
func (s ActionStatus) Key() string { return "meetings.action_status." + string(s) }

// Valid reports whether s is one of ActionStatuses.
func (s ActionStatus) Valid() bool {
	for _, x := range ActionStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Closed reports whether the action needs no more follow-up.
func (s ActionStatus) Closed() bool { return s == ActionDone || s == ActionDropped }

// Decision is a numbered decision of a meeting.
type Decision struct {
	ID        int64
	MeetingID int64
	Number    int // from 1 within the meeting
	Text      string
	CreatedAt time.Time
}

// Action is a follow-up action decided at a meeting.
type Action struct {
	ID             int64
	MeetingID      int64
	MeetingTitle   string    // read only
	MeetingStarts  time.Time // read only
	SpaceID        int64     // the meeting's; set on save
	DecisionID     int64     // 0: not tied to a decision
	DecisionNumber int       // read only; 0 when none
	Title          string
	OwnerID        int64  // a person; 0: nobody yet
	OwnerName      string // read only
	DueOn          string // YYYY-MM-DD, or ""
	Status         ActionStatus
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Overdue reports whether the action is still to do after its due date
// (dates compared in UTC as YYYY-MM-DD).
func (a *Action) Overdue(now time.Time) bool {
	return !a.Status.Closed() && a.DueOn != "" && a.DueOn < now.UTC().Format(time.DateOnly)
}

// Person is someone who may be registered or own an action, as forms
// list them.
type Person struct {
	ID      int64
	Name    string
	OrgID   string
	OrgName string
}
