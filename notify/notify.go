// Package notify tells people about what they follow (a space, a need, a recommendation): in the product and by e-mail, at once or in digests.
package notify

import (
	"time"

	"birlik/store"
)

// Service is the notify store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
