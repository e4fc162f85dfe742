// Package spaces holds the union's spaces: its thematic platforms (the
// Migration platform and the Social Services platform of the Migration and
// Social Policy Centre), the council's Migration and Social Cohesion
// Committee, and working groups inside them. A space has a name and a
// purpose in Turkish, English and French, themes and the vulnerable groups
// it serves (package topics), coordinators, and members: people, each
// representing an organisation, with a role in the space.
//
// Who may read a space is decided here (VisibleSQL), in the queries of
// every package whose records live in a space.
package spaces

import (
	"time"

	"birlik/store"
)

// Service is the spaces store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
