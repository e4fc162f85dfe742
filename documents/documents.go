// Package documents holds the files attached to spaces, meetings, needs
// and practices: their names, types and sizes, who attached them, and
// which record they belong to. The files themselves live in a blob store.
// A document is readable by exactly those who may read its parent.
package documents

import (
	"time"

	"birlik/blobs"
	"birlik/store"
)

// Service is the documents store and its rules.
type Service struct {
	DB    *store.DB
	Blobs blobs.Store
	// Now is the clock; tests replace it. Never nil after New.
	Now func() time.Time
}

// New returns a Service on db keeping files in bs.
func New(db *store.DB, bs blobs.Store) *Service { return &Service{DB: db, Blobs: bs, Now: time.Now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
