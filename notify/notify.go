// Package notify tells people about what they follow (a space, a need, a
// recommendation, a meeting, a practice): in the product and by e-mail,
// at once or in daily or weekly digests, with a one-click unsubscribe.
//
// Other parts call Publish when something happens; notify finds the
// followers who may see it (the target's followers and its space's, each
// checked against the space's visibility rule, never the actor), keeps a
// notification for each, and mails them on each person's schedule
// (SendDue, run every minute by `birlik serve`).
package notify

import (
	"sync"
	"time"

	"birlik/locale"
	"birlik/store"
)

// Service is the notify store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
	// Catalogue translates mails into each recipient's language. Never
	// nil after New.
	Catalogue *locale.Catalogue
	// BaseURL is where people reach Birlik ("https://birlik.example"),
	// for the links in mails. Set by the program; empty in tests of
	// storage alone.
	BaseURL string
	// Location is where digests keep their hours: a daily digest goes
	// at DigestHour local time, a weekly one on Monday at that hour.
	// Never nil after New (Europe/Istanbul).
	Location   *time.Location
	DigestHour int // 0–23; default 8

	keyMu sync.Mutex
	key   []byte // signs unsubscribe links; loaded once from settings
}

// New returns a Service on db.
func New(db *store.DB) *Service {
	loc, err := time.LoadLocation("Europe/Istanbul")
	if err != nil {
		loc = time.FixedZone("TRT", 3*60*60) // Türkiye keeps UTC+3 all year
	}
	return &Service{DB: db, Now: time.Now, Catalogue: locale.MustLoad(), Location: loc, DigestHour: 8}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Target kinds: what can be followed, and what events are about.
const (
	Space          = "space"
	Need           = "need"
	Recommendation = "recommendation"
	Meeting        = "meeting"
	Practice       = "practice"
)

// TargetKinds lists the kinds that can be followed.
var TargetKinds = []string{Space, Need, Recommendation, Meeting, Practice}

// ValidKind reports whether kind is one of TargetKinds.
func ValidKind(kind string) bool {
	for _, k := range TargetKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Digest is how often a person gets e-mail about what they follow.
type Digest string

// The digest settings.
const (
	Immediate Digest = "immediate" // one mail per run of the scheduler with what is new
	Daily     Digest = "daily"     // one mail a day at DigestHour (the default)
	Weekly    Digest = "weekly"    // one mail on Monday at DigestHour
	Off       Digest = "off"       // no e-mail; notifications stay in the product
)

// Digests lists the settings in the order the settings page offers them.
var Digests = []Digest{Immediate, Daily, Weekly, Off}

// Valid reports whether d is one of Digests.
func (d Digest) Valid() bool {
	for _, x := range Digests {
		if x == d {
			return true
		}
	}
	return false
}
