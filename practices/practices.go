// Package practices holds the library of experiences and good practices municipalities share, and its search.
package practices

import (
	"time"

	"birlik/store"
)

// Service is the practices store and its rules.
type Service struct {
	DB *store.DB
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db.
func New(db *store.DB) *Service { return &Service{DB: db, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
