// Package needs holds the needs and requests member municipalities raise in spaces, and the solution recommendations the union answers them with.
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
